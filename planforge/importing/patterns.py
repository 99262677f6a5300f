"""Every regular expression of the importer, each with examples of what it matches.

One place, so that a rule can be read and changed without hunting through the
stages; ``EXAMPLES`` is checked by the tests (each example must match its
pattern), so an example here is a promise, not a comment that rots.
"""
from __future__ import annotations

import re

from ..lint import HAN

EXAMPLES: list[tuple[re.Pattern, str]] = []
CN_NUM = "一二三四五六七八九十百"
CN_DIGIT = "〇○零一二三四五六七八九十"


def rx(pattern: str, *examples: str, flags: int = 0) -> re.Pattern:
    compiled = re.compile(pattern, flags)
    EXAMPLES.extend((compiled, e) for e in examples)
    return compiled


# ------------------------------------------------------------------ numbering

SECTION = rx(rf"^([{CN_NUM}]{{1,4}})\s*[、.．]\s*(.*)$", "一、加强党的建设", "十二、其他工作", "三．强化保障", "四. 其他")
TASK = rx(r"^(\d{1,4}|[xX]{1,3})\s*[.．、](?!\d)\s*(.+)$|^[（(](\d{1,2})[）)]\s*(.+)$|^([①-⑳])\s*(.+)$",
          "1.抓好理论学习。", "12、办好学前教育", "xx.加强安全管理", "（3）完善制度", "②提升质量")
SUB_HEADING = rx(rf"^（([{CN_NUM}]{{1,3}})）\s*(.+)$", "（一）抓好政治建设", "（十一）其他")
ITEM_START = rx(rf"^(?:[{CN_NUM}]{{1,4}}\s*[、.．]|（[{CN_NUM}]{{1,3}}）|\d{{1,3}}[.．、](?!\d)|[（(]\d{{1,2}}[）)]|[①-⑳])",
                "一、", "（二）", "3.", "（4）", "⑤")
# run-on text (no line breaks): a new item after a sentence end
RUN_ON_ITEM = rx(rf"(?<=[。；！？])\s*(?=[{CN_NUM}]{{1,3}}[、．]|(?:\d{{1,3}}|[xX]{{1,3}})[.．、](?=[{HAN}“])|[（(]\d{{1,2}}[）)])",
                 "完成任务。二、加强管理", "完成任务。3.推进改革")
HEADING_RUN_IN = rx(rf"^([{CN_NUM}]{{1,3}}、[^。\d]{{2,40}}?)(?<=[{HAN}”])(1|[xX]{{1,2}})[.．、]?(?=[{HAN}“])(.*)$",
                    "一、加强党的建设1加强党的政治建设。")

# ------------------------------------------------------------------ title

KINDS = ("重点工作安排意见", "工作安排意见", "安排意见", "实施意见", "重点工作安排", "重点工作计划", "工作要点", "工作计划", "工作安排", "工作思路",
         "工作重点", "重点工作", "要点", "计划")
KIND = rx(rf"(?:{'|'.join(KINDS)})$", "工作要点", "教体局重点工作安排意见", "2023年度工作计划", "教育工作要点")
KIND_ANYWHERE = rx(rf"(?:{'|'.join(KINDS)})", "关于印发2024年工作要点的通知")
TITLE_YEAR = rx(r"^(?P<issuers>.*?)(?P<year>\d{4}|[xX]{4})\s*年(?:度)?(?P<rest>.*)$",
                "某县教育局2023年度工作计划", "中共某市委教育工委 某市教育局2024年工作要点")
TITLE_RUNS_INTO_TEXT = rx(r"(工作要点|工作计划)[^，。]{0,6}?(?=(\d{4}|[xX]{4})年)", "市教育局工作要点范例xxxx年教育工作")
TITLE_CN_YEAR = rx(r"^(?P<issuers>.*?)(?P<year>[〇○零一二三四五六七八九]{4})年(?:度)?", "某县教育局二〇二四年工作要点")
YEAR = rx(r"(?<!\d)((?:19|20)\d{2})\s*年(?!\d)", "2019年是", "2024 年，全市")
FILE_YEAR = rx(r"(?<!\d)(19|20)\d{2}(?!\d)", "2023年工作要点.docx", "plan-2024")

