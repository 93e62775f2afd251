"""The import graph of the project's own modules, read from the source with `ast`: imports run
one way, down the pipeline stages (README, "Architecture"); no module imports a module that
imports it, directly or through others; the library never imports the measurement package or the
app (only the command line, an edge, reaches `measure` for `kb eval` and `kb bench`); no project
import hides inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# kb's modules, lowest stage first: a module may import only modules before it.
LAYERS = [
    "kb._version", "kb.errors", "kb.vectors", "kb.numbering", "kb.segment", "kb.static",
    "kb.embed", "kb.config", "kb.documents", "kb.loaders", "kb.parse", "kb.terms", "kb.store", "kb.asked",
    "kb.engine", "kb.index", "kb.milvus", "kb.backend", "kb.intent", "kb.query", "kb.typos", "kb.rerank", "kb.retrieve", "kb.gaps", "kb.answer", "kb.feedback", "kb.curate",
    "kb.ingest", "kb.progress", "kb", "kb.cli",
]
APP = {p.stem for p in (ROOT / "app").glob("*.py")}


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[0] == "app":
        return parts[-1]
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def project_imports(path: Path) -> list[tuple[str, bool]]:
    """(imported project module, imported inside a function) for every import in `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            inside |= {id(n) for n in ast.walk(node) if isinstance(n, ast.Import | ast.ImportFrom)}
    out = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            if name.split(".")[0] in ("kb", "measure") or name in APP:
                out.append((name, id(node) in inside))
    return out


def graph() -> dict[str, set[str]]:
    files = [*(ROOT / "kb").glob("*.py"), *(ROOT / "measure").glob("*.py"),
             *(ROOT / "app").glob("*.py")]
    return {module_name(f): {m for m, _ in project_imports(f)} for f in files}


def test_kb_modules_are_all_in_the_layer_list():
    assert {m for m in graph() if m == "kb" or m.startswith("kb.")} == set(LAYERS)


def test_no_project_import_inside_a_function():
    hidden = [(module_name(f), m) for f in [*(ROOT / "kb").glob("*.py"),
                                             *(ROOT / "measure").glob("*.py"),
                                             *(ROOT / "app").glob("*.py")]
              for m, inside in project_imports(f) if inside]
    assert hidden == []


@pytest.mark.parametrize("module", LAYERS)
def test_kb_imports_run_down_the_stages(module):
    imports = graph()[module]
    assert not any(m in APP for m in imports), imports
    if module != "kb.cli":  # the command line is the one edge that offers `kb eval`/`kb bench`
        assert not any(m.startswith("measure") for m in imports), imports
    up = [m for m in imports if m in LAYERS and LAYERS.index(m) >= LAYERS.index(module)]
    assert up == [], f"{module} imports {up}, which are not below it"


def test_no_import_cycles():
    g = graph()
    state: dict[str, int] = {}
    cycles = []

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for n in sorted(g.get(m, ())):
            if state.get(n) == 1:
                cycles.append(path[path.index(n):] + [n] if n in path else [m, n])
            elif n in g and not state.get(n):
                visit(n, path + [n])
        state[m] = 2

    for m in sorted(g):
        if not state.get(m):
            visit(m, [m])
    assert cycles == []
