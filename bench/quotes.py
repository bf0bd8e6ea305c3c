"""``newsbrief eval quotes``: quotes and their speakers, scored on attributed real news.

The data is laid out as PolNeAR is (``../shared/data/polnear/dev``): ``text/<article>.txt`` (the
headline, then paragraphs separated by blank lines), ``attributions/<article>_<annotator>.ann``
(brat standoff: ``Source``, ``Cue`` and ``Content`` spans tied by ``E`` lines; the first file of
an article is read), and optionally ``corenlp/<article>.txt.xml.gz`` (Stanford CoreNLP output,
whose coreference chains resolve a pronoun source such as "he said" to the name it refers to).

The scoring rule is the data's (SOURCE.md):

- a gold quote is quoted text (in double quote marks, “…” or "…") of at least
  ``MIN_GOLD_WORDS`` words that overlaps an annotated ``Content`` span;
- it is *found* when one quote newsbrief returns covers at least ``MIN_COVERED`` of its words;
- its source is *named* when the annotated ``Source`` (or, for a pronoun or a noun phrase, the
  representative mention of its coreference chain) holds a proper name;
- a found quote's speaker is *right* when newsbrief's speaker shares a proper name with it.

What it prints: quotes found (of the gold quotes), found with the right named speaker (of those
whose source is named), found with no speaker (of those found), found with a wrong speaker (of
those found: a speaker given where the named source shares no name with it), roles given (of
the found quotes with a speaker), and the time :func:`summaries.quotes.extract_quotes` takes per
article. ``--out`` writes one JSON line per gold quote with what newsbrief said.
"""

from __future__ import annotations

import gzip
import json
import re
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from summaries.lang import LEXICONS
from summaries.models import PARAGRAPH_SEPARATOR, Quote
from summaries.quotes import extract_quotes
from summaries.text import split_sentences

# The data's rule: a quote of at least 4 words, found when 80% of its words are covered.
MIN_GOLD_WORDS = 4
MIN_COVERED = 0.8

_WORD = re.compile(r"\w+(?:['’]\w+)*")
_PROPER_TAGS = frozenset({"NNP", "NNPS"})
# Capitalised words that are no proper name: pronouns, determiners and titles, in any language.
_NOT_NAMES = frozenset(
    {"the", "a", "an", "he", "she", "they", "we", "i", "it", "his", "her", "their", "its", "our"}
    | {word for entry in LEXICONS.values() for word in entry.person_titles}
    | {word for entry in LEXICONS.values() for word in entry.honorifics}
)


@dataclass(frozen=True, slots=True)
class GoldQuote:
    """One quoted span of an article that an annotator attributed, and its source's names."""

    article: str
    start: int
    end: int
    text: str
    source: str | None  # the annotated Source span, as written
    names: frozenset[str]  # its proper names (through the coreference chain for a pronoun)


@dataclass(slots=True)
class QuoteReport:
    """The counts behind the printed figures."""

    articles: int = 0
    gold: int = 0
    named: int = 0
    found: int = 0
    found_named: int = 0
    right: int = 0
    no_speaker: int = 0
    wrong: int = 0
    with_speaker: int = 0
    roles: int = 0
    seconds: float = 0.0
    returned: int = 0
    rows: list[dict[str, object]] = field(default_factory=list)

    def table(self) -> str:
        def share(part: int, whole: int) -> str:
            return f"{100 * part / whole:.1f}%" if whole else "n/a"

        per_article = 1000 * self.seconds / self.articles if self.articles else 0.0
        lines = [
            f"gold quotes (>= {MIN_GOLD_WORDS} words): {self.gold}, "
            f"{self.named} with a named source; newsbrief returned {self.returned} quotes",
            f"quotes found:                     {self.found}/{self.gold} "
            f"= {share(self.found, self.gold)} (target >= 96%)",
            f"found with the right named speaker: {self.right}/{self.named} "
            f"= {share(self.right, self.named)} of quotes with a named source (target >= 88%)",
            f"found with no speaker:            {self.no_speaker}/{self.found} "
            f"= {share(self.no_speaker, self.found)} of found (target <= 6%)",
            f"found with a wrong speaker:       {self.wrong}/{self.found} "
            f"= {share(self.wrong, self.found)} of found (target <= 3%)",
            f"roles given:                      {self.roles}/{self.with_speaker} "
            f"= {share(self.roles, self.with_speaker)} of found quotes with a speaker",
            f"time per article (extract_quotes): {per_article:.2f} ms",
        ]
        return "\n".join(lines)


