"""`impp exercise`: training exercises with syndicates, injects, scores and a review."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from rich.table import Table

from impp.cli.common import console, emit_json, fail, format_option, guard
from impp.cli.store_cmd import _opened, store_option


@click.group("exercise")
def exercise_group() -> None:
    """Training exercises: syndicates, injects, the game clock, scores, the review."""


def _actor(store: Any, action: str) -> str:
    """The trainer who acts (a store with people), else the login name."""
    from impp.store.repository import default_author
    from impp.store.users import authorise_write

    actor = authorise_write(store, action, roles=("trainer", "admin"))
    return actor.name if actor is not None else default_author()


def _progress(text: str) -> None:
    click.echo(f"impp: {text}", err=True)


def _summaries(store: Any) -> Any:
    """Each revision's summary, analysed (and kept in the store) where it is not yet."""
    from impp.exercise.analysis import stored_or_computed

    return stored_or_computed(
        store, lambda rev: _progress(f"analysing {rev.plan} revision {rev.number}"))


@exercise_group.command("new")
@click.argument("name")
@click.option("--from", "source", default="carana", show_default=True, metavar="carana|FILE",
              help="The exercise: 'carana' (the embedded Carana map exercise) or an "
                   "exercise file.")
@click.option("--syndicates", type=click.IntRange(1, 26), default=None,
              help="How many syndicates [default: the exercise file's].")
@store_option
@format_option
@guard
def new_command(name: str, source: str, syndicates: int | None, store_location: str | None,
                fmt: str) -> None:
    """Create exercise NAME in the store: its syndicates' plans, the solution, its people.

    Each person created gets a one-time password, printed once: they sign in to
    the workspace (`impp serve`) with it and choose their own.
    """
    from impp.exercise import service
    from impp.exercise.loader import carana_exercise_path, load_exercise
    from impp.store.engine import init_store

    path = carana_exercise_path() if source == "carana" else Path(source)
    loaded = load_exercise(path)
    store = init_store(store_location)
    try:
        created = service.create(store, name, loaded, syndicates=syndicates)
    finally:
        store.close()
    stored = created.exercise
    if fmt == "json":
        emit_json({"exercise": stored.name, "from": str(path),
                   "solution": stored.solution_plan, "syndicates": [
                       {"id": s, "plan": p, "members": [u for u, x in stored.members.items()
                                                        if x == s]}
                       for s, p in stored.plans.items()],
                   "trainers": list(stored.exercise.trainers),
                   "passwords": created.passwords, "enrolled": list(created.enrolled)})
        return
    ex = stored.exercise
    click.echo(f"Created exercise {stored.name}: {ex.name}, from {path.name}.")
    click.echo(f"  Solution (directing staff only): plan {stored.solution_plan}")
    for sid, plan in stored.plans.items():
        members = [u for u, s in stored.members.items() if s == sid]
        click.echo(f"  {sid}: plan {plan}, members {', '.join(members)}")
    click.echo(f"  Trainers: {', '.join(ex.trainers)}; {len(ex.injects)} injects in the MSEL; "
               f"game clock {ex.clock.mode} from day {ex.clock.start_day:g}.")
    if created.passwords:
        click.echo("One-time passwords (shown once; each person chooses their own at the "
                   "first sign-in):")
        for user, password in created.passwords.items():
            click.echo(f"  {user}  {password}")
    if created.enrolled:
        click.echo(f"Already in the store, enrolled: {', '.join(created.enrolled)}")


@exercise_group.command("list")
@store_option
@guard
def list_command(store_location: str | None) -> None:
    """The exercises of the store."""
    from impp.exercise import service

    with _opened(store_location) as store:
        found = service.names(store)
    click.echo("\n".join(found) if found else
               "No exercise yet: `impp exercise new NAME --from carana` creates one.")


