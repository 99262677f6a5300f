"""The editor's JSON Schemas, checked by the tool users run (check-jsonschema), against what ``load`` accepts.

The schema and the loader must agree: every plan that loads passes the schema, every mistake
the schema can express fails it, and a misspelt key fails both in every kind of object.
"""
import copy
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from planforge.diagnostics import PlanError
from planforge.load import load_plan
from planforge.schema import MODELINE_PREFIX, ORG_SCHEMA, PLAN_SCHEMA, schema_text
from planforge.schemagen import generated_text, org_schema, plan_schema

from conftest import PLANS, ROOT

TESTS = ROOT / "tests"
BAD = TESTS / "bad_plans"

# Bad plans whose mistake is a matter of shape, type or form: the schema must reject them.
SCHEMA_CATCHES = {
    "bad_doc_number", "bad_numbering", "chinese_key", "doc_number_leading_zero", "empty_file", "empty_title",
    "metric_target_text", "no_sections", "task_without_title", "tasks_not_list", "top_level_list", "unknown_key",
    "year_not_number",
}
# Mistakes no JSON Schema can see: they need the registry, the calendar, Jinja2 or the whole file.
BEYOND_SCHEMA = {
    "broken_expression", "undefined_expression",  # expressions are evaluated by load
    "duplicate_task_id",  # uniqueness of a value across objects
    "invalid_date", "invalid_deadline",  # 2月30日 has the right form but no day
    "unknown_department",  # the registry is in another file
}
# Not YAML at all (or YAML planforge refuses): check-jsonschema cannot even parse them.
NOT_YAML = {"bad_indentation", "duplicate_key", "python_tag", "tab_indentation", "unquoted_colon"}


def check_jsonschema(schema: Path, files: list[Path]) -> dict:
    """Run the real check-jsonschema once over ``files``: {"errors": {file: [messages]}, "unparsable": {file}}."""
    exe = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent)) or shutil.which("check-jsonschema")
    assert exe, "check-jsonschema is in the test extra"
    run = subprocess.run([exe, "--output-format", "json", "--schemafile", str(schema), *map(str, files)],
                         capture_output=True, text=True, encoding="utf-8")
    report = json.loads(run.stdout)
    errors: dict[str, list[str]] = {}
    for error in report.get("errors", []):
        errors.setdefault(error["filename"], []).append(f"{error['path']}: {error['message']}")
    assert run.returncode == (0 if report["status"] == "ok" else 1), run.stderr
    return {"errors": errors, "unparsable": {e["filename"] for e in report.get("parse_errors", [])}}


def loads(path: Path) -> bool:
    try:
        load_plan(path)
    except PlanError:
        return False
    return True


# --------------------------------------------------------------------------- the shipped files


def test_shipped_schemas_are_the_generated_ones():
    """plans/*.schema.json are what `planforge schema -o plans/` writes today, and that is what the model
    generates (`python -m planforge.schemagen` after a change): never stale."""
    assert schema_text() == generated_text() and schema_text(org=True) == generated_text(org=True)
    assert (PLANS / PLAN_SCHEMA).read_text(encoding="utf-8") == schema_text()
    assert (PLANS / ORG_SCHEMA).read_text(encoding="utf-8") == schema_text(org=True)


def test_example_plans_name_their_schema_on_the_first_line():
    for path in PLANS.glob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        target = ORG_SCHEMA if path.name == "org.yaml" else PLAN_SCHEMA
        assert first == f"{MODELINE_PREFIX}./{target}", path
        assert (path.parent / target).is_file()


