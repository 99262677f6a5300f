"""The ``planforge`` command: verbs are the user's tasks.

Exit codes: 0 done (warnings allowed), 2 the plan has errors or the command
was used wrongly, 3 an internal error (a bug in planforge, reported briefly).
Heavy modules are imported inside the commands, so ``--help`` stays quick.
"""
from __future__ import annotations

import functools
import os
import sys
from pathlib import Path
from typing import List, Optional

import typer

app = typer.Typer(
    help="planforge：用 YAML 编写年度工作要点，生成符合 GB/T 9704 的公文。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

FORMATS = ("md", "docx", "notice", "pdf")


def _err(text: str) -> None:
    typer.echo(text, err=True)


def _plan_files(paths: List[Path]) -> List[Path]:
    """Plans named directly, and every plan in a named folder (org.yaml is not a plan)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.glob("*.yaml") if p.name != "org.yaml")
        else:
            files.append(path)
    return files


def guarded(command):
    """Turn any unexpected failure of a command into a short message instead of a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            _err("已中断。")
            raise typer.Exit(130) from None
        except Exception as exc:  # noqa: BLE001
            if os.environ.get("PLANFORGE_DEBUG"):
                raise
            _err(f"planforge 内部错误：{type(exc).__name__}: {exc}\n这是 planforge 的缺陷，不是您的计划写错了；"
                 "请把这条信息和计划文件交给维护人员（设置 PLANFORGE_DEBUG=1 可看到详细信息）。")
            raise typer.Exit(3) from None

    return wrapper


def _choose(value: str, allowed: tuple[str, ...], option: str) -> str:
    if value not in allowed:
        _err(f"{option} 只能是 {'、'.join(allowed)}，不是“{value}”。")
        raise typer.Exit(2)
    return value


def _report(exc, outcome: str) -> None:
    """A plan's errors, then what did not happen because of them."""
    from .diagnostics import format_text

    _err(format_text(exc.diagnostics) + f"\n{outcome}")


@app.command()
@guarded
def check(
    paths: List[Path] = typer.Argument(..., help="计划文件或文件夹", show_default=False),
    format: str = typer.Option("text", "--format", help="输出格式：text 或 json"),
    fix: bool = typer.Option(False, "--fix", help="就地改正可以安全改正的问题（标点、空格、科室旧称），保留注释和格式"),
    org: Optional[Path] = typer.Option(None, "--org", help="组织设置文件（默认找计划旁边的 org.yaml）"),
) -> None:
    """检查计划：格式和必填项，以及标点、占位符、日期、科室名称、年份等常见错误。有错误时退出码为 2。"""
    from .check import check_plan
    from .diagnostics import format_json, format_text, summary

    _choose(format, ("text", "json"), "--format")
    diagnostics, fixed = [], 0
    for file in _each(_plan_files(paths), "检查"):
        result = check_plan(file, org, fix=fix)
        diagnostics += result.diagnostics
        fixed += result.fixed
        for problem in result.problems:
            _err(problem)
    if format == "json":
        typer.echo(format_json(diagnostics))
    elif diagnostics:
        typer.echo(format_text(diagnostics))
    if format == "text":
        _err((f"已改正 {fixed} 处。" if fix else "") + f"检查完毕：{summary(diagnostics)}。")
    raise typer.Exit(2 if any(d.severity == "error" for d in diagnostics) else 0)


def _each(files: List[Path], label: str):
    """The files, with a progress bar on a terminal when there are several."""
    if len(files) < 2 or not sys.stderr.isatty():
        yield from files
        return
    from rich.progress import Progress

    with Progress(transient=True) as progress:
        task = progress.add_task(label, total=len(files))
        for file in files:
            progress.update(task, description=f"{label} {file.name}")
            yield file
            progress.advance(task)


@app.command()
@guarded
def render(
    paths: List[Path] = typer.Argument(..., help="计划文件或文件夹", show_default=False),
    output: Path = typer.Option(Path("build"), "-o", "--output", help="输出文件夹"),
    to: Optional[str] = typer.Option(None, "--to", help="逗号分隔：md,docx,notice,pdf；默认生成计划数据够用的全部格式（不含 pdf）"),
    templates: Optional[Path] = typer.Option(None, "--templates", help="自定义模板文件夹（默认用计划旁边的 templates/）"),
    org: Optional[Path] = typer.Option(None, "--org", help="组织设置文件（默认找计划旁边的 org.yaml）"),
) -> None:
    """把计划生成为 Markdown、DOCX（计划和印发通知）或 PDF。"""
    from .render import RenderError, render_plan

    formats = None
    if to:
        formats = [f.strip() for f in to.split(",") if f.strip()]
        unknown = [f for f in formats if f not in FORMATS]
        if unknown:
            _err(f"--to 不认识“{'、'.join(unknown)}”；可用：{','.join(FORMATS)}。")
            raise typer.Exit(2)
    failed, shown = False, set()
    for file in _each(_plan_files(paths), "生成"):
        try:
            for line in render_plan(file, output, formats, templates, org):
                if line not in shown:  # the same font notice for every plan of one organisation: once
                    shown.add(line)
                    _err(line)
        except RenderError as exc:
            failed = True
            _err(str(exc))
    raise typer.Exit(2 if failed else 0)


@app.command()
@guarded
def new(
    year: int = typer.Argument(..., help="新计划的年度，如 2025", show_default=False),
    source: Path = typer.Option(..., "--from", help="上一年的计划文件", show_default=False),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="新文件（默认与上一年的计划同一文件夹，名为 年度.yaml）"),
    force: bool = typer.Option(False, "--force", help="新文件已存在时覆盖它"),
) -> None:
    """从上一年的计划生成新一年的计划文件：保留注释和格式，清空通知的日期和文号，完成时限顺延。"""
    from .diagnostics import PlanError
    from .output import OutputError, write_atomic
    from .rollover import roll_forward

    target = output or source.with_name(f"{year}.yaml")
    if target.exists() and not force:
        _err(f"{target}: 错误: [PF202] 文件已存在，未改动。要覆盖请加 --force，或用 -o 指定别的文件。")
        raise typer.Exit(2)
    try:
        result = roll_forward(source, year, target)
    except PlanError as exc:
        _report(exc, f"{source}：有错误，未生成新计划。")
        raise typer.Exit(2) from None
    try:
        write_atomic(target, result.text, sources=[source])
    except OutputError as exc:
        _err(str(exc))
        raise typer.Exit(2) from None
    for warning in result.warnings:
        _err(str(warning))
    _err(f"已生成 {target}：年度改为 {year}；通知的成文日期、印发日期和发文字号已清空，请补填后运行 planforge check {target}。")


