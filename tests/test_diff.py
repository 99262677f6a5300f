"""`planforge diff`: each kind of change, plans without ids, a property test, every format."""
import copy
import json

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from conftest import PLANS
from docx_xml import NS, Package
from planforge.diff import char_diff, diff_plans
from planforge.load import load_plan
from planforge.yearshift import shift_years

DEPARTMENTS = ["办公室", "基教科", "财建科", "人事科", "督导室", "安全科"]
ORG = {"issuer": ["测试县教育局"], "departments": [{"name": d} for d in DEPARTMENTS]}


def write_pair(folder, old: dict, new: dict):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "org.yaml").write_text(yaml.safe_dump(ORG, allow_unicode=True), encoding="utf-8")
    paths = []
    for name, plan in (("old.yaml", old), ("new.yaml", new)):
        (folder / name).write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
        paths.append(folder / name)
    return [load_plan(p) for p in paths]


def base_plan(year=2024, ids=True):
    tasks = [
        ("study", "抓好理论学习", "全年组织集中学习十二次。", ["办公室"]),
        ("branch", "加强支部建设", "开展支部标准化建设。", ["人事科", "办公室"]),
        ("quality", "提升教学质量", "开展课堂教学改革试点，推广优秀案例。", ["基教科"]),
        ("funds", "加强经费管理", "落实预算绩效管理要求。", ["财建科"]),
        ("safety", "守牢安全底线", "开展校园安全隐患排查整治。", ["安全科", "基教科"]),
    ]

    def task(t):
        out = {"title": t[1], "body": t[2], "departments": t[3]}
        return ({"id": t[0]} | out) if ids else out

    return {
        "year": year,
        "goals": [{"name": "事业发展", "metrics": [{"name": "毛入园率", "target": 92, "unit": "%"}]}],
        "sections": [
            {"title": "加强党的建设", "tasks": [task(t) for t in tasks[:2]]},
            {"title": "推动教育发展", "tasks": [task(t) for t in tasks[2:4]]},
            {"title": "强化条件保障", "tasks": [task(tasks[4])]},
        ],
    }


def test_sections_added_and_removed(tmp_path):
    old, new = base_plan(), base_plan(2025)
    new["sections"].pop(2)
    new["sections"].append({"title": "加强队伍建设", "tasks": [{"id": "teachers", "title": "提升教师素质"}]})
    d = diff_plans(*write_pair(tmp_path, old, new))
    assert d.sections == [{"change": "removed", "title": "强化条件保障"}, {"change": "added", "title": "加强队伍建设"}]


def test_identical_plans_have_no_changes(tmp_path):
    d = diff_plans(*write_pair(tmp_path, base_plan(), base_plan(2025)))
    assert d.empty


def test_each_kind_of_change(tmp_path):
    old, new = base_plan(), base_plan(2025)
    new["sections"][0]["tasks"].pop(1)  # removed: branch
    new["sections"][1]["tasks"].append({"id": "digital", "title": "推进教育数字化", "departments": ["基教科"]})
    moved = new["sections"][2]["tasks"].pop(0)  # moved: safety → section 1
    new["sections"][0]["tasks"].append(moved)
    new["sections"][1]["tasks"][0]["body"] = "开展课堂教学改革试点，推广优秀案例二十个。"  # body
    new["sections"][1]["tasks"][1]["departments"] = ["办公室", "财建科"]  # lead changes
    new["sections"][0]["tasks"][0]["deadline"] = "2025年6月"
    new["sections"][1]["title"] = "推动教育高质量发展"  # renamed
    new["goals"][0]["metrics"][0]["target"] = 93
    d = diff_plans(*write_pair(tmp_path, old, new))
    assert [t["id"] for t in d.removed] == ["branch"] and d.removed[0]["title"] == "加强支部建设"
    assert [(t["id"], t["section"]) for t in d.added] == [("digital", "推动教育高质量发展")]
    assert [(t["id"], t["from_section"], t["section"]) for t in d.moved] == [("safety", "强化条件保障", "加强党的建设")]
    changed = {t["id"]: t for t in d.changed}
    assert {k: v["fields"] for k, v in changed.items()} == {"study": ["deadline"], "quality": ["body"], "funds": ["departments"]}
    assert changed["funds"]["lead_changed"] and (changed["funds"]["old_lead"], changed["funds"]["new_lead"]) == ("财建科", "办公室")
    assert d.sections == [{"change": "renamed", "old": "推动教育发展", "title": "推动教育高质量发展"}]
    assert d.goals == [{"kind": "metric", "change": "changed", "name": "毛入园率", "old": "≥92%", "new": "≥93%"}]


