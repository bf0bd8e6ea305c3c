"""Tests for step 4 of the clean stage: boilerplate in English and Russian, unpunctuated lines."""

from __future__ import annotations

import pytest

from summaries.clean import clean_text
from summaries.clean.boilerplate import _AGENCY_NEAR_END, _CREDIT_TAIL, TAIL_HINT_REACH
from tests.summaries.clean.conftest import PROSE, reasons, removed_reason

# --- boilerplate: English ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        # captions and credits
        ("Protesters gather outside parliament in Kyiv. Picture supplied via REUTERS", "caption"),
        (
            "A view shows the damaged building in Kharkiv, May 5, 2024. REUTERS/Vyacheslav Ivanov",
            "caption",
        ),
        ("Firefighters at the scene on Sunday (Photo: Getty Images)", "caption"),
        ("(Photo: Getty Images)", "caption"),
        ("Getty Images", "credit"),
        ("AFP/Getty", "credit"),
        ("AFP via Getty Images", "credit"),
        ("Reuters", "credit"),
        ("Volunteers fill sandbags. Photograph: Christopher Furlong/The Guardian", "caption"),
        ("Image caption, Water reached the first floor of shops", "caption"),
        ("Image source, Getty Images", "caption"),
        ("Media caption, Residents describe the flood", "caption"),
        ("THIS IMAGE WAS PROVIDED BY A THIRD PARTY", "caption"),
        ("Pictured: the couple on their wedding day.", "caption"),
        ("© 2024 Reuters. All rights reserved.", "credit"),
        ("Copyright 2024 The Associated Press.", "credit"),
        ("(Reporting by Jane Doe; Editing by John Smith)", "credit"),
        # players
        ("Use Chrome Browser for a more accessible video player", "player"),
        ("Media playback is unsupported on your device", "player"),
        ("Media playback is not supported on this device", "player"),
        ("Watch: The moment the bridge collapsed", "player"),
        ("VIDEO: Rescuers reach the trapped miners", "player"),
        ("Scroll down for video.", "player"),
        ("Video Ad Feedback", "player"),
        ("Duration 2:34", "player"),
        # calls to action, cookies
        ("Subscribe to our Morning Briefing newsletter", "cta"),
        ("Sign up for First Edition, our free daily newsletter", "cta"),
        ("Leave a Comment", "cta"),
        ("Share this article", "cta"),
        ("Follow us on Twitter and Facebook", "cta"),
        ("Click here to read the full report", "cta"),
        ("Get the best stories delivered to your inbox every morning.", "cta"),
        ("Sorry we are not currently accepting comments on this article.", "cta"),
        ("We use cookies to improve your experience on our site.", "cookie"),
        ("Accept all cookies", "cookie"),
        ("This website uses cookies to personalise content and ads.", "cookie"),
        # related lists, headings, links, bylines, timestamps, share rows, ads
        ("Read more: Why the Fed raised rates again", "related"),
        ("READ MORE: Council approves free bus travel", "related"),
        ("More on this story", "related"),
        ("Most read", "related"),
        ("Related Topics", "related"),
        ("Economic Outlook For The Region", "heading"),
        ("https://www.example.com/news/article-123", "link"),
        ("www.example.com", "link"),
        ("Advertisement", "ad"),
        ("Story continues below advertisement", "ad"),
        ("By Jane Doe, Reuters", "byline"),
        ("By JANE DOE and JOHN SMITH", "byline"),
        ("By Oliver Grant, Science reporter", "byline"),
        ("Published 3 hours ago", "timestamp"),
        ("Updated 12:30 GMT, 12 March 2024", "timestamp"),
        ("Tue 5 Mar 2024 10.34 GMT", "timestamp"),
        ("5 min read", "timestamp"),
        ("Facebook Twitter Email", "share"),
        ("Share", "share"),
        ("* * *", "separator"),
        ("Skip to main content", "nav"),
    ],
)
def test_english_boilerplate_is_dropped_with_its_reason(line: str, reason: str) -> None:
    assert removed_reason(line) == reason


