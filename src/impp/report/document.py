"""A document as a list of blocks, written once and rendered to DOCX and PDF.

The planning directive, the strategic assessment and the mission plan are
built as :class:`Document` values (headings, paragraphs, bullet lists,
tables, pictures, lists of what is still missing); :mod:`impp.report.word`
and :mod:`impp.report.pdf` render the same value, so the Word and PDF
versions of a document cannot say different things.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from impp.model import Sensitivity


@dataclass(frozen=True)
class Heading:
    """A section heading; ``level`` 1 is a main section (an Annex B heading)."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """Running text; ``style`` ``note`` is a remark, ``source`` cites a passage."""

    text: str
    style: str = "body"


@dataclass(frozen=True)
class Bullets:
    """A bulleted list."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table with a header row."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Picture:
    """A chart as PNG bytes, with its caption."""

    png: bytes
    caption: str
    #: A wide chart (the Gantt): on a landscape page of its own, sized to it.
    wide: bool = False


@dataclass(frozen=True)
class Missing:
    """What the plan does not hold yet, shown as a visible list."""

    items: tuple[str, ...]
    title: str = "Still missing"


Block = Heading | Paragraph | Bullets | Table | Picture | Missing


@dataclass
class Document:
    """A planning document: title, marking, blocks.

    >>> doc = Document("USG Planning Directive", "Carana", Sensitivity.unclassified)
    >>> doc.heading("Situation").para("A stalemate.").bullets(["MPC", "CISC"])
    Document(title='USG Planning Directive', ...)
    >>> [type(b).__name__ for b in doc.blocks]
    ['Heading', 'Paragraph', 'Bullets']
    >>> doc.text().splitlines()[:2]
    ['USG Planning Directive', 'Carana']
    """

    title: str
    subtitle: str
    marking: Sensitivity
    blocks: list[Block] = field(default_factory=list)
    omitted_note: str | None = None

    def __repr__(self) -> str:
        return f"Document(title={self.title!r}, ...)"

    def heading(self, text: str, level: int = 1) -> Document:
        """Add a heading."""
        self.blocks.append(Heading(text, level))
        return self

    def para(self, text: str, style: str = "body") -> Document:
        """Add a paragraph."""
        self.blocks.append(Paragraph(text, style))
        return self

    def source(self, text: str | None) -> Document:
        """Add the passage a section comes from (nothing when there is none)."""
        if text:
            self.blocks.append(Paragraph(f"Source: {text}", "source"))
        return self

    def bullets(self, items: list[str]) -> Document:
        """Add a bulleted list (nothing when empty)."""
        if items:
            self.blocks.append(Bullets(tuple(items)))
        return self

    def table(self, columns: list[str], rows: list[list[str]]) -> Document:
        """Add a table (nothing when it has no row)."""
        if rows:
            self.blocks.append(Table(tuple(columns), tuple(tuple(r) for r in rows)))
        return self

    def picture(self, png: bytes, caption: str, *, wide: bool = False) -> Document:
        """Add a chart (``wide``: on a landscape page of its own)."""
        self.blocks.append(Picture(png, caption, wide))
        return self

    def missing(self, items: list[str], title: str = "Still missing") -> Document:
        """Add the list of what is still missing (nothing when complete)."""
        if items:
            self.blocks.append(Missing(tuple(items), title))
        return self

    def text(self) -> str:
        """Every word of the document as plain text (for tests and diffs)."""
        lines = [self.title, self.subtitle, self.marking.label]
        if self.omitted_note:
            lines.append(self.omitted_note)
        for b in self.blocks:
            if isinstance(b, Heading | Paragraph):
                lines.append(b.text)
            elif isinstance(b, Bullets):
                lines.extend(b.items)
            elif isinstance(b, Missing):
                lines.append(b.title)
                lines.extend(b.items)
            elif isinstance(b, Table):
                lines.append(" | ".join(b.columns))
                lines.extend(" | ".join(r) for r in b.rows)
            else:
                lines.append(b.caption)
        return "\n".join(lines)
