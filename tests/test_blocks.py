"""Every block type through every writer; a block a writer does not know stops it."""
import io
from dataclasses import dataclass

import docx
from docx.oxml.ns import qn
import pytest
from markdown_it import MarkdownIt

from planforge.diagnostics import PlanError
from planforge.document import (BLOCK_TYPES, Attachment, AttachmentLabel, DocNumber, Document, Goal, Heading, Imprint,
                                Mark, Note, PageBreak, Paragraph, Recipients, Run, Signature, Table, Task, Title)
from planforge.model import Organisation
from planforge.templating import Templates
from planforge.writers.docx import write_docx
from planforge.writers.markdown import write_markdown

# one sample of each block type, with the words a reader must find in every format
SAMPLES = {
    Title: (Title.of("示例县教育局工作要点"), ["示例县教育局工作要点"]),
    Heading: (Heading((Run("一、", "number"), Run("加强党的建设"))), ["加强党的建设"]),
    Paragraph: (Paragraph.of("全年工作的总体要求是稳中求进。"), ["全年工作的总体要求是稳中求进。"]),
    Task: (Task((Run("1.", "number"), Run("推进学校建设。", "lead"), Run("完成三所学校改造。"))), ["推进学校建设", "完成三所学校改造。"]),
    Goal: (Goal((Run("（一）", "number"), Run("发展水平。", "lead"), Run("入园率达到92%以上。"))), ["发展水平", "入园率达到92%以上。"]),
    Recipients: (Recipients.of("各乡镇中心学校："), ["各乡镇中心学校："]),
    DocNumber: (DocNumber.of("示县教发〔2026〕7号"), ["示县教发〔2026〕7号"]),
    Note: (Note.of("（此件公开发布）"), ["（此件公开发布）"]),
    AttachmentLabel: (AttachmentLabel.of("附件"), ["附件"]),
    Table: (Table((("序号", "指标"), ("1", "学前三年毛入园率"))), ["学前三年毛入园率"]),
    Mark: (Mark(("示例县教育局",), "文件"), ["示例县教育局"]),
    Attachment: (Attachment(("工作要点", "任务分解表")), ["1.工作要点", "2.任务分解表"]),
    Signature: (Signature(("示例县教育局",), "2026年2月20日"), ["2026年2月20日"]),
    Imprint: (Imprint("抄送：县委办公室。", "示例县教育局办公室", "2026年2月20日印发"), ["抄送：县委办公室。", "2026年2月20日印发"]),
    PageBreak: (PageBreak(), []),
}


def test_every_block_type_has_a_sample():
    assert set(SAMPLES) == set(BLOCK_TYPES)


def _document():
    return Document("notice", "示例", [block for block, _ in SAMPLES.values()])


def _markdown_text(document) -> str:
    tokens = MarkdownIt("commonmark").enable("table").parse(write_markdown(document, Templates()))
    return "".join(t.content for t in tokens if t.type == "inline")


def _docx_text(document) -> str:
    """All text in the body, frames and tables included."""
    package = docx.Document(io.BytesIO(write_docx(document, Organisation(issuer=["示例县教育局"]), Templates())))
    return "".join(t.text or "" for t in package.element.body.iter(qn("w:t")))


@pytest.mark.parametrize("writer", [_markdown_text, _docx_text], ids=["markdown", "docx"])
def test_every_block_reaches_every_writer(writer):
    text = writer(_document())
    for cls, (_, words) in SAMPLES.items():
        for word in words:
            assert word in text, (cls.__name__, word)


@dataclass(frozen=True)
class Sidebar:
    """A block no writer knows."""

    text: str = "旁注"


def test_markdown_writer_refuses_an_unknown_block():
    with pytest.raises(PlanError, match="Sidebar"):
        write_markdown(Document("plan", "t", [Title.of("标题"), Sidebar()]), Templates())


def test_docx_writer_refuses_an_unknown_block():
    with pytest.raises((TypeError, PlanError), match="Sidebar"):
        write_docx(Document("plan", "t", [Title.of("标题"), Sidebar()]), Organisation(issuer=["示例县教育局"]), Templates())
