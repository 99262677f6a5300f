"""The registry of diagnostics: every PF code, once.

Each code has its level, a one-line meaning, a longer explanation with a wrong
and a right example, and what ``check --fix`` does about it.  Everything that
speaks about a code reads it from here: :class:`planforge.diagnostics.Diagnostic`
takes its level from it (and refuses an unknown code), ``planforge explain``
prints it, and the README's code tables are generated from it
(``python -m planforge.codes README.md``).

Plain Python data on purpose: importing it costs nothing (no YAML parser, no
pydantic), so that every command, ``--help`` included, stays quick.
"""
from __future__ import annotations

import re
import sys
import textwrap
from dataclasses import field
from pathlib import Path
from typing import Literal

from .limits import MAX_FILE_BYTES
from .records import Record, record

Level = Literal["error", "warning"]
LEVEL_LABEL = {"error": "错误", "warning": "警告"}
# Where a finding comes from: reading the file, the plan's structure and values, templates and output,
# check's rules for the text, import's notes on the file it read.
Group = Literal["file", "plan", "output", "text", "import"]


@record
class Code(Record):
    code: str
    level: Level
    summary: str  # one line: what the code means
    explanation: str  # why it matters and what to do
    wrong: str = ""  # an example of the mistake (a YAML snippet where it is about the plan)
    right: str = ""  # the same, corrected
    fix: str = ""  # what ``check --fix`` does; empty: not fixable
    reserved: bool = False  # kept so that it is never reused for something else, raised nowhere
    # A reminder of what a draft may still lack (the notice's number and date, cleared by ``new`` and filled in
    # just before issuing): ``check --strict`` shows it but does not fail on it, so the draft can be committed.
    draft: bool = False
    group: Group = field(kw_only=True)

    @property
    def fixable(self) -> bool:
        return bool(self.fix)


