"""The fonts the documents need, and what a PDF made here uses when one is missing.

The DOCX always names the official fonts of the organisation profile
(``model.Fonts``); Word/WPS on the office's machines have them.  A Linux
machine (or CI) usually has none of them, and left alone LibreOffice draws
everything in one sans face, so body, headings and title look alike.  This
module is the one place that knows, for each role, which installed faces may
stand in — other names of the same font first (a machine may have 仿宋 but not
仿宋_GB2312), then the names Windows and macOS give it, then free look-alikes
from Debian — and which Debian package provides each.  The PDF conversion
(``pdf.py``) and ``planforge fonts`` read it through :func:`choose`; the HTML
writer turns the same list into CSS font stacks (:func:`stack`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .fontconfig import Installed
from .model import Fonts
from .typed import spec_of


@dataclass(frozen=True)
class Face:
    """A font that can be installed: family name as fontconfig lists it, weight, and where to get it."""

    family: str
    weight: Optional[str] = None  # fontconfig weight name ("bold", "black"); None: as the document asks
    package: Optional[str] = None  # Debian package; None for fonts that come with Windows/WPS or a licence

    @property
    def label(self) -> str:
        return f"{self.family} {self.weight.title()}" if self.weight else self.family


@dataclass(frozen=True)
class Role:
    key: str  # field of model.Fonts
    kind: str  # the family GB/T 9704 names
    faces: tuple[Face, ...]  # in order of preference, after the organisation's own name
    generic: str = "serif"  # the CSS generic family a browser falls back to last

    @property
    def usage(self) -> str:
        """What the documents use the font for, from the org profile's own description."""
        return (spec_of(Fonts, self.key).description or self.key).partition("（")[0]


NOTO_SERIF, NOTO_SANS = "Noto Serif CJK SC", "Noto Sans CJK SC"

ROLES: tuple[Role, ...] = (
    Role("fangsong", "仿宋", (
        Face("仿宋_GB2312"), Face("仿宋"), Face("FangSong_GB2312"), Face("FangSong"), Face("STFangsong"),
        Face(NOTO_SERIF, package="fonts-noto-cjk"), Face("AR PL UMing CN", package="fonts-arphic-uming"))),
    Role("heiti", "黑体", (
        Face("黑体"), Face("SimHei"), Face("STHeiti"), Face("Heiti SC"),
        Face(NOTO_SANS, package="fonts-noto-cjk")), "sans-serif"),
    Role("kaiti", "楷体", (
        Face("楷体_GB2312"), Face("楷体"), Face("KaiTi_GB2312"), Face("KaiTi"), Face("STKaiti"),
        Face("LXGW WenKai", package="fonts-lxgw-wenkai"), Face("AR PL UKai CN", package="fonts-arphic-ukai"))),
    Role("xiaobiaosong", "小标宋", (
        Face("方正小标宋简体"), Face("方正小标宋_GBK"), Face("FZXiaoBiaoSong-B05S"),
        Face(NOTO_SERIF, "black", "fonts-noto-cjk-extra"), Face(NOTO_SERIF, "bold", "fonts-noto-cjk"))),
    Role("songti", "宋体", (
        Face("宋体"), Face("SimSun"), Face("STSong"),
        Face(NOTO_SERIF, package="fonts-noto-cjk"), Face("AR PL UMing CN", package="fonts-arphic-uming"))),
    Role("latin", "西文", (
        Face("Times New Roman"),
        Face("Liberation Serif", package="fonts-liberation2"))),
)


@dataclass(frozen=True)
class Choice:
    """One role on this machine: the font the documents name and what a PDF made here uses."""

    role: Role
    wanted: str  # the organisation's font name, as the DOCX says it
    installed: Optional[bool]  # None: cannot tell (no fontconfig)
    substitute: Optional[Face]  # the stand-in when not installed; None when there is none (or cannot tell)

    @property
    def ok(self) -> bool:
        """The PDF shows this role in the font or a fitting stand-in (or we cannot tell)."""
        return self.installed is not False or self.substitute is not None

    @property
    def packages(self) -> list[str]:
        """Debian packages that would give this role a free stand-in."""
        return list(dict.fromkeys(face.package for face in self.role.faces if face.package))


def choose(fonts: Fonts, installed: Optional[Installed]) -> list[Choice]:
    """For each role: is the organisation's font installed, and if not, the first installed stand-in.

    ``installed`` is what :func:`fontconfig.installed_fonts` lists; ``None`` means "cannot tell"."""
    choices = []
    for role in ROLES:
        wanted = getattr(fonts, role.key)
        if installed is None:
            choices.append(Choice(role, wanted, None, None))
        elif installed.has(wanted):
            choices.append(Choice(role, wanted, True, None))
        else:
            stand_in = next((f for f in role.faces if f.family != wanted and installed.has(f.family, f.weight)), None)
            choices.append(Choice(role, wanted, False, stand_in))
    return choices


def substitution_rules(choices: list[Choice]) -> list[tuple[str, str, Optional[str]]]:
    """(missing font, stand-in family, weight) for the PDF conversion; installed fonts are left alone."""
    rules = {}
    for choice in choices:
        if choice.installed is False and choice.substitute is not None:
            rules.setdefault(choice.wanted, (choice.wanted, choice.substitute.family, choice.substitute.weight))
    return list(rules.values())


def stack(fonts: Fonts, key: str) -> tuple[str, ...]:
    """The families a browser should try for one role: the organisation's font, its stand-ins, the generic family."""
    role = next(r for r in ROLES if r.key == key)
    return tuple(dict.fromkeys([getattr(fonts, key), *(face.family for face in role.faces), role.generic]))


def install_command(packages: list[str]) -> str:
    return "sudo apt-get install " + " ".join(packages)


def warnings(choices: list[Choice]) -> list[str]:
    """One line per missing font, for ``render --to pdf``: what the PDF uses instead and how to do better."""
    if any(c.installed is None for c in choices):
        return ["提示: 本机没有 fontconfig（fc-list），无法检查公文字体是否已安装；PDF 中缺少的字体由 LibreOffice 自行替换，"
                "可能与 Word/WPS 中看到的不同。"]
    lines, seen = [], set()
    for c in choices:
        if c.installed or c.wanted in seen:
            continue
        seen.add(c.wanted)
        if c.substitute is None:
            lines.append(f"提示: 本机没有字体“{c.wanted}”，也没有可代替的{c.role.kind}字体，PDF 中的{c.role.usage}"
                         f"字体由 LibreOffice 自行选择；请安装：{install_command(c.packages)}。")
        else:
            lines.append(f"提示: 本机没有字体“{c.wanted}”，PDF 中用“{c.substitute.label}”代替（{c.role.usage}）；"
                         "DOCX 不受影响。如何安装正式字体见 planforge fonts。")
    return lines
