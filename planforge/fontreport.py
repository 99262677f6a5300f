"""``planforge fonts``: what the documents need, what this machine has, what the PDF uses instead.

Everything it says comes from the role table in ``fonts.py`` and from fontconfig,
the same two sources the PDF conversion uses, so the report cannot drift from
what ``render --to pdf`` really does.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .fontconfig import Installed
from .fonts import ROLES, Choice, install_command

OFFICIAL_FONTS_HINT = (
    "正式字体（仿宋_GB2312、楷体_GB2312、方正小标宋简体等）受版权保护，planforge 不附带，请勿从来历不明的网站下载。"
    "本单位装有 Windows 或 WPS 的办公电脑上已有经授权的字体（C:\\Windows\\Fonts；Windows 10/11 自带的是“仿宋”“楷体”“黑体”“宋体”，"
    "不带 _GB2312，PDF 也会用它们；方正小标宋简体来自单位的 WPS 或购买的方正字库）。在授权范围内把字体文件复制到本机的 "
    "~/.local/share/fonts/，运行 fc-cache -f，再运行 planforge fonts 即可看到“已安装”。"
)


@dataclass(frozen=True)
class Package:
    name: str
    roles: tuple[str, ...]  # Fonts field names it gives a stand-in for
    installed: Optional[bool]  # None: cannot tell


def packages(installed: Optional[Installed]) -> list[Package]:
    """The Debian packages of the role table, each with the roles it serves and whether its fonts are here."""
    found: dict[str, list] = {}
    for role in ROLES:
        for face in role.faces:
            if face.package:
                entry = found.setdefault(face.package, [[], False])
                entry[0].append(role.key)
                entry[1] = entry[1] or (installed is not None and installed.has(face.family, face.weight))
    return [Package(name, tuple(dict.fromkeys(keys)), have if installed is not None else None)
            for name, (keys, have) in found.items()]


def _role_line(c: Choice) -> str:
    head = f"{c.role.kind}（{c.role.usage}）：{c.wanted}"
    if c.installed is None:
        return f"{head}，无法检查"
    if c.installed:
        return f"{head}，已安装"
    if c.substitute is None:
        return f"{head}，本机没有，也没有可代替的字体；请安装：{install_command(c.packages)}"
    text = f"{head}，本机没有；PDF 中用 {c.substitute.label} 代替"
    return text + (f"（软件包 {c.substitute.package}）" if c.substitute.package else "")


def report_text(choices: list[Choice], installed: Optional[Installed], source: str) -> str:
    kinds = {role.key: role.kind for role in ROLES}
    lines = [f"公文使用的字体（{source}）："] + [f"  {_role_line(c)}" for c in choices]
    if installed is None:
        lines += ["", "本机没有 fontconfig（fc-list），无法检查哪些字体已安装；Windows 上请在“设置 → 个性化 → 字体”中查看。"]
    lines += ["", "可代替的免费字体（Debian/Ubuntu 软件包）："]
    missing = []
    for package in packages(installed):
        state = {True: "已安装", False: "未安装", None: ""}[package.installed]
        lines.append(f"  {package.name}：{'、'.join(kinds[k] for k in package.roles)}" + (f"，{state}" if state else ""))
        if package.installed is False:
            missing.append(package.name)
    if missing:
        lines.append(f"安装：{install_command(missing)}")
    lines += ["", OFFICIAL_FONTS_HINT]
    return "\n".join(lines)


def report_json(choices: list[Choice], installed: Optional[Installed], source: Optional[str]) -> dict:
    return {
        "source": source,
        "fontconfig": installed is not None,
        "ok": all(c.ok for c in choices),
        "roles": [{
            "role": c.role.key,
            "kind": c.role.kind,
            "usage": c.role.usage,
            "font": c.wanted,
            "installed": c.installed,
            "pdf_font": c.wanted if c.installed else (c.substitute.family if c.substitute else None),
            "pdf_weight": c.substitute.weight if c.substitute else None,
            "pdf_package": c.substitute.package if c.substitute else None,
            "packages": c.packages,
        } for c in choices],
        "packages": [{"package": p.name, "roles": list(p.roles), "installed": p.installed}
                     for p in packages(installed)],
    }
