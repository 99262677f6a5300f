"""The ``planforge`` command: verbs are the user's tasks.

Exit codes: 0 done (warnings allowed), 1 a finding that is not an error
(``verify``, ``fonts``, ``diff --exit-code``, ``check --strict``), 2 the plan has errors or the command
was used wrongly, 3 an internal error (a bug in planforge, reported briefly),
130 interrupted.  Plain click rather than typer: it imports in a fraction of
the time, and every word it prints can be Chinese (``clitext``, ``cliformat``).
Heavy modules are imported inside the commands, so ``--version`` and
``--help`` load none of them (tests/test_cli_help.py checks it).
"""
from __future__ import annotations

import errno
import functools
import os
import sys
from pathlib import Path
from typing import List, Optional

import click
from click.exceptions import Exit

from . import __version__, clitext, completion
from .cliformat import Group

clitext.install()
completion.install()


class _Planforge(Group):
    """The ``planforge`` group: every usage error and interruption said in Chinese, with its exit code.

    The same whether run as the console script or by click's test runner
    (which asks for ``standalone_mode``): errors are never left to click."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        try:
            status = super().main(args, prog_name or "planforge", complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as exc:
            exc.show()
            status = 2
        except click.UsageError as exc:
            _err(_usage_message(exc))
            status = 2
        except click.ClickException as exc:
            exc.show()
            status = exc.exit_code
        except (click.Abort, KeyboardInterrupt):
            _err("已中断。")
            status = 130
        except BrokenPipeError:
            status = _closed_stdout()
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            status = _closed_stdout()
        except OSError as exc:
            _err(f"错误: 无法输出结果：{exc.strerror}（磁盘已满？）。")
            _closed_stdout()
            status = 2
        sys.exit(status if isinstance(status, int) else 0)


@click.group(
    "planforge",
    cls=_Planforge,
    help="planforge：用 YAML 编写年度工作要点，生成符合 GB/T 9704 的公文。\n\n"
         "运行 planforge 命令 -h 查看各命令的用法，如 planforge render -h。",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="planforge", message="%(prog)s %(version)s", help="显示版本号并退出")
def app() -> None:
    """The group itself does nothing: each command does its own work."""


class Integer(click.ParamType):
    """A whole number, with the mistake said as the plan errors say it (``应为整数，这里是“abc”``)."""

    name = "整数"

    def convert(self, value, param, ctx):
        try:
            return value if isinstance(value, int) else int(value)
        except ValueError:
            self.fail(f"应为整数，这里是“{value}”", param, ctx)


INTEGER = Integer()


class Choice(click.Choice):
    """One of a few words, with the mistake said as ``--format`` says it (``只能是 bash、zsh，不是“tcsh”``)
    rather than click's list of Python reprs (``'bash', 'zsh'``)."""

    def get_invalid_choice_message(self, value, ctx) -> str:
        return f"只能是 {'、'.join(self.choices)}，不是“{value}”"
PATH = click.Path(path_type=Path)  # a file or a folder, completed as one by the shell; the commands check it


def _one_of(*values: str):
    """Shell completion of an option whose values are checked by the command (``_choose``)."""
    return lambda ctx, param, incomplete: [v for v in values if v.startswith(incomplete)]


FORMATS = ("md", "docx", "notice", "notice-md", "pdf", "html", "notice-html")


def _list_of(*values: str):
    """Shell completion of a comma-separated list (``--to md,docx``): the word's last item,
    after the ones already given, which are not offered again."""
    def complete(ctx, param, incomplete: str) -> list[str]:
        given, _, last = incomplete.rpartition(",")
        head = given + "," if given else ""
        return [head + v for v in values if v.startswith(last) and v not in given.split(",")]
    return complete


def _code_of(ctx, param, incomplete: str) -> list[str]:
    """Shell completion of ``explain``'s code: the registry's codes (cheap to import: plain data)."""
    from .codes import REGISTRY

    return [code for code in REGISTRY if code.startswith(incomplete.strip().upper())]


