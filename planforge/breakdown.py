"""``planforge tasks``: the 任务分解表 — who leads and who supports each task.

One row per task, numbered exactly as the rendered plan numbers it; written as
XLSX (print-ready, :mod:`planforge.breakdown_xlsx`), CSV (UTF-8 with BOM, so
Excel and WPS open it as Chinese), a landscape DOCX table through the DOCX
writer, or a terminal summary.  The column headers speak the office's own word
for its departments (牵头股室, 配合处室 …, from ``responsibility.label``), and
deadlines are written one way in every row.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from .departments import department_word, split_subunit
from .document import Document, Table, Title
from .model import Plan, chinese_date, parse_date

WIDTHS = (8, 26, 58, 18, 24, 16)  # column widths: XLSX characters, and DOCX proportions

# Deadlines written as numeric dates (2026-12-31, 2026.12.31, 2026/12/31, 2026-12) are written the way the
# plan's text writes dates (GB/T 9704 7.3.5: 2026年12月31日), so that one table never mixes two forms;
# worded deadlines (2026年10月底, 长期坚持) stay as written.
_NUMERIC_DATE = re.compile(r"^(\d{4})[-./](\d{1,2})(?:[-./](\d{1,2}))?$")


def deadline_text(deadline: str | None) -> str:
    text = (deadline or "").strip()
    m = _NUMERIC_DATE.match(text)
    if not m:
        return text
    year, month, day = m.groups()
    if day is None:
        return f"{year}年{int(month)}月" if 1 <= int(month) <= 12 else text
    try:
        return chinese_date(parse_date(f"{year}-{month}-{day}"))
    except ValueError:  # no such day: shown as written, `check` reports it
        return text


def header(plan: Plan) -> tuple[str, ...]:
    word = department_word(plan.org.responsibility.label)
    return ("序号", "重点任务", "具体内容", f"牵头{word}", f"配合{word}", "完成时限")


def table_title(plan: Plan) -> str:
    """发文机关 + 年度 + 文种 + 任务分解表, as the plan's own title is made (joint issuers spaced)."""
    return f"{' '.join(plan.issuers)}{plan.year}年{plan.kind}任务分解表"


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
            task.departments[0] if task.departments else "", tuple(task.departments[1:]), deadline_text(task.deadline))
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


def write_csv(plan: Plan, table: list[Row]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header(plan))
    writer.writerows([csv_cell(cell) for cell in row.cells()] for row in table)
    return buffer.getvalue().encode("utf-8-sig")


# Columns whose cells are a word or two (序号, 牵头科室, 完成时限): in the DOCX each gets the width of its
# longest cell, so that “序号”, “计划财务股” and “2026年12月31日” stay on one line.
SHORT_COLUMNS = (0, 3, 5)


def docx_widths(plan: Plan, cells: list[tuple[str, ...]]) -> tuple[float, ...]:
    """The DOCX table's column widths, in characters of the table's type across the landscape page.

    The XLSX widths (``WIDTHS``) are for a sheet that is scaled to the paper; the DOCX table is set at the
    document's table size on a fixed type area, where those proportions leave 序号 two characters short.
    The short columns take what their longest cell needs (plus the cell's margins); the others share the
    rest in the XLSX's proportions.  A short column that needs more than its share (a long department
    name) leaves the XLSX proportions in place."""
    from .layout import Layout, mm_to_pt
    from .linebreak import width
    from .writers.docx import TABLE_CELL_MARGIN

    layout = Layout(plan.org.layout)
    across = mm_to_pt(layout.type_height_mm) / layout.table_size_pt
    margins = 2 * TABLE_CELL_MARGIN / 20 / layout.table_size_pt
    natural = {i: max(_set_width(row[i], width) for row in cells) + margins + 0.5 for i in SHORT_COLUMNS}
    if any(natural[i] > across * WIDTHS[i] / sum(WIDTHS) * 2 for i in SHORT_COLUMNS):
        return WIDTHS
    rest = across - sum(natural.values())
    share = sum(w for i, w in enumerate(WIDTHS) if i not in natural)
    return tuple(natural[i] if i in natural else rest * w / share for i, w in enumerate(WIDTHS))


# Word and LibreOffice set a little space (about a fifth of a character) where Chinese meets digits or
# Latin letters (w:autoSpaceDN/DE): “2026年12月31日” is a character wider than its letters.
_SCRIPT_CHANGE = re.compile(r"(?<=[\x00-\x7f])(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])(?=[\x00-\x7f])")


def _set_width(text: str, width) -> float:
    return width(text) + 0.25 * len(_SCRIPT_CHANGE.findall(text))


def tasks_document(plan: Plan, table: list[Row]) -> Document:
    title = table_title(plan)
    cells = [header(plan)] + [row.cells() for row in table]
    blocks = [Title.of(title), Table(tuple(tuple(c) for c in cells), docx_widths(plan, cells))]
    return Document("tasks", title, blocks, landscape=True)


def print_summary(plan: Plan, table: list[Row], console) -> None:
    from rich.table import Table

    summary = Table(title=f"{plan.year}年{plan.kind}：{len(table)} 项任务的分工", title_justify="left")
    word = department_word(plan.org.responsibility.label)
    for column, justify in ((word, "left"), ("牵头", "right"), ("配合", "right"), ("合计", "right")):
        summary.add_column(column, justify=justify)
    for name, roles in by_department(plan, table).items():
        lead, support = len(roles["lead"]), len(roles["support"])
        summary.add_row(name, str(lead), str(support), str(lead + support))
    unassigned = sum(not row.lead for row in table)
    console.print(summary)
    if unassigned:
        console.print(f"另有 {unassigned} 项任务没有{plan.org.responsibility.label}。")
