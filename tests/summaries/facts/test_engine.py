"""Fact extraction: every kind in English and Russian, the other languages' basics, false
positives, a property test, and a run over real articles when ../shared/data is there.

Every text below was written for these tests.
"""

from __future__ import annotations

import datetime
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summaries.facts import extract_facts, key_facts
from summaries.models import PARAGRAPH_SEPARATOR, FactKind, Sentence
from summaries.text import split_sentences
from tests.summaries.facts.conftest import (
    AGE,
    COUNT,
    DATE,
    DURATION,
    LANGUAGES,
    MONEY,
    PERCENT,
    QUANTITY,
    RELATIVE,
    SHARED_DATA,
    assert_verbatim,
    facts_of,
    the_fact,
)

# --- every kind, English --------------------------------------------------------------------

ENGLISH = [
    # money
    ("The club agreed a fee of $2.5 million for him.", "$2.5 million", MONEY, "USD 2500000"),
    ("Ministers set aside £200million for new ferries.", "£200million", MONEY, "GBP 200000000"),
    ("The port bought two cranes for £200m last spring.", "£200m", MONEY, "GBP 200000000"),
    ("Brussels fined the carmaker €3bn on Monday.", "€3bn", MONEY, "EUR 3000000000"),
    ("Global debt reached US$1.2 trillion, the fund said.", "US$1.2 trillion", MONEY,
     "USD 1200000000000"),
    ("The charity raised 5,000 dollars at the fair.", "5,000 dollars", MONEY, "USD 5000"),
    ("Quarterly profit rose to $10.9bn in the period.", "$10.9bn", MONEY, "USD 10900000000"),
    ("A pint now costs £4.75 in the village pub.", "£4.75", MONEY, "GBP 4.75"),
    ("The estate was valued at 5 million pounds by the court.", "5 million pounds", MONEY,
     "GBP 5000000"),
    ("The bank lent USD 40 million to the farmers.", "USD 40 million", MONEY, "USD 40000000"),
    ("He won half a million dollars on the show.", "half a million dollars", MONEY,
     "USD 500000"),
    ("Bonuses of £500k were paid to the directors.", "£500k", MONEY, "GBP 500000"),
    # percent
    ("Inflation rose to 3.5% in March.", "3.5%", PERCENT, "3.5"),
    ("Turnout was 3.5 per cent lower than forecast.", "3.5 per cent", PERCENT, "3.5"),
    ("Unemployment fell to 12 percent over the winter.", "12 percent", PERCENT, "12"),
    ("Shares jumped twenty per cent on the news.", "twenty per cent", PERCENT, "20"),
    ("Sales fell 7pc in the quarter.", "7pc", PERCENT, "7"),
    # age
    ("The 22-year-old forward signed on Friday.", "22-year-old", AGE, "22"),
    ("A woman aged 71 was taken to hospital.", "aged 71", AGE, "71"),
    ("Tom Baker, 45, said he was surprised by the verdict.", "45", AGE, "45"),
    ("Police arrested a 34-year-old man near the station.", "34-year-old", AGE, "34"),
    ("A five-year-old was rescued from the river.", "five-year-old", AGE, "5"),
    ("She was 9 years old when the family moved.", "9 years old", AGE, "9"),
    ("He started painting at the age of 60 after retiring.", "at the age of 60", AGE, "60"),
    ("The twenty-two-year-old has not played since May.", "twenty-two-year-old", AGE, "22"),
    # date
    ("The bridge reopened on 12 March 2024 after repairs.", "12 March 2024", DATE, "2024-03-12"),
    ("The bridge reopened on March 12, 2024 after repairs.", "March 12, 2024", DATE,
     "2024-03-12"),
    ("The report is dated 2024-03-12 in the archive.", "2024-03-12", DATE, "2024-03-12"),
    ("The shop opened on the 3rd of June 2019 in the high street.", "3rd of June 2019", DATE,
     "2019-06-03"),
    ("The vote took place in February, officials said.", "February", DATE, "--02"),
    ("The factory closed in March 2020.", "March 2020", DATE, "2020-03"),
    ("The ferry left on May 4 with forty passengers.", "May 4", DATE, "--05-04"),
    ("He has coached the team since 2013.", "2013", DATE, "2013"),
    ("The work should be finished by 2030, the council said.", "2030", DATE, "2030"),
    ("Prices peaked in mid-2008 and then fell.", "2008", DATE, "2008"),
    ("The 1966 final is still remembered.", "1966", DATE, "1966"),
    ("The talks stalled at the end of Sept. and resumed later.", "Sept.", DATE, "--09"),
    # duration
    ("He served on the board for three years.", "three years", DURATION, "P3Y"),
    ("The judge handed down a 10-year sentence.", "10-year sentence", DURATION, "P10Y"),
    ("The band announced a two-week tour of Scotland.", "two-week tour", DURATION, "P2W"),
    ("The keeper signed a five-year deal with the club.", "five-year deal", DURATION, "P5Y"),
    ("The talks lasted 18 months before collapsing.", "18 months", DURATION, "P18M"),
    ("The storm raged for six hours over the coast.", "six hours", DURATION, "PT6H"),
    ("The lab has studied the glacier for two decades.", "two decades", DURATION, "P20Y"),
    ("She lived abroad for a year before returning.", "a year", DURATION, "P1Y"),
    ("The record stood for 1.5 years.", "1.5 years", DURATION, "P1.5Y"),
    # relative time
    ("The company was sold three months ago.", "three months ago", RELATIVE, "-P3M"),
    ("She graduated a fortnight ago with honours.", "a fortnight ago", RELATIVE, "-P2W"),
    ("The minister resigned last week over the affair.", "last week", RELATIVE, "-P1W"),
    ("The museum will reopen next month after repairs.", "next month", RELATIVE, "P1M"),
    ("The results are expected in two days.", "in two days", RELATIVE, "P2D"),
    ("The pair split two weeks ago, a friend said.", "two weeks ago", RELATIVE, "-P2W"),
    ("The estate was built 200 years ago by a wool merchant.", "200 years ago", RELATIVE,
     "-P200Y"),
    ("The line will reopen in three weeks' time.", "in three weeks' time", RELATIVE, "P3W"),
    # quantity
    ("Eight million people live in the region.", "Eight million people", QUANTITY,
     "8000000 people"),
    ("Some 1,200 troops arrived at the border.", "1,200 troops", QUANTITY, "1200 troops"),
    ("The new road is 300 km long.", "300 km", QUANTITY, "300 km"),
    ("The statue weighs 40 tonnes.", "40 tonnes", QUANTITY, "40 tonnes"),
    ("The app has 5m users in Europe.", "5m users", QUANTITY, "5000000 users"),
    ("More than 2,000 fans travelled to the final.", "2,000 fans", QUANTITY, "2000 fans"),
    ("A 70ft wave hit the harbour wall.", "70ft", QUANTITY, "70 ft"),
    ("The forest covers 4,500 square miles.", "4,500 square miles", QUANTITY,
     "4500 square miles"),
    ("Nearly half a million people fled the floods.", "half a million people", QUANTITY,
     "500000 people"),
    ("Around 1,000 police officers were on duty.", "1,000 police officers", QUANTITY,
     "1000 police officers"),
    # count
    ("He has made 37 appearances this season.", "37 appearances", COUNT, "37"),
    ("The striker has scored 16 goals in the league.", "16 goals", COUNT, "16"),
    ("The defender has won 11 caps for his country.", "11 caps", COUNT, "11"),
    ("Three people were injured in the crash.", "Three people", COUNT, "3"),
    ("The midfielder made 19 league appearances.", "19 league appearances", COUNT, "19"),
    ("The ship was carrying 550 passengers.", "550 passengers", COUNT, "550"),
    ("The village has flooded four times since the war.", "four times", COUNT, "4"),
    ("About a dozen boats joined the search.", "a dozen boats", COUNT, "12"),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "span", "kind", "value"), ENGLISH)
