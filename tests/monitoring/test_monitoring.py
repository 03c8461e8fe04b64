"""CPAS monitoring: reading data (every bad-input path), the assessment's
arithmetic, the lock, the trigger, the store commands and IATI."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from impp.cli import main
from impp.io import load_plan, load_plan_text
from impp.model import Plan
from impp.monitoring import example
from impp.monitoring.assess import assess, target_date
from impp.monitoring.observations import Observation, ObservationError, read_observations
from impp.monitoring.periods import parse_period
from impp.scenarios import carana_path

SHARED_IATI = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "iati"


@pytest.fixture(scope="module")
def carana() -> Plan:
    return load_plan(carana_path())


def write(tmp_path: Path, text: str, name: str = "data.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(plan: Plan, path: Path) -> list[str]:
    with pytest.raises(ObservationError) as info:
        read_observations(plan, path)
    return [p.render() for p in info.value.problems]


# -- reading ------------------------------------------------------------------------


def test_the_example_file_is_what_the_generator_writes(carana: Plan) -> None:
    assert example.path().read_text(encoding="utf-8") == example.text()
    obs = read_observations(carana, example.path())
    assert len(obs) == len(example.rows())
    assert all(o.source == example.NOTE for o in obs)  # labelled exercise data


def test_every_bad_row_is_located_and_nothing_is_read(carana: Plan, tmp_path: Path) -> None:
    path = write(tmp_path, "\n".join([
        "indicator,period,value,sex,confidence",
        "ind_women_in_dialogue,2027Q1,24,,high",          # fine
        "ind_women_in_dialog,2027Q1,24,,",                 # unknown indicator
        "ind_women_in_dialogue,2027Q5,24,,",               # no such quarter
        "ind_women_in_dialogue,2027Q2,124,,",              # not a percentage
        "ind_election_plan,2027Q1,maybe,,",                # not yes/no
        "ind_ceasefire_violations,2027-02,3,female,",      # no such dimension
        "ind_relief_need,2027-02,-5,female,",              # negative people
        "ind_women_in_dialogue,2027Q1,25,,",               # twice
        "ind_women_in_dialogue,2027Q3,25,,sure",           # bad confidence
        "ind_women_in_dialogue,,25,,",                     # empty period
    ]))
    found = problems(carana, path)
    expected = [
        "row 3, column indicator: no indicator 'ind_women_in_dialog' in the plan (did you mean",
        "row 4, column period: '2027Q5' is not a period",
        "row 5, column value: 124 is not a percentage from 0 to 100",
        "row 6, column value: 'maybe': ind_election_plan is answered yes or no",
        "row 7, column sex: ind_ceasefire_violations is not broken down by sex",
        "row 8, column value: -5: ind_relief_need counts people and cannot be negative",
        "row 9, column period: ind_women_in_dialogue for 2027Q1 is given twice (also row 2)",
        "row 10, column confidence: 'sure': write high, medium or low",
        "row 11, column period: empty",
    ]
    assert len(found) == len(expected), found
    for line, want in zip(found, expected, strict=True):
        assert line.startswith(f"{path}: {want}"), (line, want)


def test_a_file_without_the_required_columns_or_with_unknown_ones(
    carana: Plan, tmp_path: Path,
) -> None:
    assert problems(carana, write(tmp_path, "indicator,value\nind_tam_day,3\n")) == [
        f"{tmp_path / 'data.csv'}: row 1: no column period: the file needs columns "
        "indicator, period and value"]
    found = problems(carana, write(tmp_path, "indicator,period,value,colour\n"
                                             "ind_tam_day,2026-06-13,12,red\n"))
    assert found[0].startswith(f"{tmp_path / 'data.csv'}: row 1, column colour: not a column")


def test_excel_and_hxl_files_read_as_csv_does(carana: Plan, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Indicator", "Period", "Value", "Sex"])
    sheet.append(["ind_relief_need", "2027-01", 100, "female"])
    sheet.append(["ind_relief_need", dt.datetime(2027, 2, 14), 90, "female"])
    sheet.append(["ind_relief_need", "2027-03", "many", "female"])
    book.save(tmp_path / "data.xlsx")
    assert problems(carana, tmp_path / "data.xlsx") == [
        f"{tmp_path / 'data.xlsx'}: row 4, column value: 'many' is not a number "
        "(ind_relief_need is counted in people)"]
    hxl = write(tmp_path, "\n".join([
        "Indicator,Quarter,People,Sex,Where",
        "#indicator+code,#date,#indicator+num,#sex,#adm1",
        "ind_relief_need,2027Q1,100,female,north",
        "ind_relief_need,2027Q1,80,male,north",
        "ind_relief_need,2027Q2,x,male,north",
    ]), "data-hxl.csv")
    assert problems(carana, hxl) == [
        f"{hxl}: row 5, column value: 'x' is not a number (ind_relief_need is counted in "
        "people)"]
    hxl.write_text("\n".join(hxl.read_text(encoding="utf-8").splitlines()[:4]) + "\n",
                   encoding="utf-8")
    obs = read_observations(carana, hxl)
    assert [(o.value, o.dims) for o in obs] == [
        (100.0, (("location", "north"), ("sex", "female"))),
        (80.0, (("location", "north"), ("sex", "male")))]


_POOL = {
    "indicator": ["ind_relief_need", "ind_women_in_dialogue", "ind_election_plan",
                  "ind_tam_day", " ind_hq_ready ", "ind_rated", "ind_nope", ""],
    "period": ["2027Q1", "2027-03", "2027-02-14", " 2027Q2 ", "2027Q5", ""],
    "value": ["12", " 12 ", "12%", "1,000", "-3", "nan", "inf", "yes", "No", "150", "",
              "x", "1e3", "50.5", "good", " Poor"],
    "sex": ["", "female", " male", "Female"],
    "age": ["", "18-24"],
    "location": ["", "north"],
    "confidence": ["", "high", "Medium ", "sure"],
    "source": ["", "survey", " s "],
}
assert len(_POOL) == 8


@functools.cache
def _rated() -> Plan:
    """Carana with an indicator rated on a scale."""
    from impp.io.yaml_io import dump_document

    doc = load_plan(carana_path()).to_document()
    doc["indicators"].append({"id": "ind_rated", "name": "Rated", "measures": doc[
        "indicators"][0]["measures"], "scale": ["poor", "fair", "good"]})
    return load_plan_text(dump_document(doc), "rated.yaml")


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.tuples(*(st.sampled_from(v) for v in _POOL.values()),
                          st.sampled_from((8, 8, 8, 8, 4, 6))), max_size=12))
def test_the_quick_reading_of_text_rows_is_the_careful_ones(
        rows: list[tuple[Any, ...]]) -> None:
    """Text rows are read the quick way when plainly good, else again with care:
    the observations (and the problems) are what the careful reading alone gives."""
    from impp.monitoring.observations import _Table, checked_rows

    plan = _rated()
    cells = [(n, list(r[:r[-1]])) for n, r in enumerate(rows, start=2)]

    def outcome(text: bool, rows: list[tuple[int, list[str]]]) -> Any:
        table = _Table(list(_POOL), iter(rows), text=text)
        try:
            return [(o, o.row, o.dims_key) for o in checked_rows(plan, table, "f.csv")]
        except ObservationError as exc:
            return [p.render() for p in exc.problems]

    assert outcome(True, cells) == outcome(False, cells)
    for one in cells:  # a bad row anywhere hides the others' observations: each alone too
        assert outcome(True, [one]) == outcome(False, [one])


def test_periods() -> None:
    assert parse_period("2027q4").end == dt.date(2027, 12, 31)
    assert parse_period("2028-02").end == dt.date(2028, 2, 29)
    assert parse_period("2027-03-15").quarter().label == "2027Q1"
    assert parse_period("2027Q1").previous().label == "2026Q4"
    for bad in ("2027Q0", "2027-13", "March", "2027-02-30"):
        with pytest.raises(ValueError, match="is not a period"):
            parse_period(bad)
    assert target_date("year 1", dt.date(2026, 6, 3)) == dt.date(2027, 6, 3)
    assert target_date("month 1", dt.date(2026, 1, 31)) == dt.date(2026, 2, 28)


# -- the assessment -----------------------------------------------------------------

PLAN = """
mission: {id: m, name: M}
events: [{id: start, name: Start, date: 2027-01-01}, {id: end, name: End}]
constraints:
  - {id: c, name: C, kind: criterion, from: start, to: end, max_days: 365}
