"""Plan files in and out: YAML with every problem said at file:line:column.

A plan is one YAML file, or a folder of them whose sections are merged (list
sections concatenated in file-name order; ``mission`` and ``process`` once).
Loading never shows a traceback: every problem of every file is collected
into one :class:`~impp.exceptions.PlanFileError`.

What a plan file may hold (each refusal is a problem at file:line:column):

- UTF-8 text (a UTF-16 or other encoding, an invalid byte or a control
  character such as NUL is named where it is), at most
  :data:`MAX_PLAN_BYTES` (``IMPP_MAX_PLAN_BYTES`` overrides it);
- the core YAML schema only: strings, numbers, true/false, null, dates,
  lists and mappings; any other tag (``!!python/...``, ``!custom``) is
  refused, and so are merge keys (``<<:``): write the keys out;
- anchors and aliases, as long as an alias does not contain itself and all
  aliases together add at most :data:`MAX_ALIAS_VALUES` values (a "billion
  laughs" file is refused at once); nesting at most :data:`MAX_DEPTH` deep;
- finite numbers (``.inf`` and ``.nan`` are refused) and real dates between
  :data:`EARLIEST_DATE` and :data:`LATEST_DATE`.
"""

from __future__ import annotations

import datetime as dt
import gc
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from impp.exceptions import PlanFileError, Problem
from impp.model.base import MAX_DAYS, Frozen, Item
from impp.model.plan import SECTIONS, SINGLE_SECTIONS, Plan
from impp.model.refs import check_plan, did_you_mean
from impp.sources import plan_files

try:  # the C parser is several times faster; marks work the same
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_SCALAR = yaml.ScalarNode


class _Loader(_BaseLoader):
    """The safe loader with a quicker answer for the commonest scalar, plain text.

    The C parser asks Python for every scalar's tag; a quoted scalar, or a
    plain one whose first character starts no implicit type (bool, int,
    float, null, timestamp...), is text: answered here without the regular
    expressions, which took a fifth of loading a 20,000-task plan.
    """

    _FIRST = frozenset(c for c in _BaseLoader.yaml_implicit_resolvers if c)

    #: The plain words that are not text: booleans and null (YAML 1.1, as PyYAML reads them).
    _WORDS = frozenset(w for base in ("yes", "no", "true", "false", "on", "off", "null")
                       for w in (base, base.capitalize(), base.upper()))

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and not self.yaml_path_resolvers:
            if not implicit[0] or (value and value[0] not in self._FIRST):
                return _STR
            if value and value[0].isalpha() and value not in self._WORDS:
                return _STR  # a word starting like 'true' or 'no' but none of them
            if implicit[1] is False:  # plain: the tag depends on the text alone
                cache: dict[str, Any] = self.__dict__.setdefault("_tags", {})
                tag = cache.get(value)
                if tag is None:
                    tag = cache[value] = super().resolve(  # type: ignore[no-untyped-call]
                        kind, value, implicit)
                return tag
        return super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]

Path_ = tuple[str | int, ...]

#: The largest plan file read, in bytes (``IMPP_MAX_PLAN_BYTES`` overrides it).
MAX_PLAN_BYTES = 16 * 1024 * 1024
#: How deeply lists and mappings may nest.
MAX_DEPTH = 64
#: How many values aliases may add to a file beyond its own.
MAX_ALIAS_VALUES = 100_000
#: The dates a plan may hold (the calendar arithmetic of the timeline stays in range).
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2199, 12, 31)

_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = frozenset(_CORE + t for t in ("str", "int", "float", "bool", "null",
                                             "timestamp"))
_KINDS = {"int": "whole number", "float": "number", "bool": "true/false",
          "timestamp": "date", "null": "null", "str": "text"}


def max_plan_bytes() -> int:
    """The file-size limit in force (``IMPP_MAX_PLAN_BYTES``, else :data:`MAX_PLAN_BYTES`)."""
    import os

    try:
        return max(1, int(os.environ.get("IMPP_MAX_PLAN_BYTES", MAX_PLAN_BYTES)))
    except ValueError:
        return MAX_PLAN_BYTES


