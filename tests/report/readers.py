"""Read the package's files back as a reader's software would (python-docx, pypdf, html)."""

from __future__ import annotations

import io
import zipfile
from html.parser import HTMLParser

import docx
import pypdf
from docx.table import Table
from docx.text.paragraph import Paragraph


def docx_sections(data: bytes) -> dict[str, str]:
    """The text under each level-1 heading of a .docx, tables included, in order."""
    doc = docx.Document(io.BytesIO(data))
    sections: dict[str, list[str]] = {"": []}
    current = ""
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            if block.style is not None and block.style.name == "Heading 1":
                current = block.text
                sections[current] = []
            else:
                sections[current].append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                sections[current].append(" | ".join(c.text for c in row.cells))
    return {k: "\n".join(v) for k, v in sections.items()}


def docx_headers_footers(data: bytes) -> list[str]:
    """The text of every section's header and footer."""
    doc = docx.Document(io.BytesIO(data))
    out = []
    for s in doc.sections:
        out.append(" ".join(p.text for p in s.header.paragraphs))
        out.append(" ".join(p.text for p in s.footer.paragraphs))
    return out


def docx_all_xml(data: bytes) -> str:
    """Every XML part of a .docx (body, headers, properties) as one string."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "\n".join(
            z.read(n).decode("utf-8") for n in z.namelist() if n.endswith((".xml", ".rels"))
        )


def pdf_pages(data: bytes) -> list[str]:
    """The extracted text of each page of a PDF."""
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in {"src", "href", "xlink:href", "action", "poster", "data"} and value:
                self.urls.append(value)

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def html_links(text: str) -> tuple[list[str], list[str], str]:
    """Every URL an HTML page would load or link to, its tags, and its text."""
    parser = _Links()
    parser.feed(text)
    return parser.urls, parser.tags, " ".join(parser.text)
