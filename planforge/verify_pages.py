"""The page half of ``planforge verify``: check what a reader sees on the PDF.

The XML checks (verify.py) read what the DOCX asks for; the page checks read
what LibreOffice (or Word/WPS, with ``--pdf``) actually put on the page: lost
punctuation, marks hanging outside the type area, a page holding only the
附注, a title broken inside a word, the 版记 on an odd page, page numbers in
the wrong place.  Roles (title, 署名, 成文日期, 附注, 版记, 附件说明) are found
from the DOCX paragraphs' text and formatting, as the XML checks do, and then
located on the pages through :mod:`planforge.pagemap`.  Every figure comes from
the layout profile.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from .layout import MM_PER_PT, Layout
from .linebreak import allowed_breaks
from .docroles import Roles, find_roles
from .pagemap import PageMap, Paragraph, build, document_paragraphs
from .pdfpages import Line, PdfReadError, read_pages
from .pdf import PdfError, docx_to_pdf
from .ooxml import StyleResolver, jc_of, w
from .verify import Auditor, Check, VerifyError

PART = "pdf"
TOLERANCE_MM = 0.5
MAX_LISTED = 6


class Geometry:
    """The type area and units of the layout profile, in mm."""

    def __init__(self, layout: Layout):
        self.left = layout.margin_left_mm
        self.right = layout.margin_left_mm + layout.type_width_mm
        self.top = layout.margin_top_mm
        self.bottom = layout.margin_top_mm + layout.type_height_mm
        self.pitch = layout.line_pitch_pt * MM_PER_PT
        self.char = layout.body_size_pt * MM_PER_PT
        self.number_char = layout.page_number_size_pt * MM_PER_PT


def verify_pages(docx: Path | str, pdf: Optional[Path] = None, double_sided: Optional[bool] = None) -> list[Check]:
    """The page checks of ``docx``: on ``pdf`` when given (exported from Word/WPS, say),
    otherwise on a rendering by LibreOffice; each check is skipped, with why, when
    there is no LibreOffice.  A DOCX or PDF that cannot be read raises VerifyError."""
    docx = Path(docx)
    if pdf is None:
        try:
            data = docx.read_bytes()
        except OSError:
            raise VerifyError("找不到文件。") from None
        try:
            rendered: bytes | Path = docx_to_pdf(data)
        except PdfError as exc:
            return skipped(str(exc))
    else:
        rendered = pdf
    try:
        return check_pages(docx, rendered, double_sided=double_sided)
    except PdfReadError as exc:
        raise VerifyError(f"{pdf}：{exc}") from None


def check_pages(docx: Path, pdf: bytes | Path, layout: Optional[Layout] = None, double_sided: Optional[bool] = None) -> list[Check]:
    """All page checks of ``docx`` against its rendering ``pdf`` (raises PdfReadError)."""
    layout = layout or Layout()
    double_sided = layout.double_sided if double_sided is None else double_sided
    auditor = Auditor(Path(docx))
    pages = read_pages(pdf)
    body = auditor.document.find(w("body"))
    pagemap = build(document_paragraphs(body), pages, layout)
    ctx = Context(pagemap, find_roles(auditor, pagemap, layout), Geometry(layout), layout, double_sided, auditor.resolve)
    return [check(ctx) for _, _, check in CHECKS]


def skipped(reason: str) -> list[Check]:
    """Every page check, each marked as not made, with why."""
    return [Check(clause, rule, "skip", reason, PART) for clause, rule, _ in CHECKS]


@dataclass
class Context:
    map: PageMap
    roles: Roles
    geo: Geometry
    layout: Layout
    double_sided: bool
    resolve: StyleResolver

    def result(self, clause_rule: tuple[str, str], problems: list[str], applies: bool = True, reason: str = "",
               passed: str = "") -> Check:
        clause, rule = clause_rule
        if not applies:
            return Check(clause, rule, "skip", reason, PART)
        if problems:
            more = f"；等共 {len(problems)} 处" if len(problems) > MAX_LISTED else ""
            return Check(clause, rule, "fail", "；".join(problems[:MAX_LISTED]) + more, PART)
        return Check(clause, rule, "pass", passed, PART)


# ---------------------------------------------------------------------- helpers
def _where(pagemap: PageMap, paragraph: Paragraph, k: int) -> Optional[int]:
    """The page of the k-th non-space character of a paragraph, or of its nearest placed neighbour."""
    for j in [k] + [k - d for d in range(1, len(paragraph.spots))] + [k + d for d in range(1, len(paragraph.spots))]:
        if 0 <= j < len(paragraph.spots) and paragraph.spots[j] is not None:
            return paragraph.spots[j][0]
    return None


def _quote(text: str, limit: int = 14) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def _owner(pagemap: PageMap) -> dict[tuple[int, int], Paragraph]:
    return {(page, c.index): p for p in pagemap.paragraphs for page, c in p.placed}


def _page_roles(ctx: Context, page: int) -> set[str]:
    return {ctx.roles.of.get(p.index, "body") for p in ctx.map.paragraphs_on(page) if p.text.strip()}


def _body_lines(ctx: Context, page: int) -> list[Line]:
    """Lines inside the type area (vertically), without the page number."""
    return [line for line in ctx.map.content_lines(page)
            if line.bottom > ctx.geo.top - 1 and line.top < ctx.geo.bottom + 1]


# ---------------------------------------------------------------------- checks
TEXT = ("5.2", "PDF 文字完整：DOCX 中每个字都印在页面上（逐字比对）")


def text_complete(ctx: Context) -> Check:
    problems = []
    for p in ctx.map.paragraphs:
        for k, spot in enumerate(p.spots):
            if spot is None:
                at = p.positions[k]
                page = _where(ctx.map, p, k)
                before, after = p.text[max(0, at - 8):at].replace("\n", ""), p.text[at + 1:at + 7].replace("\n", "")
                problems.append(f"第 {page or '?'} 页缺“{p.text[at]}”：…{before}【{p.text[at]}】{after}…")
    return ctx.result(TEXT, problems, passed=f"{sum(len(p.spots) for p in ctx.map.paragraphs)} 字全部在页面上")


HORIZONTAL = ("5.2.1", "文字不超出版心左右边缘（156 mm）")


def inside_type_area(ctx: Context) -> Check:
    mark = {(page, c.index) for p in ctx.map.paragraphs if ctx.roles.of.get(p.index) == "mark" for page, c in p.placed}
    problems = []
    for page in ctx.map.pages:
        for line in ctx.map.content_lines(page.number):
            chars = [c for c in line.chars if (page.number, c.index) not in mark]
            left = [c for c in chars if c.ink.x0 < ctx.geo.left - TOLERANCE_MM]
            right = [c for c in chars if c.ink.x1 > ctx.geo.right + TOLERANCE_MM]
            if right:
                out = max(c.ink.x1 for c in right) - ctx.geo.right
                problems.append(f"第 {page.number} 页“…{line.text[-8:]}”超出右边缘 {out:.1f} mm")
            if left:
                out = ctx.geo.left - min(c.ink.x0 for c in left)
                problems.append(f"第 {page.number} 页“{line.text[:8]}…”超出左边缘 {out:.1f} mm")
    return ctx.result(HORIZONTAL, problems)


LINES = ("5.2.3", "满页 22 行，行距一致")


def full_pages(ctx: Context) -> Check:
    owner, problems, checked = _owner(ctx.map), [], 0
    starts = {p.first_page for p in ctx.map.paragraphs if p.index in ctx.roles.break_before and p.first_page}
    starts |= {page.number for page in ctx.map.pages if _page_roles(ctx, page.number) <= {"imprint"}}
    for page in ctx.map.pages[:-1]:
        lines = _body_lines(ctx, page.number)
        if not lines or page.number + 1 in starts:
            continue
        last_owner = owner.get((page.number, lines[-1].chars[-1].index))
        if last_owner is None or ctx.roles.of.get(last_owner.index) == "table":
            continue
        if any(abs(line.size - ctx.layout.body_size_pt) > 1 for line in lines):
            continue  # a title, mark or 版记 on the page: not a page of body text
        checked += 1
        want = ctx.layout.lines_per_page
        if len(lines) != want:
            problems.append(f"第 {page.number} 页 {len(lines)} 行（应为 {want} 行）")
            continue
        gaps = [b.baseline - a.baseline for a, b in zip(lines, lines[1:])]
        odd = [g for g in gaps if abs(g - ctx.geo.pitch) > 0.3]
        if odd:
            problems.append(f"第 {page.number} 页行距 {odd[0] / MM_PER_PT:.2f} pt（应为 {ctx.layout.line_pitch_pt} pt）")
    return ctx.result(LINES, problems, applies=checked > 0,
                      reason=f"没有满页的 {ctx.layout.body_size_pt:g} pt 正文页（只有一页，或各页都在分页符、表格或标题处结束）",
                      passed=f"检查了 {checked} 页")


FULL_LINES = ("5.2.3", "段落中间各行排满 28 字（行末到版心右边缘）")


def lines_filled(ctx: Context) -> Check:
    problems, checked = [], 0
    for p in ctx.map.paragraphs:
        if ctx.roles.of.get(p.index) not in ("body", "attachment") or "\n" in p.text.strip() \
                or jc_of(ctx.resolve, p.element) in ("center", "right", "distribute", "end"):
            continue
        for page, line in ctx.map.lines_of(p)[:-1]:
            if abs(line.size - ctx.layout.body_size_pt) > 1:
                continue
            checked += 1
            short = ctx.geo.right - line.x1
            if short > ctx.geo.char / 2:
                problems.append(f"第 {page} 页“{line.text[:8]}…”只排了 {len(line.chars)} 字，行末离右边缘 {short:.1f} mm")
    return ctx.result(FULL_LINES, problems, applies=checked > 0, reason=f"没有回行的 {ctx.layout.body_size_pt:g} pt 正文段落", passed=f"检查了 {checked} 行")


ORPHANS = ("7.3.5.4", "没有只有附注、只有署名和成文日期或只有标题的页")


def no_orphan_pages(ctx: Context) -> Check:
    problems = []
    for page in ctx.map.pages:
        roles = _page_roles(ctx, page.number)
        if not roles:
            continue
        if roles == {"note"}:
            problems.append(f"第 {page.number} 页只有附注“{_quote(ctx.roles.note.text)}”")
        elif roles <= {"signature", "date", "note"}:
            problems.append(f"第 {page.number} 页只有署名、成文日期，没有正文")
        elif roles == {"title"}:
            problems.append(f"第 {page.number} 页只有标题")
    return ctx.result(ORPHANS, problems)


IMPRINT = ("7.4.1", "版记在最后一页，最后一行在版心下边缘")


def imprint_at_bottom(ctx: Context) -> Check:
    imprint = [p for p in ctx.roles.imprint if p.placed]
    if not imprint:
        return ctx.result(IMPRINT, [], applies=False, reason="没有版记（抄送、印发机关和印发日期）")
    last = len(ctx.map.pages)
    problems = [f"“{_quote(p.text)}”在第 {'、'.join(map(str, p.pages))} 页，最后一页是第 {last} 页"
                for p in imprint if p.pages != [last]]
    page, line = ctx.map.lines_of(imprint[-1])[-1]
    # The line is placed by its baseline: the glyph boxes below it depend on which characters the line
    # has (a CJK face's box reaches ~3.7 mm below the baseline at 4号, a digit's ~1.5 mm).
    baseline = line.chars[-1].baseline
    if not ctx.geo.bottom - ctx.geo.pitch < baseline <= ctx.geo.bottom + TOLERANCE_MM:
        problems.append(f"第 {page} 页版记最后一行的基线离版心下边缘 {ctx.geo.bottom - baseline:.1f} mm，应在版心最后一行"
                        f"（{ctx.geo.pitch:.1f} mm 之内）")
    return ctx.result(IMPRINT, problems)


EVEN = ("7.4.1", "双面印刷时版记在偶数页（封底）")


def imprint_on_even_page(ctx: Context) -> Check:
    pages = sorted({page for p in ctx.roles.imprint for page in p.pages})
    if not pages:
        return ctx.result(EVEN, [], applies=False, reason="没有版记")
    if not ctx.double_sided:
        return ctx.result(EVEN, [], applies=False, reason="单面印刷（--single-sided）")
    return ctx.result(EVEN, [f"版记在第 {pages[-1]} 页（奇数页，双面印刷时在正面）；应在偶数页，可在前面加一空白页"]
                      if pages[-1] % 2 else [], passed=f"第 {pages[-1]} 页")


NUMBER_PLACE = ("7.5", "页码单页居右、双页居左，各空一字，数字与页序一致")


def page_number_place(ctx: Context) -> Check:
    numbers = ctx.map.page_numbers
    if not numbers:
        return ctx.result(NUMBER_PLACE, [], applies=False, reason="页面上没有页码")
    problems, indent = [], ctx.layout.page_number_indent_chars * ctx.geo.number_char
    for page, line in sorted(numbers.items()):
        digits = re.sub(r"\D", "", line.text)
        if digits != str(page):
            problems.append(f"第 {page} 页印的页码是 {digits}")
        if page % 2:
            gap, side = ctx.geo.right - line.x1, "右"
        else:
            gap, side = line.x0 - ctx.geo.left, "左"
        if abs(gap - indent) > ctx.geo.number_char / 2:
            where = "居右" if page % 2 else "居左"
            problems.append(f"第 {page} 页页码离版心{side}边缘 {gap:.1f} mm（应{where}空一字，{indent:.1f} mm）")
    return ctx.result(NUMBER_PLACE, problems)


NUMBER_GAP = ("7.5", "页码一字线上距版心下边缘 7 mm")


def page_number_gap(ctx: Context) -> Check:
    numbers = ctx.map.page_numbers
    if not numbers:
        return ctx.result(NUMBER_GAP, [], applies=False, reason="页面上没有页码")
    want, wrong = ctx.layout.page_number_gap_mm, {}
    for page, line in sorted(numbers.items()):
        dashes = [c for c in line.chars if not c.text.isdigit()] or list(line.chars)
        gap = min(c.ink.top for c in dashes) - ctx.geo.bottom
        if abs(gap - want) > 1.5:
            wrong.setdefault(f"{gap:.1f}", []).append(page)
    problems = [f"第 {_pages(pages)} 页 {gap} mm（应为 {want} mm）" for gap, pages in wrong.items()]
    return ctx.result(NUMBER_GAP, problems, passed=f"{len(numbers)} 页")


def _pages(numbers: list[int]) -> str:
    """1、2、3、5 → “1–3、5”."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return "、".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else "、".join(map(str, r)) for r in runs)