def test_english(sentence: str, span: str, kind: FactKind, value: str) -> None:
    fact = the_fact(sentence, span)
    assert (fact.kind, fact.value) == (kind, value)
    assert fact.sentence == sentence
    assert fact.sentence_index == 0


# --- every kind, Russian --------------------------------------------------------------------

RUSSIAN = [
    # money
    ("Сделка обошлась компании в 3 млн рублей.", "3 млн рублей", MONEY, "RUB 3000000"),
    ("Бюджет проекта составил 1,5 млрд евро.", "1,5 млрд евро", MONEY, "EUR 1500000000"),
    ("Квартира в центре стоит 100 000 ₽.", "100 000 ₽", MONEY, "RUB 100000"),
    ("Штраф составил 5 тыс. долларов.", "5 тыс. долларов", MONEY, "USD 5000"),
    ("Инвестор вложил $10 млн в стартап.", "$10 млн", MONEY, "USD 10000000"),
    ("Ремонт обойдётся в 250 млн руб. из городского бюджета.", "250 млн руб.", MONEY,
     "RUB 250000000"),
    ("Зарплата выросла до 85 тысяч рублей.", "85 тысяч рублей", MONEY, "RUB 85000"),
    # percent
    ("Инфляция составила 12 процентов за год.", "12 процентов", PERCENT, "12"),
    ("Рост экономики замедлился до 3,5%.", "3,5%", PERCENT, "3.5"),
    ("Доля рынка выросла на 1,5 %.", "1,5 %", PERCENT, "1.5"),
    ("Явка составила 67 процента.", "67 процента", PERCENT, "67"),
    # age
    ("22-летний нападающий забил два гола.", "22-летний", AGE, "22"),
    ("71-летняя пенсионерка выиграла в лотерею.", "71-летняя", AGE, "71"),
    ("Писатель умер в возрасте 71 года.", "в возрасте 71 года", AGE, "71"),
    ("Пятилетний мальчик потерялся в парке.", "Пятилетний", AGE, "5"),
    ("Полиция задержала 34-летнего мужчину.", "34-летнего", AGE, "34"),
    ("Ему 45 лет, он живёт в Омске.", "45 лет", AGE, "45"),
    ("Мэр Сергей Иванов, 54 года, заявил о планах.", "54 года", AGE, "54"),
    # date
    ("Мост открыли 12 марта 2024 года.", "12 марта 2024 года", DATE, "2024-03-12"),
    ("Наполеон родился в 1769 г. на Корсике.", "1769 г.", DATE, "1769"),
    ("Он возглавляет клуб с 2013 года.", "2013 года", DATE, "2013"),
    ("В марте начались дорожные работы.", "марте", DATE, "--03"),
    ("Закон вступит в силу 1 января.", "1 января", DATE, "--01-01"),
    ("Приказ подписан 12.03.2024 директором.", "12.03.2024", DATE, "2024-03-12"),
    ("Завод закрыли в августе 2019 года.", "августе 2019 года", DATE, "2019-08"),
    ("Музей построили в 1986 году.", "1986 году", DATE, "1986"),
    # duration
    ("Он работал в компании в течение трёх лет.", "трёх лет", DURATION, "P3Y"),
    ("Срок заключения составил два года.", "два года", DURATION, "P2Y"),
    ("Он подписал 10-летний контракт с клубом.", "10-летний контракт", DURATION, "P10Y"),
    ("Поезд идёт до города шесть часов.", "шесть часов", DURATION, "PT6H"),
    ("Ремонт займёт полтора года.", "полтора года", DURATION, "P1.5Y"),
    ("Переговоры шли пятнадцать минут.", "пятнадцать минут", DURATION, "PT15M"),
    # relative time
    ("Это случилось три месяца назад.", "три месяца назад", RELATIVE, "-P3M"),
    ("Мы встретимся через два дня.", "через два дня", RELATIVE, "P2D"),
    ("На прошлой неделе прошли выборы.", "На прошлой неделе", RELATIVE, "-P1W"),
    ("В прошлом году доходы выросли.", "В прошлом году", RELATIVE, "-P1Y"),
    ("Год назад всё было иначе.", "Год назад", RELATIVE, "-P1Y"),
    ("Мост откроют через год.", "через год", RELATIVE, "P1Y"),
    ("Завод заработает в следующем месяце.", "в следующем месяце", RELATIVE, "P1M"),
    ("В позапрошлом году урожай был лучше.", "В позапрошлом году", RELATIVE, "-P2Y"),
    # quantity
    ("В посёлке живут восемь тысяч человек.", "восемь тысяч человек", QUANTITY,
     "8000 человек"),
    ("До границы осталось 300 км.", "300 км", QUANTITY, "300 км"),
    ("На митинг пришли около 40 тысяч человек.", "40 тысяч человек", QUANTITY,
     "40000 человек"),
    ("Комбайн собрал 12 тонн зерна.", "12 тонн", QUANTITY, "12 тонн"),
    ("В городе живут 1 200 000 человек.", "1 200 000 человек", QUANTITY, "1200000 человек"),
    ("Собрали более двух тысяч подписей.", "двух тысяч подписей", QUANTITY, "2000 подписей"),
    # count
    ("При пожаре пострадали 16 человек.", "16 человек", COUNT, "16"),
    ("Нападающий забил 16 голов в сезоне.", "16 голов", COUNT, "16"),
    ("Он провёл 37 матчей за сборную.", "37 матчей", COUNT, "37"),
    ("В городе открыли две новые станции метро.", "две новые станции", COUNT, "2"),
    ("В аварии погибли три человека.", "три человека", COUNT, "3"),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "span", "kind", "value"), RUSSIAN)
