"""The HTML report: one page that loads nothing from anywhere."""

from __future__ import annotations

import re
from pathlib import Path

from impp.model import Plan, Sensitivity
from impp.report.analyses import GANTT_NOTE_ENGINE, GANTT_NOTE_SUMMARY, RISK_WITHHELD
from impp.report.package import Package, build_package
from impp.summary import summarize
from tests.report.readers import html_links

_EXTERNAL = re.compile(r"^\s*([a-z][a-z0-9+.\-]*:|//)", re.IGNORECASE)


def page(package: Package) -> str:
    return next(f.data for f in package.files if f.name == "report.html").decode("utf-8")


def test_page_makes_no_network_request(carana_package: Package, carana_dir: Path) -> None:
    text = page(carana_package)
    urls, tags, _ = html_links(text)
    external = [u for u in urls if _EXTERNAL.match(u) and not u.startswith("data:")]
    assert external == []
    assert "script" not in tags and "link" not in tags and "iframe" not in tags
    assert not re.search(r"url\(\s*['\"]?(https?:|//)", text)
    assert "@import" not in text
    # Every relative link is a file of the package, beside the page.
    for u in urls:
        if not u.startswith(("#", "data:")):
            assert (carana_dir / u).is_file(), u


def test_page_shows_every_section_with_its_sources(carana_package: Package,
                                                   carana_plan: Plan) -> None:
    _, tags, text = html_links(page(carana_package))
    for section in ("Mission", "Process status", "Findings", "Timeline",
                    "Criteria for success", "Risk", "Documents in this package"):
        assert section in text
    assert text.count("Sources:") >= 7
    assert "svg" in tags  # the charts are inline pictures
    for c in carana_plan.criteria:
        assert c.name in text
    assert "Foundation Planning" in text


def test_page_is_marked_top_and_bottom(carana_package: Package) -> None:
    text = page(carana_package)
    marks = re.findall(r'<div class="marking">([^<]+)</div>', text)
    assert marks == ["UNCLASSIFIED", "UNCLASSIFIED"]
    assert text.index('class="marking"') < text.index("<h1>")
    assert text.rindex('class="marking"') > text.index("Documents in this package")


def test_plan_text_is_escaped(secret_plan: Plan) -> None:
    summary = summarize(secret_plan)
    summary["mission"] = {**summary["mission"], "name": "<script>alert(1)</script>"}
    text = page(build_package(secret_plan, summary))
    assert "<script>" not in text and "&lt;script&gt;" in text


def test_figures_absent_from_the_summary_say_not_yet_computed(secret_plan: Plan) -> None:
    full = summarize(secret_plan)
    bare = {
        **full,
        "events": {k: {"name": v["name"], "date": v["date"], "source": v.get("source")}
                   for k, v in full["events"].items()},
        "criteria": {k: {f: v[f] for f in ("name", "from", "to", "min_days", "max_days",
                                           "source", "assumption")}
                     for k, v in full["criteria"].items()},
        "tables": [],
    }
    # Withholding keeps the engine's own chart out, so the page draws from the summary.
    package = build_package(secret_plan, bare, Sensitivity.unclassified)
    text = html_links(page(package))[2]
    assert "Gantt chart: not yet computed" in text
    criteria = text[text.index("Criteria for success"):]
    assert criteria.count("not yet computed") >= 3


def test_computed_figures_appear(secret_plan: Plan) -> None:
    summary = summarize(secret_plan)
    cid = "tam_within_14"
    summary["criteria"][cid] = {**summary["criteria"][cid], "met": False, "margin_days": -7.5,
                                "probability": 0.42, "state": "missed"}
    text = page(build_package(secret_plan, summary))
    table = text[text.index('<h2 id="criteria">'):]
    row = table[table.index(secret_plan.get(cid).name + "</td>"):]
    row = row[: row.index("</tr>")]
    assert ">missed<" in row and "-7.5" in row and "42%" in row


def test_inline_svg_keeps_no_external_reference() -> None:
    from impp.report.charts import CriterionBar, draw_criteria, inline_svg

    svg = inline_svg(draw_criteria([CriterionBar("TAM", 2, None)], fmt="svg"))
    assert svg.startswith("<svg") and "<metadata" not in svg and "DOCTYPE" not in svg


def test_the_engines_own_charts_are_embedded(carana_package: Package) -> None:
    _, tags, text = html_links(page(carana_package))
    assert GANTT_NOTE_ENGINE in text
    assert "What drives" in text and "can be reached" in text  # tornado and S-curves
    assert tags.count("svg") >= 4


def test_withheld_items_keep_the_engines_charts_out(secret_packages: dict[str, Package]) -> None:
    text = html_links(page(secret_packages["unclassified"]))[2]
    assert RISK_WITHHELD in text and GANTT_NOTE_SUMMARY in text
    assert GANTT_NOTE_ENGINE not in text


def test_page_opens_with_the_verdict_then_contents_then_criteria_and_findings(
        carana_package: Package, carana_summary: dict[str, object]) -> None:
    _, _, text = html_links(page(carana_package))
    order = [text.index(h) for h in ("Executive summary", "Contents", "Criteria for success",
                                     "Findings", "Process status", "Timeline")]
    assert order == sorted(order)
    summary_part = " ".join(text[text.index("Executive summary"):text.index("Contents")]
                            .replace(" :", ":").split())
    criteria = carana_summary["criteria"]
    assert isinstance(criteria, dict)
    states = [c["state"] for c in criteria.values()]
    verdict = ", ".join(f"{states.count(k)} {k}" for k in ("met", "at risk", "missed")
                        if states.count(k))
    assert f"9 criteria for success: {verdict}" in summary_part  # as `impp plan` says it
    for c in criteria.values():
        assert f"{c['state']}: {c['name']}" in summary_part
    assert "next decision point" in summary_part and "Cost: USD" in summary_part


def test_a_plan_in_conflict_gets_its_dates_in_the_report(tmp_path: Path) -> None:
    from impp.io import load_plan_text
    from tests.temporal.test_relax import CONFLICT

    plan = load_plan_text(CONFLICT, "c.yaml")
    text = page(build_package(plan, summarize(plan)))
    assert "No schedule holds as written" in text
    assert "timeline if the plan is changed: shorten task draft from 10 to 5 days" in text