@pytest.mark.parametrize(
    "sentence",
    [
        "Reuters reported that the talks had stalled.",
        "A spokesman told Reuters the plan would be reviewed after a year.",
        "RIVERTON, March 12 (Reuters) - The city council voted to make buses free.",
        "The photograph was taken by a Getty Images photographer in 2019.",
        "Shares in Getty Images rose 4% after the announcement.",
        "AFP said its reporter had been detained for several hours.",
        "Google said it would phase out third-party cookies by the end of the year.",
        "By the end of the week, the fire had spread to three more villages.",
        "Subscribers to the service will pay 10% more from April, the company said.",
        "Watching the match, he said, was like watching a storm roll in.",
        "The video, which was shared widely, shows the moment the bridge fell.",
        "Related charges were dropped, the prosecutor said.",
        "More than 200 people attended the meeting.",
        "Most of the residents had already left.",
        '"Read more books," she told the students.',
        "“We will rebuild,” said Maria Lopez, the city’s transport chief.",
        "Ivanov said: “Every dollar counts.”",
        "He signed the deal on Monday via video link.",
        "Photo-finish decides the race in the final metres.",
        "Live-fire exercises were held near the border.",
        "Audio-visual equipment was stolen from the school.",
        "Image, reputation and trust matter, he said.",
        "Residents can sign up for free flu jabs at their GP.",
        '"People can sign up at our offices," she said.',
        "Copyright infringement claims rose 5% last year.",
        'More "radical" measures are needed, the report said.',
        "Comments made by the minister were criticised.",
    ],
)
def test_article_sentences_stay(sentence: str) -> None:
    assert removed_reason(sentence) is None


# --- boilerplate: Russian ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Фото: Иван Петров / ТАСС", "caption"),
        ("Пассажиры на платформе станции. Фото: пресс-служба мэрии", "caption"),
        ("На снимке: новая станция метро", "caption"),
        ("© РИА Новости", "credit"),
        ("Видео: Как выглядят новые станции метро", "player"),
        ("Ваш браузер не поддерживает видео", "player"),
        ("Смотрите видео", "player"),
        ("Подписывайтесь на наш Telegram-канал, чтобы первыми узнавать новости.", "cta"),
        ("Подпишитесь на нашу рассылку", "cta"),
        ("Нашли ошибку? Выделите её и нажмите Ctrl+Enter", "cta"),
        ("Мы используем файлы cookie, чтобы сайт работал лучше.", "cookie"),
        ("Этот сайт использует cookie.", "cookie"),
        ("Читайте также:", "related"),
        ("Читайте также: В городе подорожает проезд", "related"),
        ("Подробнее", "related"),
        ("Подробнее — в материале «Как изменится транспорт»", "related"),
        ("Новости по теме", "related"),
        ("Реклама", "ad"),
        ("Автор: Анна Смирнова", "byline"),
        ("12 марта 2024, 14:35", "timestamp"),
        ("Обновлено 4 апреля 2024, 09:10", "timestamp"),
        ("ВКонтакте Одноклассники Telegram", "share"),
        ("Поделиться", "share"),
        ("Новости региона", "heading"),
    ],
)
def test_russian_boilerplate_is_dropped_with_its_reason(line: str, reason: str) -> None:
    assert removed_reason(line) == reason


@pytest.mark.parametrize(
    "sentence",
    [
        "Подробнее об этом рассказал министр транспорта.",
        "По данным ТАСС, переговоры продолжатся в среду.",
        "«Мы ждали этого пятнадцать лет», — сказал Дмитрий Волков, глава департамента.",
        "Губернатор заявил: «Это не последний участок».",
        "Фотографии с места событий опубликовали очевидцы.",
        "Читатели газеты собрали восемь тысяч подписей.",
    ],
)
def test_russian_article_sentences_stay(sentence: str) -> None:
    assert removed_reason(sentence) is None


# --- unpunctuated lines -----------------------------------------------------------------------


def test_a_glued_caption_without_a_full_stop_is_dropped_in_prose() -> None:
    caption = "Police search the scene at the bottom of the cliff where his body was discovered"
    assert removed_reason(caption) == "caption"


