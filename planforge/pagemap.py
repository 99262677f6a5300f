"""Where each paragraph of a DOCX landed on the pages of its PDF.

The page checks need to know on which page and line the title, the 署名 or
the 版记 ended up, and which characters never reached the page.  The DOCX
paragraphs (in document order, including tables and text boxes) are aligned
character by character with the PDF text (in content-stream order): one
paragraph at a time against a window of the PDF text just after the previous
paragraph, so the whole alignment stays linear in the length of the document.
Whitespace is ignored on both sides: renderers add and drop it freely.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Optional

from lxml import etree

from .layout import Layout
from .pdfpages import Char, Line, Page
from .ooxml import w

MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
PAGE_FIELDS = {"PAGE", "NUMPAGES", "SECTIONPAGES"}
SKIP_BEFORE = 16  # characters the PDF may have before a paragraph that the DOCX paragraph does not
PAGE_NUMBER = re.compile(r"^[—–－\-]*\d+[—–－\-]*$")


@dataclass
class Paragraph:
    """A DOCX paragraph, its text and where each of its characters is on the pages."""

    index: int              # position among the document's paragraphs
    element: etree._Element
    text: str               # w:br and w:cr as "\n", w:tab as "\t"; page-number fields left out
    spots: list[Optional[tuple[int, Char]]] = field(default_factory=list)  # per non-space char: (page, char) or None
    positions: list[int] = field(default_factory=list)                     # per non-space char: its index in text

    placed: list[tuple[int, Char]] = field(default_factory=list)            # the spots that were found
    pages: list[int] = field(default_factory=list)                         # pages it is on, in order

    def place(self, spots: list[Optional[tuple[int, Char]]]) -> None:
        self.spots = spots
        self.placed = [s for s in spots if s is not None]
        self.pages = sorted({page for page, _ in self.placed})

    @property
    def first_page(self) -> Optional[int]:
        return self.placed[0][0] if self.placed else None


@dataclass
class PageMap:
    pages: list[Page]
    paragraphs: list[Paragraph]
    page_numbers: dict[int, Line]   # page → the line of its printed page number
    by_page: dict[int, list[Paragraph]] = field(default_factory=dict)

    def lines_of(self, paragraph: Paragraph) -> list[tuple[int, Line]]:
        """The (page, line) pairs a paragraph occupies, in reading order."""
        seen, out = set(), []
        for page, char in paragraph.placed:
            n = self.pages[page - 1].line_number(char)
            if (page, n) not in seen:
                seen.add((page, n))
                out.append((page, self.pages[page - 1].lines[n]))
        return out

    def paragraphs_on(self, page: int) -> list[Paragraph]:
        return self.by_page.get(page, [])

    def content_lines(self, page: int) -> list[Line]:
        """The page's lines without its page number."""
        number = self.page_numbers.get(page)
        return [line for line in self.pages[page - 1].lines if line is not number]


def paragraph_text(p: etree._Element) -> str:
    """The text a reader sees: own runs only (not those of nested text-box paragraphs
    or of the VML fallback copy), without the results of page-number fields."""
    out, depth_field, instr, hide = [], 0, "", False
    for el in p.iter(w("r")):
        if _owner(el) is not p or _in_page_fldsimple(el, p):
            continue
        for child in el:
            tag = child.tag
            if tag == w("fldChar"):
                kind = child.get(w("fldCharType"))
                if kind == "begin":
                    depth_field, instr, hide = depth_field + 1, "", False
                elif kind == "separate":
                    hide = bool(PAGE_FIELDS & set(instr.upper().split()))
                elif kind == "end":
                    depth_field, hide = max(0, depth_field - 1), False
            elif tag == w("instrText"):
                instr += child.text or ""
            elif hide:
                continue
            elif tag == w("t"):
                out.append(child.text or "")
            elif tag in (w("br"), w("cr")):
                out.append("\n")
            elif tag == w("tab"):
                out.append("\t")
    return "".join(out)


