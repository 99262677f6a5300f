"""The plan as typed data: what a plan file may say, and nothing else.

Field names are the YAML keys, so a validation error's location maps straight
back to a position in the user's file.  Convenience forms (a string where a
list is expected, a list of goals without the wrapping mapping) are accepted
and normalised here, so that everything downstream sees one shape.

Titles, descriptions and examples are in Chinese: they are what an editor shows
while the user types (``planforge schema``, see :mod:`planforge.schemagen`).  Each
convenience form names its accepted input (``Before(…, accepts=…)``), and
numbers, years and switches are strict, so that the JSON Schema accepts exactly
what loading accepts.  How the declaration works: :mod:`planforge.typed`; how a
file is checked against it: :mod:`planforge.validation`.
"""
import datetime as dt
import re
from typing import Annotated, Any, Literal, Optional, Union

from .typed import STRICT, After, Before, Invalid, JsonSchema, Model, Pattern, SchemaExtra, model, spec

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
        if item.isprintable():  # no line break of any kind (nor tab, nor full-width space): one paragraph
            if item.strip():
                out.append(item.strip())
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


DATE_FORMS = (r"(\d{4})-(\d{1,2})-(\d{1,2})", r"(\d{4})年(\d{1,2})月(\d{1,2})日")
DATE_PATTERNS = tuple(re.compile(f"^{form}$") for form in DATE_FORMS)


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
                raise Invalid("PF104", "日期“{text}”不存在（{year}年没有{month}月{day}日），请改正。",
                              text=text, year=year, month=month, day=day) from None
    raise Invalid("PF104", "日期“{text}”格式不对，请写成 2024-02-20 或 2024年2月20日。", text=text)


def chinese_date(day: dt.date) -> str:
    """GB/T 9704 7.3.5: Arabic numerals, full year, no leading zeros."""
    return f"{day.year}年{day.month}月{day.day}日"


_LETTER_OR_DIGIT = re.compile(r"[^\W_]")  # what str.isalnum() accepts: \w without the underscore


def _has_words(text: Any) -> Any:
    """A title of punctuation only (``。。。``) is a placeholder, not a title."""
    if isinstance(text, str) and text.strip() and not _LETTER_OR_DIGIT.search(text):
        raise Invalid("PF106", "标题“{text}”只有标点，没有文字，请填写标题。", text=text)
    return text


# A title needs a letter or a digit (``_has_words``); the same rule for the editor.  (``patternErrorMessage``
# is what VS Code's YAML extension says instead of quoting the pattern; validators ignore it.)
# A required title (``min_length=1``, after stripping) must have the letter or digit: no blank alternative.
_WORDS = r"[\p{L}\p{N}]"
Title = Annotated[str, After(_has_words), SchemaExtra({
    "pattern": rf"^\s*$|{_WORDS}", "patternErrorMessage": "标题只有标点，没有文字，请填写标题。"})]
_REQUIRED_TITLE = {"pattern": _WORDS, "patternErrorMessage": "请填写标题（要有文字，不能只有标点或空格）。"}
# The text of a paragraph list may be written as one block (blank lines separate paragraphs) or as a list.
Paragraphs = Annotated[list[str], Before(_paragraphs, accepts=Optional[Union[Annotated[str, STRICT], list[str]]])]
Names = Annotated[list[str], Before(_name_list, accepts=Union[Annotated[str, STRICT], list[str]])]
Date = Annotated[dt.date, Before(parse_date), JsonSchema({
    "type": "string", "pattern": r"^\s*(?:" + "|".join(DATE_FORMS) + r")\s*$", "examples": ["2024-02-26", "2024年2月26日"],
    "patternErrorMessage": "日期请写成 2024-02-26 或 2024年2月26日。",
})]

# Every class: unknown keys are errors, numbers are accepted where text is expected (``doc_number: 2``,
# ``name: 110``; the schema says so), text is stripped, and the objects are frozen (see planforge.typed).


# --------------------------------------------------------------------------- organisation


@model("科室", "科室名册中的一个科室：现名，以及会被认作它的简称和旧称。")
class Department(Model):
    """One department of the registry; aliases and former names map to ``name``."""

    name: str = spec(title="名称", description="科室的现用名称", examples=["财建科"])
    aliases: Names = spec(factory=list, title="简称", description="简称、别称；任务中写了它们时按现名输出", examples=[["财务科"]])
    former: Names = spec(factory=list, title="曾用名", description="曾用名（更名前的名称）；任务中写了它们时提示并按现名输出", examples=[["计财科"]])