_ALL = (
    # ------------------------------------------------------------------ reading the file
    Code("PF000", "error", "文件找不到、读不了或不是 UTF-8",
         "planforge 读的是 UTF-8 编码的文本文件。路径写错、给了文件夹，或文件是 GBK 等编码时报这个错误。"
         "用记事本或 WPS 另存为时选“UTF-8”；Word 文件请先用 planforge import 转成计划文件。",
         "planforge check plans/2024.yml", "planforge check plans/2024.yaml", group="file"),
    Code("PF001", "error", "YAML 语法错误（缩进、冒号、引号、重复的键等）",
         "计划文件是 YAML：同一层的键要对齐，键和值之间是半角冒号加空格，列表项以“- ”开头，缩进只用空格。"
         "提示指向 YAML 读不下去的地方，错误常在它上面一两行。",
         "tasks:\n  - title: 抓好理论学习\n   body: 全年组织集中学习12次。",
         "tasks:\n  - title: 抓好理论学习\n    body: 全年组织集中学习12次。", group="file"),
    Code("PF002", "error", "使用了 YAML 标签（`!!python/…` 等），不允许",
         "以 ! 开头的标签会让某些程序执行代码，planforge 一律拒绝。计划中只需要文本、数字、列表和映射。",
         "year: !!python/object/apply:os.system [ls]", "year: 2024", group="file"),
    Code("PF003", "error", "文件顶层不是“键: 值”映射",
         "计划文件（和 org.yaml）的最外层应是 year、sections 这样的键，不能是列表或一段文字。",
         "- year: 2024\n- sections: []", "year: 2024\nsections: []", group="file"),
    Code("PF004", "error", "给出的是 org.yaml（组织设置），不是计划文件",
         "org.yaml 存放各年度共用的设置，本身不能生成公文；生成、比较、导出时请给计划文件，它会自动用上旁边（或上一级文件夹）"
         "的 org.yaml。只有 check 接受 org.yaml：检查用到它的所有计划。",
         "planforge render plans/org.yaml", "planforge render plans/2024.yaml", group="file"),
    Code("PF005", "error", "给出的文件夹中没有计划文件（什么也没做）",
         "给命令一个文件夹时，处理其中所有 *.yaml（org.yaml 除外）；一个也没有时报错，而不是悄悄成功。",
         "planforge check docs/", "planforge check plans/", group="file"),
    Code("PF006", "error", f"文件超过大小上限（计划 {MAX_FILE_BYTES // 1_000_000} MB）",
         f"10,000 项任务的计划约 2 MB；超过 {MAX_FILE_BYTES // 1_000_000} MB 的多半是选错了文件（如日志、数据库导出）。",
         "planforge check backup.sql", "planforge check plans/2024.yaml", group="file"),
    Code("PF007", "error", "文字中有不可见的控制字符（Word 无法打开含这种字符的文件），指出所在位置",
         "从网页或其他软件复制的文字里常夹带看不见的控制字符，生成的 DOCX 会被 Word 拒绝打开。"
         "提示指出它的位置，删去即可。",
         'title: "抓好理论学习\\b"', "title: 抓好理论学习", group="file"),
    Code("PF009", "error", "给出的 org.yaml 或模板没有计划用到，无法检查",
         "check 接到 org.yaml 或 templates/ 中的模板时，检查用到它的计划（同一文件夹和下一级文件夹中的计划）；"
         "一个也没有时，这个文件不会被读到，报这个错误而不是悄悄通过。",
         "planforge check 备份/org.yaml", "planforge check plans/org.yaml", group="file"),
    Code("PF008", "error", "键后面用了全角冒号“：”",
         "YAML 只认半角冒号加空格（“title: ”）。中文输入法下打出的“title：”不是键，而是一段文字，"
         "YAML 会在下一行才报一个看不懂的错误。提示指向那个全角冒号；--fix 把它改为半角冒号加空格。",
         "  - title：抓好理论学习\n    body: 全年组织集中学习12次。",
         "  - title: 抓好理论学习\n    body: 全年组织集中学习12次。",
         fix="改为“: ”", group="file"),
    # ------------------------------------------------------------------ the plan's structure and values
    Code("PF101", "error", "未知的键（附“是不是想写……”）",
         "键名拼错或写了中文键名时报这个错误，并列出此处可用的键。所有键名见 planforge schema。",
         "  - titel: 抓好理论学习", "  - title: 抓好理论学习", group="plan"),
    Code("PF102", "error", "值的类型不对（应为文本、整数、列表……）或是空的",
         "每个键的值有固定的类型：year 是整数，departments 是列表，title 是文本。空着的键请填写或删除。",
         "year: 二〇二四", "year: 2024", group="plan"),
    Code("PF103", "error", "缺少必填项",
         "每项任务都要有 title，计划要有 year 和 sections，发文机关（issuer）写在计划或 org.yaml 中。",
         "  - body: 全年组织集中学习12次。", "  - title: 抓好理论学习\n    body: 全年组织集中学习12次。", group="plan"),
    Code("PF104", "error", "日期不存在或格式不对",
         "日期写成 2024-02-26 或 2024年2月26日；不存在的日期（2月30日）会被指出。",
         "  date: 2024-02-30", "  date: 2024-02-28", group="plan"),
    Code("PF105", "error", "发文字号不合 GB/T 9704 7.2.5（六角括号〔〕、四位年份、序号不加“第”不编虚位）",
         "发文字号由机关代字、年份、序号组成：年份用六角括号〔〕括入并写全四位，序号不加“第”、不编虚位。"
         "只写序号（doc_number: 2）时按 org.yaml 的 doc_code 补全。",
         "  doc_number: 示教发[2024]第03号", "  doc_number: 示教发〔2024〕3号", group="plan"),
    Code("PF106", "error", "取值不在允许范围内",
         "有些键只能取几个值（numbering 只能是 continuous 或 per-section），数字有上下限，"
         "标题不能只有标点，版式参数不能离标准值太远。",
         "numbering: per_section", "numbering: per-section", group="plan"),
    Code("PF110", "error", "科室不在名册中（附最接近的名称）",
         "任务的 departments 只能写 org.yaml 的 departments 中登记的名称（或登记过的别称、旧称）。"
         "新设的科室请先登记。",
         "    departments: [基础科]", "    departments: [基教科]", group="plan"),
    Code("PF111", "warning", "用了科室的旧称或简称，输出时改用现名",
         "科室更名后，旧称登记在名册的 former 中，简称登记在 aliases 中；计划里写旧称时生成的文件已用现名，"
         "但计划文件本身最好也改过来。",
         "    departments: [计财科]", "    departments: [财建科]", fix="改为现名", group="plan"),
    Code("PF120", "error", "任务 id 重复",
         "id 用来跨年度对应同一项任务（diff、new），每项任务的 id 必须不同。",
         "  - id: study\n    title: 抓好理论学习\n  - id: study\n    title: 加强阵地建设",
         "  - id: study\n    title: 抓好理论学习\n  - id: position\n    title: 加强阵地建设", group="plan"),
    Code("PF121", "error", "科室名册中同一名称属于两个科室",
         "一个名称（现名、别称或旧称）只能指一个科室，否则无法判断任务写的是哪一个。这个错误指向 org.yaml。",
         "departments:\n  - {name: 财建科, former: [计财科]}\n  - {name: 审计科, aliases: [计财科]}",
         "departments:\n  - {name: 财建科, former: [计财科]}\n  - {name: 审计科, aliases: [审计]}", group="plan"),
    Code("PF130", "error", "文本中的表达式出错（如 `{{ yaer }}`）",
         "文本中的 {{ … }} 是表达式，可用 year、kind、issuers 和 range；写错名称、算出不合法的字符或超出上限时报错。",
         "preamble: \"{{ yaer }}年，全市教育工作……\"", "preamble: \"{{ year }}年，全市教育工作……\"", group="plan"),
    Code("PF140", "warning", "通知缺发文字号",
         "有 notice 的计划在印发前要有发文字号；new 会清空它，提醒补填。",
         "notice:\n  date: 2024-02-26", "notice:\n  doc_number: 2\n  date: 2024-02-26", draft=True, group="plan"),
    Code("PF141", "warning", "通知缺成文日期",
         "印发通知要有成文日期；new 会清空它，提醒补填。",
         "notice:\n  doc_number: 2", "notice:\n  doc_number: 2\n  date: 2024-02-26", draft=True, group="plan"),
    Code("PF142", "warning", "成文日期不在计划年度或上一年",
         "2024 年的工作要点一般在 2023 年底或 2024 年印发；差得更远多半是复制旧文件时忘了改。",
         "year: 2024\nnotice:\n  date: 2022-02-26", "year: 2024\nnotice:\n  date: 2024-02-26", group="plan"),
    Code("PF143", "warning", "通知没有主送机关",
         "印发通知要有主送机关：写在 notice.recipients 中，或在 org.yaml 的 recipients 中写一次供各年使用。",
         "notice:\n  doc_number: 2", "notice:\n  doc_number: 2\n  recipients: [各区县教育局]", group="plan"),
    # ------------------------------------------------------------------ templates and output
    Code("PF150", "error", "模板找不到或有语法错误（附模板文件名和行号）",
         "自定义模板（计划旁的 templates/ 或 --templates 指定的文件夹）是 Jinja2 模板；"
         "找不到文件或标签没有闭合时报错，指向模板文件中的那一行。",
         "{% if departments %}（责任科室：{{ departments | join('、') }}）",
         "{% if departments %}（责任科室：{{ departments | join('、') }}）{% endif %}", group="output"),
    Code("PF151", "error", "模板运行出错（附模板文件名和行号）",
         "模板中用了不存在的名称（拼错）或运算出错时报错，而不是悄悄输出空白。",
         "{{ departmens | join('、') }}", "{{ departments | join('、') }}", group="output"),
    Code("PF152", "error", "模板名或链接指向模板文件夹之外（`../`、绝对路径、指向外面的符号链接），不读取",
         "模板只能读模板文件夹里的文件：../、绝对路径和指向外面的符号链接都被拒绝，以免泄露其他文件。",
         "{% include '../../secret.txt' %}", "{% include 'text/note.j2' %}", group="output"),
    Code("PF160", "error", "要求生成通知，但计划中没有 `notice`",
         "--to notice 需要计划中有 notice（文号、成文日期等）；没有时不生成通知。",
         "planforge render plans/2024.yaml --to notice   # 计划中没有 notice",
         "notice:\n  doc_number: 2\n  date: 2024-02-26", group="output"),
    Code("PF162", "error", "生成 PDF 失败（没装 LibreOffice 等）",
         "PDF 由 LibreOffice 从 DOCX 转换；没有安装或转换失败时报错，其他格式照常生成。",
         "planforge render plans/2024.yaml --to pdf   # 本机没有 LibreOffice",
         "apt-get install libreoffice-writer-nogui && planforge render plans/2024.yaml --to pdf", group="output"),
    Code("PF170", "error", "`verify` 读不了文件（不是 .docx）",
         "verify 检查 DOCX 文件；.doc、.wps 或损坏的文件请先用 Word/WPS 另存为 .docx。",
         "planforge verify 通知.doc", "planforge verify 通知.docx", group="output"),
    Code("PF180", "error", "`diff --format docx` 没有用 `-o` 指定文件",
         "对照表 DOCX 不能输出到终端，要用 -o 指定文件。",
         "planforge diff plans/2024.yaml plans/2025.yaml --format docx",
         "planforge diff plans/2024.yaml plans/2025.yaml --format docx -o 对照.docx", group="output"),
    Code("PF201", "warning", "`new`：文本中写死的年份或随年份变化的数字，附建议的表达式",
         "new 不会悄悄改写文本中的“2024年”“75周年”，而是逐条提示，建议改成随年度变化的表达式。",
         "preamble: 2024年，全市教育工作……", "preamble: \"{{ year }}年，全市教育工作……\"", group="output"),
    Code("PF202", "error", "`new`、`import` 的目标文件已存在（加 `--force` 覆盖），或目标是本次读取的计划、org.yaml、模板（加 `--force` 也不写）",
         "new、import 不覆盖已有的文件（加 --force 覆盖）；目标是本次读取的计划、org.yaml 或模板时，加 --force 也不写。",
         "planforge new 2025 --from plans/2024.yaml -o plans/2024.yaml",
         "planforge new 2025 --from plans/2024.yaml", group="output"),
    Code("PF203", "error", "两个计划同名（如 `a/2024.yaml` 和 `b/2024.yaml`），输出会互相覆盖",
         "a/2024.yaml 和 b/2024.yaml 生成到同一文件夹时都叫 2024.docx，因此拒绝执行。",
         "planforge render a/2024.yaml b/2024.yaml -o build/",
         "planforge render a/2024.yaml -o build/a/ && planforge render b/2024.yaml -o build/b/", group="output"),
    # ------------------------------------------------------------------ check: the text
    Code("PF301", "warning", "中文里的半角 `, : ; ( ) ? !`",
         "中文文字中的标点用全角。1,000、A:B 这类不该改的情形不报。",
         "    body: 全年组织集中学习,每月一次(节假日除外)。", "    body: 全年组织集中学习，每月一次（节假日除外）。",
         fix="改为全角", group="text"),
    Code("PF302", "warning", "`...`、`。。。`、单个 `…` 应为 `……`",
         "中文省略号是两个“…”（占两个字的位置）。",
         "    body: 全年组织集中学习...每月一次。", "    body: 全年组织集中学习……每月一次。", fix="改为 `……`", group="text"),
    Code("PF303", "warning", "重复的标点 `。。` `，，`",
         "多打的标点多半是输入时的失误。",
         "    body: 全年组织集中学习。。", "    body: 全年组织集中学习。", fix="去掉重复", group="text"),
    Code("PF304", "warning", "引号 “” ‘’ 不成对或方向反了",
         "前引号和后引号要成对，方向不能反。",
         "    body: 开展”书香校园“活动。", "    body: 开展“书香校园”活动。", group="text"),
    Code("PF305", "warning", "《》（）〈〉【】〔〕 不成对",
         "括号和书名号要成对。",
         "    body: 贯彻《教育法，依法治校。", "    body: 贯彻《教育法》，依法治校。", group="text"),
    Code("PF306", "warning", "汉字之间、汉字和数字之间有空格",
         "公文中汉字之间、汉字和数字之间不加空格（联合发文机关之间的空格除外）。",
         "    body: 全年组织集中学习 12 次。", "    body: 全年组织集中学习12次。", fix="删去空格", group="text"),
    Code("PF307", "warning", "中文句子以半角句点 `.` 结尾",
         "中文句子的句号是“。”。小数（98.5%）、网址、文件名、英文缩写和英文句子中的“.”不报。",
         "    body: 学前三年毛入园率达到92%.", "    body: 学前三年毛入园率达到92%。", fix="改为“。”", group="text"),
    Code("PF308", "warning", "全角标点前有空格",
         "全角标点本身已占一个字的位置，前面不加空格。",
         "    body: 全年组织集中学习12次 。", "    body: 全年组织集中学习12次。", fix="删去空格", group="text"),
    Code("PF310", "error", "占位符：`xx`、`XX`、`××`、`【待补】`、`TODO`、`待补充`",
         "起草时留的占位符必须在印发前填上实际内容，所以这是错误而不是警告。",
         "    body: 全年组织集中学习xx次。", "    body: 全年组织集中学习12次。", group="text"),
    Code("PF311", "warning", "任务没有内容，而其他任务大多有内容",
         "多数任务有 body 时，没有 body 的那项多半是漏写了。",
         "  - title: 抓好理论学习", "  - title: 抓好理论学习\n    body: 全年组织集中学习12次。", group="text"),
    Code("PF321", "warning", "文中日期不是“2024年2月20日”的写法（`2024-02-20`、`06月`、`二〇二四年`）",
         "公文正文中的日期用阿拉伯数字写年月日，月、日不编虚位（不写前导 0）。",
         "    body: 2024-06-30前完成。", "    body: 2024年6月30日前完成。", group="text"),
    Code("PF330", "warning", "任务没有责任科室",
         "有科室名册（或多数任务写了科室）时，没有 departments 的任务多半是漏写了。",
         "  - title: 抓好理论学习", "  - title: 抓好理论学习\n    departments: [办公室]", group="text"),
    Code("PF331", "warning", "名册中的科室没有承担任何任务（指向 org.yaml）",
         "名册中的科室一项任务也没有时，可能是漏写了，也可能科室已撤销（请从名册删除或移到别的科室的 former 中）。",
         "departments:\n  - {name: 档案科}   # 没有任务写它", "departments:\n  - {name: 办公室, former: [档案科]}", group="text"),
    Code("PF340", "warning", "提到其他年份（如 2025 年的计划里写“2024年”），附建议的表达式 `{{ year - 1 }}年`",
         "2024 年的计划里写“2023年”时，若它随年度变化，写成表达式，明年 new 时自动更新。",
         "    body: 总结2023年工作。", "    body: 总结{{ year - 1 }}年工作。", group="text"),
    Code("PF341", "warning", "写死了本年度“2024年”，建议写成 `{{ year }}年`，明年 `new` 时自动更新",
         "写成 {{ year }}年，明年用 planforge new 生成新计划时自动更新。",
         "    body: 2024年完成验收。", "    body: \"{{ year }}年完成验收。\"", group="text"),
    Code("PF342", "warning", "“75周年”“第40个”这类随年份变化的数字，附建议的表达式",
         "这类数字每年都要改，写成表达式后随年度自动变化。",
         "    body: 庆祝第40个教师节。", "    body: 庆祝第{{ year - 1984 }}个教师节。", group="text"),
    Code("PF350", "warning", "任务标题重复",
         "两项任务同名多半是复制后忘了改。",
         "  - title: 抓好理论学习\n  - title: 抓好理论学习", "  - title: 抓好理论学习\n  - title: 加强阵地建设", group="text"),
    Code("PF351", "warning", "手工写了“排名第一的为牵头科室，下同。”（工具会自动添加）",
         "这句话由工具在第一条责任说明后自动添加，手工再写会重复。",
         "    body: 全年组织集中学习。排名第一的为牵头科室，下同。", "    body: 全年组织集中学习。", group="text"),
    Code("PF352", "warning", "在正文里手工写了“（责任科室：…）”（应写在 `departments` 中）",
         "责任说明由 departments 自动生成，这样科室更名时只改一处，任务分解表也能用上。",
         "    body: 全年组织集中学习。（责任科室：办公室）", "    body: 全年组织集中学习。\n    departments: [办公室]", group="text"),
    # ------------------------------------------------------------------ import
    Code("PF400", "error", "`import` 读不了文件，或其中既没有标题也没有计划的部分和任务",
         "import 读 .docx、.doc、.wps、.pdf、.html、.txt 和 .md；扫描件 PDF（只有图片）、加密文件或内容不是工作计划时报错。",
         "planforge import 扫描件.pdf -o plans/2023.yaml", "planforge import 2023年工作要点.docx -o plans/2023.yaml", group="import"),
    Code("PF401", "warning", "`import`：删去了网页上的无关文字",
         "从网页导入时，导航、来源、点击量等与计划无关的文字被删去；请核对没有删错。",
         "首页 > 信息公开 > 计划总结\n发布时间：2024-03-01  浏览次数：1268\n一、加强党的建设", "sections:\n  - title: 加强党的建设", group="import"),
    Code("PF402", "warning", "`import`：删去了页码和重复的页眉",
         "从 PDF 导入时，页码和每页重复的页眉被删去；请核对没有删错。",
         "……推进集团化办学。\n— 3 —\n示例县教育局2024年工作要点\n实施薄弱学校改造……", "body: ……推进集团化办学。实施薄弱学校改造……", group="import"),
    Code("PF403", "warning", "`import`：无法归类或未导入的段落（如文末落款）",
         "计划文件不含落款等内容；无法归入任何部分的段落放入总体要求，请核对。",
         "（文末）\n示例县教育局\n2024年2月20日", "（落款不导入：发文机关在 org.yaml 的 issuer 中，成文日期在 notice.date 中）", group="import"),
    Code("PF404", "warning", "`import`：任务序号不连续",
         "原文的任务序号跳号或重复，导入后由工具重新编号；请核对是否漏了任务。",
         "1.抓好理论学习……\n3.加强支部建设……", "（按顺序重新编为 1、2：请核对原文是否漏了第 2 项）", group="import"),
    Code("PF405", "warning", "`import`：任务序号是占位符",
         "原文的序号是 X、×× 这类占位符，导入后按顺序编号。",
         "X.推进课程改革……", "- title: 推进课程改革", group="import"),
    Code("PF406", "warning", "`import`：表格按文字导入",
         "原文中的表格（不是任务分解表）按文字导入，请核对。",
         "指标 | 2023年 | 2024年\n毛入园率 | 91% | 92%", "（按文字导入：请改写成段落，或写进 goals 的 metrics）", group="import"),
    Code("PF407", "warning", "`import`：多出的标题层级按段落导入",
         "计划中只有“一、”和任务两层；原文的“（一）”等第三层标题压成两层或按段落导入。",
         "一、提高教育质量\n（一）学前教育\n1.扩大普惠性资源……", "（“（一）学前教育”作为一段文字导入：请核对层级）", group="import"),
    Code("PF408", "warning", "`import`：年度按正文或文件名确定",
         "标题中没有年份时，年度按正文或文件名确定；请核对，或用 --year 指定。",
         "文件名：2024年工作要点.docx；标题：教育工作要点", "year: 2024（取自文件名；不对时用 --year 指定）", group="import"),
    Code("PF409", "warning", "`import`：没有找到标题行",
         "没有标题行时，文种和标题是推断的；请核对，或用 --title、--kind 指定。",
         "（第一行就是“一、加强党的建设”）", "planforge import 要点.docx --title 示例县教育局2024年工作要点", group="import"),
    Code("PF410", "warning", "`import`：繁体字已转为简体",
         "原文是繁体字，导入时转为简体（按词转换）；请核对专名。",
         "推進集團化辦學", "推进集团化办学", group="import"),
    Code("PF411", "warning", "`import`：原文中没有发文机关",
         "没有标题和署名时，发文机关暂写占位文字，请改为实际的机关名称。",
         "（原文没有标题和署名）", "issuer: [示例县教育局]", group="import"),
    Code("PF412", "warning", "`import`：任务不在任何部分之下",
         "原文的任务前没有“一、”部分标题，导入时放入一个默认的部分，请改为实际的标题。",
         "1.抓好理论学习……（前面没有“一、”标题）", "sections:\n  - title: 加强党的建设\n    tasks:\n      - title: 抓好理论学习", group="import"),
    Code("PF413", "warning", "`import`：数字日期有两种读法，没有导入",
         "如 03/04/2024 既可能是 3月4日也可能是 4月3日；请在 notice.date 中填写。",
         "成文日期：03/04/2024", "notice:\n  date: 2024-03-04", group="import"),
    Code("PF414", "warning", "`import`：拿不准归属的行",
         "这一行是标题、任务还是正文拿不准，按提示中的类别导入，请核对。",
         "推进义务教育优质均衡发展（单独一行，拿不准是标题还是正文）", "planforge import 要点.docx --explain（查看每一行的类别，核对后在计划中移到正确的位置）", group="import"),
)

