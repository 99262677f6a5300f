"""Variation harness for ``planforge import``: known plans, rendered to every input shape an office
meets, perturbed, imported, and compared with the original field by field (F1).

    python benchmarks/import_variation.py              # the full run (≥ 500 cases, PDF when LibreOffice is here)
    python benchmarks/import_variation.py --cases 60   # a quick look

Known plans: the example plans, the corpus files after import (when ../shared/corpus is there) and
randomly generated plans.  Shapes: text copied from a web page, a saved HTML page with navigation,
DOCX with typed numbers, DOCX with Word's automatic numbering (and the 版记 as a table), Markdown,
planforge's own DOCX and Markdown, and PDF through LibreOffice.  Perturbations, alone and combined:
site debris at the top, bottom and inside; hard wraps every 25–40 characters; running headers and
``- 3 -`` page numbers; title removed, split over two lines or without its year; traditional
characters; half-width punctuation and stray spaces; ``1、`` ``1．`` ``（1）`` ``①`` numbering; the
notice title without 《》; dates as 2024年3月27日, 2024-03-27, 二〇二四年三月二十七日 or digits only;
responsibility labels 责任科室/责任单位/责任处室/责任股室/牵头单位.

The test suite runs a reduced version (tests/test_import_variation.py) through ``run_case``.
"""
from __future__ import annotations

import argparse
import html
import random
import re
import shutil
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPUS = ROOT.parent / "shared" / "corpus"
FIELDS = ("year", "sections", "task titles", "bodies", "departments", "goals", "notice")
LABELS = ("责任科室", "责任单位", "责任处室", "责任股室", "牵头单位")
NUMBERS = ("1.", "1、", "1．", "（1）", "①")
DEBRIS = ("VIP专免", "29.51KB", "24 页", "浏览次数：318", "侵权投诉", "发布时间:2024-03-28", "上一篇：关于做好招生工作的通知",
          "相关文章", "分享到：", "来源：示例县人民政府网")
WORDS = list("教育工作推进加强落实发展建设质量学校教师学生管理服务体系改革创新机制全面深化提升完善规范保障")
DEPARTMENTS = ["办公室", "基教科", "财建科", "人事科", "安全科", "督导室"]
CN_DIGITS = "〇一二三四五六七八九"


# ------------------------------------------------------------------ the truth: a document as lines


@dataclass
class Task:
    title: str
    body: list[str]
    departments: list[str]


@dataclass
class Section:
    title: str
    tasks: list[Task]
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class Doc:
    """What a plan document says, in the order it says it: the truth the import is compared with."""

    year: int
    issuers: list[str]
    kind: str
    full_title: str
    preamble: list[str]
    goals: list[str]  # 名称。内容
    sections: list[Section]
    closing: list[str]
    notice: dict = field(default_factory=dict)  # title, recipients, body, date (y, m, d), note, cc, printed_by

    @property
    def title(self) -> str:
        return self.full_title


def doc_from_plan(path: Path) -> Doc:
    from planforge.compose import goal_text
    from planforge.load import load_plan

    plan = load_plan(path).plan
    sections = [Section(s.title, [Task(t.title, list(t.body), list(t.departments)) for t in s.tasks], list(s.paragraphs))
                for s in plan.sections]
    goals = [f"{g.name}。{goal_text(g)}" if g.name else goal_text(g) for g in plan.goals.items] if plan.goals else []
    notice = {}
    if plan.notice:
        day = plan.notice.date or __import__("datetime").date(plan.year, 3, 27)
        notice = {"recipients": plan.notice.recipients or plan.org.recipients or "各学校",
                  "body": [f"现将《{plan.full_title}》印发给你们，请结合实际认真贯彻执行。"],
                  "date": (day.year, day.month, day.day), "note": plan.notice.note or "此件主动公开",
                  "cc": list(plan.notice.cc or plan.org.cc or []), "printed_by": plan.notice.printed_by or plan.org.printed_by}
    return Doc(plan.year, list(plan.issuers), plan.kind, plan.full_title, list(plan.preamble.text) if plan.preamble else [], goals,
               sections, list(plan.closing), notice)


