"""The rules for what `check` used to miss — a half-width stop ending a Chinese sentence (PF307),
a space before full-width punctuation (PF308), a full-width colon after a key (PF008) — tried on
generated variants (text, YAML quoting style, nesting), each found at its character and fixed;
and a plan with one error of each kind (structure, names, text) gets all of them in one run."""
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planforge.check import check_plan
from planforge.lint import CLOSING_PUNCT, sentence_stops

LINT = Path(__file__).parent / "lint_plans"
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

HAN = "学习教育工作全年组织集中开展推进落实提高质量水平学校教师课程建设管理服务"
words = st.text(alphabet=HAN, min_size=2, max_size=12)
latin = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=8)
number = st.integers(min_value=1, max_value=999).map(str)
STYLES = ("plain", "double", "single", "folded")


def scalar(text: str, style: str) -> str:
    """``text`` as a YAML value in ``style`` (the value of ``body:`` on a task at indent 8)."""
    if style == "double":
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    if style == "folded":
        return ">-\n          " + text
    return text


def plan_text(body: str, style: str, title_line: str = "      - title: 抓好理论学习") -> str:
    return ("year: 2024\nsections:\n  - title: 加强党的建设\n    tasks:\n" + title_line + "\n"
            f"        body: {scalar(body, style)}\n        departments: [办公室]\n")


def checked(text: str, fix: bool = False):
    """(codes at (line, col), file text after) for ``text`` as a plan beside the lint org.yaml."""
    with tempfile.TemporaryDirectory() as folder:
        shutil.copy(LINT / "org.yaml", Path(folder) / "org.yaml")
        plan = Path(folder) / "p.yaml"
        plan.write_text(text, encoding="utf-8")
        result = check_plan(plan, fix=fix)
        found = {(d.code, d.position.line, d.position.col) for d in result.diagnostics if d.code != "PF331"}
        return found, plan.read_text(encoding="utf-8"), result


def position_of(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index)
    return line + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def body_of(text: str) -> str:
    return yaml.safe_load(text)["sections"][0]["tasks"][0]["body"]


# --------------------------------------------------------------------------- PF307


@SETTINGS
@given(words, st.sampled_from(["", "20%", "92", "3.5%", "12次", "（试行）", "“好”"]), st.sampled_from(STYLES))
def test_stop_ending_a_chinese_sentence(text, tail, style):
    body = f"{text}{tail}."
    source = plan_text(body, style)
    found, _, _ = checked(source)
    dot = source.index(body) + len(body) - 1
    assert found == {("PF307", *position_of(source, dot))}
    found, fixed, result = checked(source, fix=True)
    assert result.fixed == 1 and found == set() and body_of(fixed) == f"{text}{tail}。"


@SETTINGS
@given(words, st.sampled_from(STYLES), st.data())
def test_dots_that_are_not_sentence_stops(text, style, data):
    """Decimals, URLs, file names, English, abbreviations, item numbers and ellipses stay."""
    case = data.draw(st.sampled_from([
        lambda: f"{text}达到{data.draw(number)}.{data.draw(number)}%。",
        lambda: f"{text}见www.{data.draw(latin)}.gov.cn。",
        lambda: f"{text}见附件{data.draw(words)}.docx。",
        lambda: f"{text}，即 {data.draw(latin).capitalize()} is {data.draw(latin)}.",
        lambda: f"{text}（e.g. {data.draw(latin)}）。",
        lambda: f"{text}：{data.draw(number)}.{data.draw(words)}。",
        lambda: f"版本 v{data.draw(number)}.{data.draw(number)} {data.draw(latin)}。",
    ]))()
    found, _, _ = checked(plan_text(case, style))
    assert not any(code == "PF307" for code, _, _ in found), case


def test_sentence_stops_in_longer_text():
    text = "提高质量，达到98.5%.加强管理.见www.moe.gov.cn。共3项."
    assert [text[i - 2:i + 1] for i in sentence_stops(text)] == ["5%.", "管理.", "3项."]


