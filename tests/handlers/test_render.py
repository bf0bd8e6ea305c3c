"""handlers/render.py: replies as Telegram HTML within 4096 characters, parsed by the sandbox's
strict copy of Telegram's HTML parser."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.sandbox.tghtml import parse_html, utf16_len
from handlers.render import (
    MESSAGE_LIMIT,
    DigestLine,
    Sections,
    Source,
    View,
    render,
    render_digest,
    render_error,
    visible_length,
)
from summaries.models import Fact, FactKind, Quote, Sentence, Summary
from summaries.pipeline import summarize

NASTY = '<b>Tom & "Jerry"</b> <script>x</script> &amp; &lt;3 </a> 👍🏽 Ünïcödé'


def _summary(
    sentences: list[str],
    quotes: list[tuple[str, str | None, str | None]] = (),  # type: ignore[assignment]
    facts: list[tuple[str, str]] = (),  # type: ignore[assignment]
    title: str | None = "A title",
    words_in: int = 1000,
) -> Summary:
    return Summary(
        title=title,
        language="en",
        sentences=tuple(Sentence(i, s, 0, len(s), 0) for i, s in enumerate(sentences)),
        quotes=tuple(Quote(q, who, role, 0, 0, len(q)) for q, who, role in quotes),
        facts=tuple(
            Fact(FactKind.COUNT, text, None, sentence, 0, 0, len(text)) for text, sentence in facts
        ),
        keywords=(),
        words_in=words_in,
        words_out=sum(len(s.split()) for s in sentences),
        lines_removed=0,
        sentences_total=max(len(sentences), 1),
    )


def _check(messages: list[str]) -> list[str]:
    """Each message parses as Telegram HTML and fits; returns the plain texts."""
    texts = []
    for message in messages:
        text, _entities = parse_html(message)
        assert text.strip()
        assert utf16_len(text) <= MESSAGE_LIMIT
        assert visible_length(message) == utf16_len(text)
        texts.append(text)
    return texts


def test_a_real_summary_reads_well() -> None:
    article = (
        "The council said on Monday that the new bridge over the river would open in May, "
        "two years late and £4m over budget.\n\n"
        "“It will change the town,” said the mayor, Anna Berg. Traffic on the old bridge "
        "has doubled since 2015, the council said, and 12,000 cars now cross it every day.\n\n"
        "Work on the bridge began in 2019. The contractor blamed the delays on floods."
    )
    summary = summarize(article, title="Bridge to open in May")
    source = Source(
        url="https://news.example.com/bridge?x=1&y=2",
        title="Bridge to open in May",
        site="Example News",
        date="2026-11-24T08:00:00Z",
    )
    [message] = render(summary, source, lang="en")
    [text] = _check([message])
    assert text.startswith("Bridge to open in May\nExample News · 24 Nov 2026\n\n• ")
    assert 'href="https://news.example.com/bridge?x=1&amp;y=2"' in message
    for sentence in summary.sentences:
        assert f"• {sentence.text}" in text
    assert "Facts" in text and "▪ two years · £4m: The council said" in text
    [quotes] = _check(render(summary, source, lang="en", view=View.QUOTES))
    assert "“It will change the town”" in quotes
    ru = render(summary, source, lang="ru")[0]
    assert "24 ноября 2026" in ru and "Факты" in ru


def test_everything_dynamic_is_escaped() -> None:
    summary = _summary(
        [NASTY, "Second < sentence > here & there."],
        [(NASTY, NASTY, NASTY)],
        [("&", NASTY)],
        title=NASTY,
    )
    for view in View:
        messages = render(
            summary,
            Source(url='https://e.com/?q="<x>"&a=1', site=NASTY, date=NASTY),
            lang="en",
            view=view,
        )
        texts = _check(messages)
        assert NASTY in "".join(texts)
    [message] = render(summary, Source(), lang="en")
    assert "<script>" not in message


def test_long_replies_split_between_sentences() -> None:
    sentences = [
        f"Sentence number {i} says something long enough to matter. " * 3 for i in range(120)
    ]
    messages = render(_summary(sentences), Source(url="https://e.com/a"), lang="en")
    assert len(messages) > 1
    texts = _check(messages)
    for sentence in sentences:  # never cut: each sentence whole in one message
        assert sum(f"• {sentence}" in text for text in texts) == 1


def test_a_block_longer_than_a_message_is_cut_at_spaces_with_tags_balanced() -> None:
    title = "word " * 2000
    messages = render(
        _summary(["Short."], title=title.strip()), Source(url="https://e.com/"), lang="en"
    )
    texts = _check(messages)
    assert all(m.startswith("<b><a href=") for m in messages[:2])
    assert len(re.findall(r"\bword\b", "".join(texts))) == 2000


def test_an_unbroken_run_and_astral_characters_are_cut_without_splitting_pairs() -> None:
    run = "😀" * 3000  # 6000 UTF-16 units, no space
    texts = _check(render(_summary([run]), Source(), lang="en"))
    assert "".join(texts).count("😀") == 3000


def test_a_quote_shown_as_a_summary_sentence_is_not_repeated_below() -> None:
    summary = _summary(["“Quoted words,” said Ann.", "Two."], [("Quoted words", "Ann", None)])
    [text] = _check(render(summary, Source(), lang="en"))
    assert text.count("Quoted words") == 1 and "Quotes" not in text
    [text] = _check(render(summary, Source(), lang="en", view=View.QUOTES))
    assert "“Quoted words” — Ann" in text  # the Quotes view shows every quote


def test_sections_can_be_turned_off() -> None:
    summary = _summary(["One.", "Two."], [("Quoted words", "Ann", None)], [("5", "5 cats.")])
    summary = dataclasses.replace(
        summary, quotes=tuple(dataclasses.replace(q, sentence_index=7) for q in summary.quotes)
    )
    [full] = render(summary, Source(), lang="en")
    [bare] = render(
        summary, Source(), lang="en", sections=Sections(quotes=False, facts=False, footer=False)
    )
    assert "Quotes" in full and "Facts" in full and "words →" in full
    assert "Quotes" not in bare and "Facts" not in bare and "words →" not in bare


def test_quotes_and_facts_views_show_all_or_say_there_are_none() -> None:
    quotes = [(f"Quote {i}", f"Speaker {i}", "role") for i in range(6)]
    facts = [(str(i), f"{i} cats sat.") for i in range(7)]
    summary = _summary(["One."], quotes, facts)
    summary = dataclasses.replace(
        summary,
        facts=tuple(dataclasses.replace(f, sentence_index=i) for i, f in enumerate(summary.facts)),
    )
    [text] = _check(render(summary, Source(), lang="en", view=View.QUOTES))
    assert all(f"“Quote {i}” — Speaker {i}, role" in text for i in range(6))
    [text] = _check(render(summary, Source(), lang="en", view=View.FACTS))
    assert all(f"{i} cats sat." in text for i in range(7))
    empty = _summary(["One."])
    assert "No direct quotes" in _check(render(empty, Source(), lang="en", view=View.QUOTES))[0]
    assert "Нет" not in _check(render(empty, Source(), lang="ru", view=View.FACTS))[0]


def test_error_reply_names_the_link() -> None:
    message = render_error(html.escape("Blocked <site>."), Source(url="https://e.com/a&b"))
    text, entities = parse_html(message)
    assert text == "e.com/a&b\nBlocked <site>."
    assert entities[0]["type"] == "text_link"


# --- property: any Summary renders into valid messages within the limit -------------------------

_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=600,
)
_long_text = st.one_of(_text, st.builds(lambda t, n: t * n, _text, st.integers(1, 40)))


@st.composite
def summaries(draw: st.DrawFn) -> tuple[Summary, Source]:
    sentences = draw(st.lists(_long_text, min_size=1, max_size=25))
    quotes = draw(st.lists(st.tuples(_text, st.none() | _text, st.none() | _text), max_size=8))
    facts = draw(st.lists(st.tuples(_text, _long_text), max_size=8))
    summary = _summary(
        sentences,
        quotes,
        facts,
        title=draw(st.none() | _long_text),
        words_in=draw(st.integers(0, 10**6)),
    )
    source = Source(
        url=draw(st.none() | st.just('https://e.com/a?b=<c>&d="e"')),
        title=draw(st.none() | _text),
        site=draw(st.none() | _text),
        date=draw(st.none() | _text | st.just("2026-02-30") | st.just("2026-11-24T10:00:00Z")),
        partial=draw(st.booleans()),
    )
    return summary, source


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(summaries(), st.sampled_from(list(View)), st.sampled_from(["en", "ru"]))
def test_any_summary_renders_into_valid_messages(
    case: tuple[Summary, Source], view: View, lang: str
) -> None:
    summary, source = case
    messages = render(summary, source, lang=lang, view=view)
    assert messages
    for message in messages:
        text, _ = parse_html(message)  # raises on anything Telegram would refuse
        assert 0 < utf16_len(text) <= MESSAGE_LIMIT


def test_a_digest_keeps_each_story_whole_and_names_its_sources() -> None:
    lines = [
        DigestLine(
            f"Story {i} <with> & marks",
            f"https://news.example/{i}?a=1&b=2",
            (f"The first sentence of story {i} says what happened. " * 3,),
            ("Courier", "Gazette & Times") if i % 2 else ("Courier",),
        )
        for i in range(40)
    ]
    messages = render_digest(lines, lang="en", day=dt.date(2026, 11, 24), more=7)
    assert len(messages) > 1
    texts = _check(messages)
    assert texts[0].startswith("Your news · 24 Nov 2026\n\n1. Story 0 <with> & marks\n")
    for i in range(40):
        assert sum(f"{i + 1}. Story {i} <with>" in text for text in texts) == 1
    assert "Courier · also in Gazette & Times" in texts[0]
    assert texts[-1].endswith("…and 7 more stories from your feeds.")
    for limit in range(400, 1500, 7):  # wherever the messages break, the count ends the last
        *_, last = render_digest(  # story's message, never one of its own
            lines[:3], lang="en", day=dt.date(2026, 11, 24), more=3, limit=limit
        )
        assert last.endswith("<i>…and 3 more stories from your feeds.</i>")
        assert "3. <b>" in last or "Story 2" in last, limit
    [ru] = render_digest(lines[:2], lang="ru", day=dt.date(2026, 11, 24))
    assert "Ваши новости · 24 ноября 2026" in ru and "также: Gazette &amp; Times" in ru


def test_the_quotes_view_shows_every_quote_across_messages() -> None:
    quote = "A long and complete statement about the budget and what it means for us all " * 4
    summary = dataclasses.replace(
        _summary(["One sentence."]),
        all_quotes=tuple(
            Quote(f"{n}: {quote}", f"Speaker {n % 5}", "a minister", n, 0, 10) for n in range(60)
        ),
    )
    messages = render(summary, Source(), lang="en", view=View.QUOTES)
    texts = _check(messages)  # each message parses and fits in 4,096 characters
    assert len(messages) > 1
    joined = "\n".join(texts)
    assert all(f"“{n}: " in joined for n in range(60))  # not the first 8: every quote


def test_a_speakers_role_is_shown_once() -> None:
    summary = dataclasses.replace(
        _summary(["One sentence."]),
        all_quotes=(
            Quote("We will win the vote.", "Ann Lee", "the mayor", 0, 0, 5),
            Quote("And we will win it soon.", "Ann Lee", "the mayor", 0, 10, 15),
        ),
    )
    [text] = _check(render(summary, Source(), lang="en", view=View.QUOTES))
    assert text.count("the mayor") == 1


def test_a_described_speaker_reads_once_and_plain() -> None:
    summary = _summary(["One."])
    quote = Quote("We never saw him again.", "a friend of the family", None, 0, 0, 23, True)
    named = Quote("He was a fine man.", "Anna Berg", "his sister", 0, 30, 48)
    summary = dataclasses.replace(summary, quotes=(quote, named))
    [message] = render(summary, Source(), lang="en", view=View.QUOTES)
    [text] = _check([message])
    assert "“We never saw him again.” — a friend of the family\n" in text + "\n"
    assert "a friend of the family (" not in text and "family, a friend" not in text
    assert "<b>a friend of the family</b>" not in message
    assert "<b>Anna Berg</b>, his sister" in message