def test_titles_and_descriptions_are_chinese_everywhere():
    """What the editor shows on hover: no “Doc Number”, no English docstring."""
    def walk(node, where):
        if isinstance(node, dict):
            if "pattern" in node:  # VS Code's YAML extension shows this instead of the regular expression
                assert "patternErrorMessage" in node, f"{where}: {node['pattern']}"
            for key in ("title", "description", "patternErrorMessage"):
                text = node.get(key)
                if isinstance(text, str):  # (a field named “title” is not a title)
                    assert any("\u4e00" <= ch <= "\u9fff" for ch in text), f"{where}: {key} {text!r}"
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for item in node:
                walk(item, where)

    for schema in (plan_schema(), org_schema()):
        walk(schema, "")
        for name, model in schema["$defs"].items():
            for field, prop in model.get("properties", {}).items():
                assert ("title" in prop or "$ref" in prop) and "description" in prop, f"{name}.{field}"  # a $ref has its model's title
    props = plan_schema()["$defs"]["Notice"]["properties"]
    assert props["doc_number"]["title"] == "发文字号" and 3 in props["doc_number"]["examples"]


def test_untyped_parts_are_typed():
    """preamble, goals and layout describe their shape (they were {default: null} / any object)."""
    schema = plan_schema()
    preamble = schema["properties"]["preamble"]["anyOf"]
    assert {"$ref": "#/$defs/Preamble"} in preamble and {"type": "null"} in preamble
    goals = schema["properties"]["goals"]["anyOf"]
    assert {"$ref": "#/$defs/Goals"} in goals and {"type": "array", "items": {"$ref": "#/$defs/Goal"}} in goals
    layout = schema["$defs"]["Organisation"]["properties"]["layout"]
    assert layout["additionalProperties"] is False
    assert layout["properties"]["double_sided"]["type"] == "boolean"
    assert layout["properties"]["mark_color"]["pattern"]
    assert layout["properties"]["mark_max_size_pt"]["maximum"] == 480


# --------------------------------------------------------------------------- real files through the real tool


def test_every_plan_and_clean_fixture_passes(tmp_path):
    plans = sorted(p for p in PLANS.glob("*.yaml") if p.name != "org.yaml")
    fixtures = sorted(p for p in (TESTS / "lint_plans").glob("*.yaml") if p.name != "org.yaml")
    clean = [p for p in fixtures if loads(p)]  # the lint fixtures load (their mistakes are in the text) ...
    broken = [p for p in fixtures if p not in clean]  # ... but for a full-width colon after a key
    assert plans and all(loads(p) for p in plans) and len(clean) > 20 and len(broken) < 3
    result = check_jsonschema(PLANS / PLAN_SCHEMA, plans + fixtures)
    assert result["errors"] == {}, "a plan that loads passes the schema"
    assert result["unparsable"] == {str(p) for p in broken}, "a full-width colon is not YAML to any tool"
    orgs = sorted(TESTS.glob("*/org.yaml")) + [PLANS / "org.yaml"]
    assert check_jsonschema(PLANS / ORG_SCHEMA, orgs) == {"errors": {}, "unparsable": set()}


def test_bad_plans_fail_where_a_schema_can_see_the_mistake():
    cases = {p.stem: p for p in BAD.glob("*.yaml") if p.name != "org.yaml"}
    assert set(cases) == SCHEMA_CATCHES | BEYOND_SCHEMA | NOT_YAML, "classify every new bad plan"
    result = check_jsonschema(PLANS / PLAN_SCHEMA, sorted(cases.values()))
    failed = {Path(f).stem for f in result["errors"]}
    assert failed == SCHEMA_CATCHES, result["errors"]
    assert {Path(f).stem for f in result["unparsable"]} == NOT_YAML
    # the rest passes the schema: it is not stricter than its job
    assert not any(loads(cases[name]) for name in cases), "every bad plan is still caught by load"


# --------------------------------------------------------------------------- schema and load agree

