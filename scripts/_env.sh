# Sourced by scripts/run and scripts/test: create or reuse the virtual environment and install
# the project (with the extras named in NEWSBRIEF_EXTRAS) when pyproject.toml has changed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${NEWSBRIEF_VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"
EXTRAS="${NEWSBRIEF_EXTRAS:-}"

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "newsbrief needs Python 3.11 or newer; '$PYTHON' is $("$PYTHON" --version 2>&1 || echo missing)." >&2
  echo "Set PYTHON=/path/to/python3.11 and try again." >&2
  exit 2
fi
if [ ! -x "$VENV/bin/python" ]; then
  echo "Creating the virtual environment in $VENV ..." >&2
  "$PYTHON" -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "The virtual environment in $VENV is older than Python 3.11; remove it and run again." >&2
  exit 2
fi
STAMP="$VENV/.newsbrief-install"
HASH="$("$VENV/bin/python" -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest()[:16])' "$ROOT/pyproject.toml")"
HAVE="$(cat "$STAMP" 2>/dev/null || true)"
UP_TO_DATE=no
[ "$HAVE" = "$HASH [$EXTRAS]" ] && UP_TO_DATE=yes
# The dev install includes everything the plain one does.
[ -z "$EXTRAS" ] && [ "$HAVE" = "$HASH [dev]" ] && UP_TO_DATE=yes
if [ "$UP_TO_DATE" = no ]; then
  echo "Installing newsbrief and its dependencies (first run, or pyproject.toml changed) ..." >&2
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$ROOT${EXTRAS:+[$EXTRAS]}"
  echo "$HASH [$EXTRAS]" > "$STAMP"
fi
export PATH="$VENV/bin:$PATH"
cd "$ROOT"
