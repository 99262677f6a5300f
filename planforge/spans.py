"""Where each text value of a plan file sits in the raw file, character by character.

Lint rules and ``new`` look at the raw slice of every string scalar (libyaml
gives exact start and end indices), so a finding points at the exact
character and a fix is a replacement in the user's file that touches nothing
else — comments, layout and quoting stay as they are.
"""
from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

import yaml

from .diagnostics import Position

# Values that are not prose: identifiers, numbers, settings, dates checked elsewhere.
NOT_TEXT = {"id", "year", "numbering", "compare", "unit", "deadline", "doc_number", "date", "printed_date",
            "attachment", "table", "target", "org", "lint", "kind"}
_EXPRESSION = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


@lru_cache(maxsize=1)
def _known_keys() -> frozenset[str]:
    """Every key the plan and org models accept."""
    from .model import Plan
    from .typed import all_field_names

    return all_field_names(Plan)


def _meant(key: str) -> str:
    """The key that ``key`` stands for: itself, or for a misspelt one (``dedline``) the key that load's
    PF101 suggests, so that a misspelt deadline is not checked as prose (its year as PF341)."""
    if key in NOT_TEXT or key in _known_keys():
        return key
    close = difflib.get_close_matches(key, sorted(_known_keys()), n=1, cutoff=0.6)
    return close[0] if close else key


@dataclass(frozen=True)
class Span:
    key: str  # the mapping key the value belongs to (departments, title, body …)
    start: int
    end: int
    raw: str  # text[start:end], expressions blanked out (same length)


class FileText:
    """A plan file's text with index → line:col."""

    def __init__(self, text: str, name: str):
        self.text = text
        self.name = name
        self._lines = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def position(self, index: int) -> Position:
        line = bisect.bisect_right(self._lines, index) - 1
        return Position(self.name, line + 1, index - self._lines[line] + 1)

    def spans(self, keys: set[str] | None = None) -> Iterator[Span]:
        """String scalars of text fields (or of ``keys``), in file order."""
        root = yaml.compose(self.text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        yield from self._walk(root, None, keys)

    def _walk(self, node, key, keys):
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if not isinstance(k, yaml.ScalarNode):  # a list or mapping as a key: reported by load (PF102)
                    continue
                if keys is not None or _meant(k.value) not in NOT_TEXT:
                    yield from self._walk(v, k.value, keys)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                yield from self._walk(item, key, keys)
        elif isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str") and (keys is None or key in keys):
            start, end = node.start_mark.index, node.end_mark.index
            raw = _EXPRESSION.sub(lambda m: "\0" * len(m.group()), self.text[start:end])
            yield Span(key or "", start, end, raw)