def test_russian(sentence: str, span: str, kind: FactKind, value: str) -> None:
    fact = the_fact(sentence, span, "ru")
    assert (fact.kind, fact.value) == (kind, value)


# --- the other languages --------------------------------------------------------------------

OTHERS = [
    ("de", "Am 3. Oktober 2024 wurde gefeiert.", "3. Oktober 2024", DATE, "2024-10-03"),
    ("de", "Im März begannen die Arbeiten.", "März", DATE, "--03"),
    ("de", "Im Jahr 2013 kam er nach Berlin.", "2013", DATE, "2013"),
    ("de", "Am 05.03.2024 begann der Prozess.", "05.03.2024", DATE, "2024-03-05"),
    ("de", "Die Inflation lag bei 2,5 Prozent.", "2,5 Prozent", PERCENT, "2.5"),
    ("de", "Der Umsatz stieg um 12 % im Jahr.", "12 %", PERCENT, "12"),
    ("de", "Das Projekt kostet 5 Millionen Euro.", "5 Millionen Euro", MONEY, "EUR 5000000"),
    ("de", "Die Stadt zahlt 3 Mrd. Euro für den Bahnhof.", "3 Mrd. Euro", MONEY,
     "EUR 3000000000"),
    ("de", "Das Haus kostete 450.000 € im Jahr.", "450.000 €", MONEY, "EUR 450000"),
    ("de", "Der 71-Jährige starb am Montag.", "71-Jährige", AGE, "71"),
    ("de", "Er ist 45 Jahre alt und Lehrer.", "45 Jahre alt", AGE, "45"),
    ("de", "Vor drei Jahren war alles anders.", "Vor drei Jahren", RELATIVE, "-P3Y"),
    ("de", "Letzte Woche kamen die Soldaten.", "Letzte Woche", RELATIVE, "-P1W"),
    ("de", "Die Reparatur dauerte zwei Wochen.", "zwei Wochen", DURATION, "P2W"),
    ("de", "Es kamen 1.200 Soldaten in die Stadt.", "1.200 Soldaten", QUANTITY,
     "1200 Soldaten"),
    ("fr", "Le 1er janvier 2024, la loi est entrée en vigueur.", "1er janvier 2024", DATE,
     "2024-01-01"),
    ("fr", "Depuis 2013, il dirige le club.", "2013", DATE, "2013"),
    ("fr", "En février il a beaucoup plu.", "février", DATE, "--02"),
    ("fr", "Il a payé 3 millions d'euros pour la maison.", "3 millions d'euros", MONEY,
     "EUR 3000000"),
    ("fr", "Le loyer est de 1 250 € par mois.", "1 250 €", MONEY, "EUR 1250"),
    ("fr", "Le chômage est de 7,5 % cette année.", "7,5 %", PERCENT, "7.5"),
    ("fr", "Il y a trois ans, tout a changé.", "Il y a trois ans", RELATIVE, "-P3Y"),
    ("fr", "Âgé de 71 ans, il a pris sa retraite.", "Âgé de 71 ans", AGE, "71"),
    ("fr", "Environ 5 000 personnes sont venues.", "5 000 personnes", QUANTITY,
     "5000 personnes"),
    ("es", "El 12 de marzo de 2024 hubo elecciones.", "12 de marzo de 2024", DATE,
     "2024-03-12"),
    ("es", "Costó 3 millones de euros.", "3 millones de euros", MONEY, "EUR 3000000"),
    ("es", "Pagó 2.000 millones de dólares.", "2.000 millones de dólares", MONEY,
     "USD 2000000000"),
    ("es", "El paro es del 12 por ciento.", "12 por ciento", PERCENT, "12"),
    ("es", "Hace tres años todo cambió.", "Hace tres años", RELATIVE, "-P3Y"),
    ("es", "Tiene 34 años de edad.", "34 años de edad", AGE, "34"),
    ("es", "Murieron 12 soldados en el ataque.", "12 soldados", COUNT, "12"),
    ("it", "Il 12 marzo 2024 si è votato.", "12 marzo 2024", DATE, "2024-03-12"),
    ("it", "Nel 2013 ha vinto il campionato.", "2013", DATE, "2013"),
    ("it", "Sono costati 3 milioni di euro.", "3 milioni di euro", MONEY, "EUR 3000000"),
    ("it", "La crescita è stata del 3,5%.", "3,5%", PERCENT, "3.5"),
    ("it", "Tre anni fa tutto è cambiato.", "Tre anni fa", RELATIVE, "-P3Y"),
    ("it", "Un 34enne è stato arrestato.", "34enne", AGE, "34"),
    ("it", "Circa 2.000 persone hanno protestato.", "2.000 persone", QUANTITY,
     "2000 persone"),
    ("pt", "Em 12 de março de 2024 houve eleições.", "12 de março de 2024", DATE, "2024-03-12"),
    ("pt", "Custou R$ 3 bilhões ao governo.", "R$ 3 bilhões", MONEY, "BRL 3000000000"),
    ("pt", "Pagou 3 milhões de euros pelo jogador.", "3 milhões de euros", MONEY,
     "EUR 3000000"),
    ("pt", "O desemprego é de 12 por cento.", "12 por cento", PERCENT, "12"),
    ("pt", "Há três anos tudo mudou.", "Há três anos", RELATIVE, "-P3Y"),
    ("pt", "Ele tem 34 anos de idade.", "34 anos de idade", AGE, "34"),
    ("pt", "Cerca de 2.000 pessoas protestaram.", "2.000 pessoas", QUANTITY, "2000 pessoas"),
]  # fmt: skip


