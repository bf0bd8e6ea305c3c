"""Spanish: every word list and pattern piece the stages read for Spanish text."""

from summaries.lang.lexicon import Lexicon

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
