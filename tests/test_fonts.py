"""Fonts: Chinese stand-ins in the PDF for missing official fonts, the warnings, and ``planforge fonts``."""
import json
import subprocess
import tempfile
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from conftest import PLANS, need_tool
from pdf_glyphs import embedded_cids, face_cmap, fonts_and_text, fonts_of
from planforge.cli import app
from planforge.fontconfig import installed_fonts, parse_fc_list, substitution_config
from planforge.fonts import ROLES, choose, substitution_rules, warnings
from planforge.model import Fonts
from planforge.typed import field_names

# How the PDF names the embedded font of each free stand-in (its PostScript name, or part of it).
PDF_NAME = {"Noto Serif CJK SC": "NotoSerifCJK", "Noto Sans CJK SC": "NotoSansCJK", "AR PL UKai CN": "UKaiCN",
            "LXGW WenKai": "LXGWWenKai", "AR PL UMing CN": "UMingCN", "Liberation Serif": "LiberationSerif"}

TINY_PLAN = "year: 2024\nissuer: 示例县教育局\nsections:\n  - title: 加强党的建设\n    tasks:\n" \
            "      - title: 健全议事规则\n        body: 每季度研究一次教育重大事项，推动重点工作落地见效。\n"


def fc_families() -> set[str]:
    """Installed family names, asked from fontconfig directly (not through planforge)."""
    out = subprocess.run(["fc-list", ":", "family"], capture_output=True, check=True, text=True).stdout
    return {name.strip() for line in out.splitlines() for name in line.split(",")}


