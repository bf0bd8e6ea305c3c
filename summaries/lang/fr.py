"""French: every word list and pattern piece the stages read for French text."""

from summaries.lang.lexicon import Lexicon, frozen_map, words

LEXICON = Lexicon(
    code="fr",
    name="french",
    quotation=("« ", " »"),
    # --- shared ---
    months=(
        ("janvier",),
        ("février",),
        ("mars",),
        ("avril",),
        ("mai",),
        ("juin",),
        ("juillet",),
        ("août",),
        ("septembre",),
        ("octobre",),
        ("novembre",),
        ("décembre",),
    ),
    weekdays=(
        ("lundi",),
        ("mardi",),
        ("mercredi",),
        ("jeudi",),
        ("vendredi",),
        ("samedi",),
        ("dimanche",),
    ),
    honorifics=frozen_map({"m": "m", "mme": "f", "mlle": "f", "dr": None}),
    abbreviations=words(
        """
        m. mm. mme. mmes. mlle. dr. pr. me. st. ste. av. bd. etc. env. janv. févr.
        avr. juil. sept. oct. nov. déc. p. ex. cf. vol. n°. no.
        """
    ),
    # --- quotes ---
    speech_verbs=words(
        """déclaré dit affirmé expliqué ajouté souligné indiqué estimé assuré précisé confié
        déclare affirme explique ajoute souligne estime précise assure confie raconte raconté
        insisté insiste annoncé répondu écrit reconnu rappelé averti martelé"""
    ),
    speech_auxiliaries=words("a ont avait"),
    according_to=("selon",),
    complementizers=frozenset({"que"}),
    subject_pronouns=frozen_map({"il": "m", "elle": "f", "ils": "p", "elles": "p"}),
    compound_past_clitics=("lui", "leur", "nous", "vous", "me", "te"),
    compound_past_auxiliaries=("a", "ont", "avait", "avaient"),
    attribution_adverbs=("aussi", "également", "encore", "déjà"),
    name_stop_caps=words(
        """Le La Les Un Une Et Mais Selon Ce Cette Ces Dans Pour Avec Sur Sous Depuis Pendant
        Après Avant Ensuite Puis Hier Demain Elle Ils Elles Nous Vous Je Lundi Mardi Mercredi
        Jeudi Vendredi Samedi Dimanche"""
    ),
    title_abbreviations=frozenset({"Mme", "Mlle", "Dr"}),
    clause_abbreviations=frozenset({"Mme"}),
    person_titles=words(
        """président présidente ministre porte-parole maire député députée sénateur sénatrice
        directeur directrice secrétaire ambassadeur ambassadrice juge procureur avocat avocate
        entraîneur sélectionneur dirigeant dirigeante commissaire préfet"""
    ),
    title_small_words=words("de la le du des"),
    articles=words("le la les un une"),
    # --- facts ---
    number_words=(
        "deux=2, trois=3, quatre=4, cinq=5, six=6, sept=7, huit=8, neuf=9, dix=10, onze=11, "
        "douze=12, vingt=20, trente=30, quarante=40, cinquante=50, cent=100"
    ),
    number_scales=(
        "mille=1E3, million|millions=1E6, milliard|milliards|md=1E9, billion|billions=1E12"
    ),
    lone_scales=r"(?:un\s+)?(?:million|milliard)|mille",
    number_link="et",
    number_fillers=frozenset({"un", "une", "et"}),
    thousands_mark=" ",
    date_day=r"(?P<d>[0-3]?[0-9])(?:er)?(?![\w])",
    day_month_link=r"\s+",
    month_year_link=r"\s+",
    month_prepositions=frozenset(
        {
            *"en depuis fin début courant avant après dès jusqu'en jusqu’en".split(),
            "au mois de",
            "le mois de",
        }
    ),
    year_prepositions=words(
        """
        en depuis dès avant après de à entre et vers fin début jusqu'en jusqu’en d'ici d’ici
        l'année l’année l'an l’an
        """
    ),
    numeric_dates=True,
    time_units=(
        ("ans années", "Y", 1, "an année"),
        ("", "M", 1, "mois"),
        ("semaines", "W", 1, "semaine"),
        ("jours", "D", 1, "jour"),
        ("heures", "H", 1, "heure"),
        ("minutes", "MIN", 1, "minute"),
        ("secondes", "S", 1, "seconde"),
        ("décennies", "Y", 10, "décennie"),
        ("siècles", "Y", 100, "siècle"),
    ),
    relative_times=(
        (
            r"(?<![\w])(?P<f>il\s+y\s+a\s+(?:(?P<n>@NUM@)\s+|(?:un|une)\s+)?(?P<u>@UNIT@))"
            r"(?![\w])",
            -1,
            "il",
        ),
        (r"(?<![\w])(?P<f>dans\s+(?:(?P<n>@NUM@)|un|une)\s+(?P<u>@UNIT@))(?![\w])", 1, "dans"),
        (
            r"(?<![\w])(?P<f>(?:la|le|l['’])\s*(?P<u>semaine|mois|année|an)\s+"
            r"(?P<dir>dernière|dernier|passée|passé|prochaine|prochain))(?![\w])",
            0,
            "dernière dernier passée passé prochaine prochain",
        ),
    ),
    time_directions=frozen_map(
        {
            "dernière": -1,
            "dernier": -1,
            "passée": -1,
            "passé": -1,
            "prochaine": 1,
            "prochain": 1,
        }
    ),
    age_patterns=(r"(?<![\w])(?P<f>âgée?s?\s+de\s+(?P<n>@NUM@)\s+(?P<u>ans))(?![\w])",),
    age_year_units=frozenset({"ans"}),
    percent_pattern=r"(?:\s?%|\s+pour\s?cent(?![\w]))",
    currency_words=frozen_map(
        {
            "euros": "EUR",
            "euro": "EUR",
            "dollars": "USD",
            "livres sterling": "GBP",
            "francs suisses": "CHF",
            "francs": "CHF",
            "roubles": "RUB",
            "yens": "JPY",
            "yuans": "CNY",
        }
    ),
    currency_link=r"(?:\s+de\s+|\s+d['’]\s*|\s+)",
    measure_units=words(
        """
        km kilomètres mètres centimètres kg kilos kilogrammes tonnes litres hectares degrés
        barils mégawatts
        """
    ),
    glued_units=frozenset({"km", "kg"}),
    number_labels=words(
        """
        n° nº numéro article art. chapitre page p. ligne salle vol chambre étage tome journée
        """
    ),
    capitalised_names=True,
    name_number_exempt=words("En Le La Les Depuis Dans De Du Des Il"),
    count_not_nouns=words(
        """
        des les mois fois plus moins sous dans sans vers après depuis chez pas très mais nous
        vous ils elles leurs ans heures jours semaines euros dollars millions milliards
        """
    ),
    count_noun_endings=("s", "x"),
    # --- clean ---
    byline_connectors=frozenset({"de", "la", "le", "du"}),
    # --- text and keywords ---
    name_abbreviations=words("m. mm. mme. mlle. dr. st. no."),
    keyword_noise=words("a déclaré"),
    name_particles=frozenset({"de la", "de", "le"}),
    comment_headings=("commentaires?", "\\d+ commentaires?", "laisser un commentaire", "réagir"),
    closing_headings=("sources", "références", "à propos de l’auteur", "à propos de l'auteur"),
)
