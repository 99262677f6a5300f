"""Helpers to open a DOCX we wrote and look at the XML that matters."""
import io
import zipfile

from lxml import etree

from planforge.ooxml import W, w

NS = {"w": W}


class Package:
    def __init__(self, data: bytes):
        self.data = data
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.parts = {name: etree.fromstring(self.zip.read(name)) for name in self.zip.namelist()}

    @property
    def document(self):
        return self.parts["word/document.xml"]

    @property
    def styles(self):
        return self.parts["word/styles.xml"]

    def style(self, style_id: str):
        (found,) = self.styles.xpath(f"w:style[@w:styleId='{style_id}']", namespaces=NS)
        return found

    def paragraphs(self):
        return self.document.xpath("//w:body//w:p", namespaces=NS)


def text(p) -> str:
    return "".join(p.xpath(".//w:t/text()", namespaces=NS))


def attr(el, name: str):
    return el.get(w(name))


def pstyle(p):
    found = p.xpath("w:pPr/w:pStyle/@w:val", namespaces=NS)
    return found[0] if found else None


# ECMA-376 Part 1 child order of the elements we write (Word rejects out-of-order children).
ORDER = {
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
           "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd "
           "snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
           "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
           "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs "
           "em lang eastAsianLayout specVanish oMath",
    "sectPr": "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders lnNumType "
              "pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid printerSettings",
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing "
             "tblInd tblBorders shd tblLayout tblCellMar tblLook",
    "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign hideMark",
    "trPr": "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader tblCellSpacing jc hidden",
    "pBdr": "top left bottom right between bar",
    "tblBorders": "top left start bottom right end insideH insideV",
    "tcBorders": "top left start bottom right end insideH insideV tl2br tr2bl",
    "style": "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed qFormat locked "
             "personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr tblStylePr",
    "settings": "writeProtection view zoom removePersonalInformation removeDateAndTime doNotDisplayPageBoundaries "
                "displayBackgroundShape printPostScriptOverText printFractionalCharacterWidth printFormsData "
                "embedTrueTypeFonts embedSystemFonts saveSubsetFonts saveFormsData mirrorMargins alignBordersAndEdges "
                "bordersDoNotSurroundHeader bordersDoNotSurroundFooter gutterAtTop hideSpellingErrors "
                "hideGrammaticalErrors activeWritingStyle proofState formsDesign attachedTemplate linkStyles "
                "stylePaneFormatFilter stylePaneSortMethod documentType mailMerge revisionView trackRevisions "
                "doNotTrackMoves doNotTrackFormatting documentProtection autoFormatOverride styleLockTheme "
                "styleLockQFSet defaultTabStop autoHyphenation consecutiveHyphenLimit hyphenationZone "
                "doNotHyphenateCaps showEnvelope summaryLength clickAndTypeStyle defaultTableStyle evenAndOddHeaders "
                "bookFoldRevPrinting bookFoldPrinting bookFoldPrintingSheets drawingGridHorizontalSpacing "
                "drawingGridVerticalSpacing displayHorizontalDrawingGridEvery displayVerticalDrawingGridEvery "
                "doNotUseMarginsForDrawingGridOrigin drawingGridHorizontalOrigin drawingGridVerticalOrigin "
                "doNotShadeFormData noPunctuationKerning characterSpacingControl printTwoOnOne strictFirstAndLastChars "
                "noLineBreaksAfter noLineBreaksBefore savePreviewPicture doNotValidateAgainstSchema saveInvalidXml "
                "ignoreMixedContent alwaysShowPlaceholderText doNotDemarcateInvalidXml saveXmlDataOnly "
                "useXSLTWhenSaving saveThroughXslt showXMLTags alwaysMergeEmptyNamespace updateFields "
                "hdrShapeDefaults footnotePr endnotePr compat docVars rsids mathPr attachedSchema themeFontLang "
                "clrSchemeMapping",
    "tbl": "tblPr tblGrid tr",
    "tr": "tblPrEx trPr tc",
    "tc": "tcPr p tbl",
}


def order_violations(root):
    """Every element among ORDER whose known children are out of schema order."""
    problems = []
    for parent_name, sequence in ORDER.items():
        rank = {name: i for i, name in enumerate(sequence.split())}
        for parent in root.iter(w(parent_name)):
            seen = [etree.QName(child).localname for child in parent if etree.QName(child).namespace == W]
            ranks = [rank[n] for n in seen if n in rank]
            unknown = [n for n in seen if n not in rank]
            if ranks != sorted(ranks) or unknown:
                problems.append(f"{parent_name}: {seen}")
    return problems