def _err(text: str) -> None:
    click.echo(text, err=True)


def _plan_files(paths: List[Path]) -> List[Path]:
    """Plans named directly, and every plan in a named folder (org.yaml is not a plan).

    A folder without plans is a mistake worth saying, not a silent success."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.glob("*.yaml") if p.name != "org.yaml")
            if not found:
                _err(f"{path}: 错误: [PF005] 文件夹中没有计划文件（*.yaml），什么也没做。")
                raise Exit(2)
            files += found
        elif path.name == "org.yaml":
            _err(f"{path}: 错误: [PF004] 这是组织设置文件（org.yaml），不是计划文件；请给出计划文件，如 plans/2024.yaml，"
                 "它会自动用上旁边的 org.yaml。")
            raise Exit(2)
        else:
            files.append(path)
    return files


def _distinct_stems(files: List[Path], what: str) -> None:
    """Two plans named alike would write the same output file: refuse before writing anything."""
    seen: dict[str, Path] = {}
    for file in files:
        if file.stem in seen and seen[file.stem].resolve() != file.resolve():
            _err(f"{file}: 错误: [PF203] 与 {seen[file.stem]} 同名，{what}会互相覆盖；请分别运行，或用不同的 -o。")
            raise Exit(2)
        seen[file.stem] = file


def _sources(files: List[Path], org: Optional[Path] = None, templates: Optional[Path] = None):
    """Everything the command reads: no output may be written over any of it."""
    from .output import Sources, plan_sources

    total = Sources()
    for file in files:
        total = total + plan_sources(file, org, templates)
    return total


def guarded(command):
    """Turn any unexpected failure of a command into a short message instead of a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        from .diagnostics import PlanforgeError

        try:
            return command(*args, **kwargs)
        except (Exit, click.Abort, SystemExit):
            raise
        except PlanforgeError as exc:  # the user's problem, said where it is: not a bug of ours
            _err(str(exc))
            raise Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            _err("已中断。")
            raise Exit(130) from None
        except BrokenPipeError:
            raise Exit(_closed_stdout()) from None
        except OSError as exc:
            if exc.errno not in (errno.ENOSPC, errno.EIO, errno.EDQUOT):
                raise _internal(exc) from None
            _err(f"错误: 无法输出结果：{exc.strerror}（磁盘已满？）。")
            raise Exit(2) from None
        except Exception as exc:  # noqa: BLE001
            raise _internal(exc) from None

    return wrapper


def _internal(exc: Exception) -> Exit:
    """A bug of ours: a short message and exit 3 (a traceback with PLANFORGE_DEBUG=1)."""
    if os.environ.get("PLANFORGE_DEBUG"):
        raise exc
    _err(f"planforge 内部错误：{type(exc).__name__}: {exc}\n这是 planforge 的缺陷，不是您的计划写错了；"
         "请把这条信息和计划文件交给维护人员（设置 PLANFORGE_DEBUG=1 可看到详细信息）。")
    return Exit(3)


def _choose(value: str, allowed: tuple[str, ...], option: str) -> str:
    if value not in allowed:
        command = click.get_current_context(silent=True)
        _err(f"错误: {option} 只能是 {'、'.join(allowed)}，不是“{value}”。\n"
             f"运行 {command.command_path if command else 'planforge'} --help 查看用法。")
        raise Exit(2)
    return value


def _report(exc, outcome: str) -> None:
    """A plan's errors, then what did not happen because of them."""
    from .diagnostics import format_text

    _err(format_text(exc.diagnostics) + f"\n{outcome}")