@model("责任说明", "任务末尾“（责任科室：…）”的写法。")
class Responsibility(Model):
    label: str = spec("责任科室", title="标签", description="责任说明的标签，如 责任科室、责任单位、责任股室", examples=["责任股室"])
    lead_remark: bool = spec(True, strict=True, title="牵头说明", description="在第一条责任说明后加“排名第一的为牵头科室，下同。”")


@model("字体", "公文用的字体名称，按本单位 Word/WPS 中的写法（有的单位用“仿宋”而非“仿宋_GB2312”）。")
class Fonts(Model):
    """Font names as the office's Word/WPS knows them (GB/T 9704 names only the families)."""

    fangsong: str = spec("仿宋_GB2312", title="仿宋", description="正文、三四级标题、版记（仿宋）", examples=["仿宋"])
    heiti: str = spec("黑体", title="黑体", description="一级标题（黑体）")
    kaiti: str = spec("楷体_GB2312", title="楷体", description="二级标题（楷体）", examples=["楷体"])
    xiaobiaosong: str = spec("方正小标宋简体", title="小标宋", description="标题、发文机关标志（小标宋）")
    songti: str = spec("宋体", title="宋体", description="页码（宋体）")
    latin: str = spec("Times New Roman", title="西文字体", description="正文中的数字和西文")


@model("检查设置", "planforge check 的设置。")
class Lint(Model):
    ignore: list[Annotated[str, Pattern(r"^PF\d{3}$", "规则代码形如 PF306。"), STRICT]] = spec(
        factory=list, title="不检查的规则", description="不检查的规则代码，如 [PF306, PF341]", examples=[["PF306", "PF341"]])


def _layout_schema(schema: dict) -> None:
    """Every layout figure by name, of its kind and range, with its clause (from layout.yaml)."""
    from .layout import overrides_schema

    kept = {key: schema[key] for key in ("title", "description", "default") if key in schema}
    schema.clear()
    schema.update(overrides_schema(), **kept)


@model("组织设置（org.yaml）", "各年度计划共用的设置：发文机关、机关代字、科室名册、主送和抄送、字体、版式。")
class Organisation(Model):
    """What stays the same across years; read from org.yaml beside the plans."""

    issuer: Names = spec(factory=list, title="发文机关", description="发文机关（联合发文时按主办在前排列）",
                         examples=["示例市教育局", ["中共示例市委教育工作委员会", "示例市教育局"]])
    doc_code: Optional[str] = spec(None, title="机关代字", description="发文机关代字，如 示教发；通知只写序号时用它补全发文字号", examples=["示教发"])
    mark_suffix: str = spec("文件", title="标志后缀", description="发文机关标志中机关名称后的“文件”二字；不要时写空字符串", examples=[""])
    recipients: Optional[str] = spec(None, title="主送机关", description="默认主送机关", examples=["各县（市、区）教育局，市直各学校"])
    cc: Names = spec(factory=list, title="抄送机关", description="默认抄送机关", examples=[["市委办公室", "市政府办公室"]])
    printed_by: Optional[str] = spec(None, title="印发机关", description="印发机关，如 示例市教育局办公室", examples=["示例市教育局办公室"])
    responsibility: Responsibility = spec(factory=Responsibility, title="责任说明", description="任务末尾“（责任科室：…）”的写法")
    fonts: Fonts = spec(factory=Fonts, title="字体", description="公文用的字体名称")
    departments: list[Department] = spec(factory=list, title="科室名册", description="科室名册：任务中的科室必须在此登记")
    # bool first: ``double_sided: false`` stays a switch instead of becoming the number 0
    layout: dict[str, Union[bool, float, str]] = spec(
        factory=dict, title="版式", description="覆盖版式参数（见 templates/docx/layout.yaml），如 {mark_max_size_pt: 40}",
        schema_extra=_layout_schema)
    lint: Lint = spec(factory=Lint, title="检查设置", description="planforge check 的设置")


# --------------------------------------------------------------------------- plan

Compare = Literal[">=", "<=", ">", "<", "="]