NUMBER_NONE = ("7.5", "空白页和只有版记的页不编页码")


def no_number_on_imprint_page(ctx: Context) -> Check:
    problems, applies = [], False
    for page in ctx.map.pages:
        roles = _page_roles(ctx, page.number)
        blank = not ctx.map.content_lines(page.number)
        if blank or roles == {"imprint"}:
            applies = True
            if page.number in ctx.map.page_numbers:
                what = "空白页" if blank else "只有版记的页"
                problems.append(f"第 {page.number} 页是{what}，却印了页码“{ctx.map.page_numbers[page.number].text}”")
    return ctx.result(NUMBER_NONE, problems, applies=applies, reason="没有空白页，也没有只有版记的页")


TITLE = ("7.3.1", "标题回行时词意完整（不在词中间断开）")


def title_breaks(ctx: Context) -> Check:
    if not ctx.roles.titles:
        return ctx.result(TITLE, [], applies=False, reason="没有标题（2号字的段落）")
    problems, wrapped = [], 0
    for p in ctx.roles.titles:
        if len(ctx.map.lines_of(p)) < 2:
            continue
        wrapped += 1
        plain = p.text.replace("\n", "")
        allowed = allowed_breaks(plain)
        previous = None
        for k, spot in enumerate(p.spots):
            if spot is None:
                continue
            page, char = spot
            here = (page, ctx.map.pages[page - 1].line_number(char))
            if previous is not None and here != previous:
                at = p.positions[k]
                i = at - p.text[:at].count("\n")
                if not (i in allowed or (i > 0 and plain[i - 1].isspace() and i - 1 in allowed)):
                    problems.append(f"第 {page} 页标题“{plain[max(0, i - 4):i]}|{plain[i:i + 4]}”在词中回行")
            previous = here
    return ctx.result(TITLE, problems, applies=wrapped > 0, reason="标题只有一行")


