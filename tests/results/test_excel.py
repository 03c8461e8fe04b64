"""The results workbook: export, re-import, identical plan; bad workbooks named by cell."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from impp.io.excel import (
    RESULT_SECTIONS,
    TARGETS,
    WorkbookError,
    columns,
    export_results,
    import_results,
)
from impp.model import Plan


@pytest.fixture
def book(carana_plan: Plan, tmp_path: Path) -> Path:
    return export_results(carana_plan, tmp_path / "rf.xlsx")


def test_round_trip_gives_the_identical_plan(carana_plan: Plan, book: Path) -> None:
    again = import_results(carana_plan, book)
    assert again == carana_plan
    assert again.content_hash() == carana_plan.content_hash()


def test_one_sheet_per_level_with_every_item(carana_plan: Plan, book: Path) -> None:
    wb = load_workbook(book)
    assert wb.sheetnames == [*RESULT_SECTIONS, TARGETS]
    for section in RESULT_SECTIONS:
        sheet = wb[section]
        assert [c.value for c in sheet[1]] == columns(section)
        assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == [
            i.id for i in carana_plan.section(section)]
    assert wb[TARGETS].max_row - 1 == sum(len(i.targets) for i in carana_plan.indicators)


def test_an_edit_in_the_workbook_comes_back(carana_plan: Plan, book: Path) -> None:
    wb = load_workbook(book)
    sheet = wb["indicators"]
    col = columns("indicators").index("baseline") + 1
    sheet.cell(row=2, column=col).value = 3
    sheet.cell(row=3, column=col).value = "=not a formula"
    sheet.cell(row=3, column=col).data_type = "s"
    wb["outputs"].cell(row=2, column=columns("outputs").index("priority") + 1).value = "low"
    wb.save(book)
    edited = import_results(carana_plan, book)
    assert edited.indicators[0].baseline == 3.0
    assert edited.indicators[1].baseline == "=not a formula"
    assert edited.outputs[0].priority == "low"
    assert edited.content_hash() != carana_plan.content_hash()


def _edit(book: Path, sheet: str, row: int, column: str, value: object) -> None:
    wb = load_workbook(book)
    ws = wb[sheet]
    names = [c.value for c in ws[1]]
    ws.cell(row=row, column=names.index(column) + 1).value = value
    wb.save(book)


def _error(plan: Plan, book: Path) -> str:
    with pytest.raises(WorkbookError) as err:
        import_results(plan, book)
    return str(err.value)


def test_a_bad_value_names_sheet_row_and_column(carana_plan: Plan, book: Path) -> None:
    _edit(book, "outputs", 3, "priority", "urgent")
    message = _error(carana_plan, book)
    letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[columns("outputs").index("priority")]
    assert f"rf.xlsx: sheet 'outputs', row 3, column {letter}: [security_stabilisation] " \
           "priority: Input should be" in message
    assert message.startswith("1 problem in the workbook:")


def test_an_unknown_reference_names_its_cell(carana_plan: Plan, book: Path) -> None:
    _edit(book, "activities", 2, "output", "full_mision_capacity")
    message = _error(carana_plan, book)
    assert "sheet 'activities', row 2, column" in message
    assert "did you mean 'full_mission_capacity'?" in message


def test_an_unknown_column_is_named_with_a_hint(carana_plan: Plan, book: Path) -> None:
    wb = load_workbook(book)
    ws = wb["indicators"]
    ws.cell(row=1, column=columns("indicators").index("baseline") + 1, value="basline")
    wb.save(book)
    message = _error(carana_plan, book)
    assert "sheet 'indicators', row 1, column" in message
    assert "unknown column 'basline' (did you mean 'baseline'?)" in message


def test_a_missing_sheet_and_a_missing_id(carana_plan: Plan, book: Path) -> None:
    wb = load_workbook(book)
    del wb["benchmarks"]
    wb.save(book)
    assert "the workbook has no sheet 'benchmarks'" in _error(carana_plan, book)
    export_results(carana_plan, book)
    _edit(book, "objectives", 2, "id", None)
    assert "sheet 'objectives', row 2, column A: 'id' is required; fill in the column" in \
        _error(carana_plan, book)


def test_a_target_for_an_unknown_indicator(carana_plan: Plan, book: Path) -> None:
    _edit(book, TARGETS, 2, "indicator", "ind_nothing")
    message = _error(carana_plan, book)
    assert "sheet 'targets', row 2, column A: [ind_nothing] target for unknown indicator " \
           "'ind_nothing'" in message


def test_not_a_workbook(carana_plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_text("plain text", encoding="utf-8")
    assert "not an Excel workbook" in _error(carana_plan, path)
    assert "no such file" in _error(carana_plan, tmp_path / "missing.xlsx")


def test_a_list_entry_with_a_semicolon_cannot_be_exported(
    carana_plan: Plan, tmp_path: Path,
) -> None:
    ind = carana_plan.indicators[0].model_copy(update={"disaggregation": ("sex; age",)})
    plan = carana_plan.model_copy(update={"indicators": (ind, *carana_plan.indicators[1:])})
    with pytest.raises(ValueError, match="contains ';'"):
        export_results(plan, tmp_path / "x.xlsx")
