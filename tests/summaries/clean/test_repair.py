"""Tests for steps 1 and 2 of the clean stage: mojibake, whitespace, page source (HTML)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summaries.clean import clean_text, repair_mojibake
from tests.summaries.clean.conftest import PROSE, reasons, squash

# --- mojibake ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mangled", "fixed"),
    [
        ("‚Ķ", "…"),  # doubly mangled: Mac Roman, then Latin-1 read as UTF-8; ftfy misses it
        ("‚Ä¶", "…"),
        ("‚Äú", "“"),
        ("‚Äù", "”"),
        ("‚Äô", "’"),
        ("‚Äò", "‘"),
        ("‚Äì", "–"),
        ("‚Äî", "—"),
        ("‚Äû", "„"),
        ("‚Ä¢", "•"),
        ("‚Ģ", "•"),  # doubly mangled
        ("‚Ç¨", "€"),
        ("‚Ǩ", "€"),  # doubly mangled
        ("‚Ñ¢", "™"),
        ("¬´", "«"),
        ("¬ª", "»"),
        ("¬£", "£"),
        ("¬∞", "°"),
        ("¬©", "©"),
        ("√©", "é"),
        ("√º", "ü"),
    ],
)
@pytest.mark.parametrize(
    "context", ["The mayor said {} it was fine.", "Мэр сказал {} что всё в порядке."]
)
def test_mac_roman_mojibake_is_repaired_in_english_and_russian_context(
    mangled: str, fixed: str, context: str
) -> None:
    assert repair_mojibake(context.format(mangled)) == context.format(fixed)


def test_mac_roman_no_break_space_becomes_a_plain_space() -> None:
    assert repair_mojibake("12¬†March") == "12\u00a0March"
    assert clean_text("It rained on 12¬†March in the city.").paragraphs == (
        "It rained on 12 March in the city.",
    )


def test_cyrillic_read_as_mac_roman_is_repaired() -> None:
    mangled = "–ü—Ä–∏–≤–µ—Ç, –º–∏—Ä. –≠—Ç–æ —Ç–µ—Å—Ç."
    assert repair_mojibake(mangled) == "Привет, мир. Это тест."


def test_dashes_before_accented_letters_are_not_decoded_without_cyrillic_evidence() -> None:
    # "—É" is also "у" read as Mac Roman; in Spanish dialogue it is a dash and a capital É.
    spanish = "—Él no vino —dijo ella—. —Éramos tres."
    assert repair_mojibake(spanish) == spanish
    french = "«Ça va», a-t-il dit. √2 est irrationnel."
    assert repair_mojibake(french) == french


def test_windows_1252_mojibake_is_left_to_ftfy() -> None:
    assert repair_mojibake("itâ€™s â€œfineâ€\x9d") == "it’s “fine”"


def test_curly_quotes_are_kept() -> None:
    text = "“It’s done,” she said. ‘Fine’ — «Да»."
    assert clean_text(text).paragraphs == (text,)


# --- whitespace -------------------------------------------------------------------------------


def test_unicode_spaces_become_one_plain_space() -> None:
    raw = "The\u00a0city\u2009council\u3000met\t\ton  Monday\u202fnight."
    assert clean_text(raw).paragraphs == ("The city council met on Monday night.",)


def test_zero_width_characters_and_soft_hyphens_are_removed() -> None:
    raw = "\ufeffThe coun\u00adcil\u200b met\u200d on Mon\u200eday\u2060."
    assert clean_text(raw).paragraphs == ("The council met on Monday.",)


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n\r\n", "\u2028", "\u2029", "\x0b", "\x0c"])
def test_every_line_break_form_is_a_line_break(newline: str) -> None:
    raw = f"The first sentence is here.{newline}The second sentence is here."
    doc = clean_text(raw)
    assert doc.paragraphs == ("The first sentence is here.", "The second sentence is here.")


def test_a_c1_next_line_is_read_as_windows_1252_ellipsis() -> None:
    assert clean_text("Wait\x85 what happened next?").paragraphs == ("Wait… what happened next?",)


# --- page source (HTML) -----------------------------------------------------------------------

PAGE_SOURCE = """<!DOCTYPE html>
<html>
<head><title>Council approves budget</title>
<meta charset="utf-8"><link rel="stylesheet" href="/main.css">
<script type="text/javascript">window.dataLayer = window.dataLayer || [];
function gtag(){dataLayer.push(arguments);} gtag('js', new Date());</script>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle"}
</script>
<style>body { font-family: Arial; } .x { color: red; }</style>
</head>
<body>
<!-- header: begin -->
<h1>Council approves budget</h1>
<p>The city council approved the 2025 budget on Monday after a four-hour
debate in the <a href="/town-hall">town hall</a>.</p>
<p>The plan raises spending on buses by 12% and freezes council tax for another year.<br>
Fares stay the same.</p>
<noscript>Please enable JavaScript to view the comments.</noscript>
<p>"This is a budget for working families," said Mayor Jane Doe.</p>
</body>
</html>
"""


def test_a_page_source_is_read_as_a_browser_shows_it() -> None:
    doc = clean_text(PAGE_SOURCE)
    assert doc.title == "Council approves budget"
    assert doc.paragraphs == (
        "The city council approved the 2025 budget on Monday after a four-hour debate in the "
        "town hall.",
        "The plan raises spending on buses by 12% and freezes council tax for another year.",
        "Fares stay the same.",
        '"This is a budget for working families," said Mayor Jane Doe.',
    )
    dropped = reasons(doc)
    assert [reason for reason, _ in dropped] == ["markup"] * 6 + ["title"]
    blocks = [text for _, text in dropped[:5]]
    assert blocks[0].startswith('<script type="text/javascript">window.dataLayer')
    assert blocks[1].startswith('<script type="application/ld+json">')
    assert blocks[2].startswith("<style>body { font-family")
    assert blocks[3] == "<!-- header: begin -->"
    assert blocks[4].startswith("<noscript>Please enable JavaScript")
    assert dropped[5][1].startswith("<!DOCTYPE html> <html> <head> <title> </title> <meta")
    assert dropped[6] == ("title", "Council approves budget")  # the <h1> copy of <title>


def test_nothing_in_a_page_source_is_lost_silently() -> None:
    doc = clean_text(PAGE_SOURCE)
    pieces = [doc.title or "", *doc.paragraphs, *(line.text for line in doc.removed)]
    assert sorted(squash("".join(pieces))) == sorted(squash(PAGE_SOURCE))


def test_entities_in_a_page_source_are_decoded_once() -> None:
    raw = (
        "<div><p>Profits rose 5% at Marks &amp; Spencer&nbsp;on Tuesday.</p>"
        "<p>The tag &lt;p&gt; is not markup here, and &amp;amp; stays &amp;amp; once.</p></div>"
    )
    assert clean_text(raw).paragraphs == (
        "Profits rose 5% at Marks & Spencer on Tuesday.",
        "The tag <p> is not markup here, and &amp; stays &amp; once.",
    )


def test_an_unclosed_script_runs_to_the_end_and_leftover_code_is_markup() -> None:
    raw = (
        "<p>The council met on Tuesday.</p><p>It approved the plan.</p>\n"
        "<div>if (window.x) { track(); }</div>\n<script>var tail = 1;"
    )
    doc = clean_text(raw)
    assert doc.paragraphs == ("The council met on Tuesday.", "It approved the plan.")
    assert reasons(doc) == [
        ("markup", "<script>var tail = 1;"),
        ("markup", "<p> </p> <p> </p> <div> </div>"),
        ("markup", "if (window.x) { track(); }"),
    ]


def test_a_page_source_without_paragraph_tags_keeps_its_lines() -> None:
    raw = (
        'The council met on <a href="/t">Tuesday</a>.\n'
        'It approved the <a href="/p">plan</a> by nine votes.\n'
        "The <b>vote</b> was <i>close</i>."
    )
    assert clean_text(raw).paragraphs == (
        "The council met on Tuesday.",
        "It approved the plan by nine votes.",
        "The vote was close.",
    )


@pytest.mark.parametrize(
    "text",
    [
        "Inflation < 2% is the target, the bank said. Rates > 5% would hurt.",
        "The result was a < b and b > c, the professor said.",
        "He wrote <3 to her. She wrote back: <b>bold</b> is how you write it.",
        "Web pages use tags such as <p>, <div>, <span> and <a> to mark up text.",
        "x<y and y>z, the formula says; <br> breaks a line in HTML.",
    ],
)
def test_text_with_angle_brackets_is_not_a_page_source(text: str) -> None:
    doc = clean_text(PROSE + text)
    assert doc.paragraphs[-1] == text
    assert doc.removed == ()


def test_a_page_source_of_only_scripts_gives_no_paragraphs() -> None:
    doc = clean_text("<html><head><script>var a = 1;</script></head><body></body></html>")
    assert doc.paragraphs == ()
    assert {line.reason for line in doc.removed} == {"markup"}


@pytest.mark.parametrize(
    "raw",
    [
        "<p>a</p><p>b</p>" + "<script " * 40_000,
        "<p>a</p><p>b</p>" + "<p " * 100_000,
        "<p>a</p><p>b</p>" + "<!--" * 50_000,
        ("<p>The council met on <b>Tuesday</b> &amp; voted.</p>\n<script>var x = 1;</script>\n")
        * 4_000,
        "a < b " * 50_000,
    ],
    ids=["unclosed-scripts", "unclosed-tags", "unclosed-comments", "page", "angle-brackets"],
)
def test_large_page_sources_are_cleaned(raw: str) -> None:
    # How long they take is measured by `newsbrief eval speed`, not asserted here (50-100 ms
    # for these 300 KB inputs, far more on a loaded machine).
    doc = clean_text(raw)
    assert doc.paragraphs[0].split()[0] in {"a", "The"}  # the text before the markup is kept


# --- the ftfy shortcut ------------------------------------------------------------------------


@given(st.text(alphabet=st.sampled_from([*"\n\t", *map(chr, range(0x20, 0x7F))]), max_size=400))
def test_skipping_ftfy_on_plain_ascii_changes_nothing(text: str) -> None:
    """repair_mojibake skips ftfy on printable ASCII without "&": ftfy would not change it."""
    import ftfy

    from summaries.clean.repair import _NOTHING_FOR_FTFY

    if _NOTHING_FOR_FTFY.match(text):
        assert ftfy.fix_text(text, uncurl_quotes=False) == text