@app.command(short_help="检查计划：格式、标点、日期、科室名称等")
@click.argument("paths", nargs=-1, required=True, type=PATH, metavar="文件或文件夹", help="计划文件或文件夹（可以有多个）")
@click.option("--format", default="text", metavar="格式", help="输出格式：text 或 json", shell_complete=_one_of("text", "json"))
@click.option("--fix", is_flag=True, help="就地改正可以安全改正的问题（标点、空格、科室旧称），保留注释和格式")
@click.option("--strict", is_flag=True, help="有警告也算不通过（退出码 1；草稿中暂缺文号、日期的提醒除外），供 pre-commit 和 CI 使用")
@click.option("--org", type=PATH, metavar="文件", help="组织设置文件（默认找计划旁边的 org.yaml）")
@guarded
def check(paths: tuple[Path, ...], format: str, fix: bool, strict: bool, org: Optional[Path]) -> None:
    """检查计划：格式和必填项，以及标点、占位符、日期、科室名称、年份等常见错误。有错误时退出码为 2（--strict 时有警告为 1）。

    给出 org.yaml 或 templates/ 中的模板时，检查用到它的所有计划（供 pre-commit 在这些文件改动时使用）。"""
    from .check import check_plan
    from .codes import fails_strict
    from .dependents import expand, template_diagnostics
    from .diagnostics import format_json, format_text, summary

    _choose(format, ("text", "json"), "--format")
    diagnostics, fixed, unwritten = [], {}, False
    said = set()  # org.yaml and a template stand for several plans: their own mistakes are said once
    for file in _each(_plan_files(expand(paths)), "检查"):
        result = check_plan(file, org, fix=fix)
        found = list(result.diagnostics)
        if not any(d.severity == "error" for d in result.diagnostics):
            found += template_diagnostics(file, org)
        diagnostics += [d for d in found if d not in said]
        said.update(found)
        if result.fixed:
            fixed[file] = result.fixed
        for problem in result.problems:
            _err(problem)
            unwritten = True
    if format == "json":
        click.echo(format_json(diagnostics))
    elif diagnostics:
        click.echo(format_text(diagnostics))
    if format == "text":
        where = "，".join(f"{file} {count} 处" for file, count in fixed.items())
        done = f"已改正 {sum(fixed.values())} 处" + (f"（{where}）" if where else "") + "。"
        _err((done if fix else "") + f"检查完毕：{summary(diagnostics)}。")
    failing_warnings = strict and any(fails_strict(d.code) for d in diagnostics)
    raise Exit(2 if unwritten or any(d.severity == "error" for d in diagnostics) else 1 if failing_warnings else 0)


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


@app.command(short_help="生成 Markdown、DOCX、印发通知、PDF 或网页")
@click.argument("paths", nargs=-1, required=True, type=PATH, metavar="文件或文件夹", help="计划文件或文件夹（可以有多个）")
@click.option("-o", "--output", type=PATH, default=Path("build"), metavar="文件夹", help="输出文件夹（默认 build）")
@click.option("--to", metavar="格式", help="逗号分隔：md,docx,notice,notice-md,pdf,html,notice-html；默认生成计划数据够用的全部格式（不含 pdf）", shell_complete=_list_of(*FORMATS))
@click.option("--templates", type=PATH, metavar="文件夹", help="自定义模板文件夹（默认用计划旁边的 templates/）")
@click.option("--org", type=PATH, metavar="文件", help="组织设置文件（默认找计划旁边的 org.yaml）")
@guarded
def render(paths: tuple[Path, ...], output: Path, to: Optional[str], templates: Optional[Path], org: Optional[Path]) -> None:
    """把计划生成为 Markdown、DOCX（计划和印发通知）、PDF 或网页（HTML）。"""
    from .render import RenderError, render_plan

    formats = None
    if to:
        formats = [f.strip() for f in to.split(",") if f.strip()]
        unknown = [f for f in formats if f not in FORMATS]
        if unknown:
            _err(f"--to 不认识“{'、'.join(unknown)}”；可用：{','.join(FORMATS)}。")
            raise Exit(2)
    failed, shown = False, set()
    files = _plan_files(paths)
    _distinct_stems(files, "生成的文件")
    sources = _sources(files, org, templates)
    for file in _each(files, "生成"):
        try:
            for line in render_plan(file, output, formats, templates, org, sources):
                if line not in shown:  # the same font notice for every plan of one organisation: once
                    shown.add(line)
                    _err(line)
        except RenderError as exc:
            failed = True
            _err(str(exc))
    raise Exit(2 if failed else 0)


