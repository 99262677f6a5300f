"""What every reader yields: pieces of text in order, each with where it came from."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Piece:
    text: str
    where: int  # line (text, Markdown, web page), paragraph (DOCX) or page (PDF), from 1
    kind: str = "text"  # text | title | heading | row | cont (continues the previous piece: a line break inside a paragraph)
    cells: tuple[str, ...] = ()


@dataclass
class Source:
    """A file as the importer sees it, whatever its format."""

    pieces: list[Piece]
    unit: str  # what ``Piece.where`` counts: 行, 段 or 页
    title_hint: str = ""  # the web page's <title>, used when the text has no title line
    notes: list[str] = field(default_factory=list)  # how it was read (converted by LibreOffice, …), for the summary


class ReadError(Exception):
    """The file cannot be read; the message is for the user."""
