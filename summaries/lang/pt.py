"""Portuguese: every word list and pattern piece the stages read for Portuguese text."""

from summaries.lang.lexicon import Lexicon, frozen_map, words

LEXICON = Lexicon(
    code="pt",
    name="portuguese",
    quotation=("«", "»"),
    # --- shared ---
    months=(
        ("janeiro",),
        ("fevereiro",),
        ("março",),
        ("abril",),
        ("maio",),
        ("junho",),
        ("julho",),
        ("agosto",),
        ("setembro",),
        ("outubro",),
        ("novembro",),
        ("dezembro",),
    ),
    weekdays=(
        ("segunda-feira",),
        ("terça-feira",),
        ("quarta-feira",),
        ("quinta-feira",),
        ("sexta-feira",),
        ("sábado",),
        ("domingo",),
    ),
    honorifics=frozen_map({"sr": "m", "sra": "f", "dra": "f", "dr": None}),
    abbreviations=words(
        """
        sr. sra. srta. dr. dra. prof. av. pág. n. nº. etc. aprox. eng. gen. cel.
        ex. sto. sta. dep.
        """
    ),
    # --- quotes ---
    speech_verbs=words(
        """disse afirmou declarou explicou acrescentou destacou ressaltou garantiu diz afirma
        explica dito afirmado declarado explicado"""
    ),
    speech_auxiliaries=words("tem têm"),
    according_to=("segundo", "de acordo com"),
    complementizers=frozenset({"que"}),
    subject_pronouns=frozen_map({"ele": "m", "ela": "f", "eles": "p", "elas": "p"}),
    compound_past_clitics=("lhe", "lhes", "me", "te", "nos"),
    compound_past_auxiliaries=("tem", "têm", "tinha", "tinham", "havia"),
    attribution_adverbs=("também", "ainda", "já"),
    name_stop_caps=words(
        """O Os As Em Segundo No Com Depois Antes Ontem Hoje Amanhã Ele Ela Eles"""
    ),
    title_abbreviations=frozenset({"Sr", "Sra", "Dra", "Dr"}),
    person_titles=words(
        """porta-voz prefeito prefeita deputado senador diretor diretora secretário secretária
        embaixador juiz juíza procurador advogado advogada treinador governador governadora
        técnico"""
    ),
    articles=words("o a os as um uma"),
    # --- facts ---
    number_words=(
        "dois|duas=2, três=3, quatro=4, cinco=5, seis=6, sete=7, oito=8, nove=9, dez=10, "
        "onze=11, doze=12, vinte=20, trinta=30, quarenta=40, cinquenta=50, cem|cento=100"
    ),
    number_scales=(
        "mil=1E3, milhão|milhões|milhao|milhoes=1E6, bilhão|bilhões|bilhao|bilhoes=1E9, "
        "mil milhões=1E9, trilhão|trilhões=1E12"
    ),
    lone_scales=r"(?:um\s+)?(?:milhão|bilhão)|mil",
    number_link="e",
    number_fillers=frozenset({"um", "uma", "e"}),
    thousands_mark=".",
    date_day=r"(?P<d>[0-3]?[0-9])[°º]?(?![\w])",
    day_month_link=r"\s+de\s+",
    month_year_link=r"\s+de\s+",
    month_prepositions=frozenset(
        {*"em desde até de para".split(), "no início de", "no final de", "em meados de"}
    ),
    year_prepositions=frozenset(
        {
            *"em desde até de do entre e ano após".split(),
            "antes de",
            "depois de",
            "no ano de",
            "final de",
            "início de",
        }
    ),
    numeric_dates=True,
    time_units=(
        ("anos", "Y", 1, "ano"),
        ("meses", "M", 1, "mês"),
        ("semanas", "W", 1, "semana"),
        ("dias", "D", 1, "dia"),
        ("horas", "H", 1, "hora"),
        ("minutos", "MIN", 1, "minuto"),
        ("segundos", "S", 1, ""),
        ("décadas", "Y", 10, "década"),
        ("séculos", "Y", 100, "século"),
    ),
    relative_times=(
        (r"(?<![\w])(?P<f>há\s+(?:(?P<n>@NUM@)|um|uma)\s+(?P<u>@UNIT@))(?![\w])", -1, "há"),
        (r"(?<![\w])(?P<f>(?:(?P<n>@NUM@)|um|uma)\s+(?P<u>@UNIT@)\s+atrás)(?![\w])", -1, "atrás"),
        (
            r"(?<![\w])(?P<f>daqui\s+a\s+(?:(?P<n>@NUM@)|um|uma)\s+(?P<u>@UNIT@))(?![\w])",
            1,
            "daqui",
        ),
        (
            r"(?<![\w])(?P<f>(?:a|o|na|no)\s+(?P<u>semana|mês|ano)\s+"
            r"(?P<dir>passada|passado|que\s+vem))(?![\w])",
            0,
            "passada passado vem",
        ),
        (
            r"(?<![\w])(?P<f>(?:a|o|na|no)\s+(?P<dir>próxima|próximo)\s+(?P<u>semana|mês|ano))"
            r"(?![\w])",
            0,
            "próxima próximo",
        ),
    ),
    time_directions=frozen_map(
        {"passada": -1, "passado": -1, "que vem": 1, "próxima": 1, "próximo": 1}
    ),
    age_patterns=(
        r"(?<![\w])(?P<f>(?P<n>@NUM@)\s+(?P<u>anos)\s+de\s+idade)(?![\w])",
        r"(?<![\w])(?P<f>idade\s+de\s+(?P<n>@NUM@)\s+(?P<u>anos))(?![\w])",
    ),
    age_year_units=frozenset({"anos"}),
    percent_pattern=r"(?:\s?%|\s+por\s+cento(?![\w]))",
    currency_words=frozen_map(
        {
            "euros": "EUR",
            "dólares": "USD",
            "reais": "BRL",
            "libras": "GBP",
            "rublos": "RUB",
        }
    ),
    weak_currency_words=frozenset({"libras"}),
    currency_link=r"(?:\s+de\s+|\s+)",
    measure_units=words(
        """
        km quilômetros quilómetros metros centímetros kg quilos quilogramas toneladas litros
        hectares graus barris megawatts
        """
    ),
    glued_units=frozenset({"km", "kg"}),
    number_labels=words(
        "nº n.º número artigo art. capítulo página pág. linha voo sala andar rodada tomo"
    ),
    capitalised_names=True,
    name_number_exempt=words("Em Os As Até Na Nos Nas Da De"),
    count_not_nouns=words(
        """
        dos das nos nas aos mais menos anos meses vezes semanas dias horas depois antes entre
        após pelos pelas seus suas euros reais dólares milhões
        """
    ),
    count_noun_endings=("s",),
    # --- clean ---
    # --- text and keywords ---
    name_abbreviations=words("sr. sra. srta. dr. dra. gen. prof."),
    keyword_noise=frozenset({"disse"}),
    name_particles=frozenset({"da", "de"}),
    comment_headings=(
        "comentários?",
        "\\d+ comentários?",
        "deixe (?:um|seu) comentário",
        "comente!?",
    ),
    closing_headings=(
        "fontes",
        "referências",
        "sobre o autor",
        "sobre a autora",
        "sobre [a-zà-ú]+ [a-zà-ú]+",
    ),
)
