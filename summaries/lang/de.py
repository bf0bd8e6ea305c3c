"""German: every word list and pattern piece the stages read for German text."""

from summaries.lang.lexicon import Lexicon

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
