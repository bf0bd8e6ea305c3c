"""Feed lists in and out (handlers/feedfiles.py) end to end: OPML files sent to the real bot
through the sandbox Bot API server, the feeds they list served by a local HTTP server, the
subscriptions kept on SQLite and on PostgreSQL; /export, and /suggested from an operator's file.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Bot

from bot import subscriptions as subscriptions_module
from bot.app import polling
from bot.cli import main
from bot.config import Settings
from bot.db.engine import sessions
from bot.sandbox.records import SandboxMessage
from bot.sandbox.server import SANDBOX_TOKEN, BotApiServer
from bot.store import DbStore
from handlers import feedfiles
from handlers.runtime import Runtime
from summaries.feeds.opml import parse_opml
from tests.bot import test_bot
from tests.bot.test_bot import ANN, BOB, GROUP, WAIT, Site, button_texts, start_bot

# The bot tests' fixtures, requested by name below: a worker pool, the sandbox, a local site.
pool = test_bot.pool
sandbox = test_bot.sandbox
site = test_bot.site

RSS = "application/rss+xml"

OUTLETS = {
    "/harbour/feed.xml": ("The Harbour Gazette", "Lifeboat crew rescues three from the Mare Rocks"),
    "/valley/atom.xml": (
        "Valley Chronicle",
        "Orchard growers report the earliest blossom in years",
    ),
    "/northbank/rss": ("Northbank Weekly", "Library extension opens after two-year wait"),
    "/kestrel/rss": ("Kestrel Valley Radio", "Bus timetable changes from Monday"),
    "/lowmoor/rss": ("Lowmoor Ledger", "Council approves new cycle lane on Mill Street"),
    "/saltings/rss": ("Saltings Post", "Ferry returns to service after engine repair"),
}


def rss(site: Site, path: str) -> str:
    title, headline = OUTLETS[path]
    slug = path.strip("/").split("/")[0]
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{title}</title><link>{site.url('/' + slug + '/')}</link>"
        "<description>Local news</description>"
        f"<item><title>{headline}</title><link>{site.url('/' + slug + '/story-1')}</link>"
        f"<description>{headline}. The full story is on our site.</description>"
        "<pubDate>Mon, 02 Jun 2025 07:30:00 GMT</pubDate></item>"
        "</channel></rss>"
    )


def atom(site: Site, path: str) -> str:
    title, headline = OUTLETS[path]
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{title}</title><id>{site.url(path)}</id><updated>2025-06-02T07:00:00Z</updated>"
        f'<entry><title>{headline}</title><link href="{site.url("/valley/blossom")}"/>'
        f"<id>{site.url('/valley/blossom')}</id><updated>2025-06-02T06:00:00Z</updated>"
        f"<summary>{headline}, growers in the valley said.</summary></entry></feed>"
    )


def serve_outlets(site: Site, *, delay: float = 0.0) -> None:
    """Every outlet's feed, a site whose home page names its feed, and a page without one."""
    for path in OUTLETS:
        if path.endswith("atom.xml"):
            site.page(path, atom(site, path), headers={"Content-Type": "application/atom+xml"})
        else:
            site.page(path, rss(site, path), headers={"Content-Type": RSS}, delay=delay)
    site.page(
        "/courier/",
        "<html><head><title>Riverton Courier</title>"
        '<link rel="alternate" type="application/rss+xml" title="Riverton Courier" '
        'href="/courier/rss"></head><body><h1>Riverton Courier</h1></body></html>',
    )
    site.page(
        "/courier/rss",
        rss(site, "/northbank/rss").replace("Northbank Weekly", "Riverton Courier"),
        headers={"Content-Type": RSS},
    )
    site.page(
        "/council/minutes.html",
        "<html><head><title>Town council minutes</title></head><body><h1>Minutes</h1>"
        "<p>The council met on Tuesday.</p></body></html>",
    )


def opml(site: Site, *outlines: str, title: str = "Subscriptions in Feedreader") -> bytes:
    body = "\n    ".join(outlines)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">\n'
        f"  <head><title>{title}</title>"
        "<dateCreated>Mon, 02 Jun 2025 08:00:00 GMT</dateCreated></head>\n"
        f"  <body>\n    {body}\n  </body>\n</opml>\n"
    ).encode()


def outline(site: Site, path: str, text: str | None = None) -> str:
    name = text or OUTLETS[path][0]
    return f'<outline type="rss" text="{name}" title="{name}" xmlUrl="{site.url(path)}"/>'


def folder(name: str, *children: str) -> str:
    return f'<outline text="{name}" title="{name}">' + "".join(children) + "</outline>"