@app.command(short_help="在浏览器中预览，保存后自动更新")
@click.argument("plan", type=PATH, metavar="计划文件", help="计划文件")
@click.option("--port", type=INTEGER, default=0, metavar="端口", help="端口（默认自动选一个空闲端口）")
@click.option("--open", "open_browser", is_flag=True, help="启动后用默认浏览器打开预览")
@click.option("--lint", is_flag=True, help="同时显示 planforge check 发现的问题")
@click.option("--templates", type=PATH, metavar="文件夹", help="自定义模板文件夹（默认用计划旁边的 templates/）")
@click.option("--org", type=PATH, metavar="文件", help="组织设置文件（默认找计划旁边的 org.yaml）")
@guarded
def preview(plan: Path, port: int, open_browser: bool, lint: bool, templates: Optional[Path], org: Optional[Path]) -> None:
    """在浏览器中预览计划和印发通知：保存计划文件、org.yaml 或模板后页面自动更新，出错时显示错误位置。按 Ctrl-C 停止。"""
    import errno
    import threading
    import webbrowser

    from .preview import Preview, PreviewServer

    if not plan.is_file():
        _err(f"{plan}: 错误: [PF000] 找不到文件。")
        raise Exit(2)
    if not 0 <= port <= 65535:
        _err(f"--port 应在 0 到 65535 之间，不是 {port}。")
        raise Exit(2)
    try:
        server = PreviewServer(Preview(plan, org, templates, lint), port=port)
    except OSError as exc:
        busy = exc.errno == errno.EADDRINUSE
        _err(f"无法在端口 {port} 上启动预览：" + ("端口已被占用，请换一个端口，或不加 --port 自动选择。" if busy else f"{exc.strerror}。"))
        raise Exit(2) from None
    server.start()
    _err(f"预览：{server.url}  （保存 {plan.name} 后页面自动更新；按 Ctrl-C 停止）")
    if open_browser:
        webbrowser.open(server.url)
    try:
        forever = threading.Event()
        while not forever.wait(1):  # a timeout, so that Ctrl-C is seen on every platform
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    _err("预览已停止。")


@app.command(short_help="从上一年的计划生成新一年的计划文件")
@click.argument("year", type=INTEGER, metavar="年度", help="新计划的年度，如 2025")
@click.option("--from", "source", type=PATH, required=True, metavar="文件", help="上一年的计划文件")
@click.option("-o", "--output", type=PATH, metavar="文件", help="新文件（默认与上一年的计划同一文件夹，名为 年度.yaml）")
@click.option("--force", is_flag=True, help="新文件已存在时覆盖它")
@guarded
def new(year: int, source: Path, output: Optional[Path], force: bool) -> None:
    """从上一年的计划生成新一年的计划文件：保留注释和格式，清空通知的日期和文号，完成时限顺延。"""
    from .diagnostics import PlanError
    from .output import OutputError, plan_sources, write_outputs
    from .load import display_path, find_org_file
    from .rollover import roll_forward
    from .schema import stale_schema_files

    first, last = _year_range()
    if not first <= year <= last:
        _err(f"错误: [PF106] 年度 {year} 不合理：应在 {first} 到 {last} 之间，如 planforge new 2025 --from plans/2024.yaml。")
        raise Exit(2)
    target = output or source.with_name(f"{year}.yaml")
    refused = plan_sources(source).guards(target)
    if refused:
        _err(f"{target}: 错误: [PF202] 拒绝写入：{refused}。请用 -o 指定别的文件。")
        raise Exit(2)
    if target.exists() and not force:
        _err(f"{target}: 错误: [PF202] 文件已存在，未改动。要覆盖请加 --force，或用 -o 指定别的文件。")
        raise Exit(2)
    try:
        result = roll_forward(source, year, target)
    except PlanError as exc:
        _report(exc, f"{source}：有错误，未生成新计划。")
        raise Exit(2) from None
    try:
        org_file = find_org_file(target)
        schemas = stale_schema_files(target.parent, org_file.parent if org_file else None)
        write_outputs([(target, result.text)] + schemas, plan_sources(source))
    except OutputError as exc:
        _err(str(exc))
        raise Exit(2) from None
    for warning in result.warnings:
        _err(str(warning))
    _err(f"已生成 {target}：年度改为 {year}；通知的成文日期、印发日期和发文字号已清空，请补填后运行 planforge check {target}。")
    if schemas:
        _err(f"已写出编辑器用的 JSON Schema：{'、'.join(display_path(path) for path, _ in schemas)}。")