def random_doc(rng: random.Random) -> Doc:
    def phrase(lo=2, hi=10):
        return "".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi)))

    year = rng.randint(2015, 2030)
    sections = []
    for _ in range(rng.randint(1, 5)):
        tasks = [Task(phrase(4, 12), [f"{phrase(6, 20)}，{phrase(6, 20)}。"] * rng.choice([1, 1, 1, 2]),
                      rng.sample(DEPARTMENTS, rng.randint(1, 3))) for _ in range(rng.randint(1, 5))]
        sections.append(Section(f"{phrase(3, 8)}，{phrase(3, 8)}", tasks))
    goals = [f"{phrase(3, 6)}。{phrase(8, 20)}。" for _ in range(rng.choice([0, 0, 2, 3]))]
    notice = {}
    if rng.random() < 0.5:
        notice = {"recipients": "各乡镇中心学校，县直各学校，局机关各股室", "body": [f"现将《示例县教育局{year}年工作要点》印发给你们，请认真贯彻执行。"],
                  "date": (year, rng.randint(1, 12), rng.randint(1, 28)), "note": "此件主动公开",
                  "cc": ["县委办公室", "县政府办公室"], "printed_by": "示例县教育局办公室"}
    kind = rng.choice(["工作要点", "工作计划", "工作安排", "重点工作安排意见"])
    return Doc(year, ["示例县教育局"], kind, f"示例县教育局{year}年{kind}", [f"{year}年，全县教育工作的总体要求是：{phrase(10, 30)}。"],
               goals, sections, [f"各学校要{phrase(6, 14)}。"] if rng.random() < 0.6 else [], notice)


# ------------------------------------------------------------------ shaping: Doc → lines (with variations) → file


@dataclass
class Style:
    """How the document is written and what happened to it on the way."""

    number: str = "1."
    label: str = "责任科室"
    date: str = "chinese"  # chinese | iso | hanzi | digits
    quoted_notice_title: bool = True
    title: str = "plain"  # plain | removed | split | no-year
    goals_numbered: bool = False  # 1. items under 总体目标： instead of （一）
    debris: tuple[str, ...] = ()  # top, bottom, inside
    wraps: bool = False
    headers: bool = False  # running header and - 3 - page numbers
    traditional: bool = False
    halfwidth: bool = False
    imprint_table: bool = False


def task_number(style: Style, n: int) -> str:
    return {"1.": f"{n}.", "1、": f"{n}、", "1．": f"{n}．", "（1）": f"（{n}）", "①": chr(0x245F + n) if n <= 20 else f"{n}."}[style.number]


def cn_numeral(n: int) -> str:
    from planforge.numerals import chinese_numeral

    return chinese_numeral(n)


def date_text(style: Style, y: int, m: int, d: int) -> str:
    if style.date == "iso":
        return f"{y}-{m:02d}-{d:02d}"
    if style.date == "digits":
        return f"{y}{m}{d}"
    if style.date == "hanzi":
        def small(n):
            return ("十" if n == 10 else f"十{CN_DIGITS[n - 10]}" if n < 20 else f"{CN_DIGITS[n // 10]}十{CN_DIGITS[n % 10] if n % 10 else ''}") if n >= 10 else CN_DIGITS[n]
        return f"{''.join(CN_DIGITS[int(c)] for c in str(y))}年{small(m)}月{small(d)}日"
    return f"{y}年{m}月{d}日"


