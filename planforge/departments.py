"""The department registry: current names, aliases and former names.

A task may name a sub-unit in angle brackets, ``人事科〈机关党委〉``; only the part
before the bracket is looked up, the sub-unit is kept as written.
"""
from __future__ import annotations

import difflib
import re
from typing import Literal, Optional

from .model import Department
from .records import Record, record

_SUBUNIT = re.compile(r"^(?P<base>[^〈<]+?)\s*(?P<sub>[〈<].*)?$")
# The role word in front of a responsibility label: 责任股室, 牵头单位, 主责处室, 承办科室.
ROLE = r"(?:责任|牵头|主责|承办)"
_ROLE = re.compile("^" + ROLE)
DEFAULT_WORD = "科室"
DEFAULT_LABEL = "责任" + DEFAULT_WORD
# A responsibility label as offices write it in the text: 责任科室, 牵头单位, 责任股室, 主责处室 …
NOTE_LABEL = rf"{ROLE}(?:科室|单位|处室|股室|部门|科|股|处)"

Match = Literal["name", "alias", "former"]


def split_subunit(name: str) -> tuple[str, str]:
    """``人事科〈机关党委〉`` → (``人事科``, ``〈机关党委〉``)."""
    m = _SUBUNIT.match(name.strip())
    if not m:
        return name.strip(), ""
    return m.group("base"), m.group("sub") or ""


def department_word(label: str) -> str:
    """The office's own word for its departments, from its responsibility label:
    ``责任股室`` → ``股室``, ``责任单位`` → ``单位``, ``责任处室`` → ``处室``.

    Derived rather than configured, so that org.yaml says it once (``responsibility.label``) and the
    lead remark (排名第一的为牵头股室), the 分工表 headers (牵头股室、配合股室) and every message agree."""
    return _ROLE.sub("", label.strip()) or DEFAULT_WORD


@record
class Lookup(Record):
    canonical: str  # the registry's current name, sub-unit re-attached
    match: Match


class Registry:
    def __init__(self, departments: list[Department], word: str = DEFAULT_WORD):
        self.names = [d.name for d in departments]
        self.word = word  # the office's word for its units (股室 …), for messages about the registry
        self._index: dict[str, tuple[str, Match]] = {}
        for d in departments:
            for former in d.former:
                self._index.setdefault(former, (d.name, "former"))
            for alias in d.aliases:
                self._index.setdefault(alias, (d.name, "alias"))
        for d in departments:
            self._index[d.name] = (d.name, "name")

    def __bool__(self) -> bool:
        return bool(self.names)

    def lookup(self, name: str) -> Optional[Lookup]:
        base, sub = split_subunit(name)
        found = self._index.get(base)
        if found is None:
            return None
        return Lookup(found[0] + sub, found[1])

    def suggest(self, name: str) -> Optional[str]:
        """The registry's current name closest to ``name``, if any is close."""
        base, _ = split_subunit(name)
        close = difflib.get_close_matches(base, list(self._index), n=1, cutoff=0.5)
        return self._index[close[0]][0] if close else None
