"""``kamitaiou.cases`` imports no app above it: they hear from it through events and
fill its page through the panel registry (decision 0008)."""

from __future__ import annotations

import ast
from pathlib import Path

import kamitaiou.cases

PACKAGE = Path(kamitaiou.cases.__file__).parent
#: What ``kamitaiou.cases`` stands on. Every other ``kamitaiou.*`` (followups and any
#: newer app) sits above it and hears from it only through ``cases.events``.
#: ``kamitaiou.params`` (strict parsing of ids, numbers and dates) is a helper of every app.
BELOW_CASES = (
    "kamitaiou.cases",
    "kamitaiou.accounts",
    "kamitaiou.method",
    "kamitaiou.analysis",
    "kamitaiou.params",
)


def _kamitaiou_imports(tree: ast.AST) -> list[str]:
    """Every ``kamitaiou…`` module named by an import anywhere in ``tree`` (late ones too)."""
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "kamitaiou":  # from kamitaiou import followups
                names.extend(f"kamitaiou.{alias.name}" for alias in node.names)
            else:
                names.append(node.module)
    return [name for name in names if name.startswith("kamitaiou.")]


def _above_cases(name: str) -> bool:
    return not any(name == base or name.startswith(f"{base}.") for base in BELOW_CASES)


def _cases_modules() -> list[Path]:
    return sorted(
        p for p in PACKAGE.rglob("*.py") if "migrations" not in p.relative_to(PACKAGE).parts
    )


def test_no_module_of_the_cases_app_imports_an_app_above_it():
    modules = _cases_modules()
    assert len(modules) >= 20
    offenders = [
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in modules
        for name in _kamitaiou_imports(ast.parse(path.read_text(encoding="utf-8")))
        if _above_cases(name)
    ]
    assert offenders == []


def test_the_layer_check_would_catch_late_and_plain_imports_of_followups():
    tree = ast.parse(
        "import kamitaiou.followups.hooks\n"
        "from kamitaiou import followups\n"
        "from kamitaiou.method import stages\n"
        "def f():\n"
        "    from kamitaiou.followups.panel import followups_panel\n"
    )
    found = [name for name in _kamitaiou_imports(tree) if _above_cases(name)]
    assert found == [
        "kamitaiou.followups.hooks",
        "kamitaiou.followups",
        "kamitaiou.followups.panel",
    ]
