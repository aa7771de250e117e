"""The plugins stand alone: what each may import, read from the source itself."""

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

PLUGINS = ("recommendations", "reviews", "funnel")
# What a plugin may import of this repository besides itself (a module and its submodules).
ALLOWED = {
    "recommendations": {"sales"},
    "reviews": {"sales"},
    # The funnel knows the other two only through their signals.
    "funnel": {"sales", "recommendations.signals", "reviews.signals"},
    "sales": set(),
}
OURS = {"shop", "tests", "sales", *PLUGINS}


def imports(package):
    """(file, line, module) of every import in ``package`` naming one of our packages."""
    for path in sorted((REPO / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                if name.split(".")[0] in OURS and name.split(".")[0] != package:
                    yield path.relative_to(REPO), node.lineno, name


@pytest.mark.parametrize("package", [*PLUGINS, "sales"])
def test_a_plugin_imports_only_what_it_may(package):
    wrong = [f"{path}:{line} imports {name}" for path, line, name in imports(package)
             if not any(name == allowed or name.startswith(allowed + ".")
                        for allowed in ALLOWED[package])]
    assert wrong == []


def test_the_check_sees_a_forbidden_import(tmp_path, monkeypatch):
    """The scan is not vacuous: an import of the project is caught."""
    import tests.packaging.test_layout as layout

    (tmp_path / "recommendations").mkdir()
    (tmp_path / "recommendations" / "bad.py").write_text("from shop.content import models\n")
    monkeypatch.setattr(layout, "REPO", Path(tmp_path))
    assert [name for _, _, name in imports("recommendations")] == ["shop.content"]
