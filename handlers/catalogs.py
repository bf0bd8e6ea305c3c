"""A Babel extractor for the source strings of :mod:`handlers.i18n`.

The English strings are a dict (``key: "text"`` or ``key: Plural("one", "other", n="count")``),
which keeps a new string one line long; ``pybabel extract`` reads it through this function
(named in ``babel.cfg``). Each entry becomes a message whose context is its key, as if it were
written ``pgettext(key, text)`` or ``npgettext(key, one, other, n)``.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator, Mapping
from typing import IO

# The dicts of handlers/i18n.py that hold source strings, and the prefix of their contexts.
SOURCES = {"_EN": "", "_ERRORS_EN": "errors."}

Extracted = tuple[int, str, tuple[str, ...], list[str]]


def extract_source(
    fileobj: IO[bytes],
    keywords: Mapping[str, object],  # noqa: ARG001 - Babel's interface; the dicts name no keywords
    comment_tags: Collection[str],  # noqa: ARG001 - the note on plural forms is the only comment
    options: Mapping[str, object],  # noqa: ARG001 - none apply
) -> Iterator[Extracted]:
    """Babel's extractor interface: ``(line, funcname, messages, comments)`` per string."""
    tree = ast.parse(fileobj.read())
    for node in tree.body:
        target: ast.expr | None = node.target if isinstance(node, ast.AnnAssign) else None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
        if not isinstance(target, ast.Name) or target.id not in SOURCES:
            continue
        if not isinstance(value, ast.Dict):
            raise ValueError(f"line {node.lineno}: {target.id} is not a dict literal")
        prefix = SOURCES[target.id]
        for key, entry in zip(value.keys, value.values, strict=True):
            yield _message(prefix, key, entry)


def _message(prefix: str, key: ast.expr | None, entry: ast.expr) -> Extracted:
    if not isinstance(key, ast.Constant) or not isinstance(key.value, str):
        raise ValueError(f"line {entry.lineno}: a catalog key must be a string literal")
    context = prefix + key.value
    if isinstance(entry, ast.Call) and isinstance(entry.func, ast.Name):
        if entry.func.id != "Plural" or len(entry.args) != 2:
            raise ValueError(f"line {entry.lineno}: {context}: write Plural(one, other, n=...)")
        one, other = (ast.literal_eval(arg) for arg in entry.args)
        count = next((ast.literal_eval(k.value) for k in entry.keywords if k.arg == "n"), "count")
        note = f"{{{count}}} is the number that picks the plural form."
        return entry.lineno, "npgettext", (context, one, other), [note]
    message = ast.literal_eval(entry)
    if not isinstance(message, str):
        raise ValueError(f"line {entry.lineno}: {context}: a string or Plural(...)")
    return entry.lineno, "pgettext", (context, message), []