def test_plans_without_ids_match_by_text(tmp_path):
    old, new = base_plan(ids=False), base_plan(2025, ids=False)
    new["sections"][1]["tasks"][0]["title"] = "全面提升教学质量"
    new["sections"][1]["tasks"][0]["body"] = "开展课堂教学改革试点，推广优秀教学案例。"
    new["sections"][0]["tasks"].pop(0)
    d = diff_plans(*write_pair(tmp_path, old, new))
    assert [t["title"] for t in d.removed] == ["抓好理论学习"]
    assert d.added == []
    (change,) = d.changed
    assert change["fields"] == ["title", "body"] and change["old"]["title"] == "提升教学质量"


def test_year_expressions_are_not_changes(tmp_path):
    old, new = base_plan(), base_plan(2025)
    for plan in (old, new):
        plan["sections"][0]["tasks"][0]["body"] = "{{ year }}年全年组织集中学习十二次。"
    d = diff_plans(*write_pair(tmp_path, old, new))
    assert d.empty


def test_character_level_changes():
    assert char_diff("培育30个示范校", "培育40个示范校") == [("=", "培育"), ("-", "3"), ("+", "4"), ("=", "0个示范校")]
    # a rewritten phrase is one replacement, not scattered characters
    assert char_diff("激发办学活力", "增强发展活力") == [("-", "激发办学"), ("+", "增强发展"), ("=", "活力")]


# ------------------------------------------------------------------ property: diff reports exactly the edits