@pytest.fixture
async def store(engine: AsyncEngine) -> DbStore:
    """The bot's store on this test's database (SQLite, then PostgreSQL)."""
    return DbStore(sessions(engine))


@contextlib.asynccontextmanager
async def running(
    sandbox: BotApiServer, pool: ProcessPoolExecutor, store: DbStore, **changes: Any
) -> AsyncIterator[Runtime]:
    app, runtime = await start_bot(sandbox, pool, store, **changes)
    async with polling(app):
        yield runtime
    await runtime.close()


@pytest.fixture
async def runtime(
    sandbox: BotApiServer, pool: ProcessPoolExecutor, store: DbStore
) -> AsyncIterator[Runtime]:
    async with running(sandbox, pool, store) as shared:
        yield shared


async def result_of_import(sandbox: BotApiServer, chat_id: int) -> SandboxMessage:
    return await sandbox.wait_for_message(
        chat_id,
        lambda m: (m.text or "").startswith(("Import: the file lists", "Импорт: в файле")),
        WAIT,
    )


async def feed_urls(runtime: Runtime, chat_id: int) -> list[str]:
    assert runtime.subscriptions is not None
    return [feed.url for feed in await runtime.subscriptions.feeds(chat_id)]


def sent_texts(sandbox: BotApiServer, method: str) -> list[str]:
    return [str(call.params.get("text")) for call in sandbox.calls if call.method == method]


# --- import -------------------------------------------------------------------------------------