DATE = ("7.3.5.2", "成文日期右空二字（署名较短时）")


def date_position(ctx: Context) -> Check:
    date, names = ctx.roles.date, ctx.roles.signature
    if date is None or not date.placed or not names or not names[-1].placed:
        return ctx.result(DATE, [], applies=False, reason="没有署名和成文日期")
    page, line = ctx.map.lines_of(date)[-1]
    _, name = ctx.map.lines_of(names[-1])[-1]
    shift = ctx.layout.date_shift_chars * ctx.geo.char
    if name.x1 - name.x0 >= line.x1 - line.x0 + shift:
        return ctx.result(DATE, [], applies=False, reason="署名较长：署名右空二字、成文日期首字右移二字（本项只查署名较短的情形）")
    want = ctx.layout.signature_right_chars * ctx.geo.char
    gap = ctx.geo.right - line.x1
    problems = [] if abs(gap - want) <= ctx.geo.char / 2 else \
        [f"第 {page} 页成文日期右边离版心右边缘 {gap:.1f} mm（{gap / ctx.geo.char:.1f} 字），应右空二字（{want:.1f} mm）"]
    return ctx.result(DATE, problems, passed=f"右空 {gap:.1f} mm")


ATTACH = ("7.3.4", "附件说明回行与附件名称首字对齐")


