"""No import cycles: inside every package of shared/, hub/ and each service, the modules and
subpackages side by side import one another in one direction only (a cycle between two
features, through any of their modules, fails as much as two modules importing each other)."""

import grimp

ROOTS = ("shared", "hub", "services")


def _packages(graph: grimp.ImportGraph) -> list[str]:
    return sorted(m for m in graph.modules if graph.find_children(m))


def _cycle_breakers(graph: grimp.ImportGraph, package: str) -> list[str]:
    """Imports whose removal would leave the children of `package` (each taken with everything
    inside it) importing one another in one direction only: none when there is no cycle."""
    return sorted(f"{importer} -> {imported}" for importer, imported in graph.nominate_cycle_breakers(package))


def test_no_module_imports_itself_through_others() -> None:
    graph = grimp.build_graph(*ROOTS)
    found = [
        " -> ".join(chain)
        for module in sorted(graph.modules)
        for imported in sorted(graph.find_modules_directly_imported_by(module))
        if (chain := graph.find_shortest_chain(importer=imported, imported=module))
    ]

    assert found == []


def test_no_import_cycles() -> None:
    graph = grimp.build_graph(*ROOTS)
    found = {package: breakers for package in _packages(graph) if (breakers := _cycle_breakers(graph, package))}

    assert found == {}


def test_the_check_finds_a_cycle_between_two_features() -> None:
    graph = grimp.ImportGraph()
    for module in ("app", "app.runs", "app.runs.gather", "app.runs.regeneration", "app.notes", "app.notes.service"):
        graph.add_module(module)
    graph.add_import(importer="app.runs.gather", imported="app.notes.service")
    graph.add_import(importer="app.notes.service", imported="app.runs.regeneration")

    assert len(_cycle_breakers(graph, "app")) == 1
    assert set(_cycle_breakers(graph, "app")) <= {
        "app.runs.gather -> app.notes.service",
        "app.notes.service -> app.runs.regeneration",
    }
    assert _cycle_breakers(graph, "app.runs") == []
