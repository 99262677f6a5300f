"""``planforge diff``: what changed between two years' plans.

Tasks are matched by ``id``; tasks without ids (imported plans) are matched by
the similarity of their titles and bodies.  Sections are matched by title, then
by the tasks they share (so a renamed section is a rename, not a removal and an
addition).  Changes are detected on the text as written — a ``{{ year }}`` that
reads 2024 one year and 2025 the next is not a change, nor is a deadline moved
forward by exactly the years between the plans (as ``planforge new`` moves it:
顺延) — and shown on the text as issued, at character level, which is what a
Chinese reader needs.  Every task appears once: a task that moved (to another
section, or to another place among its section's tasks) and changed is listed
with the moves, carrying its changes.
"""
from __future__ import annotations

import difflib
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Iterable

from .compose import metric_target
from .load import LoadedPlan
from .model import Plan, Task
from .yearshift import shift_years

FIELDS = ("title", "body", "departments", "deadline")
KINDS = ("added", "removed", "moved", "changed", "goals", "sections", "texts")
TEXT_PARTS = {"preamble": "总体要求", "closing": "结束语"}
SIMILAR = 0.5  # below this, two tasks without ids are different tasks


def ratio(a: str, b: str) -> float:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.ratio() if matcher.real_quick_ratio() >= SIMILAR and matcher.quick_ratio() >= SIMILAR else 0.0


def similarity(a: Task, b: Task) -> float:
    return 0.6 * ratio(a.title, b.title) + 0.4 * ratio("".join(a.body), "".join(b.body))


def char_diff(old: str, new: str) -> list[tuple[str, str]]:
    """[(op, text)] with op in ``=``, ``-``, ``+``: the character-level edit from old to new.

    Unchanged islands of one or two characters between edits are folded into
    the edits, so a rewritten phrase reads as one replacement, not as confetti."""
    ops = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    island = [tag == "equal" and a1 - a0 <= 2 and 0 < i < len(ops) - 1
              for i, (tag, a0, a1, _, _) in enumerate(ops)]
    out: list[tuple[str, str]] = []
    deleted, inserted = "", ""
    for i, (tag, a0, a1, b0, b1) in enumerate(ops):
        if tag == "equal" and not island[i]:
            out += [op for op in (("-", deleted), ("+", inserted)) if op[1]]
            deleted, inserted = "", ""
            out.append(("=", old[a0:a1]))
        else:
            deleted, inserted = deleted + old[a0:a1], inserted + new[b0:b1]
    out += [op for op in (("-", deleted), ("+", inserted)) if op[1]]
    return out


@dataclass
class TaskSide:
    """One task as it stands in one plan: written (raw) and issued (shown) forms."""

    index: int  # position in the plan's task order
    number: int
    section: int
    raw: Task
    shown: Task


def _sides(loaded: LoadedPlan) -> list[TaskSide]:
    raw_tasks = [t for _, _, t in (loaded.raw or loaded.plan).tasks()]
    return [TaskSide(i, number, s_index, raw_tasks[i], task)
            for i, (number, s_index, task) in enumerate(loaded.plan.numbered_tasks())]


def match_tasks(old: list[TaskSide], new: list[TaskSide]) -> dict[int, int]:
    """old index → new index."""
    pairs: dict[int, int] = {}
    new_by_id = {t.raw.id: t.index for t in new if t.raw.id}
    for t in old:
        if t.raw.id and t.raw.id in new_by_id:
            pairs[t.index] = new_by_id[t.raw.id]
    taken = set(pairs.values())
    # Without ids on one side, similar text is the same task; ids on both sides that differ are different tasks.
    old_free = [t for t in old if t.index not in pairs and not (t.raw.id and any(n.raw.id == t.raw.id for n in new))]
    new_free = [t for t in new if t.index not in taken]
    scored = sorted(((similarity(a.raw, b.raw), a.index, b.index) for a, b in _candidate_pairs(old_free, new_free)
                     if not (a.raw.id and b.raw.id)), reverse=True)
    for score, a, b in scored:
        if score < SIMILAR:
            break
        if a not in pairs and b not in taken:
            pairs[a] = b
            taken.add(b)
    return pairs