class _Refused(Exception):
    """A file that cannot be read further (a bomb, a self-reference, too deep)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass
class _Located:
    """A parsed YAML file: its values, and its node tree for the line and column of any part.

    Positions are looked up when a problem needs one (:meth:`where`): the
    file's node tree is composed then (a file without problems never builds
    it) and the path followed through it. Keeping the tree, and a position
    for every value, took most of the memory and a third of the time of
    loading a 20,000-task plan.
    """

    file: str
    data: Any
    text: str = ""
    _root: yaml.Node | None = None

    @property
    def root(self) -> yaml.Node | None:
        """The file's node tree, composed the first time a position is asked for."""
        if self._root is None and self.text:
            loader = _Loader(self.text)
            try:
                self._root = loader.get_single_node()
            except yaml.YAMLError:
                return None
            finally:
                loader.dispose()
        return self._root

    def where(self, path: Path_, key: bool = False) -> tuple[int | None, int | None]:
        """Line and column of the deepest known part of ``path`` (1-based).

        ``key``: of the key that names the last part, where it is a mapping key.
        """
        node = self.root
        if node is None:
            return None, None
        found = _mark(node)
        for i, part in enumerate(path):
            if isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    break
                node = node.value[part]
            elif isinstance(node, yaml.MappingNode):
                pair = next(((k, v) for k, v in node.value
                             if isinstance(k, yaml.ScalarNode) and k.value == str(part)), None)
                if pair is None:
                    break
                if key and i == len(path) - 1:
                    return _mark(pair[0])
                node = pair[1]
            else:
                break
            found = _mark(node)
        return found


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of character ``index`` of ``text``."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _parse(text: str, file: str) -> tuple[_Located | None, list[Problem]]:
    if len(text) > max_plan_bytes():
        return None, [_too_big(file, len(text.encode("utf-8", "replace")))]
    loader = _Loader(text)
    located = _Located(file, None, text=text)
    problems: list[Problem] = []
    try:
        located.data = _Builder(loader, located, problems).document()
    except _Refused as exc:
        return None, [exc.problem]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        what = exc.problem or exc.context or "invalid YAML"
        ctx = exc.context_mark
        if exc.context and ctx is not None and (mark is None or ctx.line != mark.line):
            what += f" ({exc.context} opened at line {ctx.line + 1}, column {ctx.column + 1})"
        hint = (
            "; check indentation and that every 'key: value' has a space after the colon"
            if "mapping" in what or "indent" in what or "expected" in what
            else "; fix the YAML syntax here"
        )
        return None, [Problem(file, line, col, None, f"YAML syntax error: {what}{hint}")]
    except yaml.reader.ReaderError as exc:
        line, col = _position(text, exc.position)
        char = f"#x{exc.character:04x}" if isinstance(exc.character, int) else repr(exc.character)
        return None, [Problem(file, line, col, None,
                              f"character {char} is not allowed in a plan file (a control "
                              "character such as NUL: is this a text file?); remove it")]
    except yaml.YAMLError as exc:
        return None, [Problem(file, None, None, None, f"YAML error: {exc}")]
    finally:
        loader.dispose()
    return located, problems


def _too_big(file: str, size: int) -> Problem:
    limit = max_plan_bytes()
    return Problem(file, None, None, None,
                   f"the file is {size:,} bytes, over the limit of {limit:,}: split the plan "
                   "into a folder of files, or raise IMPP_MAX_PLAN_BYTES")


def _mark(node: Any) -> tuple[int, int]:
    """1-based line and column where a node or event starts."""
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


class _Frame:
    """A list or mapping being filled, on the builder's stack."""

    __slots__ = ("anchor", "container", "event", "key", "key_event", "skip", "start")

    def __init__(self, container: list[Any] | dict[Any, Any], anchor: str | None,
                 start: int) -> None:
        self.container = container
        self.anchor = anchor
        self.start = start
        self.key: Any = _NO_KEY
        self.key_event: yaml.Event | None = None
        self.event: yaml.Event | None = None
        self.skip = False


