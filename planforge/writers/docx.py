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
from typing import Optional

from markupsafe import Markup

from ..document import (CC_LABEL, Attachment, AttachmentLabel, DocNumber, Document, Goal, Heading, Imprint, Mark, Note,
                        PageBreak, Paragraph, Recipients, Run, Signature, Table, Task, Title, cell_runs, cell_text)
from ..diagnostics import Diagnostic, PlanError, Position
from ..layout import Layout, mm_to_pt, mm_to_twips, pt_to_twips
from ..linebreak import balance, width
from . import block_globals
from .paginate import Item, line_breaks, line_count, paginate
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
    "word/footer3.xml": "docx/footer.xml.j2",
}
FOOTERS = {"word/footer1.xml": "odd", "word/footer2.xml": "even", "word/footer3.xml": "none"}


TABLE_CELL_MARGIN = 108  # twips left and right in a table cell (styles.xml.j2, TableNormal)
TABLE_RULE_PT = 0.5  # a row's share of the table rules


class Placement:
    """Computed placements, offered to the templates as functions."""

    def __init__(self, layout: Layout, landscape: bool = False):
        self.L = layout
        self.type_width = mm_to_twips(layout.type_height_mm if landscape else layout.type_width_mm)
        self._titles: dict[str, list[str]] = {}  # the page model and the template both ask, fit_pages many times

    def title_lines(self, text: str) -> list[str]:
        """Balanced title lines, one character of room kept for the space renderers put around
        digits.  The space between joint issuers stays at the end of its line (invisible there),
        so the paragraph's text is still the title."""
        if text not in self._titles:
            per_line = math.floor(self.L.type_width_pt / self.L.title_size_pt) - 1
            whole, lines, pos = text.strip(), [], 0
            for line in balance(whole, per_line):
                start = whole.index(line, pos)
                if lines:
                    lines[-1] += whole[pos:start]
                lines.append(line)
                pos = start + len(line)
            self._titles[text] = lines
        return self._titles[text]

    def mark(self, block: Mark, max_size_pt: float | None = None) -> SimpleNamespace:
        """Mark size: as large as allowed (the profile's cap, or a smaller one when a notice's first
        page is short of room) while the widest line fits the type area."""
        L = self.L
        suffix = block.suffix
        names = list(block.issuers)
        stacked = len(names) > 1
        across = max(width(n) for n in names) + width(suffix) + (0.5 if stacked and suffix else 0)
        size_pt = min(max_size_pt or L.mark_max_size_pt, math.floor(L.type_width_pt * 0.96 / across))
        suffix_width = pt_to_twips((width(suffix) + 0.5) * size_pt) if suffix else 0
        names_width = pt_to_twips(max(width(n) for n in names) * size_pt)
        return SimpleNamespace(
            size=round(size_pt * 2), stacked=stacked, suffix=suffix,
            names_width=names_width, suffix_width=suffix_width, width=names_width + suffix_width,
            line=pt_to_twips(size_pt * 1.15),  # stacked names sit close
        )

    def signature(self, block: Signature) -> SimpleNamespace:
        """7.3.5.2 without a seal: names right-indented two characters, the date's
        first character two characters right of the name's; a longer date is
        right-indented two characters and pushes the names left."""
        L = self.L
        right = L.signature_right_chars
        name, date = width(block.issuers[-1]), width(block.date)
        date_right = None
        if L.date_shift_chars + date > name:  # shifted, the date would pass the names' end: it ends two characters in
            date_right, right = right, right + date + L.date_shift_chars - name
        date_left = L.chars_per_line - right - name + L.date_shift_chars
        return SimpleNamespace(
            right=L.chars_to_twips(right),
            date_left=L.chars_to_twips(date_left), date_right=None if date_right is None else L.chars_to_twips(date_right),
        )

    def table_row_heights(self, block: Table) -> list[float]:
        """Each row's height in points: its tallest cell's lines at the table's exact pitch."""
        L = self.L
        widths = [(w - 2 * TABLE_CELL_MARGIN) / 20 for w in self.table_widths(block)]
        return [max(line_count(cell_text(cell), L, size_pt=L.table_size_pt, width_pt=w) for cell, w in zip(row, widths))
                * L.table_line_pitch_pt + TABLE_RULE_PT for row in block.rows]

    def attachment(self, block: Attachment) -> SimpleNamespace:
        """7.3.4: 附件： two characters in; a wrapped name (and 2. 3. …) aligned under the name."""
        L = self.L
        label = width(block.label)
        return SimpleNamespace(left=L.chars_to_twips(L.indent_chars + label), hanging=L.chars_to_twips(label))

    def table_widths(self, block: Table) -> list[int]:
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

    def imprint(self, block: Imprint) -> SimpleNamespace:
        """版记 placement: the printed line's top one line above the type area's
        bottom edge, the 抄送 lines (counted at 4号 with their indents) above it."""
        L = self.L
        size = L.imprint_size_pt
        side = L.chars_to_twips(L.imprint_indent_chars, size)
        label = width(CC_LABEL)
        cc = block.cc
        printed_y = mm_to_twips(L.type_height_mm) - L.lines_to_twips(1)
        cc_lines = self.imprint_cc_lines(block)
        return SimpleNamespace(
            width=self.type_width, side=side, cc=cc, cc_lines=cc_lines,
            cc_left=side + L.chars_to_twips(label, size), cc_hanging=L.chars_to_twips(label, size),
            cc_y=printed_y - L.lines_to_twips(cc_lines), printed_y=printed_y,
            tab=self.type_width - side, printed_by=block.printed_by, printed_date=block.printed_on,
        )

    def imprint_cc_lines(self, block: Imprint) -> int:
        L = self.L
        if not block.cc:
            return 0
        return line_count(block.cc, L, size_pt=L.imprint_size_pt, indent_chars=2 * L.imprint_indent_chars + width(CC_LABEL),
                          first_indent_chars=-width(CC_LABEL))

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


