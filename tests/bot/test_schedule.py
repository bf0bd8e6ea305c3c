"""bot/schedule.py: digests at local times, across DST changes, late rather than never."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.schedule import (
    LATE_WINDOW,
    due_date,
    due_instant,
    in_quiet_hours,
    next_due,
    parse_quiet,
    parse_time,
    resolve_timezone,
)

EIGHT = time(8, 0)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("08:00", time(8)),
        ("8:30", time(8, 30)),
        ("21.15", time(21, 15)),
        ("7h05", time(7, 5)),
        ("24:00", None),
        ("8", None),
        ("08:60", None),
        ("noon", None),
    ],
)
def test_parse_time(text: str, expected: time | None) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        ("Berlin", "Europe/Berlin"),
        ("kathmandu", "Asia/Kathmandu"),
        ("New York", "America/New_York"),
        ("Москва", "Europe/Moscow"),
        ("São Paulo", "America/Sao_Paulo"),
        ("Zürich", "Europe/Zurich"),
        ("Roma", "Europe/Rome"),
        ("Wien", "Europe/Vienna"),
        ("Lisboa", "Europe/Lisbon"),
        ("Genève", "Europe/Zurich"),
        ("Ciudad de Mexico", "America/Mexico_City"),
        ("UTC", "UTC"),
        ("Atlantis", None),
        ("", None),
    ],
)
def test_resolve_timezone(text: str, zone: str | None) -> None:
    assert resolve_timezone(text) == zone


def test_berlin_across_both_dst_changes() -> None:
    zone = "Europe/Berlin"
    assert due_instant(zone, EIGHT, date(2026, 3, 28)) == utc(2026, 3, 28, 7, 0)  # CET
    assert due_instant(zone, EIGHT, date(2026, 3, 29)) == utc(2026, 3, 29, 6, 0)  # CEST
    assert due_instant(zone, EIGHT, date(2026, 10, 24)) == utc(2026, 10, 24, 6, 0)
    assert due_instant(zone, EIGHT, date(2026, 10, 25)) == utc(2026, 10, 25, 7, 0)  # CET again
    # 02:30 does not exist on 29 March: it is sent at 03:30 CEST, not skipped
    assert due_instant(zone, time(2, 30), date(2026, 3, 29)) == utc(2026, 3, 29, 1, 30)
    # 02:30 happens twice on 25 October: the first one
    assert due_instant(zone, time(2, 30), date(2026, 10, 25)) == utc(2026, 10, 25, 0, 30)
    # one digest per local date on both days
    for day in (date(2026, 3, 29), date(2026, 10, 25)):
        instant = due_instant(zone, time(2, 30), day)
        assert due_date(zone, time(2, 30), instant, None) == (day, instant)
        assert due_date(zone, time(2, 30), instant + timedelta(minutes=30), day) is None


def test_kathmandu_quarter_hour_offset() -> None:
    assert due_instant("Asia/Kathmandu", EIGHT, date(2026, 11, 24)) == utc(2026, 11, 24, 2, 15)


def test_due_only_after_its_time_and_within_the_late_window() -> None:
    zone = "Europe/Berlin"
    instant = utc(2026, 11, 24, 7, 0)
    assert due_date(zone, EIGHT, instant - timedelta(seconds=1), None) is None
    assert due_date(zone, EIGHT, instant, None) == (date(2026, 11, 24), instant)
    late = instant + LATE_WINDOW  # the bot was down at 08:00: still sent
    assert due_date(zone, EIGHT, late, None) == (date(2026, 11, 24), instant)
    assert due_date(zone, EIGHT, late + timedelta(seconds=1), None) is None
    assert due_date(zone, EIGHT, instant, date(2026, 11, 24)) is None  # already sent


def test_down_over_midnight_sends_yesterdays_late() -> None:
    zone = "Europe/Berlin"
    instant = due_instant(zone, time(23, 30), date(2026, 11, 24))
    back = utc(2026, 11, 24, 23, 45)  # 00:45 on the 25th in Berlin
    assert due_date(zone, time(23, 30), back, date(2026, 11, 23)) == (date(2026, 11, 24), instant)


def test_changing_time_zone_on_the_day_of_a_digest_sends_no_second_one() -> None:
    sent = date(2026, 11, 24)  # delivered at 08:00 UTC
    # At 10:00 UTC the user moves to Tokyo (19:00 there, same date): nothing more today...
    assert due_date("Asia/Tokyo", EIGHT, utc(2026, 11, 24, 10, 0), sent) is None
    # ...and moving west to Los Angeles (02:00, the day before) does not bring yesterday back
    assert due_date("America/Los_Angeles", EIGHT, utc(2026, 11, 24, 16, 5), sent) is None
    # Tokyo's next morning is the next digest
    assert next_due("Asia/Tokyo", EIGHT, utc(2026, 11, 24, 10, 0)) == utc(2026, 11, 24, 23, 0)
    assert due_date("Asia/Tokyo", EIGHT, utc(2026, 11, 24, 23, 0), sent) == (
        date(2026, 11, 25),
        utc(2026, 11, 24, 23, 0),
    )


def test_a_time_already_past_when_the_chat_subscribes_is_tomorrows() -> None:
    """No unasked digest: subscribing at 09:00 UTC to a digest due at 08:00 brings none today."""
    zone = "UTC"
    subscribed = utc(2026, 11, 24, 9, 0)
    now = subscribed + timedelta(seconds=30)
    assert due_date(zone, EIGHT, now, None) == (date(2026, 11, 24), utc(2026, 11, 24, 8, 0))
    assert due_date(zone, EIGHT, now, None, not_before=subscribed) is None
    assert next_due(zone, EIGHT, now, None, not_before=subscribed) == utc(2026, 11, 25, 8, 0)
    later = time(10, 0)  # a time still ahead today is today's
    assert next_due(zone, later, now, None, not_before=subscribed) == utc(2026, 11, 24, 10, 0)
    at_ten = utc(2026, 11, 24, 10, 0)
    assert due_date(zone, later, at_ten, None, not_before=subscribed) == (
        date(2026, 11, 24),
        at_ten,
    )


def test_after_todays_digest_a_new_time_means_tomorrow() -> None:
    """/digest_time 17:04 after the 08:00 digest came: the next one is tomorrow's, and says so."""
    sent = date(2026, 11, 24)
    now = utc(2026, 11, 24, 12, 0)
    five = time(17, 4)
    assert next_due("UTC", five, now, sent) == utc(2026, 11, 25, 17, 4)
    assert due_date("UTC", five, utc(2026, 11, 24, 17, 4), sent) is None
    assert next_due("UTC", five, now) == utc(2026, 11, 24, 17, 4)  # none sent today: today


