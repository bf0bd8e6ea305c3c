"""Italian: every word list and pattern piece the stages read for Italian text."""

from summaries.lang.lexicon import Lexicon, frozen_map, words

LEXICON = Lexicon(
    code="it",
    name="italian",
    quotation=("«", "»"),
    # --- shared ---
    months=(
        ("gennaio",),
        ("febbraio",),
        ("marzo",),
        ("aprile",),
        ("maggio",),
        ("giugno",),
        ("luglio",),
        ("agosto",),
        ("settembre",),
        ("ottobre",),
        ("novembre",),
        ("dicembre",),
    ),
    weekdays=(
        ("lunedì",),
        ("martedì",),
        ("mercoledì",),
        ("giovedì",),
        ("venerdì",),
        ("sabato",),
        ("domenica",),
    ),
    honorifics=frozen_map({"sig": "m", "dr": None, "prof": None}),
    # "sig.ra" (signora) is written with an inner dot and none at the end.
    abbreviations=words("sig. sigg. sig.ra dott. dr. prof. avv. ing. on. pag. ecc. ca. n. sen."),
    # --- quotes ---
    speech_verbs=words(
        """detto dichiarato spiegato aggiunto affermato sottolineato ribadito dice afferma spiega
        aggiunge sottolinea precisato commentato annunciato scritto osservato"""
    ),
    speech_auxiliaries=words("ha hanno aveva"),
    according_to=("secondo",),
    complementizers=frozenset({"che"}),
    subject_pronouns=frozen_map({"lui": "m", "lei": "f", "egli": "m", "loro": "p"}),
    compound_past_clitics=("gli", "le", "mi", "ti", "ci", "vi", "lo"),
    compound_past_auxiliaries=("ha", "hanno", "aveva", "avevano"),
    attribution_adverbs=("anche", "inoltre", "poi", "già"),
    name_stop_caps=words(
        """Il Lo Gli Ma Secondo Nel Nella Con Dopo Prima Ieri Oggi Domani Questo Questa Lui Poi
        Inoltre Lunedì Martedì Mercoledì Giovedì Venerdì Sabato"""
    ),
    person_titles=words(
        """portavoce sindaco sindaca deputato deputata senatore senatrice direttore direttrice
        segretario segretaria ambasciatore giudice procuratore avvocato avvocata allenatore
        commissario"""
    ),
    articles=words("il lo la i gli le un una"),
    # --- facts ---
    number_words=(
        "due=2, tre=3, quattro=4, cinque=5, sei=6, sette=7, otto=8, nove=9, dieci=10, undici=11, "
        "dodici=12, venti=20, trenta=30, quaranta=40, cinquanta=50, cento=100"
    ),
    number_scales="mila|mille=1E3, milione|milioni|mln=1E6, miliardo|miliardi|mld=1E9",
    abbreviated_scales=words("mln mld"),
    lone_scales=r"(?:un\s+)?(?:milione|miliardo)|mille",
    number_fillers=frozenset({"un", "uno", "una"}),
    thousands_mark=".",
    date_day=r"(?P<d>[0-3]?[0-9])[°º]?(?![\w])",
    day_month_link=r"\s+",
    month_year_link=r"\s+(?:del\s+)?",
    month_prepositions=frozenset(
        {
            *"a ad in da di entro inizio fine metà".split(),
            "fino a",
            "a fine",
            "nel mese di",
            "dal mese di",
        }
    ),
    year_prepositions=frozenset(
        {
            *"nel dal al del il anno".split(),
            "entro il",
            "fino al",
            "e il",
            "tra il",
            "fra il",
            "prima del",
            "dopo il",
        }
    ),
    numeric_dates=True,
    time_units=(
        ("anni", "Y", 1, "anno"),
        ("mesi", "M", 1, "mese"),
        ("settimane", "W", 1, "settimana"),
        ("giorni", "D", 1, "giorno"),
        ("ore", "H", 1, "ora"),
        ("minuti", "MIN", 1, "minuto"),
        ("secondi", "S", 1, ""),
        ("decenni", "Y", 10, "decennio"),
        ("secoli", "Y", 100, "secolo"),
    ),
    relative_times=(
        (
            r"(?<![\w])(?P<f>(?:(?P<n>@NUM@)\s+|(?:un|una)\s+|un['’])(?P<u>@UNIT@)\s+fa)"
            r"(?![\w])",
            -1,
            "fa",
        ),
        (
            r"(?<![\w])(?P<f>(?:tra|fra)\s+(?:(?P<n>@NUM@)\s+|(?:un|una)\s+|un['’])"
            r"(?P<u>@UNIT@))(?![\w])",
            1,
            "tra fra",
        ),
        (
            r"(?<![\w])(?P<f>(?:la|il|l['’])\s*(?P<u>settimana|mese|anno)\s+"
            r"(?P<dir>scorsa|scorso|prossima|prossimo))(?![\w])",
            0,
            "scorsa scorso prossima prossimo",
        ),
        (
            r"(?<![\w])(?P<f>(?:la|il|l['’])\s*(?P<dir>prossima|prossimo|scorsa|scorso)\s+"
            r"(?P<u>settimana|mese|anno))(?![\w])",
            0,
            "scorsa scorso prossima prossimo",
        ),
    ),
    time_directions=frozen_map({"scorsa": -1, "scorso": -1, "prossima": 1, "prossimo": 1}),
    age_patterns=(
        r"(?<![\w.,\-/])(?P<f>(?P<n>[0-9]{1,3})enne)(?![\w])",
        r"(?<![\w])(?P<f>(?P<n>@NUM@)\s+(?P<u>anni)\s+di\s+età)(?![\w])",
        r"(?<![\w])(?P<f>all['’]età\s+di\s+(?P<n>@NUM@)\s+(?P<u>anni))(?![\w])",
    ),
    age_year_units=frozenset({"anni"}),
    percent_pattern=r"(?:\s?%|\s+per\s?cento(?![\w]))",
    currency_words=frozen_map(
        {
            "euro": "EUR",
            "dollari": "USD",
            "sterline": "GBP",
            "rubli": "RUB",
            "yen": "JPY",
            "franchi": "CHF",
        }
    ),
    currency_link=r"(?:\s+di\s+|\s+)",
    measure_units=words(
        """
        km chilometri metri centimetri kg chili chilogrammi tonnellate litri ettari gradi barili
        megawatt
        """
    ),
    glued_units=frozenset({"km", "kg"}),
    number_labels=words(
        """
        n. nr. numero articolo art. capitolo pagina pag. linea volo sala piano giornata tomo
        """
    ),
    capitalised_names=True,
    name_number_exempt=words("Nel Dal Tra Fra Da"),
    count_not_nouns=words(
        """
        anni mesi giorni settimane volte delle degli alle nelle sulle dalle sono hanno erano come
        oltre anche ancora mila milioni miliardi euro dollari mille meno
        """
    ),
    count_noun_endings=("i", "e"),
    # --- clean ---
    # --- text and keywords ---
    name_abbreviations=words("sig. dott. avv. ing. dr. prof. sen."),
    keyword_noise=frozenset({"detto"}),
    name_particles=frozenset({"da", "di"}),
    comment_headings=("commenti", "commento", "\\d+ commenti", "lascia un commento"),
    closing_headings=("fonti", "riferimenti", "sull’autore", "sull'autore"),
)