def attachment_wrap(ctx: Context) -> Check:
    problems, wrapped = [], 0
    for p, name_at in ctx.roles.attachments:
        lines = ctx.map.lines_of(p)
        k = next((k for k, pos in enumerate(p.positions) if pos >= name_at), None)
        if len(lines) < 2 or k is None or p.spots[k] is None:
            continue
        wrapped += 1
        x = p.spots[k][1].box.x0
        for page, line in lines[1:]:
            if abs(line.x0 - x) > ctx.geo.char / 2:
                problems.append(f"第 {page} 页附件说明回行“{line.text[:6]}…”起于 {line.x0 - ctx.geo.left:.1f} mm，"
                                f"应与附件名称首字对齐（{x - ctx.geo.left:.1f} mm）")
    return ctx.result(ATTACH, problems, applies=wrapped > 0,
                      reason="没有回行的附件说明" if ctx.roles.attachments else "没有附件说明")


FIRST_PAGE = ("7.3.3", "公文首页显示正文")


def body_on_first_page(ctx: Context) -> Check:
    first = ctx.roles.first_body
    if first is None or first.first_page is None:
        return ctx.result(FIRST_PAGE, [], applies=False, reason="没有找到标题之后的正文")
    return ctx.result(FIRST_PAGE, [] if first.first_page == 1 else
                      [f"正文“{_quote(first.text)}”从第 {first.first_page} 页开始，首页没有正文"])


CHECKS: list[tuple[str, str, Callable[[Context], Check]]] = [
    (*TEXT, text_complete),
    (*HORIZONTAL, inside_type_area),
    (*LINES, full_pages),
    (*FULL_LINES, lines_filled),
    (*FIRST_PAGE, body_on_first_page),
    (*TITLE, title_breaks),
    (*ATTACH, attachment_wrap),
    (*DATE, date_position),
    (*ORPHANS, no_orphan_pages),
    (*IMPRINT, imprint_at_bottom),
    (*EVEN, imprint_on_even_page),
    (*NUMBER_PLACE, page_number_place),
    (*NUMBER_GAP, page_number_gap),
    (*NUMBER_NONE, no_number_on_imprint_page),
]
