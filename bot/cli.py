"""The ``newsbrief`` command line.

    newsbrief run                   the Telegram bot, long polling (no token: the local sandbox)
    newsbrief webhook               the Telegram bot behind a webhook
    newsbrief chat                  the bot against a local Bot API server, in this terminal
    newsbrief db upgrade|current    apply the database migrations / show the revision
    newsbrief db backup FILE        copy the SQLite database into FILE while the bot runs
    newsbrief summarize URL|PATH|-  [--sentences N] [--lang CODE] [--title TEXT] [--json]
    newsbrief extract URL|FILE.html [--url URL] [--json]
    newsbrief eval KIND ...         benchmarks and evaluations (see bench/cli.py)

Exit status: 0 on success, 1 when the text cannot be summarized (the reason is printed), 2 on a
usage error.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from bot.config import Settings
from summaries.errors import SummaryError
from summaries.lang import lexicon
from summaries.language import SUPPORTED, language_name
from summaries.models import Summary
from summaries.pipeline import MAX_INPUT_CHARS, Options, summarize
from summaries.web.extract import Article, extract_article
from summaries.web.fetch import Fetcher, FetchOptions
from summaries.web.links import read_article

EXIT_OK = 0
EXIT_UNSUMMARIZABLE = 1
EXIT_USAGE = 2
EXIT_UNAVAILABLE = 69
EXIT_INTERNAL = 70


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsbrief",
        description="Verbatim news summaries: key sentences, attributed quotes and facts.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    commands.add_parser(
        "run", help="run the Telegram bot (long polling); with no token, the local sandbox chat"
    )
    commands.add_parser("webhook", help="run the Telegram bot behind a webhook")
    commands.add_parser(
        "worker",
        help="poll feeds and deliver digests only, reading no updates (beside `run` or `webhook`)",
    )
    chat_cmd = commands.add_parser(
        "chat", help="chat with the real bot through a local Bot API server, in this terminal"
    )
    chat_cmd.add_argument(
        "--script", type=Path, default=None, help="read the lines to type from a file"
    )

    db_cmd = commands.add_parser(
        "db", help="the database: apply migrations, show the revision, back it up"
    )
    db_cmd.add_argument("action", choices=["upgrade", "current", "backup"])
    db_cmd.add_argument("file", nargs="?", type=Path, help="backup: the new file to write")

    summarize_cmd = commands.add_parser(
        "summarize", help="summarize an article from a link, a text file or standard input"
    )
    summarize_cmd.add_argument(
        "path", help="an http(s) link, a UTF-8 text file, or - for standard input"
    )
    summarize_cmd.add_argument(
        "--sentences",
        "-n",
        type=positive_int,
        default=None,
        help="how many summary sentences (default: 3 to 5 by length)",
    )
    summarize_cmd.add_argument(
        "--lang",
        choices=sorted(SUPPORTED),
        default=None,
        help="the article's language (default: detect)",
    )
    summarize_cmd.add_argument("--title", default=None, help="the article's title, if known")
    summarize_cmd.add_argument("--json", action="store_true", help="print JSON instead of text")

    extract_cmd = commands.add_parser(
        "extract", help="print the article text and metadata newsbrief reads from a page"
    )
    extract_cmd.add_argument("source", help="an http(s) link, or a saved .html file")
    extract_cmd.add_argument("--url", default=None, help="the page's address, for a saved file")
    extract_cmd.add_argument("--json", action="store_true", help="print JSON instead of text")

    from bench import cli as bench_cli  # `newsbrief eval ...` lives in bench/

    bench_cli.add_commands(commands)

    return parser


def positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value!r}")
    return number


def share(value: str) -> float:
    try:
        share = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0 <= share <= 1:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1: {value!r}")
    return share


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _tolerant_output(sys.stdout)
    try:
        if args.command == "db":
            return _db(args, sys.stdout, sys.stderr)
        if args.command in ("run", "webhook", "worker", "chat"):
            return _bot(args, sys.stdin, sys.stderr)
        if args.command == "summarize":
            return _summarize(args, sys.stdout, sys.stderr)
        if args.command == "extract":
            return _extract(args, sys.stdout, sys.stderr)
        if args.command == "eval":
            from bench import cli as bench_cli  # the one arrow into bench/: see its docstring

            return bench_cli.run(args, sys.stdout, sys.stderr)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`| head`): nothing left to say to it
        _silence_stdout()
        return EXIT_OK
    except Exception as error:  # a bug: say so plainly, without a traceback for the user
        print(
            f"newsbrief: internal error ({type(error).__name__}); this is a bug, please report "
            "it with the input that caused it (set NEWSBRIEF_DEBUG=1 to see the details)",
            file=sys.stderr,
        )
        if os.environ.get("NEWSBRIEF_DEBUG"):
            raise
        return EXIT_INTERNAL
    return EXIT_USAGE  # argparse has already refused anything else


def _db(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from bot.db.engine import current_revision, make_engine, upgrade

    settings = load_settings(stderr)
    if settings is None:
        return EXIT_USAGE
    url = settings.database()
    if args.action == "backup":
        return _backup(url, args.file, stdout, stderr)
    if args.file is not None:
        print(f"newsbrief: db {args.action} takes no file (db backup FILE does)", file=stderr)
        return EXIT_USAGE

    async def act() -> str | None:
        engine = make_engine(url)
        try:
            if args.action == "upgrade":
                await upgrade(engine)
            return await current_revision(engine)
        finally:
            await engine.dispose()

    try:
        revision = asyncio.run(act())
    except (OSError, ConnectionError) as error:
        print(f"newsbrief: the database could not be opened: {error}", file=stderr)
        return EXIT_UNAVAILABLE
    shown = _hide_password(url)
    print(f"{shown}: revision {revision or 'none (empty database)'}", file=stdout)
    return EXIT_OK


def _backup(url: str, target: Path | None, stdout: TextIO, stderr: TextIO) -> int:
    from bot.db.backup import BackupError, backup

    if target is None:
        print("newsbrief: name the file to write: newsbrief db backup FILE", file=stderr)
        return EXIT_USAGE
    try:
        made = backup(url, target)
    except BackupError as error:
        print(f"newsbrief: {error}", file=stderr)
        return EXIT_USAGE
    print(
        f"{made.source} -> {made.target}: {made.pages:,} pages, {made.size:,} bytes",
        file=stdout,
    )
    return EXIT_OK


def _hide_password(url: str) -> str:
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)


def _bot(args: argparse.Namespace, stdin: TextIO, stderr: TextIO) -> int:
    from bot import run  # the bot's imports (telegram, aiohttp) only when the bot runs

    settings = load_settings(stderr)
    if settings is None:
        return EXIT_USAGE
    if args.command in ("webhook", "worker"):
        if settings.telegram_token is None:
            print(_NO_TOKEN, file=stderr)
            return EXIT_USAGE
        if args.command == "worker":
            return run.run_worker(settings, stderr)
        return run.run_webhook(settings, stderr)
    if args.command == "run" and settings.telegram_token is not None:
        return run.run_polling(settings, stderr)
    if args.command == "run" and not stdin.isatty():
        print(_NO_TOKEN, file=stderr)
        return EXIT_USAGE
    from bot.sandbox.chat import main as chat

    if args.command == "run":
        print(
            "No NEWSBRIEF_TELEGRAM_TOKEN is set, so newsbrief starts its local sandbox: the real "
            "bot, talking to a Bot API server on this machine. Set the token to go live.",
            file=stderr,
        )
    return chat(settings, script=getattr(args, "script", None))


_NO_TOKEN = (
    "newsbrief: NEWSBRIEF_TELEGRAM_TOKEN is not set. Get a token from @BotFather and put it in "
    ".env (see .env.example), or try the bot locally with `newsbrief chat`."
)


def _tolerant_output(stream: TextIO) -> None:
    """Replace what the terminal's encoding cannot show, instead of failing mid-output."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the final flush does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _json_ascii(stream: TextIO) -> bool:
    """Whether JSON must escape non-ASCII characters to survive the stream's encoding."""
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("-", "")
    return not encoding.startswith("utf")