ALL_PAIRS = 40_000   # up to this many pairs every pair is compared; past it, only likely ones
CANDIDATES = 8       # for each new task, the old tasks sharing the most rare character pairs
COMMON_BIGRAM = 64   # a pair of characters in more old tasks than this says nothing ("工作")


def _bigrams(task: Task) -> set[str]:
    text = task.title + "".join(task.body)[:200]
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _candidate_pairs(old: list[TaskSide], new: list[TaskSide]) -> Iterable[tuple[TaskSide, TaskSide]]:
    """The pairs worth comparing: all of them for plans of a usual size; otherwise, for each new
    task, the few old tasks sharing the most uncommon character pairs with it — so that two plans
    of thousands of tasks without ids compare in linear time, not in hours."""
    if len(old) * len(new) <= ALL_PAIRS:
        return ((a, b) for a in old for b in new)
    from collections import Counter, defaultdict

    index: dict[str, list[TaskSide]] = defaultdict(list)
    for a in old:
        for gram in _bigrams(a.raw):
            index[gram].append(a)
    pairs = []
    for b in new:
        counts: Counter = Counter()
        for gram in _bigrams(b.raw):
            posting = index.get(gram, ())
            if len(posting) <= COMMON_BIGRAM:
                counts.update(a.index for a in posting)
        by_index = {a.index: a for a in old}
        pairs += [(by_index[i], b) for i, _ in counts.most_common(CANDIDATES)]
    return pairs


def match_sections(old: Plan, new: Plan, tasks: dict[int, int], old_sides, new_sides) -> dict[int, int]:
    pairs: dict[int, int] = {}
    new_titles = {s.title: i for i, s in enumerate(new.sections)}
    for i, section in enumerate(old.sections):
        if section.title in new_titles:
            pairs[i] = new_titles[section.title]
    shared: dict[tuple[int, int], int] = {}
    for a, b in tasks.items():
        key = (old_sides[a].section, new_sides[b].section)
        shared[key] = shared.get(key, 0) + 1
    for (a, b), _ in sorted(shared.items(), key=lambda kv: -kv[1]):
        if a not in pairs and b not in pairs.values():
            pairs[a] = b
    for i, section in enumerate(old.sections):
        if i in pairs:
            continue
        close = [(ratio(section.title, s.title), j) for j, s in enumerate(new.sections) if j not in pairs.values()]
        best = max(close, default=(0.0, None))
        if best[0] >= SIMILAR:
            pairs[i] = best[1]
    return pairs


@dataclass
class PlanDiff:
    old: LoadedPlan
    new: LoadedPlan
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    moved: list[dict] = field(default_factory=list)
    changed: list[dict] = field(default_factory=list)
    goals: list[dict] = field(default_factory=list)
    sections: list[dict] = field(default_factory=list)
    texts: list[dict] = field(default_factory=list)  # preamble and closing
    rolled: list[dict] = field(default_factory=list)  # deadlines moved by the year difference: not changes

    @property
    def empty(self) -> bool:
        return not any(getattr(self, key) for key in KINDS)

    def to_json(self) -> dict:
        return {
            "old": {"file": self.old.path, "year": self.old.plan.year},
            "new": {"file": self.new.path, "year": self.new.plan.year},
            **{key: getattr(self, key) for key in KINDS},
            "rolled": self.rolled,
        }


def _task_value(task: Task, name: str):
    value = getattr(task, name)
    return list(value) if isinstance(value, list) else value


