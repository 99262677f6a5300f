"""``planforge new``: next year's plan file from this year's.

The user's file stays theirs: the values that must change (the year, the
notice's date, printed date and document number, and deadlines) are replaced
where libyaml says they are, and nothing else is touched, so comments, key
order, quoting and block scalars survive and ``git diff`` shows only those
lines.  (``round_trip`` — ruamel.yaml's round-trip mode — remains for editing
org.yaml on import, where keys are added; it is too slow for whole plans.)  Text is never
rewritten: literal years and year-bound phrases that an expression would keep
right are listed as warnings with a suggested expression.  The one line that
may be added is the editor's schema modeline on top (:mod:`planforge.schema`).
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML

from .diagnostics import Diagnostic
from .lint import NAME_KEYS, year_mentions
from .load import load_plan
from .schema import with_modeline
from .source import read_source
from .spans import FileText
from .yearshift import shift_years

# Indentation styles people write; the first that reproduces the file exactly wins.
_INDENTS = [(2, 2), (2, 0), (4, 2), (4, 0), (4, 4), (2, 4)]
_CLEARED_NOTICE_KEYS = ("date", "printed_date", "doc_number")


@dataclass
class Rollover:
    text: str  # the new plan file
    warnings: list[Diagnostic]


def round_trip(text: str) -> tuple[YAML, Any]:  # used by import to extend org.yaml
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


def _mapping_get(node, key: str):
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
    return None


def _edits(root, year: int, old_year: int) -> list[tuple]:
    """(start, end, replacement) in the file's text: the year, the cleared notice fields, the deadlines."""
    edits = []
    year_node = _mapping_get(root, "year")
    if year_node is not None:
        edits.append((year_node.start_mark.index, year_node.end_mark.index, None, lambda raw: raw.replace(str(old_year), str(year)) if str(old_year) in raw else str(year)))
    notice = _mapping_get(root, "notice")
    for key in _CLEARED_NOTICE_KEYS:
        node = _mapping_get(notice, key)
        if isinstance(node, yaml.ScalarNode) and node.tag != "tag:yaml.org,2002:null":
            edits.append((node.start_mark.index, node.end_mark.index, "clear", None))
    sections = _mapping_get(root, "sections")
    for section in sections.value if isinstance(sections, yaml.SequenceNode) else []:
        tasks = _mapping_get(section, "tasks")
        for task in tasks.value if isinstance(tasks, yaml.SequenceNode) else []:
            node = _mapping_get(task, "deadline")
            if isinstance(node, yaml.ScalarNode) and node.tag != "tag:yaml.org,2002:null":
                edits.append((node.start_mark.index, node.end_mark.index, None, lambda raw: shift_years(raw, year - old_year)))
    return edits


def _apply(text: str, edits) -> str:
    """Edits from last to first, so earlier offsets stay valid.  A cleared value leaves its key
    bare (``date:``); when a comment follows on the line, spaces keep the comment where it was."""
    for start, end, kind, change in sorted(edits, key=lambda e: e[0], reverse=True):
        raw = text[start:end]
        if kind == "clear":
            line_end = text.find("\n", end)
            rest = text[end:line_end if line_end >= 0 else len(text)]
            if rest.strip().startswith("#"):
                text = text[:start] + " " * len(raw) + text[end:]
            else:
                while start > 0 and text[start - 1] in " \t":
                    start -= 1
                text = text[:start] + text[end:]
        else:
            text = text[:start] + change(raw) + text[end:]
    return text


def roll_forward(source: Path, year: int, target: Path) -> Rollover:
    """The text of ``year``'s plan made from ``source`` (validated first); warnings point into ``target``.

    The new file is the old text with a few values replaced in place (positions from libyaml), so
    comments, quoting, indentation and line ends all stay, and a plan of 10,000 tasks takes seconds."""
    old_year = load_plan(source).plan.year  # raises PlanError with positions if the source is broken
    text = read_source(source, str(source))
    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    new_text = with_modeline(_apply(text, _edits(root, year, old_year)))
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
