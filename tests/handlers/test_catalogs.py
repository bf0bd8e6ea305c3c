"""The gettext catalogs: current with the source strings, complete, and true to them."""

from __future__ import annotations

import re
import string
from io import BytesIO
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from handlers import i18n
from handlers.catalogs import extract_source

LOCALE = i18n.LOCALE_DIR
TRANSLATED = [lang for lang in i18n.LANGUAGES if lang != i18n.DEFAULT_LANGUAGE]
_TAG = re.compile(r"</?[a-z-]+[^>]*>")


def _read(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as source:
        return read_po(source, locale=lang)


def _catalog(lang: str) -> Catalog:
    return _read(LOCALE / lang / "LC_MESSAGES" / f"{i18n.DOMAIN}.po", lang)


def _ids(catalog: Catalog) -> set[tuple[str | None, str | tuple[str, ...]]]:
    return {(message.context, message.id) for message in catalog if message.id}


def _extracted() -> set[tuple[str | None, str | tuple[str, ...]]]:
    found = extract_from_file(
        extract_source,
        str(Path(i18n.__file__)),
        keywords={"pgettext": ((1, "c"), 2), "npgettext": ((1, "c"), 2, 3)},
    )
    return {(context, message) for _line, message, _comments, context in found}


def _fields(template: str) -> set[str]:
    return {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name}


def _source(message: Message) -> str:
    return message.id[1] if isinstance(message.id, tuple) else message.id


def _forms(message: Message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple) else [message.string]


def test_the_template_holds_exactly_the_source_strings() -> None:
    """`pybabel extract` has been run since the last change to the English strings."""
    expected = {
        (context, (m.one, m.other) if isinstance(m, i18n.Plural) else m)
        for context, m in i18n.source_messages().items()
    }
    assert _extracted() == expected
    assert _ids(_read(LOCALE / f"{i18n.DOMAIN}.pot")) == expected


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_each_catalog_holds_exactly_the_template(lang: str) -> None:
    """`pybabel update` has been run: nothing missing, nothing obsolete."""
    catalog = _catalog(lang)
    assert _ids(catalog) == _ids(_read(LOCALE / f"{i18n.DOMAIN}.pot"))
    assert not catalog.obsolete


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_is_translated_in_every_plural_form(lang: str) -> None:
    catalog = _catalog(lang)
    for message in catalog:
        if not message.id:
            continue
        forms = _forms(message)
        assert all(form.strip() for form in forms), message.context
        assert len(forms) == (catalog.num_plurals if message.pluralizable else 1), message.context
        assert not message.fuzzy, f"{lang} {message.context}: fuzzy (check it, then unflag it)"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_keep_the_placeholders_and_markup_of_the_source(lang: str) -> None:
    for message in _catalog(lang):
        if not message.id:
            continue
        source = _source(message)
        for form in _forms(message):
            assert _fields(form) == _fields(source), (lang, message.context, form)
            tags = sorted(tag.split()[0].rstrip(">") for tag in _TAG.findall(form))
            assert tags == sorted(tag.split()[0].rstrip(">") for tag in _TAG.findall(source)), (
                lang,
                message.context,
            )


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_plural_forms_are_cldr_s(lang: str) -> None:
    """Two counts share a form exactly when CLDR puts them in the same category."""
    plural = i18n.translations(lang).plural  # type: ignore[attr-defined]
    cldr = Locale.parse(lang).plural_form
    counts = [*range(1001), 10**6, 2 * 10**6, 10**7, 1_000_001]
    pairs = {(cldr(n), plural(n)) for n in counts}
    assert len({category for category, _ in pairs}) == len(pairs)  # one form per category
    assert len({form for _, form in pairs}) == len(pairs)  # one category per form
    assert {form for _, form in pairs} == set(range(_catalog(lang).num_plurals))


def test_russian_counts_feeds_as_russian_does() -> None:
    assert [i18n.text("ru", "import.working", count=n) for n in (1, 2, 5, 21, 12)] == [
        "Импортирую 1 ленту…",
        "Импортирую 2 ленты…",
        "Импортирую 5 лент…",
        "Импортирую 21 ленту…",
        "Импортирую 12 лент…",
    ]
    assert i18n.text("en", "import.working", count=1) == "Importing 1 feed…"
    assert (
        i18n.text("fr", "import.done", count=0)
        == "<b>Importation</b>\u00a0: le fichier contient 0 flux."
    )
    assert i18n.text("de", "digest.more", count=1) == "…und 1 weitere Meldung aus deinen Feeds."


def test_the_extractor_reads_strings_and_plurals_with_their_keys() -> None:
    source = b"""
_EN: dict[str, str | Plural] = {
    "a.b": "One " "line",
    "c": Plural("{count} feed", "{count} feeds"),
    "d": Plural("{n} word", "{n} words", n="n"),
}
_ERRORS_EN = {"timeout": "Too slow."}
OTHER = {"x": "not a source string"}
"""
    found = list(extract_source(BytesIO(source), {}, [], {}))
    assert [(funcname, messages) for _line, funcname, messages, _notes in found] == [
        ("pgettext", ("a.b", "One line")),
        ("npgettext", ("c", "{count} feed", "{count} feeds")),
        ("npgettext", ("d", "{n} word", "{n} words")),
        ("pgettext", ("errors.timeout", "Too slow.")),
    ]
    assert found[2][3] == ["{n} is the number that picks the plural form."]


def test_the_extractor_refuses_what_it_cannot_read() -> None:
    with pytest.raises(ValueError, match="Plural"):
        list(extract_source(BytesIO(b'_EN = {"a": make("x")}'), {}, [], {}))
    with pytest.raises(ValueError, match="string literal"):
        list(extract_source(BytesIO(b'_EN = {KEY: "x"}'), {}, [], {}))
