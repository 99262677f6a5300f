"""The plan as typed data: what a plan file may say, and nothing else.

Field names are the YAML keys, so a validation error's location maps straight
back to a position in the user's file.  Convenience forms (a string where a
list is expected, a list of goals without the wrapping mapping) are accepted
and normalised here, so that everything downstream sees one shape.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

# --------------------------------------------------------------------------- helpers

_BLANK_LINE = re.compile(r"\n[ \t\u3000]*\n")


def _paragraphs(value: Any) -> Any:
    """A block of text becomes paragraphs at blank lines; line breaks inside a
    paragraph are joined without a space, as Chinese text is written."""
    if value is None:
        return []
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        return value
    out: list[Any] = []
    for item in items:
        if not isinstance(item, str):
            out.append(item)
            continue
        for para in _BLANK_LINE.split(item.strip()):
            joined = "".join(line.strip() for line in para.splitlines())
            if joined:
                out.append(joined)
    return out


def _name_list(value: Any) -> Any:
    """``A、B、C`` (as people type it) is the same as a YAML list."""
    if isinstance(value, str):
        return [part.strip() for part in re.split(r"[、，,；;]", value) if part.strip()]
    return value


DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
)


def parse_date(value: Any) -> Any:
    if isinstance(value, dt.date) or value is None:
        return value
    text = str(value).strip()
    for pattern in DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = map(int, match.groups())
            try:
                return dt.date(year, month, day)
            except ValueError:
                raise PydanticCustomError(
                    "PF104", "日期“{text}”不存在（{year}年没有{month}月{day}日），请改正。",
                    {"text": text, "year": year, "month": month, "day": day},
                ) from None
    raise PydanticCustomError(
        "PF104", "日期“{text}”格式不对，请写成 2024-02-20 或 2024年2月20日。", {"text": text}
    )


def chinese_date(day: dt.date) -> str:
    """GB/T 9704 7.3.5: Arabic numerals, full year, no leading zeros."""
    return f"{day.year}年{day.month}月{day.day}日"


def _has_words(text: Any) -> Any:
    """A title of punctuation only (``。。。``) is a placeholder, not a title."""
    if isinstance(text, str) and text.strip() and not any(ch.isalnum() for ch in text):
        raise PydanticCustomError("PF106", "标题“{text}”只有标点，没有文字，请填写标题。", {"text": text})
    return text


Title = Annotated[str, AfterValidator(_has_words)]
Paragraphs = Annotated[list[str], BeforeValidator(_paragraphs, json_schema_input_type=str | list[str])]
Names = Annotated[list[str], BeforeValidator(_name_list, json_schema_input_type=str | list[str])]
Date = Annotated[dt.date, BeforeValidator(parse_date, json_schema_input_type=str)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, str_strip_whitespace=True, frozen=True)


# --------------------------------------------------------------------------- organisation


class Department(Model):
    """One department of the registry; aliases and former names map to ``name``."""

    name: str = Field(description="科室的现用名称")
    aliases: Names = Field(default_factory=list, description="简称、别称")
    former: Names = Field(default_factory=list, description="曾用名（更名前的名称）")


class Responsibility(Model):
    label: str = Field("责任科室", description="责任说明的标签，如 责任科室、责任单位")
    lead_remark: bool = Field(True, description="在第一条责任说明后加“排名第一的为牵头科室，下同。”")


class Fonts(Model):
    """Font names as the office's Word/WPS knows them (GB/T 9704 names only the families)."""

    fangsong: str = Field("仿宋_GB2312", description="正文、三四级标题、版记（仿宋）")
    heiti: str = Field("黑体", description="一级标题（黑体）")
    kaiti: str = Field("楷体_GB2312", description="二级标题（楷体）")
    xiaobiaosong: str = Field("方正小标宋简体", description="标题、发文机关标志（小标宋）")
    songti: str = Field("宋体", description="页码（宋体）")
    latin: str = Field("Times New Roman", description="正文中的数字和西文")


class Lint(Model):
    ignore: list[Annotated[str, Field(pattern=r"^PF\d{3}$")]] = Field(
        default_factory=list, description="不检查的规则代码，如 [PF306, PF341]")


class Organisation(Model):
    """What stays the same across years; read from org.yaml beside the plans."""

    issuer: Names = Field(default_factory=list, description="发文机关（联合发文时按主办在前排列）")
    doc_code: Optional[str] = Field(None, description="发文机关代字，如 示教发")
    mark_suffix: str = Field("文件", description="发文机关标志中机关名称后的“文件”二字；不要时写空字符串")
    recipients: Optional[str] = Field(None, description="默认主送机关")
    cc: Names = Field(default_factory=list, description="默认抄送机关")
    printed_by: Optional[str] = Field(None, description="印发机关，如 示例市教育局办公室")
    responsibility: Responsibility = Field(default_factory=Responsibility)
    fonts: Fonts = Field(default_factory=Fonts)
    departments: list[Department] = Field(default_factory=list, description="科室名册")
    layout: dict[str, Union[float, str]] = Field(default_factory=dict, description="覆盖版式参数（见 templates/docx/layout.yaml）")
    lint: Lint = Field(default_factory=Lint, description="planforge check 的设置")


