"""`pip wheel .` builds one wheel holding the three plugins with their templates,
static files and migrations, and nothing of the demo project."""

import shutil
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import REPO

SKIP = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__",
                              "*.pyc", "db.sqlite3*", "whoosh_index", "media", "node_modules",
                              ".pytest_cache", ".ruff_cache", ".hypothesis", "data")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    source = tmp_path_factory.mktemp("source") / "repo"
    shutil.copytree(REPO, source, ignore=SKIP)
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check",
         "-q", "-w", str(out), str(source)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    [built] = out.glob("*.whl")
    return zipfile.ZipFile(built).namelist()


def files_under(package, tracked_root):
    """Non-Python files of ``package`` under ``tracked_root`` in the source tree."""
    root = REPO / package / tracked_root
    return sorted(str(p.relative_to(REPO)) for p in root.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts)


@pytest.mark.parametrize("package", ["recommendations", "reviews", "funnel"])
def test_each_plugin_ships_its_templates_and_migrations(wheel, package):
    for path in files_under(package, "templates") + files_under(package, "migrations"):
        assert path in wheel, f"{path} is missing from the wheel"
    assert f"{package}/apps.py" in wheel
    assert f"{package}/dashboard/apps.py" in wheel
    assert any(name.startswith(f"{package}/migrations/0001_") for name in wheel)


def test_the_wheel_holds_no_project_code(wheel):
    tops = {name.split("/")[0] for name in wheel}
    assert tops == {"recommendations", "reviews", "funnel", "sales",
                    "oscar_storefront-0.2.0.dist-info"}
    assert not any(name.endswith(".pyc") for name in wheel)
