"""Turn pasted or extracted article text into a :class:`CleanDocument`.

:func:`clean_text` (:mod:`summaries.clean.stage`) runs six steps, in this order:

1. **Repair mojibake** once over the whole text (:func:`repair_mojibake`, in
   :mod:`summaries.clean.repair`): ``ftfy`` (curly quotes kept), then the UTF-8-read-as-Mac-Roman
   forms ``ftfy`` misses (``‚Äú`` for ``“``, ``¬†`` for a no-break space, ``–ø—Ä`` for ``пр``, and
   the doubly mangled ``‚Ķ`` for ``…``).
2. **Normalise whitespace** (:mod:`summaries.clean.repair`): every line break becomes ``\\n``,
   Unicode spaces a plain space, zero-width and bidi marks and soft hyphens go, runs of spaces
   collapse. A pasted **page source** (many HTML tags, some closing) is then read as a browser
   shows it: ``<script>``, ``<style>``, ``<noscript>``... blocks and comments go whole, other tags
   are stripped (block tags break paragraphs), entities are decoded; all of it is kept in
   ``removed`` as ``"markup"``. Text with a stray ``<`` is not touched.
3. **Make paragraphs** (:mod:`summaries.clean.paragraphs`): blank lines separate paragraphs. A
   single newline also separates them (pasted web text has one paragraph per line) unless the text
   *looks hard-wrapped* (e-mail style: most lines end mid-sentence, are about the same width and
   under ``WRAP_MAX_WIDTH``), in which case lines are joined back. A paragraph never contains a
   newline.
4. **Drop boilerplate** (:mod:`summaries.clean.boilerplate`): captions, credits, player notices,
   calls to action, cookie banners, "Read more" lists, bylines, timestamps, share rows, ads, bare
   links, headings and, in a text that is otherwise punctuated prose, lines with no
   sentence-final punctuation. Every dropped paragraph is kept in ``CleanDocument.removed`` with a
   short reason tag, so nothing is lost silently.
5. **A page** (:mod:`summaries.clean.page`): without a given title, text that carries a page
   around its article (menus, teasers: lines without sentence punctuation outside the run of
   prose) is read as a page: the article block, its headline, and the rest set aside with reasons
   ("menu", "teaser", "standfirst", "comment", "page", "byline").
6. **Title** (:mod:`summaries.clean.title`): the given title (cleaned), whose duplicate at the top
   of the body is dropped; or the page's headline; or else a first line that reads as a headline.
   A title is never a body paragraph.

Steps 3 to 6 read the shape of a line (does it end a sentence, start lower-case?) from
:mod:`summaries.clean.sentences`. Each pattern is a named, module-level compiled regex with the
reason it exists beside it, compiled once from the words of every lexicon
(``summaries/lang/<code>.py``: English and Russian have boilerplate words; gathered by
:mod:`summaries.clean.words`); to support another language, fill its lexicon's clean fields.
Cleaning never invents text: paragraphs are made only of (repaired) input characters.
"""

from __future__ import annotations

from summaries.clean.repair import repair_mojibake
from summaries.clean.stage import clean_text

__all__ = ["clean_text", "repair_mojibake"]
