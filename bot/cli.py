"""The ``newsbrief`` command line.

    newsbrief run                   the Telegram bot, long polling (no token: the local sandbox)
    newsbrief webhook               the Telegram bot behind a webhook
    newsbrief chat                  the bot against a local Bot API server, in this terminal
    newsbrief db upgrade|current    apply the database migrations / show the revision
    newsbrief summarize URL|PATH|-  [--sentences N] [--lang CODE] [--title TEXT] [--json]
    newsbrief extract URL|FILE.html [--url URL] [--json]
    newsbrief eval extraction --data DIR [--out PRED.json] [--speed]
    newsbrief eval summaries --data FILE.jsonl [--sentences 3] [--out PRED.jsonl] [--limit N]
    newsbrief eval speed --data FILE.jsonl [--limit N] [--long-sentences 2000]
    newsbrief eval bot-load --data DIR [--users 100] [--scale 1] [--workers N]
    newsbrief eval poll-load [--feeds 500] [--items-per-feed 10] [--database URL] [--workers N]
                             [--data DIR] [--latency MS]

Exit status: 0 on success, 1 when the text cannot be summarized (the reason is printed), 2 on a
usage error.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import resource
import shutil
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from pydantic import ValidationError

from bot.config import Settings
from summaries.errors import SummaryError
from summaries.extract import Article, extract_article
from summaries.fetch import Fetcher, FetchOptions
from summaries.language import SUPPORTED, language_name
from summaries.links import read_article
from summaries.models import Summary
from summaries.pipeline import MAX_INPUT_CHARS, Options, summarize

if TYPE_CHECKING:
    from summaries.evaluation import Document

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

    db_cmd = commands.add_parser("db", help="the database: apply migrations, show the revision")
    db_cmd.add_argument("action", choices=["upgrade", "current"])

    summarize_cmd = commands.add_parser(
        "summarize", help="summarize an article from a link, a text file or standard input"
    )
    summarize_cmd.add_argument(
        "path", help="an http(s) link, a UTF-8 text file, or - for standard input"
    )
    summarize_cmd.add_argument(
        "--sentences",
        "-n",
        type=_positive_int,
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

    eval_cmd = commands.add_parser("eval", help="measure quality or speed on a data set")
    eval_kinds = eval_cmd.add_subparsers(dest="kind", required=True, metavar="KIND")
    quality = eval_kinds.add_parser(
        "summaries", help="ROUGE of the default ranker, Lead-k and plain sumy algorithms"
    )
    quality.add_argument("--data", required=True, type=Path, help="a JSON-lines data set")
    quality.add_argument("--sentences", type=_positive_int, default=3)
    quality.add_argument("--out", type=Path, default=None, help="write predictions (JSON lines)")
    quality.add_argument("--limit", type=_positive_int, default=None, help="first N documents")
    extraction = eval_kinds.add_parser(
        "extraction", help="shingle F1 of our extractor and plain trafilatura on a benchmark"
    )
    extraction.add_argument(
        "--data", required=True, type=Path, help="html/<id>.html.gz and ground-truth.json"
    )
    extraction.add_argument("--out", type=Path, default=None, help="write our extractions (JSON)")
    extraction.add_argument(
        "--speed",
        action="store_true",
        help="instead: time fetch (local server) + extract + summarize vs plain trafilatura",
    )
    load = eval_kinds.add_parser(
        "bot-load", help="many users sending links at once to the bot, via the local sandbox"
    )
    load.add_argument(
        "--data",
        required=True,
        type=Path,
        help="article pages: html/<id>.html.gz, ground-truth.json",
    )
    load.add_argument("--users", type=_positive_int, default=100)
    load.add_argument(
        "--scale", type=float, default=1.0, help="multiply Telegram's flood limits (default 1)"
    )
    load.add_argument("--workers", type=_positive_int, default=None, help="bot worker processes")
    poll = eval_kinds.add_parser(
        "poll-load", help="poll many feeds served locally: time per cycle and peak memory"
    )
    poll.add_argument("--feeds", type=_positive_int, default=500)
    poll.add_argument("--items-per-feed", type=_positive_int, default=10)
    poll.add_argument(
        "--database",
        default=None,
        metavar="URL",
        help="postgresql://... (a schema of its own, dropped after) or a new sqlite:///FILE "
        "(default: a temporary SQLite file)",
    )
    poll.add_argument(
        "--workers", type=_positive_int, default=None, help="worker processes (default: CPUs)"
    )
    poll.add_argument(
        "--data",
        type=Path,
        default=None,
        help="a folder of real feeds (../shared/data/rss_atom_feeds) whose item texts fill the "
        "feeds (default: generated articles)",
    )
    poll.add_argument(
        "--teaser-share", type=_share, default=0.2, help="items that carry only a teaser (0.2)"
    )
    poll.add_argument(
        "--changed-share",
        type=_share,
        default=0.1,
        help="feeds with new items in the third cycle (0.1; 0: no third cycle)",
    )
    poll.add_argument(
        "--new-items", type=_positive_int, default=2, help="new items on each changed feed"
    )
    poll.add_argument(
        "--latency",
        type=int,
        default=0,
        metavar="MS",
        help="the site answers each request this late, as a distant site would (default 0)",
    )
    fan_out = eval_kinds.add_parser(
        "fan-out", help="many digests due at once, delivered by `newsbrief worker` via the sandbox"
    )
    fan_out.add_argument("--digests", type=_positive_int, default=2000)
    fan_out.add_argument(
        "--scale",
        type=float,
        default=2.0,
        help="multiply Telegram's flood limits (default 2: 60 messages a second)",
    )
    fan_out.add_argument(
        "--processes", type=_positive_int, default=1, help="worker processes on one database"
    )
    fan_out.add_argument(
        "--database",
        default=None,
        help="an empty database's URL (default: a temporary SQLite file)",
    )
    speed = eval_kinds.add_parser(
        "speed", help="time the pipeline against one plain sumy LexRank call"
    )
    speed.add_argument("--data", required=True, type=Path, help="a JSON-lines data set")
    speed.add_argument("--limit", type=_positive_int, default=None, help="first N documents")
    speed.add_argument("--long-sentences", type=_positive_int, default=2000)
    speed.add_argument("--repeat", type=_positive_int, default=3, help="best of N per article")
    return parser


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value!r}")
    return number


def _share(value: str) -> float:
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
        if args.command == "eval" and args.kind == "extraction":
            return _eval_extraction(args, sys.stdout, sys.stderr)
        if args.command == "eval" and args.kind == "summaries":
            return _eval_summaries(args, sys.stdout, sys.stderr)
        if args.command == "eval" and args.kind == "bot-load":
            from bot import loadbench

            loadbench.run(args.data, args.users, args.scale, args.workers, sys.stdout)
            return EXIT_OK
        if args.command == "eval" and args.kind == "poll-load":
            return _eval_poll_load(args, sys.stdout, sys.stderr)
        if args.command == "eval" and args.kind == "fan-out":
            from bot import fanout

            fanout.run(args.digests, args.scale, args.processes, args.database, sys.stdout)
            return EXIT_OK
        if args.command == "eval" and args.kind == "speed":
            return _eval_speed(args, sys.stdout, sys.stderr)
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


def _eval_extraction(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from summaries.extraction_eval import evaluate_extraction

    if not (args.data / "ground-truth.json").is_file():
        print(f"newsbrief: {args.data} has no ground-truth.json", file=stderr)
        return EXIT_USAGE
    if args.speed:
        from summaries.extraction_eval import measure_link_speed

        print(measure_link_speed(args.data, progress=stderr).table(), file=stdout)
        return EXIT_OK
    report = evaluate_extraction(args.data, out=args.out, progress=stderr)
    print(report.table(), file=stdout)
    print(f"peak RSS: {_peak_rss_mb():.0f} MB", file=stdout)
    return EXIT_OK


def summary_to_json(summary: Summary) -> dict[str, Any]:
    """The JSON form of a summary (stable field names; see README)."""
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
            }
            for q in summary.quotes
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
        for quote in summary.quotes:
            who = ", ".join(part for part in (quote.speaker, quote.role) if part) or "unattributed"
            opening, closing = _QUOTE_MARKS.get(summary.language, ("“", "”"))
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


# How each language marks a quotation when we print one.
_QUOTE_MARKS = {
    "ru": ("«", "»"),
    "fr": ("« ", " »"),
    "de": ("„", "“"),
    "es": ("«", "»"),
    "it": ("«", "»"),
    "pt": ("«", "»"),
}


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _load_documents(args: argparse.Namespace, stderr: TextIO) -> list[Document] | None:
    """The data set named by --data (first --limit documents), or None after saying why not."""
    from summaries.evaluation import load_documents

    try:
        return load_documents(args.data, args.limit)
    except (OSError, ValueError) as error:
        print(f"newsbrief: {error}", file=stderr)
        return None


def _eval_summaries(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from summaries.evaluation import evaluate_summaries, format_table

    documents = _load_documents(args, stderr)
    if documents is None:
        return EXIT_USAGE
    try:
        out = args.out.open("w", encoding="utf-8") if args.out else None
    except OSError as error:
        print(f"newsbrief: cannot write {args.out}: {error.strerror or error}", file=stderr)
        return EXIT_USAGE
    try:
        scores = evaluate_summaries(documents, args.sentences, out=out, progress=stderr)
    finally:
        if out is not None:
            out.close()
    print(f"{args.data} — {len(documents)} documents, {args.sentences} sentences", file=stdout)
    print(format_table(scores), file=stdout)
    print(f"peak RSS: {_peak_rss_mb():.0f} MB", file=stdout)
    return EXIT_OK


def _eval_poll_load(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from bot import pollbench

    if args.data is not None and not args.data.is_dir():
        print(f"newsbrief: {args.data} is not a folder", file=stderr)
        return EXIT_USAGE
    try:
        database = None if args.database is None else pollbench.async_url(args.database)
        pollbench.run(
            args.feeds,
            args.items_per_feed,
            database=database,
            workers=args.workers,
            data_dir=args.data,
            teaser_share=args.teaser_share,
            changed_share=args.changed_share,
            new_items=args.new_items,
            latency_ms=max(0, args.latency),
            out=stdout,
            progress=stderr,
        )
    except ValueError as error:  # a bad URL, an existing SQLite file, no feeds in --data
        print(f"newsbrief: {error}", file=stderr)
        return EXIT_USAGE
    except (OSError, ConnectionError) as error:
        print(f"newsbrief: the database could not be opened: {error}", file=stderr)
        return EXIT_UNAVAILABLE
    return EXIT_OK


def _eval_speed(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from summaries.evaluation import measure_speed

    documents = _load_documents(args, stderr)
    if documents is None:
        return EXIT_USAGE
    try:
        report = measure_speed(documents, args.long_sentences, progress=stderr, repeat=args.repeat)
    except ValueError as error:
        print(f"newsbrief: {args.data}: {error}", file=stderr)
        return EXIT_USAGE
    print(f"{args.data} — {report.articles} articles (best of {args.repeat} each)", file=stdout)
    print(
        f"per article, median: pipeline {1000 * report.pipeline_median:.2f} ms, "
        f"plain sumy LexRank {1000 * report.lexrank_median:.2f} ms, "
        f"ratio {report.article_ratio:.2f} (target <= 2.00: "
        f"{'met' if report.article_ratio <= 2 else 'MISSED'})",
        file=stdout,
    )
    print(
        f"long text ({report.long_sentences} sentences): pipeline {report.long_pipeline:.2f} s, "
        f"plain sumy LexRank {report.long_lexrank:.2f} s, ratio {report.long_ratio:.3f} "
        f"(target < 0.100: {'met' if report.long_ratio < 0.1 else 'MISSED'})",
        file=stdout,
    )
    print(f"peak RSS: {_peak_rss_mb():.0f} MB", file=stdout)
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
