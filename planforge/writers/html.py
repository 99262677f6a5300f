"""HTML writer: blocks → one self-contained page for a bureau's website.

The page is ``templates/html/document.html.j2`` (autoescaped, overridable like
every template) with its styles inline, so it can be opened offline or pasted
into a site's CMS: no external fonts, scripts or images.  Print sizes and the
``@page`` margins come from the layout profile, font stacks from the org's
fonts and the stand-in table in :mod:`planforge.fonts`; this module only turns
those into CSS values a template can print safely.
"""
from __future__ import annotations

import re
from typing import Any, Optional

from markupsafe import Markup, escape

from ..document import Document, cell_runs
from ..fonts import ROLES, stack
from ..layout import Layout
from ..model import Fonts
from ..templating import Templates
from . import block_globals

# What a run style looks like in HTML: the run-in number and title are one strong
# phrase, as in the DOCX (bold for tasks, 楷体 for goals — the template's CSS decides).
_RUN_TAGS = {
    "number": ('<span class="number">', "</span>"),
    "lead": ('<span class="lead">', "</span>"),
    "note": ('<span class="note">', "</span>"),
    "del": ("<del>", "</del>"),
    "ins": ("<ins>", "</ins>"),
}
_CSS_UNSAFE = re.compile(r'[\\"<>\n\r\f]')


def runs_html(runs) -> Markup:
    """Runs as escaped text, each styled run in its element; line breaks inside a run become ``<br>``."""
    out = []
    for run in runs:
        start, end = _RUN_TAGS.get(run.style, ("", ""))
        text = Markup("<br>").join(escape(part) for part in run.text.split("\n"))
        out.append(Markup(start) + text + Markup(end))
    return Markup("").join(out)


def title_html(text: str) -> Markup:
    """A title whose words stay whole at any width: each stretch between allowed breaks
    (GB/T 9704 7.3.1, ``allowed_breaks``) is a ``nowrap`` span; the browser balances the lines."""
    from ..linebreak import allowed_breaks

    cuts = [0, *sorted(allowed_breaks(text)), len(text)]
    words = [text[a:b] for a, b in zip(cuts, cuts[1:]) if text[a:b]]
    return Markup("").join(Markup('<span class="word">') + escape(word) + Markup("</span>") for word in words)


def cell_html(cell) -> Markup:
    return runs_html(cell_runs(cell))


def css_string(name: str) -> str:
    """A font name as a CSS string; a name from org.yaml can never close the string or the ``<style>``."""
    return '"' + _CSS_UNSAFE.sub(lambda m: f"\\{ord(m.group()):x} ", name) + '"'


LATIN = "planforge-latin"  # the @font-face of style.css.j2 that draws Latin letters and digits


def font_stacks(fonts: Fonts) -> dict[str, Markup]:
    """CSS ``font-family`` values per role, and the ``src`` lists of the Latin face.

    Word draws digits and Latin letters in the Latin font and everything else in
    the East Asian one.  A plain stack with Times New Roman first would also take
    “” and — from it (half-width), so the Latin font is a ``@font-face`` over
    installed faces (``local()``) limited to Latin code points, put before each
    role's own stack."""
    stacks = {role.key: Markup(", ".join([css_string(LATIN), *(css_string(n) for n in stack(fonts, role.key)[:-1]),
                                           role.generic]))
              for role in ROLES}
    latin = stack(fonts, "latin")[:-1]
    stacks["latin_regular"] = Markup(", ".join(f"local({css_string(n)})" for n in latin))
    stacks["latin_bold"] = Markup(", ".join(f"local({css_string(n + ' Bold')})" for n in latin))
    return stacks


def write_html(document: Document, templates: Templates, layout: Optional[Layout] = None,
               fonts: Optional[Fonts] = None, template: str = "html/document.html.j2", **context: Any) -> str:
    """The document as one HTML page; ``template`` and ``context`` let the preview wrap the same page."""
    templates.env.filters.update(runs=runs_html, cell=cell_html, title=title_html)
    return templates.render(
        template, document=document, blocks=document.blocks, L=layout or Layout(),
        font=font_stacks(fonts or Fonts()), **block_globals(templates.env), **context)
