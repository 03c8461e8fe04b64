"""The process catalogue against the seed it cites: every key output, step, timeframe and
decision of ``impp.yaml`` is in the IMPP guidelines, in the level and section it names.

Skipped without ``../shared/seeds`` (a fresh clone has no seeds).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from impp.process.catalogue import load_process

GUIDELINES = (Path(__file__).resolve().parents[3] / "shared" / "seeds"
              / "impp-guidelines-2006.txt")
pytestmark = pytest.mark.skipif(not GUIDELINES.is_file(),
                                reason="the IMPP guidelines are in ../shared/seeds")
WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "2": 2, "3": 3, "4": 4, "6": 6}


def norm(text: str) -> str:
    """Lower case, one space, hyphens and curly quotes as the catalogue writes them."""
    text = text.replace("’", "'").replace("*", "")
    text = re.sub(r"\s*-\s*", " ", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def level_text(level_id: str) -> str:
    text = GUIDELINES.read_text(encoding="utf-8")
    start = text.index(f"Level {level_id}:")
    nxt = re.search(r"^(Level \d\.\d:|D\. Support)", text[start + 10:], flags=re.MULTILINE)
    assert nxt is not None
    return text[start:start + 10 + nxt.start()]


def section_text(level: str, section: str) -> str:
    text = level_text(level)
    start = text.index(f"\n{section} ")
    nxt = re.search(r"^\d\.\d\.\d |^Decision Point", text[start + 1 + len(section):],
                    flags=re.MULTILINE)
    end = start + 1 + len(section) + nxt.start() if nxt else len(text)
    return text[start:end]


def test_each_key_output_is_in_its_levels_key_outputs_and_section() -> None:
    checked = 0
    for level in load_process().levels:
        text = level_text(level.id)
        block = norm(text[text.index("Key Outputs:"):text.index("Phase:")])
        for o in level.outputs:
            assert f"\n{o.section} " in text, (o.id, o.section)
            name = norm(o.name)
            if o.key:
                bare = norm(re.sub(r"\s*\(.*\)$", "", o.name))
                assert name in block or bare in block, (level.id, o.id, o.name)
            else:
                assert name not in block, f"{o.id} is a key output: drop key: false"
                step = norm(re.sub(r"\s*\(.*\)$", "", o.name))
                assert step in norm(section_text(level.id, o.section)), (o.id, o.section)
            checked += 1
    assert checked >= 18


def test_each_timeframe_is_the_levels_own_words_and_days() -> None:
    for level in load_process().levels:
        text = level_text(level.id)
        found = re.search(r"^(Timeframe|Timing): (.*)$", text, flags=re.MULTILINE)
        tf = level.timeframe
        if found is None:
            assert tf.min_days is None and tf.desirable_days is None
            assert "not stated" in tf.text
            continue
        line = norm(found.group(2))
        assert norm(tf.text).rstrip(".") in line, (level.id, tf.text)
        low = re.search(r"minimum(?: period of)? (\w+) weeks", line)
        high = re.search(r"desirable (\w+) weeks", line)
        assert tf.min_days == (7 * WORDS[low.group(1)] if low else None), level.id
        assert tf.desirable_days == (7 * WORDS[high.group(1)] if high else None), level.id


def test_each_decision_is_the_guidelines_decision_point() -> None:
    process = load_process()
    whole = norm(GUIDELINES.read_text(encoding="utf-8"))
    entry = norm(process.entry_decision.text).rstrip(".")
    assert entry in norm(GUIDELINES.read_text(encoding="utf-8").split("C. The Planning")[1])
    for level in process.levels:
        points = norm(level_text(level.id).split("Decision Point", 1)[-1])
        for d in level.decisions:
            if not d.guideline_decision:
                continue
            assert norm(d.text).rstrip(".") in points or norm(d.text) in whole, (level.id,
                                                                                 d.id)
        # a decision waits only for key outputs
        keys = {o.id for o in level.outputs if o.key}
        assert set(level.decision.required_outputs) <= keys, level.id


def test_the_catalogue_names_its_seed_by_its_title() -> None:
    title = norm(" ".join(GUIDELINES.read_text(encoding="utf-8").splitlines()[:8]))
    assert norm(load_process().source_document.split(",")[0]) in title
    assert "endorsed by the secretary general on 13 june 2006" in norm(
        load_process().source_document)
