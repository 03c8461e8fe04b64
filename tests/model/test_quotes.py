"""Every passage the embedded Carana plan quotes is in the seed documents, word for word.

A quote is text in double quotes, of at least 12 characters, in an item's
``source`` or ``notes``; ``...`` marks what it leaves out (each part must be
in a seed) and ``[sic]`` a seed's own slip kept as it is. Typographic quotes
and dashes count as their plain forms, line breaks as spaces, and the first
letter may change case (a quote that starts mid-sentence). Skipped
without ``../shared/seeds``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from impp.io import load_plan
from impp.scenarios import carana_path

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def _norm(text: str) -> str:
    text = text.replace("**", "").replace("[sic]", "")
    for fancy, plain in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("–", "-"),
                         ("—", "-")):
        text = text.replace(fancy, plain)
    return re.sub(r"\s+", " ", text).strip()


def quotes(text: str) -> list[str]:
    """The quoted parts of ``text``, split where the quote leaves words out."""
    parts = []
    for quote in re.findall(r'"([^"]{12,})"', text):
        parts += [p.strip(" .,;:") for p in re.split(r"\.\.\.|…", quote)]
    return [p for p in parts if len(p) >= 8]


def test_quotes_are_found_and_split() -> None:
    assert quotes('Directive ("road movement can become ... carried out by air"), x') == [
        "road movement can become", "carried out by air"]
    assert quotes('short "quote"') == []


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are in ../shared/seeds")
def test_every_quote_of_the_carana_plan_is_in_a_seed() -> None:
    seeds = _norm(" ".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))))
    plan = load_plan(carana_path())
    checked, missing = 0, []
    for _, item in plan.items():
        for text in (item.source, item.notes):
            for part in quotes(text or ""):
                checked += 1
                quoted = _norm(part)
                # a quote may begin mid-sentence: its first letter's case may differ
                if quoted not in seeds and quoted[0].swapcase() + quoted[1:] not in seeds:
                    missing.append(f"{item.id}: {part!r}")
    assert checked >= 30  # the check reads what it should
    assert missing == []


def single_quotes(text: str) -> list[str]:
    """Passages in single quotes: an opening quote after a bracket, a space or the
    start, a closing one before a bracket, a stop or the end (so that an
    apostrophe inside, as in "SG's", does not end the quote)."""
    parts = []
    for quote in re.findall(r"(?:^|[\s(])'(.{12,}?)'(?=[).,;:]|\s*$)", text):
        parts += [p.strip(" .,;:") for p in re.split(r"\.\.\.|…", quote)]
    return [p for p in parts if len(p) >= 8]


def test_single_quotes_are_found_across_apostrophes() -> None:
    assert single_quotes("§1.2.1 (the directive is 'based on the SG's Strategic Planning "
                         "Directive')") == ["based on the SG's Strategic Planning Directive"]


def _missing(texts: list[tuple[str, str]], seeds: str) -> tuple[int, list[str]]:
    checked, missing = 0, []
    for where, text in texts:
        for part in [*quotes(text), *single_quotes(text)]:
            checked += 1
            quoted = _norm(part)
            if quoted not in seeds and quoted[0].swapcase() + quoted[1:] not in seeds:
                missing.append(f"{where}: {part!r}")
    return checked, missing


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are in ../shared/seeds")
def test_every_quote_of_the_process_and_the_findings_is_in_a_seed() -> None:
    from importlib import resources

    from impp.plan_analysis import analyse

    seeds = _norm(" ".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))))
    import yaml

    def strings(node: object) -> list[str]:
        if isinstance(node, str):
            return [node]
        if isinstance(node, dict):
            return [s for v in node.values() for s in strings(v)]
        if isinstance(node, list):
            return [s for v in node for s in strings(v)]
        return []

    catalogue = yaml.safe_load(
        resources.files("impp.process").joinpath("impp.yaml").read_text("utf-8"))
    texts = [("impp.yaml", text) for text in strings(catalogue)]
    for f in analyse(load_plan(carana_path())).findings:
        texts += [(f.code, f.source or ""), (f.code, f.message)]
    checked, missing = _missing(texts, seeds)
    assert checked >= 30
    assert missing == []