@pytest.mark.parametrize(("language", "sentence", "span", "kind", "value"), OTHERS)
def test_other_languages(
    language: str, sentence: str, span: str, kind: FactKind, value: str
) -> None:
    fact = the_fact(sentence, span, language)
    assert (fact.kind, fact.value) == (kind, value)


# --- what is not a fact ---------------------------------------------------------------------

NOT_FACTS = [
    ("en", "Call 0800 123 4567 to book a table."),
    ("en", "Call (555) 123-4567 for details."),
    ("en", "They won 2-1 at home on a wet night."),
    ("en", "The prime minister returned to No. 10 after the summit."),
    ("en", "She finished 3rd in the race."),
    ("en", "COVID-19 changed the way offices work."),
    ("en", "The Boeing 737 jets were grounded."),
    ("en", "The G7 leaders met in the mountains."),
    ("en", "The 2015-16 season was a disaster for the club."),
    ("en", "The bus leaves at 10:30 and arrives at 7pm."),
    ("en", "The 1990s were kind to the band."),
    ("en", "The company filed for Chapter 11 protection."),
    ("en", "Read section 230 of the act."),
    ("en", "It reopened on Tuesday."),
    ("en", "No one knows the answer."),
    ("en", "The files are numbered 12/03/2024 in the register."),
    ("en", "Apollo 11 astronauts visited the school."),
    ("en", "He wore the number 9 shirt."),
    ("en", "The game ended 3-3 after extra time."),
    ("ru", "Звоните по телефону +7 495 123-45-67."),
    ("ru", "Матч закончился со счётом 2:1."),
    ("ru", "Сезон 2015/16 завершён досрочно."),
    ("ru", "Статья 105 УК предусматривает наказание."),
    ("ru", "Самолёт Boeing 737 совершил посадку."),
    ("ru", "В 10 часов утра начался митинг."),
    ("ru", "Дом № 5 снесут."),
    ("de", "Das Tor fiel in der 3. Minute."),
]


