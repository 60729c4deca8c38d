"""The mail parser is pure: no module under kamitaiou/mail/parsing imports Django, the
Django app around it, or a module that does I/O over the network or runs processes."""

from __future__ import annotations

import ast
from pathlib import Path

import kamitaiou.mail.parsing

PACKAGE = Path(kamitaiou.mail.parsing.__file__).parent
FORBIDDEN_ROOTS = {"django", "socket", "imaplib", "smtplib", "subprocess", "urllib", "requests"}


def _imported_modules(tree: ast.AST) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "kamitaiou.mail":  # from kamitaiou.mail import models
                names.extend(f"kamitaiou.mail.{alias.name}" for alias in node.names)
            else:
                names.append(node.module)
    return names


def _forbidden(name: str) -> bool:
    if name.split(".", maxsplit=1)[0] in FORBIDDEN_ROOTS:
        return True
    if name.startswith("kamitaiou."):
        return not (name == "kamitaiou.mail.parsing" or name.startswith("kamitaiou.mail.parsing."))
    return False


def test_no_module_of_the_mail_parser_imports_django_or_the_app_around_it():
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) >= 3
    offenders = [
        f"{path.name}: {name}"
        for path in modules
        for name in _imported_modules(ast.parse(path.read_text(encoding="utf-8")))
        if _forbidden(name)
    ]
    assert offenders == []


def test_the_purity_check_would_catch_django_the_app_and_network_imports():
    tree = ast.parse(
        "from django.db import models\nimport django\nfrom kamitaiou.mail import models\n"
        "import kamitaiou.cases.actions\nimport smtplib\n"
        "from kamitaiou.mail.parsing.model import ParsedMail\n"
    )
    found = [name for name in _imported_modules(tree) if _forbidden(name)]
    assert found == [
        "django.db",
        "django",
        "kamitaiou.mail.models",
        "kamitaiou.cases.actions",
        "smtplib",
    ]
