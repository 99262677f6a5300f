"""model._paragraphs takes a short way for a one-line text; it must split and join exactly as the full way."""
from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st

from planforge.model import _paragraphs

_BLANK_LINE = re.compile(r"\n[ \t\u3000]*\n")


def full_way(items: list) -> list:
    out = []
    for item in items:
        if not isinstance(item, str):
            out.append(item)
            continue
        for para in _BLANK_LINE.split(item.strip()):
            joined = "".join(line.strip() for line in para.splitlines())
            if joined:
                out.append(joined)
    return out


TEXT = st.lists(st.sampled_from(list("甲乙 a1。\n\r\t\u3000\u2028\u2029\x85\x0b\x0c\x1c\u00a0") + ["\r\n", "\n\n", "\n \n"]),
               max_size=20).map("".join)


@settings(max_examples=3000, deadline=None)
@given(st.lists(TEXT | st.integers(), max_size=4))
def test_same_paragraphs_as_the_full_way(items):
    assert _paragraphs(items) == full_way(items)
    if items and isinstance(items[0], str):
        assert _paragraphs(items[0]) == full_way([items[0]])
