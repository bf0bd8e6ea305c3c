"""Italian: every word list and pattern piece the stages read for Italian text."""

from summaries.lang.lexicon import Lexicon

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