@app.command()
@guarded
def diff(
    old: Path = typer.Argument(..., help="上一年的计划", show_default=False),
    new: Path = typer.Argument(..., help="这一年的计划", show_default=False),
    format: str = typer.Option("text", "--format", help="text（终端）、md、docx（新旧对照表）或 json"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="写入文件（docx 必须指定）"),
    exit_code: bool = typer.Option(False, "--exit-code", help="有差异时退出码为 1（同 git diff --exit-code）"),
    org: Optional[Path] = typer.Option(None, "--org", help="组织设置文件（默认找计划旁边的 org.yaml）"),
) -> None:
    """比较两个年度的计划：新增、删除、移动、修改的任务，目标指标和部分标题的变化。"""
    import json

    from .diagnostics import PlanError
    from .diff import diff_plans
    from .diffreport import comparison_document, print_terminal
    from .load import load_plan
    from .output import OutputError, write_atomic

    _choose(format, ("text", "md", "docx", "json"), "--format")
    if format == "docx" and output is None:
        _err("错误: [PF180] --format docx 需要用 -o 指定输出文件，如 -o 对照.docx。")
        raise typer.Exit(2)
    try:
        result = diff_plans(load_plan(old, org), load_plan(new, org))
    except PlanError as exc:
        _report(exc, "有错误，无法比较。")
        raise typer.Exit(2) from None
    if format == "text" and output is None:
        from rich.console import Console

        print_terminal(result, Console())
    else:
        data: bytes | str
        if format == "json":
            data = json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n"
        elif format == "text":
            from io import StringIO

            from rich.console import Console

            buffer = StringIO()
            print_terminal(result, Console(file=buffer, width=120, no_color=True))
            data = buffer.getvalue()
        else:
            from .templating import Templates

            templates, document = Templates(), comparison_document(result)
            if format == "md":
                from .writers.markdown import write_markdown

                data = write_markdown(document, templates)
            else:
                from .writers.docx import write_docx

                data = write_docx(document, result.new.plan.org, templates)
        if output is None:
            typer.echo(data, nl=False)
        else:
            try:
                write_atomic(output, data, sources=[old, new])
            except OutputError as exc:
                _err(str(exc))
                raise typer.Exit(2) from None
            _err(f"已生成 {output}")
    raise typer.Exit(1 if exit_code and not result.empty else 0)