# ------------------------------------------------------------------ notice

NOTICE_TITLE = rx(r"^(?:.{0,40}?)关于.{2,120}的(?:通知|意见|决定)$",
                  "关于印发《某县教育局2024年工作要点》的通知", "某县教育局关于印发2024年工作要点的通知")
NOTICE_TITLE_START = rx(r"^(?:.{0,40}?)关于(?:印发|下发|转发)", "关于印发", "某县教育局关于印发《")
GLUED_RECIPIENTS = rx(r"^(.{0,40}?关于.{2,120}?的通知)(.{2,200}[：:])$", "关于印发2024年工作要点的通知各中小学校，局机关各股室：")
DOC_NUMBER = rx(r"^\s*\S{1,16}[〔\[【(（［]\d{2,4}[〕\]】)）］]第?\d+号?\s*$", "某教发〔2024〕5号", "某教字[2023]12号")
RED_HEADER = rx(r"^.{2,30}文件$", "某县教育局文件")
RECIPIENTS = rx(r"^.{2,200}[：:]$", "各乡镇中心学校，局机关各股室：")
PUBLIC_NOTE = rx(r"^[（(](?:此件|本件)?[^（）()]{0,12}公开[^（）()]{0,8}[)）]$|^[（(]联系人[:：].{2,60}[)）]$",
                 "（此件主动公开）", "(此件公开发布)", "（联系人：张三，电话：1234567）")
ATTACHMENT = rx(r"^附\s*件\s*(?:[:：]\s*\d?\s*[.．]?\s*(?P<name>.*))?$", "附件", "附件：某县教育局2024年工作要点", "附件:1.工作要点")
SENDS = rx(r"印发给你们|现将.{0,80}印发|请结合实际|认真贯彻执行|遵照执行", "现将《2024年工作要点》印发给你们")
ISSUING_BODY = rx(r"(局|委员会|工委|厅|政府|委|办公室|办|院|中心|部|学校)$", "某县教育局", "中共某市委教育工作委员会")

# ------------------------------------------------------------------ dates

DATE_ARABIC = rx(r"^(\d{4})\s*(?:年|[-./])\s*(\d{1,2})\s*(?:月|[-./])\s*(\d{1,2})\s*日?$",
                 "2024年3月27日", "2024-03-27", "2024.3.27", "2024/3/27")
DATE_CHINESE = rx(rf"^([{CN_DIGIT}]{{4}})年([{CN_DIGIT}]{{1,3}})月([{CN_DIGIT}]{{1,3}})日$",
                  "二〇二四年三月二十七日", "二○二四年十二月一日")
DATE_LIKE = rx(r"^(?:19|20)\d{5,6}$", "2024113")
DATE_DIGITS = rx(r"^((?:19|20)\d{2})(\d{2,4})$", "2024327", "20240327", "202099")

# ------------------------------------------------------------------ 版记

CC_LINE = rx(r"^抄\s*送\s*[:：]\s*(.+?)。?$", "抄送：县委办公室，县政府办公室。")
PRINTED = rx(r"^(.+?)\s*(\d{4}年\d{1,2}月\d{1,2}日)\s*印\s*发$", "某县教育局办公室 2024年3月28日印发")
PRINTED_DATE = rx(r"^(\d{4}年\d{1,2}月\d{1,2}日)\s*印\s*发$", "2024年3月28日印发")

# ------------------------------------------------------------------ tasks

NOTE_LABEL = r"(?:责任|牵头|主责|承办)(?:科室|单位|处室|股室|部门|科|股|处)"
NOTE = rx(rf"[（(]\s*({NOTE_LABEL})\s*[:：](.+?)[）)]\s*$|(?<=[。；])\s*({NOTE_LABEL})\s*[:：]([^。]+?)。?$",
          "全年开展学习12次。（责任股室：办公室）", "全年开展学习。责任单位：办公室、人事股。",
          "（牵头单位：人事股；配合单位：办公室）")
