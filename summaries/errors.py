"""Every error the library raises on purpose, in one tree.

    SummaryError                 anything newsbrief can explain to a reader
    ├── InputError               the text we were given cannot be summarized
    │   ├── EmptyText            nothing (or only boilerplate) to read
    │   ├── TextTooLong          over the size limit
    │   ├── NotProse             no sentences: binary junk, a bare list of links, ...
    │   └── UnsupportedLanguage  a language we have no stemmer/stop words for
    ├── WorkerTimeout            the work ran past its time budget (its worker was stopped)
    ├── WorkerCrashed            the worker process died under the work
    └── (fetch and extraction errors join here in summaries/web/fetch.py and extract.py)

Errors pickle (the bot runs the pipeline in a process pool). Each error carries
``user_message``: one plain sentence for a reader, in English. The bot maps the error *class*
to its own translated strings; the CLI prints ``user_message``.
"""

from __future__ import annotations


class SummaryError(Exception):
    """Base of everything the library raises on purpose."""

    code = "error"

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


class InputError(SummaryError):
    """The text itself cannot be summarized."""

    code = "input"


class EmptyText(InputError):
    """Nothing to summarize: empty, whitespace, or only boilerplate."""

    code = "empty"

    def __init__(self, user_message: str = "There is no article text to summarize.") -> None:
        super().__init__(user_message)


class TextTooLong(InputError):
    """The text is over the size limit."""

    code = "too_long"

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(
            f"The text is too long to summarize ({size:,} characters; the limit is {limit:,})."
        )
        self.size = size
        self.limit = limit

    def __reduce__(self) -> tuple[type[TextTooLong], tuple[int, int]]:
        return (type(self), (self.size, self.limit))  # errors cross process-pool boundaries


class NotProse(InputError):
    """The text has no sentences to pick from (binary junk, a list of links, ...)."""

    code = "not_prose"

    def __init__(
        self, user_message: str = "This does not look like article text: no sentences found."
    ) -> None:
        super().__init__(user_message)


class UnsupportedLanguage(InputError):
    """The text is in a language newsbrief cannot summarize."""

    code = "unsupported_language"

    def __init__(
        self, language: str, name: str, supported: tuple[str, ...], requested: bool = False
    ) -> None:
        listed = ", ".join(supported)
        if requested:  # the caller asked for it; nothing was detected
            message = f"newsbrief cannot summarize {name} ({language}) yet. Supported: {listed}."
        elif language == "und":  # no letters, or nothing the detector could place
            message = f"newsbrief could not tell what language this is. Supported: {listed}."
        else:
            known = name if name != language else "a language newsbrief does not know"
            message = (
                f"The text seems to be in {known} ({language}), which newsbrief cannot "
                f"summarize yet. Supported: {listed}."
            )
        super().__init__(message)
        self.language = language
        self.name = name
        self.supported = supported
        self.requested = requested

    def __reduce__(
        self,
    ) -> tuple[type[UnsupportedLanguage], tuple[str, str, tuple[str, ...], bool]]:
        return (type(self), (self.language, self.name, self.supported, self.requested))


class WorkerTimeout(SummaryError):
    """The job ran past its time budget: its worker was stopped (and replaced)."""

    code = "too_slow"

    def __init__(self, budget: float = 0.0) -> None:
        super().__init__("This took too long to read, so newsbrief gave up on it.")
        self.budget = budget

    def __reduce__(self) -> tuple[type[WorkerTimeout], tuple[float]]:
        return (type(self), (self.budget,))


class WorkerCrashed(SummaryError):
    """The worker process died under the job (it was replaced)."""

    code = "worker_crashed"

    def __init__(self) -> None:
        super().__init__("newsbrief could not read this; the reader stopped. Try again later.")

    def __reduce__(self) -> tuple[type[WorkerCrashed], tuple[()]]:
        return (type(self), ())