def test_a_paragraph_whose_last_sentence_lost_its_stop_is_kept() -> None:
    line = "The pair traded breaks early on. The match lasted four hours and twenty minutes"
    assert removed_reason(line) is None


def test_a_fragment_cut_by_a_removed_link_is_kept() -> None:
    assert removed_reason("qualified fastest in the heats to set up a final against") is None
    assert removed_reason("Steven Gerrard's late strike secured qualification for") is None


def test_bullet_list_items_without_stops_are_kept() -> None:
    assert removed_reason("• Fares for pensioners fall to zero from July") is None
    assert removed_reason("- 41,000 residents aged 65 and over will benefit") is None


def test_unpunctuated_lines_are_kept_when_the_whole_text_is_unpunctuated() -> None:
    raw = "A chat log with no stops at all\nsecond line also without any\nthird one too\nfourth"
    doc = clean_text(raw, title="Chat")
    assert doc.paragraphs == tuple(raw.split("\n"))
    assert doc.removed == ()


def test_a_read_more_list_is_dropped_up_to_the_next_sentence() -> None:
    raw = (
        PROSE + "Read more:\nTransit agency warns of deficit\nWhy older voters decide elections\n"
        "Is the city ready for the heatwave?\nThe council will vote again in June."
    )
    doc = clean_text(raw)
    assert [line.reason for line in doc.removed] == ["related"] * 4
    assert doc.paragraphs[-1] == "The council will vote again in June."


@pytest.mark.parametrize(
    "paragraph",
    [
        "Mayor Jane Doe said: “We will rebuild the bridge by next spring, whatever it costs.”",
        "“Will we rebuild the bridge by next spring?” asked Mayor Jane Doe at the meeting.”",
        "Mayor Jane Doe asked: “Who will pay for the bridge we need by next spring?”",
        "Le maire a déclaré : « Nous reconstruirons le pont au printemps prochain ! »",
        "The bridge will be rebuilt by next spring (the mayor promised as much in March.)",
        "The bridge will be rebuilt by next spring, the mayor said on Monday.[2]",
    ],
)
def test_a_read_more_list_ends_at_a_paragraph_closed_by_a_quote_or_bracket(
    paragraph: str,
) -> None:
    raw = PROSE + "Read more\nWhy bus fares are rising across the country\n" + paragraph
    doc = clean_text(raw + "\nThe vote is expected to take place next month.")
    assert paragraph in doc.paragraphs
    assert reasons(doc) == [
        ("related", "Read more"),
        ("related", "Why bus fares are rising across the country"),
    ]


def test_a_question_headline_in_a_read_more_list_is_still_related() -> None:
    raw = PROSE + "Read more\nIs the city ready for the heatwave?\nWhat the vote means for you!"
    doc = clean_text(raw + "\nThe council will vote again in June.")
    assert [line.reason for line in doc.removed] == ["related"] * 3


def test_the_credit_pre_filter_never_skips_a_credit_and_filters_ordinary_lines() -> None:
    credits = [
        "Jane Doe/AP",
        "Photo by Jane Doe/AFP via Getty Images",
        "Firefighters at the scene (Getty Images)",
        "A protester in Kyiv. REUTERS/Gleb Garanich",
        "Supporters gather outside the court | PA Media",
        "Residents clear debris - Anadolu Agency",
        "The ruins of the station: Bloomberg",
        "Жители у моста / ТАСС",
        # the farthest an agency can be from the end: a long line, the longest agency name, then
        # " / " and the longest photographer's name the pattern allows
        "Protesters march on the capital " * 6 + "| Getty Images/ iStockphoto / " + "J" * 61,
    ]
    for line in credits:
        assert _CREDIT_TAIL.search(line), line
        assert _AGENCY_NEAR_END.search(line[-TAIL_HINT_REACH:]), line
    for line in [
        "Residents were happy with the new map of the bus routes",
        "Parents paid for the party at the park",
        "The press office had no comment on the apology",
    ]:
        assert _AGENCY_NEAR_END.search(line[-TAIL_HINT_REACH:]) is None, line
