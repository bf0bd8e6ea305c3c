"""``newsbrief eval ...``: the benchmarks and evaluation harnesses, behind one subcommand.

``bot/cli.py`` adds these commands to its parser with :func:`add_commands` and hands a parsed
``eval`` command to :func:`run`; the harnesses' heavy imports happen only when one runs.

    newsbrief eval extraction --data DIR [--out PRED.json] [--speed]
    newsbrief eval summaries --data FILE.jsonl [--sentences 3] [--out PRED.jsonl] [--limit N]
    newsbrief eval speed --data FILE.jsonl [--limit N] [--long-sentences 2000]
    newsbrief eval bot-load --data DIR [--users 100] [--scale 1] [--workers N] [--cpus N]
    newsbrief eval poll-load [--feeds 500] [--items-per-feed 10] [--database URL] [--workers N]
                             [--data DIR] [--latency MS]
    newsbrief eval fan-out [--digests 2000] [--scale 2] [--processes 1] [--database URL]
    newsbrief eval clustering --data FILE.jsonl [--out PRED.jsonl]
    newsbrief eval paste --data FILE.jsonl [--out PAGES.jsonl]
    newsbrief eval clustering-speed --data ARTICLES.jsonl [--data ...] [--items 2000]
    newsbrief eval quotes --data DIR [--out GOLD.jsonl]
    newsbrief eval hostile [--no-attack]
"""

from __future__ import annotations

import argparse
import contextlib
import resource
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from bot.cli import EXIT_OK, EXIT_UNAVAILABLE, EXIT_USAGE, positive_int, share

if TYPE_CHECKING:
    from bench.summarization import Document