def test_next_due_tells_of_a_digest_due_now() -> None:
    """A time a minute ago, with nothing sent today: it comes with the next round (late)."""
    now = utc(2026, 11, 24, 12, 0)
    minute_ago = time(11, 59)
    assert next_due("UTC", minute_ago, now, None) == utc(2026, 11, 24, 11, 59)
    assert due_date("UTC", minute_ago, now, None) == (date(2026, 11, 24), utc(2026, 11, 24, 11, 59))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("23:00-07:00", (time(23), time(7))),
        ("23:00 - 7:30", (time(23), time(7, 30))),
        ("22.15–06.45", (time(22, 15), time(6, 45))),
        ("13:00 14:00", (time(13), time(14))),
        ("07:00-07:00", None),  # no length: a typo
        ("23:00", None),
        ("23:00-25:00", None),
        ("night", None),
        ("", None),
    ],
)
def test_parse_quiet(text: str, expected: tuple[time, time] | None) -> None:
    assert parse_quiet(text) == expected


def test_quiet_hours_by_the_local_clock_across_midnight_and_dst() -> None:
    night = (time(23), time(7))
    berlin = "Europe/Berlin"
    # 22:30 UTC on 24 Nov is 23:30 in Berlin (CET): quiet; 06:30 UTC is 07:30: not.
    assert in_quiet_hours(berlin, *night, datetime(2026, 11, 24, 22, 30, tzinfo=UTC))
    assert in_quiet_hours(berlin, *night, datetime(2026, 11, 25, 5, 59, tzinfo=UTC))
    assert not in_quiet_hours(berlin, *night, datetime(2026, 11, 25, 6, 0, tzinfo=UTC))
    assert not in_quiet_hours(berlin, *night, datetime(2026, 11, 24, 21, 59, tzinfo=UTC))
    # In summer (CEST, +2) the same UTC instant 21:30 is 23:30 local: quiet.
    assert in_quiet_hours(berlin, *night, datetime(2026, 7, 1, 21, 30, tzinfo=UTC))
    # A daytime period does not wrap.
    lunch = (time(12), time(13))
    assert in_quiet_hours("Asia/Kathmandu", *lunch, datetime(2026, 11, 24, 6, 20, tzinfo=UTC))
    assert not in_quiet_hours("Asia/Kathmandu", *lunch, datetime(2026, 11, 24, 7, 15, tzinfo=UTC))
    # None set: never quiet.
    assert not in_quiet_hours(berlin, None, None, datetime(2026, 11, 24, 23, 0, tzinfo=UTC))
