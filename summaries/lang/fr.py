"""French: every word list and pattern piece the stages read for French text."""

from summaries.lang.lexicon import Lexicon

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
    # --- shared: end ---
    # --- quotes ---
    # --- quotes: end ---
    # --- facts ---
    # --- facts: end ---
    # --- clean ---
    # --- clean: end ---
    # --- text and keywords ---
    # --- text and keywords: end ---
)
