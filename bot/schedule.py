"""When a chat's digest is due: its local time on its local date, DST-safe, late rather than never.

A chat has an IANA time zone and a digest time ("08:00", local). For each local date there is
exactly one due instant:

* an ordinary day: that wall-clock time in that zone;
* a spring-forward day whose time falls in the gap (02:30 in Berlin on the last Sunday of
  March): the same wall-clock time read with the offset before the change, i.e. an hour later
  by the clock (03:30 CEST), never skipped;
* a fall-back day whose time occurs twice (02:30 on the last Sunday of October): the first.

A digest is due when that instant has passed, no digest exists for that local date, and the
instant is at most ``LATE_WINDOW`` ago: a bot that was down at 08:00 sends the 08:00 digest at
09:30, but not the one of three days ago. Yesterday is looked at too (down over midnight).
A local date at or before the last one delivered is never due again, so changing time zone on
the day of a digest cannot bring that day (or yesterday) back; nor is an instant before the
chat's first feed (a digest time already past when a chat subscribes is not due that day).
``next_due`` tells the same story: after today's digest, the next one is tomorrow's, whatever
time is set.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

LATE_WINDOW = timedelta(hours=6)  # a digest later than this after its time is skipped
_HHMM = re.compile(r"^\s*([01]?\d|2[0-3])[:.h]([0-5]\d)\s*$")

# Cities people type that are not the last part of an IANA name (or are, in another language).
CITY_ALIASES = {
    "москва": "Europe/Moscow",
    "санкт-петербург": "Europe/Moscow",
    "петербург": "Europe/Moscow",
    "st petersburg": "Europe/Moscow",
    "saint petersburg": "Europe/Moscow",
    "новосибирск": "Asia/Novosibirsk",
    "екатеринбург": "Asia/Yekaterinburg",
    "владивосток": "Asia/Vladivostok",
    "калининград": "Europe/Kaliningrad",
    "киев": "Europe/Kyiv",
    "kiev": "Europe/Kyiv",
    "минск": "Europe/Minsk",
    "алматы": "Asia/Almaty",
    "ташкент": "Asia/Tashkent",
    "тбилиси": "Asia/Tbilisi",
    "ереван": "Asia/Yerevan",
    "берлин": "Europe/Berlin",
    "лондон": "Europe/London",
    "нью-йорк": "America/New_York",
    "san francisco": "America/Los_Angeles",
    "washington": "America/New_York",
    "beijing": "Asia/Shanghai",
    "delhi": "Asia/Kolkata",
    "new delhi": "Asia/Kolkata",
    "mumbai": "Asia/Kolkata",
    "bangalore": "Asia/Kolkata",
    "munich": "Europe/Berlin",
    "münchen": "Europe/Berlin",
    "frankfurt": "Europe/Berlin",
    "hamburg": "Europe/Berlin",
    "utc": "UTC",
    "gmt": "UTC",
    # Cities as the interface's other languages name them (IANA spells them in English; accents
    # are also matched without them: "São Paulo", "Zürich", "Genève").
    "köln": "Europe/Berlin",
    "wien": "Europe/Vienna",
    "rom": "Europe/Rome",
    "roma": "Europe/Rome",
    "mailand": "Europe/Rome",
    "milano": "Europe/Rome",
    "milán": "Europe/Rome",
    "napoli": "Europe/Rome",
    "torino": "Europe/Rome",
    "firenze": "Europe/Rome",
    "venezia": "Europe/Rome",
    "lisboa": "Europe/Lisbon",
    "lissabon": "Europe/Lisbon",
    "lisbonne": "Europe/Lisbon",
    "londres": "Europe/London",
    "londra": "Europe/London",
    "bruxelles": "Europe/Brussels",
    "brüssel": "Europe/Brussels",
    "bruselas": "Europe/Brussels",
    "genf": "Europe/Zurich",
    "genève": "Europe/Zurich",
    "ginevra": "Europe/Zurich",
    "prag": "Europe/Prague",
    "praga": "Europe/Prague",
    "warschau": "Europe/Warsaw",
    "varsovie": "Europe/Warsaw",
    "varsovia": "Europe/Warsaw",
    "varsavia": "Europe/Warsaw",
    "moskau": "Europe/Moscow",
    "moscou": "Europe/Moscow",
    "moscú": "Europe/Moscow",
    "mosca": "Europe/Moscow",
    "atenas": "Europe/Athens",
    "athen": "Europe/Athens",
    "atene": "Europe/Athens",
    "nueva york": "America/New_York",
    "nova york": "America/New_York",
    "nova iorque": "America/New_York",
    "ciudad de méxico": "America/Mexico_City",
    "rio de janeiro": "America/Sao_Paulo",
    "brasília": "America/Sao_Paulo",
    "pékin": "Asia/Shanghai",
    "pekín": "Asia/Shanghai",
    "pechino": "Asia/Shanghai",
    "peking": "Asia/Shanghai",
}


def parse_time(text: str) -> time | None:
    """ "08:00", "8:30", "21.15", "7h05" -> a time; anything else -> None."""
    match = _HHMM.match(text)
    return time(int(match.group(1)), int(match.group(2))) if match else None


def resolve_timezone(text: str) -> str | None:
    """An IANA name ("Europe/Berlin", any case) or a city ("Berlin", "kathmandu", "Москва")."""
    wanted = " ".join(text.strip().split())
    if not wanted:
        return None
    key = unicodedata.normalize("NFC", wanted).lower()
    names = _zones()
    if key in names:
        return names[key]
    if key in CITY_ALIASES:
        return CITY_ALIASES[key]
    cities = _cities()
    found = cities.get(key.replace(" ", "_"))
    if found is None:  # "São Paulo", "Zürich": IANA writes them without accents
        bare = _without_accents(key)
        found = _BARE_ALIASES.get(bare) or cities.get(bare.replace(" ", "_"))
    return found


def _without_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


_BARE_ALIASES = {_without_accents(name): zone for name, zone in CITY_ALIASES.items()}


def due_instant(zone: str, digest_time: time, local_date: date) -> datetime:
    """The UTC instant of ``digest_time`` on ``local_date`` in ``zone`` (see the module doc)."""
    local = datetime.combine(local_date, digest_time, tzinfo=ZoneInfo(zone))  # fold=0
    return local.astimezone(UTC)


def due_date(
    zone: str,
    digest_time: time,
    now: datetime,
    last_delivered: date | None,
    *,
    not_before: datetime | None = None,
) -> tuple[date, datetime] | None:
    """The local date whose digest is due at ``now`` (and its instant), or None. An instant
    before ``not_before`` (when the chat's schedule began: its first feed) is never due."""
    today = now.astimezone(ZoneInfo(zone)).date()
    for local_date in (today, today - timedelta(days=1)):
        if last_delivered is not None and local_date <= last_delivered:
            continue
        instant = due_instant(zone, digest_time, local_date)
        if not_before is not None and instant < not_before:
            continue
        if instant <= now <= instant + LATE_WINDOW:
            return local_date, instant
    return None


def next_due(
    zone: str,
    digest_time: time,
    now: datetime,
    last_delivered: date | None = None,
    *,
    not_before: datetime | None = None,
) -> datetime:
    """When the next digest comes, for telling users, by the same rules as ``due_date``: a
    digest due now (late, within LATE_WINDOW) comes with the next round; a local date already
    delivered is skipped (one digest a date), and so is an instant before ``not_before``."""
    found = due_date(zone, digest_time, now, last_delivered, not_before=not_before)
    if found is not None:
        return found[1]
    today = now.astimezone(ZoneInfo(zone)).date()
    for days in range(4):
        local_date = today + timedelta(days=days)
        if last_delivered is not None and local_date <= last_delivered:
            continue
        instant = due_instant(zone, digest_time, local_date)
        if instant > now and (not_before is None or instant >= not_before):
            return instant
    raise AssertionError("a digest time occurs every day")  # pragma: no cover


def is_valid_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


@cache
def _zones() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


@cache
def _cities() -> dict[str, str]:
    """The last part of each zone name ("kathmandu" -> "Asia/Kathmandu"); the first zone of a
    name wins, and legacy aliases ("Etc/...", "US/...") are left out."""
    found: dict[str, str] = {}
    for name in sorted(available_timezones()):
        if "/" not in name or name.startswith(("Etc/", "SystemV/", "US/", "Canada/", "Brazil/")):
            continue
        found.setdefault(name.rsplit("/", 1)[1].lower(), name)
    return found


def parse_quiet(text: str) -> tuple[time, time] | None:
    """ "23:00-07:00" (also "23:00 07:00", "23.00–7.00") -> (start, end); None if not that.
    Equal ends are refused: a quiet period of no length (or of all day) is a typo."""
    parts = [p for p in re.split(r"\s*[-–—]\s*|\s+", text.strip()) if p]
    if len(parts) != 2:
        return None
    start, end = parse_time(parts[0]), parse_time(parts[1])
    if start is None or end is None or start == end:
        return None
    return start, end


def in_quiet_hours(zone: str, start: time | None, end: time | None, now: datetime) -> bool:
    """Whether ``now`` falls in the chat's quiet hours [start, end) by its local clock; a period
    that crosses midnight (23:00-07:00) is read as such."""
    if start is None or end is None or start == end:
        return False
    local = now.astimezone(ZoneInfo(zone)).time().replace(tzinfo=None)
    if start < end:
        return start <= local < end
    return local >= start or local < end
