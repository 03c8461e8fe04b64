"""The Word and PDF documents of the Carana package, read back."""

from __future__ import annotations

import re

import pytest

from impp.model import Plan
from impp.report.package import Package, build_package
from tests.report.readers import docx_headers_footers, docx_sections, pdf_pages

ANNEX_B = [
    "Situation",
    "Strategic Objectives",
    "Assumptions",
    "Constraints",
    "Responsibilities",
    "Timing and sequencing of planning activities and decision points",
    "Links to other UN activities",
]


def file(package: Package, name: str) -> bytes:
    return next(f.data for f in package.files if f.name == name)


def test_directive_follows_annex_b_in_order(carana_package: Package) -> None:
    headings = list(docx_sections(file(carana_package, "planning-directive.docx")))[1:]
    assert headings == ANNEX_B


def test_plan_facts_land_in_their_annex_b_section(
    carana_package: Package, carana_plan: Plan
) -> None:
    sections = docx_sections(file(carana_package, "planning-directive.docx"))
    criterion = carana_plan.get("tam_within_14").name  # a criterion read as it stands
    assumption = carana_plan.get("personnel_forthcoming")
    assert criterion in sections["Strategic Objectives"]
    assert criterion not in sections["Assumptions"]
    assert assumption.name in sections["Assumptions"]
    assert assumption.text in sections["Assumptions"]  # type: ignore[attr-defined]
    assert "CRC (regional organization)" in sections["Situation"]
    assert "Infrastructure and the rainy season" in sections["Constraints"]
    assert "Delay lets disaffected groups undermine the process" in sections["Constraints"]
    # The planning team: the task force's members and the ITF's deadlines.
    responsibilities = sections["Responsibilities"]
    assert "Of the planning team" in responsibilities
    assert "DPKO Office of Military Affairs" in responsibilities
    assert "Final draft within 28 days of the TAM's return" in responsibilities
    timing = sections["Timing and sequencing of planning activities and decision points"]
    assert "Technical assessment mission in Carana" in timing
    assert "Secretary-General submits the report" in timing and "next decision point" in timing


def test_every_criterion_cites_its_source(carana_package: Package, carana_plan: Plan) -> None:
    text = docx_sections(file(carana_package, "planning-directive.docx"))["Strategic Objectives"]
    for c in carana_plan.criteria:
        assert c.name in text
        assert c.source is not None and c.source.split(";")[0].split(".")[0] in text


@pytest.mark.parametrize(
    "name", ["planning-directive.docx", "strategic-assessment.docx", "mission-plan.docx"]
)
def test_every_docx_carries_its_marking_in_header_and_footer(
    carana_package: Package, name: str
) -> None:
    f = next(f for f in carana_package.files if f.name == name)
    marks = docx_headers_footers(f.data)
    assert marks and all(m.strip() == f.marking.label for m in marks)


def test_assessment_and_mission_plan_list_what_is_missing(carana_package: Package) -> None:
    assessment = docx_sections(file(carana_package, "strategic-assessment.docx"))
    lacks = assessment["What the assessment still lacks"]
    assert "Still missing" in lacks and "JAM/PCNA" in lacks
    assert "Troops and police forthcoming" in assessment["Key planning assumptions"]
    mplan = docx_sections(file(carana_package, "mission-plan.docx"))
    lacks = mplan["What the mission plan still lacks"]
    assert "Still missing" in lacks and "CHAP/CAP" in lacks
    assert "Mission Concept" in mplan["Activities, milestones and timeline"]


def test_pdf_pages_are_numbered_and_marked_top_and_bottom(carana_package: Package) -> None:
    f = next(f for f in carana_package.files if f.name == "planning-directive.pdf")
    pages = pdf_pages(f.data)
    assert len(pages) >= 3
    for i, text in enumerate(pages, start=1):
        lines = [ln for ln in text.splitlines() if ln.strip()]
        assert lines[0] == f.marking.label, f"page {i} has no marking at the top"
        assert f.marking.label in lines[-2:], f"page {i} has no marking at the bottom"
        assert f"page {i}/{len(pages)}" in text


def test_pdf_says_what_the_docx_says(carana_package: Package, carana_plan: Plan) -> None:
    text = re.sub(r"\s+", " ", " ".join(pdf_pages(file(carana_package, "planning-directive.pdf"))))
    for heading in ANNEX_B:
        assert heading in text
    assert carana_plan.get("personnel_forthcoming").name in text
    assert "Operation Intrepide" in text


def test_the_same_plan_gives_the_same_bytes(
    carana_plan: Plan, carana_summary: dict[str, object], carana_package: Package
) -> None:
    again = build_package(carana_plan, carana_summary)
    for first, second in zip(carana_package.files, again.files, strict=True):
        assert first.data == second.data, f"{first.name} differs between two renderings"
    pdf = file(again, "planning-directive.pdf")
    assert pdf_pages(pdf) == pdf_pages(file(carana_package, "planning-directive.pdf"))


def test_a_worker_lays_out_the_same_pdfs(
    carana_plan: Plan, carana_summary: dict[str, object], carana_package: Package
) -> None:
    # `impp report` hands the PDFs to a worker process: the same files, in the
    # same order, byte for byte, as laid out in this process
    from impp.report.package import worker_pool

    with worker_pool() as pool:
        shared = build_package(carana_plan, carana_summary, pool=pool)
    assert [f.name for f in shared.files] == [f.name for f in carana_package.files]
    assert sum(f.name.endswith(".pdf") for f in shared.files) == 2
    for first, second in zip(carana_package.files, shared.files, strict=True):
        assert first.data == second.data, f"{first.name} differs when a worker lays it out"


def test_missing_parts_follow_the_plan(secret_packages: dict[str, Package]) -> None:
    # The small plan has no causes, scenarios or indicators: each is listed as missing.
    package = secret_packages["cleared"]
    lacks = docx_sections(file(package, "strategic-assessment.docx"))[
        "What the assessment still lacks"]
    assert "A conflict root cause analysis." in lacks
    assert "Options and scenarios" in lacks
    assert "Key planning assumptions." not in lacks  # the plan states two
    lacks = docx_sections(file(package, "mission-plan.docx"))["What the mission plan still lacks"]
    assert "Indicators with baselines and targets" in lacks
    assert "An initial set of performance benchmarks" in lacks


def test_the_gantt_chart_has_a_landscape_page_of_its_own(carana_package: Package) -> None:
    import io

    import docx
    from docx.enum.section import WD_ORIENT
    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(file(carana_package, "planning-directive.pdf")))
    wide = [i for i, p in enumerate(pdf.pages)
            if float(p.mediabox.width) > float(p.mediabox.height)]
    assert len(wide) == 1 and 0 < wide[0] < len(pdf.pages) - 1
    assert pdf.pages[wide[0]].images  # the chart is on it
    assert "Timeline of the plan" in (pdf.pages[wide[0]].extract_text() or "")
    for name in ("planning-directive.docx", "mission-plan.docx"):
        sections = docx.Document(io.BytesIO(file(carana_package, name))).sections
        kinds = [s.orientation for s in sections]
        assert kinds.count(WD_ORIENT.LANDSCAPE) == 1 and kinds[-1] == WD_ORIENT.PORTRAIT
        wide_section = sections[kinds.index(WD_ORIENT.LANDSCAPE)]
        width, height = wide_section.page_width, wide_section.page_height
        assert width is not None and height is not None and width > height
