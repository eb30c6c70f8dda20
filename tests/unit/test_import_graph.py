"""The shape of the package: areas plug into a core that imports none of them, and no module
imports itself back through others. The graph is read from the source with `ast`, every
import counted (inside functions too: an import hidden in a function is still a loop)."""
from __future__ import annotations

import ast
from pathlib import Path


PACKAGE = Path(__file__).resolve().parents[2] / "housing"
# The shared layer: what every area may import. Everything else under housing/ is an area.
CORE = ("housing.core", "housing.extensions")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, known: set[str]) -> set[str]:
    """The housing modules a file imports. `from housing.x import y` counts y when y is a module, and
    housing.x itself only when a name defined there is imported: an area's __init__ that lists its
    modules in init_app is not imported back by `from housing.area import queries`."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("housing")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("housing"):
            submodules = {f"{node.module}.{alias.name}" for alias in node.names} & known
            found |= submodules
            if len(submodules) < len(node.names):  # a name defined in the module itself (not only its submodules)
                found.add(node.module)
    return {name for name in found if name in known}


def import_graph() -> dict[str, set[str]]:
    files = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    known = set(files)
    return {name: imports_of(path, known) - {name} for name, path in files.items()}


def package_of(module: str) -> str:
    """housing.shelter.views → housing.shelter (the area); housing.core.audit → housing.core."""
    parts = module.split(".")
    return ".".join(parts[:2])


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle between modules, as the path around it, or []."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target not in state:
                cycle = visit(target)
                if cycle:
                    return cycle
        state[node] = 2
        path.pop()
        return []

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return []


def area_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """Package → packages it imports (the root package's create_app excepted: it lists the areas)."""
    areas: dict[str, set[str]] = {}
    for module, targets in graph.items():
        if module == "housing":
            continue
        source = package_of(module)
        areas.setdefault(source, set()).update(package_of(t) for t in targets if package_of(t) != source)
    return areas


def test_no_module_imports_itself_back():
    assert find_cycle(import_graph()) == []


def test_no_area_imports_itself_back_through_another():
    assert find_cycle(area_graph(import_graph())) == []


def test_the_core_imports_no_area():
    graph = import_graph()
    crossings = sorted(f"{module} → {target}" for module, targets in graph.items()
                       if module.startswith(CORE) for target in targets if not target.startswith(CORE))
    assert crossings == []


def test_the_cycle_finder_finds_a_cycle_and_the_core_rule_a_crossing():
    """The checks above can fail: a loop of three and a core module importing an area."""
    looped = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(looped) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) == []
    assert package_of("housing.shelter.views") == "housing.shelter"
    assert area_graph({"housing.core.x": {"housing.shelter.y"}, "housing.shelter.y": {"housing.core.x"}}) == {
        "housing.core": {"housing.shelter"}, "housing.shelter": {"housing.core"}}
