"""Step 3 of the clean stage: make paragraphs.

Blank lines separate paragraphs; a single newline does too, unless the text looks hard-wrapped
(e-mail style), in which case lines are joined back. A paragraph never contains a newline.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from summaries.clean.sentences import ends_sentence, starts_lower

# Hard wrap. E-mail clients and `fmt` wrap at 60-80 columns (RFC 5322 asks for <= 78); pasted web
# paragraphs are longer, and one-sentence-per-line news text (CNN/DM) has a median line of ~110.
WRAP_MAX_WIDTH = 100
# With fewer inner lines (lines followed by another line without a blank line) there is no
# evidence either way; keep one paragraph per line.
WRAP_MIN_INNER_LINES = 4
# Wrapped prose: most inner lines end mid-sentence (measured: 80-90% on CNN/DM and BBC text
# wrapped at 60-80 columns; 1-4% on the same text one sentence or paragraph per line).
WRAP_MIN_MIDSENTENCE_SHARE = 0.5
# ... most inner lines fill the width (a line is "full" at >= WRAP_FULL_RATIO of the widest) ...
WRAP_FULL_RATIO = 0.6
WRAP_MIN_FULL_SHARE = 0.6
# ... and in cased text the next line often starts with a lower-case word (~60-80% when wrapped;
# ~0% in a list of headlines, which is also short and unpunctuated).
WRAP_MIN_LOWER_NEXT_SHARE = 0.3
# A few over-long lines (a URL, a table row) do not rule out wrapping.
WRAP_MAX_LONG_SHARE = 0.1


def blocks(text: str) -> list[list[str]]:
    """Runs of non-blank lines (stripped), split at blank lines."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for raw_line in text.split("\n"):
        line = raw_line.strip()
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _looks_hard_wrapped(blocks: Sequence[Sequence[str]], *, cased: bool) -> bool:
    """Whether single newlines are a wrap width (e-mail style) rather than paragraph breaks."""
    inner = [pair for block in blocks for pair in itertools.pairwise(block)]
    if len(inner) < WRAP_MIN_INNER_LINES:
        return False
    lengths = [len(line) for line, _ in inner]
    fitting = [length for length in lengths if length <= WRAP_MAX_WIDTH]
    if len(lengths) - len(fitting) > WRAP_MAX_LONG_SHARE * len(lengths) or not fitting:
        return False
    width = max(fitting)
    full = sum(length >= WRAP_FULL_RATIO * width for length in lengths)
    mid_sentence = sum(not ends_sentence(line) for line, _ in inner)
    if full < WRAP_MIN_FULL_SHARE * len(inner):
        return False
    if mid_sentence < WRAP_MIN_MIDSENTENCE_SHARE * len(inner):
        return False
    if not cased:  # lower-cased text: the case of the next line tells nothing
        return True
    lower_next = sum(starts_lower(following) for _, following in inner)
    return lower_next >= WRAP_MIN_LOWER_NEXT_SHARE * len(inner)


def _unwrap(block: Sequence[str], width: int) -> list[str]:
    """Join a hard-wrapped block back into paragraphs; a short line ends a paragraph.

    Each join looks only at the two lines it joins, so a long paragraph costs linear time.
    """
    paragraphs: list[str] = []
    current: list[str] = []
    for line in block:
        # "well-" + "known": the hyphen is kept and no space added
        if current and not (_WORD_BREAK_HYPHEN.search(current[-1][-2:]) and starts_lower(line)):
            current.append(" ")
        current.append(line)
        if len(line) < WRAP_FULL_RATIO * width:
            paragraphs.append("".join(current))
            current = []
    if current:
        paragraphs.append("".join(current))
    return paragraphs


# A line that ends inside a hyphenated word ("well-" at the end, "known" on the next line).
_WORD_BREAK_HYPHEN = re.compile(r"[^\W\d_]-$")


def paragraph_units(blocks: Sequence[Sequence[str]], *, cased: bool) -> list[str]:
    if _looks_hard_wrapped(blocks, cased=cased):
        width = max(
            (len(line) for block in blocks for line in block if len(line) <= WRAP_MAX_WIDTH),
            default=WRAP_MAX_WIDTH,
        )
        units = [paragraph for block in blocks for paragraph in _unwrap(block, width)]
    else:
        units = [line for block in blocks for line in block]
    glued: list[list[str]] = []
    for unit in units:
        if glued and _STRAY_CLOSER.match(unit):
            glued[-1].append(unit)  # a closing quote split off its sentence goes back to it
        else:
            glued.append([unit])
    return [" ".join(parts) for parts in glued]


# A line of nothing but closing quotes and final punctuation ("’", "”.", "\". '"): one-sentence-
# per-line text (CNN/DM) splits these off the sentence they close.
_STRAY_CLOSER = re.compile(r"^[\"'“”‘’»)\].!?…,;: ]{1,6}$")
