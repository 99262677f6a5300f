"""Balanced line breaks for titles that keep words whole (GB/T 9704 7.3.1).

7.3.1 asks a long title to be broken "词意完整，排列对称": between words, in
lines of balanced length (梯形 or 菱形).  Widths are counted in Chinese
characters: a CJK character or full-width mark is 1, an ASCII character ½.

Where a title may break is decided by the text alone (``allowed_breaks``), so
that a page checker can judge a printed title with the same rule: between
words found by the segmenter (``planforge.words``), never inside a number
with its unit (``2024年``, ``2023—2025年``), an office word from
``words.VOCABULARY`` or an issuer name, never before a closing mark nor after
an opening one.  Issuer names are what the title starts with (or what follows
《 in 关于印发《…》的通知): joint issuers are separated by a space, and the
last name runs up to its 局/委/办/室/院… ending.  A break at the space
between two issuers drops the space and is recorded as the position after it.

``balance`` picks the fewest lines among those breaks, then the most even
ones, with lower lines no longer than upper ones (梯形) or a short first line
(菱形), never one or two characters alone on the last line.  Only when no
such solution exists does it widen the choice, step by step: word breaks
inside an issuer name too long for one line, then any break the punctuation
rules allow, then any break at all.

Cost: a dynamic programme whose states are (previous break, break) pairs no
wider than a line, so it grows linearly with the title's length (a
432-character title takes a few hundredths of a second).
"""
from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable

from . import words

NO_LINE_START = set("，。、；：？！）》」』”’〉】〕…—·%）")
NO_LINE_END = set("（《「『“‘〈【〔")

# A number with what belongs to it: 2024年, 2023—2025年, 1.5%, 5G.
_NUMBER = re.compile(r"[0-9A-Za-z]+(?:[.．/\-—–~～][0-9A-Za-z]+)*(?:年度|周年|年|月|日|号|%|％)?")
# Issuer names end before the year, 关于, a bracket or a comma.
_ISSUERS_END = re.compile(r"[0-9０-９《》（(，]|关于|年度")
_ISSUER_ENDINGS = ("局", "厅", "委", "办", "室", "院", "处", "所", "部", "会", "府", "中心", "学校", "大学")

_SPACE_BONUS = -4.0  # between joint issuers: the natural place
_PHRASE_BONUS = -1.5  # after an issuer, before 关于, after ，、；：
_FUNCTION_WORD_COST = 2.0  # a line starting with 的 or ending with 和 reads badly
_RISE_COST = 50.0  # per squared character a line is longer than the one above (beyond one)
_LINE_COST = 1e6  # per line: fewest lines first
_MIN_LAST = 3  # never one or two characters alone on the last line


def width(text: str) -> float:
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)