@model("指标", "结构化指标，如 学前三年毛入园率达到92%以上。")
class Metric(Model):
    name: str = spec(title="指标名称", description="指标名称，如 学前三年毛入园率", examples=["学前三年毛入园率"])
    target: float = spec(allow_inf_nan=False, strict=True, title="目标值", description="目标值（数字，不加引号）", examples=[92])
    unit: str = spec("", title="单位", description="单位，如 %", examples=["%"])
    compare: Compare = spec(">=", title="比较方式", description=">= 以上，<= 以下，> 超过，< 低于，= 达到")


@model("目标", "总体目标的一项：名称、表述，或由指标生成的表述。")
class Goal(Model):
    name: Optional[str] = spec(None, title="目标名称", description="目标名称，如 事业发展水平", examples=["事业发展水平"])
    text: Optional[str] = spec(None, title="目标表述", description="目标表述；省略时由指标生成")
    metrics: list[Metric] = spec(factory=list, title="指标", description="结构化指标；没有 text 时由指标生成表述")


def _goals(value: Any) -> Any:
    return {"items": value} if isinstance(value, list) else value


@model("总体目标", "总体目标：引导语和各项目标；也可以直接写成目标的列表。")
class Goals(Model):
    label: Optional[str] = spec(None, title="标题", description="标题，如 总体目标；有则作为一级标题编号", examples=["工作目标"])
    intro: Optional[str] = spec(None, title="引导语", description="目标前的引导语", examples=["{{ year }}年全市教育发展的主要目标是："])
    items: list[Goal] = spec(factory=list, title="各项目标", description="各项目标")
    table: bool = spec(False, strict=True, title="指标表", description="另列主要指标表")


def _preamble(value: Any) -> Any:
    return {"text": value} if isinstance(value, (str, list)) else value


@model("总体要求", "总体要求（指导思想）；也可以直接写成一段文字。")
class Preamble(Model):
    label: Optional[str] = spec(None, title="标题", description="标题，如 总体要求；有则作为一级标题编号", examples=["指导思想"])
    text: Paragraphs = spec(title="段落", description="段落；空一行为另起一段")


def _no_final_stop(title: str) -> str:
    return title.rstrip("。").strip()


def _deadline_dates_exist(deadline: Optional[str]) -> Optional[str]:
    if deadline and any(p.match(deadline) for p in DATE_PATTERNS):
        parse_date(deadline)
    return deadline


@model("任务", "一项任务：标题、内容、责任科室和完成时限。")
class Task(Model):
    id: Optional[Annotated[str, Pattern(r"^\S+$", "任务标识不能包含空格或换行。")]] = spec(
        None, title="任务标识", description="稳定的任务标识，跨年度不变（不含空格）", examples=["party-leadership"])
    title: Title = spec(min_length=1, schema_extra=_REQUIRED_TITLE, after=(_no_final_stop,), title="任务标题",
                        description="任务标题（段首加粗的第一句），句号自动加", examples=["坚持党对教育工作的全面领导"])
    body: Paragraphs = spec(factory=list, title="任务内容", description="任务内容，空行分段")
    departments: Names = spec(factory=list, title="责任科室", description="责任科室，牵头科室在前；〈〉内为下属单位",
                              examples=[["党建指导科", "人事科〈机关党委〉"]])
    deadline: Optional[str] = spec(None, after=(_deadline_dates_exist,), title="完成时限",
                                   description="完成时限，如 2024-12-31、2024年10月底", examples=["2024-12-31", "2024年10月底"])


@model("部分", "计划的一个部分：一级标题（“一、”自动加）和其下的任务。")
class Section(Model):
    title: Title = spec(min_length=1, schema_extra=_REQUIRED_TITLE, title="标题", description="一级标题（不含“一、”）",
                        examples=["加强党的建设，把牢教育发展方向"])
    paragraphs: Paragraphs = spec(factory=list, title="段落", description="标题下、任务前的段落")
    tasks: list[Task] = spec(factory=list, title="任务", description="本部分的任务")


