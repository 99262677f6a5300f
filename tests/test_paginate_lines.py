"""Line breaking for the page model, filled line by line with sums and bisection, breaks exactly where the
character-by-character loop it replaced broke (that loop is kept here as the reference)."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from planforge.layout import Layout
from planforge.linebreak import NO_LINE_END, NO_LINE_START
from planforge.writers.paginate import AUTOSPACE_EM, _advance_em, _latin, line_breaks


def reference_line_breaks(text: str, L: Layout, size_pt: float | None = None, first_indent_chars: float = 0,
                indent_chars: float = 0, width_pt: float | None = None) -> list[int]:
    """Where each line of a paragraph starts (in the type area, or ``width_pt`` wide):
    greedy filling with forbidden line starts and ends."""
    size = size_pt or L.body_size_pt
    spacing = L.char_spacing_pt
    full = (width_pt or L.type_width_pt) - indent_chars * (size + spacing)
    width = full - first_indent_chars * (size + spacing)
    starts, used, start = [0], 0.0, 0
    i = 0
    while i < len(text):
        ch = text[i]
        step = _advance_em(ch) * size + spacing
        if i > start and _latin(ch) != _latin(text[i - 1]) and not text[i - 1].isspace() and not ch.isspace():
            step += AUTOSPACE_EM * size
        if used + step > width + 0.01 and i > start:
            # break before i; a forbidden start or end pulls the break back one character
            j = i
            while j - 1 > start and (text[j] in NO_LINE_START or text[j - 1] in NO_LINE_END
                                     or (_latin(text[j]) and _latin(text[j - 1]))):
                j -= 1
            starts.append(j)
            used, start, width = 0.0, j, full
            i = j
            continue
        used += step
        i += 1
    return starts



TEXT = st.text(alphabet="推进教育，。、；：？！）》“”（《 abcXYZ0123456789.%-—…", max_size=300)
LAYOUTS = [Layout(), Layout({"char_spacing_pt": 0}), Layout({"char_spacing_pt": 2}), Layout({"char_spacing_pt": -10}),
           Layout({"body_size_pt": 12})]


@settings(max_examples=600, deadline=None)
@given(TEXT, st.sampled_from(LAYOUTS), st.sampled_from([None, 10.5, 14, 22]), st.sampled_from([0, 2, -3, 4.5]),
       st.sampled_from([0, 2, 5]), st.sampled_from([None, 40.0, 120.5, 300.0]))
def test_breaks_where_the_character_loop_broke(text, layout, size, first, indent, width):
    kwargs = dict(size_pt=size, first_indent_chars=first, indent_chars=indent, width_pt=width)
    assert line_breaks(text, layout, **kwargs) == reference_line_breaks(text, layout, **kwargs)


def test_a_long_plan_paragraph():
    text = "推进集团化办学，新组建教育集团8个，实现城区学校集团化办学全覆盖（2024年）。" * 40
    assert line_breaks(text, Layout()) == reference_line_breaks(text, Layout())
    assert len(line_breaks(text, Layout())) > 40