def _year_range() -> tuple[int, int]:
    """The years a plan may have, as the model says (``Plan.year``)."""
    from .model import Plan
    from .typed import spec_of

    year = spec_of(Plan, "year")
    return int(year.ge), int(year.le)


@app.command(short_help="比较两个年度的计划")
@click.argument("old", type=PATH, metavar="上一年的计划", help="上一年的计划文件")
@click.argument("new", type=PATH, metavar="这一年的计划", help="这一年的计划文件")
@click.option("--format", default="text", metavar="格式", help="text（终端）、md、docx（新旧对照表）或 json", shell_complete=_one_of("text", "md", "docx", "json"))
@click.option("-o", "--output", type=PATH, metavar="文件", help="写入文件（docx 必须指定）")
@click.option("--exit-code", is_flag=True, help="有差异时退出码为 1（同 git diff --exit-code）")
@click.option("--org", type=PATH, metavar="文件", help="组织设置文件（默认找计划旁边的 org.yaml）")
@guarded
def diff(old: Path, new: Path, format: str, output: Optional[Path], exit_code: bool, org: Optional[Path]) -> None:
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
        raise Exit(2)
    try:
        result = diff_plans(load_plan(old, org), load_plan(new, org))
    except PlanError as exc:
        _report(exc, "有错误，无法比较。")
        raise Exit(2) from None
    if format == "text" and output is None:
        from rich.console import Console

        console = Console()
        # wrapped to the window on a terminal; sent to a file or a pipe, one line per item (not cut at 80 columns)
        print_terminal(result, console if console.is_terminal else Console(soft_wrap=True))
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
            click.echo(data, nl=False)
        else:
            try:
                write_atomic(output, data, _sources([old, new], org))
            except OutputError as exc:
                _err(str(exc))
                raise Exit(2) from None
            _err(f"已生成 {output}")
    raise Exit(1 if exit_code and not result.empty else 0)


