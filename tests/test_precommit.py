"""The pre-commit hooks, installed by the real pre-commit from this checkout into a real git repository.

pre-commit builds the hooks' environment by pip-installing planforge with its dependencies
(``language: python``, about half a minute with a warm pip cache), once per test session.
Each case is a commit a bureau's colleague would make, and the commit must be blocked.
"""
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import IN_CI, ROOT, need_tool

CLEAN_PLAN = """year: 2024
issuer: 测试县教育局
sections:
  - title: 加强党的建设
    tasks:
      - title: 抓好理论学习
        body: 全年组织集中学习十二次，每月一次。
        departments: [办公室, 财建科]
      - title: 管好教育经费
        body: 落实预算绩效管理。
        departments: [财建科]
"""
ORG = """departments:
  - name: 办公室
  - name: 财建科
"""


def need_package_index(host: str = "pypi.org") -> None:
    """pre-commit installs the hook with pip: skip outside CI when the index cannot be reached, fail in CI."""
    try:
        socket.create_connection((host, 443), timeout=5).close()
    except OSError:
        if IN_CI:
            pytest.fail(f"{host} must be reachable in CI: pre-commit installs the hook from it")
        pytest.skip(f"{host} is not reachable: pre-commit cannot install the hook's dependencies")


def run(args, cwd: Path, env: dict, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8")
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture(scope="session")
def hook_env(tmp_path_factory):
    """(hook repository, its commit, environment): this checkout's files as they are now, committed."""
    need_tool("git", "git")
    need_package_index()
    base = tmp_path_factory.mktemp("precommit")
    git_config = base / "gitconfig"
    git_config.write_text("[user]\n\tname = 测试\n\temail = test@example.org\n[init]\n\tdefaultBranch = main\n", encoding="utf-8")
    env = {**os.environ, "GIT_CONFIG_GLOBAL": str(git_config), "GIT_CONFIG_NOSYSTEM": "1",
           "PRE_COMMIT_HOME": str(base / "cache"), "PRE_COMMIT_COLOR": "never"}
    env.pop("GIT_DIR", None)
    env.pop("GIT_INDEX_FILE", None)
    files = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], ROOT, env).stdout.split("\0")
    hooks = base / "planforge"
    for name in filter(None, files):
        if (ROOT / name).is_file():
            (hooks / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, hooks / name)
    run(["git", "init", "-q"], hooks, env)
    run(["git", "add", "-A"], hooks, env)
    run(["git", "commit", "-q", "-m", "hooks under test"], hooks, env)
    rev = run(["git", "rev-parse", "HEAD"], hooks, env).stdout.strip()
    return hooks, rev, env


def plans_repo(tmp_path: Path, hook_env, hook_ids=("planforge-check",)) -> Path:
    """A bureau's plans repository with the hooks installed and a first, clean commit."""
    hooks, rev, env = hook_env
    repo = tmp_path / "repo"
    (repo / "plans").mkdir(parents=True)
    listed = "".join(f"      - id: {hook}\n" for hook in hook_ids)
    (repo / ".pre-commit-config.yaml").write_text(f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n{listed}", encoding="utf-8")
    (repo / "plans" / "2024.yaml").write_text(CLEAN_PLAN, encoding="utf-8")
    (repo / "plans" / "org.yaml").write_text(ORG, encoding="utf-8")
    run(["git", "init", "-q"], repo, env)
    run([sys.executable, "-m", "pre_commit", "install"], repo, env)
    commit(repo, env)
    return repo


def commit(repo: Path, env: dict, expect_ok: bool = True) -> str:
    run(["git", "add", "-A"], repo, env)
    done = run(["git", "commit", "-q", "-m", "改动"], repo, env, check=False)
    output = done.stdout + done.stderr
    assert (done.returncode == 0) == expect_ok, output
    return output


def committed(repo: Path, env: dict, path: str) -> str:
    return run(["git", "show", f"HEAD:{path}"], repo, env).stdout


def test_a_warning_blocks_the_commit(tmp_path, hook_env):
    env = hook_env[2]
    repo = plans_repo(tmp_path, hook_env)
    plan = repo / "plans" / "2024.yaml"
    plan.write_text(CLEAN_PLAN.replace("十二次，每月", "十二次,每月"), encoding="utf-8")
    output = commit(repo, env, expect_ok=False)
    assert "plans/2024.yaml:7:26: 警告: [PF301]" in output and "planforge check --strict" in output
    assert committed(repo, env, "plans/2024.yaml") == CLEAN_PLAN


def test_renaming_a_department_in_org_yaml_blocks_the_commit(tmp_path, hook_env):
    env = hook_env[2]
    repo = plans_repo(tmp_path, hook_env)
    (repo / "plans" / "org.yaml").write_text(ORG.replace("财建科", "计划财务科"), encoding="utf-8")
    output = commit(repo, env, expect_ok=False)  # only org.yaml changed: the plan using it is checked
    assert "plans/2024.yaml:8:28: 错误: [PF110] 科室“财建科”不在科室名册中。是不是“计划财务科”？" in output
    # recorded as the former name, the old name in the plan is still a warning, and strict blocks it
    (repo / "plans" / "org.yaml").write_text(ORG.replace("- name: 财建科", "- name: 计划财务科\n    former: [财建科]"), encoding="utf-8")
    output = commit(repo, env, expect_ok=False)
    assert "[PF111]" in output and "PF110" not in output
    assert committed(repo, env, "plans/org.yaml") == ORG


def test_a_template_that_breaks_the_plan_blocks_the_commit(tmp_path, hook_env):
    env = hook_env[2]
    repo = plans_repo(tmp_path, hook_env)
    note = repo / "plans" / "templates" / "text" / "note.j2"
    note.parent.mkdir(parents=True)
    note.write_text("（{{ label }}：{{ departments | join('、') }}；{{ leader }}）", encoding="utf-8")
    output = commit(repo, env, expect_ok=False)
    assert "[PF151]" in output and "leader" in output and "note.j2" in output
    note.write_text("（{{ label }}：{{ departments | join('、') }}）", encoding="utf-8")
    commit(repo, env)  # a template that works goes in


def test_the_fix_hook_fixes_the_file(tmp_path, hook_env):
    env = hook_env[2]
    repo = plans_repo(tmp_path, hook_env, ("planforge-fix",))
    plan = repo / "plans" / "2024.yaml"
    typed = CLEAN_PLAN.replace("每月一次。", "每月一次,每季度交流一次。")
    plan.write_text(typed, encoding="utf-8")
    output = commit(repo, env, expect_ok=False)
    assert "files were modified by this hook" in output and "已改正 1 处" in output
    fixed = typed.replace("一次,每季度", "一次，每季度")
    assert plan.read_text(encoding="utf-8") == fixed, "only the comma changed"
    commit(repo, env)  # the fixed file, added again, goes in
    assert committed(repo, env, "plans/2024.yaml") == fixed
