"""The after-action review: the exercise replayed for the debrief.

One :class:`~impp.report.document.Document` (rendered to PDF by the planning
documents' renderer, and to a self-contained HTML page here): the injects
and every syndicate's revisions on a game timeline, each syndicate's
criteria over game time, what each revision changed (in planners' words:
items added, removed and changed, field by field), how each inject was
answered, the scores against the solution component by component, and the
directing staff's notes. Every figure comes from the exercise's status and
scores (:mod:`impp.exercise.analysis`) and the plans' summaries.
"""

from __future__ import annotations

import base64
from html import escape
from typing import Any

from impp.exercise import service
from impp.exercise.analysis import ExerciseScores, ExerciseStatus, RevisionSummary, scores, status
from impp.exercise.metrics import verdict_states
from impp.model import Sensitivity
from impp.report.document import Bullets, Document, Heading, Missing, Paragraph, Picture, Table
from impp.store.engine import Store
from impp.store.repository import Revision, log

#: Audit action of a directing staff's note.
NOTE_ACTION = "impp.exercise.note"


def add_note(store: Store, name: str, text: str, *, actor: str) -> None:
    """Keep a directing staff's note for the review (on record, never changed)."""
    from impp.exceptions import ExerciseError
    from impp.store.repository import audit, writing

    service.get(store, name)
    if not text.strip():
        raise ExerciseError("a note needs some text")
    with writing(store) as session:
        audit(session, NOTE_ACTION, actor, None, None, exercise=name, text=text.strip()[:4000],
              game_day=round(service.clock(store, name).now(), 2))


def notes(store: Store, name: str) -> list[dict[str, Any]]:
    """The directing staff's notes on exercise ``name``, oldest first (read by their
    action from the audit log, which holds every commit's entries besides)."""
    from sqlalchemy import select

    from impp.store.models import AuditRow

    with store.reading() as session:
        rows = session.scalars(select(AuditRow).where(AuditRow.action == NOTE_ACTION)
                               .order_by(AuditRow.id)).all()
        return [{"actor": r.actor, "time": r.time, "text": (r.data or {}).get("text", ""),
                 "game_day": (r.data or {}).get("game_day")}
                for r in rows if (r.data or {}).get("exercise") == name]


def _changes(old: Revision | None, new: Revision, limit: int = 8) -> list[str]:
    """What ``new`` changed from ``old``, in planners' words."""
    from impp.store.diff import diff_plans

    if old is None:
        return ["the scenario as handed out"]
    d = diff_plans(old.plan_object(), new.plan_object())
    lines = [f"added {a['section']} {a['name']}" for a in d["added"]]
    lines += [f"removed {r['section']} {r['name']}" for r in d["removed"]]
    for c in d["changed"]:
        fields = ", ".join(f"{f['field']} {f['old']} -> {f['new']}" for f in c["fields"][:3])
        more = f" (+{len(c['fields']) - 3} more)" if len(c["fields"]) > 3 else ""
        lines.append(f"{c['section']} {c['name']}: {fields}{more}")
    if len(lines) > limit:
        lines = [*lines[:limit], f"and {len(lines) - limit} more changes"]
    return lines or ["nothing changed in the plan"]


def _verdict_text(summary: dict[str, Any] | None) -> str:
    if not summary:
        return "-"
    states = list(verdict_states(summary).values())
    return (f"{states.count('met')} met, {states.count('at risk')} at risk, "
            f"{states.count('missed')} missed")


