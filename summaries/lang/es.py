"""Spanish: every word list and pattern piece the stages read for Spanish text."""

from summaries.lang.lexicon import Lexicon, frozen_map, words

LEXICON = Lexicon(
    code="es",
    name="spanish",
    quotation=("«", "»"),
    # --- shared ---
    months=(
        ("enero",),
        ("febrero",),
        ("marzo",),
        ("abril",),
        ("mayo",),
        ("junio",),
        ("julio",),
        ("agosto",),
        ("septiembre", "setiembre"),
        ("octubre",),
        ("noviembre",),
        ("diciembre",),
    ),
    weekdays=(
        ("lunes",),
        ("martes",),
        ("miércoles",),
        ("jueves",),
        ("viernes",),
        ("sábado",),
        ("domingo",),
    ),
    honorifics=frozen_map({"sr": "m", "sra": "f", "dra": "f", "dr": None}),
    abbreviations=words(
        """
        sr. sra. srta. dr. dra. d. dña. ud. uds. etc. pág. núm. av. avda. ee. uu.
        ee.uu. gral. lic. ing. arq. prof. aprox. tel.
        """
    ),
    # --- quotes ---
    speech_verbs=words(
        """dicho dijo afirmó declaró señaló explicó aseguró añadió indicó agregó sostuvo
        manifestó apuntó subrayó advirtió dice afirma asegura explica señala afirmado declarado
        explicado asegurado señalado añadido indicado agregado subrayado advertido
        manifestado"""
    ),
    speech_auxiliaries=words("ha han había"),
    according_to=("según", "segun"),
    complementizers=frozenset({"que"}),
    subject_pronouns=frozen_map({"él": "m", "ella": "f", "ellos": "p", "ellas": "p"}),
    compound_past_clitics=("le", "les", "me", "te", "nos", "os", "se", "lo", "la"),
    compound_past_auxiliaries=("ha", "han", "había", "habían"),
    attribution_adverbs=("también", "además", "ya"),
    name_stop_caps=words(
        """El Los Las Y Según En Para Por Desde Tras Ayer Hoy Este Esta Ellos Además Luego Lunes
        Martes Miércoles Jueves Viernes Sábado"""
    ),
    title_abbreviations=frozenset({"Sr", "Sra", "Dra", "Dr"}),
    person_titles=words(
        """presidente presidenta ministro ministra portavoz alcalde alcaldesa diputado diputada
        senadora directora jefe jefa secretario secretaria embajador embajadora juez jueza
        abogado abogada entrenador entrenadora seleccionador consejero consejera"""
    ),
    articles=words("el la los las un una"),
    # --- facts ---
    number_words=(
        "dos=2, tres=3, cuatro=4, cinco=5, seis=6, siete=7, ocho=8, nueve=9, diez=10, once=11, "
        "doce=12, veinte=20, treinta=30, cuarenta=40, cincuenta=50, cien|ciento=100"
    ),
    number_scales="mil=1E3, millón|millon|millones=1E6, mil millones=1E9, billón|billones=1E12",
    lone_scales=r"(?:un\s+)?millón|mil",
    number_link="y",
    number_fillers=frozenset({"un", "una", "uno", "y"}),
    thousands_mark=".",
    date_day=r"(?P<d>[0-3]?[0-9])[°º]?(?![\w])",
    day_month_link=r"\s+de\s+",
    month_year_link=r"\s+(?:de|del)\s+",
    month_prepositions=frozenset(
        {
            *"en desde hasta de para".split(),
            "a finales de",
            "a principios de",
            "a mediados de",
            "antes de",
            "después de",
        }
    ),
    year_prepositions=frozenset(
        {
            *"en desde hasta de del para entre y año".split(),
            "antes de",
            "después de",
            "finales de",
            "principios de",
            "mediados de",
        }
    ),
    numeric_dates=True,
    time_units=(
        ("años", "Y", 1, "año"),
        ("meses", "M", 1, "mes"),
        ("semanas", "W", 1, "semana"),
        ("días", "D", 1, "día"),
        ("horas", "H", 1, "hora"),
        ("minutos", "MIN", 1, "minuto"),
        ("segundos", "S", 1, ""),
        ("décadas", "Y", 10, "década"),
        ("siglos", "Y", 100, "siglo"),
    ),
    relative_times=(
        (r"(?<![\w])(?P<f>hace\s+(?:(?P<n>@NUM@)|un|una)\s+(?P<u>@UNIT@))(?![\w])", -1, "hace"),
        (
            r"(?<![\w])(?P<f>dentro\s+de\s+(?:(?P<n>@NUM@)|un|una)\s+(?P<u>@UNIT@))(?![\w])",
            1,
            "dentro",
        ),
        (
            r"(?<![\w])(?P<f>(?:la|el)\s+(?P<u>semana|mes|año)\s+"
            r"(?P<dir>pasada|pasado|que\s+viene))(?![\w])",
            0,
            "pasada pasado viene",
        ),
        (
            r"(?<![\w])(?P<f>(?:la|el)\s+(?P<dir>próxima|próximo)\s+(?P<u>semana|mes|año))"
            r"(?![\w])",
            0,
            "próxima próximo",
        ),
    ),
    time_directions=frozen_map(
        {"pasada": -1, "pasado": -1, "que viene": 1, "próxima": 1, "próximo": 1}
    ),
    age_patterns=(
        r"(?<![\w])(?P<f>(?P<n>@NUM@)\s+(?P<u>años)\s+de\s+edad)(?![\w])",
        r"(?<![\w])(?P<f>edad\s+de\s+(?P<n>@NUM@)\s+(?P<u>años))(?![\w])",
    ),
    age_year_units=frozenset({"años"}),
    percent_pattern=r"(?:\s?%|\s+por\s+ciento(?![\w]))",
    currency_words=frozen_map(
        {
            "euros": "EUR",
            "dólares": "USD",
            "libras": "GBP",
            "libras esterlinas": "GBP",
            "rublos": "RUB",
            "yenes": "JPY",
            "yuanes": "CNY",
        }
    ),
    weak_currency_words=frozenset({"libras"}),
    currency_link=r"(?:\s+de\s+|\s+)",
    measure_units=words(
        """
        km kilómetros metros centímetros kg kilos kilogramos toneladas litros hectáreas grados
        barriles megavatios
        """
    ),
    glued_units=frozenset({"km", "kg"}),
    number_labels=words(
        """
        n.º nº núm. número artículo art. capítulo página pág. línea vuelo sala planta jornada
        tomo
        """
    ),
    capitalised_names=True,
    name_number_exempt=words("En De Hace Desde Con Por Para Entre Los Las El Al Del"),
    count_not_nouns=words(
        """
        las los unas unos más menos años veces meses semanas días horas después antes entre tras
        hasta desde nos sus mis tus pues además euros dólares millones
        """
    ),
    count_noun_endings=("s",),
    # --- clean ---
    byline_connectors=frozenset({"de", "del", "la"}),
    # --- text and keywords ---
    name_abbreviations=words("sr. sra. srta. dr. dra. ing. prof."),
    keyword_noise=frozenset({"dijo", "afirmó"}),
    name_particles=frozenset({"de la", "de"}),
    comment_headings=(
        "comentarios?",
        "\\d+ comentarios?",
        "deja un comentario",
        "dejar un comentario",
    ),
    closing_headings=("fuentes", "referencias", "sobre el autor", "sobre la autora"),
)
