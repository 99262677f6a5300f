"""DOCX writer: blocks → a GB/T 9704 WordprocessingML package.

Each part is a Jinja2 template under ``templates/docx/`` — the layout written
once, visibly, in the files Word reads.  This module only computes what a
template cannot reasonably compute (balanced title lines, the size of the
issuing-body mark, signature indents, table widths) and zips the parts.
Rendering is one pass over the blocks, so cost is linear in plan size.
"""
from __future__ import annotations

import io
import math
import re
import zipfile
from types import SimpleNamespace

from markupsafe import Markup

from ..document import Block, Document, cell_runs, cell_text
from ..layout import Layout, mm_to_pt, mm_to_twips, pt_to_twips
from ..linebreak import balance, width
from ..model import Organisation
from ..templating import Templates

# XML 1.0 cannot carry most control characters, whatever the escaping.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

PARTS = {
    "[Content_Types].xml": "docx/content_types.xml.j2",
    "_rels/.rels": "docx/rels.xml.j2",
    "docProps/core.xml": "docx/core.xml.j2",
    "docProps/app.xml": "docx/app.xml.j2",
    "word/_rels/document.xml.rels": "docx/document.xml.rels.j2",
    "word/document.xml": "docx/document.xml.j2",
    "word/styles.xml": "docx/styles.xml.j2",
    "word/settings.xml": "docx/settings.xml.j2",
    "word/fontTable.xml": "docx/fontTable.xml.j2",
    "word/footer1.xml": "docx/footer.xml.j2",
    "word/footer2.xml": "docx/footer.xml.j2",
}


