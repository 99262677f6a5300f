"""``planforge new``: next year's plan file from this year's.

The user's file stays theirs: it is edited in place with ruamel.yaml's
round-trip mode, so comments, key order, quoting and block scalars survive and
``git diff`` shows only the lines that had to change (the year, the notice's
date, printed date and document number, and deadlines).  Text is never
rewritten: literal years and year-bound phrases that an expression would keep
right are listed as warnings with a suggested expression.
"""
from __future__ import annotations

import datetime as dt
import io
import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import yaml as pyyaml
from ruamel.yaml import YAML

from .diagnostics import Diagnostic, Position
from .load import load_plan

# Indentation styles people write; the first that reproduces the file exactly wins.
_INDENTS = [(2, 2), (2, 0), (4, 2), (4, 0), (4, 4), (2, 4)]
_CLEARED_NOTICE_KEYS = ("date", "printed_date", "doc_number")
_NOT_TEXT_KEYS = {"id", "departments", "deadline", "doc_number", "date", "printed_date", "compare", "unit", "numbering"}


@dataclass
class Rollover:
    text: str  # the new plan file
    warnings: list[Diagnostic]


def _round_trip(text: str) -> tuple[YAML, Any]:
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
        return re.sub(r"(?<!\d)(\d{4})(?!\d)", lambda m: str(int(m.group(1)) + delta), value)
    return value


def roll_forward(source: Path, year: int) -> Rollover:
    """The text of ``year``'s plan made from ``source`` (validated first)."""
    old_year = load_plan(source).plan.year  # raises PlanError with positions if the source is broken
    text = source.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    handler, data = _round_trip(text)
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
    return Rollover(new_text, literal_year_warnings(new_text, old_year, year, str(source.with_name(f"{year}.yaml"))))


# --------------------------------------------------------------------------- literal years

_EXPRESSION = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_YEAR = re.compile(r"(?<![\d—–\-~至到])(\d{4})年(?![\d]*[—–\-~至到]\d)")
_ANNIVERSARY = re.compile(r"(\d{2,3})周年")
_ORDINAL = re.compile(r"第(\d{1,3})(个|届)")


def _text_scalars(node, key=None) -> Iterator[pyyaml.ScalarNode]:
    if isinstance(node, pyyaml.MappingNode):
        for k, v in node.value:
            if k.value not in _NOT_TEXT_KEYS and k.value != "org":
                yield from _text_scalars(v, k.value)
    elif isinstance(node, pyyaml.SequenceNode):
        for item in node.value:
            yield from _text_scalars(item, key)
    elif isinstance(node, pyyaml.ScalarNode) and node.tag.endswith(":str") and key != "year":
        yield node


def _expression(base: int) -> str:
    """``{{ year - base }}`` reads better than the number it stands for."""
    return "{{ year }}" if base == 0 else (f"{{{{ year - {base} }}}}" if base > 0 else f"{{{{ year + {-base} }}}}")


def literal_year_warnings(text: str, old_year: int, new_year: int, name: str) -> list[Diagnostic]:
    """Literal years and year-bound numbers in text fields, with a suggested expression."""
    root = pyyaml.compose(text, Loader=getattr(pyyaml, "CSafeLoader", pyyaml.SafeLoader))
    line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    found = []

    def position(index: int) -> Position:
        line = next(n for n in range(len(line_starts) - 1, -1, -1) if line_starts[n] <= index)
        return Position(name, line + 1, index - line_starts[line] + 1)

    for node in _text_scalars(root):
        start, end = node.start_mark.index, node.end_mark.index
        raw = _EXPRESSION.sub(lambda m: " " * len(m.group()), text[start:end])
        for m in _YEAR.finditer(raw):
            written = int(m.group(1))
            if old_year - 2 <= written <= old_year + 1:
                hint = _expression(old_year - written)
                found.append((start + m.start(), f"文本中写死了“{m.group()}”，新计划是 {new_year} 年的："
                              f"若随年度变化，请改为“{hint}年”（若本就是固定年份，可忽略）。"))
        for m in _ANNIVERSARY.finditer(raw):
            base = old_year - int(m.group(1))
            found.append((start + m.start(), f"“{m.group()}”是按 {old_year} 年算的：请改为“{_expression(base)}周年”。"))
        for m in _ORDINAL.finditer(raw):
            if int(m.group(1)) >= 5:
                base = old_year - int(m.group(1))
                found.append((start + m.start(), f"“{m.group()}”可能按年递增：若是，请改为“第{_expression(base)}{m.group(2)}”。"))
    return [Diagnostic("PF201", message, position(index), "warning") for index, message in sorted(found)]
