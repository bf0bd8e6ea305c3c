"""Clustering, ranking and selection for the daily digest (summaries/feeds/digest.py).

The labelled days live in tests/fixtures/digest/ (invented items; see the README there).
"""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summaries.feeds import digest
from summaries.feeds.digest import (
    FRESHNESS_UNDATED,
    ClusterScores,
    DigestItem,
    Story,
    cluster,
    freshness,
    rank,
    score_clustering,
    select,
)
from summaries.language import SUPPORTED, profile

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "digest"
NOW = datetime(2025, 6, 12, 20, 0, tzinfo=UTC)


def item(
    key: str,
    title: str | None,
    text: str | None = "",
    *,
    source: str = "Wire Report",
    url: str | None = None,
    hours_ago: float | None = 2.0,
    language: str | None = "en",
) -> DigestItem:
    published = None if hours_ago is None else NOW - timedelta(hours=hours_ago)
    return DigestItem(
        key=key,
        title=title,
        text=text,
        url=url,
        source=source,
        published=published,
        language=language,
    )


def keys(stories: list[Story]) -> set[frozenset[str]]:
    return {frozenset(entry.key for entry in story.items) for story in stories}


@cache
def labelled_day(name: str) -> tuple[tuple[DigestItem, ...], dict[str, str], datetime]:
    document = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    items, labels = [], {}
    for row in document["items"]:
        labels[row["key"]] = row["story"]
        published = row["published"]
        items.append(
            DigestItem(
                key=row["key"],
                title=row["title"],
                text=row["text"],
                url=row["url"],
                source=row["source"],
                published=datetime.fromisoformat(published) if published else None,
                language=row["language"],
            )
        )
    return tuple(items), labels, datetime.fromisoformat(document["now"])


# --- Three outlets, one event -----------------------------------------------------------------

QUAKE = [
    item(
        "url:https://wire.example/quake",
        "Magnitude 6.1 earthquake strikes off Kessel Islands",
        "A magnitude 6.1 earthquake struck off the coast of the Kessel Islands early on "
        "Thursday, damaging buildings in the port town of Arden and injuring 12 people. No "
        "tsunami warning was issued.",
        source="Wire Report",
        hours_ago=15,
    ),
    item(
        "url:https://courier.example/arden",
        "Twelve hurt as quake damages harbour town of Arden",
        "Twelve people were injured and several old buildings collapsed in Arden after a "
        "strong earthquake hit the Kessel Islands before dawn. The 6.1-magnitude tremor was "
        "centred at sea.",
        source="The Courier",
        hours_ago=14,
    ),
    item(
        "url:https://ledger.example/tsunami",
        "No tsunami after strong earthquake off Kessel Islands",
        "Officials ruled out a tsunami after a 6.1 earthquake off the Kessel Islands on "
        "Thursday morning. Twelve people were hurt in Arden.",
        source="Daily Ledger",
        hours_ago=16,
    ),
]


def test_three_outlets_reporting_one_event_are_one_story() -> None:
    stories = cluster(QUAKE)
    assert len(stories) == 1
    story = stories[0]
    assert set(story.sources) == {"Wire Report", "The Courier", "Daily Ledger"}
    assert len(story.sources) == 3
    assert story.published == NOW - timedelta(hours=16)  # the earliest report
    assert story.key == story.items[0].key
    assert story.title == story.items[0].title
    assert story.language == "en"


def test_representative_is_informative_then_earliest() -> None:
    headline_only = item(
        "url:https://metronow.example/quake-live",
        "Kessel Islands earthquake: 12 hurt in Arden",
        "",
        source="Metro Now",
        hours_ago=17,
    )
    story = Story.from_items([*QUAKE, headline_only])
    # The bare headline came first but says least; among full reports the earliest leads.
    assert story.items[0].source == "Daily Ledger"
    assert story.items[-1] is headline_only
    assert story.sources == ("Daily Ledger", "Wire Report", "The Courier", "Metro Now")
    assert story.published == NOW - timedelta(hours=17)
    with pytest.raises(ValueError):
        Story.from_items([])


def test_title_falls_back_to_another_item() -> None:
    untitled = item("k1", None, "Twelve people were hurt in Arden after the Kessel earthquake.")
    titled = item("k2", "Quake hurts 12", "")
    story = Story.from_items([untitled, titled])
    assert story.items[0] is untitled  # more to say
    assert story.title == "Quake hurts 12"


# --- Things that must stay apart -------------------------------------------------------------


