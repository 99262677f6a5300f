"""Moving a deadline to another year, as ``planforge new`` does and as ``diff`` recognises.

One rule in one place: ``new`` writes next year's deadlines with it, and ``diff``
does not count a deadline as changed when it is exactly the old one moved by the
plans' year difference (顺延).
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any


def shift_years(value: Any, delta: int) -> Any:
    """A deadline a year (``delta`` years) later: dates, and years written in text."""
    if isinstance(value, dt.date):
        try:
            return value.replace(year=value.year + delta)
        except ValueError:  # 29 February
            return value.replace(year=value.year + delta, day=28)
    if isinstance(value, str):
        return _DATE_IN_TEXT.sub(lambda m: _shift_date_text(m, delta), value)
    return value


# A date written in a deadline, either way people write it: its year moves, 29 February becomes the 28th.
# Any other four-digit number in a deadline is a year, and moves too.
_DATE_IN_TEXT = re.compile(r"(?<!\d)(\d{4})(?:(-|年)(\d{1,2})(-|月)(\d{1,2})(?!\d)|(?!\d))")


def _shift_date_text(m: re.Match, delta: int) -> str:
    if m.group(2) is None:
        return str(int(m.group(1)) + delta)
    year, month, day = int(m.group(1)) + delta, int(m.group(3)), m.group(5)
    if month == 2 and int(day) == 29 and not calendar.isleap(year):
        day = "28"
    return f"{year}{m.group(2)}{m.group(3)}{m.group(4)}{day}"
