"""``planforge new``: next year's plan file from this year's.

The user's file stays theirs: it is edited in place with ruamel.yaml's
round-trip mode, so comments, key order, quoting and block scalars survive and
``git diff`` shows only the lines that had to change (the year, the notice's
date, printed date and document number, and deadlines).  Text is never
rewritten: literal years and year-bound phrases that an expression would keep
right are listed as warnings with a suggested expression.
"""
from __future__ import annotations

import calendar
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from .diagnostics import Diagnostic, PlanError, Position
from .lint import NAME_KEYS, year_mentions
from .load import load_plan
from .source import read_source
from .spans import FileText

# Indentation styles people write; the first that reproduces the file exactly wins.
_INDENTS = [(2, 2), (2, 0), (4, 2), (4, 0), (4, 4), (2, 4)]
_CLEARED_NOTICE_KEYS = ("date", "printed_date", "doc_number")


@dataclass
class Rollover:
    text: str  # the new plan file
    warnings: list[Diagnostic]


def round_trip(text: str) -> tuple[YAML, Any]:
    """A ruamel YAML set up to write ``text`` back exactly, and the loaded data."""
    chosen = None
    for mapping, offset in _INDENTS:
        handler = YAML(typ="rt")
        handler.preserve_quotes = True
        handler.width = 4096  # never re-wrap the user's lines
        handler.indent(mapping=mapping, sequence=mapping + offset, offset=offset)
        data = handler.load(text)
        out = io.StringIO()
        handler.dump(data, out)
        if out.getvalue() == text:
            return handler, data
        chosen = chosen or (handler, data)
    return chosen


def _shift_years(value: Any, delta: int) -> Any:
    """A deadline a year (``delta`` years) later: dates, and years written in text."""
    if isinstance(value, dt.date):
        try:
            return value.replace(year=value.year + delta)
        except ValueError:  # 29 February
            return value.replace(year=value.year + delta, day=28)
    if isinstance(value, str):
        value = _DATE_IN_TEXT.sub(lambda m: _shift_date_text(m, delta), value)
        return re.sub(r"(?<![\d-])(\d{4})(?![\d年-])", lambda m: str(int(m.group(1)) + delta), value)
    return value


# A date written in a deadline, either way people write it: its year moves, 29 February becomes the 28th.
_DATE_IN_TEXT = re.compile(r"(?<!\d)(\d{4})(-|年)(\d{1,2})(-|月)(\d{1,2})(?!\d)")


def _shift_date_text(m: re.Match, delta: int) -> str:
    year, month, day = int(m.group(1)) + delta, int(m.group(3)), m.group(5)
    if month == 2 and int(day) == 29 and not calendar.isleap(year):
        day = "28"
    return f"{year}{m.group(2)}{m.group(3)}{m.group(4)}{day}"


def _parse_round_trip(text: str, source: Path):
    """ruamel reads a few things libyaml accepts (a Tab after a colon) as errors: say where, in Chinese."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    from .source import _yaml_problem

    try:
        return round_trip(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Position(str(source), mark.line + 1, mark.column + 1) if mark else Position(str(source))
        raise PlanError([Diagnostic("PF001", "无法保留格式地改写此文件：" + _yaml_problem(exc.problem or exc.context or ""), where)]) from None
    except (YAMLError, RecursionError) as exc:
        raise PlanError([Diagnostic("PF001", f"无法保留格式地改写此文件：{type(exc).__name__}。", Position(str(source)))]) from None


def roll_forward(source: Path, year: int, target: Path) -> Rollover:
    """The text of ``year``'s plan made from ``source`` (validated first); warnings point into ``target``."""
    old_year = load_plan(source).plan.year  # raises PlanError with positions if the source is broken
    text = read_source(source, str(source))
    handler, data = _parse_round_trip(text, source)
    delta = year - old_year
    data["year"] = year
    notice = data.get("notice")
    if isinstance(notice, dict):
        for key in _CLEARED_NOTICE_KEYS:
            if key in notice:
                notice[key] = None  # check then asks for it
    for section in data.get("sections") or []:
        for task in (section or {}).get("tasks") or []:
            if isinstance(task, dict) and task.get("deadline") is not None:
                task["deadline"] = _shift_years(task["deadline"], delta)
    out = io.StringIO()
    handler.dump(data, out)
    new_text = out.getvalue()
    return Rollover(new_text, literal_year_warnings(new_text, old_year, year, str(target)))


# --------------------------------------------------------------------------- literal years


def literal_year_warnings(text: str, old_year: int, new_year: int, name: str) -> list[Diagnostic]:
    """Numbers written for ``old_year`` that are now stale, each with a suggested expression."""
    file = FileText(text, name)
    found = []
    for span in file.spans():
        if span.key in NAME_KEYS:
            continue
        for offset, written, kind, suggestion in year_mentions(span.raw, old_year):
            message = {
                "year": f"文本中写死了“{written}”，新计划是 {new_year} 年的：若随年度变化，请改为“{suggestion}”（若本就是固定年份，可忽略）。",
                "anniversary": f"“{written}”是按 {old_year} 年算的：请改为“{suggestion}”。",
                "ordinal": f"“{written}”可能按年递增：若是，请改为“{suggestion}”。",
            }[kind]
            found.append(Diagnostic("PF201", message, file.position(span.start + offset), "warning"))
    return sorted(found, key=lambda d: d.position)
