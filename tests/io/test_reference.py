"""The README's plan-file reference is the one generated from the model."""

from __future__ import annotations

from pathlib import Path

from impp.io.reference import BEGIN, END, reference_markdown

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_reference_matches_the_model() -> None:
    text = README.read_text(encoding="utf-8")
    block = text[text.index(BEGIN): text.index(END) + len(END)]
    assert block == reference_markdown(), "README reference is stale: run `make docs`"


def test_reference_documents_every_section() -> None:
    from impp.model.plan import SECTIONS, SINGLE_SECTIONS

    md = reference_markdown()
    for name in [*SECTIONS, *SINGLE_SECTIONS]:
        assert f"#### `{name}`" in md