ORG = {
    "issuer": ["测试县教育局"], "doc_code": "测教发", "mark_suffix": "文件", "recipients": "各学校", "cc": ["县委办公室"],
    "printed_by": "测试县教育局办公室", "responsibility": {"label": "责任股室", "lead_remark": True},
    "fonts": {"fangsong": "仿宋", "kaiti": "楷体"},
    "departments": [{"name": "办公室", "aliases": ["办"]}, {"name": "财建科", "former": ["计财科"]}],
    "layout": {"mark_max_size_pt": 40, "double_sided": False}, "lint": {"ignore": ["PF306"]},
}
FULL_PLAN = {
    "year": 2024, "kind": "工作要点", "numbering": "continuous",
    "preamble": {"label": "总体要求", "text": "坚持稳中求进。"},
    "goals": {"label": "工作目标", "intro": "主要目标是：", "table": True,
              "items": [{"name": "事业发展", "metrics": [{"name": "毛入园率", "target": 92, "unit": "%", "compare": ">="}]}]},
    "sections": [{"title": "加强党的建设", "paragraphs": "全面从严治党。",
                  "tasks": [{"id": "study", "title": "抓好理论学习", "body": "每月一次。", "departments": ["办公室", "财建科"],
                             "deadline": "2024-12-31"}]}],
    "closing": "各单位要抓好落实。",
    "notice": {"doc_number": 2, "recipients": "各学校", "date": "2024-02-26", "note": "此件公开发布", "attachment": False,
               "cc": ["县委办公室"], "printed_by": "测试县教育局办公室", "printed_date": "2024-02-27"},
    "lint": {"ignore": ["PF341"]},
    "org": ORG,
}
# Where each kind of object sits in FULL_PLAN.
OBJECTS = {
    "Plan": (), "Preamble": ("preamble",), "Goals": ("goals",), "Goal": ("goals", "items", 0),
    "Metric": ("goals", "items", 0, "metrics", 0), "Section": ("sections", 0), "Task": ("sections", 0, "tasks", 0),
    "Notice": ("notice",), "Lint": ("lint",), "Organisation": ("org",), "Responsibility": ("org", "responsibility"),
    "Fonts": ("org", "fonts"), "Department": ("org", "departments", 0),
}


def at(data, path):
    for part in path:
        data = data[part]
    return data


def variant(path, value):
    plan = copy.deepcopy(FULL_PLAN)
    if path:
        at(plan, path[:-1])[path[-1]] = value
    return plan