def lines_of(doc: Doc, style: Style) -> list[tuple[str, str]]:
    """The document as (kind, text) lines, before any damage."""
    out: list[tuple[str, str]] = []
    if doc.notice:
        title = f"关于印发《{doc.title}》的通知" if style.quoted_notice_title else f"{' '.join(doc.issuers)}关于印发{doc.year}年{doc.kind}的通知"
        out += [("notice", title), ("notice", doc.notice["recipients"] + "：")]
        out += [("notice", p) for p in doc.notice["body"]]
        out += [("notice", name) for name in doc.issuers]
        out += [("notice", date_text(style, *doc.notice["date"])), ("notice", f"（{doc.notice['note']}）")]
    title = doc.title
    if style.title == "no-year":
        title = f"{' '.join(doc.issuers)}{doc.kind}"
    if style.title == "split":
        out += [("title", " ".join(doc.issuers)), ("title", f"{doc.year}年{doc.kind}")]
    elif style.title != "removed":
        out.append(("title", title))
    out += [("preamble", p) for p in doc.preamble]
    if doc.goals:
        out.append(("goals", "总体目标："))
        for n, goal in enumerate(doc.goals, start=1):
            out.append(("goal", (f"{n}." if style.goals_numbered else f"（{cn_numeral(n)}）") + goal))
    n = 0
    for s, section in enumerate(doc.sections, start=1):
        out.append(("section", f"{cn_numeral(s)}、{section.title}"))
        out += [("para", p) for p in section.paragraphs]
        for task in section.tasks:
            n += 1
            body = list(task.body) or [""]
            note = f"（{style.label}：{'、'.join(task.departments)}）" if task.departments else ""
            body[-1] += note
            out.append(("task", f"{task_number(style, n)}{task.title}。{body[0]}"))
            out += [("para", p) for p in body[1:]]
    out += [("closing", p) for p in doc.closing]
    if doc.notice and doc.notice.get("cc"):
        out.append(("imprint", f"抄送：{'，'.join(doc.notice['cc'])}。"))
    if doc.notice and doc.notice.get("printed_by"):
        y, m, d = doc.notice["date"]
        out.append(("imprint", f"{doc.notice['printed_by']}  {y}年{m}月{d}日印发"))
    return out


def damage(lines: list[tuple[str, str]], style: Style, rng: random.Random) -> list[tuple[str, str]]:
    """What copying from a website or a PDF does to the lines."""
    out = list(lines)
    if style.halfwidth:
        table = str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "“": '"', "”": '"'})
        out = [(k, _spaces(t.translate(table), rng)) for k, t in out]
    if style.traditional:
        import opencc

        s2t = opencc.OpenCC("s2t")
        out = [(k, s2t.convert(t)) for k, t in out]
    if style.headers:
        header = lines[0][1] if lines else ""
        page, every = 1, rng.randint(6, 10)
        with_pages = []
        for i, line in enumerate(out):
            with_pages.append(line)
            if i and i % every == 0:
                page += 1
                with_pages += [("debris", f"- {page} -"), ("debris", header)]
        out = with_pages
    if "top" in style.debris:
        out = [("debris", t) for t in rng.sample(DEBRIS, 4)] + out
    if "inside" in style.debris and len(out) > 4:
        at = rng.randint(2, len(out) - 2)
        out = out[:at] + [("debris", rng.choice(DEBRIS[:6]))] + out[at:]
    if "bottom" in style.debris:
        out += [("debris", t) for t in ("相关文章", "关于做好2019年秋季开学工作的通知……", "上一篇：示例县召开教育工作会议")]
    if style.wraps:
        wrapped = []
        for kind, text in out:
            width = rng.randint(25, 40)
            if len(text) <= width or kind in ("title", "debris"):
                wrapped.append((kind, text))
                continue
            wrapped += [(kind if i == 0 else "wrap", text[i:i + width]) for i in range(0, len(text), width)]
        out = wrapped
    return out


