"""Dates as offices write them: 2024年3月27日, 2024-03-27, 2024.3.27, 二〇二四年三月二十七日, 2024327."""
from __future__ import annotations

import datetime as dt
from typing import Optional

from .patterns import DATE_ARABIC, DATE_CHINESE, DATE_DIGITS

_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0}


def chinese_year(text: str) -> int:
    """二〇二四 → 2024."""
    return _chinese_number(text)


def _chinese_number(text: str) -> int:
    """二〇二四 → 2024 (digit by digit); 二十七 → 27, 十二 → 12 (with 十)."""
    if "十" not in text:
        return int("".join(str(_DIGIT[c]) for c in text))
    tens, _, ones = text.partition("十")
    return (_DIGIT[tens] if tens else 1) * 10 + (_DIGIT[ones] if ones else 0)


def parse(text: str) -> Optional[dt.date]:
    """The date a whole line states, or None."""
    text = text.strip().replace(" ", "").strip("（）()")
    candidates: list[tuple[int, int, int]] = []
    if m := DATE_ARABIC.match(text):
        candidates.append(tuple(map(int, m.groups())))
    elif m := DATE_CHINESE.match(text):
        try:
            candidates.append(tuple(_chinese_number(g) for g in m.groups()))
        except (KeyError, ValueError):
            return None
    elif m := DATE_DIGITS.match(text):
        # a seal date as bare digits: 2024327 is 3月27日 (32月7日 does not exist); 2024113 is ambiguous
        year, rest = int(m.group(1)), m.group(2)
        candidates += [(year, int(rest[:k]), int(rest[k:])) for k in (1, 2) if len(rest) - k in (1, 2)]
    valid = []
    for year, month, day in candidates:
        try:
            valid.append(dt.date(year, month, day))
        except ValueError:
            continue
    return valid[0] if len(valid) == 1 else None


def chinese(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