def issuer_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each issuer name at the start of the title or after 《."""
    spans = []
    for start in [0] + [m.end() for m in re.finditer("《", text)]:
        end = _ISSUERS_END.search(text, start)
        head = text[start:end.start() if end else len(text)]
        chunks = head.split(" ")
        pos = start
        for k, chunk in enumerate(chunks):
            if k < len(chunks) - 1:
                length = len(chunk)  # followed by a space: one of the joint issuers
            else:
                length = max((len(chunk[:i]) for i in range(len(chunk), 1, -1)
                              if chunk[:i].endswith(_ISSUER_ENDINGS)), default=0)
            if length >= 2:
                spans.append((pos, pos + length))
            pos += len(chunk) + 1
    return spans


def _punctuation_allows(text: str, i: int) -> bool:
    return text[i] not in NO_LINE_START and text[i - 1] not in NO_LINE_END and text[i] != " "


def _inside(spans: Iterable[tuple[int, int]]) -> set[int]:
    return {i for a, b in spans for i in range(a + 1, b)}


@functools.lru_cache(maxsize=256)
def allowed_breaks(text: str) -> frozenset[int]:
    """Positions i (0 < i < len(text)) where breaking before ``text[i]`` keeps
    words, numbers and issuer names whole.  Depends on the text alone."""
    if len(text) < 2:
        return frozenset()
    starts = words.word_starts(text)
    numbers = [m.span() for m in _NUMBER.finditer(text)]
    blocked = _inside([*numbers, *words.vocabulary_spans(text), *issuer_spans(text)])
    return frozenset(i for i in range(1, len(text))
                     if i in starts and i not in blocked and _punctuation_allows(text, i))


def _fallbacks(text: str, max_width: float) -> Iterable[frozenset[int]]:
    """Break sets from the strictest to the loosest (see the module docstring)."""
    strict = allowed_breaks(text)
    yield strict
    too_long = [(a, b) for a, b in issuer_spans(text) if width(text[a:b]) > max_width]
    if too_long:
        starts = words.word_starts(text)
        yield strict | {i for i in _inside(too_long) if i in starts and _punctuation_allows(text, i)}
    numbers = [m.span() for m in _NUMBER.finditer(text) if width(m.group()) <= max_width]
    blocked = _inside(numbers)
    yield frozenset(i for i in range(1, len(text)) if i not in blocked and _punctuation_allows(text, i))
    yield frozenset(i for i in range(1, len(text)) if text[i] != " ")


def balance(text: str, max_width: float) -> list[str]:
    """Split ``text`` into the fewest balanced lines of at most ``max_width``."""
    text = text.strip()
    if width(text) <= max_width or len(text) < 2:
        return [text]
    for breaks in _fallbacks(text, max_width):
        lines = _Layout(text, breaks, max_width).best()
        if lines:
            return lines
    return [text]


class _Layout:
    """One title, one set of allowed breaks: the dynamic programme."""

    def __init__(self, text: str, breaks: Iterable[int], max_width: float):
        self.text, self.max_width = text, max_width
        self.pos = [0, *sorted(b for b in breaks if 0 < b < len(text)), len(text)]
        self.cum = [0.0]
        for ch in text:
            self.cum.append(self.cum[-1] + (0.5 if ch.isascii() else 1.0))
        ends = {b for _, b in issuer_spans(text)}
        self.bonus = [self._break_cost(p, ends) for p in self.pos]

    def _break_cost(self, p: int, issuer_ends: set[int]) -> float:
        if p in (0, len(self.text)):
            return 0.0
        before, after = self.text[p - 1], self.text[p]
        if before == " ":
            return _SPACE_BONUS
        if p in issuer_ends or self.text.startswith("关于", p) or before in "，、；：":
            return _PHRASE_BONUS
        if after == "的" or before in "和与及的":
            return _FUNCTION_WORD_COST
        return 0.0

    def width(self, i: int, j: int) -> float:
        """Printed width of the line from pos[i] to pos[j] (a space at a break is dropped)."""
        a, b = self.pos[i], self.pos[j]
        return self.cum[b] - self.cum[a] - (0.5 if self.text[b - 1] == " " else 0.0)

    @staticmethod
    def _rise_cost(rise: float) -> float:
        """Lower lines no longer than upper ones (梯形); one character is tolerated."""
        return _RISE_COST * rise * rise if rise > 1 else max(rise, 0.0) * 0.5

    def best(self) -> list[str] | None:
        lines = self._solve(self._fewest_lines())
        # the target width follows the number of lines actually needed
        for _ in range(2):
            if lines is None:
                return None
            again = self._solve(len(lines))
            if again == lines:
                break
            lines = again
        return lines

    def _fewest_lines(self) -> int:
        return max(1, math.ceil(self.cum[-1] / self.max_width))

    def _solve(self, count: int) -> list[str] | None:
        """Minimise: lines × a large constant, then Σ (width − target)² + break
        costs + the penalty for a line longer than the one above.  A state is
        the last line (i, j); its predecessor line is (h, i)."""
        n_pos = len(self.pos)
        last = n_pos - 1
        target = self.cum[-1] / count
        best: dict[tuple[int, int], tuple[float, int]] = {}
        into: list[list[int]] = [[] for _ in range(n_pos)]  # into[j]: the i with a state (i, j)
        for j in range(1, n_pos):
            for i in range(j - 1, -1, -1):
                w = self.width(i, j)
                if w > self.max_width:
                    break
                if j == last and w < _MIN_LAST and i > 0:
                    continue
                own = _LINE_COST + (w - target) ** 2
                if i == 0:
                    best[i, j] = (own, -1)
                    into[j].append(i)
                    continue
                choice = None
                for h in into[i]:
                    above = self.width(h, i)
                    rise = w - above
                    if h == 0 and j != last:
                        rise = 0.0  # 菱形: a short first line above longer ones
                    cost = best[h, i][0] + own + self.bonus[i] + self._rise_cost(rise)
                    if choice is None or cost < choice[0]:
                        choice = (cost, h)
                if choice is not None:
                    best[i, j] = choice
                    into[j].append(i)
        finals = [(best[i, last][0], i) for i in into[last]]
        if not finals:
            return None
        _, i = min(finals)
        j, lines = last, []
        while i >= 0:
            lines.append(self.text[self.pos[i]:self.pos[j]].strip())
            i, j = best[i, j][1], i
        return lines[::-1]