def test_hard_negatives_about_the_same_people_and_places_stay_apart() -> None:
    trial = item(
        "url:https://courier.example/marsh-trial",
        "Senator Marsh tells court she knew nothing of aide's invoices",
        "Senator Helen Marsh told Northfield Crown Court on Thursday that she had never seen "
        "the invoices her former aide Gregory Vane is accused of faking.",
    )
    poll = item(
        "url:https://courier.example/marsh-poll",
        "Marsh leads Senate primary by 8 points despite aide's trial",
        "Senator Helen Marsh holds an 8-point lead over challenger Colin Burke in the race for "
        "her party's Senate nomination, a new poll shows.",
    )
    metro = item(
        "url:https://stolkurier.example/metro",
        "В Москве открылась станция метро «Северный парк»",
        "На Большой кольцевой линии московского метро в четверг открылась станция «Северный "
        "парк». Ею будут пользоваться около 40 тысяч пассажиров в сутки.",
        language="ru",
    )
    parking = item(
        "url:https://stolkurier.example/parking",
        "В Москве с июля подорожает парковка в центре",
        "Мэрия Москвы с 1 июля повысит тарифы на платную парковку в пределах Садового кольца "
        "до 380 рублей в час.",
        language="ru",
    )
    assert len(cluster([trial, metro, parking])) == 3
    assert len(cluster([poll, metro, parking])) == 3
    # Known limit: alone, the senator's trial and her poll score about 0.3 (her name, "Senate"
    # and "Senator" share a stem) and merge at the default cut; on the fixture day they stay apart.
    items, labels, _ = labelled_day("day_items")
    trial_story = next(
        {labels[entry.key] for entry in story.items}
        for story in cluster(items)
        if any(entry.title == trial.title for entry in story.items)
    )
    assert len(trial_story) == 1


def test_languages_stay_apart() -> None:
    english = QUAKE[0]
    # The same words under another language label: similar as can be, still another audience.
    german = item(
        "url:https://other.example/quake",
        english.title,
        (english.text or "") + " More soon.",
        source="Andere Zeitung",
        language="de",
    )
    unknown = item(
        "url:https://third.example/quake",
        english.title,
        f"{english.text} Updated.",
        language=None,
    )
    stories = cluster([english, german, unknown])
    assert len(stories) == 3
    assert {story.language for story in stories} == {"en", "de", None}


def test_english_and_russian_reports_of_one_event_stay_apart() -> None:
    items, labels, _ = labelled_day("day_items")
    for story in cluster(items):
        assert len({entry.language for entry in story.items}) == 1
    rates = {labels[entry.key] for story in cluster(items) for entry in story.items}
    assert {"rates", "rates-ru"} <= rates


def test_region_subtags_are_one_language() -> None:
    british = QUAKE[0]
    american = replace(QUAKE[1], language="en-US")
    assert len(cluster([british, american])) == 1


# --- Always one story ------------------------------------------------------------------------


def test_same_normalised_url_is_one_story_whatever_the_text() -> None:
    first = item(
        "guid:1",
        "Bridge collapses",
        "Part of a footbridge fell into the river.",
        url="https://Herald.example/news/bridge?utm_source=rss",
        source="City Herald",
    )
    second = item(
        "guid:2",
        "Weather: sunny spells",
        "",
        url="https://herald.example:443/news/bridge",
        source="City Herald (all news)",
    )
    stories = cluster([first, second])
    assert len(stories) == 1
    assert stories[0].sources == ("City Herald", "City Herald (all news)")


def test_identical_content_and_same_key_are_one_story() -> None:
    text = "Rail workers will strike for 48 hours from 20 June over pay, the union said."
    wire = item("url:https://wire.example/a", "Rail strike called", text, source="Wire")
    copy = item("url:https://metro.example/b", "Rail  strike called", text, source="Metro")
    again = item("url:https://wire.example/a", "Completely other headline", "", source="Feed 2")
    stories = cluster([wire, copy, again])
    assert len(stories) == 1
    assert len(stories[0].items) == 3


def test_threshold_of_one_keeps_only_the_always_merged() -> None:
    assert len(cluster(QUAKE, threshold=1.0)) == 3
    assert len(cluster(QUAKE, threshold=0.0)) == 1


def test_reports_days_apart_are_not_merged() -> None:
    # The same reports three days on (another key, a line more): an aftershock, not this quake.
    later = [
        replace(
            entry,
            key=entry.key + "?later",
            text=f"{entry.text} Aftershocks continue.",
            published=NOW + timedelta(days=3),
        )
        for entry in QUAKE
    ]
    stories = cluster([*QUAKE, *later])
    assert keys(stories) == {frozenset(e.key for e in QUAKE), frozenset(e.key for e in later)}


