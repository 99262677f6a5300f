"""`planforge tasks`: the 任务分解表 in every form agrees with the plan and its numbering."""
import csv
import io
import re
import shutil

import docx
import pytest
from openpyxl import load_workbook

from conftest import IN_CI, PLANS, need_tool
from planforge.breakdown import WIDTHS
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
             "、".join(t.departments[1:]), chinese_deadline(t.deadline or "")] for n, t in zip(numbers, tasks)]


def chinese_deadline(text):
    """2025-12-31 as the table writes it: 2025年12月31日 (one form in one table)."""
    return re.sub(r"^(\d{4})-0?(\d{1,2})-0?(\d{1,2})$", r"\1年\2月\3日", text)


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
    assert values[0][0] == "中共示例市委教育工作委员会 示例市教育局2025年工作要点任务分解表"
    assert values[1] == HEADER
    assert values[2:] == expected_rows(plan)
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == f"A2:F{len(values)}"
    assert all(cell.alignment.wrap_text for row in sheet.iter_rows(min_row=3) for cell in row)
    assert sheet.column_dimensions["C"].width > sheet.column_dimensions["A"].width
    assert sheet.page_setup.orientation == "landscape"
    # one sheet per department with the tasks it leads and supports
    for dept in {split_subunit(d)[0] for _, _, t in plan.tasks() for d in t.departments}:
        rows = list(book[dept].iter_rows(values_only=True))[1:]
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


# ------------------------------------------------------------------ the printed 分工表

PHRASES = ["健全工作机制，明确责任分工", "每季度开展一次专项督查", "推动2026年目标任务全面落地",
           "组织不少于120名骨干教师参加AI教学能力培训", "完善校园安全风险防控体系", "建立问题清单、任务清单和责任清单",
           "加强与县（市、区）教育局的工作协同", "形成可复制可推广的经验做法", "确保覆盖率达到95%以上"]