def timeline_chart(st: ExerciseStatus, series: dict[str, list[tuple[float, float]]],
                   edits: dict[str, list[float]]) -> bytes:
    """The game timeline: injects delivered (triangles) and members' revisions (dots) per
    syndicate, above each syndicate's criteria met over game time. PNG bytes."""
    from matplotlib.figure import Figure

    from impp.figures import figure_bytes

    fig = Figure(figsize=(9, 5.2))
    top, bottom = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [1, 1.2]})
    names = [s.name for s in st.syndicates]
    for row, s in enumerate(st.syndicates):
        top.scatter([d.game_day for d in s.delivered], [row + 0.15] * len(s.delivered),
                    marker="v", color="#c0392b", s=46, label="inject" if row == 0 else None)
        on_day: dict[float, list[str]] = {}
        for d in s.delivered:
            on_day.setdefault(round(d.game_day, 2), []).append(d.inject)
        for day, ids in on_day.items():  # one label a day: "I01, I02, I08"
            top.annotate(", ".join(ids), (day, row + 0.15), xytext=(-4, 6),
                         textcoords="offset points", fontsize=7, ha="right")
        days = edits.get(s.id, [])
        top.scatter(days, [row - 0.15] * len(days), marker="o", color="#1f5f99", s=22,
                    label="revision" if row == 0 else None)
        points = series.get(s.id, [])
        if points:
            bottom.step([p[0] for p in points], [p[1] for p in points], where="post",
                        label=s.name)
    top.set_yticks(range(len(names)), names)
    top.margins(x=0.08)
    top.set_ylim(-0.7, len(names) - 0.3)
    top.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7)
    top.set_title("Injects and revisions over game time")
    bottom.set_ylabel("criteria met")
    bottom.set_xlabel("game day")
    bottom.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7)
    bottom.grid(alpha=0.3)
    fig.tight_layout()
    return figure_bytes(fig, "png", dpi=110)


def build_review(store: Store, name: str, summary_of: RevisionSummary) -> Document:
    """The after-action review of exercise ``name`` as a document."""
    st = status(store, name, summary_of)
    sc = scores(store, name, summary_of)
    ex = st.exercise
    doc = Document(f"After-action review: {ex.name}",
                   f"Exercise {name}, at game day {st.game_day:.1f}", Sensitivity.unclassified)
    doc.heading("The exercise")
    doc.para(f"{len(st.syndicates)} syndicates planned from the scenario; {len(st.msel)} "
             f"injects in the MSEL, {sum(1 for r in st.msel if r.delivered)} fired. "
             f"Game clock: {'real time' if st.clock.rate else 'stepped by the directing staff'}.")
    doc.source(ex.source)
    series: dict[str, list[tuple[float, float]]] = {}
    edits: dict[str, list[float]] = {}
    histories: dict[str, list[tuple[Revision, float, dict[str, Any] | None]]] = {}
    for s in st.syndicates:
        revs = list(reversed(log(store, s.plan)))
        rows = [(r, st.clock.day_at(r.time), summary_of(r)) for r in revs]
        histories[s.id] = rows
        series[s.id] = [(day, float(list(verdict_states(sm).values()).count("met")))
                        for _, day, sm in rows if sm]
        edits[s.id] = [day for r, day, _ in rows if r.author != service.CONTROL]
    doc.blocks.append(Picture(timeline_chart(st, series, edits),
                              "Injects (triangles) and the syndicates' revisions (dots) on the "
                              "game timeline; below, each syndicate's criteria met."))
    _injects(doc, st, sc)
    _scores(doc, sc)
    for s in st.syndicates:
        doc.blocks.append(Heading(f"{s.name}: revisions", 2))
        table_rows = []
        previous: Revision | None = None
        for rev, day, summary in histories[s.id]:
            table_rows.append((str(rev.number), f"{day:.1f}", rev.author, rev.message[:90],
                               _verdict_text(summary)))
            if rev.author != service.CONTROL:
                doc.blocks.append(Paragraph(f"Revision {rev.number} (game day {day:.1f}, "
                                            f"{rev.author}): {rev.message}", "note"))
                doc.blocks.append(Bullets(tuple(_changes(previous, rev))))
            previous = rev
        doc.blocks.append(Table(("revision", "game day", "by", "message", "verdicts"),
                                tuple(table_rows)))
    doc.heading("Directing staff's notes")
    found = notes(store, name)
    if found:
        doc.blocks.append(Bullets(tuple(f"Game day {n['game_day']}: {n['text']} ({n['actor']})"
                                        for n in found)))
    else:
        doc.blocks.append(Missing(("No note was kept: `impp exercise note NAME TEXT` keeps "
                                   "one for the review.",), "Notes"))
    return doc


