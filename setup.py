"""Build hook: compile the gettext catalogs (handlers/locale/*/LC_MESSAGES/*.po -> .mo).

Everything else about the build is in pyproject.toml. An editable install (``pip install -e .``,
what scripts/_env.sh runs) writes the .mo files beside the .po files in the source tree; a wheel
gets them in its build directory. Babel is a build requirement (pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from setuptools import setup
from setuptools.command.build_py import build_py

LOCALE = Path("handlers") / "locale"


def compile_catalogs(source: Path, target: Path) -> list[str]:
    """Every ``<lang>/LC_MESSAGES/<domain>.po`` under ``source`` as a ``.mo`` under ``target``."""
    written = []
    for po in sorted(source.glob("*/LC_MESSAGES/*.po")):
        mo = target / po.relative_to(source).with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as text:
            catalog = read_po(text, locale=po.parts[-3], domain=po.stem)
        with mo.open("wb") as compiled:
            write_mo(compiled, catalog)
        written.append(str(mo))
    return written


class BuildWithCatalogs(build_py):
    """build_py, then the catalogs compiled (in place for an editable install)."""

    def run(self) -> None:
        super().run()
        root = Path(__file__).resolve().parent
        target = root if self.editable_mode else Path(self.build_lib)
        compile_catalogs(root / LOCALE, target / LOCALE)


setup(cmdclass={"build_py": BuildWithCatalogs})