@pytest.mark.parametrize(("language", "sentence"), NOT_FACTS)
def test_not_facts(language: str, sentence: str) -> None:
    assert facts_of(sentence, language) == ()


def test_a_year_is_a_date_not_a_count() -> None:
    facts = facts_of("The 2014 finals were held in Brazil.")
    assert [(f.kind, f.text) for f in facts] == [(DATE, "2014")]


def test_a_years_within_other_numbers_is_not_a_date() -> None:
    facts = facts_of("The 2015-16 season started in August 2015.")
    assert [(f.kind, f.text) for f in facts] == [(DATE, "August 2015")]


def test_the_most_specific_kind_claims_the_number() -> None:
    facts = facts_of("The 22-year-old paid $3 million for 40% of the club in 2019.")
    assert [(f.kind, f.text) for f in facts] == [
        (AGE, "22-year-old"),
        (MONEY, "$3 million"),
        (PERCENT, "40%"),
        (DATE, "2019"),
    ]


def test_relative_time_wins_over_the_duration_inside_it() -> None:
    facts = facts_of("The shop closed three years ago.")
    assert [(f.kind, f.text) for f in facts] == [(RELATIVE, "three years ago")]


def test_an_age_is_not_also_a_duration() -> None:
    facts = facts_of("A 10-year-old boy and a 10-year sentence.")
    assert [(f.kind, f.value) for f in facts] == [(AGE, "10"), (DURATION, "P10Y")]