@app.command("import", short_help="从 Word/WPS、PDF、网页或文字导入计划")
@click.argument("source", type=PATH, metavar="文件", help="上一年的计划：.docx、.doc、.wps、.pdf、.html、.txt 或 .md")
@click.option("-o", "--output", type=PATH, metavar="文件", help="要写的计划文件，如 plans/2023.yaml")
@click.option("--year", type=INTEGER, metavar="年度", help="年度（标题中没有年份时使用）")
@click.option("--title", metavar="标题", help="标题（原文没有标题行或识别错时使用）")
@click.option("--kind", metavar="文种", help="文种，如 工作要点、工作计划、重点工作安排意见")
@click.option("--explain", is_flag=True, help="不写文件，逐行列出识别结果和理由")
@click.option("--force", is_flag=True, help="计划文件已存在时覆盖它")
@guarded
def import_(source: Path, output: Optional[Path], year: Optional[int], title: Optional[str], kind: Optional[str],
            explain: bool, force: bool) -> None:
    """从 Word/WPS、PDF、网页或文字导入计划：识别通知、标题、总体要求、目标、各部分、任务和责任科室，写成计划文件。"""
    from .importing import ImportFailed, explain_document, import_document
    from .output import OutputError

    try:
        if explain:
            click.echo(explain_document(source, title, kind))
            return
        if output is None:
            _err("请用 -o 指定要写的计划文件，如 -o plans/2023.yaml（只想看识别结果请加 --explain）。")
            raise Exit(2)
        report = import_document(source, output, year, force, title, kind)
    except ImportFailed as exc:
        _err("\n".join(str(d) for d in exc.diagnostics))
        raise Exit(2) from None
    except OutputError as exc:
        _err(f"{output}: 错误: [PF202] {exc}未写入任何文件。")
        raise Exit(2) from None
    for warning in report.warnings:
        _err(str(warning))
    _err(report.summary)
    _err(f"已生成 {report.plan_path}" + (f"，并新建了 {report.org_path}" if report.org_created else
                                          f"，{report.org_path} 中新增科室：{'、'.join(report.departments_added)}" if report.departments_added else ""))


@app.command(short_help="按 GB/T 9704-2012 检查任何 DOCX 的版式")
@click.argument("files", nargs=-1, required=True, type=PATH, metavar="文件", help="要检查的 DOCX 文件（可以有多个）")
@click.option("--format", default="text", metavar="格式", help="输出格式：text 或 json", shell_complete=_one_of("text", "json"))
@click.option("--no-pages", is_flag=True, help="只检查 DOCX 的设置，不渲染成 PDF 检查页面")
@click.option("--pdf", type=PATH, metavar="文件", help="用已有的 PDF（如 Word/WPS 另存的）检查页面，不再调用 LibreOffice")
@click.option("--single-sided", is_flag=True, help="单面印刷：不要求版记在偶数页")
@guarded
def verify(files: tuple[Path, ...], format: str, no_pages: bool, pdf: Optional[Path], single_sided: bool) -> None:
    """按 GB/T 9704-2012 检查 DOCX 的版式（任何人做的都可以）和渲染后的页面。符合时退出码 0，不符合 1，读不了 2。"""
    import json

    from .verify import VerifyError, format_report, to_json, verify_docx
    from .verify_pages import verify_pages

    _choose(format, ("text", "json"), "--format")
    if pdf is not None and (len(files) != 1 or no_pages):
        _err("--pdf 只能和一个 DOCX 文件一起用，且不能同时用 --no-pages。")
        raise Exit(2)
    status, reports = 0, []
    for file in files:
        try:
            checks = verify_docx(file)
            if not no_pages:
                checks += verify_pages(file, pdf, double_sided=False if single_sided else None)
        except VerifyError as exc:
            _err(f"{file}: 错误: [PF170] {exc}")
            status = 2
            continue
        if any(c.status == "fail" for c in checks):
            status = max(status, 1)
        reports.append(to_json(str(file), checks) if format == "json" else format_report(str(file), checks))
    if format == "json":
        click.echo(json.dumps(reports, ensure_ascii=False, indent=2))
    elif reports:
        click.echo("\n\n".join(reports))
    raise Exit(status)