@exercise_group.command("status")
@click.argument("name")
@store_option
@format_option
@guard
def status_command(name: str, store_location: str | None, fmt: str) -> None:
    """Game time, the injects fired and each syndicate's plan and verdicts."""
    from impp.exercise.analysis import status

    with _opened(store_location) as store:
        _overseer(store, "read the exercise's status")
        st = status(store, name, _summaries(store))
    if fmt == "json":
        emit_json(st.as_dict())
        return
    out = console()
    mode = (f"running at {st.clock.rate:g} game days an hour" if st.clock.rate
            else "stepped by the directing staff")
    fired = sum(1 for r in st.msel if r.delivered)
    out.print(f"[bold]{st.exercise.name}[/bold] ({st.name}): game day {st.game_day:.1f}, "
              f"clock {mode}; {fired} of {len(st.msel)} injects fired.")
    table = Table(title="Syndicates")
    for column in ("syndicate", "plan", "revision", "by", "edits", "met", "at risk", "missed",
                   "injects"):
        table.add_column(column)
    for s in st.syndicates:
        v = s.verdicts or {}
        table.add_row(s.name, s.plan, f"{s.head.number} ({s.head.id[:7]})", s.head.author,
                      str(s.revisions), str(v.get("met", 0)), str(v.get("at risk", 0)),
                      str(v.get("missed", 0)), ", ".join(d.inject for d in s.delivered) or "-")
    out.print(table)
    msel = Table(title="MSEL")
    for column in ("inject", "when", "from", "means", "what", "fired"):
        msel.add_column(column)
    for r in st.msel:
        fired_text = "; ".join(f"{k} day {d.game_day:g}" for k, d in r.delivered.items())
        msel.add_row(r.id, r.when, r.sender, r.means, r.name, fired_text or "-")
    out.print(msel)


def _overseer(store: Any, action: str) -> None:
    """Exercise-wide views are the directing staff's (a syndicate member sees their own)."""
    from impp.store.users import PermissionDeniedError, acting_user

    user = acting_user(store)
    if user is not None and not {"trainer", "admin"} & set(user.roles):
        raise PermissionDeniedError(f"{user.name} plays in an exercise and may not {action}: "
                                    "that is the directing staff's (trainer)")


@exercise_group.command("advance")
@click.argument("name")
@click.option("--days", type=float, default=None, help="Game days to move on.")
@click.option("--to", "to_day", type=float, default=None, help="The game day to set.")
@store_option
@guard
def advance_command(name: str, days: float | None, to_day: float | None,
                    store_location: str | None) -> None:
    """Move the game clock on (trainer), then deliver the injects now due."""
    from impp.exercise import service

    if (days is None) == (to_day is None):
        fail("give --days N or --to DAY")
    with _opened(store_location) as store:
        actor = _actor(store, "move the game clock")
        day = service.advance(store, name, to_day=to_day, by_days=days, actor=actor)
        click.echo(f"Game day {day:g}.")
        _report(service.tick(store, name, summary_of=_plan_summaries(store), actor=actor))


def _plan_summaries(store: Any) -> Any:
    from impp.store.repository import records

    summary = _summaries(store)
    return lambda plan: summary(records(store, plan)[0])


def _report(delivered: list[Any]) -> None:
    if not delivered:
        click.echo("No inject due.")
    for d in delivered:
        line = f"Inject {d.inject} delivered to {d.syndicate} at game day {d.game_day:g}"
        line += f" (revision {d.revision})" if d.revision else " (no change to the plan)"
        if d.trigger:
            line += f": {d.trigger}"
        click.echo(line + ".")
        for s in d.skipped:
            click.echo(f"  skipped: {s}")


@exercise_group.command("tick")
@click.argument("name")
@store_option
@guard
def tick_command(name: str, store_location: str | None) -> None:
    """Deliver the injects now due: by game time, or by trigger on a syndicate's plan."""
    from impp.exercise import service

    with _opened(store_location) as store:
        actor = _actor(store, "deliver injects")
        _report(service.tick(store, name, summary_of=_plan_summaries(store), actor=actor))


@exercise_group.command("inject")
@click.argument("name")
@click.argument("inject")
@click.option("--syndicate", "syndicates", multiple=True,
              help="Deliver to this syndicate only (repeat for several) [default: all].")
