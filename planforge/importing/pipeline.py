"""``planforge import`` end to end: read, recognise, write the plan and the organisation profile.

Nothing is written unless the new plan loads cleanly with the organisation
profile it will sit beside (checked in a scratch folder first); an existing
org.yaml only gains the departments it lacked, with its comments kept.
"""
from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..departments import department_word, split_subunit
from ..diagnostics import Diagnostic, PlanError, PlanforgeError, Position
from ..gcpause import gc_paused
from ..load import find_org_file, load_plan
from ..output import Sources, write_outputs
from ..schema import stale_schema_files, with_modeline
from .assemble import DEFAULT_LABEL, Assembler
from .clean import Cleaner
from .draft import DraftPlan, ImportStats
from .label import SECTION_, T_CONT, TASK_, label
from .patterns import DOC_CODE, FILE_YEAR, NAME_LIST_SPLIT
from .readers import ReadError, read
from .trace import Trace
from .write import derived_title, plan_yaml


@dataclass
class ImportReport:
    plan_path: Path
    org_path: Path
    org_created: bool
    departments_added: list[str]
    summary: str
    warnings: list[Diagnostic] = field(default_factory=list)


class ImportFailed(PlanforgeError):
    """Import stopped; ``diagnostics`` say why and where."""


ISSUER_PLACEHOLDER = "（请填写发文机关）"


def _fail(source: Path, message: str, code: str = "PF400") -> ImportFailed:
    return ImportFailed([Diagnostic(code, message, Position(str(source)))])


MAX_PIECES = 30_000  # paragraphs or lines: a 10,000-task plan with notes has about 20,000


def recognise(source: Path, title: Optional[str] = None, kind: Optional[str] = None) -> tuple[DraftPlan, Trace, ImportStats]:
    """Read, clean, label and assemble ``source`` without writing anything; also what ``--explain`` shows."""
    try:
        document = read(source)
    except ReadError as exc:
        raise _fail(source, str(exc)) from None
    if len(document.pieces) > MAX_PIECES:
        raise _fail(source, f"文件有 {len(document.pieces)} 段（行），超过导入的上限 {MAX_PIECES}；一份工作要点不会这么长，请确认选对了文件。")
    trace = Trace(str(source), document.unit)
    cleaner = Cleaner(trace)
    lines = label(cleaner.run(document.pieces))
    if not any(line.label in (SECTION_, TASK_) for line in lines):
        raise _fail(source, "没有找到计划的内容：既没有标题（含“工作要点”“工作计划”等字样的一行）和“一、”这样的部分，"
                            "也没有编号的任务。请确认文件是工作计划，或用 --title 指定标题。")
    plan = Assembler(trace, title, kind, document.title_hint).run(lines)
    for line in lines:
        closing = line.label == T_CONT and line.piece.text in plan.closing
        trace.label(line.piece.where, line.piece.text or " | ".join(line.piece.cells), "结束语" if closing else line.label,
                    "最后一项任务（及其责任说明）之后的段落" if closing else line.why)
    if cleaner.simplified:
        trace.warn("PF410", f"原文是繁体字，已转为简体（{cleaner.simplified} 个字），请核对")
    trace.steps.sort(key=lambda step: step.where)
    return plan, trace, ImportStats(cleaner.normalised, cleaner.simplified, document.notes)


@gc_paused  # read, recognise, write and load back: many small objects, none of them in cycles to collect
def import_document(source: Path, output: Path, year: Optional[int] = None, force: bool = False,
                    title: Optional[str] = None, kind: Optional[str] = None) -> ImportReport:
    refused = Sources.of([source]).guards(output)
    if refused or output.name == "org.yaml":
        why = refused or "org.yaml 是组织设置文件，不是计划"
        raise _fail(output, f"拒绝写入：{why}。请用 -o 指定别的文件，如 plans/2023.yaml。", "PF202")
    if output.exists() and not force:
        raise _fail(output, "文件已存在，未改动。要覆盖请加 --force，或用 -o 指定别的文件。", "PF202")
    plan, trace, stats = recognise(source, title, kind)
    warnings = trace.warnings
    if year is not None:
        plan.year = year
    if plan.year is None:
        for name in (source.stem, output.stem):
            guess = FILE_YEAR.search(name)
            if guess:
                plan.year = int(guess.group())
                warnings.append(Diagnostic("PF408", f"标题和正文中都没有年份，按文件名“{name}”定为 {plan.year} 年，请核对。",
                                           Position(str(source)), "warning"))
                break
        else:
            raise _fail(source, "标题和正文中都没有年份（或是占位符 xxxx），请用 --year 指定年度。")
    org_path = find_org_file(output) or output.parent / "org.yaml"
    org_created = not org_path.exists()
    org_text, org_issuers, added = (_new_org(plan) if org_created else _extend_org(org_path, plan))
    if not plan.org.issuer and not org_issuers:
        plan.org.issuer = [ISSUER_PLACEHOLDER]
        warnings.append(Diagnostic("PF411", f"原文中没有发文机关（无标题、无署名），计划中暂写“{ISSUER_PLACEHOLDER}”，请改为实际的机关名称。",
                                            Position(str(source)), "warning"))
    plan_text = plan_yaml(plan, source.name, org_issuers)
    _validate(plan_text, org_text, output, source)
    # the plan, the registry it needs and the editor's schemas beside them: all or nothing
    write_outputs([(output, plan_text)] + ([(org_path, org_text)] if org_text is not None else [])
                  + stale_schema_files(output.parent, org_path.parent), [source])
    return ImportReport(output, org_path, org_created, added, _summary(plan, stats, source, org_path, added, org_issuers), warnings)