# --------------------------------------------------------------------------- PF308


@SETTINGS
@given(words, st.text(alphabet=" \u3000", min_size=1, max_size=3), st.sampled_from(CLOSING_PUNCT),
       st.sampled_from(STYLES))
def test_space_before_fullwidth_punctuation(text, spaces, mark, style):
    closing = {"”": "“", "’": "‘", "）": "（", "》": "《", "〉": "〈", "】": "【", "〕": "〔"}
    opener = closing.get(mark, "")
    body = f"{opener}{text}{spaces}{mark}"
    source = plan_text(body, style)
    found, _, _ = checked(source)
    at = source.index(body) + len(opener) + len(text)
    assert found == {("PF308", *position_of(source, at))}
    found, fixed, _ = checked(source, fix=True)
    assert found == set() and body_of(fixed) == f"{opener}{text}{mark}"


@SETTINGS
@given(words, words)
def test_no_pf308_for_indentation_or_opening_marks(first, second):
    """The indentation of a line of a block that starts with punctuation, and a space before an
    opening mark, stay."""
    source = plan_text(f"（{first}\n          ）{second}，使用 {second}《{first}》。", "folded")
    found, _, _ = checked(source)
    assert not any(code == "PF308" for code, _, _ in found)


# --------------------------------------------------------------------------- PF008

PLACES = {  # where a key is written: the plan, with {K} for the key and its colon
    "top title": "year: 2024\n{K}2024年工作要点\nsections:\n  - title: 加强党的建设\n    tasks:\n      - title: 抓好理论学习\n",
    "section title": "year: 2024\nsections:\n  - {K}加强党的建设\n    tasks:\n      - title: 抓好理论学习\n",
    "task title": "year: 2024\nsections:\n  - title: 加强党的建设\n    tasks:\n      - {K}抓好理论学习\n        body: 全年组织集中学习。\n",
    "task title alone": "year: 2024\nsections:\n  - title: 加强党的建设\n    tasks:\n      - {K}抓好理论学习\n",
    "task body": "year: 2024\nsections:\n  - title: 加强党的建设\n    tasks:\n      - title: 抓好理论学习\n        {K}全年组织集中学习。\n",
    "notice date": "year: 2024\nsections:\n  - title: 加强党的建设\n    tasks:\n      - title: 抓好理论学习\nnotice:\n  {K}2024年2月26日\n",
}
KEYS = {"top title": "title", "section title": "title", "task title": "title", "task title alone": "title",
        "task body": "body", "notice date": "date"}


@SETTINGS
@given(st.sampled_from(sorted(PLACES)), st.sampled_from(["", " "]), st.sampled_from(["", " "]))
def test_fullwidth_colon_after_a_key(place, before, after):
    key = KEYS[place]
    source = PLACES[place].replace("{K}", f"{key}{before}：{after}")
    found, _, _ = checked(source)
    assert ("PF008", *position_of(source, source.index("："))) in found
    assert not any(code == "PF001" for code, _, _ in found), "named as the colon, not as a YAML error"
    found, fixed, result = checked(source, fix=True)
    assert result.fixed >= 1 and fixed == PLACES[place].replace("{K}", f"{key}: ")
    assert not any(code in ("PF008", "PF001", "PF102") for code, _, _ in found)


@SETTINGS
@given(words, st.sampled_from(["标题", "title", "目标"]))
def test_fullwidth_colon_inside_text_is_prose(text, word):
    """``标题：`` at the start of a line of a block of text, or inside quotes, is not a key."""
    for body in (f"|\n          {word}：{text}\n          {text}", f'"{word}：{text}"'):
        source = plan_text(body, "plain")
        found, _, _ = checked(source)
        assert not any(code == "PF008" for code, _, _ in found), source


def test_fullwidth_colon_message_names_the_colon():
    source = PLACES["task title"].replace("{K}", "title：")
    _, _, result = checked(source)
    (diagnostic,) = [d for d in result.diagnostics if d.code == "PF008"]
    assert "全角冒号“：”" in diagnostic.message and "title: " in diagnostic.message