REGISTRY: dict[str, Code] = {c.code: c for c in _ALL}
CODE_PATTERN = re.compile(r"PF\d{3}")


class UnknownCode(KeyError):
    """A code that is not in the registry."""


def lookup(code: str) -> Code:
    try:
        return REGISTRY[code.strip().upper()]
    except KeyError:
        raise UnknownCode(code) from None


# --------------------------------------------------------------------------- text for people


def _indent(text: str) -> str:
    return textwrap.indent(textwrap.dedent(text), "    ")


def explain(code: Code) -> str:
    """One code in full, as ``planforge explain PF306`` prints it (in the manner of ``ruff rule``)."""
    head = f"{code.code}（{LEVEL_LABEL[code.level]}）：{code.summary}"
    lines = [head, "", code.explanation]
    about_import = code.group == "import"  # what the old file had, and what to do with the plan
    if code.wrong:
        lines += ["", "原文：" if about_import else "错误的写法：", _indent(code.wrong)]
    if code.right:
        lines += ["", "导入后：" if about_import else "正确的写法：", _indent(code.right)]
    if not about_import:
        lines += ["", f"check --fix：{code.fix}" if code.fixable else "check --fix：不自动改正，请手工修改。"]
    if code.draft:
        lines += ["", "草稿中可以暂缺：check --strict 显示这条提醒，但不因它失败，草稿照样可以提交。"]
    if code.reserved:
        lines += ["", "（保留的代码，目前不会报出。）"]
    return "\n".join(lines)