SUPPORT = rx(r"[；;，,]\s*(?:配合|协办|参与)(?:科室|单位|处室|股室|部门|科|股|处)\s*[:：]", "；配合单位：", "，协办科室：")
DEADLINE = rx(r"[；;，,]?\s*(?:完成时限|完成时间|时限)\s*[:：]\s*([^；;）)]+)", "；完成时限：2023年12月")
TRAILING_DEADLINE = rx(r"[（(]\s*(?:完成时限|完成时间|时限)\s*[:：]\s*([^）)]+)[）)]\s*$", "（完成时限：2023年6月底）")
LEAD_REMARK = rx(r"[。，]?\s*排名第一的为牵头(?:科室|单位|处室|股室)[，,]?\s*下同[。.]?", "。排名第一的为牵头科室，下同。")
DEPARTMENT_SPLIT = rx(r"[、，,；;](?![^〈]*〉)", "、")
FIRST_SENTENCE = rx(r"^(.+?[。？！])(.*)$", "抓好理论学习。全年组织学习12次。")

# task tables: 序号 | 工作任务 | 责任科室 | 完成时限
TABLE_TASK_HEAD = rx(r"任务|工作内容|工作事项|重点工作|主要内容|具体内容|工作措施|目标任务", "工作任务", "重点工作内容")
TABLE_DEPT_HEAD = rx(r"责任|牵头|配合|承办|协办", "责任科室", "牵头单位")
TABLE_DEPT_LABEL = rx(r"^(?:责任|牵头|配合|主责|承办|协办)(科室|股室|处室|单位|部门)$", "牵头股室", "配合处室", "责任单位")
TABLE_DEADLINE_HEAD = rx(r"时限|时间|进度", "完成时限")

# ------------------------------------------------------------------ front matter and closing

PREAMBLE_LABELS = ("总体要求", "指导思想", "工作思路", "总体思路", "基本思路")
GOAL_LABELS = ("总体目标", "主要目标", "工作目标", "目标任务")
GOALS_HEADING = rx(rf"^(?:[{CN_NUM}]{{1,3}}、|（[{CN_NUM}]{{1,3}}）)?\s*({'|'.join(GOAL_LABELS)})\s*[:：]?$",
                   "总体目标：", "二、工作目标", "主要目标")
CLOSING_START = rx(r"^(各[\u4e00-\u9fff]{1,3}要|各地|各单位|各级|全市|全区|全县|全系统|我们|让我们|全体)",
                   "各学校要对照本计划抓好落实。", "让我们团结一心")
SENTENCE_END = "。！？；：”）》…"
# a line that ends a sentence (so the next line is not its continuation): a closing quote or bracket only after a stop
SENTENCE_DONE = rx(r"(?:[。！？；：…!?;:）)]|[。！？…][”’》]+)$",
                   "全年组织学习12次。", "落实“三会一课”。”", "抓好落实。（责任单位：办公室）", "主要目标是：")

# ------------------------------------------------------------------ web and print debris

# a line with any of these is not part of the document (unless it is a numbered item)
SITE_DEBRIS = rx(r"小编|文库|相关(?:文章|推荐|阅读|链接)|猜你|推荐阅读|上一篇|下一篇|版权所有|Copyright|免责声明|扫一扫|"
                 r"分享到|阅读全文|侵权投诉|浏览次数|阅读次数|点击(?:数|量|次数)|当前位置|打印本页|关闭窗口|责任编辑|网站地图|VIP|专免",
                 "由某某文库小编整理，希望给你带来方便", "VIP专免", "浏览次数：128", "侵权投诉", "上一篇：关于…")
# the same for short lines only: words that real prose may also use
SITE_DEBRIS_SHORT = rx(r"下载|整理|点击|举报|收藏|打印|字号|来源[:：]|^首页|^\d+(?:\.\d+)?\s*[KkMm]B$|^\d{1,4}\s*页$|"
                       r"^\d+(?:\.\d+)?\s*[KkMm]B\s+\d{1,4}\s*页$",
                       "29.51KB", "24 页", "来源：某县教育局", "免费下载", "29.51KB 24页")
