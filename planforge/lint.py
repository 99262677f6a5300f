"""``planforge check``: the mistakes that get a document sent back.

Rules run on the raw text of each value (see :mod:`planforge.spans`), so every
finding points at the exact character, and a fix is a replacement in the
user's file that leaves comments and layout alone.  Half-width ``, : ? !`` in
Chinese text are found by autocorrect-py, configured to change punctuation
only: its default rules put spaces between Chinese and digits, which official
documents must not have.  The remaining rules are small regular expressions.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Optional

from .departments import Registry, split_subunit
from .diagnostics import Diagnostic
from .load import LoadedPlan, Parsed
from .spans import FileText, Span

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CN_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】〔〕…—"
CHINESE = f"[{HAN}{CN_PUNCT}]"
FULLWIDTH = {",": "，", ":": "：", "?": "？", "!": "！", ";": "；", "(": "（", ")": "）"}
BRACKETS = {"（": "）", "《": "》", "〈": "〉", "【": "】", "〔": "〕"}
QUOTES = {"“": "”", "‘": "’"}
# Spaces official Chinese text does not have: between Chinese characters, or between them and digits.
# The one space between joint issuers (…教育局 …委员会) is conventional and stays.
CHINESE_SPACES = re.compile(rf"(?<=[{HAN}{CN_PUNCT}\d%])(?<![局会委厅府办室院])[ \u3000]+(?=[{HAN}])"
                            rf"|(?<=[{HAN}{CN_PUNCT}])[ \u3000]+(?=\d)")
# A space before full-width punctuation that ends or closes something (not the indentation of a
# line: a non-space comes first).  Not before an opening mark, a dash or an ellipsis, which mixed
# Chinese–Latin text may space.
CLOSING_PUNCT = "，。、；：？！”’）》〉】〕"
SPACE_BEFORE_PUNCT = re.compile(rf"(?<=\S)[ \u3000]+(?=[{CLOSING_PUNCT}])")
# A single ``.`` and what follows it: the end of the text or a line, a quote closing the YAML scalar, or Chinese.
_DOT = re.compile(rf"(?<![.])\.(?![.])(?=$|[\s\"'{HAN}{CN_PUNCT}])")
# What may stand between Chinese and the ``.`` that ends its sentence: a number, a percentage, a closing mark.
_BEFORE_DOT = re.compile(rf"[{HAN}{CN_PUNCT}][ ]*[\d.,%‰℃）”’》〕】]*$")
BAD_ELLIPSIS = re.compile(r"\.{3,}|。{3,}|(?<!…)…(?!…)|…{3,}")  # what should be ……
NAME_KEYS = ("issuer", "departments", "recipients", "cc", "printed_by")  # names, not prose about years


@dataclass(frozen=True)
class Fix:
    start: int
    end: int
    replacement: str


@dataclass(frozen=True)
class Finding:
    diagnostic: Diagnostic
    fix: Optional[Fix] = None


@lru_cache(maxsize=1)
def _autocorrect():
    import autocorrect_py

    autocorrect_py.load_config("""
rules:
  space-word: 0
  space-punctuation: 0
  space-bracket: 0
  space-backticks: 0
  space-dash: 0
  space-dollar: 0
  no-space-fullwidth: 0
  no-space-fullwidth-quote: 0
  halfwidth-word: 0
  halfwidth-punctuation: 0
  spellcheck: 0
  fullwidth: 1
