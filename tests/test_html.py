"""The HTML export, read back with an HTML5 parser: structure, the same numbers as the DOCX,
the print page from the layout profile, nothing fetched, and user text always escaped."""
import re
import shutil

import html5lib
import pytest

from conftest import PLANS
from docx_xml import Package, text
from planforge.compose import compose_notice, compose_plan
from planforge.document import Document, Paragraph, Run, Task
from planforge.layout import Layout
from planforge.model import Fonts
from planforge.templating import Templates
from planforge.writers.docx import write_docx
from planforge.writers.html import write_html

NS = {"h": "http://www.w3.org/1999/xhtml"}


def parse(html: str):
    """Parse strictly: any HTML5 parse error (stray end tag, bad nesting …) fails the test."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(html)


def all_text(element) -> str:
    return "".join(element.itertext())


def elements(tree, tag, cls=None):
    found = tree.iter(f"{{{NS['h']}}}{tag}")
    return [e for e in found if cls is None or cls in (e.get("class") or "").split()]


@pytest.fixture
def plan_html(example_plan):
    plan = example_plan.plan
    return write_html(compose_plan(plan, Templates()), Templates(), Layout(plan.org.layout), plan.org.fonts)


def test_plan_structure_matches_the_docx(example_plan, plan_html):
    plan = example_plan.plan
    tree = parse(plan_html)
    assert tree.get("lang") == "zh-CN"
    (h1,) = elements(tree, "h1")
    assert all_text(h1) == plan.full_title
    docx = [text(p) for p in Package(write_docx(compose_plan(plan, Templates()), plan.org, Templates())).paragraphs()]
    headings = [all_text(h) for h in elements(tree, "h2")]
    assert headings == [t for t in docx if re.match(r"^[一二三四五六七八九十]+、", t)]
    assert [h.partition("、")[2] for h in headings[-len(plan.sections):]] == [s.title for s in plan.sections]
    tasks = [all_text(p) for p in elements(tree, "p", "task")]
    numbers = [all_text(next(p.iterfind("h:span[@class='number']", NS))) for p in elements(tree, "p", "task")]
    assert numbers == [f"{i}." for i in range(1, len(tasks) + 1)]
    assert tasks == [t for t in docx if re.match(r"^\d+\.", t)]
    for p in elements(tree, "p", "task"):  # number and run-in title are what the CSS sets in bold
        number, lead = p.findall("h:span", NS)[:2]
        assert number.get("class") == "number" and lead.get("class") == "lead" and all_text(lead).endswith("。")


def test_goals_table_is_a_real_table(example_plan, plan_html):
    (table,) = elements(parse(plan_html), "table")
    header = [all_text(th) for th in table.iterfind("h:thead/h:tr/h:th", NS)]
    assert header == ["序号", "指标", "目标值"]
    assert all(th.get("scope") == "col" for th in table.iterfind("h:thead/h:tr/h:th", NS))
    rows = [[all_text(td) for td in tr.iterfind("h:td", NS)] for tr in table.iterfind("h:tbody/h:tr", NS)]
    metrics = [m for g in example_plan.plan.goals.items for m in g.metrics]
    assert [r[1] for r in rows] == [m.name for m in metrics]
    assert rows[0] == ["1", "学前三年毛入园率", "≥92%"]


def test_notice_parts_in_order(example_plan):
    plan = example_plan.plan
    html = write_html(compose_notice(plan, Templates()), Templates(), Layout(plan.org.layout), plan.org.fonts)
    tree = parse(html)
    (h1,) = elements(tree, "h1")
    assert all_text(h1).startswith("关于印发《") and all_text(h1).endswith("》的通知")
    order = ["mark", "doc-number", "recipients", "signature", "annotation", "page-break", "imprint"]
    seen = [c for e in tree.iter() for c in (e.get("class") or "").split() if c in order]
    assert seen == order
    (number,) = elements(tree, "p", "doc-number")
    assert all_text(number) == "示教工委发〔2024〕2号"
    (signature,) = elements(tree, "div", "signature")
    assert [all_text(p) for p in signature][-1] == "2024年2月26日"
    assert [all_text(p) for p in signature][:-1] == list(plan.issuers)
    (note,) = elements(tree, "p", "annotation")
    assert all_text(note) == "（此件公开发布）"
    (imprint,) = elements(tree, "div", "imprint")
    assert "2024年2月26日印发" in all_text(imprint)
    # the attached plan's title is a heading below the notice's one
    assert plan.full_title in [all_text(h) for h in elements(tree, "h2", "title")]


def test_self_contained(plan_html):
    tree = parse(plan_html)
    assert not elements(tree, "link") and not elements(tree, "script") and not elements(tree, "img")
    for element in tree.iter():
        for name, value in element.items():
            assert "http:" not in value and "https:" not in value and "//" not in value, (name, value)
    (style,) = elements(tree, "style")
    css = style.text
    assert "url(" not in css and "@import" not in css
    assert re.findall(r"src: ([^;]+);", css) and all(
        re.fullmatch(r'(local\("[^"]+"\)(, )?)+', src) for src in re.findall(r"src: ([^;]+);", css))


def _page_rule(html: str) -> str:
    return re.search(r"@page \{(.*?)\}", html, re.S).group(1)


def test_print_page_from_the_layout_profile(example_plan):
    document = compose_plan(example_plan.plan, Templates())
    L = Layout()
    rule = _page_rule(write_html(document, Templates(), L))
    assert f"size: {L.page_width_mm}mm {L.page_height_mm}mm" in rule
    margins = re.search(r"margin: ([\d.]+)mm ([\d.]+)mm ([\d.]+)mm ([\d.]+)mm", rule).groups()
    assert [float(m) for m in margins] == [37, 26, 35, 28]  # GB/T 9704 5.2.1: 天头 37, 订口 28, 版心 156 × 225
    moved = _page_rule(write_html(document, Templates(), Layout({"margin_top_mm": 36, "type_height_mm": 226})))
    assert "margin: 36mm 26mm 35mm 28mm" in moved  # an org's override reaches the print page, the bottom derived


def test_font_stacks_follow_the_org_and_fall_back(example_plan):
    document = compose_plan(example_plan.plan, Templates())
    css = write_html(document, Templates(), Layout(), Fonts(fangsong="仿宋")).split("</style>")[0]
    body = re.search(r"\.document \{[^}]*font-family: ([^;]+);", css).group(1)
    families = re.findall(r'"([^"]+)"', body)
    assert families[:2] == ["planforge-latin", "仿宋"]
    assert {"FangSong", "STFangsong", "Noto Serif CJK SC"} <= set(families) and body.endswith(", serif")
    heading = re.search(r"h2:not\(\.title\) \{[^}]*font-family: ([^;]+);", css).group(1)
    assert '"黑体"' in heading and '"SimHei"' in heading and heading.endswith("sans-serif")


def test_user_text_is_escaped():
    hostile = '<script>alert(1)</script> & “引号”'
    document = Document("plan", hostile, [Task((Run("1.", "number"), Run(hostile, "lead"))), Paragraph.of(hostile)])
    fonts = Fonts(fangsong='仿宋"; } body { display: none } </style><script>x()</script>')
    html = write_html(document, Templates(), Layout(), fonts)
    tree = parse(html)
    assert not elements(tree, "script")
    assert len(elements(tree, "style")) == 1 and "</style" not in elements(tree, "style")[0].text.lower()
    assert [all_text(p) for p in elements(tree, "p")] == ["1." + hostile, hostile]


def test_render_html_cli_and_template_override(cli, tmp_path):
    for name in ("2024.yaml", "org.yaml"):
        shutil.copy(PLANS / name, tmp_path / name)
    code, _, err = cli("render", tmp_path / "2024.yaml", "--to", "html,notice-html", "-o", tmp_path / "out")
    assert code == 0, err
    plan_page = (tmp_path / "out" / "2024.html").read_text(encoding="utf-8")
    notice_page = (tmp_path / "out" / "2024-notice.html").read_text(encoding="utf-8")
    parse(plan_page), parse(notice_page)
    assert 'class="doc-number"' in notice_page and 'class="doc-number"' not in plan_page
    # a templates/ folder beside the plan overrides the page's styles, file by file
    override = tmp_path / "templates" / "html" / "style.css.j2"
    override.parent.mkdir(parents=True)
    override.write_text(".document { color: #123456; }\n", encoding="utf-8")
    assert cli("render", tmp_path / "2024.yaml", "--to", "html", "-o", tmp_path / "out")[0] == 0
    page = (tmp_path / "out" / "2024.html").read_text(encoding="utf-8")
    assert "#123456" in page and "@page" not in page and "<h1" in page


def test_notice_html_needs_a_notice(cli, tmp_path):
    plan = tmp_path / "2024.yaml"
    plan.write_text((PLANS / "2024.yaml").read_text(encoding="utf-8").split("\nnotice:")[0] + "\n", encoding="utf-8")
    shutil.copy(PLANS / "org.yaml", tmp_path / "org.yaml")
    code, _, err = cli("render", plan, "--to", "notice-html", "-o", tmp_path / "out")
    assert code == 2 and "[PF160]" in err and not (tmp_path / "out").exists()
    code, _, err = cli("render", plan, "--to", "htm", "-o", tmp_path / "out")
    assert code == 2 and "notice-html" in err
