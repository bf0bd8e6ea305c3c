"""The import rules of ../shared/ARCHITECTURE.md, held by a test.

    summaries (engine) <- summaries.web <- summaries.feeds <- handlers <- bot <- bench
    summaries          <- bot.db                              (arrows: "is imported by")

- The engine (the modules at the top of summaries/, and summaries/lang/) imports neither
  summaries.web nor summaries.feeds; summaries.web does not import summaries.feeds.
- summaries/ never imports handlers, bot, bench, telegram or sqlalchemy.
- handlers/ never imports bot or bench; bot/ never imports bench, except bot/cli.py handing
  `newsbrief eval` to bench.cli.
- bot/db/ (storage) imports only summaries and bot.db: no handlers, no telegram.
- tests/ mirrors the packages: every folder of tests is a folder of a package.
Nothing in the packages downloads NLTK data or builds sumy's NLTK-backed Tokenizer.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "handlers", "summaries", "bench")
LIBRARY_FORBIDDEN = ("bot", "handlers", "bench", "telegram", "sqlalchemy", "alembic", "aiogram")

# (folder, the modules it may not import): the first folder that contains a file decides.
RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("summaries/web", (*LIBRARY_FORBIDDEN, "summaries.feeds")),
    ("summaries/feeds", LIBRARY_FORBIDDEN),
    ("summaries", (*LIBRARY_FORBIDDEN, "summaries.web", "summaries.feeds")),
    ("handlers", ("bot", "bench")),
    ("bot", ("bench",)),
    ("bench", ()),
)
# The one import against the arrows: the command line hands `newsbrief eval` to bench/.
ALLOWED = frozenset({("bot/cli.py", "bench.cli"), ("bot/cli.py", "bench")})


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


def _forbidden(path: Path) -> tuple[str, ...]:
    relative = path.relative_to(ROOT).as_posix()
    for folder, forbidden in RULES:
        if relative.startswith(folder + "/"):
            return forbidden
    raise AssertionError(f"{relative} is in no package the rules know")


def _breaks(module: str, forbidden: tuple[str, ...]) -> bool:
    return any(module == name or module.startswith(name + ".") for name in forbidden)


@pytest.mark.parametrize("package", PACKAGES)
def test_package_imports_follow_the_arrows(package: str) -> None:
    sources = _sources(package)
    assert sources, f"{package}/ has no Python files"
    violations = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in sources
        for line, module in _imports(path)
        if _breaks(module, _forbidden(path))
        and (path.relative_to(ROOT).as_posix(), module) not in ALLOWED
    ]
    assert violations == []


def test_tests_mirror_the_packages() -> None:
    """tests/summaries/web/test_fetch.py tests summaries/web/fetch.py: no folder of its own."""
    strays = [
        folder.relative_to(ROOT / "tests").as_posix()
        for folder in sorted((ROOT / "tests").rglob("*"))
        if folder.is_dir()
        and folder.name != "__pycache__"
        and "fixtures" not in folder.relative_to(ROOT / "tests").parts
        and not (ROOT / folder.relative_to(ROOT / "tests") / "__init__.py").is_file()
    ]
    assert strays == []


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
    found = [module for _line, module in _imports(bad)]
    assert [m for m in found if _breaks(m, _forbidden(ROOT / "summaries" / "x.py"))] == [
        "telegram",
        "sqlalchemy.orm",
    ]
    engine = ROOT / "summaries" / "pipeline.py"
    assert _breaks("summaries.web.fetch", _forbidden(engine))
    assert not _breaks("summaries.webby", _forbidden(engine))
    assert _breaks("summaries.feeds.digest", _forbidden(ROOT / "summaries" / "web" / "links.py"))
    assert not _breaks("summaries.web.urls", _forbidden(ROOT / "summaries" / "feeds" / "opml.py"))
