"""Which plans a changed file affects, and whether a plan's own templates still render it.

A plan is more than its YAML file: it also *uses* the org.yaml that ``load``
finds for it (its folder, or the folder above) and the ``templates/`` folder
beside it.  When pre-commit hands ``planforge check`` the files a commit
changes, a changed org.yaml or template stands for every plan that uses it —
a department renamed in org.yaml, or a template that no longer renders, blocks
the commit although no plan file changed.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Optional

from .diagnostics import Diagnostic, PlanError, Position
from .load import ORG_FILE, find_org_file

TEMPLATES = "templates"
PLAN_SUFFIXES = (".yaml", ".yml")


def _plans_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in PLAN_SUFFIXES and p.name != ORG_FILE and p.is_file())


def plans_using_org(org_file: Path) -> list[Path]:
    """The plans whose org.yaml is ``org_file``: beside it, and in the folders just below it."""
    target = org_file.resolve()
    folder = org_file.parent
    candidates = _plans_in(folder) + [p for sub in sorted(folder.iterdir()) if sub.is_dir() and sub.name != TEMPLATES
                                      for p in _plans_in(sub)]
    return [p for p in candidates if find_org_file(p) == target]


def template_folder(path: Path) -> Optional[Path]:
    """The ``templates/`` folder ``path`` is a template in, or None.

    Templates sit as the built-in ones do, ``templates/<kind>/<file>`` (text, docx, markdown, html): a plan
    somewhere below an unrelated folder that happens to be called ``templates`` stays a plan."""
    from .templating import builtin_templates

    kinds = {d.name for d in builtin_templates().iterdir() if d.is_dir()}
    if path.parent.name in kinds and path.parent.parent.name == TEMPLATES and not path.is_dir():
        return path.parent.parent
    return None


def expand(paths: Iterable[Path]) -> list[Path]:
    """The files as given, with org.yaml and template files replaced by the plans that use them.

    Folders are left as they are (the caller lists their plans); a plan named twice is checked once."""
    out: list[Path] = []
    for path in paths:
        folder = template_folder(path)
        if path.name == ORG_FILE and path.is_file():
            users = plans_using_org(path)
        elif folder is not None:
            users = _plans_in(folder.parent)  # the plans beside templates/ use it (render.user_template_dirs)
        else:
            out.append(path)
            continue
        if not users:  # nothing would be read: say so rather than pass it unchecked
            raise PlanError([Diagnostic("PF009", "没有计划用到这个文件（旁边和下一级文件夹中都没有计划文件），无法检查它；"
                                                 "请把它和计划放在一起，或直接给出计划文件。", Position(str(path)))])
        out += users
    seen: set[Path] = set()
    return [p for p in out if not (p.resolve() in seen or seen.add(p.resolve()))]


def template_diagnostics(plan_path: Path, org: Optional[Path] = None) -> list[Diagnostic]:
    """Errors the plan's own templates (``templates/`` beside it) raise when every format is made in memory.

    Only plans with their own templates pay for this: the built-in ones are tested with planforge."""
    from .render import NOTICE_FORMATS, PRODUCERS, user_template_dirs
    from .templating import templates_for

    folders = user_template_dirs(plan_path, None)
    if not folders:
        return []
    try:
        from .load import load_plan

        loaded = load_plan(plan_path, org)
        templates = templates_for(folders)
        for name, (_, produce) in PRODUCERS.items():
            if name not in NOTICE_FORMATS or loaded.plan.notice is not None:
                produce(loaded, templates)
    except PlanError as exc:
        return exc.diagnostics
    return []
