"""The 任务分解表 as a print-ready workbook (``planforge tasks -o 分工.xlsx``).

An office prints this table and hands it out, so the workbook is laid out for
paper, not only for the screen: a title row (发文机关、年度、文种), the header
row repeated on every printed page, A4 landscape scaled to the page width,
“第 N 页 共 M 页” in the footer, the office's fonts (from the org profile), and
row heights that show every line of 具体内容.  Excel and WPS do not fit row
heights to wrapped text when they open a file (and LibreOffice does so only
on screen), so the heights are computed here from the text's width in Chinese
characters and the column's width.  A summary sheet counts the tasks each
department leads and supports, with a native bar chart, and each department
gets a sheet of its own tasks.  Every size and margin comes from the layout
profile (``templates/docx/layout.yaml``, ``sheet_*``).
"""
from __future__ import annotations

import io
import math
import re

from .breakdown import WIDTHS, Row, by_department, header, table_title
from .departments import department_word
from .layout import Layout
from .model import Plan

MAIN_SHEET = "任务分解表"
SUMMARY_SHEET = "汇总"
FOOTER = "第 &P 页 共 &N 页"  # &P, &N: the page number and the page count, filled in by Excel/WPS/Calc

# Excel's column width is counted in digits of the workbook's Normal font (openpyxl's: Calibri 11, whose
# digit is 7 px wide at 96 dpi); a few pixels are the cell's own margins; text is set at 96 px per 72 pt.
DIGIT_PX, CELL_MARGIN_PX, PX_PER_PT = 7, 5, 96 / 72
EXCEL_MAX_ROW_PT = 409  # Excel's tallest row: a row set taller is cut to this, and its text with it
ROLE_WIDTH = 6  # the 角色 column (牵头/配合) of a department's sheet
SUMMARY_WIDTHS = (24, 10, 10, 10)


def text_width(text: str) -> float:
    """Width in Chinese characters (one em): ASCII letters, digits and marks count a half (in a Chinese
    font they are half-width); everything else — Chinese, full-width marks, “” — a whole."""
    return len(text) - 0.5 * len(text.encode("ascii", "ignore"))


def chars_per_line(column_width: float, size_pt: float) -> int:
    """How many Chinese characters one line of a wrapped cell holds, one kept in reserve: a line may not
    start with “，。、” and breaks a character early to keep one off the line's start."""
    px = column_width * DIGIT_PX - CELL_MARGIN_PX
    return max(1, math.floor(px / (size_pt * PX_PER_PT)) - 1)


def line_count(text: str, per_line: int) -> int:
    """Lines a wrapped cell needs: every paragraph starts a line and wraps at ``per_line``."""
    return sum(max(1, math.ceil(text_width(part) / per_line)) for part in str(text).split("\n"))


EXCEL_MAX_WIDTH = 255  # the widest column Excel allows, in its character units


def fitted_widths(data: list[tuple], widths, size_pt: float, most_lines: int) -> list[float]:
    """Column widths in which every cell fits Excel's tallest row (``most_lines`` lines): a column holding
    a text too long for that (a task of several long paragraphs) is widened until it fits — printing
    scales the page to its width — rather than leaving the text cut off at the row's foot."""
    out = []
    for i, width in enumerate(widths):
        # a text of fewer characters than the lines allowed cannot need more lines; one of more paragraphs
        # than that never fits however wide (each starts a line): widening would not end
        over = [v[i] for v in data if isinstance(v[i], str) and len(v[i]) >= most_lines and v[i].count("\n") < most_lines]
        while over and width < EXCEL_MAX_WIDTH:
            over = [t for t in over if line_count(t, chars_per_line(width, size_pt)) > most_lines]
            width = min(width + 2, EXCEL_MAX_WIDTH) if over else width
        out.append(width)
    return out


