"""Where the lines and pages of a GB/T 9704 DOCX fall, computed from the layout profile.

Body text sits on a fixed grid — every line exactly one line pitch high and 28
characters wide — and every other element (mark, title, tables) has an exact
height too, so the page a block ends on can be computed rather than guessed.
The DOCX writer needs that for what a DOCX cannot say by itself: whether a
short notice fits on its first page (7.3.5.4) and where the 版记 falls
(7.4, 7.5).  Line breaking follows what LibreOffice does (no hanging
punctuation, forbidden line starts and ends, a little extra space where Chinese
meets digits or Latin letters).  Word and WPS were not measured; the callers
leave a line of room where a wrong guess would matter.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from ..layout import Layout
from ..linebreak import NO_LINE_END, NO_LINE_START
from ..records import Record, record

AUTOSPACE_EM = 0.2  # LibreOffice's space where Chinese meets digits or Latin letters (measured: 3.2 pt at 16 pt)


def _advance_em(ch: str) -> float:
    if ch == " ":
        return 0.25
    return 0.5 if ch.isascii() else 1.0


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


@lru_cache(maxsize=32)
def _kinds(size: float, spacing: float) -> dict[str, tuple[float, bool, bool]]:
    """Character → (advance in points, Latin letter or digit, space), filled as characters are met."""
    return {}


def line_breaks(text: str, L: Layout, size_pt: float | None = None, first_indent_chars: float = 0,
                indent_chars: float = 0, width_pt: float | None = None) -> list[int]:
    """Where each line of a paragraph starts (in the type area, or ``width_pt`` wide):
    greedy filling with forbidden line starts and ends.

    A notice's 版记 placement runs this over every paragraph of the plan.  The advance of each
    character is worked out once per size, and each line is filled by summing the
    advances from its start (the same additions, in the same order, as one character at a time)
    and finding the first that overflows by bisection."""
    size = size_pt or L.body_size_pt
    spacing = L.char_spacing_pt
    full = (width_pt or L.type_width_pt) - indent_chars * (size + spacing)
    width = full - first_indent_chars * (size + spacing)
    if not text:
        return [0]
    kinds = _kinds(size, spacing)
    for ch in set(text).difference(kinds):
        kinds[ch] = (_advance_em(ch) * size + spacing, _latin(ch), ch.isspace())
    autospace = AUTOSPACE_EM * size
    step, latin, space = zip(*map(kinds.__getitem__, text))  # step: a line's first character, no space before it
    after = [step[0]] + [s + autospace if latin_before != latin_here and not space_before and not space_here else s
                         for s, latin_before, latin_here, space_before, space_here
                         in zip(step[1:], latin, latin[1:], space, space[1:])]  # Chinese meeting Latin: some space
    narrowest = min(step)
    starts, start, n = [0], 0, len(text)
    while True:
        limit = width + 0.01
        room = max(int(limit / narrowest) + 2, 2) if narrowest > 0 else n  # more characters than fit on the line
        while True:
            used = list(accumulate(after[start + 1:start + room], initial=step[start]))
            if narrowest > 0:  # the sums grow: bisect
                i = start + max(bisect_right(used, limit), 1)  # the first character past the line's end
            else:  # an org.yaml spacing so tight that a space takes no room: look at each
                i = start + next((k for k, total in enumerate(used) if k and total > limit), len(used))
            if i - start < len(used) or start + room >= n:
                break
            room *= 2
        if i >= n:
            return starts
        # break before i; a forbidden start or end pulls the break back one character
        j = i
        while j - 1 > start and (text[j] in NO_LINE_START or text[j - 1] in NO_LINE_END or (latin[j] and latin[j - 1])):
            j -= 1
        starts.append(j)
        start, width = j, full


def line_count(text: str, L: Layout, **kwargs) -> int:
    """Lines a paragraph takes; see :func:`line_breaks`."""
    return len(line_breaks(text, L, **kwargs))


@dataclass
class Item:
    """One paragraph (or table) as the pages see it."""

    lines: list[float]  # the height of each line (or table row), in points
    before: float = 0.0  # space before, in points; dropped at the top of a page
    keep_next: bool = False  # its last line stays on the page of the next item's first line
    keep_lines: bool = False  # never split across pages
    page_break_before: bool = False


@record
class Place(Record):
    page: int  # 1-based page of the item's last line
    bottom: float  # where its last line ends, in points below the type area's top


def paginate(items: list[Item], page_height: float) -> list[Place]:
    """Lay the items on pages of ``page_height`` points; where each item ends.

    A keep-with-next chain (items a…b) moves as one block from the last line of
    a to the first line of b, as Word and LibreOffice keep them together.
    """
    eps = 0.5
    page, y = 1, 0.0
    places: list[Place] = []

    def put(heights: list[float], before: float) -> None:
        nonlocal page, y
        total = sum(heights) + (before if y > 0 else 0.0)
        if y > 0 and y + total > page_height + eps:
            page, y, total = page + 1, 0.0, sum(heights)
        y += total

    def flow(item_lines: list[float], before: float) -> None:
        for k, h in enumerate(item_lines):
            put([h], before if k == 0 else 0.0)

    i = 0
    while i < len(items):
        item = items[i]
        if item.page_break_before and places:
            page, y = page + 1, 0.0
        j = i
        while items[j].keep_next and j + 1 < len(items) and not items[j + 1].page_break_before:
            j += 1
        if j == i:
            (put if item.keep_lines else flow)(item.lines, item.before)
            places.append(Place(page, y))
            i += 1
            continue
        last = items[j]
        head = [] if item.keep_lines else item.lines[:-1]
        block = (item.lines if item.keep_lines else item.lines[-1:])
        for k in range(i + 1, j):
            block = block + [items[k].before + items[k].lines[0]] + items[k].lines[1:]
        tail_first = last.lines if last.keep_lines else last.lines[:1]
        block = block + [last.before + tail_first[0]] + tail_first[1:]
        flow(head, item.before)
        if sum(block) > page_height:  # a chain taller than a page cannot be kept: let it flow
            flow(block, 0.0 if head else item.before)
        else:
            put(block, 0.0 if head else item.before)
        places += [Place(page, y)] * (j - i)
        flow([] if last.keep_lines else last.lines[1:], 0.0)
        places.append(Place(page, y))
        i = j + 1
    return places
