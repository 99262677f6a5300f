"""The ``planforge`` command: verbs are the user's tasks.

Exit codes: 0 done (warnings allowed), 2 the plan has errors or the command
was used wrongly, 3 an internal error (a bug in planforge, reported briefly).
Heavy modules are imported inside the commands, so ``--help`` stays quick.
"""
from __future__ import annotations

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


def _guard(run):
    """Turn any unexpected failure into a short message instead of a traceback."""
    try:
        return run()
    except (typer.Exit, typer.Abort, SystemExit):
        raise
    except KeyboardInterrupt:
        _err("已中断。")
        raise typer.Exit(130)
    except Exception as exc:  # noqa: BLE001
        if os.environ.get("PLANFORGE_DEBUG"):
            raise
        _err(f"planforge 内部错误：{type(exc).__name__}: {exc}\n这是 planforge 的缺陷，不是您的计划写错了；"
             "请把这条信息和计划文件交给维护人员（设置 PLANFORGE_DEBUG=1 可看到详细信息）。")
        raise typer.Exit(3)


@app.command()
def check(
    paths: List[Path] = typer.Argument(..., help="计划文件或文件夹", show_default=False),
    format: str = typer.Option("text", "--format", help="输出格式：text 或 json"),
    org: Optional[Path] = typer.Option(None, "--org", help="组织设置文件（默认找计划旁边的 org.yaml）"),
) -> None:
    """检查计划文件：格式、必填项、科室名称、文号、日期等。有错误时退出码为 2。"""

    def run():
        from .diagnostics import PlanError, format_json, format_text, summary
        from .load import load_plan

        if format not in ("text", "json"):
            _err(f"--format 只能是 text 或 json，不是“{format}”。")
            raise typer.Exit(2)
        diagnostics = []
        for file in _plan_files(paths):
            try:
                diagnostics += load_plan(file, org).warnings
            except PlanError as exc:
                diagnostics += exc.diagnostics
        if format == "json":
            typer.echo(format_json(diagnostics))
        elif diagnostics:
            typer.echo(format_text(diagnostics))
        if format == "text":
            _err(f"检查完毕：{summary(diagnostics)}。")
        raise typer.Exit(2 if any(d.severity == "error" for d in diagnostics) else 0)

    _guard(run)


@app.command()
def render(
    paths: List[Path] = typer.Argument(..., help="计划文件或文件夹", show_default=False),
    output: Path = typer.Option(Path("build"), "-o", "--output", help="输出文件夹"),
    to: Optional[str] = typer.Option(None, "--to", help="逗号分隔：md,docx,notice,pdf；默认生成计划数据够用的全部格式（不含 pdf）"),
    templates: Optional[Path] = typer.Option(None, "--templates", help="自定义模板文件夹（默认用计划旁边的 templates/）"),
    org: Optional[Path] = typer.Option(None, "--org", help="组织设置文件（默认找计划旁边的 org.yaml）"),
) -> None:
    """把计划生成为 Markdown、DOCX（计划和印发通知）或 PDF。"""

    def run():
        from .render import RenderError, render_plan

        formats = None
        if to:
            formats = [f.strip() for f in to.split(",") if f.strip()]
            unknown = [f for f in formats if f not in FORMATS]
            if unknown:
                _err(f"--to 不认识“{'、'.join(unknown)}”；可用：{','.join(FORMATS)}。")
                raise typer.Exit(2)
        failed = False
        for file in _plan_files(paths):
            try:
                for line in render_plan(file, output, formats, templates, org):
                    _err(line)
            except RenderError as exc:
                failed = True
                _err(str(exc))
        raise typer.Exit(2 if failed else 0)

    _guard(run)


@app.command()
def verify(
    files: List[Path] = typer.Argument(..., help="要检查的 DOCX 文件", show_default=False),
    format: str = typer.Option("text", "--format", help="输出格式：text 或 json"),
) -> None:
    """按 GB/T 9704-2012 检查 DOCX 的版式（任何人做的都可以）。符合时退出码 0，不符合 1，读不了 2。"""

    def run():
        import json

        from .verify import VerifyError, format_report, to_json, verify_docx

        if format not in ("text", "json"):
            _err(f"--format 只能是 text 或 json，不是“{format}”。")
            raise typer.Exit(2)
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

    _guard(run)


@app.command()
def schema(
    org: bool = typer.Option(False, "--org", help="输出 org.yaml 的 JSON Schema（默认输出计划文件的）"),
) -> None:
    """输出计划文件的 JSON Schema，供编辑器补全和校验。"""

    def run():
        import json

        from .model import Organisation, Plan

        model = Organisation if org else Plan
        typer.echo(json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2))

    _guard(run)


def main() -> None:  # console-script entry point
    app(prog_name="planforge")


if __name__ == "__main__":
    sys.exit(main())
