"""`planforge new`: next year's file, with only the lines that must change."""
import difflib
import shutil

import pytest

from conftest import PLANS
from planforge.load import load_plan


@pytest.fixture
def plans(tmp_path):
    folder = tmp_path / "plans"
    shutil.copytree(PLANS, folder)
    return folder


def changed_lines(old: str, new: str):
    return [line for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_new_year_changes_only_what_must_change(cli, plans):
    source = (plans / "2025.yaml").read_text(encoding="utf-8")
    status, _, stderr = cli("new", "2026", "--from", plans / "2025.yaml")
    assert status == 0, stderr
    new = (plans / "2026.yaml").read_text(encoding="utf-8")
    assert (plans / "2025.yaml").read_text(encoding="utf-8") == source, "the source is never touched"
    assert changed_lines(source, new) == [
        "-year: 2025", "+year: 2026",
        "-        deadline: 2025-12-31", "+        deadline: 2026-12-31",
        "-  doc_number: 3                # 序号；按 org.yaml 的 doc_code 补全为 示教工委发〔2025〕3号", "-  date: 2025-02-18",
        "+  doc_number:                  # 序号；按 org.yaml 的 doc_code 补全为 示教工委发〔2025〕3号", "+  date:",
    ]
    loaded = load_plan(plans / "2026.yaml")
    assert loaded.plan.full_title == "中共示例市委教育工作委员会 示例市教育局2026年工作要点"
    assert "2026年，全市教育工作" in loaded.plan.preamble.text[0]
    assert {w.code for w in loaded.warnings} == {"PF140", "PF141"}, "check asks for the cleared notice fields"
    assert [t.id for _, _, t in loaded.plan.tasks()] == [t.id for _, _, t in load_plan(plans / "2025.yaml").plan.tasks()]


def test_refuses_to_overwrite_without_force(cli, plans):
    (plans / "2026.yaml").write_text("# mine\n", encoding="utf-8")
    status, _, stderr = cli("new", "2026", "--from", plans / "2025.yaml")
    assert status == 2 and "PF202" in stderr
    assert (plans / "2026.yaml").read_text(encoding="utf-8") == "# mine\n"
    assert cli("new", "2026", "--from", plans / "2025.yaml", "--force")[0] == 0
    assert (plans / "2026.yaml").read_text(encoding="utf-8").splitlines()[1].startswith("# 示例市2025年")


def test_never_writes_over_the_source(cli, plans):
    status, _, stderr = cli("new", "2026", "--from", plans / "2025.yaml", "-o", plans / "2025.yaml", "--force")
    assert status == 2 and "拒绝写入" in stderr


def test_literal_years_are_warned_with_positions(cli, tmp_path):
    (tmp_path / "2024.yaml").write_text(
        "year: 2024\n"
        "issuer: 示例县教育局\n"
        "title: 示例县教育局2024年工作要点\n"
        "preamble: 今年要迎接新中国成立75周年，落实《三年行动计划（2023—2025年）》。\n"
        "sections:\n"
        "  - title: 加强教师队伍建设\n"
        "    tasks:\n"
        "      - title: 做好第40个教师节庆祝工作\n"
        "        body: 总结2023年经验，{{ year }}年继续推进。\n"
        "        deadline: 2024年9月10日\n",
        encoding="utf-8")
    status, _, stderr = cli("new", "2025", "--from", tmp_path / "2024.yaml")
    assert status == 0, stderr
    warnings = [line for line in stderr.splitlines() if "PF201" in line]
    where = [line.split(": 警告")[0].rsplit(":", 2)[1:] for line in warnings]
    # positions in the new file, below the schema modeline that new adds on top
    assert where == [["4", "14"], ["5", "21"], ["9", "18"], ["10", "17"]], warnings
    assert "{{ year }}年" in warnings[0] and "{{ year - 1949 }}周年" in warnings[1]
    assert "第{{ year - 1984 }}个" in warnings[2] and "{{ year - 1 }}年" in warnings[3]
    assert not any("2023—2025" in w for w in warnings), "ranges are legitimately literal"
    new = (tmp_path / "2025.yaml").read_text(encoding="utf-8")
    assert "deadline: 2025年9月10日" in new and "title: 示例县教育局2024年工作要点" in new, "text is never rewritten"


def test_broken_source_is_reported(cli, tmp_path):
    (tmp_path / "2024.yaml").write_text("year: 2024\nsections: []\n", encoding="utf-8")
    status, _, stderr = cli("new", "2025", "--from", tmp_path / "2024.yaml")
    assert status == 2 and "PF103" in stderr and not (tmp_path / "2025.yaml").exists()