def test_a_time_span_after_in_is_not_a_future_point() -> None:
    assert [(f.kind, f.text) for f in facts_of("It was his first win in two years.")] == [
        (DURATION, "two years")
    ]
    assert [(f.kind, f.text) for f in facts_of("The station will reopen in two years.")] == [
        (RELATIVE, "in two years")
    ]
    assert [(f.kind, f.text) for f in facts_of("He ran the lap in 9.58 seconds.")] == [
        (DURATION, "9.58 seconds")
    ]


def test_comma_age_needs_a_name_and_a_plausible_age() -> None:
    assert all(f.kind is not AGE for f in facts_of("In March, 12, people came."))
    assert all(f.kind is not AGE for f in facts_of("Smith, 450, said nothing."))
    assert [f.value for f in facts_of("Anna Berg, 29, and Tom Berg, 31, were there.")] == [
        "29",
        "31",
    ]


def test_russian_year_long_words_are_durations_only_before_a_span_of_time() -> None:
    facts = facts_of("Пятилетний контракт подписал 22-летний вратарь.", "ru")
    assert [(f.kind, f.text, f.value) for f in facts] == [
        (DURATION, "Пятилетний контракт", "P5Y"),
        (AGE, "22-летний", "22"),
    ]


def test_pounds_are_money_only_with_a_scale() -> None:
    assert [f.kind for f in facts_of("The boxer weighs 300 pounds.")] == [QUANTITY]
    assert [f.value for f in facts_of("The painting sold for 3 million pounds.")] == ["GBP 3000000"]


