"""The library: from article text to a verbatim Summary. No telegram or sqlalchemy imports.

The engine sits at the top (pipeline, clean, text, language, rank, quotes, facts, keywords,
models, errors); ``summaries.lang`` holds one lexicon per language; ``summaries.web`` turns a URL
into an article and ``summaries.feeds`` feeds into a digest. The engine imports neither.
"""