def _doc_number_schema(schema: dict) -> None:
    """A serial alone (``3``, up to six digits), or 机关代字〔四位年份〕序号号 (GB/T 9704 7.2.5, as
    ``load.check_doc_number`` checks it: no 第, no leading 0), so the editor flags ``(2024)`` or ``03号``."""
    # one schema, not anyOf: minimum/maximum apply to the number, pattern to the text, and the editor
    # then says what is wrong with the text instead of “expected integer”
    del schema["anyOf"]
    schema.update({
        "type": ["integer", "string", "null"], "minimum": 1, "maximum": 999999,
        "pattern": r"^\s*(?:(?!0+\s*$)\d{1,6}|\S.*〔\d{4}〕[1-9]\d*号)\s*$",
        "patternErrorMessage": "发文字号应写成“机关代字〔四位年份〕序号号”（如 示教发〔2024〕3号：六角括号，序号不加“第”、不编虚位），或只写序号（如 3）。",
    })


@model("印发通知", "印发工作要点的通知（红头文件）：发文字号、主送机关、正文、成文日期、附注和版记。")
class Notice(Model):
    """The issuing notice (印发通知) wrapped around the plan."""

    doc_number: Optional[str] = spec(None, title="发文字号", description="发文字号，如 示教发〔2024〕3号；只写序号（如 3）时用 org.yaml 的机关代字补全",
                                     examples=[3, "示教发〔2024〕3号"], schema_extra=_doc_number_schema)
    title: Optional[str] = spec(None, title="通知标题", description="通知标题；默认 关于印发《…》的通知")
    recipients: Optional[str] = spec(None, title="主送机关", description="主送机关；默认取 org.yaml", examples=["各县（市、区）教育局，市直各学校"])
    body: Paragraphs = spec(factory=list, title="正文", description="正文；省略时用模板 text/notice_body.j2 的措辞")
    paragraphs: Paragraphs = spec(factory=list, title="追加段落", description="正文之后追加的段落")
    date: Optional[Date] = spec(None, title="成文日期", description="成文日期，写成 2024-02-26 或 2024年2月26日")
    note: Optional[str] = spec(None, title="附注", description="附注，如 此件公开发布", examples=["此件公开发布"])
    attachment: bool = spec(False, strict=True, title="作为附件", description="把工作要点标为附件（正文下写“附件：…”）")
    cc: Optional[Names] = spec(None, title="抄送机关", description="抄送机关；默认取 org.yaml")
    printed_by: Optional[str] = spec(None, title="印发机关", description="印发机关；默认取 org.yaml")
    printed_date: Optional[Date] = spec(None, title="印发日期", description="印发日期；默认同成文日期")


@model("年度工作要点", "一个年度的计划文件：生成工作要点、印发通知和任务分解表的唯一来源。")
class Plan(Model):
    """One year's plan: the single source of every document."""

    year: int = spec(ge=1949, le=2999, strict=True, title="年度", description="年度（四位数字，不加引号）", examples=[2024])
    kind: str = spec("工作要点", title="文种", description="文种，如 工作要点、工作计划", examples=["工作要点", "工作计划"])
    issuer: Names = spec(factory=list, title="发文机关", description="发文机关；默认取 org.yaml")
    title: Optional[Title] = spec(None, title="标题", description="标题；默认 发文机关+年度+文种")
    preamble: Annotated[Optional[Preamble], Before(_preamble, accepts=Optional[Union[Annotated[str, STRICT], list[str], Preamble]])] = spec(
        None, title="总体要求", description="总体要求（指导思想）：一段文字，或带 label 和 text 的映射")
    goals: Annotated[Optional[Goals], Before(_goals, accepts=Optional[Union[list[Goal], Goals]])] = spec(
        None, title="总体目标", description="总体目标：目标的列表，或带 intro、items、table 的映射")
    numbering: Literal["continuous", "per-section"] = spec("continuous", title="任务编号", description="continuous：任务序号全文连续；per-section：每部分重新编号")
    sections: list[Section] = spec(min_length=1, title="各部分", description="计划的各部分（“一、”“二、”……），至少一个")
    closing: Paragraphs = spec(factory=list, title="结束语", description="结束语")
    notice: Optional[Notice] = spec(None, title="印发通知", description="印发通知；省略时不生成通知")
    lint: Lint = spec(factory=Lint, title="检查设置", description="planforge check 的设置（与 org.yaml 中的合并）")
    org: Organisation = spec(factory=Organisation, title="组织设置", description="覆盖 org.yaml 中的设置")

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
