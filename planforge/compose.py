"""Plan → Document: numbering, run-in titles, responsibility notes, wording.

Everything a reader sees as words is decided here (or in the small text
templates under ``templates/text/``), so that every format says the same
thing.  Nothing here knows about XML or Markdown syntax.
"""
from __future__ import annotations

from .document import (CC_LABEL, Attachment, AttachmentLabel, Block, DocNumber, Document, Goal, Heading, Imprint, Mark, Note,
                       PageBreak, Paragraph, Recipients, Run, Signature, Table, Task, Title)
from . import model
from .departments import department_word
from .model import Metric, Plan, chinese_date
from .numerals import chinese_numeral
from .templating import Templates

COMPARE_WORDS = {">=": ("达到", "以上"), "<=": ("控制在", "以内"), ">": ("高于", ""), "<": ("低于", ""), "=": ("达到", "")}
BLANK_DATE = "    年  月  日"  # a date still to be filled in: visible, never invented
COMPARE_SIGNS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": ""}


def number_text(value: float) -> str:
    return f"{value:g}" if value != int(value) else str(int(value))


def metric_phrase(metric: Metric) -> str:
    before, after = COMPARE_WORDS[metric.compare]
    return f"{metric.name}{before}{number_text(metric.target)}{metric.unit}{after}"


def metric_target(metric: Metric) -> str:
    return f"{COMPARE_SIGNS[metric.compare]}{number_text(metric.target)}{metric.unit}"


def with_stop(text: str) -> str:
    """Run-in titles end with 。 unless they already end with a mark."""
    return text if text.endswith(("。", "？", "！", "：", "；")) else text + "。"


def goal_text(goal: model.Goal) -> str:
    if goal.text:
        return with_stop(goal.text)
    return with_stop("，".join(metric_phrase(m) for m in goal.metrics)) if goal.metrics else ""


class Composer:
    def __init__(self, plan: Plan, templates: Templates):
        self.plan = plan
        self.templates = templates
        self._notes: dict[tuple[tuple[str, ...], bool], str] = {}

    # ---------------------------------------------------------------- the plan

    def plan_blocks(self) -> list[Block]:
        plan = self.plan
        blocks: list[Block] = [Title.of(plan.full_title)]
        headings = iter(range(1, 10_000))

        if plan.preamble:
            if plan.preamble.label:
                blocks.append(self._heading(next(headings), plan.preamble.label))
            blocks += [Paragraph.of(p) for p in plan.preamble.text]

        if plan.goals:
            blocks += self._goal_blocks(headings)

        numbered = plan.numbered_tasks()
        first_note = True
        for section in plan.sections:
            blocks.append(self._heading(next(headings), section.title))
            blocks += [Paragraph.of(p) for p in section.paragraphs]
            for task in section.tasks:
                task_number, _, _ = next(numbered)
                note = ()
                if task.departments:
                    note = (Run(self._note(task.departments, first_note), "note"),)
                    first_note = False
                lead = (Run(f"{task_number}.", "number"), Run(with_stop(task.title), "lead"))
                paragraphs = task.body or [""]
                for i, text in enumerate(paragraphs):
                    runs = (lead if i == 0 else ()) + ((Run(text),) if text else ())
                    runs += note if i == len(paragraphs) - 1 else ()
                    blocks.append(Task(runs) if i == 0 else Paragraph(runs))

        blocks += [Paragraph.of(p) for p in plan.closing]
        return blocks

    def _heading(self, number: int, title: str) -> Block:
        return Heading((Run(f"{chinese_numeral(number)}、", "number"), Run(title)))

    def _goal_blocks(self, headings) -> list[Block]:
        goals = self.plan.goals
        blocks = []
        if goals.label:
            blocks.append(self._heading(next(headings), goals.label))
        if goals.intro:
            blocks.append(Paragraph.of(goals.intro))
        for i, goal in enumerate(goals.items, start=1):
            runs = [Run(f"（{chinese_numeral(i)}）", "number")]
            if goal.name:
                runs.append(Run(with_stop(goal.name), "lead"))
            if goal_text(goal):
                runs.append(Run(goal_text(goal)))
            blocks.append(Goal(tuple(runs)))
        metrics = [m for g in goals.items for m in g.metrics]
        if goals.table and metrics:
            rows = [("序号", "指标", "目标值")]
            rows += [(str(i), m.name, metric_target(m)) for i, m in enumerate(metrics, start=1)]
            blocks.append(Table(tuple(rows)))
        return blocks

    def _note(self, departments: list[str], first: bool) -> str:
        key = (tuple(departments), first)  # a plan of 10,000 tasks has a few dozen different notes: each rendered once
        if key not in self._notes:
            resp = self.plan.org.responsibility
            self._notes[key] = self.templates.render(
                "text/note.j2", label=resp.label, word=department_word(resp.label), departments=departments,
                first=first, lead_remark=resp.lead_remark)
        return self._notes[key]

    # ---------------------------------------------------------------- the notice

    def notice_blocks(self) -> list[Block]:
        """The 印发 notice (GB/T 9704 版头, 主体, 版记) with the plan after it."""
        plan, notice = self.plan, self.plan.notice
        org = plan.org
        context = {"title": plan.full_title, "year": plan.year, "kind": plan.kind, "issuers": plan.issuers}
        title = notice.title or self.templates.render("text/notice_title.j2", **context)
        date = chinese_date(notice.date) if notice.date else BLANK_DATE
        recipients = notice.recipients or org.recipients
        blocks: list[Block] = [Mark(tuple(plan.issuers), org.mark_suffix)]
        blocks.append(DocNumber.of(notice.doc_number or ""))
        blocks.append(Title.of(title))
        if recipients:
            blocks.append(Recipients.of(recipients.rstrip("：:") + "："))
        body = notice.body or [self.templates.render("text/notice_body.j2", **context).strip()]
        blocks += [Paragraph.of(p) for p in [*body, *notice.paragraphs]]
        if notice.attachment:
            blocks.append(Attachment((plan.full_title,)))
        blocks.append(Signature(tuple(plan.issuers), date))
        if notice.note:
            blocks.append(Note.of(f"（{notice.note.strip('（）()')}）"))
        blocks.append(PageBreak())
        if notice.attachment:
            blocks.append(AttachmentLabel.of("附件"))
        blocks += self.plan_blocks()
        cc = notice.cc if notice.cc is not None else org.cc
        printed_date = notice.printed_date or notice.date
        printed_by = notice.printed_by or org.printed_by or (plan.issuers[0] + "办公室")
        printed_on = (chinese_date(printed_date) if printed_date else BLANK_DATE) + "印发"
        cc_line = CC_LABEL + "，".join(cc) + "。" if cc else ""
        blocks.append(Imprint(cc_line, printed_by, printed_on))
        return blocks


def compose_plan(plan: Plan, templates: Templates) -> Document:
    return Document("plan", plan.full_title, Composer(plan, templates).plan_blocks())


def compose_notice(plan: Plan, templates: Templates) -> Document:
    if plan.notice is None:
        raise ValueError("plan has no notice metadata")
    return Document("notice", plan.full_title, Composer(plan, templates).notice_blocks())