objectives: [{id: o, name: O}]
benchmarks:
  - {id: b1, name: B1, objective: o, criterion: c, trigger: true}
  - {id: b2, name: B2, objective: o, trigger: true}
indicators:
  - {id: share, name: Share, measures: b1, baseline: 0, target: 100, unit: percent,
     targets: [{period: month 6, value: 50}]}
  - {id: count, name: Count, measures: b2, baseline: 40, target: 0, unit: incidents}
"""


def obs(ind: str, period: str, value: float, **dims: str) -> Observation:
    return Observation(ind, parse_period(period), value, None, tuple(sorted(dims.items())))


def test_the_expected_value_status_and_progress_by_hand() -> None:
    plan = load_plan_text(PLAN)
    data = [obs("share", "2027-02", 10), obs("share", "2027-03", 22),
            obs("count", "2027Q1", 30)]
    a = assess(plan, data, parse_period("2027Q1"))
    share = a.indicators["share"]
    # the line from 0 on 1 January to 50 on 1 July: 89 of 181 days by 31 March
    assert share.expected == pytest.approx(50 * 89 / 181)
    assert share.value == 22 and share.period == "2027-03"
    # 22 of 24.6 expected: 89 %, just under on track
    assert share.status == "behind" and share.progress == pytest.approx(0.22)
    count = a.indicators["count"]
    assert count.progress == pytest.approx(0.25) and count.status == "on track"  # no dated target
    assert a.objectives["o"]["progress"] == pytest.approx((0.22 + 0.25) / 2, abs=1e-3)
    assert a.objectives["o"]["indicators"]["share"]["status"] == "behind"
    assert a.benchmarks["b1"]["holds"] is False and a.triggers["met"] is False
    # a later quarter: the count falls (improving), the share reaches its target
    data += [obs("share", "2027-09", 100), obs("count", "2027Q3", 0)]
    later = assess(plan, data, parse_period("2027Q3"))
    assert later.indicators["count"].trend == "improving"
    assert later.indicators["share"].status == "met"
    assert later.triggers["met"] is True
    assert "transition and exit planning" in later.triggers["finding"]
    assert "share: 100 in 2027-09" in later.triggers["finding"]
    assert later.history["b1"] == {"2027Q1": False, "2027Q2": False, "2027Q3": True}


def test_a_total_is_added_up_for_counts_and_averaged_for_shares() -> None:
    plan = load_plan_text(PLAN.replace("unit: incidents", "unit: incidents, "
                                       "disaggregation: [sex]").replace(
        "unit: percent,", "unit: percent, disaggregation: [sex],"))
    data = [obs("count", "2027Q1", 12, sex="female"), obs("count", "2027Q1", 8, sex="male"),
            obs("share", "2027Q1", 30, sex="female"), obs("share", "2027Q1", 10, sex="male")]
    a = assess(plan, data, parse_period("2027Q1"))
    assert a.indicators["count"].value == 20
    assert a.indicators["share"].value == 20
    assert a.indicators["count"].breakdown == {"sex": {"female": 12, "male": 8}}


def test_carana_2027q1_tells_the_examples_story(carana: Plan) -> None:
    a = assess(carana, read_observations(carana, example.path()), parse_period("2027Q1"))
    status = {k: v.status for k, v in a.indicators.items()}
    assert status["ind_strength_deployed"] == "met"       # fully deployed by December
    assert status["ind_hq_ready"] == "missed"              # 37 days against 35
    assert status["ind_election_plan"] == "met"            # endorsed in 2027Q1
    assert status["ind_combatants_demobilized"] == "behind"
    assert a.triggers["benchmarks"] == ["bm_agreement", "bm_ddr_complete", "bm_idp_return"]
    assert a.triggers["met"] is False


# -- the commands and the store -------------------------------------------------------


def run(*args: str, code: int = 0) -> Result:
    result = CliRunner(env={"IMPP_AUTHOR": "ana"}).invoke(main, list(args),
                                                           catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result


@pytest.fixture
def store(store_url: str) -> tuple[str, str]:
    url = store_url
    run("store", "init", "--store", url)
    run("commit", "-m", "Carana", "--store", url)
    return "--store", url


def test_a_quarter_on_carana(store: tuple[str, str], tmp_path: Path) -> None:
    out = run("import-data", "carana", "--example", *store).stdout
    assert "76 added" in out
    again = json.loads(run("import-data", "carana", "--example", *store,
                           "--format", "json").stdout)
    assert again["unchanged"] == 76 and again["added"] == 0
    data = json.loads(run("assess", "carana", "--period", "2027Q1", *store,
                          "--format", "json").stdout)
    assert data["period"] == "2027Q1"
    ind = data["objectives"]["un_objective"]["indicators"]["ind_hq_ready"]
    assert ind == {"value": 37.0, "target": 35.0, "status": "missed"}
    assert {"progress", "rating"} <= data["objectives"]["un_objective"].keys()
    assert data["benchmarks"]["bm_election_planning"]["holds"] is True
    assert data["triggers"]["met"] is False
    text = run("assess", "carana", "--period", "2027Q1", *store, "--out",
               str(tmp_path / "a.png"), "--trends", str(tmp_path / "t.png")).stdout
    assert "Benchmarks by quarter" in text and (tmp_path / "a.png").stat().st_size > 10_000
    assert (tmp_path / "t.png").stat().st_size > 10_000
    # over time: each period's total, and what the targets expect by its end
    ddr = data["series"]["ind_combatants_demobilized"]
    assert [p["period"] for p in ddr] == ["2026-09", "2026-10", "2026-11", "2026-12",
                                          "2027-01", "2027-02", "2027-03"]
    assert [p["value"] for p in ddr] == [5, 15, 24, 33, 42, 50, 58]
    assert ddr[-1]["expected"] == pytest.approx(
        data["indicators"]["ind_combatants_demobilized"]["expected"])
    relief = data["series"]["ind_relief_need"]
    assert relief[0]["value"] == 240_000  # female and male added up
    assert "Needs attention" in run("monitor", "carana", *store).stdout


def test_approved_data_are_locked(store: tuple[str, str], tmp_path: Path) -> None:
    run("import-data", "carana", "--example", *store)
    refused = run("observe", "carana", "--period", "2027Q1", "--approve", *store, code=2)
    assert "goes to checked next" in refused.output
    run("observe", "carana", "--period", "2027Q1", "--check", *store)
    assert "18 observations of carana in 2027Q1 now approved" in run(
        "observe", "carana", "--period", "2027Q1", "--approve", *store).stdout
    change = write(tmp_path, "indicator,period,value\nind_women_in_dialogue,2027Q1,25\n"
                             "ind_women_in_dialogue,2027Q2,28\n")
    locked = run("import-data", "carana", str(change), *store, code=2)
    assert (f"{change}: row 2, column value: ind_women_in_dialogue for 2027Q1 was approved"
            in locked.output)
    rows = json.loads(run("observe", "carana", "--indicator", "ind_women_in_dialogue",
                          "--format", "json", *store).stdout)
    assert [r["value"] for r in rows] == [18, 21, 24, 27]  # nothing of the file stored
    audit = run("log", "carana", "--audit", *store).stdout
    assert "impp.observations.approved" in audit and "impp.observations.imported" in audit
    run("observe", "carana", "--period", "2027Q1", "--reopen", *store)
    assert "2 replaced" in run("import-data", "carana", str(change), *store).stdout


def test_a_bad_file_is_refused_whole(store: tuple[str, str], tmp_path: Path) -> None:
    bad = write(tmp_path, "indicator,period,value\nind_tam_day,2026-06-13,12\n"
                          "ind_tam_day,2026-06-14,soon\n")
    refused = run("import-data", "carana", str(bad), *store, code=2)
    assert f"{bad}: row 3, column value: 'soon' is not a number" in refused.output
    assert "nothing was stored" in refused.output
    assert json.loads(run("observe", "carana", "--format", "json", *store).stdout) == []
    assert "no monitoring data yet" in run("assess", "carana", *store, code=2).output


def test_data_above_the_readers_clearance_never_appear(
    store: tuple[str, str], tmp_path: Path,
) -> None:
    doc = load_plan(carana_path()).to_document()
    for ind in doc["indicators"]:
        if ind["id"] == "ind_rights_violations":
            ind["sensitivity"] = "confidential"
    for task in doc["tasks"]:
        if task["id"] == "ddr_programme":
            task["sensitivity"] = "confidential"
    from impp.io.yaml_io import dump_document

    edited = write(tmp_path, dump_document(doc), "carana.yaml")
    head = json.loads(run("log", "carana", "--format", "json", *store).stdout)[0]["id"]
    run("commit", str(edited), "-m", "marked", "--parent", head, *store)
    run("import-data", "carana", "--example", *store)
    low = ("--max-sensitivity", "unclassified")
    for args in (["assess", "carana", "--period", "2027Q1", "--format", "json"],
                 ["observe", "carana", "--format", "json"],
                 ["monitor", "carana", "--format", "json"]):
        assert "ind_rights_violations" not in run(*args, *store, *low).stdout
        assert "ind_rights_violations" in run(*args, *store).stdout
    tasks = ["monitor", "carana", "--tasks", "--format", "json"]
    assert "ddr_programme" not in run(*tasks, *store, *low).stdout
    assert "ddr_programme" in run(*tasks, *store).stdout
    run("export", "iati", "carana", "-o", str(tmp_path / "low.xml"), *store, *low)
    assert "ind_rights_violations" not in (tmp_path / "low.xml").read_text(encoding="utf-8")


# -- IATI ---------------------------------------------------------------------------------


def test_the_iati_file_validates_against_the_official_schema(
    store: tuple[str, str], tmp_path: Path,
) -> None:
    schema_file = SHARED_IATI / "iati-activities-schema.xsd"
    if not schema_file.exists():
        pytest.skip(f"the IATI 2.03 schema is in ../shared/data/iati ({schema_file} absent)")
    import xmlschema

    run("import-data", "carana", "--example", *store)
    out = tmp_path / "carana-iati.xml"
    run("export", "iati", "carana", "-o", str(out), *store)
    schema = xmlschema.XMLSchema(str(schema_file))
    assert [e.reason for e in schema.iter_errors(str(out))] == []
    text = out.read_text(encoding="utf-8")
    assert text.count("<indicator ") == 11 and '<actual value="37"' in text
    # a control: the schema does see a broken file
    broken = tmp_path / "broken.xml"
    broken.write_text(text.replace("<activity-status code=\"2\" />", ""), encoding="utf-8")
    assert list(schema.iter_errors(str(broken)))
    # and the file's results read back as observations (quarters kept)
    store2 = ("--store", str(tmp_path / "other.db"))
    run("store", "init", *store2)
    run("commit", "-m", "Carana", *store2)
    run("import-data", "carana", str(out), *store2)
    a = json.loads(run("assess", "carana", "--period", "2027Q1", "--format", "json",
                       *store2).stdout)
    b = json.loads(run("assess", "carana", "--period", "2027Q1", "--format", "json",
                       *store).stdout)
    assert {k: v["status"] for k, v in a["indicators"].items()} == \
        {k: v["status"] for k, v in b["indicators"].items()}


def test_the_stores_totals_are_the_assessments_own(carana: Plan, store_url: str) -> None:
    """The totals the store keeps and :func:`totals` in Python agree, value for value."""
    from impp.monitoring.assess import totals
    from impp.monitoring.store import load_totals, save_observations
    from impp.store import commit, init_store

    store = init_store(store_url)
    try:
        commit(store, carana, "Carana", author="ana")
        obs = read_observations(carana, example.path())
        # a total beside its breakdown, and a share broken down two ways
        obs += [obs_row("ind_relief_need", "2027-01", 91_000),
                obs_row("ind_women_in_dialogue", "2027Q1", 20, sex="female", age="young"),
                obs_row("ind_women_in_dialogue", "2027Q1", 30, sex="male", age="young")]
        obs = [o for o in obs if not (o.indicator == "ind_women_in_dialogue"
                                      and o.period.label == "2027Q1" and not o.dims)]
        save_observations(store, "carana", obs, [0] * len(obs), file="test")
        until = parse_period("2027Q1").end
        got = load_totals(store, carana, "carana", until, {i.id for i in carana.indicators})
        mine, breakdown = totals(carana, [o for o in obs if o.period.end <= until])
        key = sorted((o.indicator, o.period.label, round(o.value, 9), o.text) for o in mine)
        assert sorted((o.indicator, o.period.label, round(o.value, 9), o.text)
                      for o in got.totals) == key
        assert got.rows == sum(1 for o in obs if o.period.end <= until)
        relief = next(o for o in got.totals if (o.indicator, o.period.label)
                      == ("ind_relief_need", "2027-01"))
        assert relief.value == 91_000  # the total row, not the sum of its breakdown
        women = next(o for o in got.totals if (o.indicator, o.period.label)
                     == ("ind_women_in_dialogue", "2027Q1"))
        assert women.value == 25  # the mean of the two shares
        for k, v in got.breakdown.items():
            assert breakdown[k] == v
        assert got.breakdown[("ind_women_in_dialogue", "2027Q1")] == {
            "age": {"young": 25.0}, "sex": {"female": 20.0, "male": 30.0}}
        # a second import replaces a value and adds a row to a group the store holds;
        # then a quarter is approved: the kept totals follow
        second = [obs_row("ind_women_in_dialogue", "2027Q1", 40, sex="female", age="young"),
                  obs_row("ind_relief_need", "2027-01", 5_000, sex="other")]
        save_observations(store, "carana", second, [0, 0], file="second")
        merged = {(o.indicator, o.period.label, o.dims): o for o in [*obs, *second]}
        from impp.monitoring.store import set_status

        set_status(store, "carana", parse_period("2027Q1"), "checked")
        set_status(store, "carana", parse_period("2027Q1"), "approved",
                   indicators={"ind_women_in_dialogue"})
        got = load_totals(store, carana, "carana", until, {i.id for i in carana.indicators})
        mine, _ = totals(carana, [o for o in merged.values() if o.period.end <= until])
        assert sorted((o.indicator, o.period.label, round(o.value, 9)) for o in got.totals) \
            == sorted((o.indicator, o.period.label, round(o.value, 9)) for o in mine)
        women = next(o for o in got.totals if (o.indicator, o.period.label)
                     == ("ind_women_in_dialogue", "2027Q1"))
        assert women.value == 35
        assert got.approved == {("ind_women_in_dialogue", "2027Q1")}
    finally:
        store.close()


def obs_row(ind: str, period: str, value: float, **dims: str) -> Observation:
    return Observation(ind, parse_period(period), value, None, tuple(sorted(dims.items())))


def test_a_bad_row_after_written_chunks_rolls_everything_back(
    store: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Rows are stored in chunks while the file is read: a bad last row still
    leaves nothing stored (one transaction)."""
    from impp.monitoring import store as monitoring_store

    monkeypatch.setattr(monitoring_store, "CHUNK", 2)
    lines = ["indicator,period,value,sex"]
    lines += [f"ind_relief_need,2027-{m:02d},{1000 * m},female" for m in range(1, 13)]
    bad = write(tmp_path, "\n".join([*lines, "ind_relief_need,2028-01,lots,female"]))
    refused = run("import-data", "carana", str(bad), *store, code=2)
    assert f"{bad}: row 14, column value: 'lots' is not a number" in refused.output
    assert json.loads(run("observe", "carana", "--format", "json", *store).stdout) == []
    good = write(tmp_path, "\n".join(lines), "good.csv")
    assert "12 added" in run("import-data", "carana", str(good), *store).stdout
    data = json.loads(run("assess", "carana", "--period", "2027Q4", "--format", "json",
                          *store).stdout)
    assert data["indicators"]["ind_relief_need"]["value"] == 12_000


