"""The method core is pure: no module under kamitaiou/method imports Django."""

from __future__ import annotations

import ast
from pathlib import Path

import kamitaiou.method

METHOD_DIR = Path(kamitaiou.method.__file__).parent


def imported_modules(tree: ast.AST) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            names.append(node.module)
    return names


def test_method_package_has_modules_to_check():
    assert len(list(METHOD_DIR.rglob("*.py"))) > 5


def test_no_module_of_the_method_core_imports_django():
    offenders = []
    for path in sorted(METHOD_DIR.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for name in imported_modules(tree):
            if name == "django" or name.startswith("django."):
                offenders.append(f"{path.name}: {name}")
    assert offenders == []


def test_the_import_walker_does_see_django_imports():
    tree = ast.parse("import django\nfrom django.db import models\nfrom . import x\n")
    assert imported_modules(tree) == ["django", "django.db"]
