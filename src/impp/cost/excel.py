"""The estimate as an Excel workbook: the summary, every line by budget year, the rates.

Numbers are written as numbers (with a currency format), not text, so the
budget officer can total, filter and pivot them; the lines sheet's budget-year
columns sum to the summary's figures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def write_workbook(data: dict[str, Any], path: Path) -> None:
    """Write ``data`` (``impp.cost/1``, as the reader may see it) to ``path``."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    cur = data["currency"]
    money = f'#,##0 "{cur}"'
    bold = Font(bold=True)
    wb = Workbook()
    summary = wb.active
    summary.title = "Summary"
    rows: list[tuple[Any, ...]] = [
        ("Cost estimate", None),
        ("Currency", cur),
        ("Day 0", data["day0"]),
        ("Counted from", data["reference_event"]),
        ("Total", data["total"]),
        ("First year (days 0-364)", data["first_year"]["amount"]),
        ("First year P50", data["first_year"]["p50"]),
        ("First year P80", data["first_year"]["p80"]),
        ("Ceiling", data["first_year"]["ceiling"]),
        ("Per uniformed person-year", data["per_uniformed_person_year"]),
        (None, None),
        ("By driver", None),
        *((name, amount) for name, amount in data["by_driver"].items()),
        (None, None),
        ("By budget year (1 July to 30 June)", None),
        *((label, amount) for label, amount in data["by_period"].items()),
        (None, None),
        ("By output", None),
        *((name, amount) for name, amount in data["by_output"].items()),
    ]
    for row in rows:
        summary.append(list(row))
    for r in range(1, summary.max_row + 1):
        cell = summary.cell(r, 2)
        if isinstance(cell.value, float | int):
            cell.number_format = money
        if summary.cell(r, 2).value is None and summary.cell(r, 1).value:
            summary.cell(r, 1).font = bold
    summary.column_dimensions["A"].width = 40
    summary.column_dimensions["B"].width = 22

    lines = wb.create_sheet("Lines")
    labels = [p["label"] for p in data["periods"]]
    head = ["section", "item", "name", "rate", "driver", "output", "quantity", "how",
            *labels, "total"]
    lines.append(head)
    for cell in lines[1]:
        cell.font = bold
    for i in data["items"]:
        lines.append([i["section"], i["what"], i["name"], i["rate"], i["driver"], i["output"],
                      i["quantity"], i["basis"], *(i["by_period"].get(lb, 0.0) for lb in labels),
                      i["total"]])
    first_money = len(head) - len(labels)
    for row in lines.iter_rows(min_row=2, min_col=first_money, max_col=len(head)):
        for cell in row:
            cell.number_format = money

    rates = wb.create_sheet("Rates")
    rates.append(["rate", "name", "driver", "amount", "per", "source", "assumption"])
    for cell in rates[1]:
        cell.font = bold
    for r in data["rates"]:
        rates.append([r["id"], r["name"], r["driver"], r["amount"], r["per"], r["source"],
                      "yes" if r["assumption"] else "no"])
    for row in rates.iter_rows(min_row=2, min_col=4, max_col=4):
        for cell in row:
            cell.number_format = money
    wb.save(path)