def test_unsupported_language_falls_back_to_plain_words() -> None:
    first = item(
        "k1",
        "Trzęsienie ziemi o sile 6,1 u wybrzeży Wysp Kessel",
        "Trzęsienie ziemi o sile 6,1 uszkodziło budynki w Arden, rannych zostało 12 osób.",
        language="pl",
    )
    second = item(
        "k2",
        "Wyspy Kessel: trzęsienie ziemi, 12 rannych w Arden",
        "W Arden rannych zostało 12 osób po trzęsieniu ziemi o sile 6,1.",
        language="pl",
    )
    other = item(
        "k3", "Wybory w Krakowie", "Kandydaci na prezydenta Krakowa debatowali.", language="pl"
    )
    assert keys(cluster([first, second, other])) == {frozenset({"k1", "k2"}), frozenset({"k3"})}


def test_empty_input_and_empty_items() -> None:
    assert cluster([]) == []
    assert rank([], now=NOW) == []
    assert select([], 5) == []
    blank = [item("k1", None, None), item("k2", "", ""), item("k3", "   ", None)]
    assert len(cluster(blank)) == 3  # nothing said is not identical content


# --- Measured quality ------------------------------------------------------------------------


def test_a_name_the_long_stop_list_holds_still_joins_two_reports(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """ "Page" is a surname as well as an entry of the `stop-words` package's English list:
    comparing reports uses function words only, so the name counts."""
    day = [
        item("a", "Page resigns", hours_ago=None),
        item("b", "Page quits as party leader after heavy defeat", hours_ago=None),
        item("c", "Storm closes schools across the north coast", hours_ago=None),
        item("d", "Council approves new cycle lanes downtown", hours_ago=None),
    ]
    assert frozenset({"a", "b"}) in keys(cluster(day))
    assert digest._term("Page", "en") == "page"
    assert digest._term("the", "en") is None

    english = profile("en")
    long_list = digest._Lexicon(english.stem, english.stop_words | digest._NEWSROOM)
    monkeypatch.setattr(digest, "_lexicon", lambda _code: long_list)
    monkeypatch.setattr(digest, "_term", digest._term.__wrapped__)
    monkeypatch.setattr(digest, "_terms_of", digest._terms_of.__wrapped__)
    monkeypatch.setattr(digest, "_capitalised_terms", digest._capitalised_terms.__wrapped__)
    assert frozenset({"a", "b"}) not in keys(cluster(day))


def test_headlines_alone_are_put_on_the_scale_of_items_with_a_lead(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two headlines of one story share one word and little else: without the short-item factor
    their similarity stays under the cut; with it they are one story, and the factor leaves items
    with a lead alone."""
    headlines = [
        item("a", "Banana growers fear merger", hours_ago=None),
        item("b", "Fruit giants strike banana deal", hours_ago=None),
        item("c", "Storm closes schools across the north coast", hours_ago=None),
        item("d", "Council approves new cycle lanes downtown", hours_ago=None),
    ]
    assert frozenset({"a", "b"}) in keys(cluster(headlines))
    monkeypatch.setattr(digest, "SHORT_EXPONENT", 0.0)
    assert frozenset({"a", "b"}) not in keys(cluster(headlines))

    terms = [{f"w{n}": 1.0 for n in range(count)} for count in (3, 15, 40)]
    pairs = digest._Pairs(3, np.array([0, 0, 1]), np.array([1, 2, 2]), np.array([0.2, 0.2, 0.2]))
    monkeypatch.setattr(digest, "SHORT_EXPONENT", 0.25)
    factor = digest._shortness(terms, pairs)
    short = digest.SHORT_FLOOR  # 3 terms of 15: below the floor
    assert factor[0] == pytest.approx(short**-0.25)
    assert factor[2] == 1.0  # two items with a lead: unchanged
    capped = digest._Pairs(2, np.array([0]), np.array([1]), np.array([0.9]))
    assert digest._shortness([{"x": 1.0}, {"y": 1.0}], capped)[0] * 0.9 <= 1.0 + 1e-12


TWIN_ARRESTS = [
    # Two events of one kind (two players of one team arrested on one charge), three reports
    # each: close within each event, close enough across them for the cosine alone to merge.
    item(
        "a1",
        "Harbor City Hawks receiver Dale Mercer arrested on suspicion of drunk driving",
        "Harbor City Hawks wide receiver Dale Mercer was arrested early on suspicion of drunk "
        "driving, the highway patrol said. Mercer was stopped on the coast road and released on "
        "bail.",
        hours_ago=None,
    ),
    item(
        "a2",
        "Hawks' Mercer arrested on suspicion of drunk driving",
        "Dale Mercer, the Hawks wide receiver, was arrested on suspicion of drunk driving after "
        "the highway patrol stopped his car on the coast road. Mercer was released on bail.",
        hours_ago=None,
    ),
    item(
        "a3",
        "Hawks receiver Mercer held on drunk driving suspicion",
        "Police arrested Hawks wide receiver Dale Mercer on suspicion of drunk driving. The "
        "highway patrol said Mercer was released on bail hours later.",
        hours_ago=None,
    ),
    item(
        "b1",
        "Hawks tackle Omar Lindell arrested on suspicion of drunk driving",
        "Harbor City Hawks defensive tackle Omar Lindell was arrested on suspicion of drunk "
        "driving, the team said. Lindell was booked at the county jail and released.",
        hours_ago=None,
    ),
    item(
        "b2",
        "Hawks' Lindell faces drunk driving charge",
        "Omar Lindell, the Hawks defensive tackle, was arrested on suspicion of drunk driving and "
        "booked at the county jail. Lindell was released the same morning, the team said.",
        hours_ago=None,
    ),
    item(
        "b3",
        "Second Hawks player in a month arrested: tackle Lindell",
        "Hawks defensive tackle Omar Lindell was arrested on suspicion of drunk driving and "
        "booked at the county jail, the team said. Lindell was later released.",
        hours_ago=None,
    ),
    item(
        "c",
        "Storm closes schools across the north coast",
        "Heavy snow closed schools along the north coast on Tuesday.",
        hours_ago=None,
    ),
]


def test_tight_groups_need_a_closer_match(monkeypatch: pytest.MonkeyPatch) -> None:
    """Twin events stay apart: each item whose nearest other report is closer than
    TIGHT_NEIGHBOUR has its similarities divided by sqrt(nearest / TIGHT_NEIGHBOUR); without that
    step the two arrests merge at the default cut, and at the old one (0.28) too."""
    apart = {frozenset({"a1", "a2", "a3"}), frozenset({"b1", "b2", "b3"}), frozenset({"c"})}
    assert keys(cluster(TWIN_ARRESTS)) == apart
    monkeypatch.setattr(digest, "TIGHT_NEIGHBOUR", 1.0)  # no item is that tight: step off
    merged = frozenset({"a1", "a2", "a3", "b1", "b2", "b3"})
    assert merged in keys(cluster(TWIN_ARRESTS))
    assert merged in keys(cluster(TWIN_ARRESTS, threshold=0.28))


def test_tightness_factor() -> None:
    """Per item min(1, sqrt(TIGHT_NEIGHBOUR / nearest)), nearest taken outside the item's
    always-merged group; a pair's factor is the product of its two items'."""
    first = digest._Pairs(
        4, np.array([0, 0, 1, 2]), np.array([1, 2, 3, 3]), np.array([1.0, 0.9, 0.2, 0.3])
    )
    group_of = np.array([0, 0, 1, 2])  # items 0 and 1 are one always-merged group
    factor = digest._tightness(first, group_of, first)
    tight = np.sqrt(digest.TIGHT_NEIGHBOUR / 0.9)
    # 0's nearest outside its group is 2 (0.9), and so is 2's; 1 (0.2) and 3 (0.3) are loose.
    assert factor == pytest.approx([tight, tight * tight, 1.0, tight])


def test_names_of_bare_headlines_come_from_how_the_day_writes_them() -> None:
    """A capitalised word of a headline without a lead is a name when no item of the day writes
    it in lower case; items with a lead keep their terms (their lead's names count)."""
    day = [
        item("a", "Mt. Gox Files For Bankruptcy Protection", hours_ago=None),
        item("b", "Sbarro files for bankruptcy again", hours_ago=None),
        item("c", "Court Hears Gox Case", "The exchange files papers in Tokyo.", hours_ago=None),
    ]
    terms = [digest._item_terms(entry) for entry in day]
    named = digest._with_headline_names(day, list(terms))
    title, name = digest.TITLE_WEIGHT, digest.TITLE_WEIGHT * digest.NAME_WEIGHT
    gox, files, sbarro = (digest._term(word, "en") for word in ("Gox", "Files", "Sbarro"))
    assert gox is not None and files is not None and sbarro is not None
    assert named[0][gox] == name  # never written in lower case
    assert named[0][files] == title  # "files" in b
    assert named[1][sbarro] == name
    assert named[2] is terms[2]  # has a lead
    assert digest._with_headline_names(day[2:], [terms[2]]) == [terms[2]]


def test_fixture_day_scores_at_least_the_published_figures() -> None:
    """The figures in the module docstring (defaults): P 0.976, R 1.000, F1 0.988 (one wrong
    pair: two quarter-finals of one tennis tournament)."""
    items, labels, _ = labelled_day("day_items")
    assert len(items) >= 60
    scores = score_clustering(cluster(items), labels)
    assert scores.pair_precision >= 0.95
    assert scores.pair_recall >= 0.90
    assert scores.bcubed_f1 >= 0.98


@pytest.mark.parametrize("name", ["day_items", "heldout_items", "ru_day_items"])
def test_syndicated_copies_keep_a_day_together(name: str) -> None:
    """Feeds carry wire copies: the same text under other outlets' addresses and headlines. Two
    copies of each story's first report make that report's group tight (the tightness step):
    the other reports must still join it, and no story may swallow another."""
    items, labels, _ = labelled_day(name)
    by_story: dict[str, list[DigestItem]] = {}
    for entry in items:
        by_story.setdefault(labels[entry.key], []).append(entry)
    day, gold = list(items), dict(labels)
    for story, reports in by_story.items():
        if len(reports) < 2:
            continue
        first = reports[0]
        for number, suffix in enumerate((" - Wire", " | Regional")):
            key = f"{first.key}#copy{number}"
            day.append(
                replace(
                    first,
                    key=key,
                    url=f"{first.url or 'https://copy.example/'}?copy={number}",
                    source=f"Syndicate {number}",
                    title=f"{first.title or ''}{suffix}",
                )
            )
            gold[key] = story
    scores = score_clustering(cluster(day), gold)
    assert scores.pair_precision >= 0.95
    assert scores.pair_recall >= 0.95


def test_heldout_day_scores_at_least_the_published_figures() -> None:
    """Held-out day (module docstring, defaults): P 1.000, R 1.000."""
    items, labels, _ = labelled_day("heldout_items")
    scores = score_clustering(cluster(items), labels)
    assert scores.pair_precision >= 0.95
    assert scores.pair_recall >= 0.90
    assert scores.bcubed_f1 >= 0.97


def test_russian_day_scores_at_least_the_published_figures() -> None:
    """tests/fixtures/digest/ru_day_items.json, written after the first method was fixed: P 1.000,
    R 0.939 (R 1.000 at 0.28 before tight groups were scaled and the cut moved to 0.25: one
    report of the ex-deputy minister's arrest leaves the two that agree closely)."""
    items, labels, _ = labelled_day("ru_day_items")
    assert len(items) >= 40 and {entry.language for entry in items} == {"ru"}
    scores = score_clustering(cluster(items), labels)
    assert scores.pair_precision >= 0.95
    assert scores.pair_f1 >= 0.85


# Two reports of one event and one other story, in each summary language: stems and stop words
# come from the language's own lexicon ("Hochwasser"/"Hochwassers", "inondations"/"inondation").
REPORTS_BY_LANGUAGE = {
    "de": (
        (
            "Hochwasser in Passau: Altstadt evakuiert",
            "Nach tagelangem Regen hat das Hochwasser "
            "die Altstadt von Passau erreicht. 2.000 Bewohner wurden evakuiert.",
        ),
        (
            "Passau evakuiert 2.000 Menschen wegen Hochwassers",
            "Die Stadt Passau hat wegen des "
            "Hochwassers der Donau 2.000 Bewohner der Altstadt evakuiert.",
        ),
        (
            "Bundestag beschließt neues Heizungsgesetz",
            "Der Bundestag hat am Freitag das umstrittene Gebäudeenergiegesetz verabschiedet.",
        ),
    ),
    "fr": (
        (
            "Inondations à Nîmes : 300 habitants évacués",
            "Après des pluies torrentielles, 300 "
            "habitants de Nîmes ont été évacués à cause des inondations.",
        ),
        (
            "Nîmes : 300 personnes évacuées après l'inondation",
            "La préfecture du Gard a fait évacuer 300 habitants de Nîmes menacés par l'inondation.",
        ),
        (
            "Le Sénat adopte la réforme des retraites",
            "Les sénateurs ont voté la réforme des retraites dans la nuit de jeudi à vendredi.",
        ),
    ),
    "es": (
        (
            "Un incendio en Valencia obliga a desalojar 500 viviendas",
            "Los bomberos luchan "
            "contra un incendio forestal cerca de Valencia que obligó a desalojar 500 viviendas.",
        ),
        (
            "Desalojadas 500 viviendas por el incendio de Valencia",
            "El incendio forestal de "
            "Valencia ha obligado a desalojar 500 viviendas durante la noche.",
        ),
        (
            "El Real Madrid ficha a un delantero brasileño",
            "El club blanco ha cerrado el "
            "fichaje de un joven delantero brasileño por cinco temporadas.",
        ),
    ),
    "it": (
        (
            "Terremoto di magnitudo 4,8 a Perugia, nessun ferito",
            "Una scossa di terremoto di "
            "magnitudo 4,8 è stata avvertita a Perugia nella notte. Non ci sono feriti.",
        ),
        (
            "Scossa di magnitudo 4,8 nella notte a Perugia",
            "Il terremoto di magnitudo 4,8 ha "
            "svegliato Perugia: scuole chiuse per verifiche, nessun ferito.",
        ),
        (
            "La Juventus vince il derby contro il Torino",
            "La Juventus ha battuto il Torino per due a zero nel derby di sabato sera.",
        ),
    ),
    "pt": (
        (
            "Chuvas em Recife deixam 1.200 desalojados",
            "As fortes chuvas que atingem Recife "
            "deixaram 1.200 pessoas desalojadas, segundo a Defesa Civil.",
        ),
        (
            "Defesa Civil: 1.200 desalojados pelas chuvas no Recife",
            "A Defesa Civil informou "
            "que as chuvas no Recife deixaram 1.200 desalojados desde segunda.",
        ),
        (
            "Banco Central mantém a taxa Selic em 10,5%",
            "O Comitê de Política Monetária manteve a taxa básica de juros em 10,5% ao ano.",
        ),
    ),
    "en": (
        (
            "Flooding in York forces 400 to leave homes",
            "Heavy rain flooded parts of York "
            "overnight and 400 residents were moved out of their homes.",
        ),
        (
            "York floods: 400 residents evacuated",
            "About 400 residents of York were evacuated "
            "after the River Ouse flooded the city centre.",
        ),
        ("Parliament passes the housing bill", "MPs voted for the housing bill on Tuesday."),
    ),
    "ru": (
        (
            "Наводнение в Хабаровске: эвакуированы 600 человек",
            "Из-за паводка на Амуре в Хабаровске эвакуированы 600 жителей прибрежных районов.",
        ),
        (
            "В Хабаровске из-за паводка эвакуировали 600 жителей",
            "Уровень Амура у Хабаровска превысил опасную отметку, эвакуированы 600 человек.",
        ),
        (
            "Госдума приняла закон о маркировке лекарств",
            "Депутаты приняли закон во втором и третьем чтении.",
        ),
    ),
}


@pytest.mark.parametrize("language", sorted(REPORTS_BY_LANGUAGE))
def test_every_summary_language_groups_one_event(language: str) -> None:
    assert set(REPORTS_BY_LANGUAGE) == set(SUPPORTED)
    first, second, other = (
        item(f"url:https://{language}{n}.example/a", title, text, language=language)
        for n, (title, text) in enumerate(REPORTS_BY_LANGUAGE[language])
    )
    grouped = {
        frozenset(entry.key for entry in story.items) for story in cluster([first, second, other])
    }
    assert grouped == {frozenset({first.key, second.key}), frozenset({other.key})}


def test_score_clustering_on_a_small_example() -> None:
    a, b, c, d = (item(f"k{n}", f"title {n}") for n in range(4))
    labels = {"k0": "x", "k1": "x", "k2": "x", "k3": "y"}
    stories = [Story.from_items([a, b]), Story.from_items([c, d])]
    scores = score_clustering(stories, labels)
    # Pairs put together: (a, b) right, (c, d) wrong; pairs that belong: ab, ac, bc.
    assert scores.pair_precision == pytest.approx(1 / 2)
    assert scores.pair_recall == pytest.approx(1 / 3)
    assert scores.pair_f1 == pytest.approx(0.4)
    # B-cubed precision: a, b 1; c, d 1/2. Recall: a, b 2/3, c 1/3, d 1.
    assert scores.bcubed_precision == pytest.approx(3 / 4)
    assert scores.bcubed_recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4)
    perfect = score_clustering([Story.from_items([a, b, c]), Story.from_items([d])], labels)
    assert perfect == ClusterScores(1.0, 1.0, 1.0, 1.0, 1.0, 1.0)
    with pytest.raises(ValueError):
        score_clustering(stories, {"k0": "x"})


def test_similarity_matrix_matches_a_dense_product(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(3)
    vocabulary = [f"w{n}" for n in range(40)]
    documents = [
        {rng.choice(vocabulary): rng.choice([1.0, 2.0, 3.5]) for _ in range(rng.randrange(0, 12))}
        for _ in range(30)
    ]
    monkeypatch.setattr(digest, "PAIR_CHUNK", 7)  # many chunks
    vectors = digest._Vectors(documents)
    dense = np.zeros((vectors.size, int(vectors.columns.max()) + 1))
    dense[vectors.rows, vectors.columns] = vectors.weights
    expected = dense @ dense.T
    np.fill_diagonal(expected, 1.0)
    assert np.allclose(vectors.pairs().dense(), expected)
    assert np.allclose(vectors.centrality(), expected.sum(axis=1) - 1.0)


def _pairs(similarity: np.ndarray) -> digest._Pairs:
    left, right = np.triu_indices(similarity.shape[0], k=1)
    return digest._Pairs(similarity.shape[0], left, right, similarity[left, right])


def _naive_average_link(
    similarity: np.ndarray, groups: list[list[int]], threshold: float
) -> list[list[int]]:
    """Textbook UPGMA: merge the best pair of clusters while its average beats the threshold."""
    clusters = [list(group) for group in groups]
    while True:
        best: tuple[float, int, int] | None = None
        for i in range(len(clusters)):
            for j in range(i + 1, len(clusters)):
                value = float(similarity[np.ix_(clusters[i], clusters[j])].mean())
                if value > threshold and (best is None or value > best[0]):
                    best = (value, i, j)
        if best is None:
            return sorted(sorted(found) for found in clusters)
        _, i, j = best
        clusters[i] += clusters.pop(j)


def test_average_link_matches_the_textbook_algorithm() -> None:
    rng = np.random.default_rng(1)
    for trial in range(300):
        n = int(rng.integers(1, 14))
        noise = rng.random((n, n))
        similarity = (noise + noise.T) / 2
        groups = [[i] for i in range(n)]
        if n > 3 and trial % 2:
            groups = [[0, 1], *([i] for i in range(2, n))]  # an always-merged pair
        threshold = float(rng.uniform(0.3, 0.8))
        expected = _naive_average_link(similarity, groups, threshold)
        assert digest._average_link(_pairs(similarity), groups, threshold) == expected


# --- Ranking ---------------------------------------------------------------------------------


def test_rank_puts_the_story_most_outlets_cover_first() -> None:
    items, _, now = labelled_day("day_items")
    ranked = rank(cluster(items), now=now)
    assert len(ranked[0].sources) == 5  # the rate rise
    assert ranked[0].title is not None and "Reserve Bank" in ranked[0].title
    counts = [len(story.sources) for story in ranked]
    assert counts.index(1) > max(i for i, count in enumerate(counts) if count >= 2)


def test_a_second_outlet_outweighs_freshness_and_salience() -> None:
    old_pair = cluster(QUAKE[:2])  # 14-15 hours old, two outlets
    fresh = item("k-fresh", "Teenager wins national chess title", "A six-hour final.", hours_ago=0)
    ranked = rank([*old_pair, *cluster([fresh])], now=NOW)
    assert ranked[0].sources == ("Wire Report", "The Courier")


def test_freshness_halves_every_twelve_hours() -> None:
    assert freshness(NOW, NOW) == 1.0
    assert freshness(NOW - timedelta(hours=12), NOW) == pytest.approx(0.5)
    assert freshness(NOW - timedelta(hours=24), NOW) == pytest.approx(0.25)
    assert freshness(NOW + timedelta(hours=3), NOW) == 1.0  # a clock ahead is not "fresher"
    assert freshness(None, NOW) == FRESHNESS_UNDATED


def test_rank_prefers_newer_among_equals() -> None:
    stories = cluster(
        [
            item("k-old", "Museum reopens after repairs", "The museum reopened.", hours_ago=30),
            item("k-new", "Ferry timetable changes", "Ferries run later.", hours_ago=1),
            item("k-mid", "Library extends hours", "The library opens on Sundays.", hours_ago=9),
            item("k-none", "Park gets new benches", "Forty benches.", hours_ago=None),
        ]
    )
    assert [story.key for story in rank(stories, now=NOW)] == ["k-new", "k-mid", "k-none", "k-old"]


def test_rank_is_deterministic_and_wants_an_aware_now() -> None:
    items, _, now = labelled_day("day_items")
    stories = cluster(items)
    ranked = rank(stories, now=now)
    assert rank(list(reversed(stories)), now=now) == ranked
    assert sorted(s.key for s in ranked) == sorted(s.key for s in stories)
    with pytest.raises(ValueError):
        rank(stories, now=now.replace(tzinfo=None))


# --- Selection -------------------------------------------------------------------------------

BRIDGES = Story.from_items(
    [
        item(
            "k-bridges",
            "Council to inspect all bridges after collapse",
            "Every footbridge in Riverton will be checked, the council said.",
        )
    ]
)
FOOTBALL = Story.from_items(
    [item("k-football", "United reach cup final", "Riverton United beat Rovers 3-1.")]
)
RATES = Story.from_items(
    [
        item(
            "k-rates",
            "Reserve Bank raises rates to 5.25%",
            "The central bank said inflation (4.1%) was too high; see a.* and c++ notes.",
        )
    ]
)
MOST = Story.from_items(
    [item("k-most", "Мост через Обь закроют на ремонт", "Ремонт моста займет год.", language="ru")]
)
ALL = [BRIDGES, FOOTBALL, RATES, MOST]


def test_include_words_match_stemmed_whole_words_case_insensitively() -> None:
    assert select(ALL, 10, include_words=["bridge"]) == [BRIDGES]
    assert select(ALL, 10, include_words=["BRIDGES"]) == [BRIDGES]
    assert select(ALL, 10, include_words=["riverton"]) == [BRIDGES, FOOTBALL]
    assert select(ALL, 10, include_words=["river"]) == []  # whole words: not "Riverton"
    assert select(ALL, 10, include_words=["мосты"]) == [MOST]  # Russian stems too
    assert select(ALL, 10, include_words=["central bank"]) == [RATES]  # a phrase
    assert select(ALL, 10, include_words=["bank central"]) == []


def test_exclude_wins_over_include() -> None:
    chosen = select(ALL, 10, include_words=["riverton"], exclude_words=["finals"])
    assert chosen == [BRIDGES]
    assert select(ALL, 10, exclude_words=["Riverton", "мост"]) == [RATES]


def test_filter_words_are_literal_text_not_patterns() -> None:
    assert select(ALL, 10, include_words=["a.*"]) == [RATES]  # the literal text is there
    assert select(ALL, 10, include_words=["b.*"]) == []
    assert select(ALL, 10, include_words=["c++"]) == [RATES]
    assert select(ALL, 10, include_words=["(4.1%)"]) == [RATES]
    assert select(ALL, 10, include_words=["[a-z]+"]) == []
    assert select(ALL, 10, exclude_words=["[a-z]+", ".+"]) == ALL
    assert select(ALL, 10, include_words=["5.25%"]) == [RATES]


def test_blank_filters_are_ignored_and_limit_applies() -> None:
    assert select(ALL, 10, include_words=["", "  "]) == ALL
    assert select(ALL, 2) == ALL[:2]
    assert select(ALL, 0) == []
    assert select(ALL, -1) == []


# --- Properties ------------------------------------------------------------------------------

WORDS = "bridge bridges river council strike rail Reyes bank 5.25 Arden quake мост Москва".split()
URLS = [
    None,
    None,
    "https://a.example/1",
    "https://A.example/1?utm_source=x",
    "https://b.example/2",
]


@st.composite
def day_items(draw: st.DrawFn) -> list[DigestItem]:
    count = draw(st.integers(min_value=0, max_value=14))
    items = []
    for number in range(count):
        title = draw(st.none() | st.lists(st.sampled_from(WORDS), max_size=6).map(" ".join))
        text = draw(st.none() | st.lists(st.sampled_from(WORDS), max_size=20).map(" ".join))
        minutes = draw(st.none() | st.integers(min_value=0, max_value=6000))
        items.append(
            DigestItem(
                key=f"k{number}",
                title=title,
                text=text,
                url=draw(st.sampled_from(URLS)),
                source=draw(st.sampled_from(["Wire", "Herald", "Post"])),
                published=None if minutes is None else NOW - timedelta(minutes=minutes),
                language=draw(st.sampled_from(["en", "ru", "en-GB", None, "pl"])),
            )
        )
    return items


@settings(max_examples=200, deadline=None)
@given(day_items(), st.randoms(use_true_random=False))
def test_every_item_lands_in_one_story_whatever_the_order(
    items: list[DigestItem], shuffler: random.Random
) -> None:
    stories = cluster(items)
    placed = sorted(entry.key for story in stories for entry in story.items)
    assert placed == sorted(entry.key for entry in items)
    for story in stories:
        assert story.key == story.items[0].key
        assert story.sources == tuple(dict.fromkeys(entry.source for entry in story.items))
        dates = [entry.published for entry in story.items if entry.published is not None]
        assert story.published == (min(dates) if dates else None)
    shuffled = list(items)
    shuffler.shuffle(shuffled)
    assert cluster(shuffled) == stories
    assert cluster(items) == stories
    assert rank(list(reversed(stories)), now=NOW) == rank(stories, now=NOW)