def test_times_as_a_ratio_is_not_a_count() -> None:
    kinds = [f.kind for f in facts_of("Rents are three times higher than in 2000.")]
    assert COUNT not in kinds


def test_money_is_exact() -> None:
    values = [f.value for f in facts_of("Costs rose from $0.1bn to $1.005 billion and £7.10.")]
    assert values == ["USD 100000000", "USD 1005000000", "GBP 7.1"]


def test_reference_date_gives_dates_a_year() -> None:
    text = "The vote is on 12 March. The plan was drawn up in November."
    reference = datetime.date(2015, 4, 20)
    values = [f.value for f in facts_of(text, reference_date=reference)]
    assert values == ["2015-03-12", "2014-11"]
    assert [f.value for f in facts_of(text)] == ["--03-12", "--11"]


def test_reference_date_rejects_implausible_years() -> None:
    reference = datetime.date(2015, 4, 20)
    assert facts_of("The plan runs until 2090.", reference_date=reference) == ()
    assert [f.value for f in facts_of("The plan runs until 2060.", reference_date=reference)] == [
        "2060"
    ]


def test_invalid_calendar_dates_are_dropped() -> None:
    facts = facts_of("It was due on 31 February 2024.")
    assert [(f.text, f.value) for f in facts] == [("February 2024", "2024-02")]


def test_offsets_are_body_offsets_across_paragraphs() -> None:
    text = "A quiet start.\n\nThe council spent £3m. Then it paid $40 for lunch."
    facts = facts_of(text)
    assert [(f.text, f.sentence_index) for f in facts] == [("£3m", 1), ("$40", 2)]
    body = PARAGRAPH_SEPARATOR.join(text.split("\n\n"))
    assert body[facts[1].start : facts[1].end] == "$40"


def test_sentences_whose_offsets_do_not_fit_are_skipped() -> None:
    sentences = split_sentences(["It cost $5."], "en")
    broken = [type(s)(s.index, s.text, s.start, s.end + 3, s.paragraph) for s in sentences]
    assert extract_facts(broken, "en") == ()


def test_an_unknown_language_is_read_with_english_rules() -> None:
    facts = extract_facts(split_sentences(["It cost $5 in 2019."], "en"), "zz")
    assert [f.value for f in facts] == ["USD 5", "2019"]


def test_no_sentences_no_facts() -> None:
    assert extract_facts((), "en") == ()


# --- robustness ---------------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    list("0123456789 ,.-:/%$£€₽#№()'\"\n")
    + list("aAmMbnkqsy")
    + list("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАМ")
    + ["per cent", " million", " млн", " тыс.", " years ago", "-year-old", " March ", " 2019"]
    + [" марта ", " назад", " через ", "-летний", " de ", " in ", " the ", "\u00a0", "\u202f"]
)
_TEXT = st.lists(_ALPHABET, max_size=120).map("".join)


_PIECES = re.compile(r"[^.!?]+[.!?]*")


