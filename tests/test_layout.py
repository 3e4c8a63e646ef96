"""The layout's rules, read from the source (docs/architecture.md): data flows one way, no module
imports back into a module that imports it, private names stay in their module, SQL lives in the
store and the dashboard's queries, HTML in the dashboard's components and pages."""

import ast
import re

from paths import ROOT

PACKAGES = ("etl", "dashboard")
MAX_ETL_MODULES = 16
# Where SQL may be written: the store, the dashboard's queries, and the One Million Posts reader,
# which reads an input that is itself an SQLite database.
SQL_HOMES = ("etl/store/", "dashboard/queries/", "etl/sources/omp.py")
HTML_HOMES = ("dashboard/components/", "dashboard/pages/")
SQL = re.compile(
    r"\b(?:SELECT\s.+\sFROM|INSERT\s+INTO|DELETE\s+FROM|CREATE\s+TABLE|ALTER\s+TABLE|UPDATE\s+\w+\s+SET)\b",
    re.IGNORECASE | re.DOTALL,
)


def _module_name(path):
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {
    _module_name(path): path
    for package in PACKAGES
    for path in sorted((ROOT / package).rglob("*.py"))
    if "resources" not in path.parts
}


def _imports(name):
    """(imported module, names taken from it, line) of every import in module `name`, nested
    ones included: a lazy import is still a dependency."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, [], node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                )
            found.append((base, [alias.name for alias in node.names], node.lineno))
    return found


def _edges(name):
    """The first-party modules `name` depends on. `from pkg import sub` depends on the module
    pkg.sub, not on pkg's __init__; only a name defined in pkg's __init__ makes it depend on that."""
    targets = set()
    for module, names, _ in _imports(name):
        if module.split(".")[0] not in PACKAGES:
            continue
        submodules = [f"{module}.{n}" for n in names if f"{module}.{n}" in MODULES]
        targets.update(submodules)
        if not names or len(submodules) < len(names):
            targets.add(module)
    return targets - {name}


def _cycle(graph):
    """One import cycle of `graph` ({module: modules it imports}) as a path, or None."""
    state = {}

    def visit(node, trail):
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                return trail[trail.index(nxt) :] + [nxt] if nxt in trail else [node, nxt]
            if nxt not in state:
                found = visit(nxt, trail + [nxt])
                if found:
                    return found
        state[node] = "done"
        return None

    for name in sorted(graph):
        if name not in state:
            found = visit(name, [name])
            if found:
                return found
    return None


def test_no_module_imports_back_into_one_that_imports_it():
    assert _cycle({name: _edges(name) for name in MODULES}) is None


def test_the_cycle_finder_finds_a_cycle_and_a_package_importing_its_own_modules_is_none():
    # The rule above would pass on a finder that never finds anything.
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert (
        _cycle(
            {"etl.sources": {"etl.sources.page"}, "etl.sources.page": {"etl.sources.batch"}, "etl.sources.batch": set()}
        )
        is None
    )


def test_etl_never_imports_the_dashboard():
    wrong = [
        (name, module)
        for name in MODULES
        if name.split(".")[0] == "etl"
        for module, _, _ in _imports(name)
        if module.split(".")[0] == "dashboard"
    ]
    assert wrong == []


def test_no_private_name_is_imported_from_another_module():
    wrong = []
    for name in MODULES:
        for module, names, line in _imports(name):
            if module.split(".")[0] not in PACKAGES:
                continue
            for imported in names:
                # A package's private helper module, used inside that package, is its own business.
                inside = f"{module}.{imported}" in MODULES and (name == module or name.startswith(module + "."))
                if imported.startswith("_") and not imported.startswith("__") and not inside:
                    wrong.append(f"{name}:{line} imports {module}.{imported}")
    assert wrong == []


def test_no_private_attribute_of_another_first_party_module_is_read():
    wrong = []
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text())
        aliases = {
            alias.asname or alias.name: f"{node.module}.{alias.name}"
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in PACKAGES
            for alias in node.names
            if f"{node.module}.{alias.name}" in MODULES
        }
        wrong += [
            f"{name}:{node.lineno} reads {aliases[node.value.id]}.{node.attr}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
        ]
    assert wrong == []


def test_the_top_of_etl_holds_few_modules():
    top = [path.name for path in (ROOT / "etl").glob("*.py")]
    assert len(top) <= MAX_ETL_MODULES, sorted(top)


def _strings(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value
        elif isinstance(node, ast.JoinedStr):
            yield node.lineno, "".join(v.value for v in node.values if isinstance(v, ast.Constant)) + " "


def test_sql_is_written_only_in_the_store_and_the_dashboard_queries():
    wrong = [
        f"{path.relative_to(ROOT)}:{line}"
        for name, path in MODULES.items()
        if not path.relative_to(ROOT).as_posix().startswith(SQL_HOMES)
        for line, text in _strings(path)
        if SQL.search(text) and not _is_docstring(path, line)
    ]
    assert wrong == []


def _is_docstring(path, line):
    tree = ast.parse(path.read_text())
    return any(
        ast.get_docstring(node, clean=False) and node.body[0].lineno == line
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))
    )


def test_html_is_built_only_in_the_dashboards_components_and_pages():
    wrong = [
        f"{path.relative_to(ROOT)}:{line}"
        for name, path in MODULES.items()
        if not path.relative_to(ROOT).as_posix().startswith(HTML_HOMES)
        for module, names, line in _imports(name)
        if module == "dash" and "html" in names
    ]
    assert wrong == []