@app.command(short_help="生成任务分解表，或按科室汇总任务数")
@click.argument("paths", nargs=-1, required=True, type=PATH, metavar="文件或文件夹", help="计划文件或文件夹（可以有多个）")
@click.option("-o", "--output", type=PATH, metavar="文件", help="任务分解表文件（.xlsx、.docx 或 .csv）；多个计划时为文件夹")
@click.option("--by", metavar="方式", help="department：在终端按科室汇总牵头和配合的任务数", shell_complete=_one_of("department"))
@click.option("--format", default="xlsx", metavar="格式", help="-o 为文件夹时的格式：xlsx、docx 或 csv（默认 xlsx）", shell_complete=_one_of("xlsx", "docx", "csv"))
@click.option("--org", type=PATH, metavar="文件", help="组织设置文件（默认找计划旁边的 org.yaml）")
@guarded
def tasks(paths: tuple[Path, ...], output: Optional[Path], by: Optional[str], format: str, org: Optional[Path]) -> None:
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
    if to_folder:
        _distinct_stems(files, "任务分解表")
    sources = _sources(files, org)
    suffix = f".{format}" if to_folder else (output.suffix.lower() if output else "")
    if output is not None and suffix not in (".xlsx", ".docx", ".csv"):
        _err(f"不认识的任务分解表格式“{suffix or output}”：请用 .xlsx、.docx 或 .csv。")
        raise Exit(2)
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
            write_atomic(target, _breakdown_bytes(loaded, table, suffix), sources)
        except OutputError as exc:
            _err(str(exc))
            failed = True
            continue
        _err(f"已生成 {target}")
    raise Exit(2 if failed else 0)


def _breakdown_bytes(loaded, table, suffix: str) -> bytes:
    from .breakdown import tasks_document, write_csv

    if suffix == ".csv":
        return write_csv(loaded.plan, table)
    if suffix == ".xlsx":
        from .breakdown_xlsx import write_xlsx

        return write_xlsx(loaded.plan, table)
    from .templating import Templates
    from .writers.docx import write_docx

    return write_docx(tasks_document(loaded.plan, table), loaded.plan.org, Templates())


@app.command(short_help="列出公文需要的字体和本机的替代字体")
@click.argument("plan", type=PATH, required=False, metavar="[计划文件]", help="计划文件（用它的 org.yaml 中的字体；省略时用默认字体）")
@click.option("--format", default="text", metavar="格式", help="输出格式：text 或 json", shell_complete=_one_of("text", "json"))
@click.option("--org", type=PATH, metavar="文件", help="组织设置文件（默认找计划旁边的 org.yaml）")
@guarded
def fonts(plan: Optional[Path], format: str, org: Optional[Path]) -> None:
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
            raise Exit(2) from None
        wanted, source = loaded.plan.org.fonts, display_path(loaded.org_file or plan)
    installed = installed_fonts()
    choices = choose(wanted, installed)
    if format == "json":
        click.echo(json.dumps(report_json(choices, installed, source), ensure_ascii=False, indent=2))
    else:
        click.echo(report_text(choices, installed, f"取自 {source}" if source else "默认设置"))
    raise Exit(0 if all(c.ok for c in choices) else 1)


@app.command(short_help="输出计划文件的 JSON Schema，供编辑器使用")
@click.option("--org", is_flag=True, help="输出 org.yaml 的 JSON Schema（默认输出计划文件的）")
@click.option("-o", "--output", type=PATH, metavar="文件或文件夹",
              help="写入文件；给文件夹（如 plans/）时在其中写 plan.schema.json 和 org.schema.json")
@guarded
def schema(org: bool, output: Optional[Path]) -> None:
    """输出计划文件的 JSON Schema，供编辑器补全和校验（计划文件第一行写 # yaml-language-server: $schema=./plan.schema.json）。"""
    from .output import OutputError, write_outputs
    from .schema import schema_files, schema_text

    if output is None:
        click.echo(schema_text(org), nl=False)
        return
    files = schema_files(output) if output.is_dir() else [(output, schema_text(org))]
    try:
        write_outputs(files)
    except OutputError as exc:
        _err(str(exc))
        raise Exit(2) from None
    _err("已生成 " + "、".join(str(path) for path, _ in files))


@app.command(short_help="说明一个提示代码（如 PF306）；不给代码时列出全部")
@click.argument("code", required=False, metavar="[代码]", help="提示代码，如 PF306；省略时列出全部",
                shell_complete=_code_of)
