"""One door to a case: only ``permissions.py`` knows who holds a site's roles, and only
``conf.py`` reads the app's deployment settings.

These read the app's source (its modules, not the migrations), so a rule written a
second time elsewhere fails here instead of drifting apart from the first.
"""

import ast
import re
from pathlib import Path

import wagtail_meldcode

PACKAGE = Path(wagtail_meldcode.__file__).parent

#: What only permissions.py may read: the role groups of a site, a user's superuser flag,
#: a user's groups.
ROLE_ATTRIBUTES = {
    f"{role}_group{suffix}" for role in ("staff", "coordinators", "management")
    for suffix in ("", "_id")
} | {"is_superuser"}
ROLE_LOOKUP = re.compile(r"^((staff|coordinators|management)_group|groups)(__|$)")

#: Known readers outside permissions.py, each with the reason it may stay.
ALLOWED = {
    # Points a new site's settings at the role groups it creates: configures, decides nothing.
    ("roles.py", "ensure_roles"),
}


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if not relative.startswith("migrations/"):
            yield relative, ast.parse(path.read_text(), filename=str(path))


def scopes(tree, prefix=""):
    """``(qualified name, node)`` of every function in ``tree``, and the module as ""."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            name = f"{prefix}{node.name}"
            if not isinstance(node, ast.ClassDef):
                yield name, node
            yield from scopes(node, f"{name}.")


def role_reads(node):
    """The role attributes, lookups and ``values()`` fields read in ``node``."""
    for child in ast.walk(node):
        if (isinstance(child, ast.Attribute) and isinstance(child.ctx, ast.Load)
                and child.attr in ROLE_ATTRIBUTES):
            yield f".{child.attr}"
        elif isinstance(child, ast.keyword) and child.arg and ROLE_LOOKUP.match(child.arg):
            yield f"{child.arg}="
        elif isinstance(child, ast.Call):
            for arg in child.args:
                if (isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                        and ROLE_LOOKUP.match(arg.value)):
                    yield repr(arg.value)


def readers_of_roles():
    found = []
    for module, tree in modules():
        if module == "permissions.py":
            continue
        in_functions = set()
        for name, function in scopes(tree):
            reads = set(role_reads(function))
            in_functions |= reads
            if reads and (module, name) not in ALLOWED:
                found.append((module, name, sorted(reads)))
        outside = set(role_reads(tree)) - in_functions
        if outside:
            found.append((module, "<module>", sorted(outside)))
    return found


def test_only_permissions_knows_who_holds_a_sites_roles():
    assert readers_of_roles() == []


def test_only_conf_reads_the_meldcode_settings():
    readers = []
    for module, tree in modules():
        if module == "conf.py":
            continue
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and node.attr.startswith("MELDCODE_")
                    or isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and node.value.startswith("MELDCODE_")):
                readers.append((module, node.lineno))
    assert readers == []