def rough_sentences(body: str) -> tuple[Sentence, ...]:
    """Sentences cut at every full stop: arbitrary text, independent of the real splitter."""
    pieces = [m for m in _PIECES.finditer(body) if m.group().strip()]
    return tuple(
        Sentence(index=i, text=m.group(), start=m.start(), end=m.end(), paragraph=0)
        for i, m in enumerate(pieces)
    )


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(st.text(max_size=400), _TEXT), language=st.sampled_from(LANGUAGES))
def test_any_text_gives_verbatim_facts(text: str, language: str) -> None:
    facts = extract_facts(rough_sentences(text), language)
    assert_verbatim(text, facts)
    for fact in facts:
        assert isinstance(fact.kind, FactKind)
    key_facts(facts, 5)


def test_a_long_text_gives_every_fact() -> None:
    """A few ms per 1,000 words (measured by eval speed; a test on a busy machine cannot time)."""
    paragraph = (
        "The council spent £3.5m on 12 March 2024, and 1,200 people signed a petition. "
        "The 45-year-old mayor said prices rose 4% in two years. It rained for three days."
    )
    sentences = split_sentences([paragraph] * 200, "en")  # about 6,000 words
    facts = extract_facts(sentences, "en")
    assert len(facts) == 200 * 7


# --- real articles ------------------------------------------------------------------------


@pytest.mark.shared_data
def test_real_articles() -> None:
    path = SHARED_DATA / "cnndm_summeval_realsumm" / "dev.jsonl"
    if not path.exists():
        pytest.skip(f"{path} is not available")
    rows = [json.loads(row) for row in path.read_text(encoding="utf-8").splitlines() if row]
    total = 0
    kinds: set[FactKind] = set()
    for row in rows:
        paragraphs = [line for line in row["text"].split("\n") if line.strip()]
        body = PARAGRAPH_SEPARATOR.join(paragraphs)
        facts = extract_facts(split_sentences(paragraphs, "en"), "en")
        assert_verbatim(body, facts)
        assert len(key_facts(facts, 5)) <= 5
        total += len(facts)
        kinds.update(fact.kind for fact in facts)
    assert total > len(rows)  # news is full of numbers
    assert kinds == set(FactKind)


# --- "a second": an ordinal, not one second ----------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The party was re-elected for a second term on Sunday after a close count.",
        "Rates were held for a second time this year by the central bank.",
        "The price was frozen for a second consecutive month, the regulator said.",
        "The league leaders went ahead for a second-half lead they never lost.",
        "Demand grew over a second straight quarter.",
        # "for a second" alone, like "a split second", means "briefly": no amount worth a card.
        "He paused for a second before answering the question.",
        "It was over in a split second.",
    ],
)
def test_a_second_is_no_duration(sentence: str) -> None:
    assert [(f.kind, f.text) for f in facts_of(sentence) if f.kind is DURATION] == []


def test_a_counted_second_is_still_a_duration() -> None:
    assert [(f.kind, f.value) for f in facts_of("The lights went out for one second.")] == [
        (DURATION, "PT1S")
    ]
    assert [(f.kind, f.value) for f in facts_of("It happened a second ago.")] == [
        (RELATIVE, "-PT1S")
    ]
    assert [(f.kind, f.value) for f in facts_of("She lived abroad for a year.")] == [
        (DURATION, "P1Y")
    ]


def test_one_giant_sentence_full_of_numbers_is_linear() -> None:
    """A sentence with thousands of numbers (no full stop in 200 KB): the overlap check and the
    look-backs ("No.", "since", "will ... in two years") must not rescan the sentence per
    number (this took minutes)."""
    unit = "it will reopen in two years, No 5 since 2013, 300 km, 16 goals and 40% more; "
    text = unit * (200_000 // len(unit))
    sentence = Sentence(index=0, text=text, start=0, end=len(text), paragraph=0)
    facts = extract_facts((sentence,), "en")  # about 0.7 s
    assert_verbatim(text, facts)
    per_unit = [(f.kind, f.text) for f in facts[:6]]
    assert per_unit == [
        (RELATIVE, "in two years"),
        (DATE, "2013"),
        (QUANTITY, "300 km"),
        (COUNT, "16 goals"),
        (PERCENT, "40%"),
        (RELATIVE, "in two years"),
    ]