def _new_org(plan: DraftPlan) -> tuple[str, list[str], list[str]]:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    org = plan.org
    data = CommentedMap()
    if org.issuer:
        data["issuer"] = org.issuer
    code = DOC_CODE.match(plan.notice.doc_number or "")
    if code:
        data["doc_code"] = code.group(1)
    data["responsibility"] = CommentedMap(label=org.label or DEFAULT_LABEL, lead_remark=org.lead_remark)
    names = list(dict.fromkeys(split_subunit(d)[0] for d in org.departments))
    data["departments"] = [CommentedMap(name=n) for n in names]
    word = department_word(org.label or DEFAULT_LABEL)
    data.yaml_set_start_comment(f"各年度计划共用的组织设置（由 planforge import 生成，请补充{word}的 aliases/former、主送和抄送等）。")
    handler = YAML()
    handler.indent(mapping=2, sequence=4, offset=2)
    buffer = io.StringIO()
    handler.dump(data, buffer)
    return with_modeline(buffer.getvalue(), org=True), list(org.issuer), names


def _extend_org(path: Path, plan: DraftPlan) -> tuple[Optional[str], list[str], list[str]]:
    """Departments the registry lacks are appended; everything else stays as the user wrote it."""
    from ruamel.yaml.comments import CommentedMap

    from ..rollover import round_trip

    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    handler, data = round_trip(text)
    known = set()
    for dept in data.get("departments") or []:
        known.add(dept.get("name"))
        for key in ("aliases", "former"):
            value = dept.get(key) or []
            known.update(value if isinstance(value, list) else NAME_LIST_SPLIT.split(value))
    added = [n for n in dict.fromkeys(split_subunit(d)[0] for d in plan.org.departments) if n not in known]
    issuers = data.get("issuer") or []
    issuers = [issuers] if isinstance(issuers, str) else list(issuers)
    if not added:
        return None, issuers, []
    if data.get("departments") is None and known == set():
        data["departments"] = []
    for name in added:
        data["departments"].append(CommentedMap(name=name))
    buffer = io.StringIO()
    handler.dump(data, buffer)
    return buffer.getvalue(), issuers, added


def _validate(plan_text: str, org_text: Optional[str], output: Path, source: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        plan = Path(tmp) / output.name
        plan.write_text(plan_text, encoding="utf-8")
        org = find_org_file(output)
        scratch_org = Path(tmp) / "org.yaml"
        if org_text is not None:
            scratch_org.write_text(org_text, encoding="utf-8")
        elif org is not None:
            scratch_org.write_text(org.read_text(encoding="utf-8"), encoding="utf-8")
        try:
            load_plan(plan, scratch_org if scratch_org.exists() else None)
        except PlanError as exc:
            problems = [Diagnostic(d.code, f"导入结果无法通过检查：{d.message}", Position(str(source)), "error") for d in exc.diagnostics]
            raise ImportFailed(problems) from None


def _summary(plan: DraftPlan, stats: ImportStats, source: Path, org_path: Path, added: list[str], org_issuers: list[str]) -> str:
    sections = plan.sections
    free = sum(1 for s in sections if not s.tasks)
    goals = len(plan.goals.items) if plan.goals else 0
    numbering = "全文连续编号" if plan.numbering == "continuous" else "每部分重新编号"
    names = {"doc_number": "发文字号", "recipients": "主送机关", "body": "正文", "date": "成文日期", "note": "附注",
             "cc": "抄送", "printed_by": "印发机关", "printed_date": "印发日期", "title": "标题"}
    parts = "、".join(names[k] for k in plan.notice.found() if k in names) or "无"
    departments = len({split_subunit(d)[0] for d in plan.org.departments})
    return (f"已导入 {source.name}：《{plan.title or derived_title(plan, org_issuers)}》，{plan.year} 年；{len(sections)} 个部分"
            + (f"（其中 {free} 个只有段落）" if free else "") + f"，{plan.task_count()} 项任务（{numbering}）"
            + f"；总体目标 {goals} 项；{plan.org.label or DEFAULT_LABEL} {departments} 个（{org_path.name} 中新增 {len(added)} 个）"
            + f"；通知：{parts}；标点等改正 {stats.normalised} 处"
            + (f"；繁体字转为简体 {stats.simplified} 个" if stats.simplified else "")
            + "".join(f"；{note}" for note in stats.notes) + "。")


def explain_document(source: Path, title: Optional[str] = None, kind: Optional[str] = None) -> str:
    """Each line of ``source`` with the label it got and why, then the warnings (``import --explain``)."""
    _, trace, _ = recognise(source, title, kind)
    width = max((len(s.label) for s in trace.steps), default=4)
    lines = [f"{'位置':>6}  {'识别为':{chr(12288)}<{width}}  理由 | 原文"]
    for step in trace.steps:
        text = step.text if len(step.text) <= 40 else step.text[:38] + "……"
        lines.append(f"{step.where:>4} {trace.unit}  {step.label:{chr(12288)}<{width}}  {step.why} | {text}")
    lines += [str(w) for w in trace.warnings]
    return "\n".join(lines)