""")
    return autocorrect_py


def halfwidth_offsets(text: str) -> list[int]:
    """Offsets of half-width ``, : ? ! ; ( )`` that stand in Chinese text (shared with import)."""
    seen = set()
    for line_start, line in _lines(text):
        if not re.search(r"[,:?!]", line):
            continue
        fixed = _autocorrect().format(line.replace("\0", "A"))
        for tag, a0, a1, b0, b1 in difflib.SequenceMatcher(None, line, fixed, autojunk=False).get_opcodes():
            if tag == "replace" and a1 - a0 == b1 - b0:
                seen.update(line_start + a0 + k for k in range(a1 - a0) if FULLWIDTH.get(line[a0 + k]) == fixed[b0 + k])
    # autocorrect leaves marks after closing quotes and brackets (“…”, 《…》) alone: complete it
    seen.update(m.start() for m in re.finditer(rf"(?<={CHINESE})[,:;?!()]|[,:;?!()](?={CHINESE})", text))
    return sorted(seen)


def sentence_stops(text: str) -> list[int]:
    """Offsets of half-width ``.`` that end a Chinese sentence (``达到20%.``).

    Not a decimal point, a URL, a file name or an abbreviation (a letter or digit
    follows, or the ``.`` stands after Latin text), nor part of ``...`` (PF302), nor
    the ``1.`` that numbers an item (a digit before, text after)."""
    return [m.start() for m in _DOT.finditer(text)
            if _BEFORE_DOT.search(text, max(0, m.start() - 40), m.start())
            and not (text[m.start() - 1].isdigit() and re.match(f"[{HAN}]", text[m.end():m.end() + 1]))]


def to_fullwidth(text: str) -> tuple[str, int]:
    """``text`` with those marks made full-width, and how many were changed."""
    offsets = halfwidth_offsets(text)
    chars = list(text)
    for offset in offsets:
        chars[offset] = FULLWIDTH[chars[offset]]
    return "".join(chars), len(offsets)


# --------------------------------------------------------------------------- year mentions (shared with `new`)

_YEAR = re.compile(r"(?<![\d—–\-~至到])(\d{4})年(?![\d]*[—–\-~至到]\d)")
_ANNIVERSARY = re.compile(r"(\d{2,3})周年")
_ORDINAL = re.compile(r"第(\d{1,3})(个|届)")


def year_expression(base: int) -> str:
    """``{{ year - base }}`` reads better than the number it stands for."""
    return "{{ year }}" if base == 0 else (f"{{{{ year - {base} }}}}" if base > 0 else f"{{{{ year + {-base} }}}}")


def year_mentions(raw: str, year: int) -> Iterator[tuple[int, str, str, str]]:
    """(offset, text, kind, suggested replacement) for numbers that follow the plan year.

    kind: ``year`` (a literal year near ``year``), ``anniversary`` (N周年), ``ordinal`` (第N个/届)."""
    for m in _YEAR.finditer(raw):
        written = int(m.group(1))
        if year - 3 <= written <= year + 1:
            yield m.start(), m.group(), "year", year_expression(year - written) + "年"
    for m in _ANNIVERSARY.finditer(raw):
        yield m.start(), m.group(), "anniversary", year_expression(year - int(m.group(1))) + "周年"
    for m in _ORDINAL.finditer(raw):
        if int(m.group(1)) >= 5:
            yield m.start(), m.group(), "ordinal", "第" + year_expression(year - int(m.group(1))) + m.group(2)


# --------------------------------------------------------------------------- text rules


class TextRules:
    """The rules that look at one value's raw text."""

    def __init__(self, file: FileText, year: Optional[int], lead_remark: bool):
        self.file = file
        self.year = year
        self.lead_remark = lead_remark
        self.findings: list[Finding] = []

    def add(self, code: str, message: str, index: int, fix: Optional[Fix] = None):
        """A finding at ``index``; its level is the code's, from the registry."""
        self.findings.append(Finding(Diagnostic(code, message, self.file.position(index)), fix))

    def run(self, span: Span) -> None:
        for rule in (self.halfwidth, self.stops, self.ellipsis, self.doubled, self.quotes, self.brackets, self.spaces,
                     self.space_before_punct, self.placeholders, self.dates, self.years, self.typed_notes):
            rule(span)

    def halfwidth(self, span: Span) -> None:
        for offset in halfwidth_offsets(span.raw):
            char = span.raw[offset]
            index = span.start + offset
            self.add("PF301", f"中文里用了半角“{char}”，应为全角“{FULLWIDTH[char]}”。", index,
                     fix=Fix(index, index + 1, FULLWIDTH[char]))

    def stops(self, span: Span) -> None:
        for offset in sentence_stops(span.raw):
            index = span.start + offset
            self.add("PF307", "中文句子的句号应为全角“。”，这里是半角“.”。", index, fix=Fix(index, index + 1, "。"))

    def ellipsis(self, span: Span) -> None:
        for m in BAD_ELLIPSIS.finditer(span.raw):
            index = span.start + m.start()
            self.add("PF302", f"省略号应为“……”，这里是“{m.group()}”。", index, fix=Fix(index, index + len(m.group()), "……"))

    def doubled(self, span: Span) -> None:
        for m in re.finditer(r"([，；：！？、])\1+|(?<!。)。。(?!。)", span.raw):
            index = span.start + m.start()
            self.add("PF303", f"标点重复：“{m.group()}”。", index, fix=Fix(index, index + len(m.group()), m.group()[0]))

    def quotes(self, span: Span) -> None:
        open_at: dict[str, int] = {}
        closers = {v: k for k, v in QUOTES.items()}
        for offset, char in enumerate(span.raw):
            if char in QUOTES:
                if char in open_at:
                    self.add("PF304", f"引号“{char}”前一个还没有闭合（或方向用反了）。", span.start + offset)
                open_at[char] = offset
            elif char in closers:
                opener = closers[char]
                if opener not in open_at:
                    self.add("PF304", f"后引号“{char}”前面没有对应的前引号（方向用反了？）。", span.start + offset)
                else:
                    del open_at[opener]
        for char, offset in open_at.items():
            self.add("PF304", f"引号“{char}”没有闭合。", span.start + offset)

    def brackets(self, span: Span) -> None:
        stack: list[tuple[str, int]] = []
        closers = {v: k for k, v in BRACKETS.items()}
        text = span.raw.replace("(", "（").replace(")", "）")
        for offset, char in enumerate(text):
            if char in BRACKETS:
                stack.append((char, offset))
            elif char in closers:
                if stack and stack[-1][0] == closers[char]:
                    stack.pop()
                else:
                    self.add("PF305", f"“{char}”前面没有对应的“{closers[char]}”。", span.start + offset)
        for char, offset in stack:
            self.add("PF305", f"“{char}”没有闭合（缺少“{BRACKETS[char]}”）。", span.start + offset)

    def spaces(self, span: Span) -> None:
        for m in CHINESE_SPACES.finditer(span.raw):
            index = span.start + m.start()
            self.add("PF306", "汉字之间、汉字和数字之间不应有空格。", index, fix=Fix(index, index + len(m.group()), ""))

    def space_before_punct(self, span: Span) -> None:
        for m in SPACE_BEFORE_PUNCT.finditer(span.raw):
            index = span.start + m.start()
            mark = span.raw[m.end()]
            self.add("PF308", f"全角标点“{mark}”前面不应有空格。", index, fix=Fix(index, index + len(m.group()), ""))

    def placeholders(self, span: Span) -> None:
        pattern = (rf"(?<![A-Za-z])(?:[xX]{{2,}}|(?<=[{HAN}\d.])[xX]|[xX](?=[{HAN}.]))(?![A-Za-z])"
                   rf"|×{{2,}}|(?<=[{HAN}])×|×(?=[{HAN}])|【[^】]{{0,8}}】|TODO|FIXME|待补充|待完善|待定")
        for m in re.finditer(pattern, span.raw):
            if m.group().startswith("【") and not re.search("待|补|填|定|略", m.group()):
                continue
            self.add("PF310", f"文中还有占位符“{m.group()}”，请填写实际内容。", span.start + m.start())

    def dates(self, span: Span) -> None:
        pattern = (r"\d{4}[-./]\d{1,2}[-./]\d{1,2}|(?<=年)0\d月|(?<=月)0\d日"
                   r"|[〇零○一二三四五六七八九]{4}年")
        for m in re.finditer(pattern, span.raw):
            self.add("PF321", f"日期“{m.group()}”应写成“2024年2月20日”的形式（阿拉伯数字，月、日不加 0）。", span.start + m.start())

    def years(self, span: Span) -> None:
        if span.key in NAME_KEYS or self.year is None:
            return
        for offset, text, kind, suggestion in year_mentions(span.raw, self.year):
            index = span.start + offset
            if kind == "year" and text == f"{self.year}年":
                self.add("PF341", f"写死了本年度“{text}”：写成“{suggestion}”，明年用 planforge new 时会自动更新。", index)
            elif kind == "year":
                self.add("PF340", f"提到了 {text}（计划是 {self.year} 年的）：若随年度变化，请写成“{suggestion}”。", index)
            else:
                self.add("PF342", f"“{text}”是按 {self.year} 年算的：写成“{suggestion}”，明年会自动更新。", index)

    def typed_notes(self, span: Span) -> None:
        for m in re.finditer(r"[（(](责任(?:科室|单位)|牵头科室)[:：]", span.raw):
            self.add("PF352", "责任说明请写在 departments 中，工具会自动生成“（责任科室：…）”。", span.start + m.start())
        if self.lead_remark:
            for m in re.finditer("排名第一的为牵头", span.raw):
                self.add("PF351", "“排名第一的为牵头科室，下同。”由工具在第一条责任说明后自动添加，这里不必再写。", span.start + m.start())


