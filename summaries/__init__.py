"""The library: from article text to a verbatim Summary. No telegram or sqlalchemy imports."""