def _injects(doc: Document, st: ExerciseStatus, sc: ExerciseScores) -> None:
    doc.heading("The injects and the answers")
    answers = {(r.inject, s.id): r for s in sc.syndicates for r in s.responses}
    rows = []
    for m in st.msel:
        for s in st.syndicates:
            d = m.delivered.get(s.id)
            if d is None:
                continue
            r = answers.get((m.id, s.id))
            if r is None or not r.broke:
                answer = "broke nothing"
            elif r.days is None:
                answer = f"unanswered (broke {', '.join(r.broke)})"
            else:
                answer = f"answered in {r.days:.1f} game days (broke {', '.join(r.broke)})"
            rows.append((m.id, m.name, s.name, f"{d.game_day:.1f}",
                         "; ".join(d.applied) or "message only", answer))
    if rows:
        doc.blocks.append(Table(("inject", "what", "syndicate", "game day", "effect",
                                 "answer"), tuple(rows)))
    else:
        doc.para("No inject was delivered.")
    doc.blocks.append(Bullets(tuple(f"{m.id} ({m.when}, {m.sender}, {m.means}): {m.message} "
                                    f"Expected: {m.expected}" for m in st.msel)))


def _scores(doc: Document, sc: ExerciseScores) -> None:
    from impp.exercise.model import COMPONENTS

    doc.heading("Scores against the solution")
    rows = []
    for s in (*sc.syndicates, sc.solution):
        parts = {c.name: c for c in s.components}
        rows.append((s.name, "-" if s.score is None else f"{s.score:.1f}",
                     *[("-" if c not in parts or parts[c].score is None
                        else f"{parts[c].score:.0f}") for c in COMPONENTS]))
    doc.blocks.append(Table(("", "score", *COMPONENTS), tuple(rows)))
    for s in sc.syndicates:
        doc.blocks.append(Paragraph(f"{s.name}: {s.how}.", "note"))
        doc.blocks.append(Bullets(tuple(f"{c.name}: {c.value} ({c.how})"
                                        + (f"; solution: {c.solution}" if c.solution else "")
                                        for c in s.components)))


def render_review_html(doc: Document) -> str:
    """The review as one self-contained HTML page (escaped text, inline PNG)."""
    parts = ["<!doctype html><html lang='en'><meta charset='utf-8'>",
             f"<title>{escape(doc.title)}</title>",
             "<style>body{font-family:sans-serif;max-width:70em;margin:2em auto;color:#222}"
             "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;"
             "padding:.25em .5em;font-size:.9em;text-align:left}th{background:#eef}"
             ".note{color:#444}.source{color:#666;font-style:italic}img{max-width:100%}"
             ".missing{border-left:4px solid #c0392b;padding-left:1em}</style>",
             f"<h1>{escape(doc.title)}</h1><p>{escape(doc.subtitle)}</p>"]
    for block in doc.blocks:
        if isinstance(block, Heading):
            level = min(6, block.level + 1)
            parts.append(f"<h{level}>{escape(block.text)}</h{level}>")
        elif isinstance(block, Paragraph):
            parts.append(f"<p class='{escape(block.style)}'>{escape(block.text)}</p>")
        elif isinstance(block, Bullets):
            parts.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in block.items)
                         + "</ul>")
        elif isinstance(block, Table):
            head = "".join(f"<th>{escape(c)}</th>" for c in block.columns)
            body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>"
                           for row in block.rows)
            parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        elif isinstance(block, Picture):
            data = base64.b64encode(block.png).decode("ascii")
            parts.append(f"<figure><img alt='{escape(block.caption)}' "
                         f"src='data:image/png;base64,{data}'><figcaption>"
                         f"{escape(block.caption)}</figcaption></figure>")
        elif isinstance(block, Missing):
            parts.append(f"<div class='missing'><h3>{escape(block.title)}</h3><ul>"
                         + "".join(f"<li>{escape(i)}</li>" for i in block.items)
                         + "</ul></div>")
    parts.append("</html>\n")
    return "\n".join(parts)
