"""The command line itself: help in Chinese that fits 80 columns, -h, --version, completion, light imports."""
import ast
import importlib.metadata
import os
import re
import shutil
import string
import subprocess
import sys
from pathlib import Path

import click
import pytest
from hypothesis import given, strategies as st

from planforge import clitext
from planforge.cli import app
from planforge.cliformat import cells, wrap
from planforge.linebreak import NO_LINE_START

COMMANDS = list(app.commands)
# What click and typer print when nobody translated them: boilerplate and type metavars.
ENGLISH = ("Usage", "Options", "Commands", "Arguments", "Show this", "Show the", "default", "required", "Error", "Try ",
           "TEXT", "INTEGER", "PATH", "FILENAME", "BOOLEAN", "OPTIONS", "COMMAND", "ARGS", "<bool>", "<", "[x]")
HEAVY = {"pydantic", "jinja2", "yaml", "lxml", "docx", "openpyxl", "rich", "typer", "ruamel", "markdown_it", "rjieba"}


def run(*args, env=None, **kwargs):
    """``python -m planforge`` as a user runs it, in an 80-column terminal."""
    return subprocess.run([sys.executable, *kwargs.pop("python", []), "-m", "planforge", *args], capture_output=True,
                          text=True, env={**os.environ, "COLUMNS": "80", **(env or {})})


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_is_chinese_and_fits_80_columns(command):
    args = [command] if command else []
    result = run(*args, "--help")
    page = result.stdout
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert page.startswith(f"用法：planforge {command + ' ' if command else ''}[选项]"), page
    assert run(*args, "-h").stdout == page
    for line in page.splitlines():
        assert cells(line) <= 80, f"{cells(line)} columns: {line}"
    usage, rest = page.split("\n", 1)
    assert "…" not in page and "..." not in rest, "nothing is cut off"
    for word in ENGLISH:
        assert word not in page, f"{word!r} in:\n{page}"


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_fits_a_narrow_window(command):
    """A terminal window half a screen wide (60 columns): every help line still fits, hand-set examples too."""
    page = run(*([command] if command else []), "-h", env={"COLUMNS": "60"}).stdout
    assert page.startswith("用法：planforge")
    assert all(cells(line) <= 60 for line in page.splitlines()), [line for line in page.splitlines() if cells(line) > 60]


def test_every_command_is_listed_with_its_whole_short_help():
    page = run("-h").stdout
    for name, command in app.commands.items():
        assert command.short_help, f"{name}: give the command a short Chinese line (short_help=…)"
        assert re.search(rf"^  {name} +{re.escape(command.short_help)}$", page, re.M), name
        assert re.search(r"[\u4e00-\u9fff]", command.short_help) and re.search(r"[\u4e00-\u9fff]", command.help)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_parameter_has_chinese_help_and_a_readable_metavar(command):
    for param in app.commands[command].params:
        if param.name == "help":
            continue
        assert re.search(r"[\u4e00-\u9fff]", param.help or ""), f"{command} {param.name}: no Chinese help"
        if isinstance(param, click.Argument) or not param.is_flag:
            assert re.fullmatch(r"\[?[\u4e00-\u9fff]+\]?", param.metavar or ""), f"{command} {param.name}: {param.metavar!r}"


def test_version_is_the_package_version():
    result = run("--version")
    assert result.returncode == 0 and result.stdout == f"planforge {importlib.metadata.version('planforge')}\n"


def imported(*args) -> set[str]:
    """The top-level packages that ``planforge ARGS`` imports, read from ``-X importtime``."""
    result = run(*args, python=["-X", "importtime"])
    names = {line.rsplit("|", 1)[1].strip().split(".")[0] for line in result.stderr.splitlines()
             if line.startswith("import time:") and "|" in line}
    assert "click" in names and "planforge" in names, result.stderr[-2000:]
    return names


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["-h"], *([c, "--help"] for c in COMMANDS)],
                         ids=lambda args: " ".join(args))
def test_help_and_version_import_nothing_heavy(args):
    assert imported(*args) & HEAVY == set()


