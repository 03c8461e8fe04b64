"""Reading an exercise file: every problem said at file:line, like a plan's.

Beyond its format, an exercise is checked against its scenario: each
inject's changes must name parts of the scenario and leave a plan that
still validates, ids are unique, no one sits in two syndicates or both
directs and plays, and the scenario and the solution load. A file with
problems is refused whole: :class:`~impp.exceptions.ExerciseFileError`
lists them all.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from impp.exceptions import ExerciseFileError, PlanFileError, Problem
from impp.exercise.effects import PathError, apply_change
from impp.exercise.model import Exercise
from impp.model.plan import Plan

#: The scenario (and solution) name that means the embedded Carana plan.
EMBEDDED = "carana"


@dataclass(frozen=True)
class LoadedExercise:
    """An exercise file read and checked, with the plans it names."""

    exercise: Exercise
    file: str
    scenario: Plan
    solution: Plan


def carana_exercise_path() -> Path:
    """The embedded Carana exercise (two syndicates, an MSEL drawn from the directive).

    >>> carana_exercise_path().name
    'carana-exercise.yaml'
    """
    from impp.scenarios import carana_path

    return carana_path().parent / "carana-exercise.yaml"


def plan_path(name: str, beside: Path) -> Path:
    """Where a scenario or solution named in an exercise file is."""
    from impp.scenarios import carana_path

    if name == EMBEDDED:
        return carana_path()
    path = Path(name)
    return path if path.is_absolute() else beside.parent / path


def load_exercise(path: str | Path) -> LoadedExercise:
    """Read and check the exercise file at ``path``; raise ExerciseFileError with every
    problem.

    >>> loaded = load_exercise(carana_exercise_path())
    >>> loaded.exercise.id, len(loaded.exercise.syndicates) >= 2, len(loaded.exercise.injects) >= 8
    ('carana-map-exercise', True, True)
    """
    from impp.io.yaml_io import read_yaml

    file = Path(path)
    located, problems = read_yaml(file)
    if located is None or problems:
        raise ExerciseFileError(problems or [Problem(str(file), None, None, None,
                                                     "the file could not be read")])
    data = located.data
    if not isinstance(data, dict):
        raise ExerciseFileError([Problem(str(file), 1, 1, None,
                                         "an exercise file is a mapping (id: ..., name: ..., "
                                         "scenario: ..., syndicates: ..., injects: ...)")])
    try:
        exercise = Exercise.model_validate(data)
    except ValidationError as exc:
        raise ExerciseFileError(_located_errors(exc, data, located)) from None
    found = _semantics(exercise, data, located)
    plans: dict[str, Plan] = {}
    for role in ("scenario", "solution"):
        name = getattr(exercise, role)
        where = plan_path(name, file)
        if not where.exists():
            line, col = located.where((role,))
            found.append(Problem(str(file), line, col, None,
                                 f"{role}: {name!r} is neither 'carana' (the embedded plan) nor "
                                 f"a plan file or folder ({where} does not exist)"))
            continue
        try:
            from impp.io import load_plan

            plans[role] = load_plan(where)
        except PlanFileError as err:
            found.extend(err.problems)
    if "scenario" in plans and exercise.withhold:
        handed = _withheld(exercise, data, located, plans["scenario"], found)
        if handed is None:
            del plans["scenario"]
        else:
            plans["scenario"] = handed
    if "scenario" in plans:
        found.extend(_effects(exercise, data, located, plans["scenario"]))
    if found:
        raise ExerciseFileError(found[:200])
    return LoadedExercise(exercise, str(file), plans["scenario"], plans["solution"])


def _item_at(data: Any, loc: tuple[Any, ...]) -> str | None:
    """The id of the inject or syndicate a location falls in."""
    if len(loc) >= 2 and loc[0] in ("injects", "syndicates") and isinstance(loc[1], int):
        entries = data.get(loc[0])
        if isinstance(entries, list) and 0 <= loc[1] < len(entries):
            entry = entries[loc[1]]
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                return str(entry["id"])
    return None


def _located_errors(exc: ValidationError, data: dict[str, Any], located: Any) -> list[Problem]:
    from impp.io.yaml_io import describe_error
    from impp.model.refs import did_you_mean

    problems = []
    for err in exc.errors()[:200]:
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        # tagged unions and validators add parts the file does not have
        loc = tuple(p for p in loc if p not in ("float", "int", "str", "dict[str,any]"))
        if err["type"] == "extra_forbidden":
            line, col = located.where(loc, key=True)
            owner = _model_of(loc[:-1])
            known = list(owner.model_fields) if owner is not None else []
            hint = did_you_mean(str(loc[-1]), known) or (
                "; known fields: " + ", ".join(sorted(known)) if known else "")
            message = f"unknown field {loc[-1]!r}{hint}"
        else:
            line, col = located.where(loc)
            message = describe_error({**err, "loc": loc})
        problems.append(Problem(located.file, line, col, _item_at(data, loc), message))
    return problems


def _model_of(loc: tuple[Any, ...]) -> Any:
    """The model class reached by following ``loc`` from :class:`Exercise`."""
    from typing import get_args

    from pydantic import BaseModel

    cls: Any = Exercise
    for part in loc:
        if isinstance(part, int):
            continue
        field = cls.model_fields.get(part)
        if field is None:
            return None
        annotation = field.annotation
        found = None
        for arg in (annotation, *get_args(annotation), *(a for t in get_args(annotation)
                                                          for a in get_args(t))):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                found = arg
                break
        if found is None:
            return None
        cls = found
    return cls


def _semantics(exercise: Exercise, data: dict[str, Any], located: Any) -> list[Problem]:
    problems: list[Problem] = []

    def at(loc: tuple[Any, ...], item: str | None, message: str) -> None:
        line, col = located.where(loc)
        problems.append(Problem(located.file, line, col, item, message))

    for section, ids in (("injects", [i.id for i in exercise.injects]),
                         ("syndicates", [s.id for s in exercise.syndicates])):
        for name, n in Counter(ids).items():
            if n > 1:
                index = [i for i, x in enumerate(ids) if x == name][1]
                at((section, index, "id"), name, f"the id {name!r} is used {n} times in "
                   f"{section}: ids must be unique")
    seat: dict[str, str] = {}
    for i, s in enumerate(exercise.syndicates):
        for j, member in enumerate(s.members):
            if member in seat:
                at(("syndicates", i, "members", j), s.id,
                   f"{member} is already in syndicate {seat[member]}: a member plays in one "
                   "syndicate, or they would read two syndicates' plans")
            elif member in exercise.trainers:
                at(("syndicates", i, "members", j), s.id,
                   f"{member} is also one of the trainers: the directing staff see every "
                   "syndicate's plan and the solution, so they do not play")
            seat.setdefault(member, s.id)
    for i, inject in enumerate(exercise.injects):
        if inject.restores is None and not inject.effect and inject.kind != "information":
            at(("injects", i), inject.id, f"inject {inject.id} changes nothing in the scenario "
               "(no effect): give its effect, or make it kind: information")
    return problems


def _withheld(exercise: Exercise, data: dict[str, Any], located: Any, scenario: Plan,
              found: list[Problem]) -> Plan | None:
    """The scenario without the sections the syndicates write themselves."""
    from impp.io.yaml_io import load_plan_document
    from impp.model.plan import SECTIONS

    doc = scenario.to_document()
    for i, section in enumerate(exercise.withhold):
        if section not in SECTIONS:
            line, col = located.where(("withhold", i))
            found.append(Problem(located.file, line, col, None,
                                 f"withhold: {section!r} is not a section of items of a plan "
                                 f"(sections: {', '.join(SECTIONS)})"))
            return None
        doc.pop(section, None)
    try:
        return load_plan_document(doc, f"{scenario.mission.id} as handed out")
    except PlanFileError as exc:
        line, col = located.where(("withhold",))
        first = "; ".join(p.message for p in exc.problems[:3])
        found.append(Problem(located.file, line, col, None,
                             f"withhold: without these sections the scenario is not a valid "
                             f"plan ({first}); withhold what nothing else refers to"))
        return None


def _effects(exercise: Exercise, data: dict[str, Any], located: Any,
             scenario: Plan) -> list[Problem]:
    """Each inject's changes applied to the scenario: they must name parts of it and leave
    a plan that validates."""
    import copy

    from impp.io.yaml_io import load_plan_document

    problems: list[Problem] = []
    base = scenario.to_document()
    for i, inject in enumerate(exercise.injects):
        doc = copy.deepcopy(base)
        failed = False
        for j, change in enumerate(inject.effect):
            try:
                apply_change(doc, change)
            except PathError as exc:
                line, col = located.where(("injects", i, "effect", j, "path"))
                problems.append(Problem(located.file, line, col, inject.id,
                                        f"effect: {exc}"))
                failed = True
        if failed or not inject.effect:
            continue
        try:
            load_plan_document(doc, f"{scenario.mission.id} after inject {inject.id}")
        except PlanFileError as exc:
            line, col = located.where(("injects", i, "effect"))
            first = "; ".join(p.message for p in exc.problems[:3])
            problems.append(Problem(located.file, line, col, inject.id,
                                    f"effect: the scenario would no longer be a valid plan "
                                    f"after this inject ({first})"))
    return problems
