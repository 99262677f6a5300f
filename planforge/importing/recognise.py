"""``planforge import``: last year's plan, as Word or web text → a plan file.

Three stages.  *Clean*: drop web debris (site blurbs, "related articles",
page numbers glued into sentences), re-join hard-wrapped lines, normalise
punctuation to the full-width forms an official document uses.  *Segment*:
split text that runs on without line breaks at section headings and task
numbers.  *Recognise*: the issuing notice, title, preamble, goals, sections,
tasks (run-in title, body, responsibility note → departments), closing and
版记.  Everything dropped or guessed is reported with its line (or paragraph).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ..diagnostics import Diagnostic, Position
from ..lint import BAD_ELLIPSIS, CHINESE_SPACES, to_fullwidth
from ..load import DOC_NUMBER_LINE
from .readers import Piece

CN_NUM = "一二三四五六七八九十百"
HAN = "\u3400-\u4dbf\u4e00-\u9fff"
SECTION = re.compile(rf"^([{CN_NUM}]{{1,4}})、\s*(.*)$")
TASK = re.compile(r"^(\d{1,3}|[xX]{1,3})\s*[.．、]\s*(.+)$|^[（(](\d{1,2})[）)]\s*(.+)$|^([①-⑳])\s*(.+)$")
GOAL_ITEM = re.compile(rf"^（([{CN_NUM}]{{1,3}})）\s*(.+)$")
DATE_LINE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
CC_LINE = re.compile(r"^抄\s*送\s*[:：]\s*(.+?)。?$")
PRINTED = re.compile(r"^(.+?)\s*(\d{4}年\d{1,2}月\d{1,2}日)\s*印\s*发$")
KIND = re.compile(r"(工作要点|工作计划|工作思路|工作安排|要点|计划)$")
NOTE = re.compile(r"[（(]\s*(责任科室|责任单位|责任处室|牵头科室|牵头单位)\s*[:：](.+?)[）)]\s*$"
                  r"|(?<=[。；])\s*(责任科室|责任单位|责任处室|牵头科室|牵头单位)\s*[:：]([^。]+?)。?$")
DEADLINE = re.compile(r"[；;，,]?\s*(?:完成时限|完成时间|时限)\s*[:：]\s*([^；;）)]+)")
TRAILING_DEADLINE = re.compile(r"[（(]\s*(?:完成时限|完成时间|时限)\s*[:：]\s*([^）)]+)[）)]\s*$")
LEAD_REMARK = re.compile(r"[。，]?\s*排名第一的为牵头(?:科室|单位|处室)[，,]?\s*下同[。.]?")
PREAMBLE_LABELS = ("总体要求", "指导思想", "工作思路", "总体思路", "基本思路")
GOAL_LABELS = ("总体目标", "主要目标", "工作目标", "目标任务")
ORG_SUFFIX = re.compile(r"(局|委员会|工委|厅|政府|委|办公室|办|院|中心|部)$")
JUNK = re.compile(r"小编|文库|整理|下载|相关(?:文章|推荐|阅读)|猜你|推荐阅读|上一篇|下一篇|版权所有|Copyright|免责声明|扫一扫|分享到|点击|阅读全文|来源[:：]")
PAGE_NUMBER = re.compile(r"-\s*\d{1,3}\s*-|^[—-]\s*\d{1,3}\s*[—-]$")
SENTENCE_END = "。！？；：”）》…"
CLOSING_START = re.compile(r"^(各[\u4e00-\u9fff]{1,3}要|各地|各单位|各级|全市|全区|全县|全系统|我们|让我们|全体)")


@dataclass
class Imported:
    """What the importer made of a document: plain data for the YAML writer, plus its report."""

    plan: dict
    org: dict  # issuer, departments (in order of first use), responsibility label and remark, notice defaults
    warnings: list[Diagnostic] = field(default_factory=list)
    stats: dict = field(default_factory=dict)


class Importer:
    def __init__(self, pieces: list[Piece], name: str, unit: str):
        self.pieces = pieces
        self.name = name
        self.unit = unit
        self.warnings: list[Diagnostic] = []
        self.normalised = 0

    def warn(self, code: str, message: str, where: int) -> None:
        self.warnings.append(Diagnostic(code, f"{message}（第 {where} {self.unit}）", Position(self.name, where), "warning"))

    # ------------------------------------------------------------------ clean

    def clean(self) -> list[Piece]:
        out: list[Piece] = []
        for piece in self.pieces:
            if piece.kind == "row":
                cells = tuple(self.normalise(c.replace("\n", " ").strip()) for c in piece.cells)
                if any(cells):
                    out.append(Piece("", piece.where, "row", cells))
                continue
            text = piece.text.strip().strip("\u3000").strip()
            if not text:
                continue
            if PAGE_NUMBER.search(text):
                stripped = PAGE_NUMBER.sub("", text).strip()
                self.warn("PF402", f"删去了页码“{PAGE_NUMBER.search(text).group().strip()}”", piece.where)
                if not stripped:
                    continue
                text = stripped
            if JUNK.search(text) and not re.match(rf"^([{CN_NUM}]+、|\d+[.．、])", text):
                self.warn("PF401", f"删去了网页上的无关文字“{text[:20]}…”", piece.where)
                continue
            out.append(Piece(self.normalise(text), piece.where, piece.kind))
        while out and out[-1].kind != "row" and out[-1].text.endswith("……"):
            # excerpts of other pages after the document ("related articles") end in an ellipsis
            dropped = out.pop()
            self.warn("PF401", f"删去了网页上的无关文字“{dropped.text[:20]}…”", dropped.where)
        return self.join_wrapped(out)

    def normalise(self, text: str) -> str:
        """Full-width punctuation, proper quotes and ellipses, no stray spaces; counts what changed."""
        before = text
        text = text.replace("‚", "“").replace("‛", "”").replace("„", "“")
        text = re.sub(r'"([^"]*)"', lambda m: f"“{m.group(1)}”" if re.search(f"[{HAN}]", m.group(1)) else m.group(), text)
        text = BAD_ELLIPSIS.sub("……", text)
        text = re.sub(rf"(?<=[{HAN}“”‘’])-{{2,}}(?=[{HAN}“”‘’])", "——", text)
        text, _ = to_fullwidth(text)
        text = CHINESE_SPACES.sub("", text)
        self.normalised += sum(a != b for a, b in zip(before, text)) + abs(len(before) - len(text))
        return text

    def join_wrapped(self, pieces: list[Piece]) -> list[Piece]:
        """Re-join prose that was broken into lines (web copy, PDF): a long line that does
        not end a sentence continues on the next one, unless that starts a new item."""
        out: list[Piece] = []
        for piece in pieces:
            prev = out[-1] if out else None
            if piece.kind == "cont" and prev and not self.title_continues(prev.text, piece.text):
                out[-1] = Piece(prev.text + piece.text, prev.where, prev.kind)  # a line break inside a Word paragraph
            elif (prev and prev.kind == "text" and piece.kind in ("text", "cont") and len(prev.text) >= 20
                    and prev.text[-1] not in SENTENCE_END and not self.starts_item(piece.text)):
                out[-1] = Piece(prev.text + piece.text, prev.where, prev.kind)
            elif piece.kind == "cont":
                out.append(Piece(piece.text, piece.where, "text"))
            else:
                out.append(piece)
        return out

    @staticmethod
    def starts_item(text: str) -> bool:
        return bool(SECTION.match(text) or TASK.match(text) or GOAL_ITEM.match(text))

    # ------------------------------------------------------------------ segment

    def segment(self, pieces: list[Piece]) -> list[Piece]:
        """Split run-on text at section headings and task numbers that follow a sentence end."""
        out: list[Piece] = []
        marker = re.compile(rf"(?<=[。；！？])\s*(?=[{CN_NUM}]{{1,3}}、|(?:\d{{1,3}}|[xX]{{1,3}})[.．、](?=[{HAN}“])|[（(]\d{{1,2}}[）)])")
        for piece in pieces:
            if piece.kind == "row":
                out.append(piece)
                continue
            parts = [p for p in marker.split(piece.text) if p.strip()]
            for part in parts:
                out += [Piece(p, piece.where, piece.kind) for p in self.split_heading_run_in(part)]
        return out

    @staticmethod
    def split_heading_run_in(text: str) -> list[str]:
        """``一、加强党的建设1加强党的政治建设。…`` → the heading, then task 1."""
        m = re.match(rf"^([{CN_NUM}]{{1,3}}、[^。\d]{{2,40}}?)(?<=[{HAN}”])(1|[xX]{{1,2}})[.．、]?(?=[{HAN}“])(.*)$", text)
        return [m.group(1), f"{m.group(2)}.{m.group(3)}"] if m else [text]

    # ------------------------------------------------------------------ recognise

    def run(self) -> Imported:
        pieces = self.segment(self.clean())
        pieces = self.join_titles(pieces)
        plan: dict = {}
        org: dict = {"departments": [], "lead_remark": False, "label": None}
        notice: dict = {}
        title_at = self.find_title(pieces)
        if title_at is None:
            raise UnrecognisedDocument("没有找到标题（含“工作要点”“工作计划”等字样和年份的一行），无法确定计划从哪里开始。")
        self.read_notice(pieces[:title_at], notice)
        title = pieces[title_at].text
        rest = self.read_imprint(pieces[title_at + 1:], notice)
        self.read_title(title, plan)
        body = self.read_front(rest, plan)
        self.read_sections(body, plan, org)
        issuers = plan.pop("_issuers") or notice.pop("_issuers", [])
        notice.pop("_issuers", None)
        org["issuer"] = issuers
        if notice:
            plan["notice"] = notice
        return Imported(plan, org, self.warnings, {"normalised": self.normalised})

    def join_titles(self, pieces: list[Piece]) -> list[Piece]:
        """A title broken over lines (Word line break, web copy) is one title again."""
        out: list[Piece] = []
        for piece in pieces:
            prev = out[-1] if out else None
            if prev and prev.kind != "row" and piece.kind != "row" and self.title_continues(prev.text, piece.text):
                joint = ORG_SUFFIX.search(prev.text) and re.match(rf"^[{HAN}]+?{ORG_SUFFIX.pattern[:-1]}", piece.text)
                out[-1] = Piece(prev.text + (" " if joint else "") + piece.text, prev.where, prev.kind)
            else:
                out.append(piece)
        return out

    @staticmethod
    def title_continues(first: str, second: str) -> bool:
        if first.count("《") > first.count("》"):
            return True  # 关于印发《…  / …》的通知
        return (len(first) <= 30 and first[-1] not in SENTENCE_END + "，、" and not Importer.starts_item(first)
                and not first.startswith("附件")
                and bool(KIND.search(second)) and len(first + second) <= 60 and not DATE_LINE.match(second)
                and not Importer.starts_item(second))

    def find_title(self, pieces: list[Piece]) -> Optional[int]:
        for i, piece in enumerate(pieces):
            text = piece.text
            if piece.kind == "row" or text.startswith(("关于", "附件")) or "印发给" in text:
                continue
            if piece.kind == "title" or (len(text) <= 60 and KIND.search(text) and not self.starts_item(text)):
                return i
            if len(text) > 60 and re.search(r"(工作要点|工作计划)", text[:40]):
                # a title running into the preamble: 市教育局工作要点范例xxxx年教育工作的总体要求是……
                m = re.search(r"(工作要点|工作计划)[^，。]{0,6}?(?=(\d{4}|[xX]{4})年)", text)
                if m:
                    pieces[i:i + 1] = [Piece(text[:m.end()], piece.where), Piece(text[m.end():], piece.where)]
                    return i
        return None

    def read_notice(self, pieces: list[Piece], notice: dict) -> None:
        """The issuing notice before the plan; anything unrecognised there is web debris."""
        signature: list[str] = []
        body: list[str] = []
        for piece in pieces:
            text = piece.text
            in_body = ("recipients" in notice or "title" in notice or body) and "date" not in notice
            if piece.kind == "row" or (text.endswith("文件") and len(text) <= 30 and not in_body):
                continue  # the red issuing-body mark
            if DOC_NUMBER_LINE.match(text):
                notice["doc_number"] = text
            elif text.startswith("关于印发") and text.endswith("通知"):
                notice["title"] = text
            elif text.endswith("：") and "recipients" not in notice and not body and len(text) < 200:
                notice["recipients"] = text.rstrip("：")
            elif DATE_LINE.match(text):
                notice["date"] = text
            elif re.fullmatch(r"（.{2,20}）", text) and "date" in notice:
                notice["note"] = text.strip("（）")
            elif text.startswith("附件"):
                notice["attachment"] = True  # 附件说明: the plan follows as the attachment
            elif in_body and body and ORG_SUFFIX.search(text) and len(text) <= 30:
                signature.append(text)
            elif in_body or "印发给" in text:
                body.append(text)
            else:
                self.warn("PF401", f"标题之前的“{text[:20]}…”不是通知的一部分，已删去", piece.where)
        if body:
            notice["body"] = body
        if signature:
            notice["_issuers"] = signature

    def read_imprint(self, pieces: list[Piece], notice: dict) -> list[Piece]:
        """版记 lines (抄送, 印发) anywhere after the title belong to the notice."""
        kept = []
        for piece in pieces:
            cc, printed = CC_LINE.match(piece.text), PRINTED.match(piece.text)
            if cc:
                notice["cc"] = [c for c in re.split(r"[，,、]", cc.group(1)) if c]
            elif printed:
                notice["printed_by"] = printed.group(1).strip()
                notice["printed_date"] = printed.group(2)
            elif piece.text == "附件" and not kept:
                notice["attachment"] = True
            else:
                kept.append(piece)
        return kept

    def read_title(self, title: str, plan: dict) -> None:
        m = re.match(r"^(?P<issuers>.*?)(?P<year>\d{4}|[xX]{4})年(?:度)?(?P<kind>.*)$", title)
        kind = re.search(KIND.pattern.rstrip("$"), title)
        plan["kind"] = kind.group(1) if kind else "工作要点"
        if m and m.group("year").isdigit():
            plan["year"] = int(m.group("year"))
            issuers = [s for s in m.group("issuers").split() if s]
        else:
            issuers = [title[:kind.start()]] if kind and kind.start() > 0 else []
        plan["_issuers"] = issuers
        plan["_title"] = title

    def read_front(self, pieces: list[Piece], plan: dict) -> list[Piece]:
        """Preamble and goals: everything before the first section heading."""
        first_section = next((i for i, p in enumerate(pieces) if p.kind == "heading" or SECTION.match(p.text)), len(pieces))
        front, rest = pieces[:first_section], pieces[first_section:]
        preamble, goals, rows = [], [], []
        intro = None
        for piece in front:
            if piece.kind == "row":
                rows.append(piece.cells)
            elif GOAL_ITEM.match(piece.text):
                if not goals and preamble and preamble[-1].endswith("："):
                    intro = preamble.pop()  # 主要目标是：
                goals.append(GOAL_ITEM.match(piece.text).group(2))
            else:
                if goals:
                    self.warn("PF403", f"总体目标之后的“{piece.text[:20]}…”放入了总体要求", piece.where)
                preamble.append(piece.text)
        if preamble:
            plan["preamble"] = preamble
        if goals:
            plan["goals"] = self.goals(goals, rows, intro)
        return rest

    def goals(self, items: list[str], rows: list[tuple[str, ...]], intro: Optional[str]) -> dict:
        from ..compose import goal_text
        from ..model import Goal, Metric

        metrics = []
        for cells in rows:
            cells = [c for c in cells if c]
            if len(cells) >= 2 and re.match(r"^[≥≤><]?\s*\d", cells[-1]):
                m = re.match(r"^([≥≤><]?)\s*([\d.]+)\s*(.*)$", cells[-1])
                compare = {"≥": ">=", "≤": "<=", ">": ">", "<": "<", "": "="}[m.group(1)]
                metrics.append({"name": cells[-2], "target": float(m.group(2)), "unit": m.group(3), "compare": compare})
        out_items = []
        for item in items:
            name, _, text = item.partition("。")
            if not text:
                name, text = "", item
            mine = [mt for mt in metrics if mt["name"] in text]
            entry = {"name": name} if name else {}
            if mine:
                entry["metrics"] = mine
                generated = goal_text(Goal(name=name or None, metrics=[Metric(**mt) for mt in mine]))
                if text != generated:
                    entry["text"] = text
            else:
                entry["text"] = text
            out_items.append(entry)
        unplaced = [mt for mt in metrics if not any(mt in e.get("metrics", []) for e in out_items)]
        if unplaced and out_items:
            out_items[0].setdefault("metrics", []).extend(unplaced)
        goals = {"items": out_items}
        if intro:
            goals["intro"] = intro
        if rows:
            goals["table"] = True
        return goals

    def read_sections(self, pieces: list[Piece], plan: dict, org: dict) -> None:
        sections: list[dict] = []
        last_number = 0
        restarts = continues = 0
        for i, piece in enumerate(pieces):
            text = piece.text
            if piece.kind != "row" and GOAL_ITEM.match(text) and self.heads_tasks(pieces, i):
                self.warn("PF407", f"三级标题压成两级：“{text[:20]}”作为一个部分（计划中只有“一、”和任务两层）", piece.where)
                piece = Piece(f"一、{GOAL_ITEM.match(text).group(2)}", piece.where)
                text = piece.text
            section = SECTION.match(text) if piece.kind != "row" else None
            task = TASK.match(text) if piece.kind != "row" else None
            if section or piece.kind == "heading":
                title = (section.group(2) if section else text).rstrip("。")
                sections.append({"title": title, "paragraphs": [], "tasks": []})
            elif not sections:
                self.warn("PF403", f"第一个部分之前的“{text[:20]}…”无法归类，已放入总体要求", piece.where)
                plan.setdefault("preamble", []).append(text)
            elif task:
                raw_number = task.group(1) or task.group(3) or (str(ord(task.group(5)) - 0x245F) if task.group(5) else None)
                content = task.group(2) or task.group(4) or task.group(6)
                if raw_number.isdigit():
                    number = int(raw_number)
                    if not sections[-1]["tasks"] and len(sections) > 1 and number == 1 and last_number:
                        restarts += 1
                    elif not sections[-1]["tasks"] and len(sections) > 1 and number == last_number + 1:
                        continues += 1
                    elif sections[-1]["tasks"] and number != last_number + 1:
                        self.warn("PF404", f"任务序号不连续：“{raw_number}”前一项是 {last_number}", piece.where)
                    last_number = number
                else:
                    self.warn("PF405", f"任务序号是占位符“{raw_number}”，按顺序编号", piece.where)
                    last_number += 1
                sections[-1]["tasks"].append(self.task(content, org))
            elif piece.kind == "row":
                sections[-1].setdefault("_rows", []).append((piece.cells, piece.where))
                self.add_paragraph(sections[-1], "　".join(c for c in piece.cells if c))
            else:
                if GOAL_ITEM.match(text):
                    sections[-1].setdefault("_goal_items", []).append(piece.where)
                self.add_paragraph(sections[-1], text)
        closing = self.take_closing(sections)
        self.fold_preamble_section(sections, plan)
        self.fold_goals_section(sections, plan)
        plan["numbering"] = "per-section" if restarts > continues else "continuous"
        for section in sections:
            section["tasks"] = [{"title": t["title"], "body": [b for b in t["body"] if b], "departments": t["departments"],
                                 "deadline": t.get("deadline")} for t in section["tasks"]]
        plan["sections"] = [{k: v for k, v in s.items() if not k.startswith("_") and (v or k == "title")} for s in sections]
        if closing:
            plan["closing"] = closing

    @staticmethod
    def heads_tasks(pieces: list[Piece], i: int) -> bool:
        """Is the （一） line at ``i`` a sub-heading, i.e. are the next lines tasks?"""
        following = next((p for p in pieces[i + 1:] if p.kind != "row"), None)
        return following is not None and bool(TASK.match(following.text))

    def add_paragraph(self, section: dict, text: str) -> None:
        if section["tasks"]:
            task = section["tasks"][-1]
            note = self.note(text, task)
            task["body"].append(note)
        else:
            section["paragraphs"].append(text)

    def task(self, content: str, org: dict) -> dict:
        m = re.match(r"^(.+?[。？！])(.*)$", content)
        title, body = (m.group(1), m.group(2)) if m else (content, "")
        task = {"title": title.rstrip("。"), "body": [], "departments": [], "_org": org}
        task["body"].append(self.note(body, task))
        return task

    def note(self, text: str, task: dict) -> str:
        """Take the responsibility note (and a deadline) off the end of a task paragraph."""
        deadline = TRAILING_DEADLINE.search(text)
        if deadline:
            task["deadline"] = deadline.group(1).strip()
            text = text[:deadline.start()].rstrip()
        m = NOTE.search(text)
        if not m:
            return text
        org = task["_org"]
        label, names = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        inner_deadline = DEADLINE.search(names)
        if inner_deadline:
            task["deadline"] = inner_deadline.group(1).strip().rstrip("。")
            names = names[:inner_deadline.start()]
        if LEAD_REMARK.search(names):
            org["lead_remark"] = True
            names = LEAD_REMARK.sub("", names)
        names = re.sub(r"[；;]\s*配合(?:科室|单位|处室)\s*[:：]", "、", names).rstrip("。")
        org["label"] = org["label"] or ("责任科室" if label.startswith("牵头科室") else "责任单位" if label.startswith("牵头") else label)
        departments = [n.strip() for n in re.split(r"[、，,；;](?![^〈]*〉)", names) if n.strip()]
        task["departments"] = departments
        task["_noted_at"] = len(task["body"])  # the paragraph this text becomes
        for name in departments:
            if name not in org["departments"]:
                org["departments"].append(name)
        return text[:m.start()].rstrip()

    def take_closing(self, sections: list[dict]) -> list[str]:
        """Paragraphs after the last task that close the plan rather than continue the task."""
        if not sections or not sections[-1]["tasks"]:
            return []
        task = sections[-1]["tasks"][-1]
        if "_noted_at" in task:  # the note ends the task: what follows closes the plan
            closing, task["body"] = task["body"][task["_noted_at"] + 1:], task["body"][:task["_noted_at"] + 1]
            return closing
        closing = []
        while len(task["body"]) > 1 and CLOSING_START.match(task["body"][-1]):
            closing.insert(0, task["body"].pop())
        return closing

    def fold_goals_section(self, sections: list[dict], plan: dict) -> None:
        """``二、工作目标`` made of （一） items (and a metrics table) is the plan's labelled goals;
        （一） items and tables anywhere else come in as paragraphs, with a warning."""
        for section in list(sections):
            items = [p for p in section["paragraphs"] if GOAL_ITEM.match(p)]
            rows = [cells for cells, _ in section.get("_rows", [])]
            if (not section["tasks"] and items and "goals" not in plan
                    and (section["title"] in GOAL_LABELS or len(items) == len(section["paragraphs"]) - len(rows))):
                texts = [p for p in section["paragraphs"] if not GOAL_ITEM.match(p) and p not in ["　".join(c for c in r if c) for r in rows]]
                intro = texts[0] if texts and texts[0].endswith("：") else None
                plan["goals"] = {"label": section["title"], **self.goals([GOAL_ITEM.match(p).group(2) for p in items], rows, intro)}
                sections.remove(section)
                continue
            for where in section.get("_goal_items", []):
                self.warn("PF407", "二级标题“（一）”按段落导入（计划中只有“一、”和任务两层）", where)
            for _, where in section.get("_rows", []):
                self.warn("PF406", "表格内容按文字导入，请核对", where)

    def fold_preamble_section(self, sections: list[dict], plan: dict) -> None:
        """``一、总体要求`` with paragraphs and no tasks is the plan's labelled preamble."""
        if sections and not sections[0]["tasks"] and sections[0]["title"] in PREAMBLE_LABELS and "preamble" not in plan:
            first = sections.pop(0)
            plan["preamble"] = {"label": first["title"], "text": first["paragraphs"]}


class UnrecognisedDocument(Exception):
    """The document cannot be imported; the message is for the user."""