SHORT_LINE = 40

# site metadata that shares a line with real text: removed, the rest kept
SITE_METADATA = rx(r"(?:发布|发文|成文|更新)(?:时间|日期)\s*[:：]\s*\d{4}[-./年]\d{1,2}[-./月]\d{1,2}日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"
                   r"|(?:信息)?来源\s*[:：]\s*\S{2,20}|作者\s*[:：]\s*\S{1,12}|浏览(?:次数|量)?\s*[:：]\s*\d+|阅读(?:次数|量)\s*[:：]\s*\d+",
                   "发布时间:2024-03-28", "发布日期：2024年3月28日 10:21", "浏览次数：12")
# a page number glued into a sentence, never the “-03-” of a date
PAGE_NUMBER = rx(r"(?<![\d\-—])[-—]\s*\d{1,3}\s*[-—](?![\d\-—])", "-1-", "继续实施—2—农村", "— 3 —")
PAGE_NUMBER_LINE = rx(r"^[-—－–\s]*(?:第\s*)?\d{1,3}\s*(?:页)?(?:\s*[/／]\s*\d{1,3}|\s*共\s*\d+\s*页)?[-—－–\s]*$",
                      "- 3 -", "第 2 页", "3/12", "—4—", "第 2 页 共 5 页")
# what a running header looks like: a title or a name, not the tail of a wrapped sentence
RUNNING_HEADER = rx(r"^[^，。；：、）)”]\S.{2,38}(?<![，。；：、）)])$", "示例县教育局2024年工作要点", "某县教育局文件")
SEAL_PLACEHOLDER = rx(r"^[（(]?(?:盖章|印章|公章)[)）]?$", "（盖章）")

# ------------------------------------------------------------------ small helpers of the stages

HAS_HAN = rx(f"[{HAN}]", "教育")
SENTENCE_MARKS = rx("[，。；：]", "坚持立德树人，推动发展。")
CHINESE_CONTEXT = rx(f"[{HAN}，。、；：]", "证")
SENTENCE_SPLIT = rx(r"(?<=[。！？；])", "推进改革。加强管理。")
ASCII_QUOTED = rx(r'"([^"]*)"', '"三会一课"', '"x+X"')
DOUBLE_HYPHEN = rx(rf"(?<=[{HAN}“”‘’])-{{2,}}(?=[{HAN}“”‘’])", "教育--发展")
SPACE_AFTER_NUMBER = rx(r"^((?:\d{1,4}|[xX]{1,3})[.．、]|[（(]\d{1,2}[）)]|[①-⑳]|（[一二三四五六七八九十]{1,3}）)\s+", "1. 抓好学习", "（一） 总体目标")
YEAR_IN_TITLE = rx(r"\d{4}|[xX]{4}", "某县教育局2024年工作要点")
NOTICE_TAIL = rx(r"^.{0,40}的通知$", "的通知", "工作要点》的通知")
BODY_AFTER_TITLE = rx(r"。.{10,}", "抓好理论学习。全年组织集中学习12次。")
NAME_LIST_SPLIT = rx(r"[，,、]", "县委办公室，县政府办公室")
SITE_TITLE_SUFFIX = rx(r"\s*[-_|｜—–].*$", "某县教育局2024年工作要点_某县人民政府网", "某县2024年工作要点 - 某县人民政府")
METRIC_VALUE = rx(r"^([≥≤><]?)\s*([\d.]+)\s*(.*)$", "≥92%", "5000个")
DOC_CODE = rx(r"^(.+?)[〔\[【(（]", "示教发〔2024〕5号")
DIGIT_RUN = rx(r"\d+", "第 12 页")
LEVEL_PLACEHOLDER = rx(r"%(\d)", "%1.", "（%2）")  # Word's list-level text: %1 is the level-1 counter
HEADING_STYLE = rx(r"^(Heading|标题)\s*1$", "Heading 1", "标题 1")
META_CHARSET = rx(rb"<meta[^>]+charset=[\"']?([\w-]+)", b'<meta charset="gb2312">', flags=re.I)