# --------------------------------------------------------------------------- plan

Compare = Literal[">=", "<=", ">", "<", "="]


class Metric(Model):
    name: str = Field(description="指标名称，如 学前三年毛入园率")
    target: float = Field(allow_inf_nan=False, description="目标值")
    unit: str = Field("", description="单位，如 %")
    compare: Compare = Field(">=", description="比较方式")


class Goal(Model):
    name: Optional[str] = Field(None, description="目标名称，如 事业发展水平")
    text: Optional[str] = Field(None, description="目标表述；省略时由指标生成")
    metrics: list[Metric] = Field(default_factory=list)


def _goals(value: Any) -> Any:
    return {"items": value} if isinstance(value, list) else value


class Goals(Model):
    label: Optional[str] = Field(None, description="标题，如 总体目标；有则作为一级标题编号")
    intro: Optional[str] = Field(None, description="目标前的引导语")
    items: list[Goal] = Field(default_factory=list)
    table: bool = Field(False, description="另列指标表")


def _preamble(value: Any) -> Any:
    return {"text": value} if isinstance(value, (str, list)) else value


class Preamble(Model):
    label: Optional[str] = Field(None, description="标题，如 总体要求；有则作为一级标题编号")
    text: Paragraphs = Field(description="段落")


class Task(Model):
    id: Optional[str] = Field(None, pattern=r"^\S+$", description="稳定的任务标识，跨年度不变")
    title: Title = Field(min_length=1, description="任务标题（段首加粗的第一句）")
    body: Paragraphs = Field(default_factory=list, description="任务内容，空行分段")
    departments: Names = Field(default_factory=list, description="责任科室，牵头科室在前")
    deadline: Optional[str] = Field(None, description="完成时限")

    @field_validator("title")
    @classmethod
    def _no_final_stop(cls, title: str) -> str:
        return title.rstrip("。").strip()

    @field_validator("deadline")
    @classmethod
    def _deadline_dates_exist(cls, deadline: Optional[str]) -> Optional[str]:
        if deadline and any(p.match(deadline) for p in DATE_PATTERNS):
            parse_date(deadline)
        return deadline


class Section(Model):
    title: Title = Field(min_length=1, description="一级标题（不含“一、”）")
    paragraphs: Paragraphs = Field(default_factory=list, description="标题下、任务前的段落")
    tasks: list[Task] = Field(default_factory=list)


class Notice(Model):
    """The issuing notice (印发通知) wrapped around the plan."""

    doc_number: Optional[str] = Field(None, description="发文字号，如 示教发〔2024〕3号；只写序号时用机关代字补全")
    title: Optional[str] = Field(None, description="通知标题；默认 关于印发《…》的通知")
    recipients: Optional[str] = Field(None, description="主送机关；默认取 org.yaml")
    body: Paragraphs = Field(default_factory=list, description="正文；省略时用模板 text/notice_body.j2 的措辞")
    paragraphs: Paragraphs = Field(default_factory=list, description="正文之后追加的段落")
    date: Optional[Date] = Field(None, description="成文日期")
    note: Optional[str] = Field(None, description="附注，如 此件公开发布")
    attachment: bool = Field(False, description="把工作要点标为附件")
    cc: Optional[Names] = Field(None, description="抄送机关；默认取 org.yaml")
    printed_by: Optional[str] = Field(None, description="印发机关；默认取 org.yaml")
    printed_date: Optional[Date] = Field(None, description="印发日期；默认同成文日期")


class Plan(Model):
    """One year's plan: the single source of every document."""

    year: int = Field(ge=1949, le=2999, description="年度")
    kind: str = Field("工作要点", description="文种，如 工作要点、工作计划")
    issuer: Names = Field(default_factory=list, description="发文机关；默认取 org.yaml")
    title: Optional[Title] = Field(None, description="标题；默认 发文机关+年度+文种")
    preamble: Annotated[Optional[Preamble], BeforeValidator(_preamble, json_schema_input_type=Any)] = None
    goals: Annotated[Optional[Goals], BeforeValidator(_goals, json_schema_input_type=Any)] = None
    numbering: Literal["continuous", "per-section"] = Field("continuous", description="任务序号全文连续或每部分重新编号")
    sections: list[Section] = Field(min_length=1)
    closing: Paragraphs = Field(default_factory=list, description="结束语")
    notice: Optional[Notice] = None
    lint: Lint = Field(default_factory=Lint, description="planforge check 的设置（与 org.yaml 中的合并）")
    org: Organisation = Field(default_factory=Organisation, description="覆盖 org.yaml 中的设置")

    @property
    def issuers(self) -> list[str]:
        return self.issuer or self.org.issuer

    @property
    def full_title(self) -> str:
        return self.title or f"{' '.join(self.issuers)}{self.year}年{self.kind}"

    def tasks(self):
        """Every task with its section index, in document order."""
        for s_index, section in enumerate(self.sections):
            for t_index, task in enumerate(section.tasks):
                yield s_index, t_index, task

    def numbered_tasks(self):
        """(number as printed, section index, task), numbered as ``numbering`` says."""
        number = 0
        for s_index, t_index, task in self.tasks():
            number = t_index + 1 if self.numbering == "per-section" else number + 1
            yield number, s_index, task