class SheetStyle:
    """The office's fonts and the profile's sizes, as openpyxl named styles registered once per workbook
    (setting fonts and borders cell by cell re-hashes the style objects: minutes for 10,000 tasks)."""

    def __init__(self, plan: Plan, book):
        from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

        self.layout = Layout(plan.org.layout)
        self.fonts = plan.org.fonts
        size = self.layout.sheet_size_pt
        thin = Side(style="thin", color="000000")
        border = Border(top=thin, bottom=thin, left=thin, right=thin)
        body = Font(name=self.fonts.fangsong, size=size)
        self.title = NamedStyle("分解表标题", font=Font(name=self.fonts.xiaobiaosong, size=self.layout.sheet_title_size_pt),
                                alignment=Alignment(horizontal="center", vertical="center", wrap_text=True))
        self.head = NamedStyle("分解表表头", font=Font(name=self.fonts.heiti, size=size), border=border,
                               fill=PatternFill("solid", fgColor=self.layout.sheet_head_fill),
                               alignment=Alignment(horizontal="center", vertical="center", wrap_text=True))
        self.text = NamedStyle("分解表正文", font=body, border=border,
                               alignment=Alignment(vertical="center", wrap_text=True))
        self.centred = NamedStyle("分解表居中", font=body, border=border,
                                  alignment=Alignment(horizontal="center", vertical="center", wrap_text=True))
        for style in (self.title, self.head, self.text, self.centred):
            book.add_named_style(style)

    def row_height(self, lines: int, size_pt: float) -> float:
        return round(lines * size_pt * self.layout.sheet_line_height_em + self.layout.sheet_cell_padding_pt, 1)

    def most_lines(self, size_pt: float) -> int:
        """The most lines a row can show: Excel's tallest row."""
        line = size_pt * self.layout.sheet_line_height_em
        return max(1, math.floor((EXCEL_MAX_ROW_PT - self.layout.sheet_cell_padding_pt) / line))

    def page(self, sheet, landscape: bool) -> None:
        """A4, scaled to the page's width (as many pages down as it takes), centred, numbered in the footer."""
        from openpyxl.worksheet.page import PageMargins

        sheet.page_setup.orientation = "landscape" if landscape else "portrait"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_options.horizontalCentered = True
        sheet.page_setup.firstPageNumber, sheet.page_setup.useFirstPageNumber = 1, True  # each sheet from 第 1 页
        margin = self.layout.sheet_margin_mm / 25.4  # openpyxl wants inches
        sheet.page_margins = PageMargins(left=margin, right=margin, top=margin, bottom=margin + 0.2,
                                         header=self.layout.sheet_footer_mm / 25.4,
                                         footer=self.layout.sheet_footer_mm / 25.4)
        footer = sheet.oddFooter.center
        footer.text, footer.font, footer.size = FOOTER, f"{self.fonts.songti},Regular", round(self.layout.sheet_size_pt)


def _table_sheet(sheet, style: SheetStyle, title: str, head: tuple[str, ...], data: list[tuple], widths,
                 centred: set[int], repeat_header: bool = True) -> None:
    """Title row, header row (repeated on every printed page, frozen, filtered), one row per task."""
    from openpyxl.utils import get_column_letter

    size, title_size = style.layout.sheet_size_pt, style.layout.sheet_title_size_pt
    last = get_column_letter(len(head))
    sheet.append((title,))
    sheet.merge_cells(f"A1:{last}1")
    sheet.append(head)
    for values in data:
        sheet.append(values)
    widths = fitted_widths(data, widths, size, style.most_lines(size))
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    per_line = [chars_per_line(w, size) for w in widths]
    sheet["A1"].style = style.title.name
    sheet.row_dimensions[1].height = style.row_height(line_count(title, chars_per_line(sum(widths), title_size)),
                                                      title_size)
    for r, row in enumerate(sheet.iter_rows(min_row=2), start=2):
        lines = 1
        for cell in row:
            cell.style = (style.head if r == 2 else style.centred if cell.column in centred else style.text).name
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text stays text: "=HYPERLINK(…)" in a title is not a formula
                lines = max(lines, line_count(cell.value, per_line[cell.column - 1]))
        sheet.row_dimensions[r].height = style.row_height(lines, size)
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:{last}{len(data) + 2}"
    if repeat_header:
        sheet.print_title_rows = "2:2"
    style.page(sheet, landscape=True)