def test_the_first_import_builds_the_key_index_after_its_rows(
    carana: Plan, store_url: str,
) -> None:
    """A first import into an empty store drops the key's unique index and builds
    it after the rows: refused or stored, the index is there afterwards and
    still refuses a second row with the same key."""
    import sqlalchemy as sa

    from impp.monitoring.store import save_observations
    from impp.store import commit, init_store

    def key_index() -> list[Any]:
        with db.engine.connect() as conn:
            return [ix for ix in sa.inspect(conn).get_indexes("observations")
                    if ix["name"] == "ix_observations_key"]

    db = init_store(store_url)
    try:
        commit(db, carana, "Carana", author="ana")
        good = [obs_row("ind_relief_need", "2027-01", 1000, sex="female"),
                obs_row("ind_relief_need", "2027-01", 900, sex="male")]
        bad = [*good, obs_row("ind_hq_ready", "2027Q1", 10)]

        def failing() -> Iterator[Observation]:  # a bad row found after the rows were written
            yield from bad
            raise ObservationError([])

        with pytest.raises(ObservationError):
            save_observations(db, "carana", failing(), file="test")
        assert [ix["unique"] for ix in key_index()] == [True]  # the drop rolled back
        assert save_observations(db, "carana", good, file="test").added == 2
        assert [ix["unique"] for ix in key_index()] == [True]
        with pytest.raises(sa.exc.IntegrityError), db.engine.begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO observations (plan, indicator, period, period_start, period_end, "
                "dims, ndims, value, status, entered_by, entered) SELECT plan, indicator, "
                "period, period_start, period_end, dims, ndims, value, status, entered_by, "
                "entered FROM observations"))
        # a later import keeps the index as it is and adds to it
        assert save_observations(db, "carana", bad, file="test").added == 1
        assert [ix["unique"] for ix in key_index()] == [True]
    finally:
        db.close()