async def test_import_names_every_feed_it_could_not_follow(
    sandbox: BotApiServer, runtime: Runtime, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(feedfiles, "PROGRESS_EVERY_SECONDS", 0.0)  # show every count
    serve_outlets(site)
    await sandbox.send(ANN, ANN, f"/subscribe {site.url('/harbour/feed.xml')}")
    await sandbox.wait_for_message(ANN, lambda m: "Subscribed to" in (m.text or ""), WAIT)
    data = opml(
        site,
        folder(
            "Local news",
            outline(site, "/harbour/feed.xml"),  # followed already
            outline(site, "/courier/", "Riverton Courier"),  # a site that names its feed
        ),
        folder(
            "Science",
            outline(site, "/valley/atom.xml"),
            outline(site, "/marsh/feed.xml", "Marsh Observatory Notes"),  # 404
        ),
        outline(site, "/council/minutes.html", "Town council minutes"),  # a page, no feed
    )
    await sandbox.send_document(ANN, ANN, "subscriptions.opml", data, "text/x-opml")

    result = await result_of_import(sandbox, ANN)
    text = result.text or ""
    assert "Importing 5 feeds…" in sent_texts(sandbox, "sendMessage")  # the placeholder
    assert any("checked…" in t for t in sent_texts(sandbox, "editMessageText"))  # progress
    assert "Import: the file lists 5 feeds." in text
    assert "Added: 2" in text and "Already followed: 1" in text
    assert "Could not be read: 2" in text
    assert "– Marsh Observatory Notes: not found (HTTP 404)" in text
    assert "– Town council minutes: not a feed, and the page names none" in text
    assert "Left out" not in text and "Not checked" not in text
    assert "daily digest at 08:00 (UTC)" in text
    urls = await feed_urls(runtime, ANN)
    assert urls == [
        site.url("/harbour/feed.xml"),
        site.url("/courier/rss"),  # the feed the site names, not the site
        site.url("/valley/atom.xml"),
    ]
    assert runtime.subscriptions is not None
    titles = [feed.title for feed in await runtime.subscriptions.feeds(ANN)]
    assert titles == ["The Harbour Gazette", "Riverton Courier", "Valley Chronicle"]


async def test_import_stops_at_the_feed_limit_and_says_which_were_left_out(
    sandbox: BotApiServer, runtime: Runtime, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(subscriptions_module, "MAX_FEEDS_PER_CHAT", 3)
    serve_outlets(site)
    await sandbox.send(ANN, ANN, f"/subscribe {site.url('/harbour/feed.xml')}")
    await sandbox.wait_for_message(ANN, lambda m: "Subscribed to" in (m.text or ""), WAIT)
    data = opml(
        site,
        outline(site, "/gone/rss", "Old Mill Gazette"),  # dead: its place goes to the next
        outline(site, "/northbank/rss"),
        outline(site, "/kestrel/rss"),
        outline(site, "/lowmoor/rss"),  # over the limit of 3
        outline(site, "/saltings/rss"),  # over the limit of 3
    )
    await sandbox.send_document(ANN, ANN, "feeds.xml", data, "application/xml")
    text = (await result_of_import(sandbox, ANN)).text or ""
    assert "Added: 2" in text and "Already followed" not in text
    assert "– Old Mill Gazette: not found (HTTP 404)" in text
    assert "Left out, over the limit of 3 feeds per chat: 2\n– Lowmoor Ledger\n– Saltings Post" in (
        text
    )
    assert len(await feed_urls(runtime, ANN)) == 3
    assert site.hits.get("/lowmoor/rss", 0) == site.hits.get("/saltings/rss", 0) == 0  # not tried


async def test_files_that_are_not_feed_lists_get_one_sentence(
    sandbox: BotApiServer, runtime: Runtime, site: Site
) -> None:
    serve_outlets(site)
    await sandbox.send_document(
        ANN, ANN, "harbour.xml", rss(site, "/harbour/feed.xml").encode(), "application/xml"
    )
    await sandbox.wait_for_message(ANN, lambda m: "XML, but not OPML" in (m.text or ""), WAIT)
    await sandbox.send_document(ANN, ANN, "broken.opml", b'<opml version="2.0"><body><outline')
    await sandbox.wait_for_message(ANN, lambda m: "not well-formed XML" in (m.text or ""), WAIT)
    await sandbox.send_document(
        ANN, ANN, "empty.opml", b'<opml version="2.0"><head/><body/></opml>'
    )
    await sandbox.wait_for_message(ANN, lambda m: "lists no feeds" in (m.text or ""), WAIT)
    await sandbox.send_document(
        ANN, ANN, "report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "application/pdf"
    )
    await sandbox.wait_for_message(ANN, lambda m: "this file is not one" in (m.text or ""), WAIT)

    big = opml(site, outline(site, "/harbour/feed.xml")) + b"<!--" + b" " * (1200 * 1024) + b"-->"
    await sandbox.send_document(ANN, ANN, "huge.opml", big, "text/x-opml")
    refused = await sandbox.wait_for_message(ANN, lambda m: "up to 1 MB" in (m.text or ""), WAIT)
    assert (refused.text or "").startswith("This file is 1.2 MB; I import OPML files up to 1 MB")
    assert not any(
        call.method == "getFile" and "huge" in str(call.params) for call in sandbox.calls
    )
    assert sum(call.method == "getFile" for call in sandbox.calls) == 3  # the three XML files

    laughs = (
        b'<?xml version="1.0"?>\n<!DOCTYPE opml [\n  <!ENTITY lol "lol">\n'
        b'  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n]>\n'
        b'<opml version="2.0"><body><outline text="&lol2;" xmlUrl="'
        + site.url("/harbour/feed.xml").encode()
        + b'"/></body></opml>'
    )
    await sandbox.send_document(ANN, ANN, "laughs.opml", laughs, "text/x-opml")
    await sandbox.wait_for_message(ANN, lambda m: "declares a DTD" in (m.text or ""), WAIT)
    await sandbox.send_document(BOB, BOB, "laughs.opml", laughs, "text/x-opml")
    await sandbox.wait_for_message(BOB, lambda m: "объявлен DTD" in (m.text or ""), WAIT)
    assert site.hits == {}  # nothing listed in a refused file was fetched
    assert await feed_urls(runtime, ANN) == []

    await sandbox.send(ANN, ANN, "/import")
    await sandbox.wait_for_message(ANN, lambda m: "Send me an OPML file" in (m.text or ""), WAIT)


async def test_in_groups_only_files_the_bot_is_asked_to_import(
    sandbox: BotApiServer, runtime: Runtime, site: Site
) -> None:
    sandbox.group(GROUP, "Readers")
    serve_outlets(site)
    data = opml(site, outline(site, "/northbank/rss"), outline(site, "/kestrel/rss"))
    posted = await sandbox.send_document(GROUP, ANN, "club.opml", data, "text/x-opml")
    await sandbox.send_document(GROUP, BOB, "minutes.pdf", b"%PDF-1.7\n", "application/pdf")
    await sandbox.wait_for(lambda: not sandbox.updates_pending, WAIT)  # the bot has read both
    await asyncio.sleep(0.3)  # and had time to answer, were it going to
    assert sandbox.messages(GROUP) == []
    await sandbox.send(GROUP, BOB, "/import", reply_to_message_id=posted["message_id"])
    text = (await result_of_import(sandbox, GROUP)).text or ""
    assert "Импорт: в файле 2 ленты." in text and "Добавлено: 2" in text  # Bob's language
    assert len(await feed_urls(runtime, GROUP)) == 2
    caption = opml(site, outline(site, "/lowmoor/rss"))
    await sandbox.send_document(
        GROUP, ANN, "more.opml", caption, caption="@newsbrief_bot add these"
    )
    await sandbox.wait_for_message(GROUP, lambda m: "Added: 1" in (m.text or ""), WAIT)
    assert len(await feed_urls(runtime, GROUP)) == 3


# --- export -------------------------------------------------------------------------------------


async def test_export_round_trips_through_parse_opml(
    sandbox: BotApiServer, runtime: Runtime, site: Site
) -> None:
    await sandbox.send(ANN, ANN, "/export")
    await sandbox.wait_for_message(ANN, lambda m: "no feeds yet" in (m.text or ""), WAIT)
    serve_outlets(site)
    data = opml(
        site,
        outline(site, "/harbour/feed.xml"),
        outline(site, "/valley/atom.xml"),
        outline(site, "/courier/", "Riverton Courier"),
    )
    await sandbox.send_document(ANN, ANN, "mine.opml", data, "text/x-opml")
    assert "Added: 3" in ((await result_of_import(sandbox, ANN)).text or "")

    await sandbox.send(ANN, ANN, "/export")
    sent = await sandbox.wait_for_message(ANN, lambda m: m.document is not None, WAIT)
    assert sent.document is not None and sent.document["file_name"] == "newsbrief-feeds.opml"
    assert "Your 3 feeds as OPML" in (sent.caption or "")
    async with Bot(
        SANDBOX_TOKEN, base_url=sandbox.base_url, base_file_url=sandbox.base_file_url
    ) as bot:
        exported = bytes(
            await (await bot.get_file(sent.document["file_id"])).download_as_bytearray()
        )
    listed = parse_opml(exported)
    assert [feed.url for feed in listed] == await feed_urls(runtime, ANN)
    assert [feed.title for feed in listed] == [
        "The Harbour Gazette",
        "Valley Chronicle",
        "Riverton Courier",
    ]

    await sandbox.send_document(ANN, ANN, "newsbrief-feeds.opml", exported, "text/x-opml")
    await sandbox.wait_for_message(
        ANN,
        lambda m: "Already followed: 3" in (m.text or "") and "Added: 0" in (m.text or ""),
        WAIT,
    )
    assert len(await feed_urls(runtime, ANN)) == 3


# --- suggested feeds ----------------------------------------------------------------------------


def suggestions_file(tmp_path: Path, site: Site) -> Path:
    path = tmp_path / "suggested.opml"
    path.write_bytes(
        opml(
            site,
            folder(
                "Local news",
                outline(site, "/harbour/feed.xml"),
                outline(site, "/northbank/rss"),
            ),
            folder("Science", outline(site, "/valley/atom.xml")),
            outline(site, "/kestrel/rss"),
            title="newsbrief suggestions",
        )
    )
    return path


async def test_suggested_feeds_are_followed_with_a_press(
    sandbox: BotApiServer,
    pool: ProcessPoolExecutor,
    store: DbStore,
    site: Site,
    tmp_path: Path,
) -> None:
    serve_outlets(site)
    site.page(
        "/harbour/feed.xml",
        rss(site, "/harbour/feed.xml"),
        headers={"Content-Type": RSS},
        delay=1.0,
    )
    path = suggestions_file(tmp_path, site)
    async with running(sandbox, pool, store, suggested_feeds=path) as runtime:
        await sandbox.send(ANN, ANN, "/start")
        await sandbox.wait_for_message(
            ANN, lambda m: "/suggested has feeds" in (m.text or ""), WAIT
        )
        await sandbox.send(ANN, ANN, "/feeds")
        await sandbox.wait_for_message(
            ANN, lambda m: "no feeds yet" in (m.text or "") and "/suggested" in (m.text or ""), WAIT
        )
        await sandbox.send(ANN, ANN, "/suggested")
        shown = await sandbox.wait_for_message(
            ANN, lambda m: "Pick a topic" in (m.text or ""), WAIT
        )
        assert button_texts(shown) == ["📂 Local news (2)", "📂 Science (1)", "📂 More (1)"]
        assert all(len(b["callback_data"].encode()) <= 16 for b in shown.buttons())

        await sandbox.press(ANN, shown.message_id, from_user=ANN, index=0)
        await sandbox.wait_for(lambda: "Suggested feeds · Local news" in (shown.text or ""), WAIT)
        assert button_texts(shown) == ["➕ The Harbour Gazette", "➕ Northbank Weekly", "◀ Topics"]

        answers = len(sandbox.callback_answers)
        await sandbox.press(ANN, shown.message_id, from_user=ANN, index=0)
        await sandbox.wait_for(lambda: len(sandbox.callback_answers) > answers, WAIT)
        assert sandbox.callback_answers[-1].text == "Adding The Harbour Gazette…"
        assert button_texts(shown)[0] == "➕ The Harbour Gazette"  # answered before the slow feed
        serve_outlets(site)  # later reads (the poll of the new feed) without the delay
        await sandbox.wait_for(lambda: button_texts(shown)[0] == "✓ The Harbour Gazette", WAIT)
        assert "Subscribed to The Harbour Gazette" in (shown.text or "")
        assert await feed_urls(runtime, ANN) == [site.url("/harbour/feed.xml")]

        await sandbox.press(ANN, shown.message_id, from_user=ANN, index=0)  # followed already
        await sandbox.wait_for(
            lambda: (sandbox.callback_answers[-1].text or "").startswith("You follow The Harbour"),
            WAIT,
        )
        await sandbox.press(ANN, shown.message_id, from_user=ANN, index=2)  # back
        await sandbox.wait_for(lambda: "Pick a topic" in (shown.text or ""), WAIT)
        assert button_texts(shown)[0] == "📂 Local news (✓ 1/2)"
        await sandbox.press(ANN, shown.message_id, from_user=ANN, index=2)
        await sandbox.wait_for(lambda: "Suggested feeds · More" in (shown.text or ""), WAIT)
        await sandbox.press(ANN, shown.message_id, from_user=ANN, index=0)
        await sandbox.wait_for(lambda: button_texts(shown)[0] == "✓ Kestrel Valley Radio", WAIT)
        assert len(await feed_urls(runtime, ANN)) == 2

        await sandbox.send(BOB, BOB, "/suggested")
        russian = await sandbox.wait_for_message(
            BOB, lambda m: "Выберите тему" in (m.text or ""), WAIT
        )
        assert button_texts(russian)[-1] == "📂 Ещё (1)"

    path.write_bytes(opml(site, outline(site, "/saltings/rss")))  # the operator's new list
    async with running(sandbox, pool, store, suggested_feeds=path) as runtime:
        await sandbox.press(ANN, shown.message_id, from_user=ANN, index=0)  # drawn before
        changed = "This list has changed: send /suggested again."
        await sandbox.wait_for(lambda: sandbox.callback_answers[-1].text == changed, WAIT)
        assert len(await feed_urls(runtime, ANN)) == 2
        await sandbox.send(ANN, ANN, "/suggested")  # one topic: its feeds at once
        fresh = await sandbox.wait_for_message(
            ANN,
            lambda m: m.message_id > shown.message_id and "Press a feed" in (m.text or ""),
            WAIT,
        )
        assert button_texts(fresh) == ["➕ Saltings Post"]


async def test_without_suggestions_the_command_says_there_are_none(
    sandbox: BotApiServer, runtime: Runtime
) -> None:
    await sandbox.send(ANN, ANN, "/suggested")
    await sandbox.wait_for_message(ANN, lambda m: "no suggested feeds" in (m.text or ""), WAIT)
    await sandbox.send(ANN, ANN, "/start")
    greeting = await sandbox.wait_for_message(ANN, lambda m: "newsbrief" in (m.text or ""), WAIT)
    assert "/suggested" not in (greeting.text or "")
    commands = [c["command"] for c in sandbox.commands]
    assert {"suggested", "import", "export"} <= set(commands)


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (None, "cannot read"),
        (b"<opml><body><outline", "not well-formed XML"),
        (b'<!DOCTYPE opml SYSTEM "http://127.0.0.1:9/opml.dtd"><opml/>', "DTD"),
        (b'<opml version="2.0"><body><outline text="Empty folder"/></body></opml>', "no feeds"),
    ],
)
def test_a_missing_or_broken_suggestions_file_stops_the_start(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    content: bytes | None,
    said: str,
) -> None:
    monkeypatch.chdir(tmp_path)  # no stray .env
    path = tmp_path / "suggested.opml"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ValidationError, match=said):
        Settings(_env_file=None, suggested_feeds=path)  # type: ignore[call-arg]
    monkeypatch.setenv("NEWSBRIEF_SUGGESTED_FEEDS", str(path))
    monkeypatch.setenv("NEWSBRIEF_TELEGRAM_TOKEN", SANDBOX_TOKEN)
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("newsbrief: bad setting NEWSBRIEF_SUGGESTED_FEEDS: ") and str(path) in err
    assert said in err and "Traceback" not in err and len(err.splitlines()) == 1


def test_an_empty_setting_means_no_suggestions(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSBRIEF_SUGGESTED_FEEDS", "")
    assert Settings(_env_file=None).suggestions() == ()  # type: ignore[call-arg]
