"""`impp process`: the IMPP's levels, outputs and decision points."""

from __future__ import annotations

from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from impp.cli.common import console, emit_json, format_option
from impp.process.catalogue import DecisionPoint, load_process


def _decision(d: DecisionPoint) -> dict[str, Any]:
    return {
        "id": d.id,
        "name": d.name,
        "decider": d.decider,
        "text": d.text,
        "required_outputs": list(d.required_outputs),
        "next_level": d.next_level,
        "guideline_decision": d.guideline_decision,
    }


def process_data() -> dict[str, Any]:
    """The IMPP as JSON-ready data.

    >>> [lv["id"] for lv in process_data()["levels"]][:2]
    ['1.1', '1.2']
    """
    p = load_process()
    return {
        "source_document": p.source_document,
        "roles": [r.model_dump() for r in p.roles],
        "task_force_minimum": [b.model_dump() for b in p.branches.minimum],
        "task_force_source": p.branches.source,
        "entry_decision": _decision(p.entry_decision),
        "triggers": [k.model_dump() for k in p.triggers.kinds],
        "triggers_source": p.triggers.source,
        "moments": [m.model_dump() for m in p.moments],
        "levels": [
            {
                "id": lv.id,
                "number": lv.number,
                "stage": lv.stage,
                "name": lv.name,
                "objective": lv.objective,
                "responsibility": lv.responsibility,
                "phase_start": lv.phase_start,
                "phase_end": lv.phase_end,
                "starts_with": lv.starts_with,
                "ends_with": lv.ends_with,
                "timeframe": lv.timeframe.model_dump(),
                "outputs": [o.model_dump() for o in lv.outputs],
                "decision_points": [_decision(d) for d in lv.decisions],
                "source": lv.source,
            }
            for lv in p.levels
        ],
    }


@click.command("process")
@format_option
def process_command(fmt: str) -> None:
    """Print the IMPP: levels, outputs, decision points and the task force."""
    data = process_data()
    if fmt == "json":
        emit_json(data)
        return
    out = console()
    out.rule("[bold]Integrated Missions Planning Process (IMPP)[/]")
    table = Table(show_lines=True)
    for col in ("level", "objective / responsibility", "key outputs (and steps)", "decision point",
                "timeframe"):
        table.add_column(col)
    for lv in data["levels"]:
        outputs = "\n".join(f"{o['name']} [{o['id']}]" for o in lv["outputs"] if o["key"])
        steps = [f"{o['name']} [{o['id']}]" for o in lv["outputs"] if not o["key"]]
        if steps:
            outputs += "\nSteps (no decision waits for them):\n" + "\n".join(steps)
        decisions = "\n".join(
            f"{d['name']} [{d['id']}] — by {d['decider']}"
            + ("" if d["guideline_decision"] else " (the phase's end, not a decision point)")
            for d in lv["decision_points"]
        )
        table.add_row(
            escape(f"{lv['id']} {lv['name']}\n(stage {lv['stage']})\n{lv['source']}"),
            escape(f"{lv['objective']}\n\n{lv['responsibility']}\n\nStarts: {lv['phase_start']}"
            + (f" [{lv['starts_with']}]" if lv["starts_with"] else "")
            + f"\nEnds: {lv['phase_end']}"
            + (f" [{lv['ends_with']}]" if lv["ends_with"] else "")),
            escape(outputs),
            escape(decisions),
            escape(lv["timeframe"]["text"]),
        )
    out.print(table)
    members = ", ".join(b["name"] for b in data["task_force_minimum"])
    out.print(f"Task force (IMTF) minimum membership: {members}. ({data['task_force_source']})")
    out.print("Triggers (process.trigger.kind): " + "; ".join(
        f"{k['id']}: {k['name']}" for k in data["triggers"]) + f". ({data['triggers_source']})")
    out.print("Moments a plan's events may mark (events: marks), so that each level's "
              "timeframe is checked on the plan's timeline: "
              + ", ".join(m["id"] for m in data["moments"]) + ".")
