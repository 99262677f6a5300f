"""`planforge tasks`: the 任务分解表 in every form agrees with the plan and its numbering."""
import csv
import io
import re
import shutil

import docx
import pytest
from openpyxl import load_workbook

from conftest import PLANS
from planforge.compose import compose_plan
from planforge.departments import split_subunit
from planforge.load import load_plan
from planforge.templating import Templates
from planforge.writers.markdown import write_markdown

HEADER = ["序号", "重点任务", "具体内容", "牵头科室", "配合科室", "完成时限"]


def expected_rows(plan):
    """Rows as the rendered Markdown numbers them: the numbers must agree with the plan document."""
    md = write_markdown(compose_plan(plan, Templates()), Templates())
    numbers = [int(n) for n in re.findall(r"^\*\*(\d+)\.", md, flags=re.M)]
    tasks = [t for _, _, t in plan.tasks()]
    assert len(numbers) == len(tasks)
    return [[str(n), t.title, "\n".join(t.body), t.departments[0] if t.departments else "",
             "、".join(t.departments[1:]), t.deadline or ""] for n, t in zip(numbers, tasks)]


@pytest.fixture(params=["continuous", "per-section"])
def plan_file(request, tmp_path):
    shutil.copy(PLANS / "org.yaml", tmp_path / "org.yaml")
    text = (PLANS / "2025.yaml").read_text(encoding="utf-8").replace("numbering: continuous", f"numbering: {request.param}")
    (tmp_path / "2025.yaml").write_text(text, encoding="utf-8")
    return tmp_path / "2025.yaml"


def test_xlsx_rows_and_sheet_features(cli, plan_file, tmp_path):
    out = tmp_path / "分工.xlsx"
    status, _, stderr = cli("tasks", plan_file, "-o", out)
    assert status == 0, stderr
    plan = load_plan(plan_file).plan
    book = load_workbook(out)
    sheet = book["任务分解表"]
    values = [[("" if c is None else str(c)) for c in row] for row in sheet.iter_rows(values_only=True)]
    assert values[0] == HEADER
    assert values[1:] == expected_rows(plan)
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:F{len(values)}"
    assert all(cell.alignment.wrap_text for row in sheet.iter_rows(min_row=2) for cell in row)
    assert sheet.column_dimensions["C"].width > sheet.column_dimensions["A"].width
    assert sheet.page_setup.orientation == "landscape"
    # one sheet per department with the tasks it leads and supports
    for dept in {split_subunit(d)[0] for _, _, t in plan.tasks() for d in t.departments}:
        rows = list(book[dept].iter_rows(values_only=True))
        assert rows[0][:2] == ("序号", "角色")
        led = {str(r[0]) for r in rows[1:] if r[1] == "牵头"}
        supported = {str(r[0]) for r in rows[1:] if r[1] == "配合"}
        assert led == {r[0] for r in expected_rows(plan) if split_subunit(r[3])[0] == dept}
        assert supported == {r[0] for r in expected_rows(plan) if dept in [split_subunit(d)[0] for d in r[4].split("、") if d]}


def test_docx_table_rows(cli, plan_file, tmp_path):
    out = tmp_path / "分工.docx"
    assert cli("tasks", plan_file, "-o", out)[0] == 0
    (table,) = docx.Document(str(out)).tables
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells[0] == HEADER
    assert cells[1:] == expected_rows(load_plan(plan_file).plan)
    assert docx.Document(str(out)).sections[0].orientation == 1  # landscape


def test_csv_opens_as_chinese_in_excel(cli, plan_file, tmp_path):
    out = tmp_path / "分工.csv"
    assert cli("tasks", plan_file, "-o", out)[0] == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM"
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == HEADER and rows[1:] == expected_rows(load_plan(plan_file).plan)


def test_summary_by_department(cli):
    status, stdout, _ = cli("tasks", PLANS / "2024.yaml", "--by", "department")
    assert status == 0
    plan = load_plan(PLANS / "2024.yaml").plan
    lines = {re.split(r"\s*│\s*", line.strip("│ "))[0]: line for line in stdout.splitlines() if "│" in line}
    for dept in ("基教科", "财建科", "党建指导科"):
        led = sum(split_subunit(t.departments[0])[0] == dept for _, _, t in plan.tasks() if t.departments)
        supported = sum(dept in [split_subunit(d)[0] for d in t.departments[1:]] for _, _, t in plan.tasks())
        assert re.split(r"\s*│\s*", lines[dept].strip("│ "))[1:] == [str(led), str(supported), str(led + supported)]


def test_several_plans_to_a_folder_one_failing(cli, tmp_path):
    folder = tmp_path / "plans"
    shutil.copytree(PLANS, folder)
    (folder / "broken.yaml").write_text("year: 2026\n", encoding="utf-8")
    status, _, stderr = cli("tasks", folder, "-o", tmp_path / "out")
    assert status == 2 and "broken.yaml:1:1: 错误: [PF103]" in stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["2024-分工.xlsx", "2025-分工.xlsx"]


def test_unknown_output_format(cli, tmp_path):
    status, _, stderr = cli("tasks", PLANS / "2024.yaml", "-o", tmp_path / "分工.pdf")
    assert status == 2 and ".xlsx" in stderr