def split_runs(runs, at: int) -> tuple[tuple[Run, ...], tuple[Run, ...]]:
    """Runs cut at character ``at`` of their joined text."""
    head, tail, seen = [], [], 0
    for run in runs:
        cut = min(max(at - seen, 0), len(run.text))
        if cut:
            head.append(Run(run.text[:cut], run.style))
        if cut < len(run.text):
            tail.append(Run(run.text[cut:], run.style))
        seen += len(run.text)
    return tuple(head), tuple(tail)


def _text(value: str) -> str:
    return _INVALID_XML.sub("", value)


def write_docx(document: Document, org: Organisation, templates: Templates) -> bytes:
    layout = Layout(org.layout)
    place = Placement(layout, document.landscape)
    place.fit = fit_pages(document, place)
    fonts = org.fonts
    env = templates.env
    env.filters["t"] = _text
    context = dict(
        L=layout, F=fonts, document=document, blocks=document.blocks, title=document.title, creator="planforge",
        mm=mm_to_twips, title_lines=place.title_lines, mark=place.mark, signature=place.signature,
        table_widths=place.table_widths, imprint=place.imprint, attachment=place.attachment, cell_runs=cell_runs, table_cell_margin=TABLE_CELL_MARGIN, split_runs=split_runs,
        cell_text=cell_text, rule=place.rule, eighths=place.eighths, red_rule_space=place.red_rule_space, fit=place.fit,
        **block_globals(env),
    )
    context["fonts"] = SimpleNamespace(
        chinese=list(dict.fromkeys([fonts.fangsong, fonts.heiti, fonts.kaiti, fonts.xiaobiaosong, fonts.songti])),
        latin=fonts.latin,
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for part, template in PARTS.items():
            xml = templates.render(template, footer=FOOTERS.get(part), **context)
            _well_formed(xml, templates.user_file(template))
            info = zipfile.ZipInfo(part, date_time=(2000, 1, 1, 0, 0, 0))  # reproducible bytes
            info.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(info, xml.encode("utf-8"))
    return buffer.getvalue()


def _well_formed(xml: str, user_file: Optional[str]) -> None:
    """A part made by the user's own template must be XML, or Word refuses the whole file (ours are tested)."""
    if user_file is None:
        return
    from lxml import etree

    try:
        etree.fromstring(xml.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    except etree.XMLSyntaxError as exc:
        raise PlanError([Diagnostic("PF151", f"模板生成的 XML 不合法，Word 无法打开：{exc.msg}（生成结果第 {exc.lineno} 行）。",
                                    Position(user_file))]) from None


# ---------------------------------------------------------------- pages

def _items(blocks, place: Placement, fit: SimpleNamespace) -> list[Item]:
    """The blocks as the page model sees them: line heights, spacing, keeps.
    Mirrors document.xml.j2 (same figures, same keeps)."""
    L = place.L
    pitch = L.line_pitch_pt
    items: list[Item] = []
    new_page = after_number = False

    def body(text: str, first: float = L.indent_chars) -> list[float]:
        return [pitch] * line_count(text, L, first_indent_chars=first)

    for i, b in enumerate(blocks):
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        item = None
        if isinstance(b, PageBreak):
            new_page = True
            continue
        if isinstance(b, Title):
            lines = [pitch] * (len(place.title_lines(b.text)) + 1)  # spacing after: 1 line
            gap = fit.title_gap_lines if after_number else 0
            item = Item(lines, before=gap * pitch, keep_next=True, keep_lines=True)
        elif isinstance(b, Heading):
            item = Item(body(b.text), keep_next=True)
        elif isinstance(b, (Task, Goal, Note)):
            item = Item(body(b.text))
        elif isinstance(b, Paragraph) and i in fit.splits:
            head, tail = split_runs(b.runs, fit.splits[i])
            items.append(Item(body("".join(r.text for r in head))))
            item = Item(body("".join(r.text for r in tail), 0), keep_next=True)
        elif isinstance(b, Paragraph):
            item = Item(body(b.text), keep_next=fit.keep_body and isinstance(nxt, (Signature, Attachment)))
        elif isinstance(b, Recipients):
            item = Item(body(b.text, 0))
        elif isinstance(b, AttachmentLabel):
            item = Item([pitch])
        elif isinstance(b, Attachment):
            for k, line in enumerate(b.lines()):
                n = line_count(line, L, first_indent_chars=-width(b.label), indent_chars=L.indent_chars + width(b.label))
                items.append(Item([pitch] * n, before=pitch * L.attachment_gap_lines if k == 0 else 0, keep_next=True))
            continue
        elif isinstance(b, Signature):
            names = [pitch] * len(b.issuers)
            items.append(Item(names, before=pitch * fit.signature_gap_lines, keep_next=True, keep_lines=True))
            item = Item([pitch], keep_next=isinstance(nxt, Note), keep_lines=True)
        elif isinstance(b, Table):
            item = Item(place.table_row_heights(b) + [pitch / 2])
        elif isinstance(b, Mark):
            m = place.mark(b, fit.mark_max_size_pt)
            item = Item([mm_to_pt(fit.mark_top_mm), m.line / 20 * (len(b.issuers) if m.stacked else 1)], keep_lines=True)
        elif isinstance(b, DocNumber):
            rule = place.red_rule_space + L.rule_width_pt
            item = Item([pitch + rule], before=L.doc_number_gap_lines * pitch, keep_lines=True)
        elif isinstance(b, Imprint):
            continue  # frames, outside the text flow
        if item is None:
            raise TypeError(f"no page model for a {type(b).__name__} block")
        item.page_break_before, new_page = new_page, False
        after_number = isinstance(b, DocNumber)
        items.append(item)
    return items


def fit_pages(document: Document, place: Placement) -> SimpleNamespace:
    """Decide what the pages need: spacing on a notice's first page, and where the 版记 goes.

    - A notice whose front part (up to the plan) would spill onto a second page
      by a little gets the room the standard leaves: one blank line less under
      the red rule, none before the 署名 (7.3.5.4), then the issuing mark moved
      up from 35 mm in 5 mm steps to ``mark_top_mm_min`` (7.2.4 says 一般), then
      the mark made smaller down to ``mark_min_size_pt`` (its size is a matter
      of practice), so that 正文, 署名, 成文日期 and 附注 stay on page 1.
      (Tighter line spacing is not used: LibreOffice then sets the following
      pages with 21 lines.)  A front part that cannot fit has its last
      paragraph cut at a line end, so that the 署名 goes on with the last two
      lines of 正文 and page 1 keeps the rest.
    - The 版记 stays at the bottom of the last page when there is room and that
      page is even (or printing is single-sided); otherwise it gets a section
      of its own, starting on the next even page (a blank page is inserted when
      needed) with no page numbers (7.5).
    """
    L = place.L
    page = mm_to_pt(L.type_height_mm)
    fit = SimpleNamespace(title_gap_lines=L.title_gap_lines, signature_gap_lines=L.signature_gap_lines,
                          mark_top_mm=L.mark_top_mm, mark_max_size_pt=L.mark_max_size_pt, imprint_section=None,
                          keep_body=True, splits={})
    blocks = document.blocks
    if document.kind == "notice" and any(isinstance(b, PageBreak) for b in blocks):
        front = blocks[:next(i for i, b in enumerate(blocks) if isinstance(b, PageBreak))]
        steps = [dict(title_gap_lines=max(1, L.title_gap_lines - 1)), dict(signature_gap_lines=0)]
        steps += [dict(mark_top_mm=mm) for mm in range(int(L.mark_top_mm) - 5, int(L.mark_top_mm_min) - 1, -5)]
        steps += [dict(mark_max_size_pt=pt) for pt in range(int(L.mark_max_size_pt) - 4, int(L.mark_min_size_pt) - 1, -2)]
        trial = SimpleNamespace(**vars(fit))
        for step in [{}] + steps:
            vars(trial).update(step)
            if paginate(_items(front, place, trial), page - L.line_pitch_pt / 2)[-1].page == 1:  # half a line to spare
                fit = trial
                break
        else:
            # It runs over anyway. Renderers move a kept paragraph whole, which could take the
            # whole 正文 off page 1: the last paragraph is cut at a line end, and only its last
            # lines go with the 署名 (7.3.5.4: the 署名 never stands without 正文).
            last = max((i for i, b in enumerate(front) if isinstance(b, Paragraph)), default=None)
            if last is not None:
                starts = line_breaks(front[last].text, L, first_indent_chars=L.indent_chars)
                if len(starts) > 1:
                    fit.splits = {last: starts[-2 if len(starts) > 2 else -1]}
                else:
                    fit.keep_body = sum(isinstance(b, Paragraph) for b in front) > 1
    imprint = next((b for b in blocks if isinstance(b, Imprint)), None)
    if imprint is not None:
        last = paginate(_items(blocks, place, fit), page)[-1]
        need = (place.imprint_cc_lines(imprint) + 1 + L.imprint_room_lines) * L.line_pitch_pt
        fits = last.bottom + need <= page
        if not fits or (L.double_sided and last.page % 2):
            fit.imprint_section = "evenPage" if L.double_sided else "nextPage"
    return fit