def _read_ann(
    path: Path,
) -> tuple[dict[str, tuple[str, list[tuple[int, int]]]], list[dict[str, str]]]:
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            kind, _, offsets = parts[1].partition(" ")
            ranges: list[tuple[int, int]] = []
            for piece in offsets.split(";"):
                bounds = piece.split()
                if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit():
                    ranges.append((int(bounds[0]), int(bounds[1])))
            if ranges:
                spans[parts[0]] = (kind, ranges)
        elif parts[0].startswith("E"):
            roles: dict[str, str] = {}
            for item in parts[1].split():
                role, _, target = item.partition(":")
                roles[role.rstrip("0123456789")] = target
            events.append(roles)
    return spans, events


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Text inside double quote marks, per paragraph (an open quote runs to the paragraph's end)."""
    result: list[tuple[int, int]] = []
    offset = 0
    for paragraph in text.split(PARAGRAPH_SEPARATOR):
        opened = -1
        for index, char in enumerate(paragraph):
            if char == "“" or (char == '"' and opened < 0):
                if opened < 0:
                    opened = index + 1
            elif char in '”"' and opened >= 0:
                result.append((offset + opened, offset + index))
                opened = -1
        if opened >= 0:
            result.append((offset + opened, offset + len(paragraph)))
        offset += len(paragraph) + len(PARAGRAPH_SEPARATOR)
    return result


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    word: str
    pos: str


class _Corenlp:
    """Tokens and coreference chains of one article, to name a pronoun's referent."""

    def __init__(self, path: Path) -> None:
        with gzip.open(path) as handle:
            root = ElementTree.parse(handle).getroot()
        self.sentences: dict[int, list[_Token]] = {}
        for sentence in root.iter("sentence"):
            tokens = sentence.find("tokens")
            if tokens is None:
                continue
            self.sentences[int(sentence.get("id", "0"))] = [
                _Token(
                    int(token.findtext("CharacterOffsetBegin", "0")),
                    int(token.findtext("CharacterOffsetEnd", "0")),
                    token.findtext("word", ""),
                    token.findtext("POS", ""),
                )
                for token in tokens.iter("token")
            ]
        # chains: each mention as (start char, end char, proper names, representative)
        self.chains: list[list[tuple[int, int, frozenset[str], bool]]] = []
        coreference = root.find("document/coreference")
        for chain in coreference.findall("coreference") if coreference is not None else ():
            mentions: list[tuple[int, int, frozenset[str], bool]] = []
            for mention in chain.findall("mention"):
                sentence_tokens = self.sentences.get(int(mention.findtext("sentence", "0")), [])
                first = int(mention.findtext("start", "1")) - 1
                last = int(mention.findtext("end", "1")) - 1
                words = sentence_tokens[first:last]
                if not words:
                    continue
                names = frozenset(
                    t.word for t in words if t.pos in _PROPER_TAGS and _is_name(t.word)
                )
                mentions.append(
                    (words[0].start, words[-1].end, names, mention.get("representative") == "true")
                )
            self.chains.append(mentions)

    def names(self, start: int, end: int) -> frozenset[str]:
        """Proper names of the source span, or of the chain it belongs to when it has none."""
        own = frozenset(
            t.word
            for tokens in self.sentences.values()
            for t in tokens
            if start <= t.start < end and t.pos in _PROPER_TAGS and _is_name(t.word)
        )
        if own:
            return own
        best: list[tuple[int, int, frozenset[str], bool]] | None = None
        for chain in self.chains:
            for m_start, m_end, _, _ in chain:
                if m_start < end and start < m_end and (m_start >= start or m_end <= end):
                    best = chain
                    break
            if best is not None:
                break
        if best is None:
            return frozenset()
        # The chain's representative mention, and its named mention nearest before the source
        # (a chain that CoreNLP merged across two people names both; either counts).
        found: set[str] = set()
        for _, _, names, representative in best:
            if representative and names:
                found |= names
        before = [names for m_start, _, names, _ in best if names and m_start < start]
        if before:
            found |= before[-1]
        if not found:
            found |= next((names for _, _, names, _ in best if names), frozenset())
        return frozenset(found)


def _folded(names: frozenset[str]) -> frozenset[str]:
    """Names compared without case: a transcript's "PENCE" is Mike Pence."""
    return frozenset(name.casefold() for name in names)


def _is_name(word: str) -> bool:
    return word[:1].isupper() and word.lower().rstrip(".") not in _NOT_NAMES


def _capitalised_names(text: str) -> frozenset[str]:
    """Proper names of a span without CoreNLP: its capitalised words that are no title."""
    return frozenset(
        word.removesuffix("’s").removesuffix("'s") for word in _WORD.findall(text) if _is_name(word)
    )


def speaker_names(speaker: str | None) -> frozenset[str]:
    """The words of newsbrief's speaker that can match a proper name."""
    if not speaker:
        return frozenset()
    return _capitalised_names(speaker)


def load_gold(data: Path, article: str) -> list[GoldQuote]:
    """The gold quotes of one article (its first annotation file)."""
    text = (data / "text" / f"{article}.txt").read_text(encoding="utf-8")
    files = sorted((data / "attributions").glob(f"{article}_*.ann"))
    if not files:
        return []
    spans, events = _read_ann(files[0])
    corenlp_path = data / "corenlp" / f"{article}.txt.xml.gz"
    corenlp = _Corenlp(corenlp_path) if corenlp_path.is_file() else None
    contents: list[tuple[list[tuple[int, int]], str | None]] = []
    for event in events:
        content = spans.get(event.get("Content", ""))
        if content is None:
            continue
        source = spans.get(event.get("Source", ""))
        contents.append((content[1], event.get("Source") if source else None))
    gold: list[GoldQuote] = []
    for start, end in _quoted_spans(text):
        quoted = text[start:end]
        if len(_WORD.findall(quoted)) < MIN_GOLD_WORDS:
            continue
        best: tuple[int, str | None] | None = None
        for ranges, source_id in contents:
            overlap = sum(max(0, min(end, hi) - max(start, lo)) for lo, hi in ranges)
            if overlap > 0 and (best is None or overlap > best[0]):
                best = (overlap, source_id)
        if best is None:
            continue
        source_text: str | None = None
        names: frozenset[str] = frozenset()
        if best[1] is not None:
            ranges = spans[best[1]][1]
            source_text = " ".join(text[lo:hi] for lo, hi in ranges)
            names = _capitalised_names(source_text)
            if corenlp is not None and not names:
                names = frozenset().union(*(corenlp.names(lo, hi) for lo, hi in ranges))
        gold.append(GoldQuote(article, start, end, quoted, source_text, names))
    return gold


def _covered(gold: GoldQuote, quote: Quote, text: str) -> bool:
    words = list(_WORD.finditer(text, gold.start, gold.end))
    inside = sum(1 for word in words if quote.start <= word.start() and word.end() <= quote.end)
    return bool(words) and inside >= MIN_COVERED * len(words)


def articles_of(data: Path) -> list[str]:
    """The articles of a PolNeAR-style folder, sorted."""
    return sorted(path.stem for path in (data / "text").glob("*.txt"))


def evaluate_quotes(
    data: Path, *, out: TextIO | None = None, progress: TextIO | None = None
) -> QuoteReport:
    """Score :func:`extract_quotes` on every article of ``data``."""
    report = QuoteReport()
    names = articles_of(data)
    if not names:
        raise ValueError(f"{data} has no text/*.txt articles")
    for number, article in enumerate(names, 1):
        text = (data / "text" / f"{article}.txt").read_text(encoding="utf-8")
        paragraphs = text.split(PARAGRAPH_SEPARATOR)
        began = time.perf_counter()
        sentences = split_sentences(paragraphs, "en")
        quotes = extract_quotes(text, sentences, "en")
        report.seconds += time.perf_counter() - began
        report.articles += 1
        report.returned += len(quotes)
        for gold in load_gold(data, article):
            _score(report, gold, quotes, text, out)
        if progress is not None and number % 20 == 0:
            print(f"{number}/{len(names)} articles", file=progress)
    return report


def _score(
    report: QuoteReport, gold: GoldQuote, quotes: Sequence[Quote], text: str, out: TextIO | None
) -> None:
    report.gold += 1
    named = bool(gold.names)
    report.named += named
    match = next((quote for quote in quotes if _covered(gold, quote, text)), None)
    verdict = "missed"
    if match is not None:
        report.found += 1
        report.found_named += named
        said = speaker_names(match.speaker)
        if match.speaker is None:
            report.no_speaker += 1
            verdict = "no speaker"
        else:
            report.with_speaker += 1
            report.roles += match.role is not None
            if not named:
                verdict = "speaker, source unnamed"
            elif _folded(said) & _folded(gold.names):
                report.right += 1
                verdict = "right"
            else:
                report.wrong += 1
                verdict = "wrong"
    if out is not None:
        row = {
            "article": gold.article,
            "quote": gold.text,
            "source": gold.source,
            "source_names": sorted(gold.names),
            "verdict": verdict,
            "found": match.text if match else None,
            "speaker": match.speaker if match else None,
            "role": match.role if match else None,
        }
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