@store_option
@guard
def inject_command(name: str, inject: str, syndicates: tuple[str, ...],
                   store_location: str | None) -> None:
    """Deliver INJECT now (trainer): its effect to each syndicate's plan, once."""
    from impp.exercise import service

    with _opened(store_location) as store:
        actor = _actor(store, "deliver an inject")
        found = service.deliver(store, name, inject, actor=actor,
                                syndicates=list(syndicates) or None)
    for d in found:
        if not d.new:
            click.echo(f"Inject {d.inject} was delivered to {d.syndicate} already (game day "
                       f"{d.game_day:g}, by {d.actor}): nothing changed.")
    if any(d.new for d in found):
        _report([d for d in found if d.new])


@exercise_group.command("messages")
@click.argument("name")
@store_option
@format_option
@guard
def messages_command(name: str, store_location: str | None, fmt: str) -> None:
    """The injects your syndicate has received ($IMPP_USER; a trainer sees every one)."""
    from impp.exercise.views import messages

    with _opened(store_location) as store:
        from impp.store.users import acting_user

        found = messages(store, name, acting_user(store, required="read your messages"))
    if fmt == "json":
        emit_json(found)
        return
    if not found:
        click.echo("No message yet.")
    for m in found:
        click.echo(f"[game day {m['game_day']:g}] {m['inject']} to {m['syndicate']}, from "
                   f"{m['sender']} ({m['means']}): {m['name']}\n  {m['message']}")


@exercise_group.command("score")
@click.argument("name")
@store_option
@format_option
@guard
def score_command(name: str, store_location: str | None, fmt: str) -> None:
    """Each syndicate's score against the solution, component by component."""
    from impp.exercise.analysis import scores

    with _opened(store_location) as store:
        _overseer(store, "read the scores")
        found = scores(store, name, _summaries(store))
    if fmt == "json":
        emit_json(found.as_dict())
        return
    from impp.exercise.model import COMPONENTS

    table = Table(title=f"Scores of {name} at game day {found.game_day:.1f}")
    table.add_column("syndicate")
    table.add_column("score")
    for c in COMPONENTS:
        table.add_column(c)
    for s in (*found.syndicates, found.solution):
        parts = {c.name: c for c in s.components}
        table.add_row(s.name, "-" if s.score is None else f"{s.score:.1f}",
                      *[("-" if c not in parts or parts[c].score is None
                         else f"{parts[c].score:.0f}") for c in COMPONENTS])
    console().print(table)
    for s in found.syndicates:
        click.echo(f"{s.name}: {s.how}")


@exercise_group.command("note")
@click.argument("name")
@click.argument("text")
@store_option
@guard
def note_command(name: str, text: str, store_location: str | None) -> None:
    """Keep a directing staff's note (trainer) for the after-action review."""
    from impp.exercise.review import add_note

    with _opened(store_location) as store:
        actor = _actor(store, "keep a note")
        add_note(store, name, text, actor=actor)
    click.echo(f"Noted for the review of {name}.")


@exercise_group.command("review")
@click.argument("name")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path),
              required=True, help="The review to write: FILE.html or FILE.pdf.")
@store_option
@guard
def review_command(name: str, output: Path, store_location: str | None) -> None:
    """The after-action review: injects on a game timeline, revisions, scores, diffs."""
    from impp.exercise.review import build_review, render_review_html
    from impp.report.pdf import render_pdf

    if output.suffix.lower() not in (".html", ".pdf"):
        fail(f"{output}: write the review to a .html or .pdf file")
    with _opened(store_location) as store:
        _overseer(store, "write the review")
        document = build_review(store, name, _summaries(store))
    data = (render_pdf(document) if output.suffix.lower() == ".pdf"
            else render_review_html(document).encode("utf-8"))
    output.write_bytes(data)
    click.echo(f"Wrote {output} ({len(data):,} bytes).")


__all__ = ["exercise_group"]
