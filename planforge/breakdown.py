"""``planforge tasks``: the 任务分解表 — who leads and who supports each task.

One row per task, numbered exactly as the rendered plan numbers it; written as
XLSX (openpyxl), CSV (UTF-8 with BOM, so Excel and WPS open it as Chinese),
a landscape DOCX table through the DOCX writer, or a terminal summary.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from .departments import split_subunit
from .document import Document, Table, Title
from .model import Plan

HEADER = ("序号", "重点任务", "具体内容", "牵头科室", "配合科室", "完成时限")
WIDTHS = (8, 26, 58, 18, 24, 16)  # column widths: XLSX characters, and DOCX proportions


@dataclass(frozen=True)
class Row:
    number: int
    section: str
    title: str
    content: str
    lead: str
    support: tuple[str, ...]
    deadline: str

    def cells(self) -> tuple[str, ...]:
        return (str(self.number), self.title, self.content, self.lead, "、".join(self.support), self.deadline)


def rows(plan: Plan) -> list[Row]:
    return [
        Row(number, plan.sections[s].title, task.title, "\n".join(task.body),
            task.departments[0] if task.departments else "", tuple(task.departments[1:]), task.deadline or "")
        for number, s, task in plan.numbered_tasks()
    ]


def by_department(plan: Plan, table: list[Row]) -> dict[str, dict[str, list[Row]]]:
    """Department (registry order first) → {"lead": [...], "support": [...]}."""
    order = [d.name for d in plan.org.departments]
    out: dict[str, dict[str, list[Row]]] = {name: {"lead": [], "support": []} for name in order}
    for row in table:
        for role, names in (("lead", [row.lead] if row.lead else []), ("support", row.support)):
            for name in names:
                out.setdefault(split_subunit(name)[0], {"lead": [], "support": []})[role].append(row)
    return {name: roles for name, roles in out.items() if roles["lead"] or roles["support"]}


# A cell beginning with one of these is a formula to Excel and WPS (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: str) -> str:
    """A CSV cell that a spreadsheet shows as the text it is: a leading ' keeps a formula from running."""
    return "'" + text if text.startswith(FORMULA_START) else text


def write_csv(table: list[Row]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows([csv_cell(cell) for cell in row.cells()] for row in table)
    return buffer.getvalue().encode("utf-8-sig")


def _sheet_name(name: str, taken: set[str]) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\ , unique."""
    base = re.sub(r"[\[\]:*?/\\]", "", name)[:31] or "科室"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base[:28]}({n})", n + 1
    taken.add(candidate)
    return candidate


def write_xlsx(plan: Plan, table: list[Row]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="808080")
    border = Border(top=thin, bottom=thin, left=thin, right=thin)
    # Two named styles, registered once: setting a cell's border and alignment one by one
    # re-hashes the style objects for every cell and makes a 10,000-task table take minutes.
    wrapped = NamedStyle("任务表正文", alignment=Alignment(wrap_text=True, vertical="top"), border=border)
    centred = NamedStyle("任务表序号", alignment=Alignment(wrap_text=True, vertical="top", horizontal="center"), border=border)

    def fill_sheet(sheet, header, data, widths):
        sheet.append(header)
        for values in data:
            sheet.append(values)
        for column, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = width
        for row in sheet.iter_rows():
            for cell in row:
                cell.style = centred.name if cell.column == 1 else wrapped.name
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text stays text: "=HYPERLINK(…)" in a title is not a formula
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDDDDD")
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.freeze_panes = "A2"  # the header stays in view
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(1, len(data) + 1)}"
        sheet.print_title_rows = "1:1"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True

    book = Workbook()
    book.add_named_style(wrapped)
    book.add_named_style(centred)
    main = book.active
    main.title = "任务分解表"
    taken = {main.title}
    fill_sheet(main, HEADER, [(r.number, *r.cells()[1:]) for r in table], WIDTHS)
    for name, roles in by_department(plan, table).items():
        sheet = book.create_sheet(_sheet_name(name, taken))
        data = sorted([(r, "牵头") for r in roles["lead"]] + [(r, "配合") for r in roles["support"]], key=lambda x: x[0].number)
        fill_sheet(sheet, ("序号", "角色", *HEADER[1:]), [(r.number, role, *r.cells()[1:]) for r, role in data],
                   (WIDTHS[0], 6, *WIDTHS[1:]))
    book.properties.title = f"{plan.year}年{plan.kind}任务分解表"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def tasks_document(plan: Plan, table: list[Row]) -> Document:
    title = f"{plan.year}年{plan.kind}任务分解表"
    cells = [HEADER] + [row.cells() for row in table]
    blocks = [Title.of(title), Table(tuple(tuple(c) for c in cells), WIDTHS)]
    return Document("tasks", title, blocks, landscape=True)


def print_summary(plan: Plan, table: list[Row], console) -> None:
    from rich.table import Table

    summary = Table(title=f"{plan.year}年{plan.kind}：{len(table)} 项任务的分工", title_justify="left")
    for column, justify in (("科室", "left"), ("牵头", "right"), ("配合", "right"), ("合计", "right")):
        summary.add_column(column, justify=justify)
    for name, roles in by_department(plan, table).items():
        lead, support = len(roles["lead"]), len(roles["support"])
        summary.add_row(name, str(lead), str(support), str(lead + support))
    unassigned = sum(not row.lead for row in table)
    console.print(summary)
    if unassigned:
        console.print(f"另有 {unassigned} 项任务没有责任科室。")
