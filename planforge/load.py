"""Load a plan file: YAML → positions → typed :class:`Plan` → resolved plan.

Every problem becomes a :class:`Diagnostic` pointing into the user's file;
nothing here lets a traceback or a half-understood plan through.  The plan
returned has its text expressions evaluated, department names brought to the
registry's current form and the document number completed.
"""
from __future__ import annotations

import dataclasses
import difflib
import functools
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from .departments import DEFAULT_WORD, Registry, department_word
from .diagnostics import Diagnostic, PlanError, Position
from .expressions import ExpressionError, has_expression, render_text
from .gcpause import gc_paused
from .model import Department, Plan
from .records import Record, record
from .source import PathKey, SourceMap, load_yaml
from .typed import all_field_names, field_names, hints, is_model
from .validation import Problem, validate

ORG_FILE = "org.yaml"

# Keys people type in Chinese, mapped to the key they meant.
CHINESE_KEYS = {
    "年度": "year", "年份": "year", "文种": "kind", "发文机关": "issuer", "标题": "title",
    "总体要求": "preamble", "指导思想": "preamble", "目标": "goals", "总体目标": "goals",
    "编号": "numbering", "部分": "sections", "任务": "tasks", "内容": "body", "正文": "body",
    "责任科室": "departments", "科室": "departments", "责任单位": "departments", "时限": "deadline",
    "完成时限": "deadline", "结束语": "closing", "通知": "notice", "文号": "doc_number",
    "发文字号": "doc_number", "主送": "recipients", "主送机关": "recipients", "日期": "date",
    "成文日期": "date", "抄送": "cc", "印发机关": "printed_by", "印发日期": "printed_date", "附注": "note",
}


@record
class Parsed(Record):
    """A plan file that YAML could read but that has errors: enough for ``check`` to
    look at its text too, so that structure, names and text come in one run."""

    data: dict
    source: SourceMap

    def year(self) -> Optional[int]:
        year = self.data.get("year")
        return year if isinstance(year, int) and not isinstance(year, bool) else None

    def setting(self, *path: str) -> Any:
        """A value under ``org`` (the plan's own or org.yaml's, already merged), else None."""
        value: Any = self.data.get("org")
        for part in path:
            value = value.get(part) if isinstance(value, dict) else None
        return value

    def registry(self) -> Registry:
        """The department registry, if ``org.departments`` is valid (else an empty one)."""
        label = self.setting("responsibility", "label")
        word = department_word(label) if isinstance(label, str) else DEFAULT_WORD
        listed = self.setting("departments") or []
        departments = [validate(Department, d)[0] for d in listed] if isinstance(listed, list) else [None]
        return Registry([]) if None in departments else Registry(departments, word)

    def ignored(self) -> set[str]:
        own = self.data.get("lint")
        lists = (own.get("ignore") if isinstance(own, dict) else None, self.setting("lint", "ignore"))
        return {code for found in lists if isinstance(found, list) for code in found if isinstance(code, str)}


@dataclass
class LoadedPlan:
    plan: Plan  # expressions evaluated: the text as issued
    source: SourceMap
    warnings: list[Diagnostic] = field(default_factory=list)
    org_file: Optional[Path] = None
    raw: Optional[Plan] = None  # the same plan before expressions: the text as written

    @property
    def path(self) -> str:
        return self.source.file


def find_org_file(plan_path: Path) -> Optional[Path]:
    """org.yaml in the plan's folder, else in the folder above it."""
    folder = plan_path.resolve().parent
    for candidate in (folder / ORG_FILE, folder.parent / ORG_FILE):
        if candidate.is_file():
            return candidate
    return None


@gc_paused
def load_plan(path: Path | str, org_path: Path | str | None = None, text: str | None = None) -> LoadedPlan:
    """Load, validate and resolve one plan; raise :class:`PlanError` on errors.

    With ``text``, that text is loaded as if it were the file at ``path`` (how
    ``check --fix`` tries a fix before writing it)."""
    path = Path(path)
    problems: list[Diagnostic] = []  # what YAML read past: reported with everything else
    data, smap = load_yaml(path, text=text, keys=key_names(), problems=problems)
    if not isinstance(data, dict):
        raise PlanError([Diagnostic("PF003", "计划文件的顶层应是“键: 值”映射（year、sections 等）。", Position(smap.file))])
    org_file = Path(org_path) if org_path else find_org_file(path)
    if org_file is not None:
        _merge_org(data, smap, org_file)
    parsed = Parsed(data, smap)
    plan, invalid = validate(Plan, data)
    if invalid:
        # what YAML read past explains the complaints on its line (a dropped tag is not also an empty value)
        seen = {(d.position.file, d.position.line) for d in problems}
        found = problems + [d for d in _translate(invalid, smap) if (d.position.file, d.position.line) not in seen]
        found += _raw_department_names(parsed)
        raise PlanError(sorted(found, key=lambda d: (d.position, d.code)), parsed) from None
    return _resolve(plan, smap, org_file, parsed, problems)