def read_text(path: str, stderr: TextIO, max_chars: int = MAX_INPUT_CHARS) -> str:
    """Read the article: UTF-8 (a BOM is fine); other bytes are replaced, with a warning.

    At most ``4 * max_chars + 1`` bytes are read: enough to tell the text is over the limit
    without holding a huge paste in memory.
    """
    limit = max_chars * 4 + 1
    if path == "-":
        data = sys.stdin.buffer.read(limit)
    else:
        with Path(path).open("rb") as handle:
            data = handle.read(limit)
    if len(data) == limit:  # over the limit anyway: the pipeline refuses it with TextTooLong
        return data.decode("utf-8-sig", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        print("warning: the input is not valid UTF-8; unreadable bytes were replaced", file=stderr)
        return data.decode("utf-8", errors="replace")


def load_settings(stderr: TextIO) -> Settings | None:
    """The settings, or None after printing what is wrong with them."""
    try:
        return Settings()
    except ValidationError as error:
        for problem in error.errors():  # one line each: NEWSBRIEF_NAME and what is wrong
            name = "_".join(str(part) for part in problem["loc"]).upper()
            said = problem["msg"].removeprefix("Value error, ")
            print(f"newsbrief: bad setting NEWSBRIEF_{name}: {said}", file=stderr)
        return None
    except ValueError as error:
        print(f"newsbrief: bad setting: {error}", file=stderr)
        return None


def _summarize(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    settings = load_settings(stderr)
    if settings is None:
        return EXIT_USAGE
    title = args.title
    partial = False
    if _is_link(args.path):
        try:
            article = asyncio.run(_read_link(args.path, settings))
        except SummaryError as error:
            return _report(error, args.json, stdout, stderr)
        text, title = article.text, title or article.title
        partial = article.paywalled
    else:
        try:
            text = read_text(args.path, stderr, settings.max_input_chars)
        except OSError as error:
            print(f"newsbrief: cannot read {args.path}: {error.strerror or error}", file=stderr)
            return EXIT_USAGE
    options = Options(
        sentences=args.sentences or settings.summary_sentences,
        language=args.lang or settings.language,
        max_chars=settings.max_input_chars,
    )
    try:
        summary = summarize(text, title=title, options=options)
    except SummaryError as error:
        return _report(error, args.json, stdout, stderr)
    if args.json:
        data = summary_to_json(summary) | {"partial": partial}
        json.dump(data, stdout, ensure_ascii=_json_ascii(stdout), indent=2)
        stdout.write("\n")
    else:
        width = shutil.get_terminal_size((88, 24)).columns
        stdout.write(render_plain(summary, width=width, partial=partial))
    return EXIT_OK


def _report(error: SummaryError, as_json: bool, stdout: TextIO, stderr: TextIO) -> int:
    """Say why the text cannot be summarized (also as JSON on stdout in --json mode)."""
    if as_json:
        json.dump({"error": error.code, "message": error.user_message}, stdout)
        stdout.write("\n")
    print(f"newsbrief: {error.user_message}", file=stderr)
    return EXIT_UNSUMMARIZABLE


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _is_link(argument: str) -> bool:
    """An http(s) link, or anything with a scheme that is not a file here (``javascript:``,
    ``file:``…), so that the link reader explains what it does not follow."""
    if argument.lower().startswith(("http://", "https://")):
        return True
    return bool(_SCHEME.match(argument)) and not Path(argument).exists()


async def _read_link(url: str, settings: Settings) -> Article:
    async with Fetcher(FetchOptions(allow_private=settings.allow_private_urls)) as fetcher:
        return await read_article(url, fetcher)


def _extract(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    settings = load_settings(stderr)
    if settings is None:
        return EXIT_USAGE
    try:
        if _is_link(args.source):
            article = asyncio.run(_read_link(args.source, settings))
        else:
            try:
                html = Path(args.source).read_bytes()
            except OSError as error:
                print(
                    f"newsbrief: cannot read {args.source}: {error.strerror or error}", file=stderr
                )
                return EXIT_USAGE
            article = extract_article(html, url=args.url)
    except SummaryError as error:
        return _report(error, args.json, stdout, stderr)
    if args.json:
        json.dump(asdict(article), stdout, ensure_ascii=_json_ascii(stdout), indent=2)
        stdout.write("\n")
        return EXIT_OK
    for label, value in (
        ("title", article.title),
        ("author", article.author),
        ("date", article.date),
        ("site", article.site_name),
        ("language", article.language),
        ("canonical", article.canonical_url),
        ("amp of", article.amp_url),
        ("paywalled", "yes" if article.paywalled else None),
        ("text from", article.source),
    ):
        if value:
            stdout.write(f"{label + ':':<11} {value}\n")
    stdout.write("\n" + article.text + "\n")
    return EXIT_OK


def summary_to_json(summary: Summary) -> dict[str, Any]:
    """The JSON form of a summary (stable field names; see docs/commands.md): every quote, the
    key ones (those the summary shows) marked ``"key": true``."""
    key = set(summary.quotes)
    return {
        "title": summary.title,
        "language": summary.language,
        "sentences": [{"text": s.text, "index": s.index} for s in summary.sentences],
        "quotes": [
            {
                "text": q.text,
                "speaker": q.speaker,
                "role": q.role,
                "sentence_index": q.sentence_index,
                "key": q in key,
            }
            for q in (summary.all_quotes or summary.quotes)
        ],
        "facts": [
            {
                "kind": str(f.kind),
                "text": f.text,
                "value": f.value,
                "sentence": f.sentence,
                "sentence_index": f.sentence_index,
            }
            for f in summary.facts
        ],
        "keywords": list(summary.keywords),
        "stats": {
            "words_in": summary.words_in,
            "words_out": summary.words_out,
            "sentences_total": summary.sentences_total,
            "lines_removed": summary.lines_removed,
        },
        "removed": [asdict(line) for line in summary.removed],
    }


def render_plain(summary: Summary, width: int = 88, partial: bool = False) -> str:
    """The summary as text for a terminal: title, stats, sentences, quotes, facts, keywords."""
    width = max(40, min(width, 100))
    out: list[str] = []
    if summary.title:
        out.extend(textwrap.wrap(summary.title, width))
        out.append("=" * min(width, len(summary.title)))
    stats = (
        f"{language_name(summary.language)} · {summary.words_in} words → {summary.words_out} "
        f"({len(summary.sentences)} of {summary.sentences_total} sentences)"
    )
    if summary.lines_removed:
        noun = "line" if summary.lines_removed == 1 else "lines"
        stats += f" · {summary.lines_removed} {noun} of page clutter removed"
    out.append(stats)
    if partial:
        out.append("Partial: the page is for subscribers; this covers only the part it shows.")
    out.extend(["", "Summary"])
    for sentence in summary.sentences:
        out.extend(
            textwrap.wrap(sentence.text, width, initial_indent="  • ", subsequent_indent="    ")
        )
    if summary.quotes:
        out.extend(["", "Quotes"])
        introduced: set[str] = set()  # a speaker's role is shown once
        for quote in summary.quotes:
            role = None if quote.speaker in introduced else quote.role
            if quote.speaker:
                introduced.add(quote.speaker)
            who = ", ".join(part for part in (quote.speaker, role) if part) or "unattributed"
            opening, closing = lexicon(summary.language).quotation
            out.extend(
                textwrap.wrap(
                    f"{opening}{quote.text}{closing} — {who}",
                    width,
                    initial_indent="  ",
                    subsequent_indent="    ",
                )
            )
    if summary.facts:
        out.extend(["", "Facts"])
        for fact in summary.facts:
            value = f" = {fact.value}" if fact.value and fact.value != fact.text else ""
            out.append(f"  {fact.kind.replace('_', ' '):<13} {fact.text}{value}")
            out.extend(
                textwrap.wrap(
                    fact.sentence,
                    width,
                    initial_indent="                ",
                    subsequent_indent="                ",
                    max_lines=2,
                    placeholder=" …",
                )
            )
    if summary.keywords:
        out.extend(["", "Keywords: " + ", ".join(summary.keywords)])
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
