"""Generated notices of many shapes — issuers, body length, attachment, 抄送, number of tasks — written fresh
here, so that documents end on odd and even pages and a notice's first page is full, half full or over-full.
Used by tests/test_pages.py and benchmarks/pages_sweep.py."""
from dataclasses import dataclass

ISSUERS = ["中共示例县委教育工作委员会", "示例县教育局", "示例县人力资源和社会保障局", "示例县财政局"]
SENTENCES = ["全面落实立德树人根本任务，推动各级各类教育高质量发展。", "各单位要结合实际制定具体措施，明确责任分工和完成时限。",
             "切实加强组织领导，确保各项任务落到实处、取得实效。", "工作中遇到的新情况新问题，请及时报告县教育局。"]
TASK_BODY = "统筹推进学校建设和教师队伍建设，完善经费保障机制，开展专项督导，年底前完成{n}所学校的提升改造，确保工作取得实效。"


@dataclass(frozen=True)
class Variant:
    name: str
    issuers: int = 1
    body_lines: int = 1  # notice body, in lines of 28 characters (roughly)
    tasks: int = 4
    attachment: bool = False
    cc: int = 3
    note: bool = True
    long_title: bool = False
    double_sided: bool = True
    one_paragraph: bool = False  # a long body written as one paragraph


VARIANTS = [
    Variant("short-1", issuers=1, body_lines=1),
    Variant("joint-2", issuers=2, body_lines=2, tasks=9),
    Variant("joint-3-attachment", issuers=3, body_lines=4, attachment=True, tasks=14),
    Variant("joint-4-long", issuers=4, body_lines=6, long_title=True, cc=14, tasks=20),
    Variant("body-8-attachment", issuers=2, body_lines=8, attachment=True, tasks=27),
    Variant("no-note-single-sided", issuers=1, body_lines=3, note=False, tasks=11, double_sided=False),
    Variant("one-long-paragraph", issuers=3, body_lines=7, attachment=True, long_title=True, tasks=6, one_paragraph=True),
]


def write_variant(v: Variant, folder) -> None:
    issuers = ISSUERS[:v.issuers]
    sentences = (SENTENCES * 8)[: max(1, round(v.body_lines * 28 / 26))]
    half = len(sentences) // 2
    # a longer body comes in two paragraphs, as offices write it (a literal block keeps the break)
    body = "".join(sentences) if v.body_lines < 4 or v.one_paragraph else "|-\n    " + "".join(sentences[:half]) + "\n\n    " + "".join(sentences[half:])
    cc = [f"县直第{i}单位" for i in range(1, v.cc + 1)]
    org = [
        "issuer:", *[f"  - {name}" for name in issuers],
        "doc_code: 示县教发", "recipients: 各乡镇中心学校，县直各学校，局机关各股室",
        "cc: [" + ", ".join(cc) + "]", "printed_by: 示例县教育局办公室",
        "responsibility: {label: 责任股室}",
        "departments: [{name: 办公室}, {name: 基教股}, {name: 财务股}]",
        f"layout: {{double_sided: {str(v.double_sided).lower()}}}",
    ]
    (folder / "org.yaml").write_text("\n".join(org) + "\n", encoding="utf-8")
    kind = "推进教育强县建设和教育高质量发展重点工作安排" if v.long_title else "工作要点"
    plan = [
        "year: 2026", f"kind: {kind}", "sections:",
    ]
    for s in range((v.tasks + 4) // 5):
        plan += [f"  - title: 第{s + 1}部分重点工作", "    tasks:"]
        for t in range(min(5, v.tasks - 5 * s)):
            n = 5 * s + t + 1
            plan += [f"      - title: 推进第{n}项重点任务", f"        body: {TASK_BODY.format(n=n)}",
                     "        departments: [基教股, 财务股]"]
    plan += ["notice:", "  doc_number: 7", "  date: 2026-02-20", f"  body: {body}",
             f"  attachment: {str(v.attachment).lower()}"]
    if v.note:
        plan.append("  note: 此件公开发布")
    (folder / "2026.yaml").write_text("\n".join(plan) + "\n", encoding="utf-8")