def test_a_command_still_imports_what_it_needs():
    assert "yaml" in imported("check", Path(__file__).parent.parent / "plans" / "2024.yaml")


@pytest.mark.parametrize("command", ["check", "render", "new", "schema"])
def test_no_command_needs_pydantic(command, tmp_path):
    """pydantic generates the shipped JSON Schemas (planforge.schemagen); plans are validated by
    planforge.validation (issue 13), so no command loads it."""
    plan = Path(__file__).parent.parent / "plans" / "2024.yaml"
    args = {"check": [plan], "render": [plan, "-o", tmp_path], "new": ["2025", "--from", plan, "-o", tmp_path / "2025.yaml"],
            "schema": ["-o", tmp_path]}[command]
    names = imported(command, *args)
    assert "pydantic" not in names and "pydantic_core" not in names
    assert command == "schema" or "yaml" in names


# --------------------------------------------------------------------------- usage errors

@pytest.mark.parametrize("args,words", [
    (["rendr", "x.yaml"], "没有命令 rendr；是不是想写 render"),
    (["check", "--formt", "json", "x.yaml"], "没有选项 --formt；是不是想写 --format"),
    (["preview", "x.yaml", "--port", "八千"], "--port 应为整数，这里是“八千”"),
    (["render", "x.yaml", "--to"], "选项 --to 后面缺少值"),
    (["check"], "缺少参数“文件或文件夹”"),
    (["new", "二〇二六", "--from", "a.yaml"], "参数“年度”应为整数，这里是“二〇二六”"),
    (["new", "2025", "--from", "a.yaml", "b.yaml"], "多余的参数（b.yaml）"),
    (["completion", "tcsh"], "参数“终端”只能是 bash、zsh、fish、powershell，不是“tcsh”"),
    (["check", "--format", "xml", "x.yaml"], "错误: --format 只能是 text、json，不是“xml”"),
    (["tasks", "x.yaml", "--by", "股室"], "错误: --by 只能是 department，不是“股室”"),
])
def test_usage_errors_are_chinese_with_exit_2(args, words):
    result = run(*args)
    assert result.returncode == 2 and result.stdout == ""
    help_of = "planforge" if args[0] not in app.commands else f"planforge {args[0]}"
    assert words in result.stderr and f"运行 {help_of} --help 查看用法" in result.stderr, result.stderr
    assert not re.search(r"\b(Error|Usage|Try|Invalid|Missing|No such)\b", result.stderr), result.stderr


def test_click_speaks_chinese_in_process_too(cli):
    status, stdout, stderr = cli("new", "abc", "--from", "x.yaml")
    assert status == 2 and "应为整数，这里是“abc”" in stderr and "Usage" not in stderr
    assert click.MissingParameter(param_type="option").format_message().startswith("缺少选项")


# --------------------------------------------------------------------------- the catalogue of click's words

