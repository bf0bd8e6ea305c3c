"""German: every word list and pattern piece the stages read for German text."""

from summaries.lang.lexicon import Lexicon, frozen_map, words

LEXICON = Lexicon(
    code="de",
    name="german",
    quotation=("„", "“"),
    # --- shared ---
    months=(
        ("januar", "jänner"),
        ("februar",),
        ("märz",),
        ("april",),
        ("mai",),
        ("juni",),
        ("juli",),
        ("august",),
        ("september",),
        ("oktober",),
        ("november",),
        ("dezember",),
    ),
    weekdays=(
        ("montag",),
        ("dienstag",),
        ("mittwoch",),
        ("donnerstag",),
        ("freitag",),
        ("samstag",),
        ("sonntag",),
    ),
    honorifics=frozen_map({"herr": "m", "frau": "f", "dr": None, "prof": None}),
    abbreviations=words(
        """
        z. b. z.b. d. h. d.h. u. a. u.a. usw. bzw. ca. dr. prof. nr. str. st. vgl. ggf.
        evtl. inkl. jh. jhd. mio. mrd. tsd. hr. fr. bspw. sog. abs. ff.
        """
    ),
    # --- quotes ---
    speech_verbs=words(
        """gesagt sagte sagt sagten erklärte erklärt betonte betont meinte meint fügte schrieb
        schreibt warnte warnt kritisierte forderte so gewarnt gefordert geschrieben kritisiert
        bekräftigt bekräftigte versicherte versichert"""
    ),
    speech_auxiliaries=words("hat haben hatte hatten"),
    according_to=("laut", "nach Angaben"),
    complementizers=frozenset({"dass"}),
    subject_pronouns=frozen_map({"er": "m", "sie": "f", "es": "n"}),
    compound_past_auxiliaries=("hat", "haben", "hatte", "hatten", "habe"),
    attribution_adverbs=("auch", "bereits"),
    verb_second_openers=words(
        """in im am an auf aus bei beim mit nach seit von vom vor zu zum zur über unter für gegen
        ohne um durch dazu danach später zudem außerdem dann damals heute gestern morgen nun
        jetzt hier dort daher deshalb darauf dabei darüber hierzu zuvor anschließend weiter
        ebenfalls bereits zuletzt schließlich"""
    ),
    name_stop_caps=words(
        """Der Die Das Ein Eine Und Aber Doch Auch Am Im Vom Zum Zur Beim Bei Mit Nach Vor Seit
        Auf Aus Über Unter Für Gegen Ohne Um Durch Von Zu Wie Als Wenn Dass Ob Er Sie Es Wir Laut
        Dazu Danach Später Zudem Außerdem Dann Damals Heute Gestern Morgen Nun Jetzt Hier Dort
        Daher Deshalb Darauf Dabei Hierzu Zuvor Montag Dienstag Mittwoch Donnerstag Freitag
        Samstag Sonntag Januar Februar März Mai Juni Juli Oktober Dezember Anfang Ende
        Mitte"""
    ),
    title_abbreviations=frozenset({"Dr", "Prof"}),
    person_titles=words(
        """kanzler kanzlerin ministerin präsident präsidentin chefin sprecher sprecherin
        vorsitzende vorsitzender bürgermeister bürgermeisterin direktor direktorin kommissar
        kommissarin botschafter botschafterin abgeordnete abgeordneter staatssekretär
        staatssekretärin trainerin"""
    ),
    title_heads=(
        "kanzler",
        "kanzlerin",
        "minister",
        "ministerin",
        "präsident",
        "präsidentin",
        "chef",
        "chefin",
        "sprecher",
        "sprecherin",
        "vorsitzende",
        "vorsitzender",
        "bürgermeister",
        "bürgermeisterin",
        "direktor",
        "direktorin",
        "leiter",
        "leiterin",
        "trainer",
        "trainerin",
        "kommissar",
        "kommissarin",
        "botschafter",
        "botschafterin",
        "abgeordnete",
        "abgeordneter",
        "sekretär",
        "sekretärin",
        "richter",
        "richterin",
        "anwalt",
        "anwältin",
        "experte",
        "expertin",
        "ökonom",
        "ökonomin",
    ),
    articles=words("der die das den dem des ein eine einer"),
    # --- facts ---
    number_words=(
        "zwei=2, drei=3, vier=4, fünf=5, sechs=6, sieben=7, acht=8, neun=9, zehn=10, elf=11, "
        "zwölf=12, zwanzig=20, dreißig=30, vierzig=40, fünfzig=50, hundert=100"
    ),
    number_scales=(
        "tsd|tausend=1E3, mio|million|millionen=1E6, mrd|milliarde|milliarden=1E9, "
        "billion|billionen=1E12"
    ),
    abbreviated_scales=words("tsd mio mrd"),
    lone_scales=r"(?:eine\s+)?(?:Million|Milliarde)|tausend",
    number_fillers=frozenset({"eine", "ein", "einer"}),
    thousands_mark=".",
    months_capitalised_only=True,
    date_day=r"(?P<d>[0-3]?[0-9])\.",
    day_month_link=r"\s*",
    month_year_link=r"\s+",
    month_prepositions=frozenset(
        {*"im seit bis ab von vom Anfang Ende Mitte nach vor zum".split(), "bis zum"}
    ),
    year_prepositions=frozenset(
        {
            *"seit bis ab von vor nach in zwischen und Anfang Ende Mitte Frühjahr".split(),
            *"Sommer Herbst Winter um Jahr".split(),
            "im Jahr",
            "im Jahre",
            "bis zum Jahr",
        }
    ),
    numeric_dates=True,
    time_units=(
        ("Jahre Jahren", "Y", 1, "Jahr"),
        ("Monate Monaten", "M", 1, "Monat"),
        ("Wochen", "W", 1, "Woche"),
        ("Tage Tagen", "D", 1, "Tag"),
        ("Stunden", "H", 1, "Stunde"),
        ("Minuten", "MIN", 1, "Minute"),
        ("Sekunden", "S", 1, "Sekunde"),
        ("Jahrzehnte Jahrzehnten", "Y", 10, "Jahrzehnt"),
        ("Jahrhunderte Jahrhunderten", "Y", 100, "Jahrhundert"),
    ),
    relative_times=(
        (
            r"(?<![\w])(?P<f>vor\s+(?:(?:einem|einer)\s+|(?P<n>@NUM@)\s+)?(?P<u>@UNIT@))"
            r"(?![\w])",
            -1,
            "vor",
        ),
        (r"(?<![\w])(?P<f>in\s+(?P<n>@NUM@)\s+(?P<u>@UNIT@))(?![\w])", 1, "in"),
        (
            r"(?<![\w])(?P<f>(?P<dir>(?:letzte|vergangene|vorige|nächste|kommende)[nrs]?)\s+"
            r"(?P<u>Woche|Monat|Jahr))(?![\w])",
            0,
            "woche monat jahr",
        ),
    ),
    time_directions=frozen_map(
        {
            "letzte": -1,
            "letzten": -1,
            "letzter": -1,
            "letztes": -1,
            "vergangene": -1,
            "vergangenen": -1,
            "vergangener": -1,
            "vergangenes": -1,
            "vorige": -1,
            "vorigen": -1,
            "voriger": -1,
            "voriges": -1,
            "nächste": 1,
            "nächsten": 1,
            "nächster": 1,
            "nächstes": 1,
            "kommende": 1,
            "kommenden": 1,
            "kommender": 1,
            "kommendes": 1,
        }
    ),
    age_patterns=(
        r"(?<![\w.,\-/])(?P<f>(?P<n>[0-9]{1,3})-?[Jj]ährige[nmrs]?)(?![\w])",
        r"(?<![\w])(?P<f>im\s+Alter\s+von\s+(?P<n>@NUM@)\s+Jahren)(?![\w])",
        r"(?<![\w])(?P<f>(?P<n>@NUM@)\s+Jahre\s+alt)(?![\w])",
    ),
    percent_pattern=r"(?:\s?%|\s+Prozent(?![\w]))",
    currency_words=frozen_map(
        {
            "euro": "EUR",
            "dollar": "USD",
            "us-dollar": "USD",
            "pfund": "GBP",
            "franken": "CHF",
            "rubel": "RUB",
            "yen": "JPY",
            "yuan": "CNY",
        }
    ),
    weak_currency_words=frozenset({"pfund"}),
    currency_link=r"\s+",
    measure_units=words(
        """
        km kilometer meter zentimeter kilogramm kg tonnen tonne liter hektar grad
        quadratkilometer barrel megawatt
        """
    ),
    glued_units=frozenset({"km", "kg"}),
    number_labels=words(
        """
        nr nr. artikel art. paragraf paragraph § kapitel seite s. platz gleis linie zimmer haus
        flug runde spieltag band heft abs.
        """
    ),
    capitalised_names=False,
    name_number_exempt=words(
        """
        Im Am Seit Vor Nach Bis Ab Um Rund Etwa Fast Jahr Jahre Jahren Insgesamt Mehr Über Knapp
        """
    ),
    count_function_words=words(
        """
        und oder der die das den dem des ein eine einer eines einem mit von bis für auf aus bei
        nach vor über unter nicht mehr weniger als wie sind waren haben hatten wurden werden
        """
    ),
    count_not_nouns=words(
        """
        uhr prozent euro dollar jahre jahren jahr monate monaten wochen tage tagen stunden mal
        millionen milliarden mio mrd tausend
        """
    ),
    # --- clean ---
    byline_connectors=frozenset({"der", "von"}),
    # --- text and keywords ---
    name_abbreviations=words("dr. prof. nr. str. st. hr. fr."),
    keyword_noise=frozenset({"sagte", "erklärte"}),
    name_particles=frozenset({"von der", "von"}),
    comment_headings=("kommentare?", "\\d+ kommentare?", "kommentar schreiben", "diskussion"),
    closing_headings=("quellen", "über den autor", "über die autorin", "literatur"),
)
