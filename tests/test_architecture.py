"""Import rules, checked on the source with `ast` (module-level and function-level imports).

- no import cycles among kamlit modules;
- the three analyses (kamlit.topics, kamlit.graph, kamlit.summarize) never import each other;
- only kamlit.cli imports typer;
- the modules `kamlit --help` loads (kamlit.cli and what it imports at module level) import
  neither gensim nor jieba at module level. The run-time check of the same promise, for every
  command's --help, is tests/test_cli.py::test_help_imports_no_heavy_library.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
ANALYSES = ("kamlit.topics", "kamlit.graph", "kamlit.summarize")


@dataclass(frozen=True)
class Import:
    """One imported module name, where it is imported, and whether at module level."""

    name: str
    line: int
    top_level: bool


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted((SRC / "kamlit").rglob("*.py"))}


MODULES = _modules()


def _resolve(module: str, is_package: bool, level: int, target: str | None) -> str:
    """The absolute name of `from <level dots><target> import …` inside `module`."""
    if level == 0:
        return target or ""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, target] if target else base)


def _walk(tree: ast.AST) -> Iterator[tuple[ast.AST, bool]]:
    """Every node, with whether it runs at import time (not inside a function body)."""
    stack: list[tuple[ast.AST, bool]] = [(tree, True)]
    while stack:
        node, top = stack.pop()
        yield node, top
        inner = top and not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        stack.extend((child, inner) for child in ast.iter_child_nodes(node))


def imports_of(module: str) -> list[Import]:
    """The modules `module` imports; `from pkg import sub` counts as importing `pkg.sub`."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[Import] = []
    for node, top in _walk(tree):
        if isinstance(node, ast.Import):
            found.extend(Import(alias.name, node.lineno, top) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, path.name == "__init__.py", node.level, node.module)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.append(Import(sub if sub in MODULES else base, node.lineno, top))
    return found


def _kamlit_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module in MODULES:
        graph[module] = {i.name for i in imports_of(module) if i.name in MODULES} - {module}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_parser_sees_function_level_imports() -> None:
    cli = imports_of("kamlit.cli")
    assert any(i.name == "kamlit.ingest" and not i.top_level for i in cli)
    assert any(i.name == "typer" and i.top_level for i in cli)


def test_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles() -> None:
    assert _cycles(_kamlit_graph()) == []


@pytest.mark.parametrize("analysis", ANALYSES)
def test_analyses_do_not_import_each_other(analysis: str) -> None:
    others = [a for a in ANALYSES if a != analysis]
    offending = [
        f"{module}:{i.line} imports {i.name}"
        for module in MODULES
        if module == analysis or module.startswith(analysis + ".")
        for i in imports_of(module)
        if any(i.name == o or i.name.startswith(o + ".") for o in others)
    ]
    assert offending == []


def test_only_the_cli_imports_typer() -> None:
    offending = [
        f"{module}:{i.line}"
        for module in MODULES
        if module != "kamlit.cli"
        for i in imports_of(module)
        if i.name == "typer" or i.name.startswith("typer.")
    ]
    assert offending == []


def test_help_path_imports_no_gensim_or_jieba_at_module_level() -> None:
    """What importing kamlit.cli loads, followed through module-level imports only."""
    seen: set[str] = set()
    todo = ["kamlit.cli", "kamlit.__main__"]
    heavy: list[str] = []
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        # Importing a submodule runs its packages' __init__ first.
        parts = module.split(".")
        todo.extend(".".join(parts[:n]) for n in range(1, len(parts)) if ".".join(parts[:n]))
        for i in imports_of(module):
            if not i.top_level:
                continue
            root = i.name.split(".")[0]
            if root in {"gensim", "jieba", "rjieba"}:
                heavy.append(f"{module}:{i.line} imports {i.name}")
            if i.name in MODULES:
                todo.append(i.name)
    assert "kamlit.cli" in seen
    assert heavy == []
