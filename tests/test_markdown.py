"""The Markdown reads, in a real CommonMark parser, the way the plan says."""
import dataclasses
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from planforge.compose import compose_plan
from planforge.document import Document, Paragraph, Run, Task
from planforge.numerals import chinese_numeral
from planforge.templating import Templates
from planforge.writers.markdown import write_markdown

PARSER = MarkdownIt("commonmark").enable("table")


def render(document):
    return write_markdown(document, Templates())


def inline_children(tokens):
    return [t for t in tokens if t.type == "inline"]


def strong_and_rest(inline):
    """(text inside <strong>, text outside it) of one inline token."""
    strong, rest, inside = [], [], False
    for child in inline.children:
        if child.type == "strong_open":
            inside = True
        elif child.type == "strong_close":
            inside = False
        elif child.type == "text":
            (strong if inside else rest).append(child.content)
    return "".join(strong), "".join(rest)


def test_example_plan_structure(example_plan):
    plan = example_plan.plan
    tokens = PARSER.parse(render(compose_plan(plan, Templates())))
    h1 = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h1"]
    h2 = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"]
    assert h1 == [plan.full_title]
    assert h2 == [f"{chinese_numeral(i)}、{s.title}" for i, s in enumerate(plan.sections, start=1)]

    paragraphs = [t for i, t in enumerate(tokens) if t.type == "inline" and tokens[i - 1].type == "paragraph_open"]
    tasks = [p for p in paragraphs if re.match(r"^\d+\.", p.content.replace("**", ""))]
    all_tasks = [task for _, _, task in plan.tasks()]
    assert len(tasks) == len(all_tasks) == 31
    for number, (inline, task) in enumerate(zip(tasks, all_tasks), start=1):
        strong, rest = strong_and_rest(inline)
        assert strong == f"{number}.{task.title}", "run-in title must be bold (CommonMark flanking rules)"
        assert rest.startswith("。" + task.body[0])
        assert rest.endswith("（责任科室：" + "、".join(task.departments) + ("。排名第一的为牵头科室，下同。）" if number == 1 else "）"))


def test_goals_and_metrics_table(example_plan):
    html = PARSER.render(render(compose_plan(example_plan.plan, Templates())))
    assert "<strong>（一）事业发展水平</strong>。学前三年毛入园率达到92%以上" in html
    assert "<td>学前三年毛入园率</td>" in html and "<td>≥92%</td>" in html


def test_expressions_are_evaluated(example_plan):
    md = render(compose_plan(example_plan.plan, Templates()))
    assert "{{" not in md
    assert "迎接新中国成立75周年" in md and "第40个教师节" in md


def test_numbering_per_section(example_plan):
    plan = dataclasses.replace(example_plan.plan, numbering="per-section")
    tokens = PARSER.parse(render(compose_plan(plan, Templates())))
    numbers = [strong_and_rest(t)[0].split(".")[0] for t in inline_children(tokens) if re.match(r"^\*\*\d+\.", t.content)]
    expected = [str(i) for s in plan.sections for i in range(1, len(s.tasks) + 1)]
    assert numbers == expected


def test_headings_beyond_ten():
    assert [chinese_numeral(n) for n in (10, 11, 20, 21, 99, 100, 101, 110)] == [
        "十", "十一", "二十", "二十一", "九十九", "一百", "一百零一", "一百一十"]


TEXT = st.text(
    alphabet=st.sampled_from(list("教育工作要点一二三，。：；“”‘’（）《》〈〉—…、 ") + list("0123456789abcXYZ.*_-+#>[]()<>&|~`!\\=")),
    min_size=1, max_size=40,
).filter(lambda s: s.strip() == s and s)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_any_paragraph_text_survives(text):
    doc = Document("plan", "t", [Paragraph((Run(text),))])
    tokens = PARSER.parse(render(doc))
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    assert "".join(c.content for c in tokens[1].children if c.type == "text") == text


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT)
def test_any_run_in_title_is_bold(title, body):
    doc = Document("plan", "t", [Task((Run("12.", "number"), Run(title + "。", "lead"), Run(body)))])
    tokens = PARSER.parse(render(doc))
    strong, rest = strong_and_rest(tokens[1])
    assert strong == "12." + title
    assert rest == "。" + body