EDITS = ["remove", "title", "body", "departments", "deadline", "move"]
CHANGES = ["title", "body", "departments", "deadline"]
# deadlines as offices write them; `new` moves each by the year difference
DEADLINES = ["2024年{m}月", "2024-{m:02d}-28", "2024年{m}月底", "{m}月上旬", "2024年{m}月至2024年12月", "长期坚持", None]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_diff_reports_exactly_the_edits(tmp_path_factory, data):
    """Next year's plan as `new` writes it (deadlines moved forward by the year difference), then edited:
    removed, added, changed, moved to another section and/or to another place in its own section, and
    moved *and* changed.  The diff lists exactly those edits, each task once, and no rolled deadline."""
    sections = data.draw(st.integers(2, 4))
    sizes = [data.draw(st.integers(1, 4)) for _ in range(sections)]
    years = data.draw(st.integers(1, 3))
    n = 0
    old = {"year": 2024, "goals": [{"name": "目标", "metrics": [{"name": f"指标{i}", "target": 50 + i} for i in range(3)]}],
           "sections": []}
    for s, size in enumerate(sizes):
        tasks = []
        for _ in range(size):
            deadline = data.draw(st.sampled_from(DEADLINES))
            tasks.append({"id": f"t{n}", "title": f"第{n}项重点工作的标题", "body": f"推进第{n}项工作，确保年内完成。",
                          "departments": [DEPARTMENTS[n % 6]], "deadline": deadline and deadline.format(m=n % 12 + 1)})
            n += 1
        old["sections"].append({"title": f"第{s}部分", "tasks": tasks})
    new = copy.deepcopy(old)
    new["year"] = 2024 + years
    for section in new["sections"]:
        for task in section["tasks"]:
            task["deadline"] = task["deadline"] and shift_years(task["deadline"], years)
    rolled = {t["id"] for s in old["sections"] for t in s["tasks"] if t["deadline"] and "2024" in t["deadline"]}
    ids = [f"t{i}" for i in range(n)]
    chosen = data.draw(st.lists(st.sampled_from(ids), unique=True, max_size=min(5, n)))
    expected = {"removed": set(), "moved": {}, "changed": {}, "added": set(), "goals": set()}

    def find(task_id):
        for section in new["sections"]:
            for task in section["tasks"]:
                if task["id"] == task_id:
                    return section, task

    touched = set()
    for task_id in chosen:
        section, task = find(task_id)
        touched.add(id(section))
        edit = data.draw(st.sampled_from(EDITS))
        if edit == "remove":
            section["tasks"].remove(task)
            expected["removed"].add(task_id)
            rolled.discard(task_id)
            continue
        edits = [edit] if edit != "move" else data.draw(st.lists(st.sampled_from(CHANGES), unique=True, max_size=2))
        if edit == "move":
            target = data.draw(st.sampled_from([s for s in new["sections"] if s is not section]))
            section["tasks"].remove(task)
            target["tasks"].insert(data.draw(st.integers(0, len(target["tasks"]))), task)
            touched.add(id(target))
        for change in edits:
            task[change] = {"title": task["title"] + "并取得实效", "body": task["body"] + "加强督促检查。",
                            "departments": [DEPARTMENTS[(int(task_id[1:]) + 1) % 6]],
                            "deadline": f"{2024 + years}年12月31日"}[change]
            if change == "deadline":
                rolled.discard(task_id)
        fields = [f for f in CHANGES if f in edits]  # the diff lists fields in the model's order
        (expected["moved"] if edit == "move" else expected["changed"])[task_id] = fields
    # a task taken from the front of an untouched section to its end moved within it (by two places or more)
    quiet = [s for s in new["sections"] if id(s) not in touched and len(s["tasks"]) >= 3]
    if quiet and data.draw(st.booleans()):
        section = data.draw(st.sampled_from(quiet))
        task = section["tasks"].pop(0)
        section["tasks"].append(task)
        expected["moved"][task["id"]] = ["body"] if data.draw(st.booleans()) else []
        if expected["moved"][task["id"]]:
            task["body"] += "形成长效机制。"
    for k in range(data.draw(st.integers(0, 2))):
        new["sections"][0]["tasks"].append({"id": f"new{k}", "title": f"新增的第{k}项工作任务"})
        expected["added"].add(f"new{k}")
    for i in data.draw(st.lists(st.integers(0, 2), unique=True)):
        new["goals"][0]["metrics"][i]["target"] += 1
        expected["goals"].add(f"指标{i}")
    # a section emptied by the edits keeps its title, so sections never change here
    d = diff_plans(*write_pair(tmp_path_factory.mktemp("p"), old, new))
    assert {t["id"] for t in d.removed} == expected["removed"]
    assert {t["id"] for t in d.added} == expected["added"]
    assert {t["id"]: t["fields"] for t in d.moved} == expected["moved"]
    assert {t["id"]: t["fields"] for t in d.changed} == expected["changed"]
    listed = [t["id"] for kind in (d.added, d.removed, d.moved, d.changed) for t in kind]
    assert len(listed) == len(set(listed)), "each task once"
    assert {t["id"] for t in d.rolled} == rolled
    assert {g["name"] for g in d.goals} == expected["goals"]
    assert d.sections == [] and d.texts == []


