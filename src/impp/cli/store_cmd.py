"""`impp store init`, `commit`, `log`, `show`, `checkout`, `diff`, `decide`, `status`.

The store is ``impp.db`` in the working directory unless ``--store`` or
``IMPP_DATABASE_URL`` names another (a SQLite path or a ``postgresql://`` URL).
Every error is a message and exit status 2, never a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from rich.markup import escape
from rich.table import Table

from impp.cli.common import (
    console,
    emit_json,
    fail,
    format_option,
    guard,
    load_or_exit,
    markup_safe,
    reader_option,
    withheld_block,
)
from impp.store.location import AUTHOR_ENV, DEFAULT_STORE, STORE_ENV

if TYPE_CHECKING:
    # Imported where used: a read-only command whose answer is kept
    # (:func:`impp.cache.store_view`) needs neither SQLAlchemy nor the plan
    # model (together about a second of a command that should answer at once).
    from impp.model.plan import Plan
    from impp.store.engine import Store
    from impp.store.repository import Revision

F = TypeVar("F", bound=Callable[..., Any])


def store_option(func: F) -> F:
    """``--store URL``: a SQLite file path or a ``postgresql://`` URL."""
    return click.option(
        "--store", "store_location", metavar="URL", default=None,
        help=f"The store: a SQLite file path or a postgresql:// URL "
             f"[default: ${STORE_ENV}, else {DEFAULT_STORE}].",
    )(func)


def author_option(func: F) -> F:
    """``--author NAME``."""
    return click.option(
        "--author", default=None,
        help=f"Who makes the change [default: ${AUTHOR_ENV}, else the login name].",
    )(func)


@contextmanager
def _opened(location: str | None) -> Iterator[Store]:
    """The store, for one command; a person ``IMPP_USER`` names must be one of its
    people (reading or writing: nobody acts under a name the store does not know)."""
    from impp.store.engine import open_store
    from impp.store.users import USER_ENV, acting_user

    store = open_store(location)
    try:
        if os.environ.get(USER_ENV, "").strip():
            # raises for a name the store does not know; what they read is theirs
            store.reader = acting_user(store)
        yield store
    finally:
        store.close()


def _first_line(text: str) -> str:
    return text.splitlines()[0] if text else ""


# -- store init ---------------------------------------------------------------------


@click.group("store")
def store_group() -> None:
    """The revision store (SQLite by default, or PostgreSQL)."""


@store_group.command("init")
@store_option
@format_option
@guard
def init_command(store_location: str | None, fmt: str) -> None:
    """Create the store, or upgrade its schema to this version of impp."""
    from impp.store.engine import FILE_MODE, head_version, init_store

    store = init_store(store_location)
    try:
        data: dict[str, Any] = {"store": store.where, "backend": store.dialect,
                                "schema": head_version()}
        if store.dialect == "sqlite":
            data["mode"] = f"{FILE_MODE:04o}"
    finally:
        store.close()
    if fmt == "json":
        emit_json(data)
    else:
        private = (f" Its files are readable by their owner only (mode {data['mode']}): it "
                   "holds every marking's items and the password hashes."
                   if "mode" in data else "")
        click.echo(f"Store ready: {data['store']} ({data['backend']}, schema "
                   f"{data['schema']}).{private}")


# -- commit, log, show, checkout -------------------------------------------------------


@click.command("commit")
@click.argument("file", required=False, type=click.Path(path_type=Path, dir_okay=True))
@click.option("-m", "--message", required=True, help="What changed and why.")
@click.option("--strict", is_flag=True,
              help="Refuse the commit when visible text names an item marked above it "
                   "(spillage); without it, the places are printed as warnings.")
@click.option("--parent", metavar="REV", default=None,
              help="The revision your edit started from: id, number or baseline "
                   "(required once the plan has a revision).")
@click.option("--plan", "plan_name", metavar="NAME", default=None,
              help="The plan's name in the store [default: the mission id].")