def _lines(raw: str) -> Iterator[tuple[int, str]]:
    start = 0
    for line in raw.split("\n"):
        yield start, line
        start += len(line) + 1


# --------------------------------------------------------------------------- plan rules


def _plan_rules(loaded: LoadedPlan, file: FileText, rules: TextRules) -> None:
    plan, smap = loaded.plan, loaded.source
    tasks = list(plan.tasks())
    with_body = sum(bool(t.body) for _, _, t in tasks)
    with_departments = sum(bool(t.departments) for _, _, t in tasks)
    registry = Registry(plan.org.departments)
    titles: dict[str, int] = {}
    used = set()
    for s, t, task in tasks:
        at = smap.key(("sections", s, "tasks", t, "title"))
        if not task.body and with_body * 2 >= len(tasks):
            rules.findings.append(Finding(Diagnostic("PF311", f"任务“{task.title}”没有内容（其他任务大多有内容）。", at)))
        if not task.departments and (registry or with_departments * 2 >= len(tasks)):
            rules.findings.append(Finding(Diagnostic("PF330", f"任务“{task.title}”没有责任科室。", at)))
        if task.title in titles:
            rules.findings.append(Finding(Diagnostic("PF350", f"任务标题“{task.title}”与第 {titles[task.title]} 行的任务重复。", at)))
        titles.setdefault(task.title, at.line)
        used.update(split_subunit(d)[0] for d in task.departments)
    for i, dept in enumerate(plan.org.departments):
        if registry and dept.name not in used:
            rules.findings.append(Finding(Diagnostic(
                "PF331", f"科室“{dept.name}”在名册中，但没有承担任何任务（如已撤销，请从名册删除或移到 former）。",
                smap.value(("org", "departments", i)))))
    _department_names(file, registry, rules)


