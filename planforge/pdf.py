"""DOCX → PDF through LibreOffice, when it is installed."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path


class PdfError(Exception):
    """PDF conversion is not possible here; the message says why, in Chinese."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes, timeout: int = 180) -> bytes:
    program = soffice()
    if program is None:
        raise PdfError("生成 PDF 需要 LibreOffice，但本机没有安装（Debian/Ubuntu：apt-get install libreoffice-writer-nogui；"
                       "Windows：安装 LibreOffice 并把 program 目录加入 PATH）。DOCX 可以直接用 Word/WPS 另存为 PDF。")
    with tempfile.TemporaryDirectory(prefix="planforge-pdf-") as tmp:
        source = Path(tmp) / "document.docx"
        source.write_bytes(docx)
        # A private profile, so a LibreOffice the user has open does not block the conversion.
        profile = Path(tmp, "profile").as_uri()
        command = [program, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", tmp, str(source)]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise PdfError(f"LibreOffice 转换 PDF 超过 {timeout} 秒未完成。") from None
        except subprocess.CalledProcessError as exc:
            raise PdfError(f"LibreOffice 转换 PDF 失败：{exc.stderr.decode(errors='replace').strip()[:300]}") from None
        result = Path(tmp) / "document.pdf"
        if not result.exists():
            raise PdfError("LibreOffice 没有生成 PDF（文件可能被其他程序占用）。")
        return result.read_bytes()
