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


# Inside the project, mail flows one way: the newsletter sends through the mail app,
# which the funnel measures; the mail app never reaches back into the newsletter.
PROJECT_FORBIDDEN = {"shop/mail": ("shop.newsletter", "shop.content", "shop.demo")}


@pytest.mark.parametrize("folder, forbidden", PROJECT_FORBIDDEN.items())
def test_project_apps_depend_one_way(folder, forbidden):
    wrong = [f"{path}:{line} imports {name}" for path, line, name in imports(folder)
             if name.startswith(forbidden)]
    assert wrong == []


def module_graph(root=None):
    """{module: modules of ours it imports}, every import counted (also those
    inside functions: a lazy import still ties two modules together)."""
    root = Path(root or REPO)
    files = {}
    for package in ("shop", "sales", *PLUGINS):
        for path in (root / package).rglob("*.py"):
            if "migrations" not in path.parts:
                parts = path.relative_to(root).with_suffix("").parts
                files[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path

    def ours(name):
        while name and name not in files:
            name = name.rpartition(".")[0]
        return name

    graph = {}
    for module, path in files.items():
        here = module if path.name == "__init__.py" else module.rpartition(".")[0]
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = ".".join(here.split(".")[:len(here.split(".")) - node.level + 1])
                    base = f"{anchor}.{base}".rstrip(".")
                names = [base] + [f"{base}.{alias.name}" for alias in node.names]
            else:
                continue
            targets |= {ours(name) for name in names} - {"", module}
        graph[module] = targets
    return graph


def cycles(graph):
    """Groups of modules that import each other, directly or round a circle."""
    def reachable(start):
        seen, todo = set(), [start]
        while todo:
            for nxt in graph.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    reach = {module: reachable(module) for module in graph}
    found = {frozenset(m for m in reach[module] if module in reach[m]) | {module}
             for module in graph if module in reach[module]}
    return sorted(sorted(group) for group in found)


def test_no_import_circles():
    assert cycles(module_graph()) == []


def test_the_circle_check_sees_a_circle(tmp_path):
    package = tmp_path / "shop" / "newsletter"
    package.mkdir(parents=True)
    (package / "models.py").write_text("def f():\n    from .rendering import g\n")
    (package / "rendering.py").write_text("from shop.newsletter.models import f\n")
    assert cycles(module_graph(tmp_path)) == [["shop.newsletter.models",
                                               "shop.newsletter.rendering"]]
