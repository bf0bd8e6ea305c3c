"""Direct quotations in an article, and who said them.

:func:`extract_quotes` returns every direct quotation in article order, attributed;
:func:`key_quotes` picks the few worth showing. Whatever a :class:`~summaries.models.Quote` shows
is verbatim: ``body[start:end] == text`` is checked for every quote before it is returned, and a
quote that fails the check is dropped, never repaired.

How it works, in the order the code runs (one module a step):

1. Scan (:mod:`summaries.quotes.scan`): pair the quote marks of each paragraph, telling quotes
   from apostrophes and primes, and chain multi-paragraph quotes.
2. Attribute (:mod:`summaries.quotes.attribution`, patterns in :mod:`summaries.quotes.grammar`):
   the speech verb just before or after a quote and its subject, read by
   :mod:`summaries.quotes.names` into a name, an organisation, a role or a pronoun.
3. Resolve (:mod:`summaries.quotes.resolve`): short names to full names, pronouns to people.
4. Continue and 5. filter (:mod:`summaries.quotes.extract`): multi-paragraph and split quotes
   share a speaker; scare quotes and titles are dropped.

:func:`key_quotes` (:mod:`summaries.quotes.selection`) then ranks them, one per speaker first.

The words of every step (speech verbs, pronouns, titles, honorifics, first names, ...) come from
the language lexicons (:mod:`summaries.lang`); only what is universal (quote marks, punctuation,
Unicode letter ranges, name particles) stays in the code.

Decisions:

- Split quotes ("“We will win,” she said. “And fast.”") are two quotes with the same speaker,
  never merged: a merged text would have to skip the attribution and so would not be verbatim.
- A trailing comma inside the marks ("“We will win,” she said") is left out of the text.
"""

from __future__ import annotations

from summaries.quotes.extract import extract_quotes
from summaries.quotes.selection import key_quotes

__all__ = ["extract_quotes", "key_quotes"]
