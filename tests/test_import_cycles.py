"""No module imports itself through others. Cycles between modules or packages side by side
(two features, through any of their modules) are import-linter's `acyclic_siblings` contract in
`.importlinter`, run by `make lint`; this covers what that contract does not see: a package and
a module inside it importing each other."""

import grimp

ROOTS = ("shared", "hub", "services")


def test_no_module_imports_itself_through_others() -> None:
    graph = grimp.build_graph(*ROOTS)
    found = [
        " -> ".join(chain)
        for module in sorted(graph.modules)
        for imported in sorted(graph.find_modules_directly_imported_by(module))
        if (chain := graph.find_shortest_chain(importer=imported, imported=module))
    ]

    assert found == []