_NO_KEY = object()


class _Builder:
    """Plain values from the parser's events, with the limits on aliases and nesting.

    Events stream through (no node tree is kept: the tree and its marks were
    most of the memory and time of a large plan); lists and mappings are
    filled on an explicit stack, so nesting costs no recursion. An alias is
    the anchored value again (the same object); the values aliases add are
    counted against :data:`MAX_ALIAS_VALUES`, and an alias inside the value it
    names is refused.
    """

    def __init__(self, loader: Any, loc: _Located, problems: list[Problem]) -> None:
        self.loader = loader
        self.loc = loc
        self.problems = problems
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.open: set[str] = set()
        self.values = 0  # values built or reused so far
        self.reused = 0

    def document(self) -> Any:
        get = self.loader.get_event
        get()  # StreamStart
        event = get()
        if isinstance(event, yaml.StreamEndEvent):
            return None
        data = self._root(get)
        get()  # DocumentEnd
        event = get()
        if not isinstance(event, yaml.StreamEndEvent):
            raise yaml.composer.ComposerError(
                None, None, "a plan file holds one YAML document, but another starts here "
                "('---'): make it a file of its own", event.start_mark)
        return data

    def _root(self, get: Any) -> Any:
        stack = self.stack
        root: list[Any] = []
        first = _Loader._FIRST
        while True:
            event = get()
            kind = type(event)
            if kind is yaml.ScalarEvent:
                text = event.value
                if event.tag is None and (not event.implicit[0]
                                          or (text and text[0] not in first)):
                    value = text  # text for certain: the commonest value, without a call
                else:
                    value = self._scalar(event)
                self.values += 1
                if event.anchor is not None:
                    self.anchors[event.anchor] = (value, 1)
                self._put(value, event, stack, root)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                is_map = kind is yaml.MappingStartEvent
                expected = _CORE + ("map" if is_map else "seq")
                if event.tag not in (None, "!", expected):
                    node_type = yaml.MappingNode if is_map else yaml.SequenceNode
                    _bad_tag(node_type(event.tag, [], event.start_mark, event.end_mark),
                             self.loc, self.problems)
                if len(stack) >= MAX_DEPTH:
                    line, col = _mark(event)
                    raise _Refused(Problem(
                        self.loc.file, line, col, None,
                        f"lists or mappings nest more than {MAX_DEPTH} levels deep; "
                        "flatten them"))
                self.values += 1
                if event.anchor is not None:
                    self.open.add(event.anchor)
                frame = _Frame({} if is_map else [], event.anchor, self.values)
                frame.skip = event.tag not in (None, "!", expected)
                frame.event = event
                stack.append(frame)
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                frame = stack.pop()
                value = UNREADABLE if frame.skip else frame.container
                if frame.anchor is not None:
                    self.open.discard(frame.anchor)
                    self.anchors[frame.anchor] = (value, self.values - frame.start + 1)
                self._put(value, frame.event, stack, root)
            elif kind is yaml.AliasEvent:
                value = self._alias(event)
                self._put(value, event, stack, root)
            else:  # DocumentStart, or anything unexpected: the parser has said so already
                continue
            if not stack and root:
                return root[0]

    def _alias(self, event: Any) -> Any:
        name = event.anchor
        line, col = _mark(event)
        if name in self.open:
            raise _Refused(Problem(self.loc.file, line, col, None,
                                   "an alias refers to the value that contains it (an endless "
                                   "value); write the value out"))
        if name not in self.anchors:
            raise yaml.composer.ComposerError(None, None, f"found undefined alias {name!r}",
                                              event.start_mark)
        value, size = self.anchors[name]
        self.reused += size
        self.values += size
        if self.reused > MAX_ALIAS_VALUES:
            raise _Refused(Problem(self.loc.file, line, col, None,
                                   f"aliases expand to more than {MAX_ALIAS_VALUES:,} values "
                                   "(an alias bomb?); write the values out or use fewer "
                                   "aliases"))
        return value

    def _put(self, value: Any, event: Any, stack: list[_Frame], root: list[Any]) -> None:
        frame = stack[-1] if stack else None
        if value is _MERGE and (frame is None or type(frame.container) is list
                                or frame.key is not _NO_KEY):
            value = None  # '<<' as a value: refused already
        if frame is None:
            root.append(value)
            return
        container = frame.container
        if type(container) is list:
            container.append(value)
            return
        if frame.key is _NO_KEY:
            frame.key, frame.key_event = value, event
            return
        key, key_event = frame.key, frame.key_event
        frame.key = _NO_KEY
        if key is _MERGE:
            return
        if isinstance(key, dt.date):
            key = key.isoformat()
        if not isinstance(key, str | int | float | bool):
            line, col = _mark(key_event)
            self.problems.append(Problem(self.loc.file, line, col, None,
                                         "a key must be a plain word"))
            return
        assert isinstance(container, dict)
        if key in container:
            line, col = _mark(key_event)
            self.problems.append(Problem(
                self.loc.file, line, col, None,
                f"key {key!r} appears twice in the same mapping; keep one"))
            return
        container[key] = value

    def _scalar(self, event: Any) -> Any:
        value = event.value
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, value, event.implicit)
        if tag == _STR:
            return value
        if tag == _CORE + "merge":
            line, col = _mark(event)
            self.problems.append(Problem(self.loc.file, line, col, None,
                                         "merge keys ('<<:') are not supported in plan "
                                         "files; write the keys out"))
            return _MERGE
        node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
        return _scalar(node, self.loc, self.problems, self.loader)