@app.command("import")
@guarded
def import_(
    source: Path = typer.Argument(..., help="上一年的计划：.docx、.doc、.wps、.pdf、.html、.txt 或 .md", show_default=False),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="要写的计划文件，如 plans/2023.yaml", show_default=False),
    year: Optional[int] = typer.Option(None, "--year", help="年度（标题中没有年份时使用）"),
    title: Optional[str] = typer.Option(None, "--title", help="标题（原文没有标题行或识别错时使用）"),
    kind: Optional[str] = typer.Option(None, "--kind", help="文种，如 工作要点、工作计划、重点工作安排意见"),
    explain: bool = typer.Option(False, "--explain", help="不写文件，逐行列出识别结果和理由"),
    force: bool = typer.Option(False, "--force", help="计划文件已存在时覆盖它"),
) -> None:
    """从 Word/WPS、PDF、网页或文字导入计划：识别通知、标题、总体要求、目标、各部分、任务和责任科室，写成计划文件。"""
    from .importing import ImportFailed, explain_document, import_document

    try:
        if explain:
            typer.echo(explain_document(source, title, kind))
            return
        if output is None:
            _err("请用 -o 指定要写的计划文件，如 -o plans/2023.yaml（只想看识别结果请加 --explain）。")
            raise typer.Exit(2)
        report = import_document(source, output, year, force, title, kind)
    except ImportFailed as exc:
        _err("\n".join(str(d) for d in exc.diagnostics))
        raise typer.Exit(2) from None
    for warning in report.warnings:
        _err(str(warning))
    _err(report.summary)
    _err(f"已生成 {report.plan_path}" + (f"，并新建了 {report.org_path}" if report.org_created else
                                          f"，{report.org_path} 中新增科室：{'、'.join(report.departments_added)}" if report.departments_added else ""))


@app.command()
@guarded
def verify(
    files: List[Path] = typer.Argument(..., help="要检查的 DOCX 文件", show_default=False),
    format: str = typer.Option("text", "--format", help="输出格式：text 或 json"),
) -> None:
    """按 GB/T 9704-2012 检查 DOCX 的版式（任何人做的都可以）。符合时退出码 0，不符合 1，读不了 2。"""
    import json

    from .verify import VerifyError, format_report, to_json, verify_docx

    _choose(format, ("text", "json"), "--format")
    status, reports = 0, []
    for file in files:
        try:
            checks = verify_docx(file)
        except VerifyError as exc:
            _err(f"{file}: 错误: [PF170] {exc}")
            status = 2
            continue
        if any(c.status == "fail" for c in checks):
            status = max(status, 1)
        reports.append(to_json(str(file), checks) if format == "json" else format_report(str(file), checks))
    if format == "json":
        typer.echo(json.dumps(reports, ensure_ascii=False, indent=2))
    elif reports:
        typer.echo("\n\n".join(reports))
    raise typer.Exit(status)