def add_commands(commands: Any) -> None:
    """Add ``eval`` and its kinds to the top-level subparsers ``commands``."""
    eval_cmd = commands.add_parser("eval", help="measure quality or speed on a data set")
    eval_kinds = eval_cmd.add_subparsers(dest="kind", required=True, metavar="KIND")
    quality = eval_kinds.add_parser(
        "summaries", help="ROUGE of the default ranker, Lead-k and plain sumy algorithms"
    )
    quality.add_argument("--data", required=True, type=Path, help="a JSON-lines data set")
    quality.add_argument("--sentences", type=positive_int, default=3)
    quality.add_argument("--out", type=Path, default=None, help="write predictions (JSON lines)")
    quality.add_argument("--limit", type=positive_int, default=None, help="first N documents")
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
    load.add_argument("--users", type=positive_int, default=100)
    load.add_argument(
        "--scale", type=float, default=1.0, help="multiply Telegram's flood limits (default 1)"
    )
    load.add_argument("--workers", type=positive_int, default=None, help="bot worker processes")
    load.add_argument(
        "--cpus",
        type=positive_int,
        default=None,
        help="pin the bot to this many CPUs, as on a smaller machine (default: all)",
    )
    hostile = eval_kinds.add_parser(
        "hostile", help="adversarial pages, feeds and files served locally: stalls, memory, time"
    )
    hostile.add_argument(
        "--no-attack", action="store_true", help="only the cases alone, not the attack on the bot"
    )
    poll = eval_kinds.add_parser(
        "poll-load", help="poll many feeds served locally: time per cycle and peak memory"
    )
    poll.add_argument("--feeds", type=positive_int, default=500)
    poll.add_argument("--items-per-feed", type=positive_int, default=10)
    poll.add_argument(
        "--database",
        default=None,
        metavar="URL",
        help="postgresql://... (a schema of its own, dropped after) or a new sqlite:///FILE "
        "(default: a temporary SQLite file)",
    )
    poll.add_argument(
        "--workers", type=positive_int, default=None, help="worker processes (default: CPUs)"
    )
    poll.add_argument(
        "--data",
        type=Path,
        default=None,
        help="a folder of real feeds (../shared/data/rss_atom_feeds) whose item texts fill the "
        "feeds (default: generated articles)",
    )
    poll.add_argument(
        "--teaser-share", type=share, default=0.2, help="items that carry only a teaser (0.2)"
    )
    poll.add_argument(
        "--changed-share",
        type=share,
        default=0.1,
        help="feeds with new items in the third cycle (0.1; 0: no third cycle)",
    )
    poll.add_argument(
        "--new-items", type=positive_int, default=2, help="new items on each changed feed"
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
    fan_out.add_argument("--digests", type=positive_int, default=2000)
    fan_out.add_argument(
        "--scale",
        type=float,
        default=2.0,
        help="multiply Telegram's flood limits (default 2: 60 messages a second)",
    )
    fan_out.add_argument(
        "--processes", type=positive_int, default=1, help="worker processes on one database"
    )
    fan_out.add_argument(
        "--database",
        default=None,
        help="an empty database's URL (default: a temporary SQLite file)",
    )
    clustering = eval_kinds.add_parser(
        "clustering", help="the digest's story clustering on a labelled news day, and a baseline"
    )
    clustering.add_argument(
        "--data", required=True, type=Path, help="JSON lines: key, title, text, ..., story"
    )
    clustering.add_argument(
        "--out", type=Path, default=None, help='write {"key", "cluster"} per item (JSON lines)'
    )
    paste = eval_kinds.add_parser(
        "paste", help="whole news pages pasted as text: headline, summary, quotes, facts"
    )
    paste.add_argument(
        "--data", required=True, type=Path, help="JSON lines: paste, title_gold, body_gold"
    )
    paste.add_argument(
        "--out", type=Path, default=None, help="write what was shown from outside, per page"
    )
    clustering_speed = eval_kinds.add_parser(
        "clustering-speed",
        help="time the digest's clustering of N feed items made of real articles' paragraphs",
    )
    clustering_speed.add_argument(
        "--data",
        required=True,
        type=Path,
        action="append",
        help="JSON lines with id (or key), title, text: each paragraph becomes an item",
    )
    clustering_speed.add_argument("--items", type=positive_int, default=2000)
    quotes = eval_kinds.add_parser(
        "quotes", help="quotes found and their speakers, on attributed news (PolNeAR's layout)"
    )
    quotes.add_argument(
        "--data", required=True, type=Path, help="text/*.txt, attributions/*.ann, corenlp/"
    )
    quotes.add_argument(
        "--out", type=Path, default=None, help="write each gold quote with what newsbrief said"
    )
    speed = eval_kinds.add_parser(
        "speed", help="time the pipeline against one plain sumy LexRank call"
    )
    speed.add_argument("--data", required=True, type=Path, help="a JSON-lines data set")
    speed.add_argument("--limit", type=positive_int, default=None, help="first N documents")
    speed.add_argument("--long-sentences", type=positive_int, default=2000)
    speed.add_argument("--repeat", type=positive_int, default=3, help="best of N per article")


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Run the parsed ``eval`` command ``args``; the exit status."""
    if args.kind == "extraction":
        return _eval_extraction(args, stdout, stderr)
    if args.kind == "summaries":
        return _eval_summaries(args, stdout, stderr)
    if args.kind == "bot-load":
        from bench import loadbench

        loadbench.run(args.data, args.users, args.scale, args.workers, stdout, cpus=args.cpus)
        return EXIT_OK
    if args.kind == "poll-load":
        return _eval_poll_load(args, stdout, stderr)
    if args.kind == "hostile":
        from bench import hostile

        hostile.run(stdout, attack=not args.no_attack)
        return EXIT_OK
    if args.kind == "fan-out":
        from bench import fanout

        fanout.run(args.digests, args.scale, args.processes, args.database, stdout)
        return EXIT_OK
    if args.kind == "speed":
        return _eval_speed(args, stdout, stderr)
    if args.kind == "clustering":
        return _eval_clustering(args, stdout, stderr)
    if args.kind == "paste":
        return _eval_paste(args, stdout, stderr)
    if args.kind == "clustering-speed":
        return _eval_clustering_speed(args, stdout, stderr)
    if args.kind == "quotes":
        return _eval_quotes(args, stdout, stderr)
    return EXIT_USAGE  # argparse has already refused anything else


def _eval_extraction(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from bench.extraction import evaluate_extraction

    if not (args.data / "ground-truth.json").is_file():
        print(f"newsbrief: {args.data} has no ground-truth.json", file=stderr)
        return EXIT_USAGE
    if args.speed:
        from bench.extraction import measure_link_speed

        print(measure_link_speed(args.data, progress=stderr).table(), file=stdout)
        return EXIT_OK
    report = evaluate_extraction(args.data, out=args.out, progress=stderr)
    print(report.table(), file=stdout)
    print(f"peak RSS: {_peak_rss_mb():.0f} MB", file=stdout)
    return EXIT_OK


def _eval_clustering_speed(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from bench.clustering import paragraph_items, time_clustering

    try:
        items = paragraph_items(args.data, args.items)
    except (OSError, ValueError) as error:
        print(f"newsbrief: {error}", file=stderr)
        return EXIT_USAGE
    if len(items) < args.items:
        print(f"newsbrief: the data make only {len(items)} items", file=stderr)
        return EXIT_USAGE
    timing = time_clustering(items)
    print(
        f"{len(items)} items -> {timing.stories} stories: cluster {timing.cluster_seconds:.3f} s "
        f"(cold: terms not yet memoised), again {timing.again_seconds:.3f} s, "
        f"rank {timing.rank_seconds:.3f} s; peak RSS: {_peak_rss_mb():.0f} MB",
        file=stdout,
    )
    return EXIT_OK


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _load_documents(args: argparse.Namespace, stderr: TextIO) -> list[Document] | None:
    """The data set named by --data (first --limit documents), or None after saying why not."""
    from bench.summarization import load_documents

    try:
        return load_documents(args.data, args.limit)
    except (OSError, ValueError) as error:
        print(f"newsbrief: {error}", file=stderr)
        return None


def _eval_summaries(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from bench.summarization import evaluate_summaries, format_table

    documents = _load_documents(args, stderr)
    if documents is None:
        return EXIT_USAGE
    opened = _open_out(args.out, stderr)
    if opened is None:
        return EXIT_USAGE
    with opened as out:
        scores = evaluate_summaries(documents, args.sentences, out=out, progress=stderr)
    print(f"{args.data} — {len(documents)} documents, {args.sentences} sentences", file=stdout)
    print(format_table(scores), file=stdout)
    print(f"peak RSS: {_peak_rss_mb():.0f} MB", file=stdout)
    return EXIT_OK


def _eval_poll_load(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from bench import pollbench

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
    from bench.summarization import measure_speed

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


def _eval_clustering(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from bench.clustering import evaluate_clustering, load_items, write_clusters
    from summaries.feeds.digest import cluster

    try:
        items, labels = load_items(args.data)
    except (OSError, ValueError) as error:
        print(f"newsbrief: {error}", file=stderr)
        return EXIT_USAGE
    opened = _open_out(args.out, stderr)
    if opened is None:
        return EXIT_USAGE
    with opened as out:
        if out is not None:
            write_clusters(cluster(items), out)
    report = evaluate_clustering(items, labels)
    stories = f", {report.stories} labelled stories" if report.stories is not None else ""
    print(f"{args.data} — {report.items} items{stories}", file=stdout)
    print(report.table(), file=stdout)
    print(f"peak RSS: {_peak_rss_mb():.0f} MB", file=stdout)
    return EXIT_OK


def _eval_paste(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from bench.paste import evaluate_paste, load_pages

    try:
        pages = load_pages(args.data)
    except (OSError, ValueError) as error:
        print(f"newsbrief: {error}", file=stderr)
        return EXIT_USAGE
    opened = _open_out(args.out, stderr)
    if opened is None:
        return EXIT_USAGE
    with opened as out:
        report = evaluate_paste(pages, out=out)
    print(f"{args.data} — {len(pages)} pages", file=stdout)
    print(report.table(), file=stdout)
    print(f"peak RSS: {_peak_rss_mb():.0f} MB", file=stdout)
    return EXIT_OK


def _eval_quotes(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from bench.quotes import evaluate_quotes

    if not (args.data / "text").is_dir() or not (args.data / "attributions").is_dir():
        print(f"newsbrief: {args.data} has no text/ and attributions/ folders", file=stderr)
        return EXIT_USAGE
    opened = _open_out(args.out, stderr)
    if opened is None:
        return EXIT_USAGE
    with opened as out:
        try:
            report = evaluate_quotes(args.data, out=out, progress=stderr)
        except (OSError, ValueError) as error:
            print(f"newsbrief: {args.data}: {error}", file=stderr)
            return EXIT_USAGE
    print(f"{args.data} — {report.articles} articles", file=stdout)
    print(report.table(), file=stdout)
    return EXIT_OK


def _open_out(
    path: Path | None, stderr: TextIO
) -> contextlib.AbstractContextManager[TextIO | None] | None:
    """``--out`` opened for writing (a context giving None without one); None, said in one line
    on ``stderr``, when it cannot be opened."""
    if path is None:
        return contextlib.nullcontext()
    try:
        return path.open("w", encoding="utf-8")
    except OSError as error:
        print(f"newsbrief: cannot write {path}: {error.strerror or error}", file=stderr)
        return None
