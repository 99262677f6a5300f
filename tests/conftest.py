import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "plans"
CORPUS = ROOT.parent / "shared" / "corpus"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def need_tool(name: str, packages: str = "libreoffice-writer-nogui poppler-utils") -> str:
    """The path of an external tool; skip outside CI when it is missing, fail in CI."""
    path = shutil.which(name)
    if path is None:
        if IN_CI:
            pytest.fail(f"{name} is required in CI (.ci/run installs it)")
        pytest.skip(f"{name} is not installed (apt-get install {packages})")
    return path


@pytest.fixture
def cli():
    """Run the planforge CLI in-process; returns (exit code, stdout, stderr)."""
    from planforge.cli import app

    def run(*args: str):
        result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=True)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result.exit_code, result.stdout, result.stderr

    return run


@pytest.fixture
def example_plan():
    from planforge.load import load_plan

    return load_plan(PLANS / "2024.yaml")
