"""Balanced line breaks for titles (GB/T 9704 7.3.1: 梯形或菱形, no orphan characters).

Widths are counted in Chinese characters: a CJK character or full-width mark
is 1, an ASCII character ½.  A title too long for one line is split into the
fewest lines that fit, as equal as possible, preferring the space between
joint issuers and never breaking inside a number or before a closing mark.
"""
from __future__ import annotations

import math
import re

NO_LINE_START = set("，。、；：？！）》」』”’〉】〕…—·%）")
NO_LINE_END = set("（《「『“‘〈【〔")


def width(text: str) -> float:
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)


def _break_cost(text: str, i: int) -> float | None:
    """Cost of breaking before text[i]; None where a break is not allowed."""
    before, after = text[i - 1], text[i]
    if after in NO_LINE_START or before in NO_LINE_END:
        return None
    if before.isascii() and after.isascii() and before.isalnum() and after.isalnum():
        return None  # inside 2024 or an English word
    if before == " " or after == " ":
        return -4.0  # between joint issuers: the natural place
    if before in "，、；：":
        return -1.0
    return 0.0


def balance(text: str, max_width: float) -> list[str]:
    """Split ``text`` into the fewest balanced lines of at most ``max_width``."""
    text = text.strip()
    total = width(text)
    if total <= max_width or len(text) < 2:
        return [text]
    for lines in range(math.ceil(total / max_width), len(text) + 1):
        result = _split(text, lines, max_width, total / lines)
        if result:
            return [line.strip() for line in result]
    return [text]


def _split(text: str, lines: int, max_width: float, target: float) -> list[str] | None:
    """Dynamic programme over break positions: cost = squared deviation from the
    target width + break-place costs + a small push towards longer upper lines."""
    n = len(text)
    breaks = [0] + [i for i in range(1, n) if _break_cost(text, i) is not None] + [n]
    inf = float("inf")
    # best[k][j]: (cost, previous index) for k lines ending at breaks[j]
    best = [[(inf, -1)] * len(breaks) for _ in range(lines + 1)]
    best[0][0] = (0.0, -1)
    for k in range(1, lines + 1):
        for j in range(1, len(breaks)):
            for i in range(j):
                cost_before = best[k - 1][i][0]
                if cost_before == inf:
                    continue
                line = text[breaks[i]:breaks[j]].strip()
                w = width(line)
                if w > max_width or not line:
                    continue
                cost = cost_before + (w - target) ** 2
                if j < len(breaks) - 1:
                    cost += _break_cost(text, breaks[j])
                cost += 0.1 * max(0.0, w - target) * (k - 1)  # lower lines a little shorter: 梯形
                if cost < best[k][j][0]:
                    best[k][j] = (cost, i)
    if best[lines][-1][0] == inf:
        return None
    out, j = [], len(breaks) - 1
    for k in range(lines, 0, -1):
        i = best[k][j][1]
        out.append(text[breaks[i]:breaks[j]])
        j = i
    return out[::-1]


# PLACEHOLDER, to be replaced when the jieba-based allowed_breaks is merged:
# it only knows the punctuation rules above and a handful of words, enough for
# the page checks' tests; it is NOT a word segmenter.
_PLACEHOLDER_WORDS = ("教育", "委员会", "工作", "要点", "推进", "强市", "示例市", "通知", "印发", "中共")


def allowed_breaks(text: str) -> frozenset[int]:
    """Positions i where breaking before text[i] keeps words whole (placeholder, see above)."""
    inside = set()
    for word in _PLACEHOLDER_WORDS:
        for m in re.finditer(re.escape(word), text):
            inside.update(range(m.start() + 1, m.end()))
    return frozenset(i for i in range(1, len(text)) if i not in inside and _break_cost(text, i) is not None)