def test_rolled_deadlines_and_a_moved_changed_task_in_every_format(cli, tmp_path):
    """`new` then one task moved to another section and rewritten: one entry, with its changes, everywhere;
    the deadlines `new` moved forward are 顺延, not changes."""
    old = base_plan()
    for i, task in enumerate(t for s in old["sections"] for t in s["tasks"]):
        task["deadline"] = ["2024-06-30", "2024年10月底", "2024年12月31日", "2024年6月至2025年6月", "长期坚持"][i]
    old_file = tmp_path / "2024.yaml"
    (tmp_path / "org.yaml").write_text(yaml.safe_dump(ORG, allow_unicode=True), encoding="utf-8")
    old_file.write_text(yaml.safe_dump(old, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert cli("new", "2025", "--from", old_file)[0] == 0
    new_file = tmp_path / "2025.yaml"
    assert cli("diff", old_file, new_file, "--exit-code")[0] == 0, "next year's plan as `new` wrote it: no changes"
    new = yaml.safe_load(new_file.read_text(encoding="utf-8"))
    task = new["sections"][1]["tasks"].pop(0)  # quality → the party section, and rewritten
    task["body"] = "开展课堂教学改革试点，推广优秀案例，建设市级示范课堂。"
    new["sections"][0]["tasks"].append(task)
    new_file.write_text(yaml.safe_dump(new, allow_unicode=True, sort_keys=False), encoding="utf-8")

    status, stdout, _ = cli("diff", old_file, new_file, "--format", "json")
    data = json.loads(stdout)
    assert status == 0
    assert [(t["id"], t["fields"], t["from_section"], t["section"]) for t in data["moved"]] == [
        ("quality", ["body"], "推动教育发展", "加强党的建设")]
    assert data["changed"] == [] and data["added"] == [] and data["removed"] == []
    assert [(t["id"], t["old"], t["new"]) for t in data["rolled"]] == [
        ("study", "2024-06-30", "2025-06-30"), ("branch", "2024年10月底", "2025年10月底"),
        ("quality", "2024年12月31日", "2025年12月31日"), ("funds", "2024年6月至2025年6月", "2025年6月至2026年6月")]

    status, stdout, _ = cli("diff", old_file, new_file)
    stdout = stdout.replace("\n", "")  # the terminal wraps long lines
    assert "移动 1 项（其中 1 项也有修改），修改 0 项" in stdout and "完成时限随年度顺延 4 项，不算修改" in stdout
    assert stdout.count("提升教学质量") == 1, "the task is listed once"
    assert "{+，建设市级示范课堂+}" in stdout and "内容；完成时限随年度顺延" in stdout

    status, stdout, _ = cli("diff", old_file, new_file, "--format", "md")
    rows = [line for line in stdout.splitlines() if "提升教学质量" in line]
    assert len(rows) == 1 and rows[0].startswith("| 移动并修改 |")
    assert "推动教育发展" in rows[0] and "加强党的建设" in rows[0] and "建设市级示范课堂" in rows[0]


def test_task_reordered_within_its_section(tmp_path):
    old = base_plan()
    old["sections"][0]["tasks"] += [{"id": f"x{i}", "title": f"第{i}项补充任务"} for i in range(3)]
    new = copy.deepcopy(old)
    new["year"] = 2025
    tasks = new["sections"][0]["tasks"]
    tasks.append(tasks.pop(0))  # study: first → last
    tasks.insert(0, {"id": "fresh", "title": "新增的任务"})  # shifts every number, moves nothing
    d = diff_plans(*write_pair(tmp_path, old, new))
    assert [(t["id"], t["old_number"], t["number"], t["fields"]) for t in d.moved] == [("study", 1, 6, [])]
    assert [t["id"] for t in d.added] == ["fresh"] and d.changed == []


# ------------------------------------------------------------------ formats and the CLI


def test_json_shape(cli):
    status, stdout, _ = cli("diff", PLANS / "2024.yaml", PLANS / "2025.yaml", "--format", "json")
    data = json.loads(stdout)
    assert status == 0
    for key in ("added", "removed", "moved", "changed", "goals", "sections"):
        assert isinstance(data[key], list)
        for entry in data[key] if key not in ("goals", "sections") else []:
            assert {"id", "title", "section"} <= set(entry)
    assert [c["fields"] for c in data["changed"]] == [["body"], ["departments"]]
    assert data["changed"][1]["lead_changed"] is True
    assert [s["change"] for s in data["sections"]] == ["renamed"]


def test_exit_code(cli):
    assert cli("diff", PLANS / "2024.yaml", PLANS / "2024.yaml", "--exit-code")[0] == 0
    assert cli("diff", PLANS / "2024.yaml", PLANS / "2025.yaml", "--exit-code")[0] == 1
    assert cli("diff", PLANS / "2024.yaml", PLANS / "2025.yaml")[0] == 0


def test_terminal_text_marks_characters(cli):
    status, stdout, _ = cli("diff", PLANS / "2024.yaml", PLANS / "2025.yaml")
    assert status == 0
    assert "培育[-3-]{+4+}0个" in stdout
    assert "牵头科室由 基教科 改为 教科院" in stdout
    assert "+ 26.推进人工智能教育" in stdout and "- 17.规范民办教育发展" in stdout


def test_markdown_comparison_table(cli, tmp_path):
    status, _, _ = cli("diff", PLANS / "2024.yaml", PLANS / "2025.yaml", "--format", "md", "-o", tmp_path / "对照.md")
    html = MarkdownIt("commonmark").enable("table").render((tmp_path / "对照.md").read_text(encoding="utf-8"))
    assert status == 0
    assert "<th>2024年</th>" in html and "<th>2025年</th>" in html
    assert "培育<del>3</del>0个" in html and "培育<ins>4</ins>0个" in html


def test_docx_comparison_table(cli, tmp_path):
    status, _, stderr = cli("diff", PLANS / "2024.yaml", PLANS / "2025.yaml", "--format", "docx", "-o", tmp_path / "对照.docx")
    assert status == 0, stderr
    doc = Package((tmp_path / "对照.docx").read_bytes())
    assert doc.document.xpath("//w:pgSz/@w:orient", namespaces=NS) == ["landscape"]
    (table,) = doc.document.xpath("//w:tbl", namespaces=NS)
    assert sum(int(c) for c in table.xpath("w:tblGrid/w:gridCol/@w:w", namespaces=NS)) == int(table.xpath("w:tblPr/w:tblW/@w:w", namespaces=NS)[0])
    deleted = table.xpath(".//w:r[w:rPr/w:rStyle/@w:val='PFDel']/w:t/text()", namespaces=NS)
    inserted = table.xpath(".//w:r[w:rPr/w:rStyle/@w:val='PFIns']/w:t/text()", namespaces=NS)
    assert "3" in deleted and "4" in inserted and "和二十届三中全会" in inserted
    strike = doc.style("PFDel").find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rPr/{http://schemas.openxmlformats.org/wordprocessingml/2006/main}strike")
    assert strike is not None


def test_docx_needs_output_file(cli):
    status, _, stderr = cli("diff", PLANS / "2024.yaml", PLANS / "2025.yaml", "--format", "docx")
    assert status == 2 and "PF180" in stderr


def test_broken_plan_is_reported(cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("year: 2025\nsections: []\n", encoding="utf-8")
    status, _, stderr = cli("diff", PLANS / "2024.yaml", bad)
    assert status == 2 and "PF103" in stderr


def test_text_sent_to_a_file_is_not_wrapped(cli):
    """``planforge diff … > 变化.txt`` (not a terminal): each item is one line, however long, so that no
    line breaks inside a word or between a number and 项 as an 80-column wrap would."""
    status, stdout, _ = cli("diff", PLANS / "2024.yaml", PLANS / "2025.yaml")
    summary = stdout.splitlines()[0]
    assert status == 0 and summary.startswith("2024年 → 2025年：") and summary.endswith("。"), stdout[:300]
    result = diff_plans(load_plan(PLANS / "2024.yaml"), load_plan(PLANS / "2025.yaml"))
    for task in result.added:
        assert f"  + {task['number']}.{task['title']}（{task['section']}）" in stdout.splitlines()
