"""``planforge verify``: audit any DOCX against GB/T 9704-2012.

Reads the package with python-docx and its raw XML, resolves fonts and sizes
through the style chain (run → character style → paragraph style → basedOn →
document defaults), and reports each rule it can check with its clause.
Works on documents planforge did not write: everything is found by looking
at the text and formatting, not by our style names.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable, Literal, Optional

from lxml import etree

from .diagnostics import PlanforgeError
from .layout import mm_to_pt
from .ooxml import StyleResolver, in_table, is_red, jc_of, text_of, w
from .load import DOC_NUMBER_LINE, check_doc_number

TWIPS_PER_MM = 1440 / 25.4
Status = Literal["pass", "fail", "skip"]

HEADING1 = re.compile(r"^[一二三四五六七八九十百]+、")
HEADING2 = re.compile(r"^（[一二三四五六七八九十百]+）")
CC_LINE = re.compile(r"^\s*抄\s*送\s*[:：]")
PRINTED_LINE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日\s*印发\s*$")
DATE_LINE = re.compile(r"^\s*([0-9〇零○一二三四五六七八九十]{2,4})年(.{1,3})月(.{1,3})日\s*$")


@dataclass
class Check:
    clause: str
    rule: str
    status: Status
    detail: str = ""
    part: str = "xml"   # xml: what the DOCX asks for; pdf: what the rendered pages show


class VerifyError(PlanforgeError):
    """The file cannot be read as a DOCX; the message is for the user."""


# A DOCX from anyone: no entity is expanded, nothing is fetched, no part is taken past this size
# (the largest part of a 10,000-task plan is a few MB; a bigger one is a zip bomb or not a document).
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
MAX_PART_BYTES = 64_000_000


def _read_parts(path: Path) -> dict[str, bytes]:
    package = zipfile.ZipFile(path)
    for info in package.infolist():
        if info.file_size > MAX_PART_BYTES:
            raise VerifyError(f"DOCX 中的部件 {info.filename} 解压后有 {info.file_size // 1_000_000} MB，"
                              f"超过上限 {MAX_PART_BYTES // 1_000_000} MB，不像是公文，未检查。")
    return {name: package.read(name) for name in package.namelist()}


def _unparsable(parts: dict[str, bytes]) -> list[str]:
    """XML parts Word would refuse to open ("…部件有问题"): each with the parser's reason."""
    bad = []
    for name, data in parts.items():
        if name.endswith((".xml", ".rels")):
            try:
                etree.fromstring(data, PARSER)
            except etree.XMLSyntaxError as exc:
                bad.append(f"{name}：{exc.msg if hasattr(exc, 'msg') else exc}")
    return bad