#: A merge key ('<<'): refused, its value dropped.
_MERGE = object()


def _bad_tag(node: yaml.Node, loc: _Located, problems: list[Problem]) -> Any:
    line, col = _mark(node)
    problems.append(Problem(loc.file, line, col, None,
                            f"the tag {node.tag!r} is not allowed in a plan file (only plain "
                            "text, numbers, true/false, dates, lists and mappings); remove it"))
    return UNREADABLE


#: The most digits a plain integer of a plan file may have (a trillion has 13).
_MAX_DIGITS = 30


class _Unreadable:
    """A value the loader could not read and has already reported: validation's
    own complaint about it (``Input should be a valid dictionary``) is not a
    second problem."""

    def __repr__(self) -> str:
        return "<unreadable>"


UNREADABLE = _Unreadable()


def _scalar(node: yaml.Node, loc: _Located, problems: list[Problem], loader: Any) -> Any:
    if node.tag == _STR:  # what SafeConstructor gives for text, without its detour
        return node.value
    value = node.value
    if node.tag == _INT and value.isascii() and value.isdigit() and (
            value[0] != "0" or value == "0"):
        if len(value) > _MAX_DIGITS:  # no count, day or amount of a plan has that many
            line, col = _mark(node)
            problems.append(Problem(loc.file, line, col, None,
                                    f"a number of {len(value):,} digits is not one a plan can "
                                    "use; give a number of days, people or money"))
            return UNREADABLE
        return int(value)  # a plain decimal (a leading 0 is octal in YAML 1.1: not here)
    if node.tag not in _SCALAR_TAGS:
        return _bad_tag(node, loc, problems)
    line, col = _mark(node)
    kind = _KINDS.get(node.tag.removeprefix(_CORE), "value")
    try:
        value = loader.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, OverflowError, TypeError, AttributeError, KeyError,
            IndexError) as exc:  # PyYAML's constructors raise these on a tag they misread
        what = (f" ({str(exc).splitlines()[0]})"
                if isinstance(exc, yaml.YAMLError | ValueError) and "Exceeds" not in str(exc)
                else "")
        problems.append(Problem(loc.file, line, col, None,
                                f"{node.value!r} is not a valid {kind}{what}; "
                                + ("give a real date as YYYY-MM-DD" if kind == "date"
                                   else "correct it")))
        return UNREADABLE
    if isinstance(value, float) and not math.isfinite(value):
        problems.append(Problem(loc.file, line, col, None,
                                f"{node.value!r} is not a finite number; give a number "
                                "(days, tonnes, an amount of money...) or leave the field "
                                "out"))
        return UNREADABLE
    if isinstance(value, dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        if not EARLIEST_DATE <= day <= LATEST_DATE:
            problems.append(Problem(loc.file, line, col, None,
                                    f"date {node.value!r} is outside {EARLIEST_DATE} to "
                                    f"{LATEST_DATE}, the range a plan may use"))
            return None
    return value


#: A parsed YAML file with the position of each of its parts.
Located = _Located


@dataclass
class _Origin:
    located: _Located
    path: Path_


def _describe(err: Any) -> str:
    loc = err["loc"]
    fields = ".".join(str(p) for p in loc if not isinstance(p, int)) or None
    kind = err["type"]
    msg = str(err["msg"])
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    if kind == "missing":
        return f"{fields!r} is required; add it"
    if kind == "string_pattern_mismatch" and loc and loc[-1] in ("id", "task", "from", "to"):
        return (
            f"{fields}: {err['input']!r} is not a valid id: start with a letter and use "
            "letters, digits, '_' or '-' (events of a task are 'task.start'/'task.end')"
        )
    if kind == "enum" or kind == "literal_error":
        return f"{fields}: {msg}"
    bound = _BOUNDS.get(kind)
    if bound is not None:
        limit = (err.get("ctx") or {}).get(bound[1])
        return (f"{fields}: {err['input']!r} is {bound[0]} {limit:,g}"
                + (", a hundred years of days: the most a plan may state"
                   if limit == MAX_DAYS else "") + "; change it")
    if kind == "finite_number":
        return f"{fields}: {err['input']!r} is not a number of days or an amount; give a number"
    return f"{fields}: {msg}" if fields else msg


#: Pydantic's bound errors, in planners' words: (what the value is, the bound's key).
_BOUNDS = {"less_than_equal": ("more than", "le"), "less_than": ("not below", "lt"),
           "greater_than_equal": ("less than", "ge"), "greater_than": ("not above", "gt")}


#: Problems listed for one entry, and for a whole plan, before the loader says how
#: many more there are and stops: a file of thousands of errors is refused at once,
#: and its first problems are the ones to fix.
MAX_PER_ENTRY = 20
MAX_PROBLEMS = 200


def _validate(
    cls: type[BaseModel], raw: Any, origin: _Origin, section: str, problems: list[Problem]
) -> BaseModel | None:
    item_id = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else None
    if raw is UNREADABLE:
        return None  # reported where it was read
    if not isinstance(raw, dict):
        line, col = origin.located.where(origin.path)
        problems.append(
            Problem(origin.located.file, line, col, item_id,
                    f"each entry of {section!r} must be a mapping (key: value), "
                    f"not {type(raw).__name__}")
        )
        return None
    try:
        return cls.model_validate(raw)
    except ValidationError as exc:
        errors = [e for e in exc.errors() if e.get("input") is not UNREADABLE]
        if len(errors) > MAX_PER_ENTRY:  # a thousand unknown keys: the first say enough
            line, col = origin.located.where(origin.path)
            problems.append(Problem(origin.located.file, line, col, item_id,
                                    f"and {len(errors) - MAX_PER_ENTRY:,} more problems in "
                                    "this entry (the first are listed): fix those first"))
            errors = errors[:MAX_PER_ENTRY]
        for err in errors:
            loc = tuple(err["loc"])
            if loc and loc[0] == "from_":
                loc = ("from", *loc[1:])
            if err["type"] == "extra_forbidden":
                name = str(loc[-1])
                owner = _model_at(cls, loc[:-1])
                known = [f.alias or n for n, f in owner.model_fields.items()] if owner else []
                line, col = origin.located.where((*origin.path, *loc), key=True)
                hint = did_you_mean(name, known) or (
                    "; known fields: " + ", ".join(sorted(known)) if known else ""
                )
                message = f"unknown field {name!r}{hint}"
            else:
                line, col = origin.located.where((*origin.path, *loc))
                message = _describe(err)
            problems.append(Problem(origin.located.file, line, col, item_id, message))
        return None


_ADAPTERS: dict[type[BaseModel], Any] = {}


def _validate_all(cls: type[BaseModel], raw: list[Any]) -> list[Any] | None:
    """Every entry of a section validated in one call, or ``None`` if one is not valid.

    One call into pydantic's core for the whole list instead of one per item
    (a fifth of the time of a 20,000-task section); when an entry is invalid,
    the caller validates them one by one, to place each problem.
    """
    if not all(isinstance(entry, dict) for entry in raw):
        return None
    adapter = _ADAPTERS.get(cls)
    if adapter is None:
        from pydantic import TypeAdapter

        adapter = _ADAPTERS[cls] = TypeAdapter(list[cls])  # type: ignore[valid-type]
    try:
        items: list[Any] = adapter.validate_python(raw)
    except ValidationError:
        return None
    return items


def _model_at(cls: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class found by following field names (``None`` if lost)."""
    import typing

    current: type[BaseModel] = cls
    for part in loc:
        if isinstance(part, int):
            continue
        info = current.model_fields.get(str(part))
        if info is None:
            return None
        found = None
        for arg in (info.annotation, *typing.get_args(info.annotation)):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                found = arg
        if found is None:
            return None
        current = found
    return current


def load_plan(path: str | Path) -> Plan:
    """Load and check a plan file or folder; raise PlanFileError with every problem.

    >>> from impp.scenarios import carana_path
    >>> load_plan(carana_path()).mission.id
    'carana'
    """
    with _no_gc():
        return _load(path)


def _load(path: str | Path) -> Plan:
    located: list[_Located] = []
    problems: list[Problem] = []
    for file in plan_files(Path(path)):
        text, problem = _read(file)
        if problem is not None:
            problems.append(problem)
            continue
        assert text is not None
        parsed, found = _parse(text, str(file))
        problems.extend(found)
        if parsed is not None:
            located.append(parsed)
    return _build(located, problems)


def _read(file: Path) -> tuple[str | None, Problem | None]:
    """The text of a plan file, or the problem that keeps it from being read."""
    name = str(file)
    try:
        size = file.stat().st_size
        if size > max_plan_bytes():
            return None, _too_big(name, size)
        data = file.read_bytes()
    except OSError as exc:
        return None, Problem(name, None, None, None, f"cannot read: {exc.strerror or exc}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, Problem(name, 1, 1, None,
                             "the file is UTF-16 text; save it as UTF-8")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        start = exc.start
        line = data.count(b"\n", 0, start) + 1
        col = len(data[data.rfind(b"\n", 0, start) + 1:start].decode("utf-8", "replace")) + 1
        return None, Problem(name, line, col, None,
                             f"byte {data[start]:#04x} is not UTF-8 (is this a text file?); "
                             "save it as UTF-8")


def read_yaml(file: Path) -> tuple[Located | None, list[Problem]]:
    """A YAML file other than a plan (an exercise file) read under the plan file's rules
    (UTF-8, the core schema, its size, depth and alias limits): its values and where
    each part is (:meth:`Located.where`), or the problems that keep it from being read.
    """
    text, problem = _read(file)
    if problem is not None or text is None:
        return None, [problem] if problem is not None else []
    return _parse(text, str(file))


def describe_error(err: Any) -> str:
    """One pydantic validation error in planners' words (as plan files say them)."""
    return _describe(err)


def locate(path: str | Path, wanted: list[tuple[str, ...]]) -> dict[tuple[str, ...], str]:
    """``file:line`` of each wanted field of the plan at ``path``: (section, item id,
    field), or (``mission``, field). Fields not found are left out (the plan may
    have changed since, or a field may not be written, as an item's name always is).

    >>> from impp.scenarios import carana_path
    >>> locate(carana_path(), [("tasks", "ddr_programme", "owner")])
    {('tasks', 'ddr_programme', 'owner'): 'carana/timeline.yaml:175'}
    """
    root = Path(path)
    found: dict[tuple[str, ...], str] = {}
    for file in plan_files(root):
        text, problem = _read(file)
        if text is None or problem is not None:
            continue
        parsed, _ = _parse(text, str(file))
        if parsed is None or not isinstance(parsed.data, dict):
            continue
        shown = f"{root.name}/{file.name}" if root.is_dir() else file.name
        for want in wanted:
            if want in found or want[0] not in parsed.data:
                continue
            at: tuple[str | int, ...] | None = None
            if want[0] == "mission":
                at = want
            elif isinstance(parsed.data[want[0]], list):
                index = next((i for i, e in enumerate(parsed.data[want[0]])
                              if isinstance(e, dict) and e.get("id") == want[1]), None)
                if index is not None:
                    at = (want[0], index, *want[2:])
            if at is not None:
                line, _ = parsed.where(at)
                if line is not None:
                    found[want] = f"{shown}:{line}"
    return found


def load_plan_text(text: str, file: str = "<text>") -> Plan:
    """Load a plan from YAML text (``file`` names it in messages).

    >>> load_plan_text("mission: {id: m, name: M}").mission.name
    'M'
    """
    with _no_gc():
        parsed, problems = _parse(text, file)
        return _build([parsed] if parsed else [], problems)


def load_plan_document(document: dict[str, Any], file: str) -> Plan:
    """A plan from a document already parsed (a stored revision, a merge),
    validated; through the plan-file loader only when it is invalid, to say
    where (raises :class:`PlanFileError` naming ``file``).

    >>> load_plan_document({"mission": {"id": "m", "name": "M"}}, "m.yaml").mission.id
    'm'
    """
    from pydantic import ValidationError

    try:
        return Plan.model_validate(document)
    except ValidationError:
        return load_plan_text(dump_document(document), file)


@contextmanager
def _no_gc() -> Iterator[None]:
    """No cyclic garbage collection while a plan loads.

    Loading builds a node, a value and a model for every scalar and creates no
    reference cycles; the collector, triggered by those allocations, scanned
    the growing heap again and again: 4.0 of the 4.5 s that parsing a
    20,000-task plan took. Memory is freed by reference counting as before.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _build(located: list[_Located], problems: list[Problem]) -> Plan:
    singles: dict[str, Any] = {}
    lists: dict[str, list[Item]] = {name: [] for name in SECTIONS}
    origins: dict[tuple[str, int], _Origin] = {}
    single_origin: dict[str, _Origin] = {}
    known = [*SINGLE_SECTIONS, *SECTIONS]
    # Ids of every entry, valid or not, in file order: duplicates are found on
    # these, and references to an entry that failed validation are not
    # reported a second time as "unknown".
    raw_ids: list[tuple[str, _Origin]] = []
    invalid_ids: set[str] = set()
    skipped = 0
    for loc in located:
        data = loc.data
        if data is None:
            continue
        if not isinstance(data, dict):
            problems.append(Problem(loc.file, 1, 1, None,
                                    "a plan file must be a mapping of sections "
                                    "(mission:, events:, tasks:, ...)"))
            continue
        for section, raw in data.items():
            if section in SINGLE_SECTIONS:
                single = _Origin(loc, (section,))
                if section in single_origin:
                    line, col = loc.where((section,), key=True)
                    problems.append(Problem(loc.file, line, col, None,
                                            f"section {section!r} is given twice "
                                            f"(also in {single_origin[section].located.file}); "
                                            "keep one"))
                    continue
                single_origin[section] = single
                model = _validate(SINGLE_SECTIONS[section], raw, single, section, problems)
                if model is not None:
                    singles[section] = model
            elif section in SECTIONS:
                if raw is None or raw is UNREADABLE:
                    continue
                if not isinstance(raw, list):
                    line, col = loc.where((section,))
                    problems.append(Problem(loc.file, line, col, None,
                                            f"section {section!r} must be a list "
                                            "(each entry starting with '- ')"))
                    continue
                batch = _validate_all(SECTIONS[section], raw)
                for i, entry in enumerate(raw):
                    if batch is None and len(problems) >= MAX_PROBLEMS:
                        skipped += len(raw) - i
                        break
                    entry_origin = _Origin(loc, (section, i))
                    item = (batch[i] if batch is not None else
                            _validate(SECTIONS[section], entry, entry_origin, section, problems))
                    raw_id = entry.get("id") if isinstance(entry, dict) else None
                    if isinstance(raw_id, str):
                        raw_ids.append((raw_id, entry_origin))
                        if item is None:
                            invalid_ids.add(raw_id)
                    if item is not None:
                        assert isinstance(item, Item)
                        origins[(section, len(lists[section]))] = entry_origin
                        lists[section].append(item)
            else:
                line, col = loc.where((str(section),), key=True)
                problems.append(Problem(loc.file, line, col, None,
                                        f"unknown section {section!r}"
                                        + (did_you_mean(str(section), known)
                                           or "; known sections: " + ", ".join(known))))
    if skipped:
        problems.append(Problem(located[0].file, None, None, None,
                                f"impp stopped after {len(problems):,} problems, with "
                                f"{skipped:,} entries still to check: fix these first, "
                                "then run it again"))
        raise PlanFileError(problems)
    if "mission" not in single_origin and not problems:
        file = located[0].file if located else "<plan>"
        problems.append(Problem(file, 1, 1, None,
                                "the plan has no 'mission' section; add "
                                "'mission: {id: ..., name: ...}'"))
    seen: dict[str, _Origin] = {}
    for raw_id, at in raw_ids:
        if raw_id in seen:
            first = seen[raw_id]
            line, col = at.located.where((*at.path, "id"))
            first_line, _ = first.located.where((*first.path, "id"))
            problems.append(Problem(at.located.file, line, col, raw_id,
                                    f"duplicate id {raw_id!r}: already used in {first.path[0]} "
                                    f"({first.located.file}:{first_line}); "
                                    "every item needs its own id"))
        else:
            seen[raw_id] = at
    if "mission" not in singles:
        raise PlanFileError(problems)

    sections: dict[str, Any] = {name: tuple(items) for name, items in lists.items()}
    draft = Plan.model_construct(**singles, **sections)
    if "process" not in singles:
        object.__setattr__(draft, "process", Plan.model_fields["process"].default)
    for ref in check_plan(draft):
        origin: _Origin | None
        target = ref.target
        if target is not None and target.endswith((".start", ".end")):
            target = target.rsplit(".", 1)[0]  # a task's event: the task is the target
        if ref.field == "id" or (target is not None and target in invalid_ids):
            continue  # duplicates were reported above; invalid targets already have a problem
        origin = (
            origins.get((ref.section, ref.index))
            if ref.index is not None
            else single_origin.get(ref.section)
        )
        if origin is None:
            problems.append(Problem(located[0].file, None, None, ref.item_id, ref.message))
            continue
        field_path: Path_ = (
            () if ref.field is None else ("from",) if ref.field == "from_" else (ref.field,)
        )
        line, col = origin.located.where((*origin.path, *field_path))
        problems.append(Problem(origin.located.file, line, col, ref.item_id, ref.message))
    if problems:
        raise PlanFileError(problems)
    # Every item and single section is validated and the draft's references are
    # checked: validating the whole plan again (Plan(...)) repeated both.
    return draft


def dump_plan(plan: Plan) -> str:
    """The plan as YAML text that loads back to an equal plan.

    >>> from impp.model import Mission
    >>> text = dump_plan(Plan(mission=Mission(id="m", name="M")))
    >>> load_plan_text(text) == Plan(mission=Mission(id="m", name="M"))
    True
    """
    return dump_document(plan.to_document())


def dump_document(doc: dict[str, Any]) -> str:
    """A plan document (the mapping a plan file holds) as YAML text."""
    # libyaml's emitter: the pure-Python one took 0.16 s of every `impp show` on Carana
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(doc, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)


def model_to_yaml(model: Frozen) -> str:
    """One item as YAML (used by documentation and exports)."""
    return yaml.safe_dump(
        model.model_dump(mode="json", by_alias=True, exclude_defaults=True),
        sort_keys=False, allow_unicode=True,
    )