def _owner(el) -> Optional[etree._Element]:
    """The nearest enclosing paragraph, or None inside a markup-compatibility fallback."""
    for ancestor in el.iterancestors():
        if ancestor.tag == MC_FALLBACK:
            return None
        if ancestor.tag == w("p"):
            return ancestor
    return None


def _in_page_fldsimple(run, p) -> bool:
    parent = run.getparent()
    return parent is not p and parent.tag == w("fldSimple") and \
        bool(PAGE_FIELDS & set((parent.get(w("instr")) or "").upper().split()))


def document_paragraphs(body: Optional[etree._Element]) -> list[etree._Element]:
    """Every paragraph in document order (tables, text boxes), none from fallback copies."""
    if body is None:
        return []
    return [p for p in body.iter(w("p")) if not any(a.tag == MC_FALLBACK for a in p.iterancestors())]


def build(elements: list[etree._Element], pages: list[Page], layout: Layout) -> PageMap:
    numbers = {page.number: line for page in pages if (line := _page_number_line(page, layout)) is not None}
    skip = {(page, c.index) for page, line in numbers.items() for c in line.chars}
    stream = [(page.number, c) for page in pages for c in page.chars if (page.number, c.index) not in skip]
    target = "".join(c.text for _, c in stream)
    paragraphs = []
    for i, el in enumerate(elements):
        text = paragraph_text(el)
        positions = [k for k, ch in enumerate(text) if not ch.isspace()]
        paragraphs.append(Paragraph(i, el, text, positions=positions))
    matches = align(["".join(p.text[k] for k in p.positions) for p in paragraphs], target)
    by_page: dict[int, list[Paragraph]] = {}
    for paragraph, found in zip(paragraphs, matches):
        paragraph.place([stream[j] if j is not None else None for j in found])
        for page in paragraph.pages:
            by_page.setdefault(page, []).append(paragraph)
    return PageMap(pages, paragraphs, numbers, by_page)


def _page_number_line(page: Page, layout: Layout) -> Optional[Line]:
    """The printed page number: a line of digits (with dashes) below the type area."""
    type_bottom = layout.margin_top_mm + layout.type_height_mm
    for line in page.lines:
        if line.top > type_bottom - 1 and PAGE_NUMBER.match(line.text):
            return line
    return None


def align(parts: list[str], target: str) -> list[list[Optional[int]]]:
    """For each part, the index in ``target`` of each of its characters (None: missing).

    Parts are expected in order; each is matched against a window of the target
    starting where the previous part ended, so the cost is linear in the target."""
    out, pos = [], 0
    for part in parts:
        if not part:
            out.append([])
            continue
        found, end = _match(part, target, pos)
        if sum(j is not None for j in found) * 2 < len(part) and len(part) >= 6:
            # lost: the part may sit further on (a frame written out of order); re-anchor on its start or end
            for probe in (part[:6], part[-6:]):
                q = target.find(probe, pos)
                if q >= 0:
                    start = max(pos, q - (len(part) - 6 if probe is not part[:6] else 0))
                    again, end_again = _match(part, target, start)
                    if sum(j is not None for j in again) > sum(j is not None for j in found):
                        found, end = again, end_again
                    break
        out.append(found)
        pos = max(pos, end)
    return out


def _match(part: str, target: str, start: int) -> tuple[list[Optional[int]], int]:
    window = target[start:start + len(part) + 64 + len(part) // 2]
    found: list[Optional[int]] = [None] * len(part)
    a_end = b_end = 0
    first = True
    for a, b, size in SequenceMatcher(None, part, window, autojunk=False).get_matching_blocks():
        if not size:
            continue
        # A short match far ahead of where the part has got to is a coincidence
        # (a missing 。 matched to one in the next paragraph), not a placement.
        # The first match may skip a little more: a repeated table header, a list number.
        if size < 3 and (b - b_end) > (a - a_end) + (SKIP_BEFORE if first else 2):
            continue
        first = False
        for k in range(size):
            found[a + k] = start + b + k
        a_end, b_end = a + size, b + size
    return found, start + b_end