def fails_strict(code: str) -> bool:
    """Whether a warning with ``code`` makes ``check --strict`` fail (a draft's reminder does not)."""
    return not lookup(code).draft


def listing() -> str:
    """All codes, one a line: ``planforge explain`` without a code."""
    return "\n".join(f"{c.code}  {LEVEL_LABEL[c.level]}  {c.summary}" + ("（可 --fix）" if c.fixable else "")
                     for c in _ALL)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def markdown_table(codes=None) -> str:
    """A Markdown table of ``codes`` (default: all)."""
    rows = ["| 代码 | 级别 | 含义 | `--fix` |", "| --- | --- | --- | --- |"]
    rows += [f"| {c.code} | {LEVEL_LABEL[c.level]} | {_cell(c.summary)} | {_cell(c.fix)} |" for c in (codes or _ALL)]
    return "\n".join(rows)


# --------------------------------------------------------------------------- the README's tables

README_TABLES = {
    "plan": lambda c: c.group != "text",  # reading, structure, output, import
    "check": lambda c: c.group == "text",  # the text rules of planforge check
}
_BLOCK = re.compile(r"(<!-- codes:(\w+) -->\n).*?(<!-- /codes -->)", re.S)


def update_readme(text: str) -> str:
    """``text`` with every generated table (between ``<!-- codes:NAME -->`` and ``<!-- /codes -->``) rebuilt."""
    def table(m: re.Match) -> str:
        wanted = README_TABLES[m.group(2)]
        return m.group(1) + markdown_table([c for c in _ALL if wanted(c)]) + "\n" + m.group(3)

    return _BLOCK.sub(table, text)


def main(argv: list[str]) -> int:
    """``python -m planforge.codes README.md``: rewrite the README's generated tables."""
    for name in argv:
        path = Path(name)
        text = path.read_text(encoding="utf-8")
        new = update_readme(text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            print(f"已更新 {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
