"""Jinja2's error messages said in Chinese.

A broken custom template (PF150, PF151) or plan expression (PF130) is reported with
Jinja2's own words after planforge's; those words are English (``'yaer' is undefined``,
``unexpected '}'``), which the office staff who edit ``note.j2`` cannot be expected to
read.  The messages Jinja2 gives for the usual slips are recognised here and retold;
any other is passed on as Jinja2 wrote it, so that nothing is lost.
"""
from __future__ import annotations

import re

_TOKENS = {"end of print statement": "}}", "end of statement block": "%}", "end of template": "模板结尾"}


def _token(name: str) -> str:
    return _TOKENS.get(name, name)


def _tags(listed: str) -> str:
    """``'elif' or 'else' or 'endif'`` → ``{% elif %}、{% else %} 或 {% endif %}``."""
    tags = [f"{{% {t} %}}" for t in re.findall(r"'(\w+)'", listed)]
    return "、".join(tags[:-1]) + " 或 " + tags[-1] if len(tags) > 1 else "".join(tags)


def _unclosed(m: re.Match) -> str:
    return f"“{{% {m['block']} %}}”没有闭合，此处应为 {_tags(m['tags'])}"


_LOOKING = r"Jinja was looking for the following tags: (?P<tags>.+)\. The innermost block that needs to be closed is '(?P<block>\w+)'\."

_RULES: list[tuple[re.Pattern, object]] = [
    (re.compile(r"'(?P<name>[^']+)' is undefined"), lambda m: f"未定义的名称“{m['name']}”（是否拼错？）"),
    (re.compile(r"'[^']+' has no attribute '(?P<name>[^']+)'"), lambda m: f"没有“{m['name']}”这一项（是否拼错？）"),
    (re.compile(r"unexpected char '(?P<char>.+)' at \d+"), lambda m: f"不认识的字符“{m['char']}”"),
    (re.compile(r"unexpected '(?P<what>.+)'"), lambda m: f"多出或不配对的“{m['what']}”"),
    (re.compile(r"Unexpected end of template\. " + _LOOKING), lambda m: "模板结束了，但" + _unclosed(m)),
    (re.compile(r"unexpected end of template, expected '(?P<want>.+)'\."), lambda m: f"模板结束了，但缺少“{_token(m['want'])}”"),
    (re.compile(r"Encountered unknown tag '(?P<tag>\w+)'\. " + _LOOKING),
     lambda m: f"不认识的标签“{{% {m['tag']} %}}”：" + _unclosed(m)),
    (re.compile(r"Encountered unknown tag '(?P<tag>\w+)'\."), lambda m: f"不认识的标签“{{% {m['tag']} %}}”"),
    (re.compile(r"expected token '(?P<want>.+)', got '(?P<got>.+)'"),
     lambda m: f"此处应为“{_token(m['want'])}”，却是“{m['got']}”"),
    (re.compile(r"No filter named '(?P<name>.+)'\."), lambda m: f"没有名为“{m['name']}”的过滤器"),
    (re.compile(r"No test named '(?P<name>.+)'\."), lambda m: f"没有名为“{m['name']}”的测试"),
]


def chinese(message: str | None) -> str:
    """Jinja2's ``message`` in Chinese where it is one of the usual ones, else as Jinja2 wrote it."""
    text = (message or "").strip()
    for pattern, say in _RULES:
        m = pattern.fullmatch(text)
        if m:
            return say(m)
    return f"Jinja2 报告：{text.rstrip('.')}" if text else "未说明原因"
