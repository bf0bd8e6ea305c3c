"""Portuguese: every word list and pattern piece the stages read for Portuguese text."""

from summaries.lang.lexicon import Lexicon

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
