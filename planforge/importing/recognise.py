"""Recognising: the cleaned lines of a document → the plan's parts.

The issuing notice (title, 发文字号, recipients, body, signature, date, 附注),
the plan's title (issuers, year, 文种 — or, when there is none, inferred from the
text and the file name), preamble, goals, sections, tasks (run-in title, body,
responsibility note → departments), closing and 版记.  Every line gets a label
and the reason for it (``planforge import --explain``); everything dropped or
guessed is reported with its line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ..diagnostics import Diagnostic
from . import dates
from .clean import Cleaner, title_continues
from .patterns import (ATTACHMENT, CC_LINE, CLOSING_START, DEADLINE, DEPARTMENT_SPLIT, DOC_NUMBER, FIRST_SENTENCE,
                       GOAL_LABELS, GOALS_HEADING, ISSUING_BODY, KIND, KIND_ANYWHERE, KINDS, LEAD_REMARK, NOTE,
                       NOTICE_TITLE, NOTICE_TITLE_START, PREAMBLE_LABELS, PRINTED, PRINTED_DATE, PUBLIC_NOTE,
                       RECIPIENTS, RED_HEADER, SEAL_PLACEHOLDER, SECTION, SENDS, SUB_HEADING, SUPPORT, TASK,
                       TITLE_RUNS_INTO_TEXT, TITLE_YEAR, TRAILING_DEADLINE, YEAR)
from .readers import Piece, Source
from .trace import Trace

GOAL_ITEM = SUB_HEADING


@dataclass
class Imported:
    """What the importer made of a document: plain data for the YAML writer, plus its report."""

    plan: dict
    org: dict  # issuer, departments (in order of first use), responsibility label and remark
    warnings: list[Diagnostic] = field(default_factory=list)
    stats: dict = field(default_factory=dict)


class UnrecognisedDocument(Exception):
    """The document cannot be imported; the message is for the user."""


class Importer:
    def __init__(self, source: Source, trace: Trace, title: Optional[str] = None, kind: Optional[str] = None):
        self.source = source
        self.trace = trace
        self.given_title = title
        self.given_kind = kind

    def warn(self, code: str, message: str, where: int | None = None) -> None:
        self.trace.warn(code, message, where)

    def label(self, piece: Piece, label: str, why: str) -> None:
        text = piece.text or " | ".join(piece.cells)
        self.trace.label(piece.where, text, label, why)

    def run(self) -> Imported:
        cleaner = Cleaner(self.trace)
        pieces = self.join_titles(cleaner.run(self.source.pieces))
        plan: dict = {}
        org: dict = {"departments": [], "lead_remark": False, "label": None}
        notice: dict = {}
        title_at = None if self.given_title else self.find_title(pieces)
        if title_at is None:
            start = self.plan_start(pieces)
            self.read_notice(pieces[:start], notice)
            rest = self.read_imprint(pieces[start:], notice)
            self.infer_title(pieces, plan)
        else:
            self.read_notice(pieces[:title_at], notice)
            self.label(pieces[title_at], "标题", "含文种（工作要点、工作计划等）的短行" if pieces[title_at].kind != "title" else "标题样式")
            rest = self.read_imprint(pieces[title_at + 1:], notice)
            self.read_title(pieces[title_at].text, plan)
        if self.given_kind:
            plan["kind"] = self.given_kind
        if "year" not in plan:
            self.infer_year(rest or pieces, plan)
        body = self.read_front(rest, plan)
        self.read_sections(body, plan, org)
        issuers = plan.pop("_issuers") or notice.pop("_issuers", [])
        notice.pop("_issuers", None)
        org["issuer"] = issuers
        if notice:
            plan["notice"] = notice
        if cleaner.simplified:
            self.warn("PF410", f"原文是繁体字，已转为简体（{cleaner.simplified} 个字），请核对")
        self.trace.steps.sort(key=lambda s: s.where)
        return Imported(plan, org, self.trace.warnings,
                        {"normalised": cleaner.normalised, "simplified": cleaner.simplified, "notes": self.source.notes})

    def join_titles(self, pieces: list[Piece]) -> list[Piece]:
        """A title broken over lines (Word line break, web copy) is one title again."""
        out: list[Piece] = []
        for piece in pieces:
            prev = out[-1] if out else None
            if prev and prev.kind != "row" and piece.kind != "row" and (
                    title_continues(prev.text, piece.text) or self.notice_title_continues(prev.text, piece.text)):
                joint = ISSUING_BODY.search(prev.text) and ISSUING_BODY.search(prev.text).start() > 0 and not prev.text.startswith("关于") \
                    and re.match(r"^[\u4e00-\u9fff]+?(局|委员会|工委|厅|政府|委|办公室|办|院|中心|部)", piece.text) \
                    and "年" not in prev.text
                out[-1] = Piece(prev.text + (" " if joint else "") + piece.text, prev.where, prev.kind)
            else:
                out.append(piece)
        return out

    @staticmethod
    def notice_title_continues(first: str, second: str) -> bool:
        """关于印发2024年工作要点 / 的通知 — a notice title without 《》 broken over lines."""
        return (bool(NOTICE_TITLE_START.match(first)) and not first.endswith("通知") and len(first) <= 60
                and bool(re.match(r"^.{0,40}的通知$", second)))

    def find_title(self, pieces: list[Piece]) -> Optional[int]:
        for i, piece in enumerate(pieces):
            text = piece.text
            if piece.kind == "row" or NOTICE_TITLE_START.match(text) or text.startswith("附件") or SENDS.search(text):
                continue
            if ATTACHMENT.match(text) or NOTICE_TITLE.match(text):
                continue
            if piece.kind == "title" or (len(text) <= 60 and KIND.search(text) and not SECTION.match(text)
                                         and not TASK.match(text) and not GOAL_ITEM.match(text)):
                return i
            if len(text) > 60 and re.search(r"(工作要点|工作计划)", text[:40]):
                # a title running into the preamble: 市教育局工作要点范例xxxx年教育工作的总体要求是……
                m = TITLE_RUNS_INTO_TEXT.search(text)
                if m:
                    pieces[i:i + 1] = [Piece(text[:m.end()], piece.where), Piece(text[m.end():], piece.where)]
                    return i
            if SECTION.match(text) or TASK.match(text):
                return None  # the plan has begun: there is no title line
        return None

    def plan_start(self, pieces: list[Piece]) -> int:
        """Without a title: the plan begins after the notice (if any), else at the first line."""
        if not any(p.kind != "row" and (SECTION.match(p.text) or TASK.match(p.text)) for p in pieces):
            raise UnrecognisedDocument("没有找到计划的内容：既没有标题（含“工作要点”“工作计划”等字样的一行），"
                                       "也没有“一、”这样的部分或编号的任务。请确认文件是工作计划，或用 --title 指定标题。")
        first_item = next(i for i, p in enumerate(pieces) if p.kind != "row" and (SECTION.match(p.text) or TASK.match(p.text)))
        if not any(NOTICE_TITLE.match(p.text) or SENDS.search(p.text) for p in pieces[:first_item]):
            return 0
        ends = [i for i, p in enumerate(pieces[:first_item])
                if dates.parse(p.text) or PUBLIC_NOTE.match(p.text) or ATTACHMENT.match(p.text)]
        return ends[-1] + 1 if ends else 0

    def infer_title(self, pieces: list[Piece], plan: dict) -> None:
        """No title line: take --title, the web page's title, or build one from the year and 文种 found in the text."""
        title = self.given_title or self.source.title_hint
        if title and (KIND_ANYWHERE.search(title) or self.given_title):
            title = re.sub(r"[-_|｜—–].*$", "", title).strip() if not self.given_title else title
            self.read_title(title, plan)
            if not self.given_title:
                self.warn("PF409", f"正文中没有标题行，按网页标题定为《{title}》，请核对")
            return
        text = " ".join(p.text for p in pieces[:12])
        kind = KIND_ANYWHERE.search(text)
        plan["kind"] = self.given_kind or (kind.group() if kind else "工作要点")
        plan["_issuers"] = []
        plan["_title"] = None
        self.warn("PF409", f"没有找到标题行，文种定为“{plan['kind']}”；请核对，或用 --title、--kind 指定")

    def infer_year(self, pieces: list[Piece], plan: dict) -> None:
        """The first year the text names (2019年是…, 2024年，全市…); the file name is the pipeline's fallback."""
        for piece in pieces[:12]:
            year = YEAR.search(piece.text)
            if year:
                plan["year"] = int(year.group(1))
                self.warn("PF408", f"标题中没有年份，按正文定为 {plan['year']} 年，请核对（或用 --year 指定）", piece.where)
                return

    def read_notice(self, pieces: list[Piece], notice: dict) -> None:
        """The issuing notice before the plan; anything unrecognised there is web debris."""
        signature: list[str] = []
        body: list[str] = []
        for piece in pieces:
            text = piece.text
            in_body = ("recipients" in notice or "title" in notice or body) and "date" not in notice
            if piece.kind == "row":
                if not self.imprint_row(piece, notice):
                    self.label(piece, "忽略", "通知中的表格")
                continue
            glued = re.match(r"^(.*?关于.+?的通知)(.{2,200}[：:])$", text)
            if glued and "title" not in notice and "recipients" not in notice:  # web copy: title and recipients on one line
                notice["title"], notice["recipients"] = glued.group(1), glued.group(2).rstrip("：:")
                self.label(piece, "通知标题+主送机关", "“…的通知”后紧接以冒号结尾的主送机关")
            elif RED_HEADER.match(text) and not in_body:
                self.label(piece, "发文机关标志", "以“文件”结尾的短行")
            elif DOC_NUMBER.match(text):
                notice["doc_number"] = text
                self.label(piece, "发文字号", "机关代字〔年份〕序号")
            elif NOTICE_TITLE.match(text) and "title" not in notice and not body:
                notice["title"] = text
                self.label(piece, "通知标题", "“关于…的通知”")
            elif RECIPIENTS.match(text) and "recipients" not in notice and not body and not SENDS.search(text):
                notice["recipients"] = text.rstrip("：:")
                self.label(piece, "主送机关", "通知正文前以冒号结尾的一行")
            elif PUBLIC_NOTE.match(text):
                notice["note"] = text.strip("（）()")
                self.label(piece, "附注", "括号中的公开方式或联系人")
            elif dates.parse(text) and "date" not in notice:
                notice["date"] = dates.chinese(dates.parse(text))
                self.label(piece, "成文日期", "整行是日期")
            elif SEAL_PLACEHOLDER.match(text):
                self.label(piece, "忽略", "印章位置")
            elif ATTACHMENT.match(text):
                notice["attachment"] = True  # 附件说明: the plan follows as the attachment
                self.label(piece, "附件说明", "以“附件”开头")
            elif in_body and body and ISSUING_BODY.search(text) and len(text) <= 30:
                signature.append(text)
                self.label(piece, "发文机关署名", "正文之后以机关名称结尾的短行")
            elif in_body or SENDS.search(text):
                body.append(text)
                self.label(piece, "通知正文", "主送机关或通知标题之后" if in_body else "“印发给你们”等通知用语")
            else:
                self.warn("PF401", f"标题之前的“{text[:20]}…”不是通知的一部分，已删去", piece.where)
                self.label(piece, "删去", "标题之前、不是通知的任何部分")
        if body:
            notice["body"] = body
        if signature:
            notice["_issuers"] = signature

    def imprint_row(self, piece: Piece, notice: dict) -> bool:
        """A 版记 laid out as a table: 抄送 in one row, 印发机关 and 印发日期 in the cells of another."""
        cells = [c for c in piece.cells if c]
        joined = " ".join(cells)
        cc, printed = CC_LINE.match(joined), PRINTED.match(joined)
        if cc:
            notice["cc"] = [c for c in re.split(r"[，,、]", cc.group(1)) if c]
            self.label(piece, "版记·抄送", "表格中以“抄送：”开头的行")
            return True
        if printed:
            notice["printed_by"], notice["printed_date"] = printed.group(1).strip(), printed.group(2)
            self.label(piece, "版记·印发", "表格中“…机关 …日期印发”的行")
            return True
        if len(cells) == 2 and PRINTED_DATE.match(cells[1]):
            notice["printed_by"], notice["printed_date"] = cells[0], PRINTED_DATE.match(cells[1]).group(1)
            self.label(piece, "版记·印发", "表格中“…机关 | …日期印发”的行")
            return True
        return False

    def read_imprint(self, pieces: list[Piece], notice: dict) -> list[Piece]:
        """版记 lines (抄送, 印发) anywhere after the title belong to the notice."""
        kept = []
        for piece in pieces:
            if piece.kind == "row":
                if not self.imprint_row(piece, notice):
                    kept.append(piece)
                continue
            cc, printed = CC_LINE.match(piece.text), PRINTED.match(piece.text)
            if cc:
                notice["cc"] = [c for c in re.split(r"[，,、]", cc.group(1)) if c]
                self.label(piece, "版记·抄送", "以“抄送：”开头")
            elif printed:
                notice["printed_by"] = printed.group(1).strip()
                notice["printed_date"] = printed.group(2)
                self.label(piece, "版记·印发", "“…机关 …日期印发”")
            elif piece.text == "附件" and not kept:
                notice["attachment"] = True
                self.label(piece, "附件标识", "标题前的“附件”")
            else:
                kept.append(piece)
        return kept

    def read_title(self, title: str, plan: dict) -> None:
        m = TITLE_YEAR.match(title)
        kind = KIND_ANYWHERE.search(title)
        plan["kind"] = kind.group() if kind else "工作要点"
        if m and m.group("year").isdigit():
            plan["year"] = int(m.group("year"))
            issuers = [s for s in m.group("issuers").split() if s]
        else:
            issuers = [title[:kind.start()]] if kind and kind.start() > 0 else []
        plan["_issuers"] = issuers
        plan["_title"] = title

    def read_front(self, pieces: list[Piece], plan: dict) -> list[Piece]:
        """Preamble and goals: everything before the first section heading.  Goals are （一） items,
        or any numbered items (1. （1） ①, typed or Word's automatic numbering) under a 总体目标： line."""
        first_section = next((i for i, p in enumerate(pieces) if p.kind == "heading" or SECTION.match(p.text)), len(pieces))
        front, rest = pieces[:first_section], pieces[first_section:]
        preamble, goals, rows = [], [], []
        intro = label = None
        under_heading = False
        for piece in front:
            item = GOAL_ITEM.match(piece.text) or (under_heading and TASK.match(piece.text))
            if piece.kind == "row":
                rows.append(piece.cells)
                self.label(piece, "目标指标表", "总体目标部分的表格")
            elif GOALS_HEADING.match(piece.text) and not goals:
                under_heading = True
                if piece.text.endswith(("：", ":")):
                    intro = piece.text
                else:
                    label = GOALS_HEADING.match(piece.text).group(1)
                self.label(piece, "目标标题", f"“{GOALS_HEADING.match(piece.text).group(1)}”")
            elif item:
                if not goals and not under_heading and preamble and preamble[-1].endswith("："):
                    intro = preamble.pop()  # 主要目标是：
                goals.append(next(g for g in item.groups()[1::2] if g) if under_heading and not GOAL_ITEM.match(piece.text)
                             else GOAL_ITEM.match(piece.text).group(2))
                self.label(piece, "目标", "“（一）”编号的条目" if GOAL_ITEM.match(piece.text) else "“总体目标”下编号的条目")
            else:
                if goals:
                    self.warn("PF403", f"总体目标之后的“{piece.text[:20]}…”放入了总体要求", piece.where)
                preamble.append(piece.text)
                self.label(piece, "总体要求", "标题之后、第一个部分之前的段落")
        if preamble:
            plan["preamble"] = preamble
        if goals:
            plan["goals"] = self.goals(goals, rows, intro)
            if label:
                plan["goals"]["label"] = label
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
                self.label(piece, "部分", "“（一）”之后是任务：三级标题压成两级")
                self.warn("PF407", f"三级标题压成两级：“{text[:20]}”作为一个部分（计划中只有“一、”和任务两层）", piece.where)
                piece = Piece(f"一、{GOAL_ITEM.match(text).group(2)}", piece.where)
                text = piece.text
            section = SECTION.match(text) if piece.kind != "row" else None
            task = TASK.match(text) if piece.kind != "row" else None
            if section or piece.kind == "heading":
                title = (section.group(2) if section else text).rstrip("。")
                sections.append({"title": title, "paragraphs": [], "tasks": []})
                self.label(piece, "部分", "“一、”编号" if section else "标题样式")
            elif not sections:
                self.warn("PF403", f"第一个部分之前的“{text[:20]}…”无法归类，已放入总体要求", piece.where)
                self.label(piece, "总体要求", "第一个部分之前，无法归类")
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
                self.label(piece, "任务", f"编号“{raw_number}”" + ("，含责任说明" if sections[-1]["tasks"][-1]["departments"] else ""))
            elif piece.kind == "row":
                sections[-1].setdefault("_rows", []).append((piece.cells, piece.where))
                self.add_paragraph(sections[-1], "　".join(c for c in piece.cells if c))
                self.label(piece, "表格", "按文字放入所在部分")
            else:
                if GOAL_ITEM.match(text):
                    sections[-1].setdefault("_goal_items", []).append(piece.where)
                self.add_paragraph(sections[-1], text)
                self.label(piece, "任务续段" if sections[-1]["tasks"] else "部分段落",
                           "任务之后不带编号的段落" if sections[-1]["tasks"] else "部分标题之后、任务之前的段落")
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
        m = FIRST_SENTENCE.match(content)
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
        names = SUPPORT.sub("、", names).rstrip("。")
        org["label"] = org["label"] or ("责任" + label[2:])  # 牵头单位 → 责任单位: the label the plan's notes use
        departments = [n.strip() for n in DEPARTMENT_SPLIT.split(names) if n.strip()]
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