def generated_plan(folder, tasks=36, seed=7, fonts=None):
    """A plan whose rows run from one line to a dozen, in one or more paragraphs, with digits and Latin
    letters among the Chinese, and deadlines written three ways."""
    import random

    import yaml

    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    org = yaml.safe_load((PLANS / "org.yaml").read_text(encoding="utf-8"))
    org["fonts"].update(fonts or {})
    names = [d["name"] for d in org["departments"]]
    (folder / "org.yaml").write_text(yaml.safe_dump(org, allow_unicode=True), encoding="utf-8")
    deadlines = ["2026-12-31", "2026年10月底", "2026.6.30", None, "长期坚持"]
    sections = []
    for s in range(4):
        items = []
        for t in range(tasks // 4):
            n = s * (tasks // 4) + t
            body = ["，".join(rng.choice(PHRASES) for _ in range(rng.randint(1, 14))) + "。"
                    for _ in range(rng.choice([1, 1, 1, 2, 3]))]
            items.append({"id": f"t{n}", "title": "推进" + "重点领域改革攻坚" * rng.randint(1, 5),
                          "body": "\n\n".join(body), "departments": rng.sample(names, rng.randint(1, 5)),
                          "deadline": deadlines[n % len(deadlines)]})
        sections.append({"title": f"第{s + 1}部分的工作", "tasks": items})
    # one task longer than Excel's tallest row (409 pt) can show in the usual column width
    sections[-1]["tasks"][-1]["body"] = "\n\n".join("，".join(PHRASES) + "。" for _ in range(6))
    (folder / "2026.yaml").write_text(yaml.safe_dump({"year": 2026, "sections": sections}, allow_unicode=True,
                                                     sort_keys=False), encoding="utf-8")
    return folder / "2026.yaml"


def test_deadlines_written_one_way(tmp_path):
    from planforge.breakdown import rows

    plan = load_plan(generated_plan(tmp_path, tasks=8)).plan
    assert [r.deadline for r in rows(plan)][:5] == ["2026年12月31日", "2026年10月底", "2026年6月30日", "", "长期坚持"]
    assert not any(re.search(r"\d[-./]\d", r.deadline) for r in rows(plan))


def test_xlsx_is_laid_out_for_printing(cli, tmp_path):
    fonts = {"fangsong": "仿宋", "heiti": "方正黑体_GBK", "xiaobiaosong": "华文中宋", "songti": "新宋体"}
    plan_file = generated_plan(tmp_path / "plans", fonts=fonts)
    out = tmp_path / "分工.xlsx"
    assert cli("tasks", plan_file, "-o", out)[0] == 0
    book = load_workbook(out)
    sheet = book["任务分解表"]
    assert sheet["A1"].value == "中共示例市委教育工作委员会 示例市教育局2026年工作要点任务分解表"  # issuers, year, 文种
    assert "A1:F1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["A1"].font.name == "华文中宋"
    assert {c.font.name for c in sheet[2]} == {"方正黑体_GBK"}
    assert {c.font.name for row in sheet.iter_rows(min_row=3) for c in row} == {"仿宋"}
    assert sheet.print_title_rows == "$2:$2"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.oddFooter.center.text == "第 &P 页 共 &N 页" and sheet.oddFooter.center.font.startswith("新宋体")
    # every row has a height, and a row with more text is taller
    lengths = [len(str(sheet.cell(r, 3).value)) for r in range(3, sheet.max_row + 1)]
    heights = [sheet.row_dimensions[r].height for r in range(3, sheet.max_row + 1)]
    assert all(heights) and max(heights) <= 409, "Excel cuts taller rows"
    assert sheet.column_dimensions["C"].width > WIDTHS[2], "具体内容 widened for the longest task"
    longest, shortest = lengths.index(max(lengths)), lengths.index(min(lengths))
    assert heights[longest] > 3 * heights[shortest]


def test_summary_sheet_has_a_native_bar_chart(cli, tmp_path):
    import zipfile

    from lxml import etree

    plan_file = generated_plan(tmp_path / "plans")
    out = tmp_path / "分工.xlsx"
    assert cli("tasks", plan_file, "-o", out)[0] == 0
    plan = load_plan(plan_file).plan
    sheet = load_workbook(out)["汇总"]
    table = {r[0]: r[1:] for r in sheet.iter_rows(min_row=3, values_only=True)}
    for name in {d for _, _, t in plan.tasks() for d in t.departments}:
        led = sum(t.departments[0] == name for _, _, t in plan.tasks())
        supported = sum(name in t.departments[1:] for _, _, t in plan.tasks())
        assert table[name] == (led, supported, led + supported)
    with zipfile.ZipFile(out) as package:
        (chart_part,) = [n for n in package.namelist() if n.startswith("xl/charts/chart")]
        chart = etree.fromstring(package.read(chart_part))
    c = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
    assert chart.find(".//c:barChart/c:barDir", c).get("val") == "bar"
    series = chart.findall(".//c:barChart/c:ser", c)
    ref = (lambda s, path: (s.findtext(path + "/c:numRef/c:f", namespaces=c)
                            or s.findtext(path + "/c:strRef/c:f", namespaces=c) or "").replace("$", ""))
    assert [sheet[ref(s, "c:tx").split("!")[1]].value for s in series] == ["牵头", "配合"]
    last = len(table) + 2
    assert [ref(s, "c:val") for s in series] == [f"'汇总'!B3:B{last}", f"'汇总'!C3:C{last}"]
    assert {ref(s, "c:cat") for s in series} == {f"'汇总'!A3:A{last}"}


def column_text(page, heading: str) -> str:
    """The text of one table column on a printed page: between the cell borders left and right of its heading."""
    found = page.search(heading)
    if not found:
        return ""
    middle = (found[0]["x0"] + found[0]["x1"]) / 2
    xs = sorted({e["x0"] for e in page.edges if e["orientation"] == "v"})
    left, right = max(x for x in xs if x < middle), min(x for x in xs if x > middle)
    return page.crop((left, 0, right, page.height)).extract_text() or ""


def test_printed_xlsx_shows_every_task_whole(cli, tmp_path):
    """Print the workbook with LibreOffice Calc: every page has the footer; every page of the main sheet
    repeats the header row; every task's 具体内容 is on the pages in full; no cell border runs through a
    character (a row too low for its text is cut off at its border when printed)."""
    need_tool("soffice", "libreoffice-calc-nogui")
    import pdfplumber

    from planforge.pdf import ConversionError, convert

    plan_file = generated_plan(tmp_path / "plans")
    out = tmp_path / "分工.xlsx"
    assert cli("tasks", plan_file, "-o", out)[0] == 0
    try:
        pdf = convert(out.read_bytes(), ".xlsx", "pdf", ".pdf", 300)
    except ConversionError as exc:  # soffice without Calc
        (pytest.fail if IN_CI else pytest.skip)(f"LibreOffice Calc cannot print the workbook: {exc}")
    (tmp_path / "分工.pdf").write_bytes(pdf)
    with pdfplumber.open(tmp_path / "分工.pdf") as document:
        pages = [(page.extract_text() or "", page.chars, [e for e in page.edges if e["orientation"] == "h"],
                  column_text(page, "具体内容")) for page in document.pages]
    footers = [re.search(r"第 (\d+) 页 共 (\d+) 页", text) for text, *_ in pages]
    assert all(footers), [i + 1 for i, f in enumerate(footers) if not f]
    assert all(int(f.group(1)) <= int(f.group(2)) for f in footers)
    # the main sheet: its pages are numbered 1, 2, … until the next sheet starts again at 1
    main = 1 + next((i for i, f in enumerate(footers[1:]) if f.group(1) == "1"), len(pages) - 1)
    assert main >= 3, "the generated plan fills several pages"
    assert [int(f.group(1)) for f in footers[:main]] == list(range(1, main + 1))
    for text, *_ in pages[:main]:
        assert all(word in text for word in ("序号", "重点任务", "具体内容", "牵头科室", "配合科室", "完成时限"))
    printed = re.sub(r"\s", "", "".join(column for *_, column in pages[:main]))
    for _, _, task in load_plan(plan_file).plan.tasks():
        assert re.sub(r"\s", "", "".join(task.body)) in printed, task.id
    for number, (_, chars, borders, _) in enumerate(pages, start=1):
        crossed = [c["text"] for c in chars if c["text"].strip() and any(
            e["x0"] <= (c["x0"] + c["x1"]) / 2 <= e["x1"] and c["top"] + 1 < e["top"] < c["bottom"] - 1 for e in borders)]
        assert not crossed, f"page {number}: a cell border runs through {''.join(crossed[:20])}"


def test_printed_docx_keeps_short_cells_on_one_line(cli, tmp_path):
    """Print the DOCX 分工表 with LibreOffice: 序号, the lead department and the deadline each fit their
    column on one line (no “序/号”, no “2026年12月/31日”); 具体内容 is still printed in full."""
    need_tool("soffice", "libreoffice-writer-nogui")
    import pdfplumber

    from planforge.pdf import convert

    plan_file = generated_plan(tmp_path / "plans", tasks=12)
    out = tmp_path / "分工.docx"
    assert cli("tasks", plan_file, "-o", out)[0] == 0
    (tmp_path / "分工.pdf").write_bytes(convert(out.read_bytes(), ".docx", "pdf", ".pdf", 300))
    plan = load_plan(plan_file).plan
    from planforge.breakdown import rows

    table = rows(plan)
    with pdfplumber.open(tmp_path / "分工.pdf") as document:
        pages = document.pages
        assert all(page.search("序号") for page in pages)
        def below(heading: str) -> list[str]:
            """The column's lines under its heading (repeated on each page), page after page."""
            found = []
            for page in pages:
                lines = column_text(page, heading).splitlines()
                assert heading in lines, f"page {page.page_number} has no {heading}"
                found += [line for line in lines[lines.index(heading) + 1:] if not re.fullmatch(r"— \d+ —", line)]
            return found

        leads, deadlines = below("牵头科室"), below("完成时限")
        printed = re.sub(r"\s", "", "".join(below("具体内容")))
    assert leads == [split_subunit(r.lead)[0] for r in table if r.lead] or leads == [r.lead for r in table if r.lead], leads
    assert deadlines == [r.deadline for r in table if r.deadline], deadlines
    for _, _, task in plan.tasks():
        assert re.sub(r"\s", "", "".join(task.body)) in printed, task.id


@pytest.mark.parametrize("body", [["第{}段，推进集团化办学。".format(i) for i in range(40)], "推进集团化办学，缩小城乡差距。" * 400],
                         ids=["40 paragraphs", "6000 characters"])
def test_a_task_too_long_for_any_row_still_gives_a_workbook(tmp_path, body):
    """More paragraphs than Excel's tallest row has lines, or a text too long for the widest column: the
    workbook is written (the widening stops) and holds the whole text."""
    import subprocess
    import sys

    import yaml

    shutil.copy(PLANS / "org.yaml", tmp_path / "org.yaml")
    plan = {"year": 2026, "sections": [{"title": "加强党的建设", "tasks": [
        {"title": "抓好理论学习", "body": body, "departments": ["办公室"]}]}]}
    (tmp_path / "2026.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "tasks.xlsx"
    done = subprocess.run([sys.executable, "-m", "planforge", "tasks", str(tmp_path / "2026.yaml"), "-o", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    cells = [str(c.value) for row in load_workbook(out).worksheets[0].iter_rows() for c in row if c.value]
    text = body if isinstance(body, str) else "\n".join(body)
    assert any(text.replace("\n", "") in cell.replace("\n", "") for cell in cells)
