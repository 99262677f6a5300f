"""The plan file a person will edit, from the typed draft: natural key order, block text,
flow lists, stable task ids, a header comment naming the source, and the editor's schema modeline."""
from __future__ import annotations

import hashlib

from ..schema import with_modeline
from .draft import DraftGoal, DraftGoals, DraftPlan
from .emit import Flow, FlowMap, Literal, plan_text


def task_id(title: str, taken: set[str]) -> str:
    """A stable id derived from the title: the same text always gives the same id."""
    base = "t" + hashlib.sha1(title.encode("utf-8")).hexdigest()[:6]
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _text(value: str):
    return Literal(value) if len(value) > 40 or "\n" in value else value


def _paragraphs(values: list[str]):
    return _text("\n\n".join(values)) if len(values) > 1 else _text(values[0]) if values else ""


def _number(value: float):
    return int(value) if float(value).is_integer() else value


def _flow(values: list):
    return Flow(values)


def derived_title(plan: DraftPlan, org_issuers: list[str]) -> str:
    return f"{' '.join(plan.org.issuer or org_issuers)}{plan.year}年{plan.kind}"


def plan_yaml(plan: DraftPlan, source: str, org_issuers: list[str]) -> str:
    issuers = plan.org.issuer
    out: dict = {}
    out["year"] = plan.year
    out["kind"] = plan.kind
    if issuers and issuers != org_issuers:
        out["issuer"] = issuers
    derived = derived_title(plan, org_issuers)
    if plan.title and plan.title != derived:
        out["title"] = plan.title
    out["numbering"] = plan.numbering
    if plan.preamble_label:
        out["preamble"] = dict(label=plan.preamble_label, text=_paragraphs(plan.preamble))
    elif plan.preamble:
        out["preamble"] = _paragraphs(plan.preamble)
    if plan.goals and plan.goals.items:
        out["goals"] = _goals(plan.goals)
    taken: set[str] = set()
    out["sections"] = []
    for section in plan.sections:
        entry = dict(title=section.title)
        if section.paragraphs:
            entry["paragraphs"] = _paragraphs(section.paragraphs)
        if section.tasks:
            entry["tasks"] = []
            for task in section.tasks:
                item = dict(id=task_id(task.title, taken), title=task.title)
                if task.body:
                    item["body"] = _paragraphs(task.body)
                if task.departments:
                    item["departments"] = _flow(task.departments)
                if task.deadline:
                    item["deadline"] = task.deadline
                entry["tasks"].append(item)
        out["sections"].append(entry)
    if plan.closing:
        out["closing"] = _paragraphs(plan.closing)
    notice = plan.notice
    if notice.found():
        values = {}
        for key in notice.found():
            value = getattr(notice, key)
            if key == "title" and value == f"关于印发《{plan.title or derived}》的通知":
                continue
            values[key] = _paragraphs(value) if key == "body" else _flow(value) if key == "cc" else \
                _text(value) if isinstance(value, str) else value
        out["notice"] = values
    return with_modeline(plan_text(out, f"由 planforge import 从 {source} 导入。请核对后运行 planforge check。"))


def _goals(goals: DraftGoals):
    out: dict = {}
    if goals.label:
        out["label"] = goals.label
    if goals.intro:
        out["intro"] = goals.intro
    if goals.table:
        out["table"] = True
    out["items"] = []
    for goal in goals.items:
        entry: dict = {}
        if goal.name:
            entry["name"] = goal.name
        if goal.text and (not goal.metrics or goal.text != _generated(goal)):
            entry["text"] = _text(goal.text)
        if goal.metrics:
            entry["metrics"] = []
            for metric in goal.metrics:
                row = FlowMap(name=metric.name, target=_number(metric.target))
                if metric.unit:
                    row["unit"] = metric.unit
                row["compare"] = metric.compare
                entry["metrics"].append(row)
        out["items"].append(entry)
    return out


def _generated(goal: DraftGoal) -> str:
    """The sentence the renderer makes from the goal's metrics: no need to repeat it as text."""
    from ..compose import goal_text
    from ..model import Goal, Metric

    metrics = [Metric(name=m.name, target=m.target, unit=m.unit, compare=m.compare) for m in goal.metrics]
    return goal_text(Goal(name=goal.name or None, metrics=metrics))