def _department_names(file: FileText, registry: Registry, rules: TextRules) -> None:
    """Aliases and former names, fixable to the registry's current name."""
    if not registry:
        return
    for span in file.spans(keys={"departments"}):
        for m in re.finditer(r"[^、，,；;\s\[\]]+", span.raw):
            found = registry.lookup(m.group())
            if found and found.match != "name":
                base = split_subunit(m.group())[0]
                current = split_subunit(found.canonical)[0]
                what = "旧称" if found.match == "former" else "别称"
                index = span.start + m.start()
                rules.findings.append(Finding(
                    Diagnostic("PF111", f"“{base}”是“{current}”的{what}，请改用现名。", file.position(index)),
                    Fix(index, index + len(base), current)))


# --------------------------------------------------------------------------- entry points


def ignored_codes(loaded: LoadedPlan) -> set[str]:
    return set(loaded.plan.lint.ignore) | set(loaded.plan.org.lint.ignore)


def _text_rules(file: FileText, year: Optional[int], lead_remark: bool) -> TextRules:
    rules = TextRules(file, year, lead_remark)
    for span in file.spans():
        if span.key not in ("departments",):
            rules.run(span)
    return rules


def lint(loaded: LoadedPlan) -> list[Finding]:
    """Every lint finding for one loaded plan (ignored codes removed)."""
    text = loaded.source.text or Path(loaded.path).read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    file = FileText(text, loaded.path)
    rules = _text_rules(file, loaded.plan.year, loaded.plan.org.responsibility.lead_remark)
    _plan_rules(loaded, file, rules)
    ignore = ignored_codes(loaded)
    return [f for f in rules.findings if f.diagnostic.code not in ignore]


def lint_parsed(parsed: Parsed) -> list[Finding]:
    """The text rules for a plan that YAML read but that has other errors (ignored codes removed).

    The rules about the whole plan (empty bodies, unused departments …) need a valid
    plan and wait for it; the text is checked now, so that one run shows everything."""
    lead_remark = parsed.setting("responsibility", "lead_remark")
    file = FileText(parsed.source.text, parsed.source.file)
    rules = _text_rules(file, parsed.year(), lead_remark is not False)
    _department_names(file, parsed.registry(), rules)
    ignore = parsed.ignored()
    return [f for f in rules.findings if f.diagnostic.code not in ignore]


def apply_fixes(text: str, fixes: list[Fix]) -> tuple[str, int]:
    """Apply non-overlapping fixes, last first; returns the new text and how many were applied."""
    applied, end = 0, len(text) + 1
    for fix in sorted(set(fixes), key=lambda f: (f.start, f.end), reverse=True):
        if fix.end <= end:
            text = text[:fix.start] + fix.replacement + text[fix.end:]
            applied += 1
            end = fix.start
    return text, applied
