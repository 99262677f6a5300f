"""Assembling: labelled lines → a typed draft plan.

The labels say what each line is; here the lines are put together: the
title split into issuers, year and 文种 (or, without a title, year and 文种
inferred from the text), the task's run-in title cut off its body, the
responsibility note turned into departments and a deadline, the numbering
style found, a goals or preamble section folded into the plan's goals or
preamble, the closing taken off the last task.  Guesses are warned about.
"""
from __future__ import annotations

from typing import Optional

from ..numerals import chinese_numeral
from . import dates
from .draft import DraftGoal, DraftGoals, DraftMetric, DraftNotice, DraftPlan, DraftSection, DraftTask
from .label import (ATTACH, DOC_NO, DROP, G_HEAD, G_ROW, GOAL, GOAL_N, IMPRINT, N_BODY, N_DATE, N_NOTE, N_TITLE, P_DATE,
                    P_SIGN, PREAMBLE, RECIPIENTS_, S_PARA, SECTION_, SIGN, T_CONT, T_DATE, T_HEAD, TASK_, TITLE,
                    Labelled, task_table_columns)
from .patterns import (CC_LINE, CLOSING_START, DEADLINE, DEPARTMENT_SPLIT, FIRST_SENTENCE, GOAL_LABELS, GOALS_HEADING,
                       KIND_ANYWHERE, LEAD_REMARK, METRIC_VALUE, NAME_LIST_SPLIT, NOTE, PREAMBLE_LABELS, PRINTED,
                       PRINTED_DATE, SECTION, SITE_TITLE_SUFFIX, SUB_HEADING, SUPPORT, TABLE_DEPT_LABEL, TASK,
                       TITLE_CN_YEAR, TITLE_YEAR, TRAILING_DEADLINE, YEAR)
from .trace import Trace

IMPLICIT_SECTION = "主要任务"
DEFAULT_LABEL = "责任科室"  # when the document does not say how it calls its departments
CHINESE_NUMBERS = {chinese_numeral(n): n for n in range(1, 100)}


def responsibility_label(label: str) -> str:
    """The label the plan's notes use, from any role's: 牵头单位 → 责任单位, 责任股室 → 责任股室."""
    return "责任" + label[2:]


def table_label(header: tuple[str, ...], columns: dict[str, list[int]]) -> str:
    """责任股室 from a task table whose department columns read 牵头股室 / 配合股室 (as ``tasks`` writes them)."""
    for i in columns["departments"]:
        m = TABLE_DEPT_LABEL.match(header[i].strip())
        if m:
            return "责任" + m.group(1)
    return DEFAULT_LABEL