class Placement:
    """Computed placements, offered to the templates as functions."""

    def __init__(self, layout: Layout, landscape: bool = False):
        self.L = layout
        self.type_width = mm_to_twips(layout.type_height_mm if landscape else layout.type_width_mm)

    def title_lines(self, text: str) -> list[str]:
        per_line = math.floor(self.L.type_width_pt / self.L.title_size_pt)
        return balance(text, per_line)

    def mark(self, block: Block) -> SimpleNamespace:
        """Mark size: as large as the profile allows while the widest line fits the type area."""
        L = self.L
        suffix = block.extra[0] if block.extra else ""
        names = list(block.lines)
        stacked = len(names) > 1
        across = max(width(n) for n in names) + width(suffix) + (0.5 if stacked and suffix else 0)
        size_pt = min(L.mark_max_size_pt, math.floor(L.type_width_pt * 0.96 / across))
        suffix_width = pt_to_twips((width(suffix) + 0.5) * size_pt) if suffix else 0
        names_width = pt_to_twips(max(width(n) for n in names) * size_pt)
        return SimpleNamespace(
            size=round(size_pt * 2), stacked=stacked, suffix=suffix,
            names_width=names_width, suffix_width=suffix_width, width=names_width + suffix_width,
            top=mm_to_twips(L.mark_top_mm), line=pt_to_twips(size_pt * 1.15),  # stacked names sit close
        )

    def signature(self, block: Block) -> SimpleNamespace:
        """7.3.5.2 without a seal: names right-indented two characters, the date's
        first character two characters right of the name's; a longer date is
        right-indented two characters and pushes the names left."""
        L = self.L
        line = L.chars_per_line
        names, date = list(block.lines), block.extra[0]
        right = L.signature_right_chars
        date_left = line - right - width(names[-1]) + L.date_shift_chars
        if date_left + width(date) > line - right:
            date_left = line - right - width(date)
            right = line - (date_left - L.date_shift_chars) - width(names[-1])
        return SimpleNamespace(
            names=[(n, L.chars_to_twips(line - right - width(n))) for n in names],
            date=date, date_left=L.chars_to_twips(date_left),
        )

    def table_widths(self, block: Block) -> list[int]:
        """The block's relative widths if it has them; otherwise short columns get
        their natural width and the long ones share what is left."""
        rows = block.rows
        char = self.L.chars_to_twips(1, self.L.table_size_pt)
        natural = [(max(width(cell_text(row[i])) for row in rows) + 1) * char for i in range(len(rows[0]))]
        if block.widths:
            widths = [w * self.type_width / sum(block.widths) for w in block.widths]
        elif sum(natural) <= self.type_width:
            widths = [n * self.type_width / sum(natural) for n in natural]
        else:
            share = self.type_width / len(natural)
            fixed = sum(n for n in natural if n <= share)
            long_total = sum(n for n in natural if n > share)
            widths = [n if n <= share else n * (self.type_width - fixed) / long_total for n in natural]
        widths = [int(w) for w in widths]
        widths[-1] += self.type_width - sum(widths)
        return widths

    def imprint(self, block: Block) -> SimpleNamespace:
        """版记 placement: the printed line's top one line above the type area's
        bottom edge, the 抄送 lines (counted at 4号 with their indents) above it."""
        L = self.L
        size = L.imprint_size_pt
        side = L.chars_to_twips(L.imprint_indent_chars, size)
        label = width("抄送：")
        cc = block.lines[0] if block.lines else ""
        per_line = math.floor(L.type_width_pt / (size + L.char_spacing_pt)) - 2 * L.imprint_indent_chars
        cc_lines = 1 + max(0, math.ceil((width(cc) - per_line) / (per_line - label))) if cc else 0
        printed_y = mm_to_twips(L.type_height_mm) - L.lines_to_twips(1)
        printed_by, printed_date = block.extra
        return SimpleNamespace(
            width=self.type_width, side=side, cc=cc, cc_lines=cc_lines,
            cc_left=side + L.chars_to_twips(label, size), cc_hanging=L.chars_to_twips(label, size),
            cc_y=printed_y - L.lines_to_twips(cc_lines), printed_y=printed_y,
            tab=self.type_width - side, printed_by=printed_by, printed_date=printed_date,
        )

    def rule(self, mm: float) -> Markup:
        """Border attributes for a black rule ``mm`` thick (w:sz is in eighths of a point)."""
        return Markup(f'w:val="single" w:sz="{self.eighths(mm)}" w:space="0" w:color="000000"')

    @staticmethod
    def eighths(mm: float) -> int:
        return max(2, round(mm_to_pt(mm) * 8))

    @property
    def red_rule_space(self) -> int:
        """Points between the number's line box and the red rule, so the rule sits
        4 mm under the characters (the exact line adds half its leading)."""
        L = self.L
        half_leading = (L.line_pitch_pt - L.body_size_pt) / 2
        return max(0, round(mm_to_pt(L.rule_gap_mm) - half_leading))


def _text(value: str) -> str:
    return _INVALID_XML.sub("", value)


def write_docx(document: Document, org: Organisation, templates: Templates) -> bytes:
    layout = Layout(org.layout)
    place = Placement(layout, document.landscape)
    fonts = org.fonts
    env = templates.env
    env.filters["t"] = _text
    context = dict(
        L=layout, F=fonts, document=document, blocks=document.blocks, title=document.title, creator="planforge",
        mm=mm_to_twips, title_lines=place.title_lines, mark=place.mark, signature=place.signature,
        table_widths=place.table_widths, imprint=place.imprint, cell_runs=cell_runs, cell_text=cell_text, rule=place.rule, eighths=place.eighths, red_rule_space=place.red_rule_space,
    )
    context["fonts"] = SimpleNamespace(
        chinese=list(dict.fromkeys([fonts.fangsong, fonts.heiti, fonts.kaiti, fonts.xiaobiaosong, fonts.songti])),
        latin=fonts.latin,
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for part, template in PARTS.items():
            xml = templates.render(template, odd=part == "word/footer1.xml", **context)
            info = zipfile.ZipInfo(part, date_time=(2000, 1, 1, 0, 0, 0))  # reproducible bytes
            info.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(info, xml.encode("utf-8"))
    return buffer.getvalue()