def _merge_org(data: dict, smap: SourceMap, org_file: Path) -> None:
    """Overlay the plan's own ``org:`` keys on the profile file, keeping both files' positions."""
    org_data, org_smap = load_yaml(org_file, display=display_path(org_file), keys=key_names())
    if not isinstance(org_data, dict):
        raise PlanError([Diagnostic("PF003", "org.yaml 的顶层应是“键: 值”映射。", Position(org_smap.file))])
    overrides = data.get("org")
    if overrides is not None and not isinstance(overrides, dict):
        raise PlanError([Diagnostic("PF102", f"“org”应为映射（“键: 值”，如 org: {{doc_code: 示教发}}），这里是{_what(overrides)}。",
                                    smap.value(("org",)))])
    overrides = overrides or {}
    smap.graft(("org",), org_smap, overrides)
    data["org"] = {**org_data, **overrides}


@functools.lru_cache(maxsize=1)
def key_names() -> frozenset[str]:
    """Every key a plan or org.yaml may have (and the Chinese ones people type for them)."""
    return all_field_names(Plan) | frozenset(CHINESE_KEYS)


def display_path(path: Path) -> str:
    """Paths in messages as the user would type them: relative to where they are."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------- validation problems → diagnostics


def _source_path(loc: tuple, smap: SourceMap) -> PathKey:
    """Drop location parts that a normalising validator inserted (e.g. ``items``)."""
    path: PathKey = ()
    for part in loc:
        if smap.has(path + (part,)):
            path = path + (part,)
    return path


def _unwrap(tp: Any) -> Any:
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp


def _model_at(loc: tuple) -> Optional[type]:
    """The model class whose fields are allowed at ``loc``."""
    tp: Any = Plan
    for part in loc:
        tp = _unwrap(tp)
        if isinstance(part, int):
            args = typing.get_args(tp)
            if not args:
                return None
            tp = args[0]
        elif is_model(tp) and part in hints(tp):
            tp = hints(tp)[part]
        else:
            return None
    tp = _unwrap(tp)
    return tp if is_model(tp) else None


def _guess_key(key: str, loc: tuple) -> tuple[Optional[str], list[str]]:
    """The key the user probably meant at ``loc``, and the keys allowed there."""
    model = _model_at(loc)
    if model is None:
        return None, []
    allowed = list(field_names(model))
    guess = CHINESE_KEYS.get(key)
    if guess not in allowed:
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        guess = close[0] if close else None
    return guess, allowed


def _did_you_mean(key: str, loc: tuple) -> str:
    guess, allowed = _guess_key(key, loc)
    if not allowed:
        return ""
    hint = f"是不是想写“{guess}”？" if guess else ""
    return f"{hint}此处可用的键：{', '.join(allowed)}。"


_TYPE_NAMES = {"str": "文本", "int": "整数", "float": "数字", "bool": "true/false", "list": "列表", "dict": "映射", "NoneType": "空值"}


def _what(value: Any) -> str:
    return _TYPE_NAMES.get(type(value).__name__, type(value).__name__)


def _translate(errors: list[Problem], smap: SourceMap) -> list[Diagnostic]:
    # "标题: …" is reported once, as an unknown key that means "title" —
    # not a second time as a missing title.
    meant = {(e.loc[:-1], _guess_key(str(e.loc[-1]), e.loc[:-1])[0]) for e in errors if e.kind == "extra_forbidden"}
    out = []
    for err in errors:
        loc, kind, value = err.loc, err.kind, err.value
        field_name = next((str(p) for p in reversed(loc) if isinstance(p, str)), "")
        path = _source_path(loc, smap)
        # An empty value has no place of its own (the YAML mark is the next token): use its key.
        at = smap.key(path) if value is None and path == loc else smap.value(path)
        if kind == "extra_forbidden":
            key = str(loc[-1])
            at = smap.key(path) if path == loc else at
            out.append(Diagnostic("PF101", f"未知的键“{key}”。{_did_you_mean(key, loc[:-1])}", at))
        elif kind == "missing":
            if (loc[:-1], loc[-1]) not in meant:
                out.append(Diagnostic("PF103", f"缺少必填项“{field_name}”。", smap.value(_source_path(loc[:-1], smap))))
        elif kind.startswith("PF"):
            out.append(Diagnostic(kind, err.message, at))
        else:
            out.append(Diagnostic(*_type_message(kind, field_name, value, ctx=err.ctx), at))
    return out


def _type_message(kind: str, field_name: str, value: Any, ctx: dict) -> tuple[str, str]:
    name = f"“{field_name}”" if field_name else "此处"
    if value is None and kind.endswith("_type"):
        return "PF102", f"{name}是空的，请填写内容或删除这一行。"
    expected = {
        "string_type": "文本", "int_type": "整数（如 2024）", "int_parsing": "整数（如 2024）",
        "int_from_float": "整数（如 2024）", "float_type": "数字", "float_parsing": "数字（如 98.5）",
        "bool_type": "true 或 false", "bool_parsing": "true 或 false", "list_type": "列表（每项以“- ”开头）",
        "dict_type": "映射（“键: 值”）", "model_type": "映射（“键: 值”）", "model_attributes_type": "映射（“键: 值”）",
    }.get(kind)
    if expected:
        return "PF102", f"{name}应为{expected}，这里是{_what(value)}“{value}”。"
    if kind == "literal_error":
        return "PF106", f"{name}只能取 {ctx.get('expected', '')}，这里是“{value}”。"
    if kind == "finite_number":
        return "PF106", f"{name}应为普通的数字，不能是 {value}。"
    if kind in ("greater_than_equal", "less_than_equal"):
        return "PF106", f"{name}超出范围（{'不小于' if kind == 'greater_than_equal' else '不大于'} {ctx.get('ge', ctx.get('le'))}），这里是 {value}。"
    if kind == "too_short":
        return "PF103", f"{name}至少需要 {ctx.get('min_length', 1)} 项（或不能为空）。"
    if kind == "string_pattern_mismatch":
        return "PF106", f"{name}不能包含空格或换行，这里是“{value}”。"
    return "PF102", f"{name}的值不合法：{value!r}。"


# --------------------------------------------------------------------------- resolving

_DOC_NUMBER = re.compile(
    r"^(?P<code>.*?)(?P<open>[〔\[【(（［{｛<《])(?P<year>\d{2,4})(?P<close>[〕\]】)）］}｝>》])"
    r"(?P<di>第?)(?P<serial>\d+)(?P<hao>号?)$"
)


# A line that is meant as a 发文字号, whatever its mistakes (brackets, 第, missing 号).
DOC_NUMBER_LINE = re.compile(r"^\s*\S{1,16}[〔\[【(（［]\d{2,4}[〕\]】)）］]第?\d+号?\s*$")


def check_doc_number(text: str) -> Optional[str]:
    """What is wrong with a 发文字号 (GB/T 9704 7.2.5), or None."""
    m = _DOC_NUMBER.match(text.strip())
    if not m:
        return f"发文字号“{text}”应写成“机关代字〔年份〕序号号”，如 示教发〔2024〕3号。"
    if not m["code"]:
        return f"发文字号“{text}”缺少机关代字。"
    if m["open"] != "〔" or m["close"] != "〕":
        return f"发文字号“{text}”的年份应括在六角括号〔〕中，不用 {m['open']}{m['close']}。"
    if len(m["year"]) != 4:
        return f"发文字号“{text}”的年份应写全四位。"
    if m["di"]:
        return f"发文字号“{text}”的序号前不加“第”。"
    if m["serial"].startswith("0"):
        return f"发文字号“{text}”的序号不编虚位（不写前导 0）。"
    if not m["hao"]:
        return f"发文字号“{text}”应以“号”结尾。"
    return None


def _resolve(plan: Plan, smap: SourceMap, org_file: Optional[Path], parsed: Parsed,
             problems: list[Diagnostic]) -> LoadedPlan:
    errors: list[Diagnostic] = list(problems)
    warnings: list[Diagnostic] = []
    if not plan.issuers:
        errors.append(Diagnostic("PF103", "缺少发文机关：请在计划中写 issuer，或在 org.yaml 中写 issuer。", smap.value(())))

    context = {"year": plan.year, "kind": plan.kind, "issuers": plan.issuers}

    fields: dict[type, tuple[str, ...]] = {}  # per model class, the fields that may hold text

    def evaluate(value: Any, path: PathKey) -> Any:
        if isinstance(value, str):
            if not has_expression(value):
                return value
            try:
                return render_text(value, context)
            except ExpressionError as exc:
                errors.append(Diagnostic("PF130", str(exc), smap.value(path)))
                return value
        # what has no expression is returned as it is (the models are frozen): no copy of 10,000 tasks
        if isinstance(value, list):
            items = [evaluate(v, path + (i,)) for i, v in enumerate(value)]
            return value if all(new is old for new, old in zip(items, value)) else items
        if is_model(type(value)):
            kind = type(value)
            if kind not in fields:
                fields[kind] = tuple(name for name in field_names(kind) if name not in ("org", "id", "departments"))
            updates = {}
            for name in fields[kind]:
                old = getattr(value, name)
                if old is None or isinstance(old, (int, float)):
                    continue
                new = evaluate(old, path + (name,))
                if new is not old:
                    updates[name] = new
            return dataclasses.replace(value, **updates) if updates else value
        return value

    _check_layout_keys(plan, smap, errors)
    _check_ignored_codes(plan, smap, errors)
    plan = _resolve_departments(plan, smap, errors, warnings)
    _check_task_ids(plan, smap, errors)
    plan = _resolve_notice(plan, smap, errors, warnings)
    raw = plan
    plan = evaluate(plan, ())
    del evaluate  # it refers to itself: without this, the plan it saw waits for the cyclic collector
    if errors:
        raise PlanError(sorted(errors + warnings, key=lambda d: d.position), parsed)
    return LoadedPlan(plan, smap, warnings, org_file, raw)


def _resolve_departments(plan: Plan, smap: SourceMap, errors: list, warnings: list) -> Plan:
    registry = Registry(plan.org.departments, department_word(plan.org.responsibility.label))
    seen: dict[str, int] = {}
    for i, dept in enumerate(plan.org.departments):
        for name in [dept.name, *dept.aliases, *dept.former]:
            if name in seen and seen[name] != i:
                errors.append(Diagnostic("PF121", f"{registry.word}名册中“{name}”出现在两个{registry.word}下，无法判断指哪一个。", smap.value(("org", "departments", i))))
            seen[name] = i
    if not registry:
        return plan
    sections = []
    lookups: dict[str, Any] = {}  # 10,000 tasks name a few dozen departments
    for s_index, section in enumerate(plan.sections):
        tasks = []
        for t_index, task in enumerate(section.tasks):
            names = []
            for d_index, name in enumerate(task.departments):
                found = lookups[name] if name in lookups else lookups.setdefault(name, registry.lookup(name))
                if found is not None and found.match == "name":
                    names.append(found.canonical)
                    continue
                at = smap.value(("sections", s_index, "tasks", t_index, "departments", d_index))
                canonical, problem = _department_name(registry, name, at)
                if problem:
                    (errors if problem.severity == "error" else warnings).append(problem)
                names.append(canonical)
            tasks.append(dataclasses.replace(task, departments=names) if names != task.departments else task)
        changed = any(new is not old for new, old in zip(tasks, section.tasks))
        sections.append(dataclasses.replace(section, tasks=tasks) if changed else section)
    return dataclasses.replace(plan, sections=sections)


def _department_name(registry: Registry, name: str, at: Position) -> tuple[str, Optional[Diagnostic]]:
    """The name to print for ``name``, and what is wrong with it (PF110 unknown, PF111 a former name or alias)."""
    found = registry.lookup(name)
    if found is None:
        guess = registry.suggest(name)
        hint = f"是不是“{guess}”？" if guess else "请在 org.yaml 的 departments 中登记，或改用名册中的名称。"
        return name, Diagnostic("PF110", f"{registry.word}“{name}”不在{registry.word}名册中。{hint}", at)
    if found.match != "name":
        what = "旧称" if found.match == "former" else "别称"
        return found.canonical, Diagnostic("PF111", f"“{name}”是“{found.canonical}”的{what}，文件中按“{found.canonical}”输出。", at)
    return found.canonical, None


def _raw_department_names(parsed: Parsed) -> list[Diagnostic]:
    """The department names of a plan that failed validation, checked as far as its data allows,
    so that a misspelt key does not hide a misspelt department until the next run."""
    registry, smap = parsed.registry(), parsed.source
    sections = parsed.data.get("sections")
    if not registry or not isinstance(sections, list):
        return []
    found = []
    for s_index, section in enumerate(sections):
        tasks = section.get("tasks") if isinstance(section, dict) else None
        for t_index, task in enumerate(tasks if isinstance(tasks, list) else []):
            names = task.get("departments") if isinstance(task, dict) else None
            for d_index, name in enumerate(names if isinstance(names, list) else []):
                if isinstance(name, str):
                    at = smap.value(("sections", s_index, "tasks", t_index, "departments", d_index))
                    problem = _department_name(registry, name, at)[1]
                    if problem:
                        found.append(problem)
    return found


def _check_layout_keys(plan: Plan, smap: SourceMap, errors: list) -> None:
    """Layout overrides: known keys, values of the built-in figure's kind and within reason.

    Checked here, so that a mistake points at the org.yaml line instead of
    failing inside a template (or, worse, writing a broken DOCX)."""
    from .layout import layout_keys, override_problem

    known = layout_keys()
    for key, value in plan.org.layout.items():
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = f"是不是想写“{close[0]}”？" if close else ""
            errors.append(Diagnostic("PF101", f"未知的版式参数“{key}”。{hint}可用的参数见 templates/docx/layout.yaml。",
                                     smap.key(("org", "layout", key))))
            continue
        problem = override_problem(key, value)
        if problem:
            errors.append(Diagnostic("PF106", problem, smap.value(("org", "layout", key))))


def _check_ignored_codes(plan: Plan, smap: SourceMap, errors: list) -> None:
    """``lint: ignore`` may name only codes that exist: a typo would silence nothing, silently."""
    for where, codes in ((("lint", "ignore"), plan.lint.ignore), (("org", "lint", "ignore"), plan.org.lint.ignore)):
        if codes:
            from .codes import REGISTRY  # only then: most plans ignore nothing
        for i, code in enumerate(codes):
            if code not in REGISTRY:
                errors.append(Diagnostic("PF106", f"lint.ignore 中的“{code}”不是 planforge 的提示代码（运行 planforge explain 查看全部）。",
                                         smap.value(where + (i,))))


def _check_task_ids(plan: Plan, smap: SourceMap, errors: list) -> None:
    first_seen: dict[str, PathKey] = {}  # a place looked up only for a message
    for s_index, t_index, task in plan.tasks():
        if task.id is None:
            continue
        path = ("sections", s_index, "tasks", t_index, "id")
        if task.id in first_seen:
            first = smap.value(first_seen[task.id]).line
            errors.append(Diagnostic("PF120", f"任务 id“{task.id}”重复（第一次出现在第 {first} 行）；id 必须唯一。", smap.value(path)))
        else:
            first_seen[task.id] = path


def _resolve_notice(plan: Plan, smap: SourceMap, errors: list, warnings: list) -> Plan:
    notice = plan.notice
    if notice is None:
        return plan
    updates: dict[str, Any] = {}
    at = smap.value(("notice", "doc_number"))
    number = notice.doc_number
    if number and number.isascii() and number.isdigit():
        if len(number) > 6:
            errors.append(Diagnostic("PF105", f"发文字号的序号“{number[:12]}…”有 {len(number)} 位，不像是序号，请改正。", at))
            return plan
        if not plan.org.doc_code:
            errors.append(Diagnostic("PF105", "发文字号只写了序号，但没有机关代字：请在 org.yaml 中写 doc_code（如 示教发），或写完整文号。", at))
        else:
            year = notice.date.year if notice.date else plan.year
            number = f"{plan.org.doc_code}〔{year}〕{int(number)}号"
            updates["doc_number"] = number
    if number:
        problem = check_doc_number(number)
        if problem:
            errors.append(Diagnostic("PF105", problem, at))
    else:
        warnings.append(Diagnostic("PF140", "通知未填写发文字号（notice.doc_number），印发前请补上。", smap.key(("notice", "doc_number"))))
    if not (notice.recipients or plan.org.recipients):
        warnings.append(Diagnostic("PF143", "通知没有主送机关：请在 notice.recipients 或 org.yaml 的 recipients 中填写。", smap.key(("notice",))))
    if notice.date is None:
        warnings.append(Diagnostic("PF141", "通知未填写成文日期（notice.date），印发前请补上。", smap.key(("notice", "date"))))
    elif notice.date.year not in (plan.year, plan.year - 1):
        warnings.append(Diagnostic("PF142", f"成文日期在 {notice.date.year} 年，而计划是 {plan.year} 年的，请核对。", smap.value(("notice", "date"))))
    return dataclasses.replace(plan, notice=dataclasses.replace(notice, **updates)) if updates else plan
