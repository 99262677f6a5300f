"""`planforge verify`: our documents pass; each deliberately broken one is caught."""
import dataclasses
import io
import json
import re
import zipfile

import docx
import pytest

from conftest import PLANS
from planforge.compose import compose_notice, compose_plan
from planforge.load import load_plan
from planforge.templating import Templates
from planforge.verify import verify_docx
from planforge.writers.docx import write_docx


@pytest.fixture(scope="module")
def notice_bytes():
    loaded, templates = load_plan(PLANS / "2024.yaml"), Templates()
    return write_docx(compose_notice(loaded.plan, templates), loaded.plan.org, templates)


def failures(path):
    return {(c.clause, c.rule) for c in verify_docx(path) if c.status == "fail"}


def mutate(data: bytes, part: str, old: str, new: str, count: int = -1) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            if name == part:
                text = content.decode("utf-8")
                assert re.search(old, text), f"{old!r} not in {part}"
                content = re.sub(old, new, text, count=0 if count < 0 else count).encode("utf-8")
            target.writestr(name, content)
    return out.getvalue()


def test_our_documents_conform(notice_bytes, tmp_path):
    loaded, templates = load_plan(PLANS / "2025.yaml"), Templates()
    plan = write_docx(compose_plan(loaded.plan, templates), loaded.plan.org, templates)
    for name, data in (("notice.docx", notice_bytes), ("plan.docx", plan)):
        (tmp_path / name).write_bytes(data)
        checks = verify_docx(tmp_path / name)
        assert [c for c in checks if c.status == "fail"] == [], name
        assert sum(c.status == "pass" for c in checks) >= 15


BROKEN = [
    # (what is broken, part, pattern, replacement, clause that must fail, words in the rule)
    ("letter paper", "word/document.xml", r'w:w="11906" w:h="16838"', 'w:w="12240" w:h="15840"', "5.1", "A4"),
    ("top margin 30 mm", "word/document.xml", r'w:top="2098"', 'w:top="1701"', "5.2.1", "天头"),
    ("type area too wide", "word/document.xml", r'w:right="1474"', 'w:right="1134"', "5.2.1", "版心"),
    ("line spacing 1.5", "word/styles.xml", r'w:line="579" w:lineRule="exact"', 'w:line="640" w:lineRule="exact"', "5.2.3", "22 行"),
    ("no character squeeze", "word/styles.xml", r'<w:spacing w:val="-5"/>', "", "5.2.3", "28 字"),
    ("theme fonts", "word/styles.xml", r'w:eastAsia="仿宋_GB2312"', 'w:eastAsia="仿宋_GB2312" w:eastAsiaTheme="minorEastAsia"', "5.2.2", "主题字体"),
    ("Japanese language", "word/styles.xml", r'w:eastAsia="zh-CN"', 'w:eastAsia="ja-JP"', "5.2.2", "zh-CN"),
    ("body in 宋体", "word/styles.xml", r'w:eastAsia="仿宋_GB2312"', 'w:eastAsia="宋体"', "5.2.2", "正文"),
    ("body without eastAsia", "word/styles.xml", r' w:eastAsia="仿宋_GB2312"', "", "5.2.2", "正文"),
    ("headings in 宋体", "word/styles.xml", r'w:eastAsia="黑体"', 'w:eastAsia="宋体"', "7.3.3", "一级标题"),
    ("title at 18 pt", "word/styles.xml", r'(?s)(<w:style w:type="paragraph" w:styleId="PFTitle">(?:(?!</w:style>).)*?)<w:sz w:val="44"/><w:szCs w:val="44"/>', r'\1<w:sz w:val="40"/><w:szCs w:val="40"/>', "7.3.1", "标题"),
    ("page number with hyphens", "word/footer1.xml", "— ", "- ", "7.5", "一字线"),
    ("same footer on both sides", "word/settings.xml", r"<w:evenAndOddHeaders/>", "", "7.5", "单页码居右"),
    ("no PAGE field", "word/footer1.xml", r" PAGE ", " DATE ", "7.5", "页码域"),
    ("doc number in square brackets", "word/document.xml", "〔2024〕", "[2024]", "7.2.5", "发文字号"),
    ("doc number with leading zero", "word/document.xml", "〔2024〕2号", "〔2024〕02号", "7.2.5", "发文字号"),
    ("date in Chinese numerals", "word/document.xml", r">2024年2月26日<", ">二〇二四年二月二十六日<", "7.3.5", "成文日期"),
    ("cc line without full stop", "word/document.xml", "省教育厅办公室。", "省教育厅办公室", "7.4.2", "抄送"),
    ("no red rule", "word/document.xml", r'w:color="FF0000"/></w:pBdr>', 'w:color="000000"/></w:pBdr>', "7.2.7", "红色分隔线"),
    ("imprint missing", "word/document.xml", r"印发</w:t>", "</w:t>", "7.4", "版记"),
]


@pytest.mark.parametrize("what, part, old, new, clause, words", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_document_is_caught(notice_bytes, tmp_path, what, part, old, new, clause, words):
    path = tmp_path / "broken.docx"
    path.write_bytes(mutate(notice_bytes, part, old, new))
    failed = failures(path)
    assert any(c == clause and words in rule for c, rule in failed), failed


def test_python_docx_default_document_fails(tmp_path):
    document = docx.Document()
    document.add_paragraph("示例市教育局2024年工作要点")
    document.add_paragraph("2024年，全市教育工作的总体要求是：以新时代中国特色社会主义思想为指导，全面贯彻党的教育方针。")
    path = tmp_path / "default.docx"
    document.save(str(path))
    failed = {rule for _, rule in failures(path)}
    assert any("A4" in r for r in failed)  # python-docx defaults to US Letter
    assert any("主题字体" in r for r in failed)  # and to theme fonts


def test_cli_verify_exit_codes(cli, tmp_path, notice_bytes):
    good = tmp_path / "good.docx"
    good.write_bytes(notice_bytes)
    status, stdout, _ = cli("verify", good, "--no-pages")
    assert status == 0 and "结论：符合" in stdout
    bad = tmp_path / "bad.docx"
    bad.write_bytes(mutate(notice_bytes, "word/document.xml", r'w:top="2098"', 'w:top="1701"'))
    status, stdout, _ = cli("verify", bad, "--format", "json", "--no-pages")
    report = json.loads(stdout)
    assert status == 1 and report[0]["conforms"] is False
    assert any(c["clause"] == "5.2.1" and c["status"] == "fail" for c in report[0]["checks"])
    junk = tmp_path / "old.doc"
    junk.write_bytes(b"\xd0\xcf\x11\xe0 not a zip")
    status, _, stderr = cli("verify", junk)
    assert status == 2 and "PF170" in stderr and "Traceback" not in stderr
    status, _, stderr = cli("verify", tmp_path / "missing.docx")
    assert status == 2 and "找不到文件" in stderr


def test_long_cc_line_is_not_taken_for_body_text(tmp_path):
    loaded, templates = load_plan(PLANS / "2024.yaml"), Templates()
    org = dataclasses.replace(loaded.plan.org, cc=["市委办公室", "市人民政府办公室", "省教育厅办公室", "市委组织部",
                                                    "市委宣传部", "市发展和改革委员会", "市财政局"])
    plan = dataclasses.replace(loaded.plan, org=org)
    path = tmp_path / "notice.docx"
    path.write_bytes(write_docx(compose_notice(plan, templates), org, templates))
    cc = next(p.text for p in docx.Document(str(path)).paragraphs if p.text.startswith("抄送："))
    assert len(cc) > 30, "long enough to wrap"
    assert failures(path) == set()