class Auditor:
    def __init__(self, path: Path):
        try:
            self.parts = _read_parts(path)
            self.broken = _unparsable(self.parts)
            self.document = etree.fromstring(self.parts["word/document.xml"], PARSER)
        except FileNotFoundError:
            raise VerifyError("找不到文件。") from None
        except (zipfile.BadZipFile, KeyError, OSError, EOFError, zipfile.LargeZipFile, NotImplementedError) as exc:
            raise VerifyError(f"无法作为 DOCX 读取（{type(exc).__name__}）：请确认是 Word 2007 以后的 .docx 文件，而不是 .doc 或 .wps。") from None
        except etree.XMLSyntaxError:
            raise VerifyError(f"DOCX 的部件不是合法的 XML，Word 无法打开：{'；'.join(self.broken)}。") from None
        self.styles = self._xml("word/styles.xml")
        self.settings = self._xml("word/settings.xml")
        self.resolve = StyleResolver(self.styles)
        body = self.document.find(w("body"))
        # the first section is the document's text; a last section may hold only the 版记, unnumbered (7.5)
        self.sect = next(body.iter(w("sectPr")), None) if body is not None else None
        # every paragraph in document order (the joint-issuing mark is often a table)
        self.paragraphs = list(body.iter(w("p"))) if body is not None else []
        self.texts = [text_of(p) for p in self.paragraphs]
        self.checks: list[Check] = []

    def _xml(self, name: str):
        try:
            return etree.fromstring(self.parts[name], PARSER) if name in self.parts else None
        except etree.XMLSyntaxError:
            return None

    def add(self, clause: str, rule: str, ok: Optional[bool], detail: str = "") -> None:
        status: Status = "skip" if ok is None else ("pass" if ok else "fail")
        self.checks.append(Check(clause, rule, status, detail))

    # ------------------------------------------------------------------ page
    def page(self) -> None:
        size = self.sect.find(w("pgSz")) if self.sect is not None else None
        margins = self.sect.find(w("pgMar")) if self.sect is not None else None
        if size is None or margins is None:
            self.add("5.1", "纸张大小", False, "文件没有页面设置（sectPr/pgSz）。")
            return
        width, height = (int(size.get(w(a), 0)) / TWIPS_PER_MM for a in ("w", "h"))
        self.add("5.1", "纸张 A4（210 mm × 297 mm）", abs(width - 210) <= 1 and abs(height - 297) <= 1,
                 f"{width:.1f} mm × {height:.1f} mm")
        m = {side: int(margins.get(w(side), 0)) / TWIPS_PER_MM for side in ("top", "bottom", "left", "right")}
        self.add("5.2.1", "天头（上白边）37 mm ± 1", abs(m["top"] - 37) <= 1, f"{m['top']:.1f} mm")
        self.add("5.2.1", "订口（左白边）28 mm ± 1", abs(m["left"] - 28) <= 1, f"{m['left']:.1f} mm")
        type_w, type_h = width - m["left"] - m["right"], height - m["top"] - m["bottom"]
        self.add("5.2.1", "版心 156 mm × 225 mm", abs(type_w - 156) <= 1 and abs(type_h - 225) <= 1,
                 f"{type_w:.1f} mm × {type_h:.1f} mm")
        self.type_w_pt, self.type_h_pt = mm_to_pt(type_w), mm_to_pt(type_h)

    def grid(self, body: list) -> None:
        if not body or not hasattr(self, "type_h_pt"):
            self.add("5.2.3", "每页 22 行、每行 28 字", None, "没有可检查的正文段落。")
            return
        p = body[0]
        spacing = self.resolve.ppr(p, "spacing")
        grid = self.sect.find(w("docGrid"))
        pitch = None
        if spacing is not None and spacing.get(w("lineRule")) == "exact" and spacing.get(w("line")):
            pitch = int(spacing.get(w("line"))) / 20
        elif grid is not None and grid.get(w("linePitch")) and grid.get(w("type")) in ("lines", "linesAndChars"):
            pitch = int(grid.get(w("linePitch"))) / 20
        lines = int(self.type_h_pt // pitch + 1e-6) if pitch else None
        size = self.resolve.size_pt(p, None) or 10.5
        squeeze = self.resolve.prop(p, None, "spacing", "val")
        advance = size + (int(squeeze) / 20 if squeeze else 0)
        chars = int(self.type_w_pt // advance + 1e-6)
        self.add("5.2.3", "每页 22 行", lines == 22, f"行距 {pitch} pt，每页 {lines} 行" if pitch else "正文没有固定行距或行网格。")
        self.add("5.2.3", "每行 28 字", chars == 28, f"字号 {size:g} pt、字距 {advance - size:+g} pt，每行 {chars} 字")

    # ------------------------------------------------------------------ fonts
    def theme_fonts(self) -> None:
        offenders = {a.split("}")[-1] for root in (self.styles, self.document) if root is not None
                     for el in root.iter(w("rFonts")) for a in el.attrib if "Theme" in a}
        self.add("5.2.2", "不用主题字体（主题字体会覆盖指定的中文字体）", not offenders,
                 "、".join(sorted(offenders)) if offenders else "")
        if self.styles is not None:
            lang = self.styles.find(f".//{w('rPrDefault')}//{w('lang')}")
            east = lang.get(w("eastAsia")) if lang is not None else None
            self.add("5.2.2", "中文语言标记为 zh-CN", east is None or east.lower().startswith("zh"), east or "未声明")

    def fonts(self, label: str, clause: str, paragraphs: list, family: str, size: float, which: str = "all") -> None:
        """Check the East Asian font and size of ``which`` runs: all, the first
        (a run-in heading) or the last (body text after a run-in heading)."""
        if not paragraphs:
            self.add(clause, label, None, "文件中没有这类段落。")
            return
        problems = []
        for p in paragraphs:
            runs = [r for r in p.iter(w("r")) if text_of(r).strip()]
            for run in {"all": runs, "first": runs[:1], "last": runs[-1:]}[which]:
                font = self.resolve.east_asia_font(p, run)
                got = self.resolve.size_pt(p, run)
                if not font:
                    problems.append(f"“{text_of(p)[:12]}”没有设置中文字体（w:eastAsia）")
                elif family not in font:
                    problems.append(f"“{text_of(p)[:12]}”用的是 {font}")
                elif got is not None and abs(got - size) > 0.01:
                    problems.append(f"“{text_of(p)[:12]}”字号 {got:g} pt")
                if problems:
                    break
            if len(problems) >= 3:
                break
        self.add(clause, f"{label}：{family}，{size:g} pt", not problems, "；".join(problems))

    # ------------------------------------------------------------------ page numbers
    def page_numbers(self) -> None:
        rels = self._xml("word/_rels/document.xml.rels")
        refs = {} if self.sect is None else {
            r.get(w("type")): r.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
            for r in self.sect.findall(w("footerReference"))}
        targets = {} if rels is None else {rel.get("Id"): rel.get("Target") for rel in rels}
        footers = {kind: self._xml("word/" + targets.get(rid, "").lstrip("/").replace("word/", "")) for kind, rid in refs.items()}
        odd, even = footers.get("default"), footers.get("even")
        present = [f for f in footers.values() if f is not None]
        has_field = [f for f in present if _has_page_field(f)]
        self.add("7.5", "每个页脚都有页码域（PAGE）", bool(present) and len(has_field) == len(present),
                 "" if present else "没有页脚。")
        even_odd = self.settings is not None and self.settings.find(w("evenAndOddHeaders")) is not None
        placed = even_odd and odd is not None and even is not None and _jc(odd) == "right" and _jc(even) == "left"
        self.add("7.5", "单页码居右、双页码居左", placed,
                 "" if placed else "需要奇偶页不同的页脚（evenAndOddHeaders），单页右对齐、双页左对齐。")
        texts = [text_of(f) for f in has_field]
        dashes = bool(texts) and all(t.strip().startswith("—") and t.strip().endswith("—") for t in texts)
        self.add("7.5", "页码两边各一条一字线（— 1 —）", dashes if texts else None, " / ".join(texts))
        if has_field:
            p = has_field[0].find(f".//{w('p')}")
            run = next((r for r in p.iter(w("r")) if text_of(r).strip()), None)
            font, size = StyleResolver(self.styles).east_asia_font(p, run), self.resolve.size_pt(p, run)
            ascii_font = self.resolve.prop(p, run, "rFonts", "ascii")
            ok = size == 14 and ascii_font is not None and "宋" in ascii_font
            self.add("7.5", "页码 4号（14 pt）半角宋体", ok, f"{ascii_font or font}，{size} pt")

    # ------------------------------------------------------------------ notice parts
    def notice(self) -> None:
        red = [i for i, p in enumerate(self.paragraphs[:12]) if self.texts[i].strip() and is_red(self.resolve, p)]
        number_at = next((i for i, t in enumerate(self.texts[:20]) if DOC_NUMBER_LINE.match(t)), None)
        if number_at is None:
            self.add("7.2.5", "发文字号格式", None, "文件中没有发文字号。")
        else:
            problem = check_doc_number(self.texts[number_at].strip())
            self.add("7.2.5", "发文字号格式（〔年份〕、不加“第”、不编虚位）", problem is None, problem or self.texts[number_at].strip())
        dates = [t.strip() for t in self.texts if DATE_LINE.match(t)]
        if dates:
            bad = [d for d in dates if not re.fullmatch(r"[1-9]\d{3}年[1-9]\d?月[1-9]\d?日", d)]
            self.add("7.3.5", "成文日期用阿拉伯数字、年份写全、月日不编虚位", not bad, "、".join(bad or dates))
        else:
            self.add("7.3.5", "成文日期格式", None, "文件中没有单独成行的日期。")
        cc = [t.strip() for t in self.texts if CC_LINE.match(t)]
        printed = [t.strip() for t in self.texts if PRINTED_LINE.search(t)]
        if cc:
            self.add("7.4.2", "抄送机关：“抄送：”开头，以句号结尾", all(c.startswith("抄送：") and c.endswith("。") for c in cc), cc[0][:40])
        if not red:
            self.add("7.2.4", "版头（发文机关标志）", None, "不是带版头的公文（首页没有红色发文机关标志）。")
            return
        self.add("7.2.4", "发文机关标志为红色", True, self.texts[red[0]].strip())
        title_at = next((i for i, t in enumerate(self.texts) if re.search(r"^关于.*(通知|意见|决定|报告|请示|函)$", t.strip())), None)
        recipients_at = next((i for i, t in enumerate(self.texts) if title_at is not None and i > title_at
                              and t.strip().endswith(("：", ":"))), None)
        date_at = next((i for i, t in enumerate(self.texts) if DATE_LINE.match(t)), None)
        sequence = [("发文机关标志", red[0]), ("发文字号", number_at), ("标题", title_at), ("主送机关", recipients_at), ("成文日期", date_at)]
        missing = [name for name, at in sequence if at is None]
        found = [at for _, at in sequence if at is not None]
        self.add("7.1", "版头和主体各要素齐全、顺序正确（标志→字号→标题→主送→日期）",
                 not missing and found == sorted(found), ("缺少：" + "、".join(missing)) if missing else "")
        if number_at is not None:
            ruled = any(_red_border(self.resolve.ppr(self.paragraphs[i], "pBdr")) for i in (number_at, number_at + 1)
                        if i < len(self.paragraphs))
            self.add("7.2.7", "发文字号下有红色分隔线", ruled)
        last = [t.strip() for t in self.texts if t.strip()][-2:]
        at_end = bool(printed) and printed[-1] in last
        self.add("7.4", "版记（抄送、印发机关和印发日期）在文件末尾", at_end,
                 "" if at_end else "没有找到以“××年×月×日印发”结尾的印发行，或它不在最后。")

    # ------------------------------------------------------------------ run
    def run(self) -> list[Check]:
        self.add("—", "DOCX 各部件是合法的 XML（否则 Word 拒绝打开）", not self.broken, "；".join(self.broken))
        self.page()
        title = next((p for p in self.paragraphs if text_of(p).strip() and not is_red(self.resolve, p)
                      and (self.resolve.size_pt(p, None) or 0) >= 20), None)
        flowing = [p for p in self.paragraphs if not in_table(p)]
        headings = [p for p in flowing if HEADING1.match(text_of(p).strip())]
        headings2 = [p for p in flowing if HEADING2.match(text_of(p).strip())]
        # the 版记 (抄送 may run to two lines) is 4号, not body text
        body = [p for p in flowing if len(text_of(p).strip()) >= 30 and not HEADING1.match(text_of(p).strip())
                and not CC_LINE.match(text_of(p)) and not PRINTED_LINE.search(text_of(p))
                and jc_of(self.resolve, p) not in ("center", "right")]
        self.grid(body)
        self.theme_fonts()
        self.fonts("标题", "7.3.1", [title] if title is not None else [], "标宋", 22)
        self.fonts("正文", "5.2.2", body, "仿宋", 16, which="last")
        self.fonts("一级标题", "7.3.3", headings, "黑体", 16, which="first")
        self.fonts("二级标题（一）", "7.3.3", headings2, "楷体", 16, which="first")
        self.page_numbers()
        self.notice()
        return self.checks


def _has_page_field(footer) -> bool:
    instructions = "".join(t.text or "" for t in footer.iter(w("instrText")))
    instructions += "".join(f.get(w("instr")) or "" for f in footer.iter(w("fldSimple")))
    return "PAGE" in instructions.upper().split()


def _jc(footer) -> Optional[str]:
    jc = footer.find(f".//{w('p')}/{w('pPr')}/{w('jc')}")
    return jc.get(w("val")) if jc is not None else None


def _red_border(pbdr) -> bool:
    if pbdr is None:
        return False
    return any((b.get(w("color")) or "").upper().startswith(("FF", "C0", "E0")) for b in pbdr)


def verify_docx(path: Path | str) -> list[Check]:
    try:
        return Auditor(Path(path)).run()
    except (ValueError, TypeError, ArithmeticError, AttributeError) as exc:
        # an attribute Word itself would reject (w:w="abc", color="ZZZZZZ", a field outside a paragraph …)
        raise VerifyError(f"DOCX 中有不合法的设置，无法按 GB/T 9704 检查（{type(exc).__name__}: {exc}）；"
                          "请用 Word/WPS 打开后另存为 .docx 再检查。") from None
    except MemoryError:
        raise VerifyError("DOCX 太大，无法检查。") from None


PARTS = {"xml": "版式（DOCX 的 XML 设置）", "pdf": "页面（渲染成 PDF 后实际看到的）"}


def format_report(path: str, checks: Iterable[Check]) -> str:
    marks = {"pass": "✓", "fail": "✗", "skip": "-"}
    checks = list(checks)
    lines = [path]
    for part, heading in PARTS.items():
        group = [c for c in checks if c.part == part]
        if group:
            lines.append(f" {heading}")
        # one reason shared by every skipped check of the group (no LibreOffice) is said once
        reasons = {c.detail for c in group if c.status == "skip"}
        shared = reasons.pop() if len(reasons) == 1 and all(c.status == "skip" for c in group) and len(group) > 2 else None
        if shared:
            lines.append(f"  以下各项无法检查：{shared}")
        for c in group:
            detail = "（同上）" if shared else f"（{c.detail}）" if c.detail else ""
            lines.append(f"  {marks[c.status]} {c.clause:<6} {c.rule}{detail}")
    counts = {s: sum(c.status == s for c in checks) for s in ("fail", "pass", "skip")}
    verdict = "符合" if counts["fail"] == 0 else "不符合"
    unchecked = [PARTS[part].split("（")[0] for part in PARTS
                 if (group := [c for c in checks if c.part == part]) and all(c.status == "skip" for c in group)]
    note = "".join(f"；{name}未检查" for name in unchecked)
    lines.append(f"结论：{verdict} GB/T 9704-2012（不符合 {counts['fail']} 项，符合 {counts['pass']} 项，无法检查 {counts['skip']} 项{note}）")
    return "\n".join(lines)


def to_json(path: str, checks: list[Check]) -> dict:
    return {"file": path, "conforms": all(c.status != "fail" for c in checks), "checks": [asdict(c) for c in checks]}