@author_option
@store_option
@format_option
@guard
def commit_command(file: Path | None, message: str, strict: bool, parent: str | None,
                   plan_name: str | None, author: str | None, store_location: str | None,
                   fmt: str) -> None:
    """Store FILE (a plan file or folder; none: Carana) as a new revision.

    Refused, with nothing stored, when another revision landed after PARENT.
    """
    if file is not None and not file.exists():
        fail(f"{file}: no such file or folder")
    from impp.spillage import spillage
    from impp.store.repository import commit_result

    plan = load_or_exit(file)
    spilled = spillage(plan, message)
    for f in spilled:
        click.echo(f"warning clearance.spillage: {f.message}", err=True)
    if spilled and strict:
        fail(f"{len(spilled)} place{'s' if len(spilled) != 1 else ''} of visible text name "
             "an item marked above it (above); nothing was committed (--strict)")
    with _opened(store_location) as store:
        result = commit_result(store, plan, message, author=author,
                               parent=parent, name=plan_name)
    rev = result.revision
    if fmt == "json":
        emit_json({"plan": rev.plan, "created": result.created, **rev.as_dict()})
    elif result.created:
        since = f", parent {rev.parent}" if rev.parent else ""
        click.echo(f"Committed {rev.plan}@{rev.id} (revision {rev.number}{since}) "
                   f"by {rev.author}.")
    else:
        click.echo(f"Nothing to commit: the plan is identical to {rev.plan}@{rev.id}.")


@click.command("log")
@click.argument("plan")
@click.option("-n", "--limit", type=click.IntRange(min=1), default=None,
              help="Show only the newest N revisions.")
@click.option("--audit", is_flag=True,
              help="Show the plan's audit log (every state change, oldest first) instead.")
@store_option
@format_option
@guard
def log_command(plan: str, limit: int | None, audit: bool, store_location: str | None,
                fmt: str) -> None:
    """The revisions of PLAN, newest first (or, with --audit, its audit log)."""
    from impp.cache import store_view

    if audit:
        _audit(plan, store_location, fmt)
        return

    def compute() -> list[dict[str, Any]]:
        from impp.clearance import clearance, reader_level
        from impp.store.repository import baselines, head, log

        with _opened(store_location) as store:
            revisions = log(store, plan, limit)
            frozen: dict[str, list[str]] = {}
            for b in baselines(store, plan):
                frozen.setdefault(b.revision, []).append(b.name)
            # a message that names an item above the reader's clearance is withheld
            reader = clearance(head(store, plan).plan_object(), reader_level(store=store))
        return [{**r.as_dict(), "message": reader.message(r.message),
                 "baselines": frozen.get(r.id, [])} for r in revisions]

    rows = store_view("log", store_location, (plan, limit), compute)
    if fmt == "json":
        emit_json(rows)
        return
    table = Table(title=escape(f"Revisions of {plan}, newest first"))
    for column in ("#", "id", "time (UTC)", "author", "message", "parent", "baselines"):
        table.add_column(column)
    for r in markup_safe(rows):  # authors and messages print as written
        table.add_row(str(r["number"]), r["id"], _when(r["time"]), r["author"],
                      _first_line(r["message"]), r["parent"] or "-", ", ".join(r["baselines"]))
    console().print(table)


def _when(iso: str) -> str:
    """A stored time as the tables show it (UTC, to the second)."""
    import datetime as dt

    return dt.datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M:%S")


def _audit(plan: str, store_location: str | None, fmt: str) -> None:
    from impp.cache import store_view

    def compute() -> dict[str, Any]:
        from impp.store.repository import audit_log, get_revision

        with _opened(store_location) as store:
            head = get_revision(store, plan)  # says so when there is no such plan
            entries = audit_log(store, plan)
        return {"head": head.id, "entries": [e.as_dict() for e in entries]}

    data = store_view("audit", store_location, (plan,), compute)
    if fmt == "json":
        emit_json(data["entries"])
        return
    table = Table(title=escape(f"Audit log of {plan} (newest revision {data['head']})"))
    for column in ("#", "time (UTC)", "actor", "action", "revision", "details"):
        table.add_column(column)
    for e in markup_safe(data["entries"]):
        details = ", ".join(f"{k}={v}" for k, v in e["data"].items() if v not in (None, [], ""))
        table.add_row(str(e["id"]), _when(e["time"]), e["actor"], e["action"],
                      e["revision"] or "-", details)
    console().print(table)


@click.command("show")
@click.argument("ref", metavar="PLAN[@REV]")
@click.option("--summary", is_flag=True, help="Show the plan's summary instead of its YAML.")
@click.option("--format", "fmt", type=click.Choice(["yaml", "table", "json"]), default="yaml",
              show_default=True, help="YAML (the plan file), a table, or JSON for scripts.")
