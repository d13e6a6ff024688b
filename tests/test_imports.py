"""The package's import structure: no cycles between its modules, and a light CLI start."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "according"

#: Libraries that take seconds to import; ``according --help`` and input errors need none.
HEAVY = ("torch", "spacy", "numpy", "pyarrow", "sqlalchemy", "fastapi", "uvicorn", "alembic", "pyspark",
         "transformers", "trafilatura", "rich")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or \
        (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imported(tree: ast.Module, package: str) -> set[str]:
    """Every name ``tree`` imports, at module level or inside functions, except under
    ``if TYPE_CHECKING:`` (annotations only); relative imports resolved against ``package``."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, *([node.module] if node.module else [])])
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def import_graph() -> dict[str, set[str]]:
    """Module → the package's modules it imports."""
    paths = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets = {t for t in _imported(ast.parse(path.read_text(encoding="utf-8")), package) if t in paths}
        graph[name] = targets - {name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return found


def test_the_cycle_finder_finds_a_cycle_through_a_function_level_import():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    tree = ast.parse("import a.x\nif TYPE_CHECKING:\n    import b\ndef f():\n    from . import c\n")
    assert _imported(tree, "pkg") == {"a.x", "pkg", "pkg.c"}


def test_the_package_has_no_import_cycles():
    graph = import_graph()
    assert "according.cli.main" in graph and len(graph) > 50
    found = cycles(graph)
    detail = [{m: sorted(graph[m] & set(c)) for m in c} for c in found]
    assert found == [], f"import cycles: {detail}"


def _modules_loaded(code: str) -> list[str]:
    """The HEAVY libraries imported by the time ``code`` (run in a fresh interpreter) ends."""
    script = textwrap.dedent(f"""
        import atexit, sys
        atexit.register(lambda: print(sorted(m for m in {HEAVY!r} if m in sys.modules)))
    """) + textwrap.dedent(code)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    return out.stdout.strip().splitlines()[-1:]


def test_the_cli_starts_without_heavy_libraries():
    assert _modules_loaded("import according.cli.main") == ["[]"]


def test_help_and_an_input_error_load_no_heavy_library(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code = f"""
        import sys
        from according.cli.main import cli
        for args in (["--help"], ["extract", "--help"], ["extract", {str(empty)!r}]):
            try:
                cli.main(args=args, prog_name="according")
            except SystemExit:
                pass
    """
    assert _modules_loaded(code) == ["[]"]