def _spaces(text: str, rng: random.Random) -> str:
    """Stray ASCII spaces between Chinese characters, as web pages leave them."""
    chars = list(text)
    for _ in range(len(chars) // 40):
        at = rng.randint(1, max(1, len(chars) - 1))
        if "\u4e00" <= chars[at - 1] <= "\u9fff" and at < len(chars) and "\u4e00" <= chars[at] <= "\u9fff":
            chars.insert(at, " ")
    return "".join(chars)


def write_text(path: Path, lines, rng) -> Path:
    path.write_text("\n".join(t for _, t in lines) + "\n", encoding=rng.choice(["utf-8", "utf-8-sig", "gb18030"]) if False else "utf-8")
    return path


def write_html(path: Path, lines, doc: Doc) -> Path:
    nav = '<div class="nav"><a href="/">首页</a> | <a>政务公开</a> | <a>信息公开</a> | <a>办事服务</a></div>'
    side = '<div class="side"><h3>热点新闻</h3><ul><li><a>示例县召开教育工作会议</a></li><li><a>关于做好招生工作的通知</a></li></ul></div>'
    body, paragraph = [], []
    for kind, text in lines:
        if kind == "wrap":
            paragraph.append("<br>" + html.escape(text))
            continue
        if paragraph:
            body.append("<p>" + "".join(paragraph) + "</p>")
        paragraph = [html.escape(text)]
    if paragraph:
        body.append("<p>" + "".join(paragraph) + "</p>")
    page = (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{html.escape(doc.title)}_示例县人民政府网</title></head>"
            f"<body>{nav}{side}<div class=\"article\">{''.join(body)}</div>"
            f"<div class=\"footer\">版权所有：示例县人民政府 网站地图 联系我们 备案号：示ICP备12345678号</div></body></html>")
    path.write_text(page, encoding="utf-8")
    return path


def write_docx(path: Path, lines, style: Style, automatic: bool) -> Path:
    """Word as offices make it: typed numbers, or Word's automatic numbering; the 版记 as text or a table."""
    import docx
    from docx.oxml import parse_xml

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    if automatic:
        numbering = document.part.numbering_part.element
        numbering.insert(0, parse_xml(f'<w:abstractNum {ns} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                                      '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl><w:lvl w:ilvl="1">'
                                      '<w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl></w:abstractNum>'))
        numbering.append(parse_xml(f'<w:num {ns} w:numId="91"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(paragraph, level):
        paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {ns}><w:ilvl w:val="{level}"/><w:numId w:val="91"/></w:numPr>'))

    imprint = []
    last = None
    for kind, text in lines:
        if kind == "wrap" and last is not None:
            last.add_run().add_break()
            last.add_run(text)
            continue
        if kind == "imprint" and style.imprint_table:
            imprint.append(text)
            continue
        if automatic and kind == "section":
            last = document.add_paragraph(re.sub(r"^[一二三四五六七八九十百]+、", "", text))
            numbered(last, 0)
        elif automatic and kind == "task":
            last = document.add_paragraph(re.sub(r"^(\d+[.．、]|[（(]\d+[）)]|[①-⑳])", "", text))
            numbered(last, 1)
        else:
            last = document.add_paragraph(text)
    if imprint:
        table = document.add_table(rows=len(imprint), cols=2)
        for row, text in zip(table.rows, imprint):
            printed = re.match(r"^(.+?)\s+(\d{4}年\d{1,2}月\d{1,2}日印发)$", text)
            row.cells[0].text, row.cells[1].text = (printed.group(1), printed.group(2)) if printed else (text, "")
    document.save(str(path))
    return path


def write_markdown(path: Path, lines) -> Path:
    out = []
    for kind, text in lines:
        out.append(("# " if kind == "title" else "") + text)
    path.write_text("\n\n".join(out) + "\n", encoding="utf-8")
    return path


# ------------------------------------------------------------------ comparing


def f1(got: list, want: list) -> Optional[float]:
    if not got and not want:
        return None  # nothing to compare
    matched = sum((Counter(got) & Counter(want)).values())
    if matched == 0:
        return 0.0
    precision, recall = matched / len(got), matched / len(want)
    return 2 * precision * recall / (precision + recall)


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text).rstrip("。")


def fields_of_plan(plan) -> dict:
    from planforge.compose import goal_text

    tasks = [t for _, _, t in plan.tasks()]
    notice = {}
    if plan.notice:
        n = plan.notice
        notice = {"recipients": n.recipients, "date": (n.date.year, n.date.month, n.date.day) if n.date else None,
                  "note": n.note, "cc": tuple(n.cc or ()), "printed_by": n.printed_by, "body": tuple(map(_norm, n.body))}
    return {"year": plan.year, "sections": [_norm(s.title) for s in plan.sections],
            "task titles": [_norm(t.title) for t in tasks], "bodies": [_norm("".join(t.body)) for t in tasks],
            "departments": [tuple(t.departments) for t in tasks],
            "goals": [_norm(f"{g.name}。{goal_text(g)}" if g.name else goal_text(g)) for g in plan.goals.items] if plan.goals else [],
            "notice": notice}


def fields_of_doc(doc: Doc) -> dict:
    tasks = [t for s in doc.sections for t in s.tasks]
    notice = {}
    if doc.notice:
        notice = {"recipients": doc.notice["recipients"], "date": doc.notice["date"], "note": doc.notice["note"],
                  "cc": tuple(doc.notice.get("cc") or ()), "printed_by": doc.notice.get("printed_by"),
                  "body": tuple(map(_norm, doc.notice["body"]))}
    return {"year": doc.year, "sections": [_norm(s.title) for s in doc.sections], "task titles": [_norm(t.title) for t in tasks],
            "bodies": [_norm("".join(t.body)) for t in tasks], "departments": [tuple(t.departments) for t in tasks],
            "goals": [_norm(g) for g in doc.goals], "notice": notice}


def compare(got: Optional[dict], want: dict, check_notice: bool = True) -> dict[str, Optional[float]]:
    if got is None:  # the import failed
        return {k: 0.0 for k in FIELDS}
    out = {"year": 1.0 if got["year"] == want["year"] else 0.0}
    for key in ("sections", "task titles", "bodies", "departments", "goals"):
        out[key] = f1(got[key], want[key])
    if check_notice and want["notice"]:
        have = got["notice"] or {}
        out["notice"] = f1([(k, v) for k, v in have.items() if v], [(k, v) for k, v in want["notice"].items() if v])
    else:
        out["notice"] = None
    return out


# ------------------------------------------------------------------ running


@dataclass
class Case:
    name: str
    doc: Doc
    shape: str  # web | html | docx | docx-auto | md | pf-docx | pf-md | pf-notice | pdf
    style: Style
    plan_path: Optional[Path] = None  # for planforge's own shapes
    seed: int = 0


def import_fields(source: Path, folder: Path) -> Optional[dict]:
    """Import with the installed planforge (new or old package layout); the plan's fields, or None on failure."""
    try:
        from planforge.importing import ImportFailed, import_document
    except ImportError:  # the importer before issue 9
        from planforge.imports import ImportFailed, import_document
    from planforge.load import load_plan

    out = folder / "imported" / "plan.yaml"
    out.parent.mkdir(exist_ok=True)
    try:
        import_document(source, out, force=True)
        return fields_of_plan(load_plan(out).plan)
    except ImportFailed:
        return None
    except Exception as exc:  # noqa: BLE001 - a crash is a result too: count it, say what it was
        print(f"  crash on {source.name}: {type(exc).__name__}: {exc}"[:200], file=sys.stderr)
        return None


def run_case(case: Case, folder: Path) -> dict[str, Optional[float]]:
    from planforge.render import render_plan

    rng = random.Random(case.seed)
    folder.mkdir(parents=True, exist_ok=True)
    for old in [*folder.glob("*.*"), *folder.glob("imported/*")]:
        if old.is_file():
            old.unlink()
    if case.shape.startswith("pf-") or case.shape == "pdf":
        fmt = {"pf-docx": "docx", "pf-md": "md", "pf-notice": "notice", "pdf": "pdf"}[case.shape]
        render_plan(case.plan_path, folder / "build", [fmt])
        suffix = {"docx": ".docx", "md": ".md", "notice": "-notice.docx", "pdf": ".pdf"}[fmt]
        source = folder / "build" / f"{case.plan_path.stem}{suffix}"
        return compare(import_fields(source, folder), fields_of_doc(case.doc), check_notice=False)
    lines = damage(lines_of(case.doc, case.style), case.style, rng)
    source = folder / f"{case.doc.year}年{case.doc.kind}"  # a file name with the year, as people name them
    if case.shape == "web":
        source = write_text(source.with_suffix(".txt"), lines, rng)
    elif case.shape == "html":
        source = write_html(source.with_suffix(".html"), lines, case.doc)
    elif case.shape == "md":
        source = write_markdown(source.with_suffix(".md"), lines)
    else:
        source = write_docx(source.with_suffix(".docx"), lines, case.style, automatic=case.shape == "docx-auto")
    want = fields_of_doc(case.doc)
    if want["notice"] and case.style.date == "digits" and _ambiguous(*case.doc.notice["date"]):
        want["notice"]["date"] = None  # 2024113: 1月13日 or 11月3日 — nobody can tell, the importer says so
    if case.style.traditional:
        import opencc

        s2t, t2s = opencc.OpenCC("s2t"), opencc.OpenCC("t2s")
        want = _map_strings(want, lambda s: t2s.convert(s2t.convert(s)))
    return compare(import_fields(source, folder), want)


def _ambiguous(y: int, m: int, d: int) -> bool:
    import datetime

    digits = f"{m}{d}"
    readings = 0
    for k in (1, 2):
        if len(digits) - k in (1, 2):
            try:
                datetime.date(y, int(digits[:k]), int(digits[k:]))
                readings += 1
            except ValueError:
                pass
    return readings > 1


def _map_strings(value, fn):
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_map_strings(v, fn) for v in value)
    if isinstance(value, dict):
        return {k: _map_strings(v, fn) for k, v in value.items()}
    return value


PERTURBATIONS: dict[str, Callable[[Style], Style]] = {
    "none": lambda s: s,
    "debris": lambda s: replace(s, debris=("top", "bottom", "inside")),
    "wraps": lambda s: replace(s, wraps=True),
    "headers+pages": lambda s: replace(s, headers=True),
    "no title": lambda s: replace(s, title="removed"),
    "title split": lambda s: replace(s, title="split"),
    "title no year": lambda s: replace(s, title="no-year"),
    "traditional": lambda s: replace(s, traditional=True),
    "half-width+spaces": lambda s: replace(s, halfwidth=True),
    "numbering": lambda s: s,  # the style's number varies per case anyway; named for the table
    "notice title w/o 《》": lambda s: replace(s, quoted_notice_title=False),
    "goals numbered": lambda s: replace(s, goals_numbered=True),
    "imprint table": lambda s: replace(s, imprint_table=True),
    "web copy (all)": lambda s: replace(s, debris=("top", "bottom", "inside"), wraps=True, halfwidth=True),
    "pdf copy (all)": lambda s: replace(s, headers=True, wraps=True, title="split"),
    "everything": lambda s: replace(s, debris=("top", "bottom"), wraps=True, headers=True, traditional=True,
                                    halfwidth=True, quoted_notice_title=False, title="no-year"),
}
SHAPES = ("web", "html", "docx", "docx-auto", "md")


def known_docs(folder: Path, randoms: int, corpus: bool = True, seed: int = 9) -> list[tuple[str, Doc, Optional[Path]]]:
    """The example plans, the corpus after import, and ``randoms`` generated plans."""
    out = []
    for name in ("2024", "2025"):
        shutil.copy(ROOT / "plans" / f"{name}.yaml", folder / f"{name}.yaml")
    shutil.copy(ROOT / "plans" / "org.yaml", folder / "org.yaml")
    for name in ("2024", "2025"):
        out.append((f"example {name}", doc_from_plan(folder / f"{name}.yaml"), folder / f"{name}.yaml"))
    if corpus and CORPUS.is_dir():
        try:
            from planforge.importing import import_document
        except ImportError:  # the importer before issue 9 (for the "before" table)
            from planforge.imports import import_document

        for source in sorted(CORPUS.glob("*.txt")):
            sub = folder / f"corpus-{source.stem}"
            sub.mkdir()
            try:
                import_document(source, sub / f"{source.stem}-2024.yaml")  # 2024 when the text has no year
                out.append((f"corpus {source.stem}", doc_from_plan(sub / f"{source.stem}-2024.yaml"), sub / f"{source.stem}-2024.yaml"))
            except Exception as exc:  # noqa: BLE001 - a corpus file the importer cannot read is reported, not fatal
                print(f"corpus {source.name} not usable: {exc}"[:200], file=sys.stderr)
    rng = random.Random(seed)
    out += [(f"random {i}", random_doc(rng), None) for i in range(randoms)]
    return out


def cases_for(docs, count: int = 0, seed: int = 1, pdf: bool = False) -> list[Case]:
    """Every known plan × perturbation × shape (or ``count`` of them, spread evenly), plus planforge's
    own DOCX and Markdown (and PDF) of the plans that have a file."""
    rng = random.Random(seed)
    combos = [(d, p, s) for d in docs for p in PERTURBATIONS for s in SHAPES]
    if count:
        combos = combos[::max(1, len(combos) // count)][:count]
    cases = []
    for i, ((name, doc, path), perturbation, shape) in enumerate(combos):
        style = PERTURBATIONS[perturbation](Style(number=rng.choice(NUMBERS), label=rng.choice(LABELS),
                                                  date=rng.choice(["chinese", "iso", "hanzi", "digits"])))
        cases.append(Case(f"{name} / {shape} / {perturbation}", doc, shape, style, path, seed=i))
    for name, doc, path in docs:
        if path is not None:
            cases += [Case(f"{name} / {shape} / none", doc, shape, Style(), path) for shape in ("pf-docx", "pf-md")]
            if pdf:
                cases.append(Case(f"{name} / pdf / none", doc, "pdf", Style(), path))
    return cases


def table(results: list[tuple[Case, dict]], by: Callable[[Case], str]) -> str:
    groups: dict[str, list[dict]] = defaultdict(list)
    for case, scores in results:
        groups[by(case)].append(scores)
        groups["ALL"].append(scores)
    width = max(len(g) for g in groups) + 2
    lines = [f"{'':<{width}}{'cases':>6}" + "".join(f"{f:>13}" for f in FIELDS)]
    for group in sorted(groups, key=lambda g: (g == "ALL", g)):
        rows = groups[group]
        cells = []
        for f in FIELDS:
            values = [r[f] for r in rows if r[f] is not None]
            cells.append(f"{sum(values) / len(values):>13.3f}" if values else f"{'–':>13}")
        lines.append(f"{group:<{width}}{len(rows):>6}" + "".join(cells))
    return "\n".join(lines)


def show(case: Case, folder: Path) -> None:
    """What went wrong in one case: the imported and the expected values that differ."""
    scores = run_case(case, folder)
    print(f"== {case.name}: " + ", ".join(f"{k} {v:.2f}" for k, v in scores.items() if v is not None))
    source = next(p for p in folder.iterdir() if p.is_file())
    got, want = import_fields(source, folder), fields_of_doc(case.doc)
    for key in FIELDS[1:]:
        if got is None or got[key] == want[key]:
            continue
        extra = [v for v in got[key] if v not in want[key]] if isinstance(got[key], list) else [got[key]]
        missing = [v for v in want[key] if v not in got[key]] if isinstance(want[key], list) else [want[key]]
        print(f"  {key}: imported but not in the original {extra[:3]}\n  {' ' * len(key)}  original but not imported {missing[:3]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=0, help="how many perturbed cases (default: all combinations)")
    parser.add_argument("--randoms", type=int, default=8)
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument("--seed", type=int, default=9, help="for the generated plans and the perturbations: another seed, other cases")
    parser.add_argument("--worst", type=int, default=0, help="list the N worst cases")
    parser.add_argument("--show", metavar="NAME", help="for cases whose name contains NAME: the fields that differ")
    args = parser.parse_args()
    pdf = not args.no_pdf and (shutil.which("soffice") is not None)
    with tempfile.TemporaryDirectory(prefix="planforge-variation-") as tmp:
        folder = Path(tmp)
        docs = known_docs(folder, args.randoms, seed=args.seed)
        cases = cases_for(docs, args.cases, seed=args.seed, pdf=pdf)
        if args.show:
            for case in (c for c in cases if args.show in c.name):
                show(case, folder / "work")
            return
        results = []
        for n, case in enumerate(cases):
            results.append((case, run_case(case, folder / "work")))
        print(f"{len(results)} cases ({len(docs)} known plans)\n")
        print("by shape\n" + table(results, lambda c: c.shape) + "\n")
        print("by perturbation\n" + table(results, lambda c: c.name.rsplit(" / ", 1)[1]))
        if args.worst:
            ranked = sorted(results, key=lambda r: sum(v for v in r[1].values() if v is not None))
            print("\nworst cases")
            for case, scores in ranked[:args.worst]:
                print(f"  {case.name} [{case.style.number} {case.style.label} {case.style.date}]: "
                      + ", ".join(f"{k} {v:.2f}" for k, v in scores.items() if v is not None and v < 1))


if __name__ == "__main__":
    main()
