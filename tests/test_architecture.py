"""The import rules of ../shared/ARCHITECTURE.md, held by a test.

    summaries  <- handlers <- bot          (arrows: "is imported by")
    summaries  <- bot/db

summaries/ never imports handlers, bot, telegram or sqlalchemy; handlers/ never imports bot;
bot/db/ (storage) imports only summaries and bot.db: no handlers, no telegram.
Nothing in the packages downloads NLTK data or builds sumy's NLTK-backed Tokenizer.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "handlers", "summaries")

FORBIDDEN: dict[str, tuple[str, ...]] = {
    "summaries": ("bot", "handlers", "telegram", "sqlalchemy", "alembic", "aiogram"),
    "handlers": ("bot",),
    "bot": (),
}


def _sources(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _imports(path: Path) -> Iterator[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module


def _top(module: str) -> str:
    return module.split(".", 1)[0]


@pytest.mark.parametrize("package", PACKAGES)
def test_package_imports_follow_the_arrows(package: str) -> None:
    sources = _sources(package)
    assert sources, f"{package}/ has no Python files"
    violations = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in sources
        for line, module in _imports(path)
        if _top(module) in FORBIDDEN[package]
    ]
    assert violations == []


def test_storage_depends_only_on_the_library() -> None:
    violations = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in sorted((ROOT / "bot" / "db").rglob("*.py"))
        for line, module in _imports(path)
        if _top(module) in ("handlers", "telegram")
        or (_top(module) == "bot" and not module.startswith("bot.db"))
    ]
    assert violations == []


def test_no_relative_imports_escape_a_package() -> None:
    """Relative imports could dodge the rule above; the packages use absolute imports only."""
    offenders = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for package in PACKAGES
        for path in _sources(package)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.level > 0
    ]
    assert offenders == []


def test_nothing_needs_nltk_data() -> None:
    """nltk.download and sumy's Tokenizer need data no offline machine has."""
    offenders: list[str] = []
    for package in PACKAGES:
        for path in _sources(package):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module == "sumy.nlp.tokenizers":
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} sumy Tokenizer")
                if (
                    isinstance(node, ast.Attribute)
                    and node.attr == "download"
                    and (isinstance(node.value, ast.Name) and node.value.id == "nltk")
                ):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} nltk.download")
    assert offenders == []


def test_the_rule_catches_a_violation(tmp_path: Path) -> None:
    """The checker itself works: a summaries module importing telegram is reported."""
    bad = tmp_path / "bad.py"
    bad.write_text("import telegram\nfrom sqlalchemy.orm import Session\n", encoding="utf-8")
    found = [_top(module) for _line, module in _imports(bad)]
    assert [m for m in found if m in FORBIDDEN["summaries"]] == ["telegram", "sqlalchemy"]
