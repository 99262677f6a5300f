"""Click's own words (help boilerplate, usage errors) in Chinese, whatever the user's locale.

Click marks every user-facing string for ``gettext`` and looks each one up
when it is shown, through the name ``_`` (and ``ngettext``) in its modules.
The standard route, a compiled ``.mo`` catalogue found through ``LANGUAGE``/
``LANG``, would leave an office PC whose Windows sets no such variable in
English, so ``install`` points those names at ``CATALOG`` instead.  A test
reads click's source and fails when a click release adds a string that
``CATALOG`` does not translate.  Placeholders keep click's names; Chinese
has no plural, so ``ngettext`` uses the singular's entry.
"""
from __future__ import annotations

import importlib

CATALOG = {
    # help pages
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出",
    "Show the version and exit.": "显示版本号并退出",
    "%(prog)s, version %(version)s": "%(prog)s %(version)s",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "required": "必填",
    "(dynamic)": "（运行时确定）",
    "deprecated": "已停用",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}": "提示：命令“{name}”已停用。{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}": "提示：“{name}”已停用。{extra_message}",
    "Confirm the action without prompting.": "不再询问，直接执行",
    "Do you want to continue?": "要继续吗？",
    # usage errors
    "Error: {message}": "错误: {message}",
    "Try '{command} {option}' for help.": "运行 {command} {option} 查看用法。",
    "Missing command.": "缺少命令。",
    "No such command {name!r}.": "没有命令 {name}。",
    "No such option {name!r}.": "没有选项 {name}。",
    "Did you mean {possibility}?": "（是不是想写 {possibility}？）",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值不对：{message}",
    "Invalid value: {message}": "值不对：{message}",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Option {name!r} requires an argument.": "选项 {name} 后面缺少值。",
    "Option {name!r} does not take a value.": "选项 {name} 后面不能带值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name} 要 {nargs} 个值。",
    "Takes {nargs} values but 1 was given.": "要 {nargs} 个值，只给了 {len} 个。",
    "Invalid start character for option ({option})": "选项的开头字符不对（{option}）",
    "Value must be an iterable.": "值必须是列表。",
    "{len_type} values are required, but {len_value} was given.": "要 {len_type} 个值，给了 {len_value} 个。",
    "Aborted!": "已中断。",
    "unknown error": "未知错误",
    # values
    "{value!r} is not a valid {number_type}.": "“{value}”不是有效的{number_type}。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "“{value}”不是是非值，可用：{states}",
    "{value!r} is not a valid UUID.": "“{value}”不是有效的 UUID。",
    "{value} is not in the range {range}.": "{value} 不在 {range} 之内。",
    "{value!r} is not {choice}.": "“{value}”不是可选的值 {choice}。",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "Choice({choices})": "可选（{choices}）",
    "{value!r} does not match the format {format}.": "“{value}”不合格式 {format}。",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "{name} {filename!r} does not exist.": "{name}“{filename}”不存在。",
    "{name} {filename!r} is a file.": "{name}“{filename}”是文件。",
    "{name} {filename!r} is a directory.": "{name}“{filename}”是文件夹。",
    "{name} {filename!r} is not readable.": "{name}“{filename}”不可读。",
    "{name} {filename!r} is not writable.": "{name}“{filename}”不可写。",
    "{name} {filename!r} is not executable.": "{name}“{filename}”不可执行。",
    "Could not open file {filename!r}: {message}": "无法打开文件“{filename}”：{message}",
    # terminal, completion, and errors of the program itself
    "Press any key to continue...": "按任意键继续……",
    "Repeat for confirmation": "再输入一次确认",
    "Error: The two entered values do not match.": "错误: 两次输入的不一样。",
    "Error: invalid input": "错误: 输入不对",
    "Unknown color {colour!r}": "未知的颜色“{colour}”",
    "Unknown standard stream '{name}'": "未知的标准流“{name}”",
    "Couldn't detect Bash version, shell completion is not supported.": "无法确定 Bash 的版本，不支持命令补全。",
    "Shell completion is not supported for Bash versions older than 4.4.": "Bash 4.4 以前的版本不支持命令补全。",
    "Could not determine name for option with declarations {decls!r}": "无法确定选项 {decls} 的名称",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument instead? "
    "Did you mean to pass '--{name}'?": "没有定义选项却给了名称（{name}）。",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.": "参数只能有一个声明，这里有 {length} 个：{decls}。",
    "Name '{name}' defined twice": "名称“{name}”定义了两次",
    "Boolean option {decl!r} cannot use the same flag for true/false.": "是非选项 {decl} 的“是”和“否”不能用同一个写法。",
}

# ngettext's plural forms, by click's plural text (Chinese says one and many alike, but the placeholders differ).
PLURAL_TEXT = {
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "{len_type} values are required, but {len_value} were given.": "要 {len_type} 个值，给了 {len_value} 个。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name} 后面要 {nargs} 个值。",
    "Takes {nargs} values but {len} were given.": "要 {nargs} 个值，给了 {len} 个。",
    "{value!r} is not one of {choices}.": "“{value}”不是可选的值，可用：{choices}。",
    "{value!r} does not match the formats {formats}.": "“{value}”不合这些格式：{formats}。",
    "(Did you mean one of: {possibilities}?)": "（是不是想写其中之一：{possibilities}？）",
}

# Click's modules that say something to the user (``_termui_impl``, ``_winconsole``: only where used).
MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "utils", "termui", "shell_completion")


def gettext(message: str) -> str:
    return CATALOG.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    if n == 1:
        return gettext(singular)
    return PLURAL_TEXT.get(plural, plural)


def install() -> None:
    """Make click say everything in Chinese (idempotent; only click's modules are touched)."""
    for name in MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
