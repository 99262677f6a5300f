"""How a :class:`~planforge.diff.PlanDiff` is shown: a terminal view, and the
新旧对照表 as a :class:`Document` that the Markdown and DOCX writers render."""
from __future__ import annotations

from .departments import department_word
from .diff import PlanDiff, char_diff, iter_changes, summary, task_text
from .document import Document, Paragraph, Run, Table, Title

CONTEXT = 8  # characters of unchanged text kept around a change in the terminal


def comparison_document(d: PlanDiff) -> Document:
    old_year, new_year = d.old.plan.year, d.new.plan.year
    title = f"{old_year}年与{new_year}年{d.new.plan.kind}对照表"
    rows = [("类别", f"{old_year}年", f"{new_year}年")]
    for kind, old, new in iter_changes(d):
        if old and new:
            ops = char_diff(old, new)
            rows.append((kind, tuple(Run(t, "del" if op == "-" else "") for op, t in ops if op != "+"),
                         tuple(Run(t, "ins" if op == "+" else "") for op, t in ops if op != "-")))
        else:
            rows.append((kind, old, new))
    blocks = [Title.of(title), Paragraph.of(summary(d))]
    if len(rows) > 1:
        blocks.append(Table(tuple(rows)))
    return Document("comparison", title, blocks, landscape=True)


def _inline(old: str, new: str, colour: bool):
    """Character-level change as rich Text, with long unchanged stretches elided."""
    from rich.text import Text

    text = Text()
    ops = char_diff(old, new)
    for i, (op, part) in enumerate(ops):
        if op == "=":
            if len(part) > 2 * CONTEXT + 1:
                head = part[:CONTEXT] if i > 0 else ""
                tail = part[-CONTEXT:] if i < len(ops) - 1 else ""
                part = head + "…" + tail
            text.append(part)
        elif colour:
            text.append(part, style="red strike" if op == "-" else "green underline")
        else:
            text.append(f"[-{part}-]" if op == "-" else f"{{+{part}+}}")
    return text


def print_terminal(d: PlanDiff, console) -> None:
    from rich.text import Text

    colour = console.is_terminal and not console.no_color
    console.print(Text(summary(d), style="bold"))
    if d.sections:
        console.print(Text("部分", style="bold"))
        for s in d.sections:
            sign = {"added": "+", "removed": "-", "renamed": "~"}[s["change"]]
            line = f"  {sign} " + (f"{s['old']} → {s['title']}" if s["change"] == "renamed" else s["title"])
            console.print(Text(line))
    if d.goals:
        console.print(Text("目标和指标", style="bold"))
        for g in d.goals:
            console.print(Text(f"  ~ {g['name']}：{g['old'] or '（无）'} → {g['new'] or '（删除）'}"))
    for t in d.texts:
        console.print(Text(t["name"], style="bold"))
        console.print(Text("  ").append(_inline(t["old"], t["new"], colour)))
    for label, items, sign in (("新增", d.added, "+"), ("删除", d.removed, "-")):
        if items:
            console.print(Text(label, style="bold"))
            for t in items:
                console.print(Text(f"  {sign} {t['number']}.{t['title']}（{t['section']}）",
                                   style=("green" if sign == "+" else "red") if colour else ""))
    label = d.new.plan.org.responsibility.label
    if d.moved:
        console.print(Text("移动", style="bold"))
        for t in d.moved:
            place = (f"{t['from_section']} → {t['section']}" if t["from_section"] != t["section"]
                     else f"{t['section']}中第 {t['old_number']} 项 → 第 {t['number']} 项")
            console.print(Text(f"  → {t['number']}.{t['title']}：{place}" + (f"（{_what(t, label)}）" if t["fields"] else "")))
            if t["fields"]:
                console.print(Text("      ").append(_inline(task_text(t, "old"), task_text(t, "new"), colour)))
    if d.changed:
        console.print(Text("修改", style="bold"))
        for t in d.changed:
            console.print(Text(f"  * {t['number']}.{t['title']}（{_what(t, label)}）"))
            console.print(Text("      ").append(_inline(task_text(t, "old"), task_text(t, "new"), colour)))


def _what(t: dict, label: str) -> str:
    """What changed in a task, in words: 内容、责任股室；牵头股室由 A 改为 B."""
    names = {"title": "标题", "body": "内容", "departments": label, "deadline": "完成时限"}
    what = "、".join(names[f] for f in t["fields"])
    if t.get("lead_changed"):
        what += f"；牵头{department_word(label)}由 {t['old_lead'] or '（无）'} 改为 {t['new_lead'] or '（无）'}"
    if t.get("deadline_rolled"):
        what += "；完成时限随年度顺延"
    return what
