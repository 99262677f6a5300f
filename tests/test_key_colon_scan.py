"""The full-width-colon check looks only at lines with a ``：`` (planforge.source._key_colon_lines);
it must find exactly what the pattern finds run over the whole text."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from planforge.source import _KEY_COLON, _key_colon_lines

PIECES = ["title", "标题", "任务名称", "- ", "  ", "\t", "：", ":", " ", "\n", "a", "正文：", "x：y", "-", "\n- title：", "一二三四五六七"]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_same_matches_as_the_whole_text_scan(text):
    expected = [(m.start(), m.end(), m.groups()) for m in _KEY_COLON.finditer(text)]
    assert [(m.start(), m.end(), m.groups()) for m in _key_colon_lines(text)] == expected