# --------------------------------------------------------------------------- one run


ONE_OF_EACH = """year: 2024
sections:
  - title: 加强党的建设
    tasks:
      - title: 抓好理论学习
        titel: 学习
        body: 全年组织集中学习,每月一次。
        departments: [基础科]
"""


def test_structure_names_and_text_in_one_run():
    found, _, _ = checked(ONE_OF_EACH)
    assert found == {("PF101", 6, 9), ("PF301", 7, 23), ("PF110", 8, 23)}


def test_names_and_text_in_one_run_when_the_structure_is_right():
    found, _, _ = checked(ONE_OF_EACH.replace("        titel: 学习\n", ""))
    assert found == {("PF301", 6, 23), ("PF110", 7, 23)}


def test_fix_works_beside_structure_errors():
    found, fixed, result = checked(ONE_OF_EACH, fix=True)
    assert result.fixed == 1 and body_of(fixed) == "全年组织集中学习，每月一次。"
    assert found == {("PF101", 6, 9), ("PF110", 8, 23)}


def test_ignored_codes_hold_in_one_run():
    found, _, _ = checked(ONE_OF_EACH + "lint:\n  ignore: [PF301]\n")
    assert found == {("PF101", 6, 9), ("PF110", 8, 23)}


def test_what_yaml_reads_past_comes_with_the_rest():
    """A duplicate key or a tag does not stop the run: names and text are checked too."""
    found, _, _ = checked(ONE_OF_EACH.replace("titel: 学习", "title: 学习"))
    assert found == {("PF001", 6, 9), ("PF301", 7, 23), ("PF110", 8, 23)}
    found, _, _ = checked(ONE_OF_EACH.replace("titel: 学习", "id: !!python/name:os.system x"))
    assert found == {("PF002", 6, 13), ("PF301", 7, 23), ("PF110", 8, 23)}


def test_a_mapping_as_a_key_is_reported_with_the_rest():
    """``title: {{ … }}`` unquoted is a mapping used as a key: said once, and the text is still checked."""
    found, _, _ = checked(ONE_OF_EACH.replace("titel: 学习", "id: {{ issuers.pop() }}"))
    assert found == {("PF102", 6, 14), ("PF301", 7, 23), ("PF110", 8, 23)}


@SETTINGS
@given(words, words, st.sampled_from([". ", ".  ", "."]), st.sampled_from([" 。", "  。", "。"]),
       st.sampled_from(["title: ", "title："]), st.sampled_from(STYLES))
def test_one_fix_run_leaves_nothing_to_fix(first, second, stop, end, key, style):
    """A fix that uncovers another (the space after a “.” that became “。”, the text behind a
    full-width colon) is finished in the same run: a second ``--fix`` finds nothing."""
    source = plan_text(f"{first}达到20%{stop}{second}{end}", style).replace("year: 2024\n", f"year: 2024\n{key}工作要点\n")
    _, fixed, first_run = checked(source, fix=True)
    _, again, second_run = checked(fixed, fix=True)
    assert second_run.fixed == 0 and again == fixed
    assert body_of(fixed) == f"{first}达到20%。{second}。" and yaml.safe_load(fixed)["title"] == "工作要点"


def test_a_misspelt_key_is_read_as_the_key_it_stands_for():
    """``dedline: 2024年9月底`` is a misspelt deadline: PF101 says so, and its value is not prose, so no
    PF341 (a year written out) on top; a misspelt ``bdy`` is still prose and its text is checked."""
    text = ONE_OF_EACH.replace("        titel: 学习\n", "        dedline: 2024年9月底\n")
    found, _, _ = checked(text)
    assert found == {("PF101", 6, 9), ("PF301", 7, 23), ("PF110", 8, 23)}
    found, _, _ = checked(text.replace("        body:", "        bdy:"))
    assert ("PF301", 7, 22) in found and not any(code == "PF341" for code, _, _ in found), found
