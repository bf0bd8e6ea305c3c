"""bench/hostile.py: the adversarial cases are what they claim, and each alone is contained."""

from __future__ import annotations

import asyncio
import gzip
import io
import re

import pytest

from bench import hostile


def test_the_cases_are_built_as_described() -> None:
    cases = hostile.served_cases()
    feed = cases["/punycode.xml"]
    assert feed.gzipped and b'encoding="punycode"' in feed.body[:60]
    assert len(gzip.compress(feed.body, 9)) < 1024  # a few hundred bytes on the wire
    assert 4_500_000 < len(cases["/feed-4.9mb.xml"].body) < 5_242_880  # under the fetch cap
    assert cases["/feed-40k-items.xml"].body.count(b"<item>") == 40_000
    assert cases["/alternates-80k.html"].body.count(b"<link rel=alternate") == 80_000
    assert cases["/p-80k.html"].body.count(b"<p>") == 80_000
    assert cases["/links-150k.html"].body.count(b"<a href") == 150_000
    [tag] = re.findall(rb"<div [^>]*>", cases["/attrs-40k.html"].body)
    assert tag.count(b'="x"') == 40_000
    assert len(cases["/json-ld-4mb.html"].body) > 4 * 1024 * 1024
    assert len(hostile.punycode_opml()) > 1_000_000
    assert len(hostile.digest_candidates()) == 4_000


@pytest.mark.slow
def test_each_case_alone_ends_in_an_answer_within_its_budget() -> None:
    out = io.StringIO()
    report = hostile.HostileReport()
    with hostile.serve_cases() as origin:
        asyncio.run(hostile._each_case(origin, out, report))
    assert len(report.cases) == 11
    assert not [c.outcome for c in report.cases if c.outcome.startswith("UNEXPECTED")]
    assert all(case.within_budget for case in report.cases)
    outcomes = {case.name: case.outcome for case in report.cases}
    assert outcomes["ordinary link"].startswith("read:")
    assert outcomes["subscribe feed-40k-items.xml"].startswith("a feed")
    assert outcomes["subscribe alternates-80k.html"].startswith("a page naming 3 feeds")
    assert "10 shown" in outcomes["digest of 4,000 items"]