class Assembler:
    def __init__(self, trace: Trace, title: Optional[str] = None, kind: Optional[str] = None, title_hint: str = ""):
        self.trace = trace
        self.given_title = title
        self.given_kind = kind
        self.title_hint = title_hint
        self.plan = DraftPlan()
        self.last_number = 0
        self.restarts = self.continues = 0
        self.columns: dict[str, list[int]] = {}  # of the task table being read
        self.table_label = DEFAULT_LABEL  # what its department columns call the departments (牵头股室 → 责任股室)

    def warn(self, code: str, message: str, where: Optional[int] = None) -> None:
        self.trace.warn(code, message, where)

    def run(self, lines: list[Labelled]) -> DraftPlan:
        plan = self.plan
        notice = plan.notice
        title_line = next((line for line in lines if line.label == TITLE), None)
        for line in lines:
            self.take(line, notice)
        if self.given_title or title_line is None:
            self.infer_title(lines)
        else:
            self.read_title(title_line.piece.text)
        if self.given_kind:
            plan.kind = self.given_kind
        if plan.year is None:
            self.infer_year(lines)
        plan.closing = self.take_closing()
        self.fold_preamble_section()
        self.fold_goals_section()
        plan.numbering = "per-section" if self.restarts > self.continues else "continuous"
        for section in plan.sections:
            for task in section.tasks:
                task.body = [b for b in task.body if b]
        plan.org.issuer = plan.issuers or notice.signature
        return plan

    # ------------------------------------------------------------------ one line

    def take(self, line: Labelled, notice: DraftNotice) -> None:
        plan, text, where = self.plan, line.piece.text, line.piece.where
        label = line.label
        if line.score < 0 and label not in (DROP, S_PARA, T_CONT, N_BODY) or line.score <= -3:
            self.warn("PF414", f"“{(text or ' '.join(line.piece.cells))[:20]}”拿不准是什么，按“{label}”导入，请核对", where)
        if label == DROP:
            self.warn("PF401", f"标题之前的“{(text or ' '.join(line.piece.cells))[:20]}…”不是通知的一部分，已删去", where)
        elif label == DOC_NO:
            notice.doc_number = text
        elif label == N_TITLE:
            notice.title = text
        elif label == RECIPIENTS_:
            notice.recipients = "".join(text.rstrip("：:").split())  # names and punctuation: a space is a stray
        elif label == N_BODY:
            notice.body.append(text if line.piece.kind != "row" else "　".join(c for c in line.piece.cells if c))
        elif label == SIGN:
            notice.signature.append(text)
        elif label == N_DATE and dates.parse(text) is None:
            self.warn("PF413", f"成文日期“{text}”的月和日有两种读法，没有导入，请在 notice.date 中填写", where)
        elif label == N_DATE:
            notice.date = dates.chinese(dates.parse(text))
        elif label == N_NOTE:
            notice.note = text.strip("（）()")
        elif label == ATTACH:
            notice.attachment = True
        elif label == IMPRINT:
            self.imprint(line, notice)
        elif label == PREAMBLE:
            if plan.goals and plan.goals.items:
                self.warn("PF403", f"总体目标之后的“{text[:20]}…”放入了总体要求", where)
            if plan.sections:
                self.warn("PF403", f"第一个部分之前的“{text[:20]}…”无法归类，已放入总体要求", where)
            plan.preamble.append(text)
        elif label == G_HEAD:
            goals = plan.goals = plan.goals or DraftGoals()
            if text.endswith(("：", ":")):
                goals.intro = text
            else:
                goals.label = GOALS_HEADING.match(text).group(1)
        elif label in (GOAL, GOAL_N):
            goals = plan.goals = plan.goals or DraftGoals()
            if not goals.items and not goals.intro and plan.preamble and plan.preamble[-1].endswith("："):
                goals.intro = plan.preamble.pop()  # 主要目标是：
            m = SUB_HEADING.match(text) if label == GOAL else TASK.match(text)
            goals.items.append(self.goal(next(g for g in m.groups()[1::2] if g)))
        elif label == G_ROW:
            goals = plan.goals = plan.goals or DraftGoals()
            goals.table = True
            self.metric(line.piece.cells, goals)
        elif label == SECTION_:
            self.section(line)
        elif label == T_HEAD:
            self.columns = task_table_columns(line.piece.cells)
            self.table_label = table_label(line.piece.cells, self.columns)
        elif label == TASK_ and line.piece.kind == "row":
            self.table_task(line)
        elif label == TASK_:
            self.task(line)
        elif label in (S_PARA, T_CONT):
            section = plan.sections[-1]
            if line.piece.kind == "row":
                section.rows.append((line.piece.cells, where))
                text = "　".join(c for c in line.piece.cells if c)
            elif SUB_HEADING.match(text):
                section.sub_items.append(where)
            if section.tasks:
                section.tasks[-1].body.append(self.note(text, section.tasks[-1]))
            else:
                section.paragraphs.append(text)
        elif label in (P_SIGN, P_DATE):
            self.warn("PF403", f"文末落款“{text}”没有导入（计划文件不含落款），请核对", where)
        elif label == T_DATE:
            self.warn("PF403", f"标题下的日期“{text}”没有导入，请核对", where)

    def imprint(self, line: Labelled, notice: DraftNotice) -> None:
        piece = line.piece
        cells = [c for c in piece.cells if c] if piece.kind == "row" else [piece.text]
        joined = " ".join(cells)
        cc, printed = CC_LINE.match(joined), PRINTED.match(joined)
        if cc:
            notice.cc = ["".join(c.split()) for c in NAME_LIST_SPLIT.split(cc.group(1)) if c.strip()]
        elif printed:
            notice.printed_by, notice.printed_date = printed.group(1).strip(), printed.group(2)
        elif len(cells) >= 2 and PRINTED_DATE.match(cells[-1]):
            notice.printed_by, notice.printed_date = cells[-2], PRINTED_DATE.match(cells[-1]).group(1)

    # ------------------------------------------------------------------ title

    def read_title(self, title: str) -> None:
        plan = self.plan
        m = TITLE_YEAR.match(title)
        chinese = TITLE_CN_YEAR.match(title)
        kind = KIND_ANYWHERE.search(title)
        plan.kind = kind.group() if kind else "工作要点"
        if m and m.group("year").isdigit():
            plan.year = int(m.group("year"))
            plan.issuers = [s for s in m.group("issuers").split() if s]
        elif chinese:  # 某县教育局二〇二四年工作要点
            plan.year = dates.chinese_year(chinese.group("year"))
            plan.issuers = [s for s in chinese.group("issuers").split() if s]
        else:
            plan.issuers = [title[:kind.start()]] if kind and kind.start() > 0 else []
        plan.title = title

    def infer_title(self, lines: list[Labelled]) -> None:
        """No title line (or --title): take --title, the web page's title, or the 文种 the text names."""
        title = self.given_title or self.title_hint
        if title and (self.given_title or KIND_ANYWHERE.search(title)):
            if not self.given_title:
                title = SITE_TITLE_SUFFIX.sub("", title).strip()  # 某县2024年工作要点_某县人民政府网
                self.warn("PF409", f"正文中没有标题行，按网页标题定为《{title}》，请核对")
            self.read_title(title)
            return
        text = " ".join(line.piece.text for line in lines[:12])
        kind = KIND_ANYWHERE.search(text)
        self.plan.kind = kind.group() if kind else "工作要点"
        self.warn("PF409", f"没有找到标题行，文种定为“{self.plan.kind}”；请核对，或用 --title、--kind 指定")

    def infer_year(self, lines: list[Labelled]) -> None:
        """The first year the plan's text names (2019年是…, 2024年，全市…); the file name is the pipeline's fallback."""
        plan_lines = [line for line in lines if line.label not in (DROP, N_DATE, IMPRINT)]
        for line in plan_lines[:12]:
            year = YEAR.search(line.piece.text)
            if year:
                self.plan.year = int(year.group(1))
                self.warn("PF408", f"标题中没有年份，按正文定为 {self.plan.year} 年，请核对（或用 --year 指定）", line.piece.where)
                return

    # ------------------------------------------------------------------ goals

    def goal(self, item: str) -> DraftGoal:
        name, _, text = item.partition("。")
        return DraftGoal(name=name, text=text) if text else DraftGoal(text=item)

    def metric(self, cells: tuple[str, ...], goals: DraftGoals) -> None:
        """A metrics-table row (序号 | 指标 | ≥92%) → a metric of the goal whose text names it."""
        cells = [c for c in cells if c]
        m = METRIC_VALUE.match(cells[-1]) if len(cells) >= 2 else None
        if not m:
            return
        compare = {"≥": ">=", "≤": "<=", ">": ">", "<": "<", "": "="}[m.group(1)]
        metric = DraftMetric(cells[-2], float(m.group(2)), m.group(3), compare)
        owner = next((g for g in goals.items if metric.name in g.text), goals.items[0] if goals.items else None)
        if owner is not None:
            owner.metrics.append(metric)

    # ------------------------------------------------------------------ sections and tasks

    def section(self, line: Labelled) -> None:
        text = line.piece.text
        sub = SUB_HEADING.match(text)
        if sub and not SECTION.match(text):
            self.warn("PF407", f"三级标题压成两级：“{text[:20]}”作为一个部分（计划中只有“一、”和任务两层）", line.piece.where)
            title = sub.group(2)
        else:
            m = SECTION.match(text)
            title = m.group(2) if m else text
        self.plan.sections.append(DraftSection(title.rstrip("。")))

    def task(self, line: Labelled) -> None:
        if not self.plan.sections:  # tasks without any “一、” part: one part holds them, and the user is told
            self.plan.sections.append(DraftSection(IMPLICIT_SECTION))
            self.warn("PF412", f"原文的任务不在任何“一、”部分之下，已放入一个名为“{IMPLICIT_SECTION}”的部分，请核对", line.piece.where)
        section = self.plan.sections[-1]
        m = TASK.match(line.piece.text)
        if m:
            raw = m.group(1) or m.group(3) or (str(ord(m.group(5)) - 0x245F) if m.group(5) else "")
            content = m.group(2) or m.group(4) or m.group(6)
        else:  # （一） items that are the tasks of a two-level plan
            sub = SUB_HEADING.match(line.piece.text)
            raw, content = str(CHINESE_NUMBERS.get(sub.group(1), 0)), sub.group(2)
        if raw.isdigit():
            number = int(raw)
            if not section.tasks and len(self.plan.sections) > 1 and number == 1 and self.last_number:
                self.restarts += 1
            elif not section.tasks and len(self.plan.sections) > 1 and number == self.last_number + 1:
                self.continues += 1
            elif section.tasks and number != self.last_number + 1:
                self.warn("PF404", f"任务序号不连续：“{raw}”前一项是 {self.last_number}", line.piece.where)
            self.last_number = number
        else:
            self.warn("PF405", f"任务序号是占位符“{raw}”，按顺序编号", line.piece.where)
            self.last_number += 1
        first = FIRST_SENTENCE.match(content)
        title, body = (first.group(1), first.group(2)) if first else (content, "")
        task = DraftTask(title.rstrip("。"))
        task.body.append(self.note(body, task))
        section.tasks.append(task)

    def table_task(self, line: Labelled) -> None:
        """A row of a task table: the task's text, its departments (lead first) and deadline from their columns."""
        if not self.plan.sections:
            self.plan.sections.append(DraftSection(IMPLICIT_SECTION))
            self.warn("PF412", f"任务表不在任何“一、”部分之下，已放入一个名为“{IMPLICIT_SECTION}”的部分，请核对", line.piece.where)
        cells, columns = line.piece.cells, self.columns
        cell = (lambda i: cells[i].strip() if i < len(cells) else "")
        content = "".join(cell(i) for i in columns["task"])
        content = TASK.match(content).group(2) if TASK.match(content) and TASK.match(content).group(2) else content
        first = FIRST_SENTENCE.match(content)
        title, body = (first.group(1), first.group(2)) if first else (content, "")
        task = DraftTask(title.rstrip("。"), [body] if body else [])
        names = [n for i in columns["departments"] for n in DEPARTMENT_SPLIT.split(cell(i)) if n.strip()]
        task.departments = ["".join(n.split()) for n in dict.fromkeys(names)]
        task.deadline = "".join(cell(i) for i in columns["deadline"]) or None
        task.noted_at = len(task.body) - 1 if task.body else None
        if task.departments:
            self.plan.org.label = self.plan.org.label or self.table_label
            self.plan.org.learn(task.departments)
        self.plan.sections[-1].tasks.append(task)
        self.last_number += 1

    def note(self, text: str, task: DraftTask) -> str:
        """Take the responsibility note (and a deadline) off the end of a task paragraph."""
        deadline = TRAILING_DEADLINE.search(text)
        if deadline:
            task.deadline = deadline.group(1).strip()
            text = text[:deadline.start()].rstrip()
        m = NOTE.search(text)
        if not m:
            return text
        org = self.plan.org
        label, names = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        inner_deadline = DEADLINE.search(names)
        if inner_deadline:
            task.deadline = inner_deadline.group(1).strip().rstrip("。")
            names = names[:inner_deadline.start()]
        if LEAD_REMARK.search(names):
            org.lead_remark = True
            names = LEAD_REMARK.sub("", names)
        names = SUPPORT.sub("、", names).rstrip("。")
        org.label = org.label or responsibility_label(label)
        task.departments = ["".join(n.split()) for n in DEPARTMENT_SPLIT.split(names) if n.strip()]
        task.noted_at = len(task.body)  # the paragraph this text becomes
        org.learn(task.departments)
        return text[:m.start()].rstrip()

    def take_closing(self) -> list[str]:
        """Paragraphs after the last task that close the plan rather than continue the task."""
        sections = self.plan.sections
        if not sections or not sections[-1].tasks:
            return []
        task = sections[-1].tasks[-1]
        if task.noted_at is not None:  # the note ends the task: what follows closes the plan
            closing, task.body = task.body[task.noted_at + 1:], task.body[:task.noted_at + 1]
            return closing
        closing = []
        while len(task.body) > 1 and CLOSING_START.match(task.body[-1]):
            closing.insert(0, task.body.pop())
        return closing

    def fold_goals_section(self) -> None:
        """``二、工作目标`` made of （一） items (and a metrics table), or of numbered items without
        responsibility notes, is the plan's labelled goals; （一） items and tables anywhere else come
        in as paragraphs, with a warning."""
        plan = self.plan
        for section in list(plan.sections):
            row_texts = ["　".join(c for c in cells if c) for cells, _ in section.rows]
            items = [p for p in section.paragraphs if SUB_HEADING.match(p)]
            numbered_goals = (section.title in GOAL_LABELS and section.tasks and not section.paragraphs
                              and not any(t.departments for t in section.tasks))
            if not plan.goals and not section.tasks and items and (
                    section.title in GOAL_LABELS or len(items) == len(section.paragraphs) - len(section.rows)):
                texts = [p for p in section.paragraphs if not SUB_HEADING.match(p) and p not in row_texts]
                goals = plan.goals = DraftGoals(label=section.title, intro=texts[0] if texts and texts[0].endswith("：") else None)
                goals.items = [self.goal(SUB_HEADING.match(p).group(2)) for p in items]
                for cells, _ in section.rows:
                    goals.table = True
                    self.metric(cells, goals)
                plan.sections.remove(section)
                continue
            if not plan.goals and numbered_goals:
                plan.goals = DraftGoals(label=section.title)
                plan.goals.items = [self.goal("。".join(filter(None, [t.title, *t.body]))) for t in section.tasks]
                plan.sections.remove(section)
                continue
            for where in section.sub_items:
                self.warn("PF407", "二级标题“（一）”按段落导入（计划中只有“一、”和任务两层）", where)
            for _, where in section.rows:
                self.warn("PF406", "表格内容按文字导入，请核对", where)

    def fold_preamble_section(self) -> None:
        """``一、总体要求`` with paragraphs and no tasks is the plan's labelled preamble."""
        plan = self.plan
        if plan.sections and not plan.sections[0].tasks and plan.sections[0].title in PREAMBLE_LABELS and not plan.preamble:
            first = plan.sections.pop(0)
            plan.preamble, plan.preamble_label = first.paragraphs, first.title