def diff_plans(old: LoadedPlan, new: LoadedPlan) -> PlanDiff:
    result = PlanDiff(old, new)
    old_sides, new_sides = _sides(old), _sides(new)
    tasks = match_tasks(old_sides, new_sides)
    sections = match_sections(old.plan, new.plan, tasks, old_sides, new_sides)
    old_titles = [s.title for s in old.plan.sections]
    new_titles = [s.title for s in new.plan.sections]

    for i, title in enumerate(old_titles):
        if i not in sections:
            result.sections.append({"change": "removed", "title": title})
        elif new_titles[sections[i]] != title:
            result.sections.append({"change": "renamed", "old": title, "title": new_titles[sections[i]]})
    for j, title in enumerate(new_titles):
        if j not in sections.values():
            result.sections.append({"change": "added", "title": title})

    matched_new = {b: a for a, b in tasks.items()}
    reordered = _reordered(tasks, sections, old_sides, new_sides)
    years = new.plan.year - old.plan.year
    for side in new_sides:
        entry = {"id": side.raw.id, "number": side.number, "title": side.shown.title, "section": new_titles[side.section]}
        if side.index not in matched_new:
            result.added.append(entry)
            continue
        before = old_sides[matched_new[side.index]]
        entry["old_number"] = before.number
        fields = [name for name in FIELDS if _task_value(before.raw, name) != _task_value(side.raw, name)]
        if "deadline" in fields and years and shift_years(before.raw.deadline, years) == side.raw.deadline:
            fields.remove("deadline")
            result.rolled.append({**entry, "old": before.shown.deadline, "new": side.shown.deadline})
            entry["deadline_rolled"] = True
        if fields:
            entry.update(_changes(before, side, fields))
        if sections.get(before.section) != side.section or side.index in reordered:
            result.moved.append({**entry, "from_section": old_titles[before.section], "fields": fields})
        elif fields:
            result.changed.append(entry)
    for side in old_sides:
        if side.index not in tasks:
            result.removed.append({"id": side.raw.id, "number": side.number, "title": side.shown.title,
                                   "section": old_titles[side.section]})
    result.goals = _goal_changes(old.raw or old.plan, new.raw or new.plan)
    result.texts = _text_changes(old, new)
    return result


def _changes(before: TaskSide, after: TaskSide, fields: list[str]) -> dict:
    """What changed in a task: the fields, their old and new values as issued, and a change of lead department."""
    change = {"fields": fields,
              "old": {name: _task_value(before.shown, name) for name in fields},
              "new": {name: _task_value(after.shown, name) for name in fields}}
    if "departments" in fields:
        old_lead = before.raw.departments[0] if before.raw.departments else None
        new_lead = after.raw.departments[0] if after.raw.departments else None
        change.update(lead_changed=old_lead != new_lead, old_lead=old_lead, new_lead=new_lead)
    return change


def _reordered(tasks: dict[int, int], sections: dict[int, int], old_sides, new_sides) -> set[int]:
    """New indexes of tasks that stayed in their section but changed places among its tasks.

    Of the tasks that stayed, the longest run that kept its order did not move (a task added or
    removed before them shifts their numbers, not their order); the others did."""
    stayed: dict[int, list[tuple[int, int]]] = {}
    for a, b in tasks.items():
        if sections.get(old_sides[a].section) == new_sides[b].section:
            stayed.setdefault(new_sides[b].section, []).append((b, a))
    moved: set[int] = set()
    for pairs in stayed.values():
        pairs.sort()
        # longest increasing subsequence of old positions, in new order (patience sorting, n log n)
        tails: list[int] = []
        tail_at: list[int] = []
        parent: list[int] = [-1] * len(pairs)
        for i, (_, a) in enumerate(pairs):
            k = bisect_left(tails, a)
            if k == len(tails):
                tails.append(a)
                tail_at.append(i)
            else:
                tails[k], tail_at[k] = a, i
            parent[i] = tail_at[k - 1] if k else -1
        keep, i = set(), tail_at[-1] if tail_at else -1
        while i >= 0:
            keep.add(i)
            i = parent[i]
        moved |= {b for i, (b, _) in enumerate(pairs) if i not in keep}
    return moved


def _part_text(plan: Plan, part: str) -> str:
    value = getattr(plan, part)
    if part == "preamble":
        value = value.text if value else []
    return "\n".join(value)


def _text_changes(old: LoadedPlan, new: LoadedPlan) -> list[dict]:
    return [{"part": part, "name": name, "old": _part_text(old.plan, part), "new": _part_text(new.plan, part)}
            for part, name in TEXT_PARTS.items()
            if _part_text(old.raw or old.plan, part) != _part_text(new.raw or new.plan, part)]


def _metrics(plan: Plan) -> dict:
    return {m.name: m for goal in (plan.goals.items if plan.goals else []) for m in goal.metrics}


