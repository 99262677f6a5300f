"""Saved web pages (.html/.htm) → pieces of the main content.

readability-lxml (the algorithm of Firefox's reader view) finds the article
among navigation, sidebars and footers; it is small (lxml, which we already
use, plus cssselect and chardet).  trafilatura extracts as well but brings a
dozen packages (date parsing, URL handling) a local file does not need.  The
article's block elements become pieces; what the site still leaves inside the
article (发布时间, 浏览次数, …) is dropped later as site debris.
"""
from __future__ import annotations

from pathlib import Path

from ..patterns import META_CHARSET
from .base import Piece, ReadError, Source
from .text import decode

BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "section", "article", "blockquote",
          "pre", "table", "ul", "ol", "dd", "dt", "center", "body", "td", "th"}


def read_html(path: Path) -> Source:
    import lxml.html
    from readability import Document

    raw = path.read_bytes()
    try:
        page = Document(_html_text(raw))
        article = lxml.html.fromstring(page.summary(html_partial=True))
        title = page.short_title().strip()
    except Exception as exc:  # noqa: BLE001 - readability raises bare Exceptions for pages it cannot parse
        raise ReadError(f"无法读取网页（{type(exc).__name__}）：请在浏览器中复制正文，存为 .txt 后再导入。") from None
    lines: list[str] = []
    rows: dict[int, tuple[str, ...]] = {}
    _walk(article, lines, rows)
    pieces = []
    for n, line in enumerate(lines, start=1):
        if n in rows:
            pieces.append(Piece("", n, "row", rows[n]))
        elif line.strip():
            pieces.append(Piece(line, n))
    return Source(pieces, "段", title_hint=title)


def _html_text(raw: bytes) -> str:
    """Pages saved by browsers declare their charset; the text decoder's guess is the fallback."""
    declared = META_CHARSET.search(raw[:4096])
    if declared:
        try:
            return raw.decode(declared.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    return decode(raw)


def _data_row(row) -> bool:
    """A row of a real table (版记, metrics): several cells of plain text.  A page laid out with a table
    keeps its article in one cell, with line breaks and paragraphs: that is text, not a row."""
    cells = [c for c in row if getattr(c, "tag", "") in ("td", "th")]
    return len(cells) >= 2 and not any(c.find(".//br") is not None or c.find(".//p") is not None
                                        or c.find(".//table") is not None for c in cells)


def _walk(element, lines: list[str], rows: dict[int, tuple[str, ...]]) -> None:
    """Text in document order; a block element or <br> starts a new line; a table row is one row."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in ("script", "style"):
        return
    if tag == "tr" and _data_row(element):
        cells = tuple(" ".join(c.text_content().split()) for c in element if getattr(c, "tag", "") in ("td", "th"))
        lines.append("")
        rows[len(lines)] = cells
        lines.append("")
        return
    if tag in BLOCKS or tag == "br" or not lines:
        lines.append("")
    if element.text and tag != "br":
        lines[-1] += element.text
    for child in element:
        _walk(child, lines, rows)
        if child.tail:
            if (child.tag if isinstance(child.tag, str) else "") in BLOCKS:
                lines.append("")
            lines[-1] += child.tail
    if tag in BLOCKS:
        lines.append("")