def click_messages():
    """Every string click marks for gettext in the modules that ``clitext`` translates: (msgid, plural or None)."""
    folder = Path(click.__file__).parent
    for module in clitext.MODULES:
        for node in ast.walk(ast.parse((folder / f"{module}.py").read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
                texts = [a.value for a in node.args[:2] if isinstance(a, ast.Constant)]
                if node.func.id == "ngettext":
                    yield texts[0], texts[1]
                elif texts:
                    yield texts[0], None


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_string_of_click_is_translated():
    messages = list(click_messages())
    assert len(messages) > 40, "the scan found click's strings"
    for singular, plural in messages:
        assert singular in clitext.CATALOG, f"click says {singular!r}: add it to clitext.CATALOG"
        assert plural is None or plural in clitext.PLURAL_TEXT, f"click says {plural!r}: add it to clitext.PLURAL_TEXT"


@pytest.mark.parametrize("source,target", [*clitext.CATALOG.items(), *clitext.PLURAL_TEXT.items()])
def test_translations_keep_the_placeholders(source, target):
    assert fields(target) <= fields(source) | ({"len"} if "{nargs}" in source else set()), (source, target)
    dropped = {"extra_message", "possibilities", "choices", "nargs", "param_type"}  # said otherwise, or English words
    assert fields(source) <= fields(target) | dropped, (source, target)
    assert re.search(r"[\u4e00-\u9fff]", target) or target == "%(prog)s %(version)s"


# --------------------------------------------------------------------------- wrapping by terminal cells

def test_wrap_breaks_chinese_by_cells_and_keeps_ascii_and_marks():
    text = "按 GB/T 9704-2012 检查任何 DOCX 的版式（任何人做的都可以）和渲染后的页面。符合时退出码 0，不符合 1。"
    lines = wrap(text, 20)
    assert all(cells(line) <= 20 for line in lines), lines
    assert any("GB/T 9704-2012" in line for line in lines)
    assert not any(line[0] in NO_LINE_START for line in lines)
    assert not any(line.endswith("（") for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert wrap("检查计划", 80) == ["检查计划"]
    assert wrap("多个计划时为文件夹", 16) == ["多个计划时为文", "件夹"], "no character alone on the last line"
    assert cells("检查 abc") == 8


@given(st.text(alphabet="计划文件检查，。（）《》、 abc-123", max_size=120), st.integers(min_value=4, max_value=60))
def test_wrap_never_overflows_nor_loses_text(text, width):
    lines = wrap(text, width)
    assert all(cells(line) <= width for line in lines), lines
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


# --------------------------------------------------------------------------- shell completion

def complete_powershell(line: str, word: str = "") -> str:
    """What the PowerShell completer script receives for the command line ``line``."""
    result = run(env={"_PLANFORGE_COMPLETE": "powershell_complete", "_PLANFORGE_COMPLETE_ARGS": line,
                      "_PLANFORGE_COMPLETE_WORD": word})
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_completion_in_real_bash(tmp_path):
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    launcher = tmp_path / "planforge"
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m planforge "$@"\n')
    launcher.chmod(0o755)
    script = run("completion", "bash").stdout
    assert "_PLANFORGE_COMPLETE=bash_complete" in script
    (tmp_path / "completion.bash").write_text(script)
    probe = ('source completion.bash; COMP_WORDS=(planforge {}); COMP_CWORD={}; _planforge_completion planforge; '
             'printf "%s\\n" "${{COMPREPLY[@]}}"')

    def offered(line: str) -> list[str]:
        """What bash offers after ``planforge LINE`` (the last word is the one being completed)."""
        words = line.split(" ")
        quoted = " ".join(f"'{w}'" for w in words)
        result = subprocess.run([bash, "-c", probe.format(quoted, len(words))], cwd=tmp_path, capture_output=True, text=True,
                                env={**os.environ, "PATH": f"{tmp_path}{os.pathsep}{os.environ['PATH']}"})
        return result.stdout.split()

    assert offered("re") == ["render"]
    assert set(offered("render --t")) == {"--to", "--templates"}
    assert offered("check --format ") == ["text", "json"]
    # --to takes a comma-separated list: after a comma, the next format is offered (not the ones given)
    assert offered("render x.yaml --to md,no") == ["md,notice", "md,notice-md", "md,notice-html"]
    assert "md,docx" in offered("render x.yaml --to md,") and "md,md" not in offered("render x.yaml --to md,")
    # explain's codes, as `planforge explain` lists them
    assert offered("explain pf30") == [f"PF30{n}" for n in range(1, 9)]


def test_powershell_completion_protocol():
    script = run("completion", "powershell").stdout
    assert "Register-ArgumentCompleter -Native -CommandName planforge" in script
    assert "_PLANFORGE_COMPLETE = \"powershell_complete\"" in script
    assert complete_powershell("planforge re", "re").splitlines() == ["render\t生成 Markdown、DOCX、印发通知、PDF 或网页"]
    assert complete_powershell("planforge check --fo", "--fo").splitlines() == ["--format\t输出格式：text 或 json"]
    assert complete_powershell("planforge tasks --by ").splitlines() == ["department\t"]
    assert complete_powershell("planforge render pl", "pl").strip() == "", "paths are left to PowerShell"
