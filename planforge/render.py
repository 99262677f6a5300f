"""``planforge render``: one plan file → the documents it has the data for.

Everything is composed and written in memory first; files are written only
when every requested format succeeded, each one atomically.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Optional

from .compose import compose_notice, compose_plan
from .diagnostics import PlanError, PlanforgeError, format_text
from .gcpause import gc_paused
from .load import LoadedPlan, load_plan
from .output import OutputError, Sources, plan_sources, write_outputs
from .templating import Templates, templates_for


class RenderError(PlanforgeError):
    """Rendering one plan failed; the message (Chinese, with positions) is for the user."""


def _markdown(document, loaded: LoadedPlan, templates: Templates) -> bytes:
    from .writers.markdown import write_markdown

    return write_markdown(document, templates).encode("utf-8")


def _docx(document, loaded: LoadedPlan, templates: Templates) -> bytes:
    from .writers.docx import write_docx

    return write_docx(document, loaded.plan.org, templates)


def _html(document, loaded: LoadedPlan, templates: Templates) -> bytes:
    from .layout import Layout
    from .writers.html import write_html

    org = loaded.plan.org
    return write_html(document, templates, Layout(org.layout), org.fonts).encode("utf-8")


def _producer(compose, write) -> Callable[[LoadedPlan, Templates], bytes]:
    @gc_paused
    def produce(loaded: LoadedPlan, templates: Templates) -> bytes:
        return write(compose(loaded.plan, templates), loaded, templates)

    return produce


# format name → (file name suffix, producer): the plan or the notice, through one writer
PRODUCERS: dict[str, tuple[str, Callable[[LoadedPlan, Templates], bytes]]] = {
    "md": (".md", _producer(compose_plan, _markdown)),
    "docx": (".docx", _producer(compose_plan, _docx)),
    "html": (".html", _producer(compose_plan, _html)),
    "notice": ("-notice.docx", _producer(compose_notice, _docx)),
    "notice-md": ("-notice.md", _producer(compose_notice, _markdown)),
    "notice-html": ("-notice.html", _producer(compose_notice, _html)),
}
NOTICE_FORMATS = tuple(name for name, (suffix, _) in PRODUCERS.items() if suffix.startswith("-notice"))  # need `notice:`


def default_formats(loaded: LoadedPlan) -> list[str]:
    return ["md", "docx"] + (["notice"] if loaded.plan.notice is not None else [])


def _pdfs(loaded: LoadedPlan, templates: Templates, stem: str) -> list[tuple[str, bytes]]:
    """PDF of the plan (and of the notice, when there is one), through LibreOffice."""
    from .pdf import PdfError, docx_to_pdf

    wanted = ["docx"] + (["notice"] if loaded.plan.notice is not None else [])
    out = []
    for name in wanted:
        suffix, produce = PRODUCERS[name]
        try:
            pdf = docx_to_pdf(produce(loaded, templates), loaded.plan.org.fonts)
            out.append((stem + suffix.replace(".docx", ".pdf"), pdf))
        except PdfError as exc:
            raise RenderError(f"{loaded.path}: 错误: [PF162] {exc}") from None
    return out


def _font_notes(loaded: LoadedPlan) -> list[str]:
    """Which fonts the PDF had to replace on this machine, once per font."""
    from .fontconfig import installed_fonts
    from .fonts import choose, warnings

    return warnings(choose(loaded.plan.org.fonts, installed_fonts()))


def user_template_dirs(plan_path: Path, templates: Optional[Path]) -> tuple[Path, ...]:
    if templates is not None:
        return (templates,)
    beside = plan_path.resolve().parent / "templates"
    return (beside,) if beside.is_dir() else ()


@gc_paused  # the whole render: re-enabled between loading and writing, the collector would scan the plan just read
def render_plan(
    plan_path: Path,
    out_dir: Path,
    formats: Optional[Iterable[str]] = None,
    templates_dir: Optional[Path] = None,
    org_path: Optional[Path] = None,
    sources: Optional[Sources] = None,
) -> list[str]:
    """Render one plan; return lines to show the user (warnings, files written).

    ``sources`` are what the whole command read (every plan named, their org.yaml
    and templates); none of them is ever written over."""
    if templates_dir is not None and not templates_dir.is_dir():
        raise RenderError(f"{templates_dir}: 错误: [PF150] --templates 指定的模板文件夹不存在（当前文件夹是 {Path.cwd()}）。")
    try:
        loaded = load_plan(plan_path, org_path)
        templates = templates_for(user_template_dirs(plan_path, templates_dir))
        wanted = list(formats) if formats else default_formats(loaded)
        outputs: list[tuple[Path, bytes]] = []
        notes: list[str] = []
        for name in wanted:
            if name in NOTICE_FORMATS and loaded.plan.notice is None:
                raise RenderError(f"{plan_path}: 错误: [PF160] 计划中没有 notice（印发通知）部分，无法生成通知。")
            if name == "pdf":
                outputs += [(out_dir / file, data) for file, data in _pdfs(loaded, templates, plan_path.stem)]
                notes = _font_notes(loaded)
                continue
            suffix, produce = PRODUCERS[name]
            outputs.append((out_dir / f"{plan_path.stem}{suffix}", produce(loaded, templates)))
    except PlanError as exc:
        raise RenderError(format_text(exc.diagnostics) + f"\n{plan_path}：有错误，未生成任何文件。") from None
    guard = plan_sources(plan_path, org_path, templates_dir) + Sources.of([loaded.org_file]) + (sources or Sources())
    try:
        write_outputs(outputs, guard)  # the plan's documents as a set: all or none
    except OutputError as exc:
        raise RenderError(str(exc)) from None
    return [str(w) for w in loaded.warnings] + notes + [f"已生成 {path}" for path, _ in outputs]