def write(folder: Path, name: str, data) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def typo(key: str) -> str:
    """``metrics`` → ``metircs``: two neighbouring letters swapped, as fingers do."""
    i = min(len(key) // 2, len(key) - 2)
    return key[:i] + key[i + 1] + key[i] + key[i + 2:]


def test_a_typo_fails_schema_and_load_in_every_kind_of_object(tmp_path):
    assert set(plan_schema()["$defs"]) | {"Plan"} == set(OBJECTS), "every model has a place in FULL_PLAN"
    assert loads(write(tmp_path, "full", FULL_PLAN))
    files = {}
    for kind, path in OBJECTS.items():
        obj = at(FULL_PLAN, path)
        key = max(obj, key=len)
        plan = copy.deepcopy(FULL_PLAN)
        target = at(plan, path)
        target[typo(key)] = target.pop(key)
        files[kind] = write(tmp_path, f"typo-{kind}", plan)
    files["layout"] = write(tmp_path, "typo-layout", variant(("org", "layout"), {typo("mark_max_size_pt"): 40}))
    assert typo("metrics") == "metircs"
    result = check_jsonschema(PLANS / PLAN_SCHEMA, [tmp_path / "full.yaml", *files.values()])
    assert str(tmp_path / "full.yaml") not in result["errors"]
    for kind, file in files.items():
        assert str(file) in result["errors"], f"schema misses a typo in {kind}"
        with pytest.raises(PlanError) as caught:
            load_plan(file)
        assert "PF101" in {d.code for d in caught.value.diagnostics}, kind
    # the same in org.yaml, against the org schema
    org_files = []
    for kind in ("Organisation", "Responsibility", "Fonts", "Department", "Lint"):
        org = copy.deepcopy(ORG)
        target = org if kind == "Organisation" else org["lint"] if kind == "Lint" else at(org, OBJECTS[kind][1:])
        key = max(target, key=len)
        target[typo(key)] = target.pop(key)
        org_files.append(write(tmp_path, f"org-typo-{kind}", org))
    org_result = check_jsonschema(PLANS / ORG_SCHEMA, [write(tmp_path, "org-full", ORG), *org_files])
    assert set(org_result["errors"]) == {str(f) for f in org_files}, org_result


# (path, value, accepted by both) — the places where YAML offers more than one way to write a value.
AGREEMENT = [
    (("notice", "doc_number"), 2, True),  # the README's form
    (("notice", "doc_number"), "2", True),
    (("notice", "doc_number"), "测教发〔2024〕2号", True),
    (("notice", "doc_number"), 2.5, False),
    (("notice", "doc_number"), 0, False),
    (("notice", "doc_number"), "测教发(2024)2号", False),
    (("notice", "doc_number"), "测教发〔2024〕02号", False),
    (("notice", "doc_number"), "测教发〔2024〕第2号", False),
    (("year",), "2024", False),
    (("year",), 1948, False),
    (("year",), True, False),
    (("goals", "items", 0, "metrics", 0, "target"), "92", False),
    (("goals", "items", 0, "metrics", 0, "target"), 92.5, True),
    (("goals", "items", 0, "metrics", 0, "compare"), "≥", False),
    (("goals", "table"), "true", False),
    (("notice", "attachment"), 1, False),
    (("org", "layout"), {"double_sided": 0}, False),
    (("org", "layout"), {"mark_max_size_pt": "40"}, False),
    (("org", "layout"), {"mark_max_size_pt": 1000}, False),
    (("org", "layout"), {"char_spacing_pt": -0.5}, True),
    (("org", "layout"), {"mark_color": "C00000"}, True),
    (("org", "layout"), {"mark_color": "red"}, False),
    (("org", "responsibility", "lead_remark"), "否", False),
    (("sections", 0, "title"), "。。。", False),
    (("sections", 0, "tasks", 0, "title"), 2024, True),
    (("sections", 0, "tasks", 0, "title"), "", False),
    (("sections", 0, "tasks", 0, "title"), "  ", False),  # stripped, then empty
    (("sections", 0, "title"), "　", False),
    (("title",), "", True),  # the plan's own title may be left blank: the derived one is used
    (("title",), "……", False),
    (("sections", 0, "tasks", 0, "id"), "a b", False),
    (("sections", 0, "tasks", 0, "id"), 12, True),
    (("sections", 0, "tasks", 0, "departments"), "办公室、财建科", True),
    (("sections", 0, "tasks", 0, "departments"), 5, False),
    (("sections", 0, "tasks", 0, "body"), ["第一段。", 2], True),
    (("sections", 0, "tasks", 0, "deadline"), "2024年10月底", True),
    (("sections", 0, "tasks"), "抓好理论学习", False),
    (("lint", "ignore"), [306], False),
    (("lint", "ignore"), ["PF30"], False),
    (("notice", "date"), "2024年2月26日", True),
    (("notice", "date"), "2024/02/26", False),
    (("notice", "cc"), "县委办公室、县政府办公室", True),
    (("preamble",), "坚持稳中求进。", True),
    (("preamble",), ["第一段。", "第二段。"], True),
    (("preamble",), None, True),
    (("preamble",), 5, False),
    (("goals",), [{"name": "事业发展", "text": "稳步发展。"}], True),
    (("goals",), "稳步发展", False),
    (("closing",), None, True),
    (("numbering",), "per-section", True),
    (("org", "issuer"), 110, False),
    (("kind",), None, False),
]


def test_schema_accepts_what_load_accepts(tmp_path):
    files = [write(tmp_path, f"v{i}", variant(path, value)) for i, (path, value, _) in enumerate(AGREEMENT)]
    result = check_jsonschema(PLANS / PLAN_SCHEMA, files)
    for file, (path, value, accepted) in zip(files, AGREEMENT):
        where = f"{'.'.join(map(str, path))} = {value!r}"
        assert loads(file) == accepted, f"load: {where}"
        assert (str(file) not in result["errors"]) == accepted, f"schema: {where} {result['errors'].get(str(file))}"


# --------------------------------------------------------------------------- new and import name the schema

PLAN_TEXT = "# 测试县2024年工作要点\nyear: 2024  # 年度\nsections:\n  - title: 加强党的建设\n    tasks:\n      - title: 抓好理论学习\n        deadline: 2024-12-31\n"


def test_new_adds_the_modeline_and_nothing_else(cli, tmp_path):
    (tmp_path / "org.yaml").write_text("issuer: 测试县教育局\n", encoding="utf-8")
    (tmp_path / "2024.yaml").write_bytes(PLAN_TEXT.encode("utf-8"))
    status, _, stderr = cli("new", "2025", "--from", tmp_path / "2024.yaml")
    assert status == 0, stderr
    new = (tmp_path / "2025.yaml").read_bytes().decode("utf-8")
    first, rest = new.split("\n", 1)
    assert first == "# yaml-language-server: $schema=./plan.schema.json"
    assert rest == "# 测试县2024年工作要点\nyear: 2025  # 年度\nsections:\n  - title: 加强党的建设\n    tasks:\n" \
                   "      - title: 抓好理论学习\n        deadline: 2025-12-31\n", "the rest is the old file with the year moved"
    assert (tmp_path / PLAN_SCHEMA).read_text(encoding="utf-8") == schema_text()
    assert (tmp_path / ORG_SCHEMA).read_text(encoding="utf-8") == schema_text(org=True)
    # a file that has the line keeps one
    status, _, stderr = cli("new", "2026", "--from", tmp_path / "2025.yaml")
    assert status == 0, stderr
    assert (tmp_path / "2026.yaml").read_bytes().decode("utf-8").count("yaml-language-server") == 1
    # what the editor reads (the modeline's relative path) accepts the new plan
    assert check_jsonschema(tmp_path / PLAN_SCHEMA, [tmp_path / "2025.yaml", tmp_path / "2026.yaml"])["errors"] == {}


def test_import_writes_the_modeline_and_the_schemas_beside_the_plan(cli, tmp_path):
    source = tmp_path / "2023年工作要点.txt"
    source.write_text("测试县教育局2023年工作要点\n一、加强党的建设\n1.抓好理论学习。每月组织一次集中学习。（责任股室：办公室）\n", encoding="utf-8")
    plans = tmp_path / "plans"
    status, _, stderr = cli("import", source, "-o", plans / "2023.yaml")
    assert status == 0, stderr
    plan_text = (plans / "2023.yaml").read_text(encoding="utf-8")
    org_text = (plans / "org.yaml").read_text(encoding="utf-8")
    assert plan_text.splitlines()[0] == "# yaml-language-server: $schema=./plan.schema.json"
    assert org_text.splitlines()[0] == "# yaml-language-server: $schema=./org.schema.json"
    assert check_jsonschema(plans / PLAN_SCHEMA, [plans / "2023.yaml"]) == {"errors": {}, "unparsable": set()}
    assert check_jsonschema(plans / ORG_SCHEMA, [plans / "org.yaml"]) == {"errors": {}, "unparsable": set()}


def test_schema_command_writes_both_files_into_a_folder(cli, tmp_path):
    status, _, stderr = cli("schema", "-o", tmp_path)
    assert status == 0 and PLAN_SCHEMA in stderr
    assert json.loads((tmp_path / PLAN_SCHEMA).read_text(encoding="utf-8"))["title"] == "年度工作要点"
    assert json.loads((tmp_path / ORG_SCHEMA).read_text(encoding="utf-8"))["title"] == "组织设置（org.yaml）"
    status, _, _ = cli("schema", "--org", "-o", tmp_path / "o.json")
    assert status == 0 and (tmp_path / "o.json").read_text(encoding="utf-8") == schema_text(org=True)