def _goal_changes(old: Plan, new: Plan) -> list[dict]:
    out = []
    before, after = _metrics(old), _metrics(new)
    for name, metric in before.items():
        if name not in after:
            out.append({"kind": "metric", "change": "removed", "name": name, "old": metric_target(metric), "new": None})
        elif metric_target(metric) != metric_target(after[name]):
            out.append({"kind": "metric", "change": "changed", "name": name,
                        "old": metric_target(metric), "new": metric_target(after[name])})
    for name, metric in after.items():
        if name not in before:
            out.append({"kind": "metric", "change": "added", "name": name, "old": None, "new": metric_target(metric)})
    old_goals = {g.name or g.text: g for g in (old.goals.items if old.goals else [])}
    new_goals = {g.name or g.text: g for g in (new.goals.items if new.goals else [])}
    for name in [*old_goals, *[n for n in new_goals if n not in old_goals]]:
        a, b = old_goals.get(name), new_goals.get(name)
        if a is None or b is None:
            out.append({"kind": "goal", "change": "added" if a is None else "removed", "name": name,
                        "old": a and a.text, "new": b and b.text})
        elif a.text != b.text:
            out.append({"kind": "goal", "change": "changed", "name": name, "old": a.text, "new": b.text})
    return out


def task_text(task: dict, side: str) -> str:
    """A changed task as one reading line (number, title and what changed), for display."""
    values = task[side]
    number = task["old_number" if side == "old" else "number"]
    parts = [f"{number}.{values.get('title', task['title'] if side == 'new' else task.get('old_title', task['title']))}。"]
    if "body" in values:
        parts.append("".join(values["body"]))
    if "departments" in values:
        parts.append("（" + "、".join(values["departments"]) + "）")
    if "deadline" in values:
        parts.append(f"（时限：{values['deadline'] or '无'}）")
    return "".join(parts)


def summary(d: PlanDiff) -> str:
    counts = [("新增", d.added), ("删除", d.removed), ("移动", d.moved), ("修改", d.changed)]
    text = "，".join(f"{label} {len(items)} 项" for label, items in counts)
    moved_and_changed = sum(bool(t["fields"]) for t in d.moved)
    if moved_and_changed:
        text = text.replace(f"移动 {len(d.moved)} 项", f"移动 {len(d.moved)} 项（其中 {moved_and_changed} 项也有修改）")
    extra = [f"目标和指标 {len(d.goals)} 处" if d.goals else "", f"部分 {len(d.sections)} 处" if d.sections else "",
             "、".join(t["name"] for t in d.texts) if d.texts else ""]
    extra_text = "，".join(e for e in extra if e)
    rolled = f"；完成时限随年度顺延 {len(d.rolled)} 项，不算修改" if d.rolled else ""
    return (f"{d.old.plan.year}年 → {d.new.plan.year}年：任务{text}" + (f"；{extra_text}变化" if extra_text else "")
            + rolled + "。")


def iter_changes(d: PlanDiff) -> Iterable[tuple[str, str, str]]:
    """(kind, old text, new text) rows for side-by-side reports, in the new plan's order."""
    for s in d.sections:
        yield "部分", s.get("old", s["title"] if s["change"] == "removed" else ""), "" if s["change"] == "removed" else s["title"]
    for t in d.texts:
        yield t["name"], t["old"], t["new"]
    for g in d.goals:
        label = g["name"] or ""
        yield "目标", f"{label}：{g['old']}" if g["old"] else "", f"{label}：{g['new']}" if g["new"] else ""
    for t in d.removed:
        yield "删除", f"{t['number']}.{t['title']}", ""
    for t in d.added:
        yield "新增", "", f"{t['number']}.{t['title']}"
    for t in d.moved:
        old, new = (task_text(t, "old"), task_text(t, "new")) if t["fields"] else (f"{t['old_number']}.{t['title']}",
                                                                                  f"{t['number']}.{t['title']}")
        yield "移动并修改" if t["fields"] else "移动", f"{old}（{t['from_section']}）", f"{new}（{t['section']}）"
    for t in d.changed:
        yield "修改", task_text(t, "old"), task_text(t, "new")
