"""The shape of reader/core/storage: small modules, no import circles, parts that keep to
their own names, and imports inside functions only where they defer something heavy."""

import ast
from pathlib import Path

import pytest

STORAGE = Path(__file__).resolve().parents[2] / "reader" / "core" / "storage"
MODULES = sorted(STORAGE.glob("*.py"))
PACKAGE = "reader.core.storage"


def storage_imports(path: Path) -> list[tuple[ast.stmt, str, bool]]:
    """(node, imported storage module, at module level) for each import of a storage module,
    including those inside functions and under ``if TYPE_CHECKING``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = set(map(id, tree.body))
    found = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module == PACKAGE:
                names = [f"{PACKAGE}.{a.name}" for a in node.names]
            else:
                names = [node.module]
        for name in names:
            if name.startswith(PACKAGE + "."):
                found.append((node, name.split(".")[3], id(node) in top))
    return found


def test_every_storage_module_is_under_500_lines():
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in MODULES}
    assert {name: n for name, n in sizes.items() if n >= 500} == {}


def test_no_storage_module_imports_another_in_a_circle():
    graph = {p.stem: {m for _, m, _ in storage_imports(p)} for p in MODULES}

    def circle_from(start, node, path):
        for following in sorted(graph.get(node, ())):
            if following == start:
                return [*path, start]
            if following not in path:
                found = circle_from(start, following, [*path, following])
                if found:
                    return found
        return None

    circles = [c for m in graph if (c := circle_from(m, m, [m]))]
    assert circles == []
    assert "connection" in graph["backups"]  # read_uri comes from there, not from library


def test_imports_inside_functions_say_what_they_defer():
    """Every import below module level is there to keep something heavy off the window's
    start, and a comment (on its line or the line above) says what."""
    silent = []
    for path in MODULES:
        lines = path.read_text(encoding="utf-8").splitlines()
        tree = ast.parse("\n".join(lines))
        top = set(map(id, tree.body))
        guarded = {
            id(n)
            for stmt in tree.body
            if isinstance(stmt, ast.If) and "TYPE_CHECKING" in ast.unparse(stmt.test)
            for n in ast.walk(stmt)
        }
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom) or id(node) in top | guarded:
                continue
            here, above = lines[node.lineno - 1], lines[node.lineno - 2]
            if "#" not in here and not above.strip().startswith("#"):
                silent.append(f"{path.name}:{node.lineno}: {here.strip()}")
    assert silent == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_module_reaches_into_another_objects_private_names(path):
    """Each part keeps its own ``_names``; it uses another part, or the connection, only
    through their public ones; nor does any module reach into sqlite-utils' private names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    reached = [
        f"{path.name}:{node.lineno}: {ast.unparse(node)}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
        and not (isinstance(node.value, ast.Name) and node.value.id == "self")
    ]
    assert reached == []


def test_the_library_hands_out_its_parts(library):
    from reader.core.storage.articles import Articles
    from reader.core.storage.highlights import Highlights
    from reader.core.storage.settings import Settings
    from reader.core.storage.tags import Tags
    from reader.core.storage.trash import Trash

    parts = {
        "articles": Articles,
        "highlights": Highlights,
        "tags": Tags,
        "trash": Trash,
        "settings": Settings,
    }
    assert {name: type(getattr(library, name)) for name in parts} == parts
