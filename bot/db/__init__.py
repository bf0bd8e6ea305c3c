"""Storage: SQLAlchemy 2 async on SQLite (default) or PostgreSQL; Alembic migrations.

``models`` is the schema, ``engine`` opens databases and applies migrations, ``repo`` holds the
queries (each takes the session first). Only ``bot/`` imports this package.
"""
