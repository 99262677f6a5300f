"""The GB/T 9704 layout profile (``templates/docx/layout.yaml``) and its units.

Figures are kept in the units the standard uses (mm, pt); the conversions to
Word's twips and eighths of a point happen here, once.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any, Mapping

import yaml

from .records import Record, record
from .templating import builtin_templates

TWIPS_PER_PT = 20
MM_PER_PT = 25.4 / 72


def mm_to_twips(mm: float) -> int:
    return round(mm_to_pt(mm) * TWIPS_PER_PT)


def mm_to_pt(mm: float) -> float:
    return mm / MM_PER_PT


def pt_to_twips(pt: float) -> int:
    return round(pt * TWIPS_PER_PT)


@record
class Figure(Record):
    value: Any
    clause: str
    strength: str
    note: str = ""


@lru_cache(maxsize=1)
def _profile() -> dict[str, Figure]:
    text = (builtin_templates() / "docx" / "layout.yaml").read_text(encoding="utf-8")
    raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: a tenth of the time
    return {key: Figure(**entry) for key, entry in raw.items()}


def layout_keys() -> list[str]:
    return list(_profile())


_COLOUR = re.compile(r"^[0-9A-Fa-f]{6}$")
OVERRIDE_SCALE = 10  # an override may be at most this many times the standard's figure


def _bounds(base: float) -> tuple[float, float]:
    """The range an override of a numeric figure may take."""
    limit = OVERRIDE_SCALE * max(1.0, abs(base))
    return (-limit if base < 0 else 0), limit


def override_problem(key: str, value: Any) -> str | None:
    """What is wrong with an org.yaml override of ``key`` (in Chinese), or None.

    The value must be of the built-in figure's kind (a number for a number, a
    colour for a colour, true/false for a switch), finite, and within a factor
    of the standard figure: a typo (``"16"``, ``1e9``, ``-100``) never reaches
    the document.  :func:`overrides_schema` says the same for the editor."""
    base = _profile()[key].value
    if isinstance(base, str):
        if _COLOUR.match(base) and not (isinstance(value, str) and _COLOUR.match(value)):
            return f"版式参数“{key}”应为六位十六进制颜色（如 {base}），这里是“{value}”。"
        return None
    if isinstance(base, bool):
        return None if isinstance(value, bool) else f"版式参数“{key}”应为 true 或 false，这里是“{value}”。"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"版式参数“{key}”应为数字（如 {base}），这里是文本“{value}”；请写成不加引号的普通数字。"
    low, limit = _bounds(base)
    if not math.isfinite(value) or not low <= value <= limit:
        return f"版式参数“{key}”的值 {value} 不合理：应在 {low:g} 到 {limit:g} 之间（标准值 {base}）。"
    return None


def overrides_schema() -> dict[str, Any]:
    """JSON Schema of ``layout:`` in org.yaml: each figure by name, of its kind and in its range,
    described by its note and clause, so that the editor completes the names and flags a typo."""
    properties: dict[str, Any] = {}
    for key, figure in _profile().items():
        base = figure.value
        entry: dict[str, Any] = {"description": f"{figure.note}（GB/T 9704 {figure.clause}，标准值 {base}）"}
        if isinstance(base, bool):
            entry["type"] = "boolean"
        elif isinstance(base, str):
            entry["type"] = "string"
            if _COLOUR.match(base):
                entry.update(pattern=_COLOUR.pattern, patternErrorMessage=f"颜色写六位十六进制数，如 {base}。")
        else:
            low, limit = _bounds(base)
            entry.update(type="number", minimum=low, maximum=limit)
        entry["examples"] = [base]
        properties[key] = entry
    return {"type": "object", "properties": properties, "additionalProperties": False}


class Layout:
    """Layout figures with a bureau's overrides applied; attribute access by key."""

    def __init__(self, overrides: Mapping[str, Any] | None = None):
        self.figures = dict(_profile())
        for key, value in (overrides or {}).items():
            if key not in self.figures:
                raise KeyError(key)
            base = self.figures[key]
            self.figures[key] = Figure(value, base.clause, "override", base.note)

    def __getattr__(self, key: str) -> Any:
        try:
            return self.__dict__["figures"][key].value
        except KeyError:
            raise AttributeError(key) from None

    # ---------------------------------------------------------------- derived figures
    @property
    def margin_bottom_mm(self) -> float:
        return self.page_height_mm - self.margin_top_mm - self.type_height_mm

    @property
    def type_width_pt(self) -> float:
        return mm_to_pt(self.type_width_mm)

    @property
    def margin_right_mm(self) -> float:
        return self.page_width_mm - self.margin_left_mm - self.type_width_mm

    def chars_to_twips(self, chars: float, size_pt: float | None = None) -> int:
        size = size_pt if size_pt is not None else self.body_size_pt
        return pt_to_twips(chars * (size + self.char_spacing_pt))

    def lines_to_twips(self, lines: float) -> int:
        return pt_to_twips(lines * self.line_pitch_pt)

    def footer_mm(self, bottom_margin_mm: float) -> float:
        """Footer distance from the page edge, so that the dashes' top is 7 mm under the type area
        (7.5 一字线上距版心下边缘 7 mm; the dash sits ``page_number_dash_raise_em`` above the line's foot)."""
        return bottom_margin_mm - self.page_number_gap_mm - self.page_number_dash_raise_em * self.page_number_size_pt * MM_PER_PT