@click.option("--markdown", is_flag=True, help="以 Markdown 表格列出全部代码")
@guarded
def explain(code: Optional[str], markdown: bool) -> None:
    """说明一个提示代码：含义、错误和正确的写法、check --fix 是否改正；不给代码时列出全部。"""
    from .codes import UnknownCode, explain as explain_code, listing, lookup, markdown_table

    if code is None:
        click.echo(markdown_table() if markdown else listing())
        return
    try:
        click.echo(explain_code(lookup(code)))
    except UnknownCode:
        _err(f"错误: 没有提示代码“{code}”。运行 planforge explain 查看全部代码。")
        raise Exit(2) from None


@app.command(short_help="输出终端的命令补全脚本（bash、zsh、fish、PowerShell）")
@click.argument("shell", type=Choice(["bash", "zsh", "fish", "powershell"]), metavar="终端",
                help="bash、zsh、fish 或 powershell")
@guarded
def completion(shell: str) -> None:
    """输出命令补全脚本：装好后输入 planforge 和命令、选项、取值的开头，按 Tab 键补全。

    \b
    PowerShell：planforge completion powershell >> $PROFILE
    bash：planforge completion bash > ~/.planforge.bash
      再在 ~/.bashrc 中加一行 source ~/.planforge.bash
    zsh：planforge completion zsh > ~/.planforge.zsh
      再在 ~/.zshrc 中加一行 source ~/.planforge.zsh
    然后打开新的终端窗口。
    """
    from click.shell_completion import get_completion_class

    click.echo(get_completion_class(shell)(app, {}, "planforge", "_PLANFORGE_COMPLETE").source())


def _param_name(exc) -> str:
    param = getattr(exc, "param", None)
    if param is None:
        return getattr(exc, "param_hint", None) or "参数"
    options = [o for o in getattr(param, "opts", []) if o.startswith("-")]
    return "/".join(options) if options else f"参数“{param.metavar or (param.name or '').upper()}”"


def _then(name: str) -> str:
    """The words after a parameter's name: an option is set off by a space (``--port 应为整数``),
    a quoted argument name is not (``参数“年度”应为整数``), as Chinese text takes no spaces."""
    return name if name.endswith("”") else name + " "


def _usage_message(exc: click.UsageError) -> str:
    """A usage error in the user's language, with where to read more."""
    import re

    command = exc.ctx.command_path if exc.ctx else "planforge"
    if isinstance(exc, click.MissingParameter):
        detail = "缺少" + (_param_name(exc) if _param_name(exc).startswith("参数") else " " + _param_name(exc))
    elif isinstance(exc, click.NoSuchOption):
        detail = f"没有选项 {exc.option_name}" + ("（数字请直接写，不要以 - 开头）" if re.match(r"^-\d", exc.option_name) else
                                                 f"；是不是想写 {'、'.join(exc.possibilities)}" if exc.possibilities else "")
    elif isinstance(exc, click.NoSuchCommand):
        detail = f"没有命令 {exc.command_name}" + (f"；是不是想写 {'、'.join(exc.possibilities)}" if exc.possibilities else "")
    elif isinstance(exc, click.BadParameter):
        given = exc.param is not None and isinstance(exc.param.type, (Integer, Choice))
        detail = f"{_then(_param_name(exc))}{exc.message}" if given else f"{_then(_param_name(exc))}的值不对：{exc.message}"
    else:
        detail = exc.format_message()  # click's own words, in Chinese (clitext)
    return f"错误: {detail.rstrip('。.')}。\n运行 {command} --help 查看用法。"


def main() -> None:  # console-script entry point
    """Run the CLI (``_Planforge.main`` says usage errors in Chinese and exits with the status)."""
    # pydantic looks for plugins through importlib.metadata (~25 ms of every start); planforge uses none
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    app.main(prog_name="planforge")


def _closed_stdout() -> int:
    """The reader of our output went away (``planforge check … | head``): stop quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass
    return 1


if __name__ == "__main__":
    sys.exit(main())