@store_option
@reader_option
@guard
def show_command(ref: str, summary: bool, fmt: str, store_location: str | None,
                 max_sensitivity: str | None) -> None:
    """Print a stored revision: the plan file (YAML), or its summary."""
    from impp.cache import store_view

    def compute() -> tuple[str, Any]:
        from impp.clearance import clearance, reader_level
        from impp.store.repository import get_revision

        with _opened(store_location) as store:
            rev = get_revision(store, ref)
            level = reader_level(max_sensitivity, store=store)
            plan = rev.plan_object()
            reader = clearance(plan, level)
            if summary:
                from impp.store.summaries import stored_summary

                whole = stored_summary(store, plan)
        revision = {"plan": rev.plan, **rev.as_dict()}
        if summary:
            from impp.views import for_reader

            return "summary", {"revision": revision, "summary": for_reader(whole, reader)}
        if fmt == "json":
            out: dict[str, Any] = {"revision": revision, "document": reader.document(plan)}
            block = withheld_block(reader, 0)
            if block:
                out["withheld"] = block
            return "json", out
        return "yaml", _yaml_with_header(rev, plan, reader)

    kind, shown = store_view("show", store_location,
                             (ref, summary, fmt, max_sensitivity), compute)
    if kind == "summary" and fmt != "json":
        from impp.cli.plan_cmd import render_summary

        render_summary(shown["summary"])
    elif kind in ("summary", "json"):
        emit_json(shown)
    else:
        click.echo(shown, nl=False)


def _yaml_with_header(rev: Revision, plan: Plan, reader: Any = None) -> str:
    from impp.io import dump_plan

    header = (f"# {rev.plan}@{rev.id} (revision {rev.number}) by {rev.author}, "
              f"{rev.time.isoformat()}\n# {_first_line(rev.message)}\n")
    if reader is None or not reader.withholds:
        return header + dump_plan(plan)
    from impp.io.yaml_io import dump_document

    note = f"# {reader.note()} This is a reader's copy: it cannot be committed.\n"
    return header + note + dump_document(reader.document(plan))


@click.command("checkout")
@click.argument("ref", metavar="PLAN[@REV]")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="The plan file to write.")
@click.option("--force", is_flag=True, help="Overwrite the file if it exists.")
@store_option
@format_option
@guard
def checkout_command(ref: str, output: Path, force: bool, store_location: str | None,
                     fmt: str) -> None:
    """Write a stored revision to a plan file (edit it, then commit with --parent)."""
    from impp.clearance import clearance, reader_level
    from impp.store.repository import get_revision

    with _opened(store_location) as store:
        rev = get_revision(store, ref)
        level = reader_level(None, store=store)
    plan = rev.plan_object()
    reader = clearance(plan, level)
    if reader.withholds:
        fail(f"{rev.plan}@{rev.id} holds {reader.omitted_items} items marked above your "
             f"clearance ({level.value}): a checkout is the whole plan, to edit and commit "
             f"back, so it needs a reader cleared to {plan.highest_sensitivity.value}. "
             f"`impp show {rev.plan}@{rev.id}` prints what you may see")
    if output.exists() and not force:
        fail(f"{output} exists: choose another file with -o, or add --force to overwrite it")
    if not output.parent.exists():
        fail(f"cannot write {output}: folder {output.parent} does not exist")
    output.write_text(_yaml_with_header(rev, plan), encoding="utf-8")
    if fmt == "json":
        emit_json({"file": str(output), "plan": rev.plan, "revision": rev.id,
                   "content_hash": rev.content_hash})
    else:
        click.echo(f"Wrote {output} from {rev.plan}@{rev.id}. After editing it: "
                   f"impp commit {output} --plan {rev.plan} --parent {rev.id} -m '...'")


# -- diff --------------------------------------------------------------------------------


def _side(store: Store, ref: str) -> tuple[str, Plan]:
    """A diff side: a stored revision, or a plan file when the path exists."""
    from impp.store.repository import get_revision

    if os.path.exists(ref):
        return ref, load_or_exit(Path(ref))
    rev = get_revision(store, ref)
    return f"{rev.plan}@{rev.id}", rev.plan_object()


