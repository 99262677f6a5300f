"""Reading WordprocessingML from any DOCX: element names, effective formatting through the style chain.

Shared by ``verify`` (the XML checks) and the page checks, which find a paragraph's role from its
formatting (red, centred, in a table) rather than from our own style names.
"""
from __future__ import annotations

from typing import Optional

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(name: str) -> str:
    return f"{{{W}}}{name}"


class StyleResolver:
    """Effective run properties, resolved through the style chain."""

    def __init__(self, styles: Optional[etree._Element]):
        self.styles = {}
        self.defaults = None
        if styles is not None:
            self.styles = {s.get(w("styleId")): s for s in styles.iter(w("style"))}
            self.defaults = styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
            self.default_para = next((s.get(w("styleId")) for s in styles.iter(w("style"))
                                      if s.get(w("type")) == "paragraph" and s.get(w("default")) in ("1", "true")), None)
        else:
            self.default_para = None

    def _chain(self, style_id: Optional[str]):
        seen = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            yield self.styles[style_id]
            based = self.styles[style_id].find(w("basedOn"))
            style_id = based.get(w("val")) if based is not None else None

    def _rprs(self, paragraph, run):
        """rPr elements from most to least specific."""
        if run is not None:
            rpr = run.find(w("rPr"))
            if rpr is not None:
                yield rpr
                rstyle = rpr.find(w("rStyle"))
                if rstyle is not None:
                    for style in self._chain(rstyle.get(w("val"))):
                        yield style.find(w("rPr"))
        pstyle = paragraph.find(f"{w('pPr')}/{w('pStyle')}")
        for style in self._chain(pstyle.get(w("val")) if pstyle is not None else self.default_para):
            yield style.find(w("rPr"))
        yield self.defaults

    def prop(self, paragraph, run, tag: str, attribute: str) -> Optional[str]:
        for rpr in self._rprs(paragraph, run):
            if rpr is None:
                continue
            el = rpr.find(w(tag))
            if el is not None and el.get(w(attribute)) is not None:
                return el.get(w(attribute))
        return None

    def east_asia_font(self, paragraph, run) -> Optional[str]:
        return self.prop(paragraph, run, "rFonts", "eastAsia")

    def size_pt(self, paragraph, run) -> Optional[float]:
        value = self.prop(paragraph, run, "sz", "val")
        return int(value) / 2 if value else None

    def color(self, paragraph, run) -> Optional[str]:
        return self.prop(paragraph, run, "color", "val")

    def ppr(self, paragraph, tag: str):
        """A paragraph property element, from the paragraph or its style chain."""
        own = paragraph.find(f"{w('pPr')}/{w(tag)}")
        if own is not None:
            return own
        pstyle = paragraph.find(f"{w('pPr')}/{w('pStyle')}")
        for style in self._chain(pstyle.get(w("val")) if pstyle is not None else self.default_para):
            found = style.find(f"{w('pPr')}/{w(tag)}")
            if found is not None:
                return found
        return None


def text_of(el) -> str:
    return "".join(el.itertext(w("t")) if hasattr(el, "itertext") else [])


def in_table(p) -> bool:
    return any(a.tag == w("tbl") for a in p.iterancestors())


def jc_of(resolve: StyleResolver, p) -> Optional[str]:
    jc = resolve.ppr(p, "jc")
    return jc.get(w("val")) if jc is not None else None


def is_red(resolve: StyleResolver, p) -> bool:
    run = next((r for r in p.iter(w("r")) if text_of(r).strip()), None)
    color = (resolve.color(p, run) or "").upper()
    if len(color) != 6 or color == "AUTO":
        return False
    r, g, b = (int(color[i:i + 2], 16) for i in (0, 2, 4))
    return r >= 0xB0 and g <= 0x50 and b <= 0x50