def _summary_sheet(sheet, style: SheetStyle, plan: Plan, title: str, counts: list[tuple[str, int, int]]) -> None:
    """Tasks led and supported per department: a table and a native bar chart (drawn by Excel/WPS/Calc)."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.worksheet.pagebreak import Break

    word = department_word(plan.org.responsibility.label)
    rows = [(name, lead, support, lead + support) for name, lead, support in counts]
    # the table fits a page; the chart's page needs no header row above it
    _table_sheet(sheet, style, f"{title}（各{word}任务数）", (word, "牵头", "配合", "合计"), rows, SUMMARY_WIDTHS,
                 centred={2, 3, 4}, repeat_header=False)
    sheet.auto_filter.ref = None
    sheet.page_setup.orientation = "portrait"
    if not rows:
        return
    chart = BarChart()
    chart.type, chart.grouping = "bar", "clustered"  # horizontal bars: long department names stay readable
    chart.title = f"各{word}牵头和配合的任务数"
    chart.x_axis.title, chart.y_axis.title = word, "任务数"
    chart.x_axis.scaling.orientation = "maxMin"  # the registry's order from the top, as in the table …
    chart.y_axis.crosses = "max"  # … and the count axis below the bars, not above them
    chart.x_axis.delete = chart.y_axis.delete = False
    chart.y_axis.majorUnit = max(1, math.ceil(max(r[3] for r in rows) / 10))
    chart.add_data(Reference(sheet, min_col=2, max_col=3, min_row=2, max_row=len(rows) + 2), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=3, max_row=len(rows) + 2))
    layout = style.layout  # about 0.9 cm for each department's pair of bars, 3 cm for the title and the axis
    chart.width = layout.sheet_chart_width_cm
    chart.height = min(layout.sheet_chart_max_height_cm, max(layout.sheet_chart_width_cm / 2, 0.9 * len(rows) + 3))
    below = len(rows) + 4
    sheet.row_breaks.append(Break(id=below - 1))  # the chart on a page of its own: never cut by a page break
    sheet.add_chart(chart, f"A{below}")


def _sheet_name(name: str, taken: set[str]) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\ , unique."""
    base = re.sub(r"[\[\]:*?/\\]", "", name)[:31] or "部门"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base[:28]}({n})", n + 1
    taken.add(candidate)
    return candidate


def write_xlsx(plan: Plan, table: list[Row]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    style = SheetStyle(plan, book)
    title, head = table_title(plan), header(plan)
    main = book.active
    main.title = MAIN_SHEET
    _table_sheet(main, style, title, head, [(r.number, *r.cells()[1:]) for r in table], WIDTHS, centred={1, 4, 5, 6})
    departments = by_department(plan, table)
    _summary_sheet(book.create_sheet(SUMMARY_SHEET), style, plan, title,
                   [(name, len(roles["lead"]), len(roles["support"])) for name, roles in departments.items()])
    taken = {MAIN_SHEET, SUMMARY_SHEET}
    for name, roles in departments.items():
        sheet = book.create_sheet(_sheet_name(name, taken))
        data = sorted([(r, "牵头") for r in roles["lead"]] + [(r, "配合") for r in roles["support"]],
                      key=lambda x: x[0].number)
        _table_sheet(sheet, style, f"{title}（{name}）", ("序号", "角色", *head[1:]),
                     [(r.number, role, *r.cells()[1:]) for r, role in data], (WIDTHS[0], ROLE_WIDTH, *WIDTHS[1:]),
                     centred={1, 2, 5, 6, 7})
    book.properties.title = title
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
