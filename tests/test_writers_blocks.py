"""Every block type through every writer: each one is written, none is dropped, and a
block a writer has no rule for stops the render instead of vanishing."""
import io
import zipfile

import pytest

from planforge.diagnostics import PlanError
from planforge.document import (BLOCK_TYPES, Attachment, AttachmentLabel, DocNumber, Document, Goal, Heading,
                                Imprint, Mark, Note, PageBreak, Paragraph, Recipients, Run, Signature, Table, Task,
                                Title)
from planforge.model import Organisation
from planforge.templating import Templates
from planforge.writers.docx import write_docx
from planforge.writers.html import write_html
from planforge.writers.markdown import write_markdown

# one block of each type, and words it must bring into every format
SAMPLES = {
    Title: (Title.of("示范区二〇二六年校园安全工作要点"), ["示范区二〇二六年校园安全工作要点"]),
    Heading: (Heading((Run("三、", "number"), Run("守牢安全底线"))), ["三、", "守牢安全底线"]),
    Paragraph: (Paragraph.of("各校每月开展一次消防演练。"), ["各校每月开展一次消防演练。"]),
    Task: (Task((Run("7.", "number"), Run("排查校舍隐患。", "lead"), Run("汛期前完成全部排查。"),
                 Run("（责任科室：安全科）", "note"))), ["7.", "排查校舍隐患", "汛期前完成全部排查。", "（责任科室：安全科）"]),
    Goal: (Goal((Run("（二）", "number"), Run("安全水平。", "lead"), Run("事故数下降。"))), ["（二）", "安全水平", "事故数下降。"]),
    Recipients: (Recipients.of("各中小学校："), ["各中小学校："]),
    DocNumber: (DocNumber.of("示安发〔2026〕9号"), ["示安发〔2026〕9号"]),
    Note: (Note.of("（此件主动公开）"), ["（此件主动公开）"]),
    AttachmentLabel: (AttachmentLabel.of("附件"), ["附件"]),
    Table: (Table((("序号", "指标"), ("1", (Run("演练覆盖率", "ins"),)))), ["序号", "指标", "演练覆盖率"]),
    Mark: (Mark(("示范区教育局",), "文件"), ["示范区教育局", "文件"]),
    Attachment: (Attachment(("安全检查表", "隐患台账")), ["附件：", "安全检查表", "隐患台账"]),
    Signature: (Signature(("示范区教育局",), "2026年3月2日"), ["示范区教育局", "2026年3月2日"]),
    Imprint: (Imprint("抄送：区政府办公室。", "示范区教育局办公室", "2026年3月3日印发"),
              ["抄送：区政府办公室。", "示范区教育局办公室", "2026年3月3日印发"]),
    PageBreak: (PageBreak(), []),
}


def _docx_text(data: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")


WRITERS = {
    "markdown": lambda doc: write_markdown(doc, Templates()),
    "docx": lambda doc: _docx_text(write_docx(doc, Organisation(), Templates())),
    "html": lambda doc: write_html(doc, Templates()),
}


def test_every_block_type_has_a_sample():
    assert set(SAMPLES) == set(BLOCK_TYPES)


def _document(*blocks):
    # a paragraph on either side, so that a block first or last in a document is not a special case
    return Document("plan", "测试", [Paragraph.of("前文。"), *blocks, Paragraph.of("后文。")])


@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize("block_type", BLOCK_TYPES, ids=lambda cls: cls.__name__)
def test_every_block_type_is_written(writer, block_type):
    write = WRITERS[writer]
    block, words = SAMPLES[block_type]
    out = write(_document(block))
    assert out != write(_document()), f"{writer} dropped the {block_type.__name__} block"
    for word in words:
        assert word in out, f"{writer}: {word!r} of the {block_type.__name__} block is missing"


class Stray(Paragraph):
    """A block type no writer knows (a subclass is not its parent: writers match exact types)."""


@pytest.mark.parametrize("writer", WRITERS)
def test_an_unknown_block_stops_the_writer(writer):
    with pytest.raises((PlanError, TypeError), match="Stray"):
        WRITERS[writer](_document(Stray.of("不该悄悄消失的一段。")))
