"""The dependency rules of docs/architecture.md, checked on the real import graph (imports inside functions too)."""
import grimp
import pytest


@pytest.fixture(scope="module")
def graph():
    # Type-only imports (under TYPE_CHECKING) never run, so they cannot form a cycle at run time.
    return grimp.build_graph("riep", exclude_type_checking_imports=True)


def _cycles(graph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm, iterative)."""
    index, low, on_stack, stack, groups, counter = {}, {}, set(), [], [], [0]
    edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in graph.modules}

    def visit(root):
        work = [(root, iter(edges[root]))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges[child])))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        groups.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return groups


def _package_reexports(graph, group) -> bool:
    # A package's __init__ re-exporting its own submodules, which import each other's names from the package, is
    # one unit by design (ledger.services, care.calc): not a cycle between responsibilities.
    packages = {m for m in group if graph.find_children(m)}
    return len(packages) == 1 and all(m.startswith(next(iter(packages))) for m in group)


def test_no_module_imports_another_that_imports_it_back(graph):
    cycles = [g for g in _cycles(graph) if not _package_reexports(graph, g)]
    assert cycles == [], "Import cycles (each group imports itself back):\n" + "\n".join(" ↔ ".join(g) for g in cycles)


def test_the_cycle_finder_finds_a_cycle():
    graph = grimp.ImportGraph()
    for a, b in (("x.a", "x.b"), ("x.b", "x.c"), ("x.c", "x.a"), ("x.c", "x.d")):
        graph.add_import(importer=a, imported=b)
    assert _cycles(graph) == [["x.a", "x.b", "x.c"]]