@click.command("diff")
@click.argument("old", metavar="PLAN@A")
@click.argument("new", metavar="PLAN@B", required=False)
@store_option
@format_option
@reader_option
@guard
def diff_command(old: str, new: str | None, store_location: str | None, fmt: str,
                 max_sensitivity: str | None) -> None:
    """What changed from A to B: items added, removed, changed; results that moved.

    B defaults to the plan's newest revision. Either side may be a plan file.
    """
    from impp.clearance import clearance, reader_level
    from impp.store.diff import diff_plans, diff_summaries

    with _opened(store_location) as store:
        if new is None:
            if os.path.exists(old):
                fail(f"{old} is a plan file: say what to compare it with, e.g. "
                     f"`impp diff carana {old}`")
            new = old.split("@", 1)[0]
        old_name, old_plan = _side(store, old)
        new_name, new_plan = _side(store, new)
        level = reader_level(max_sensitivity, store=store)
        from impp.store.summaries import stored_summary

        # a plan file's summary is kept too: it is keyed by content, not by name
        results = diff_summaries(stored_summary(store, old_plan),
                                 stored_summary(store, new_plan))
    # what either side withholds is withheld from the whole diff
    old_reader, new_reader = clearance(old_plan, level), clearance(new_plan, level)
    items = diff_plans(old_plan, new_plan)
    data: dict[str, Any] = {"from": old_name, "to": new_name, "items": items,
                            "results": results}
    dropped = 0
    for reader in (old_reader, new_reader):
        data, n = reader.redact_counted(data)
        dropped += n
    block = withheld_block(new_reader if new_reader.withholds else old_reader, dropped)
    if block:
        data["withheld"] = block
    if fmt == "json":
        emit_json(data)
        return
    _render_diff(escape(old_name), escape(new_name), markup_safe(data["items"]),
                 markup_safe(data["results"]))
    if block:
        console().print(f"[bold]{block['note']}[/]")


def _value(v: Any) -> str:
    return "-" if v is None else str(v)


def _render_diff(old: str, new: str, items: dict[str, Any], results: dict[str, Any]) -> None:
    from impp.store.diff import is_empty

    out = console()
    out.rule(f"[bold]{old} → {new}[/]")
    if is_empty(items) and is_empty(results):
        out.print("No change.")
        return
    for item in items["added"]:
        out.print(f"[green]+ {item['section']}/{item['id']}[/]  {item['name']}")
    for item in items["removed"]:
        out.print(f"[red]- {item['section']}/{item['id']}[/]  {item['name']}")
    for item in items["changed"]:
        out.print(f"[yellow]~ {item['section']}/{item['id']}[/]  {item['name']}")
        for f in item["fields"]:
            out.print(f"    {f['field']}: {_value(f['old'])} → {_value(f['new'])}")
    changes = [("process", c) for c in results["process"]]
    changes += [("event " + c["id"], c) for c in results["events"]]
    changes += [("criterion " + c["id"], c) for c in results["criteria"]]
    if changes:
        table = Table(title="Results that changed")
        for column in ("what", "field", "from", "to", "moved (days)"):
            table.add_column(column)
        for what, c in changes:
            moved = c.get("moved_days")
            table.add_row(what, c["field"], _value(c["old"]), _value(c["new"]),
                          "-" if moved is None else f"{moved:+g}")
        out.print(table)
    for f in results["findings_new"]:
        out.print(f"[red]new finding[/] {f['severity']} {f['code']}: {f['message']}")
    for f in results["findings_resolved"]:
        out.print(f"[green]resolved[/] {f['severity']} {f['code']}: {f['message']}")
    for f in results["findings_changed"]:
        out.print(f"[yellow]changed[/] {f['severity']} {f['code']}: {f['new']}\n"
                  f"    (was: {f['old']})")


# -- decide, status ------------------------------------------------------------------------


@click.command("decide")
@click.argument("plan")
@click.argument("decision")
@click.option("--by", "role", default=None, metavar="ROLE",
              help="The role taking the decision (`impp process` lists roles), e.g. srsg "
                   "[default: the decision's decider].")
@click.option("--note", default=None, help="A note recorded with the decision.")
@store_option
@format_option
@guard
def decide_command(plan: str, decision: str, role: str | None, note: str | None,
                   store_location: str | None, fmt: str) -> None:
    """Pass decision point DECISION on PLAN's newest revision, as ROLE.

    The person deciding is $IMPP_USER, who must hold ROLE (`impp user`).
    Refused (nothing changes) unless the plan stands in the decision's level,
    has every output the IMPP requires for it, and ROLE is the decider.
    Passing it records the decision, moves the plan to the next level,
    commits that revision and freezes a baseline named after the decision.
    """
    from impp.process.catalogue import load_process
    from impp.store.decisions import decide

    with _opened(store_location) as store:
        outcome = decide(store, plan, decision, role, note=note)
    if fmt == "json":
        emit_json(outcome.as_dict())
        return
    name = load_process().decision(outcome.decision).name
    click.echo(
        f"Decision point {outcome.decision} passed by {outcome.role}: {name}.\n"
        f"{outcome.plan} moves from Level {outcome.from_level} to Level {outcome.to_level}; "
        f"revision {outcome.revision.id}, baseline {outcome.baseline!r} frozen."
    )


