"""The plan file a person will edit, from what the recogniser made of a document."""
from __future__ import annotations

import hashlib

from .recognise import Imported


def task_id(title: str, taken: set[str]) -> str:
    """A stable id derived from the title: the same text always gives the same id."""
    base = "t" + hashlib.sha1(title.encode("utf-8")).hexdigest()[:6]
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _text(value: str):
    from ruamel.yaml.scalarstring import LiteralScalarString

    return LiteralScalarString(value) if len(value) > 40 or "\n" in value else value


def _paragraphs(values: list[str]):
    return _text("\n\n".join(values)) if len(values) > 1 else _text(values[0]) if values else ""


def plan_yaml(imported: Imported, source: str, org_issuers: list[str]) -> str:
    """The plan file a person will edit: natural key order, block text, flow lists, a header comment."""
    import io

    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    plan = imported.plan
    issuers = imported.org["issuer"]
    out = CommentedMap()
    out["year"] = plan["year"]
    out["kind"] = plan["kind"]
    if issuers and issuers != org_issuers:
        out["issuer"] = issuers
    derived = f"{' '.join(issuers or org_issuers)}{plan['year']}年{plan['kind']}"
    if plan["_title"] and plan["_title"] != derived:
        out["title"] = plan["_title"]
    out["numbering"] = plan["numbering"]
    preamble = plan.get("preamble")
    if isinstance(preamble, dict):
        out["preamble"] = CommentedMap(label=preamble["label"], text=_paragraphs(preamble["text"]))
    elif preamble:
        out["preamble"] = _paragraphs(preamble)
    if "goals" in plan:
        goals = CommentedMap()
        for key in ("label", "intro", "table"):
            if key in plan["goals"]:
                goals[key] = plan["goals"][key]
        goals["items"] = []
        for item in plan["goals"]["items"]:
            entry = CommentedMap((k, _text(v) if isinstance(v, str) else v) for k, v in item.items() if k != "metrics")
            if item.get("metrics"):
                entry["metrics"] = CommentedSeq()
                for metric in item["metrics"]:
                    row = CommentedMap(name=metric["name"], target=_number(metric["target"]))
                    if metric["unit"]:
                        row["unit"] = metric["unit"]
                    row["compare"] = metric["compare"]
                    row.fa.set_flow_style()
                    entry["metrics"].append(row)
            goals["items"].append(entry)
        out["goals"] = goals
    taken: set[str] = set()
    out["sections"] = []
    for section in plan["sections"]:
        entry = CommentedMap(title=section["title"])
        if section.get("paragraphs"):
            entry["paragraphs"] = _paragraphs(section["paragraphs"])
        if section.get("tasks"):
            entry["tasks"] = []
            for task in section["tasks"]:
                item = CommentedMap(id=task_id(task["title"], taken), title=task["title"])
                if task["body"]:
                    item["body"] = _paragraphs(task["body"])
                if task["departments"]:
                    departments = CommentedSeq(task["departments"])
                    departments.fa.set_flow_style()
                    item["departments"] = departments
                if task.get("deadline"):
                    item["deadline"] = task["deadline"]
                entry["tasks"].append(item)
        out["sections"].append(entry)
    if plan.get("closing"):
        out["closing"] = _paragraphs(plan["closing"])
    if "notice" in plan:
        notice = CommentedMap()
        default_title = f"关于印发《{plan['_title'] or derived}》的通知"
        for key in ("doc_number", "title", "recipients", "body", "date", "note", "attachment", "cc", "printed_by", "printed_date"):
            value = plan["notice"].get(key)
            if value in (None, [], "") or (key == "title" and value == default_title):
                continue
            if key == "body":
                value = _paragraphs(value)
            elif key == "cc":
                value = CommentedSeq(value)
                value.fa.set_flow_style()
            elif isinstance(value, str):
                value = _text(value)
            notice[key] = value
        out["notice"] = notice
    out.yaml_set_start_comment(f"由 planforge import 从 {source} 导入。请核对后运行 planforge check。")
    handler = YAML()
    handler.width = 4096
    handler.indent(mapping=2, sequence=4, offset=2)
    buffer = io.StringIO()
    handler.dump(out, buffer)
    return buffer.getvalue()


def _number(value: float):
    return int(value) if float(value).is_integer() else value
