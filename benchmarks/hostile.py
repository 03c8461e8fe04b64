"""A corpus of hostile plan files, and a run of it through `impp validate` and `impp plan`.

Each file is made from a seed (the same seed, the same corpus): Carana with a field
replaced by a hostile value (huge or tiny numbers, NaN, infinity, a 5,000-digit integer,
wrong types, unicode, long text, YAML tags), YAML constructs (tags, anchors and alias
bombs, deep nesting, merge keys, many keys, many documents, control characters), and
plans of the wrong shape. The test suite runs a bounded sample
(tests/trust/test_hostile.py); this benchmark runs the whole corpus and prints, for
each command, the files, the exit codes, the tracebacks (none) and the slowest refusal.

    python benchmarks/hostile.py [--files 10000] [--plan 300] [--seed 0]
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import json
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

HOSTILE_VALUES: list[Any] = [
    10**5000, -(10**5000), 2**63, 2**31, -(2**63), 1.0e308, -1.0e308, 1.0e-308, 0, -1, -0.5,
    float("nan"), float("inf"), float("-inf"), "", " ", "x" * 100_000, "\u202e\u0000abc",
    "名前", "😀" * 100, [], {}, [[[[]]]], {"a": {"b": {"c": None}}}, None, True, False,
    "2026-02-30", "9999-12-31", "0001-01-01", "1e400", "NaN", "inf", "-0", "0x10",
    "null", "~", "!!python/object:os.system", [1, 2, 3], {"min": 5, "max": 1},
    {"min": -1, "likely": 0, "max": 1}, {"p10": 10, "p90": 1}, "a.start", "a" * 200,
]
TAGS = ["!!python/name:os.system", "!!python/object/apply:os.system ['true']",
        "!custom", "!!binary", "!!timestamp", "!!set", "!!omap", "!!float", "!!int",
        "!<tag:yaml.org,2002:python/tuple>", "!!str", "!!merge", "!maybe"]


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield (*prefix, k)
            yield from _paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield (*prefix, i)
            yield from _paths(v, (*prefix, i))


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> None:
    for p in path[:-1]:
        doc = doc[p]
    doc[path[-1]] = value


def _dump(doc: Any) -> str:
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def big_int(dumper: Any, value: int) -> Any:
        return dumper.represent_scalar("tag:yaml.org,2002:int", str(value))

    Dumper.add_representer(int, big_int)
    return yaml.dump(doc, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100)


def carana_document() -> dict[str, Any]:
    """The embedded Carana plan as one document."""
    from impp.io import load_plan
    from impp.scenarios import carana_path

    return load_plan(carana_path()).to_document()


def _constructs(rng: random.Random, scale: float = 1.0) -> str:
    """A file of YAML constructs a plan file should never be (``scale`` shrinks the big
    ones: the test suite's sample runs them smaller)."""
    def size(lo: int, hi: int) -> int:
        return max(2, int(rng.randint(lo, hi) * scale))

    kind = rng.randrange(12)
    if kind == 0:  # an alias bomb
        n = rng.randint(5, 12)
        lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        lines += [f"a{i}: &a{i} [{', '.join(f'*a{i - 1}' for _ in range(10))}]"
                  for i in range(1, n)]
        return "\n".join(lines) + "\nmission: {id: m, name: M}\n"
    if kind == 1:  # many anchors
        return "mission: {id: m, name: M}\nevents:\n" + "".join(
            f"  - &e{i} {{id: e{i}, name: E}}\n" for i in range(size(1000, 30000)))
    if kind == 2:  # deep nesting
        depth = size(100, 5000)
        return "mission: " + "[" * depth + "]" * depth + "\n"
    if kind == 3:  # many keys
        return "mission: {id: m, name: M}\nprofile:\n" + "".join(
            f"  k{i}: {i}\n" for i in range(size(1000, 50000)))
    if kind == 4:  # a tag on a value
        tag = rng.choice(TAGS)
        where = rng.choice(["mission: {id: m, name: %s x}", "mission: {id: m, name: M}\n"
                            "tasks:\n  - {id: t, name: T, duration: %s 3}",
                            "%s\nmission: {id: m, name: M}", "mission: %s {id: m, name: M}"])
        return where % tag + "\n"
    if kind == 5:  # merge keys and duplicate keys
        return ("base: &b {id: m, name: M}\nmission:\n  <<: *b\n  <<: *b\n  id: m\n  id: n\n")
    if kind == 6:  # many documents
        return "\n---\n".join("mission: {id: m, name: M}" for _ in range(rng.randint(2, 50)))
    if kind == 7:  # control characters and odd bytes
        return "mission: {id: m, name: \"" + "".join(
            chr(rng.randint(0, 31)) for _ in range(20)) + "\"}\n"
    if kind == 8:  # thousands of errors
        return "mission: {id: m, name: M}\ntasks:\n" + "".join(
            f"  - {{id: t{i}, name: T, duration: -1, after: [nope{i}]}}\n"
            for i in range(size(1000, 20000)))
    if kind == 9:  # a huge integer in a key or as an id
        return f"mission: {{id: m, name: M}}\n{'9' * 5000}: x\n"
    if kind == 10:  # wrong shapes
        return rng.choice(["[]\n", "42\n", "mission: [a, b]\n", "mission: {id: m}\n",
                           "mission: {id: m, name: M}\ntasks: {a: 1}\n", "- - -\n",
                           "mission: {id: m, name: M}\ntasks: [1, 2, 3]\n"])
    return "mission: {id: m, name: M}\nevents:\n" + "".join(  # long names and unicode
        f"  - {{id: e{i}, name: \"{'∞' * rng.randint(1, 3000)}\"}}\n"
        for i in range(rng.randint(1, 50)))


def corpus(files: int, seed: int = 0, scale: float = 1.0) -> Iterator[tuple[str, str]]:
    """``files`` hostile plan files as (name, text), the same for the same seed."""
    rng = random.Random(seed)
    base = carana_document()
    paths = list(_paths(base))
    for n in range(files):
        if n % 4 == 3:
            yield f"construct-{n}", _constructs(rng, scale)
            continue
        doc = copy.deepcopy(base)
        for _ in range(rng.randint(1, 3)):
            path = rng.choice(paths)
            with contextlib.suppress(KeyError, IndexError, TypeError):
                _set(doc, path, copy.deepcopy(rng.choice(HOSTILE_VALUES)))
        try:
            text = _dump(doc)
        except Exception:  # a value YAML cannot write: write another
            text = _dump(base)
        if rng.random() < 0.2:  # a tag on a random value
            lines = text.splitlines()
            i = rng.randrange(len(lines))
            if ": " in lines[i]:
                key, _, value = lines[i].partition(": ")
                lines[i] = f"{key}: {rng.choice(TAGS)} {value}"
            text = "\n".join(lines) + "\n"
        yield f"carana-{n}", text


def run_one(text: str, name: str, analyse: bool) -> tuple[int, float, str | None]:
    """Exit code, seconds and the traceback (if any) of validating (and analysing) one file."""
    import traceback

    from impp.exceptions import ImppError
    from impp.io import load_plan_text
    from impp.plan_analysis import Parameters
    from impp.plan_analysis import analyse as run_analysis

    t = time.perf_counter()
    code = 0
    try:
        plan = load_plan_text(text, f"{name}.yaml")
        if analyse:
            a = run_analysis(plan, Parameters(risk_samples=64, deploy_risk_samples=0,
                                              what_if=False, deploy_time_limit=2.0),
                             cache=False)
            code = 1 if a.counts["error"] else 0
    except ImppError:
        code = 2
    except Exception:
        return -1, time.perf_counter() - t, traceback.format_exc()
    return code, time.perf_counter() - t, None


def main() -> None:
    """Run the corpus and print what every file got."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--plan", type=int, default=300,
                        help="how many of the files that validate are also analysed")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    os.environ.setdefault("IMPP_SOLVER_PROCESS", "0")
    print(f"load average: {os.getloadavg()}", flush=True)
    codes: dict[str, Counter[int]] = {"validate": Counter(), "plan": Counter()}
    slowest: dict[str, tuple[float, str]] = {"validate": (0.0, ""), "plan": (0.0, "")}
    failures: list[tuple[str, str]] = []
    analysed = 0
    for name, text in corpus(args.files, args.seed):
        code, seconds, tb = run_one(text, name, False)
        codes["validate"][code] += 1
        if code == 2 and seconds > slowest["validate"][0]:
            slowest["validate"] = (seconds, name)
        if tb:
            failures.append((name, tb))
        if code == 0 and analysed < args.plan:
            analysed += 1
            code, seconds, tb = run_one(text, name, True)
            codes["plan"][code] += 1
            if seconds > slowest["plan"][0]:
                slowest["plan"] = (seconds, name)
            if tb:
                failures.append((name, tb))
    for command, counted in codes.items():
        total = sum(counted.values())
        print(f"{command}: {total} files; exit 0: {counted[0]}, 1: {counted[1]}, "
              f"2: {counted[2]}; tracebacks: {counted[-1]}; slowest "
              f"{'refusal' if command == 'validate' else 'analysis'}: "
              f"{slowest[command][0]:.2f} s ({slowest[command][1]})")
    for name, tb in failures[:10]:
        print(f"--- {name}\n{tb}", file=sys.stderr)
    print(json.dumps({"tracebacks": len(failures)}))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