def status_data(store: Store, plan_name: str) -> dict[str, Any]:
    """Where a stored plan stands: level, next decisions, decisions taken, baselines."""
    from impp.clearance import clearance, reader_level
    from impp.process.catalogue import load_process
    from impp.store.decisions import decision_problems, decision_source
    from impp.store.repository import baselines, decisions_taken, get_revision

    head = get_revision(store, plan_name)
    plan = head.plan_object()
    reader = clearance(plan, reader_level(store=store))
    process = load_process()
    recorded = decisions_taken(store, plan_name)
    taken: list[dict[str, Any]] = []
    for record in plan.process.decisions:
        match = next((r for r in recorded if r["decision"] == record.decision), None)
        if match is not None:
            recorded.remove(match)
        # taken through the decision service in this store, or only stated in the plan;
        # a note naming an item above the reader's clearance is withheld
        taken.append({**record.model_dump(mode="json"),
                      "note": reader.message(record.note or "") or None,
                      "revision": match["revision"] if match else None,
                      "author": match["author"] if match else None,
                      "verified": match is not None})
    level_id = plan.process.level
    level = process.level(level_id) if level_id in process.level_ids else None
    next_decisions = []
    for point in level.decisions if level else ():
        produced = set(plan.process.outputs)
        next_decisions.append({
            "id": point.id, "name": point.name, "decider": point.decider,
            "required_outputs": list(point.required_outputs),
            "missing_outputs": [o for o in point.required_outputs if o not in produced],
            "ready": not decision_problems(plan, point, point.decider, process),
            "source": decision_source(point, process),
        })
    return {
        "plan": plan_name,
        "head": head.as_dict(),
        "level": level_id,
        "level_name": level.name if level else None,
        "stage": level.stage if level else None,
        "outputs": list(plan.process.outputs),
        "next_decisions": next_decisions,
        "decisions": taken,
        "baselines": [b.as_dict() for b in baselines(store, plan_name)],
    }


@click.command("status")
@click.argument("plan")
@store_option
@format_option
@guard
def status_command(plan: str, store_location: str | None, fmt: str) -> None:
    """Where PLAN stands: IMPP level, next decision points, decisions taken, baselines."""
    from impp.cache import store_view

    def compute() -> dict[str, Any]:
        with _opened(store_location) as store:
            return status_data(store, plan)

    data = store_view("status", store_location, (plan,), compute)
    if fmt == "json":
        emit_json(data)
        return
    data = markup_safe(data)  # names, authors and messages print as written
    out = console()
    head = data["head"]
    out.rule(f"[bold]{escape(plan)}[/]")
    out.print(f"Newest revision: {head['id']} (revision {head['number']}) by {head['author']}, "
              f"{head['time']}: {_first_line(head['message'])}")
    out.print(f"Level {data['level']} {data['level_name'] or '(unknown level)'} "
              f"(stage {data['stage'] or '-'})")
    for d in data["next_decisions"]:
        state = "ready" if d["ready"] else "missing: " + (", ".join(d["missing_outputs"]) or "-")
        out.print(f"Next decision point: {d['id']} ({d['name']}), by {d['decider']}; {state}")
    table = Table(title="Decisions taken")
    for column in ("decision", "by", "date", "revision", "verified", "note"):
        table.add_column(column)
    for d in data["decisions"]:
        table.add_row(d["decision"], d["by"], _value(d.get("date")), _value(d["revision"]),
                      "yes" if d.get("verified") else
                      "unverified: stated in the plan, not taken with impp decide here",
                      _value(d.get("note")))
    out.print(table)
    btable = Table(title="Baselines")
    for column in ("name", "revision", "decision", "author", "time (UTC)"):
        btable.add_column(column)
    for b in data["baselines"]:
        btable.add_row(b["name"], b["revision"], _value(b["decision"]), b["author"], b["time"])
    out.print(btable)