def run(*args: str):
    result = CliRunner().invoke(app, [str(a) for a in args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


# --------------------------------------------------------------------------- choosing (no tools needed)

def installed(*lines: str):
    return parse_fc_list("\n".join(lines))


def by_role(choices):
    return {c.role.key: c for c in choices}


def test_official_font_installed_is_used_as_is():
    choice = by_role(choose(Fonts(), installed("仿宋_GB2312\t80", "Noto Serif CJK SC\t80")))["fangsong"]
    assert choice.installed is True and choice.substitute is None
    assert "仿宋_GB2312" not in [rule[0] for rule in substitution_rules([choice])]


def test_another_name_of_the_same_font_wins_over_free_substitutes():
    choices = by_role(choose(Fonts(), installed("仿宋,FangSong\t80", "Noto Serif CJK SC\t80,200")))
    assert choices["fangsong"].installed is False
    assert choices["fangsong"].substitute.family == "仿宋"
    assert choices["songti"].substitute.family == "Noto Serif CJK SC"


def test_xiaobiaosong_takes_the_heaviest_serif_installed():
    bold_only = by_role(choose(Fonts(), installed("Noto Serif CJK SC\t80", "Noto Serif CJK SC\t200")))
    assert bold_only["xiaobiaosong"].substitute.label == "Noto Serif CJK SC Bold"
    with_black = by_role(choose(Fonts(), installed("Noto Serif CJK SC\t200", "Noto Serif CJK SC\t210")))
    assert with_black["xiaobiaosong"].substitute.label == "Noto Serif CJK SC Black"
    assert ("方正小标宋简体", "Noto Serif CJK SC", "black") in substitution_rules(list(with_black.values()))


def test_kaiti_prefers_wenkai_to_ukai_and_never_takes_a_japanese_face():
    assert by_role(choose(Fonts(), installed("AR PL UKai CN\t80", "LXGW WenKai,霞鹜文楷\t80")))["kaiti"].substitute.family \
        == "LXGW WenKai"
    japanese_only = by_role(choose(Fonts(), installed("Noto Serif CJK JP\t80", "Noto Sans CJK JP\t80")))
    assert all(c.substitute is None and not c.ok for c in japanese_only.values())


def test_without_fontconfig_nothing_is_claimed():
    choices = choose(Fonts(), None)
    assert all(c.installed is None and c.ok for c in choices)
    assert substitution_rules(choices) == []
    [line] = warnings(choices)
    assert "无法检查" in line


def test_nothing_to_stand_in_says_what_to_install():
    [line, *_] = warnings(choose(Fonts(), installed("DejaVu Sans\t80")))
    assert line.startswith("提示: 本机没有字体“仿宋_GB2312”，也没有可代替的仿宋字体")
    assert "apt-get install fonts-noto-cjk fonts-arphic-uming" in line


def test_substitution_config_escapes_names_and_includes_the_usual_configuration():
    config = substitution_config([("A&B<体>", "Noto Serif CJK SC", "bold")])
    assert "<string>A&amp;B&lt;体&gt;</string>" in config
    assert config.index("<match") < config.index("<include")


# --------------------------------------------------------------------------- fontconfig really applies the rules

def test_fontconfig_resolves_each_missing_font_to_its_substitute(tmp_path):
    need_tool("fc-match")
    rules = substitution_rules(choose(Fonts(), installed_fonts()))
    assert rules, "the standard fonts are not expected on a test machine"
    config = tmp_path / "fonts.conf"
    config.write_text(substitution_config(rules), encoding="utf-8")
    for missing, family, weight in rules:
        out = subprocess.run(["fc-match", "-f", "%{family}\t%{weight}", missing], capture_output=True, check=True,
                             text=True, env={"FONTCONFIG_FILE": str(config), "PATH": "/usr/bin:/bin"}).stdout
        families, matched_weight = out.split("\t")
        assert family in families.split(","), (missing, out)
        assert weight is None or int(matched_weight) >= 200, (missing, out)


# --------------------------------------------------------------------------- the PDF

@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """``render --to pdf`` of the example plan, with the temporary folder watched."""
    need_tool("soffice")
    need_tool("fc-list")
    folder = tmp_path_factory.mktemp("render")
    temp = folder / "temp"
    temp.mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tempfile, "tempdir", str(temp))
        status, _, stderr = run("render", PLANS / "2024.yaml", "-o", folder / "build", "--to", "pdf")
    return SimpleNamespace(status=status, stderr=stderr, notice=folder / "build" / "2024-notice.pdf", temp=temp)


def expected_pdf_names():
    """Role → (part of the embedded font name, bold) as this machine's fonts make it; skip when unknown."""
    out = {}
    for c in choose(Fonts(), installed_fonts()):
        face = c.wanted if c.installed else c.substitute.family
        if face not in PDF_NAME:
            pytest.skip(f"no expectation for how the PDF names “{face}”")
        out[c.role.key] = (PDF_NAME[face], c.substitute.weight.title() if c.substitute and c.substitute.weight else None)
    return out


def test_render_names_each_missing_font_once(rendered):
    assert rendered.status == 0, rendered.stderr
    missing = [c for c in choose(Fonts(), installed_fonts()) if not c.installed]
    have = fc_families()
    for c in missing:
        assert c.wanted not in have
        line = f"提示: 本机没有字体“{c.wanted}”，PDF 中用“{c.substitute.label}”代替（{c.role.usage}）"
        assert rendered.stderr.count(f"本机没有字体“{c.wanted}”") == 1, rendered.stderr
        assert line in rendered.stderr
    assert "本机没有字体“方正小标宋简体”，PDF 中用“Noto Serif CJK SC Bold”代替（标题、发文机关标志）" in rendered.stderr


def test_conversion_leaves_nothing_in_the_temporary_folder(rendered):
    assert rendered.notice.exists()
    assert list(rendered.temp.iterdir()) == []


def test_each_role_in_its_chinese_stand_in(rendered):
    names = expected_pdf_names()
    pdf = rendered.notice

    def one_font(snippet, role):
        [font] = fonts_of(pdf, snippet)
        part, weight = names[role]
        assert part in font, (snippet, font)
        return font

    body = one_font("全市教育工作的总体要求是", "fangsong")
    assert "Bold" not in body
    heading = one_font("一、加强党的建设，把牢教育发展方向", "heiti")
    goal = one_font("（一）事业发展水平。", "kaiti")
    title = one_font("关于印发《中共示例市委教育工作委员会", "xiaobiaosong")
    assert names["xiaobiaosong"][1] in title
    mark = one_font("示例市教育局文件", "xiaobiaosong")
    assert len({body, heading, goal, title}) == 4, "body, 一、 headings, （一） run-ins and the title look different"
    assert mark.split("+")[-1] == title.split("+")[-1]


def test_no_japanese_or_korean_face(rendered):
    text, fonts = fonts_and_text(rendered.notice)
    assert not [f for f in set(fonts) if "KR" in f or "kr" in f.split("+")[-1]]
    # "jp" appears only as the shared name of a Noto CJK collection (see pdf_glyphs); check the glyphs instead.
    assert all("CJKjp" in f for f in set(fonts) if "JP" in f or "jp" in f)
    checked = told_apart = 0
    for name, cids in embedded_cids(rendered.notice).items():
        if "CJK" not in name:
            continue
        style = "Sans" if "Sans" in name else "Serif"
        bold = "Bold" in name
        chinese = face_cmap(f"Noto {style} CJK SC", bold)
        japanese, korean = face_cmap(f"Noto {style} CJK JP", bold), face_cmap(f"Noto {style} CJK KR", bold)
        for char, cid in cids.items():
            if char.isspace():
                continue
            assert cid == chinese[char], f"“{char}” in {name} is not the simplified-Chinese glyph"
            checked += 1
            told_apart += chinese[char] != japanese[char] or chinese[char] != korean[char]
    assert checked > 300 and told_apart > 50, (checked, told_apart)


def test_installed_font_is_used_as_is_and_not_reported(tmp_path):
    need_tool("soffice")
    need_tool("fc-list")
    if "AR PL UKai CN" not in fc_families():
        pytest.skip("fonts-arphic-ukai is not installed")
    (tmp_path / "org.yaml").write_text("fonts:\n  fangsong: AR PL UKai CN\n", encoding="utf-8")
    (tmp_path / "2024.yaml").write_text(TINY_PLAN, encoding="utf-8")
    status, _, stderr = run("render", tmp_path / "2024.yaml", "-o", tmp_path / "build", "--to", "pdf")
    assert status == 0, stderr
    assert "本机没有字体“AR PL UKai CN”" not in stderr and "（正文、三四级标题、版记）" not in stderr
    assert "本机没有字体“黑体”" in stderr
    [font] = fonts_of(tmp_path / "build" / "2024.pdf", "每季度研究一次教育重大事项")
    assert "UKaiCN" in font

    status, stdout, _ = run("fonts", tmp_path / "2024.yaml")
    assert status == 0
    assert "仿宋（正文、三四级标题、版记）：AR PL UKai CN，已安装" in stdout
    status, stdout, _ = run("fonts", tmp_path / "2024.yaml", "--format", "json")
    role = next(r for r in json.loads(stdout)["roles"] if r["role"] == "fangsong")
    assert role == {**role, "font": "AR PL UKai CN", "installed": True, "pdf_font": "AR PL UKai CN"}


def test_several_plans_name_a_missing_font_once(tmp_path):
    need_tool("soffice")
    need_tool("fc-list")
    for year in (2024, 2025):
        (tmp_path / f"{year}.yaml").write_text(TINY_PLAN.replace("2024", str(year)), encoding="utf-8")
    status, _, stderr = run("render", tmp_path, "-o", tmp_path / "build", "--to", "pdf")
    assert status == 0, stderr
    assert len(list((tmp_path / "build").glob("*.pdf"))) == 2
    assert stderr.count("本机没有字体“仿宋_GB2312”") == 1, stderr


# --------------------------------------------------------------------------- planforge fonts

def test_fonts_command_lists_every_role_with_what_the_pdf_uses():
    need_tool("fc-list")
    status, stdout, _ = run("fonts", PLANS / "2024.yaml")
    assert status == 0, stdout
    assert stdout.startswith("公文使用的字体（取自 ") and stdout.splitlines()[0].endswith("org.yaml）：")
    have = fc_families()
    for role in ROLES:
        wanted = getattr(Fonts(), role.key)
        [line] = [l for l in stdout.splitlines() if l.strip().startswith(f"{role.kind}（{role.usage}）：{wanted}，")]
        if wanted in have:
            assert line.endswith("已安装")
        else:
            substitute = line.split("PDF 中用 ")[1].split(" 代替")[0]
            assert substitute.removesuffix(" Bold").removesuffix(" Black") in have, line
    assert "fonts-noto-cjk：仿宋、黑体、小标宋、宋体，已安装" in stdout
    assert "C:\\Windows\\Fonts" in stdout and "fc-cache -f" in stdout


def test_fonts_command_json_defaults():
    need_tool("fc-list")
    status, stdout, _ = run("fonts", "--format", "json")
    report = json.loads(stdout)
    assert status == 0 and report["ok"] is True and report["fontconfig"] is True and report["source"] is None
    assert [r["role"] for r in report["roles"]] == list(field_names(Fonts))
    have = fc_families()
    for role in report["roles"]:
        assert role["font"] == getattr(Fonts(), role["role"])
        assert role["pdf_font"] in have
    packages = {p["package"]: p for p in report["packages"]}
    assert {"fonts-noto-cjk", "fonts-arphic-ukai", "fonts-arphic-uming", "fonts-lxgw-wenkai"} <= set(packages)
    assert packages["fonts-arphic-ukai"]["installed"] is ("AR PL UKai CN" in have)


def test_fonts_command_fails_when_a_role_has_nothing(tmp_path, monkeypatch):
    need_tool("fc-list")
    empty = tmp_path / "fonts.conf"  # a fontconfig that knows no fonts at all
    empty.write_text(f"<fontconfig><dir>{tmp_path / 'none'}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
                     encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(empty))
    status, stdout, _ = run("fonts")
    assert status == 1
    assert "仿宋（正文、三四级标题、版记）：仿宋_GB2312，本机没有，也没有可代替的字体；请安装：" \
           "sudo apt-get install fonts-noto-cjk fonts-arphic-uming" in stdout
    assert "安装：sudo apt-get install fonts-noto-cjk" in stdout


def test_fonts_command_without_fontconfig_says_it_cannot_tell(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no fc-list on the path, as on Windows
    status, stdout, _ = run("fonts")
    assert status == 0
    assert "无法检查" in stdout and "本机没有 fontconfig" in stdout
    status, stdout, _ = run("fonts", "--format", "json")
    assert json.loads(stdout)["fontconfig"] is False