@app.command()
@guarded
def tasks(
    paths: List[Path] = typer.Argument(..., help="计划文件或文件夹", show_default=False),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="任务分解表文件（.xlsx、.docx 或 .csv）；多个计划时为文件夹"),
    by: Optional[str] = typer.Option(None, "--by", help="department：在终端按科室汇总牵头和配合的任务数"),
    format: str = typer.Option("xlsx", "--format", help="-o 为文件夹时的格式：xlsx、docx 或 csv"),
    org: Optional[Path] = typer.Option(None, "--org", help="组织设置文件（默认找计划旁边的 org.yaml）"),
) -> None:
    """生成任务分解表（序号、重点任务、具体内容、牵头科室、配合科室、完成时限），或按科室汇总。"""
    from rich.console import Console

    from .breakdown import print_summary, rows
    from .diagnostics import PlanError
    from .load import load_plan
    from .output import OutputError, write_atomic

    if by is not None:
        _choose(by, ("department",), "--by")
    files = _plan_files(paths)
    to_folder = output is not None and (len(files) > 1 or output.is_dir() or not output.suffix)
    suffix = f".{format}" if to_folder else (output.suffix.lower() if output else "")
    if output is not None and suffix not in (".xlsx", ".docx", ".csv"):
        _err(f"不认识的任务分解表格式“{suffix or output}”：请用 .xlsx、.docx 或 .csv。")
        raise typer.Exit(2)
    failed = False
    for file in _each(files, "分解"):
        try:
            loaded = load_plan(file, org)
        except PlanError as exc:
            _report(exc, f"{file}：有错误，未生成任务分解表。")
            failed = True
            continue
        table = rows(loaded.plan)
        if output is None or by:
            print_summary(loaded.plan, table, Console())
        if output is None:
            continue
        target = output / f"{file.stem}-分工{suffix}" if to_folder else output
        try:
            write_atomic(target, _breakdown_bytes(loaded, table, suffix), sources=[file])
        except OutputError as exc:
            _err(str(exc))
            failed = True
            continue
        _err(f"已生成 {target}")
    raise typer.Exit(2 if failed else 0)


def _breakdown_bytes(loaded, table, suffix: str) -> bytes:
    from .breakdown import tasks_document, write_csv, write_xlsx

    if suffix == ".csv":
        return write_csv(table)
    if suffix == ".xlsx":
        return write_xlsx(loaded.plan, table)
    from .templating import Templates
    from .writers.docx import write_docx

    return write_docx(tasks_document(loaded.plan, table), loaded.plan.org, Templates())


@app.command()
@guarded
def fonts(
    plan: Optional[Path] = typer.Argument(None, help="计划文件（用它的 org.yaml 中的字体；省略时用默认字体）", show_default=False),
    format: str = typer.Option("text", "--format", help="输出格式：text 或 json"),
    org: Optional[Path] = typer.Option(None, "--org", help="组织设置文件（默认找计划旁边的 org.yaml）"),
) -> None:
    """列出公文需要的字体、本机是否已安装、PDF 中用什么代替，以及可安装的免费字体。都已安装或有替代时退出码 0，否则 1。"""
    import json

    from .fontconfig import installed_fonts
    from .fontreport import report_json, report_text
    from .fonts import choose
    from .model import Fonts

    _choose(format, ("text", "json"), "--format")
    wanted, source = Fonts(), None
    if plan is not None:
        from .diagnostics import PlanError
        from .load import display_path, load_plan

        try:
            loaded = load_plan(plan, org)
        except PlanError as exc:
            _report(exc, f"{plan}：有错误，无法读取字体设置。")
            raise typer.Exit(2) from None
        wanted, source = loaded.plan.org.fonts, display_path(loaded.org_file or plan)
    installed = installed_fonts()
    choices = choose(wanted, installed)
    if format == "json":
        typer.echo(json.dumps(report_json(choices, installed, source), ensure_ascii=False, indent=2))
    else:
        typer.echo(report_text(choices, installed, f"取自 {source}" if source else "默认设置"))
    raise typer.Exit(0 if all(c.ok for c in choices) else 1)


@app.command()
@guarded
def schema(
    org: bool = typer.Option(False, "--org", help="输出 org.yaml 的 JSON Schema（默认输出计划文件的）"),
) -> None:
    """输出计划文件的 JSON Schema，供编辑器补全和校验。"""
    import json

    from .model import Organisation, Plan

    model = Organisation if org else Plan
    typer.echo(json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2))


def main() -> None:  # console-script entry point
    app(prog_name="planforge")


if __name__ == "__main__":
    sys.exit(main())
