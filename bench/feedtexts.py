"""The article texts of ``bench/feedsite.py``'s news site: made-up local news, or real items.

``made_up_story(rng, town)`` writes an English news-like story (a lead, details with names and
numbers, two quotes, a closing line) on one of a few local topics; ``real_stories(data_dir)``
reads the full-text items of the feeds in a folder instead. ``town_name(i)`` and ``PAPERS``
name feed ``i``'s town and paper.

Standard library only at import (the site's child process starts fast); ``real_stories`` imports
``summaries.feeds.parse`` when called.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["PAPERS", "Story", "made_up_story", "real_stories", "town_name"]


@dataclass(frozen=True, slots=True)
class Story:
    """An article: its title, paragraphs, byline and topic."""

    title: str
    paragraphs: tuple[str, ...]
    author: str
    topic: str


def real_stories(data_dir: Path) -> tuple[list[Story], list[str]]:
    """Full-text items (not teasers) of the feeds in ``data_dir``, each text once, and the feeds
    they came from. Read in place; any file that is not a readable feed is passed over."""
    from summaries.errors import SummaryError  # only the child needs these
    from summaries.feeds.parse import parse_feed

    stories: list[Story] = []
    sources: list[str] = []
    seen: set[str] = set()
    for path in sorted(data_dir.rglob("*")):
        if not path.is_file() or path.suffix == ".md" or path.name == "manifest.json":
            continue
        if "expected_output" in path.parts:  # another parser's expectations, not feeds
            continue
        try:
            feed = parse_feed(path.read_bytes(), "http://feeds.invalid/")
        except (SummaryError, OSError):
            continue
        found = 0
        for item in feed.items:
            text = item.content or item.summary
            if item.excerpt_only or not text or item.content_hash in seen:
                continue
            seen.add(item.content_hash)
            paragraphs = tuple(p.strip() for p in text.split("\n\n") if p.strip())
            title = item.title or " ".join(paragraphs[0].split()[:8])
            stories.append(Story(title, paragraphs, item.author or "Staff", "news"))
            found += 1
        if found:
            sources.append(str(path.relative_to(data_dir)))
    return stories, sources


PAPERS = (
    "Gazette", "Courier", "Herald", "Chronicle", "Post", "Echo", "Times", "Observer", "Mercury",
    "Advertiser", "Express", "Journal", "Standard", "Argus", "Sentinel", "Guardian",
)  # fmt: skip
_TOWN_START = (
    "Ash", "Bar", "Black", "Brad", "Bridge", "Brook", "Cald", "Castle", "Chester", "Clay", "Cold",
    "Corn", "Dun", "East", "Elm", "Fair", "Fern", "Glen", "Green", "Hal", "Hart", "Hazel", "High",
    "Holm", "King", "Lang", "Long", "Marsh", "Mill", "North", "Oak", "Pen", "Red", "River",
    "Rose", "Salt", "Sand", "Stan", "Stone", "Thorn", "Water", "West", "White", "Wick", "Wind",
)  # fmt: skip
_TOWN_END = (
    "bury", "by", "combe", "croft", "dale", "don", "field", "ford", "gate", "ham", "haven",
    "hurst", "ley", "mere", "minster", "mouth", "port", "stead", "stow", "thorpe", "ton", "wich",
    "well", "worth",
)  # fmt: skip


def town_name(index: int) -> str:
    start = index % len(_TOWN_START)
    name = _TOWN_START[start] + _TOWN_END[(index // len(_TOWN_START) + start) % len(_TOWN_END)]
    lap = index // (len(_TOWN_START) * len(_TOWN_END))
    name = name[0] + name[1:].lower()
    return name if lap == 0 else f"{name} {_ROMAN[lap % len(_ROMAN)]}"


_ROMAN = ("", "Minor", "Magna", "Parva", "Regis", "Abbots", "St Mary", "St John")

_FIRST = (
    "Anna", "Ben", "Chloe", "David", "Elena", "Farid", "Grace", "Hugo", "Isla", "James", "Kofi",
    "Laura", "Mohammed", "Nina", "Owen", "Priya", "Rachel", "Samuel", "Tom", "Uma", "Victor",
    "Wendy", "Yusuf", "Zoe",
)  # fmt: skip
_LAST = (
    "Abbott", "Berg", "Clarke", "Davies", "Evans", "Fischer", "Green", "Hughes", "Iqbal", "Jones",
    "Khan", "Lopes", "Morgan", "Novak", "Owusu", "Patel", "Quinn", "Roberts", "Singh", "Turner",
    "Walsh", "Young",
)  # fmt: skip
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")

# Topics: (category, titles, leads, details, quotes, roles). Slots: {town} {name} {role} {n}
# {big} {money} {pct} {day} {month} {year} {place}.
_TOPICS: tuple[
    tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]],
    ...,
] = (
    (
        "council",
        (
            "{town} council approves {money} plan for {place}",
            "New bridge for {town} backed despite objections",
            "{town} to get {n} new bus routes from {month}",
        ),
        (
            "{town} council has approved a {money} plan to rebuild {place}, after a vote on {day} "
            "evening in which {n} councillors backed the scheme and {small} opposed it.",
            "Councillors in {town} voted on {day} to go ahead with a {money} scheme for {place}, "
            "which officials say will be finished by {month} {year}.",
        ),
        (
            "The work is expected to take {n} months and will be paid for partly by a government "
            "grant of {money2}.",
            "A consultation last year drew {big} responses, {pct} of them in favour of the plan.",
            "Traffic on the main road will be diverted while the work is under way, the council "
            "said.",
            "Opposition councillors said the cost had risen by {pct} since the scheme was first "
            "proposed in {year0}.",
            "The council said it would publish a full timetable for the work in {month}.",
            "Local businesses have been promised help with signs and parking during the work.",
            "About {big} people use {place} every day, according to the council's own figures.",
            "The scheme was first put forward {n} years ago but was delayed by a lack of money.",
        ),
        (
            "“This is the biggest investment in {place} for a generation,” said {name}, {role}.",
            "“We listened to residents and changed the plan where we could,” {name}, {role}, said.",
            "“People have waited long enough for this,” said {name}, {role}. “Now we have to "
            "deliver it on time and on budget.”",
        ),
        (
            "the leader of {town} council",
            "the council's cabinet member for transport",
            "a councillor for the town's east ward",
        ),
    ),
    (
        "health",
        (
            "{town} hospital to open new {ward} ward",
            "Waiting times fall at {town} hospital",
            "{town} GP surgery to close, patients told",
        ),
        (
            "The hospital in {town} will open a new {ward} ward in {month}, adding {n} beds and "
            "{small} consulting rooms, the health trust said on {day}.",
            "Patients at {town} General waited an average of {n} weeks for treatment last month, "
            "down from {n2} weeks a year earlier, figures published on {day} show.",
        ),
        (
            "The trust said it had recruited {big} nurses over the past year, {pct} of them from "
            "abroad.",
            "The new ward cost {money} and was paid for by the NHS and a local charity appeal.",
            "Staff shortages remain the main problem, according to the trust's annual report.",
            "The number of patients waiting more than a year fell to {n}, the lowest since "
            "{year0}.",
            "Visiting hours will be extended to 8pm from next month, the trust said.",
            "A public meeting about the changes will be held at the town hall on {day} {date} "
            "{month}.",
            "The trust serves about {big} people in {town} and the surrounding villages.",
            "Campaigners had called for the ward to be reopened since it closed in {year0}.",
        ),
        (
            "“Our staff have worked incredibly hard to get waiting lists down,” said {name}, "
            "{role}.",
            "“This ward will mean fewer patients have to travel to the city for treatment,” "
            "{name}, {role}, said.",
            "“We know there is more to do,” said {name}, {role}. “But the trend is the right one.”",
        ),
        (
            "the trust's chief executive",
            "the hospital's medical director",
            "a spokesperson for the patients' group",
        ),
    ),
    (
        "schools",
        (
            "{town} school rated outstanding by inspectors",
            "{town} pupils raise {money} for new library",
            "Plans for new primary school in {town} unveiled",
        ),
        (
            "Inspectors have rated {town} Academy outstanding for the first time, praising its "
            "teaching, its behaviour and the range of clubs it offers its {big} pupils.",
            "Pupils at a {town} primary school have raised {money} for a new library after a "
            "year of bake sales, sponsored walks and a {n}-hour readathon.",
        ),
        (
            "The report said pupils made strong progress in English and mathematics.",
            "The school was rated as requiring improvement at its last inspection in {year0}.",
            "About {pct} of pupils are eligible for free school meals, above the national average.",
            "The new building will have {n} classrooms, a hall and a sports pitch.",
            "Parents were told about the plans at a meeting on {day}.",
            "The school has {big} pupils on its roll and a waiting list for places.",
            "Inspectors also noted that attendance had risen to {pct} over the past year.",
            "The library is due to open in {month}, with {big} books donated by families.",
        ),
        (
            "“I am so proud of every pupil and every member of staff,” said {name}, {role}.",
            "“The children did all of this themselves,” {name}, {role}, said.",
            "“A school is only as good as its community,” said {name}, {role}. “Ours is "
            "remarkable.”",
        ),
        ("the head teacher", "the chair of governors", "a parent and school volunteer"),
    ),
    (
        "sport",
        (
            "{town} United win {n}-{small} to reach cup final",
            "{town} runner sets new club record",
            "{town} cricket club saved by {money} donation",
        ),
        (
            "{town} United beat their local rivals {n}-{small} on {day} night to reach a cup final "
            "for the first time in {n2} years, in front of a crowd of {big}.",
            "A {town} runner has set a new club record for the marathon, finishing in two hours "
            "{n2} minutes at the weekend, {n} seconds faster than the old mark set in {year0}.",
        ),
        (
            "The winning goal came {n} minutes from the end, a header from a corner.",
            "The club said ticket sales for the final had already passed {big}.",
            "The ground's capacity was increased to {big} last season after new stands were built.",
            "The team have lost only {small} of their {n2} league games this season.",
            "The final will be played on {day} {date} {month}.",
            "Supporters' groups have organised {n} coaches for the trip.",
            "The club was founded in {year0} and has about {big} members.",
            "Membership has grown by {pct} since the start of the season, the club said.",
        ),
        (
            "“The players gave absolutely everything tonight,” said {name}, {role}.",
            "“I still cannot quite believe it,” {name}, {role}, said afterwards.",
            "“This club means everything to this town,” said {name}, {role}.",
        ),
        ("the club's manager", "the club captain", "the chair of the supporters' trust"),
    ),
    (
        "business",
        (
            "{town} factory to create {big} jobs",
            "{town} high street shops report busy summer",
            "Brewery in {town} expands after {pct} sales rise",
        ),
        (
            "A manufacturer will create {big} jobs in {town} after choosing the town for a new "
            "{money} factory, the company said on {day}.",
            "Shops on {town} high street had their busiest summer for {n} years, with visitor "
            "numbers up {pct} on last year, the town's business group said.",
        ),
        (
            "Building work is due to start in {month} and the factory should open in {year}.",
            "The company already employs {big} people at {n} sites around the country.",
            "The site on the edge of town had been empty since a paper mill closed in {year0}.",
            "Average wages at the factory will be about {money2} a year, the company said.",
            "The business group said {n} new shops had opened since January.",
            "Parking charges were cut to {small} pounds a day in the spring to draw more visitors.",
            "Only {small} shops on the high street are now empty, down from {n2} two years ago.",
            "The brewery now sells its beer in {n} countries.",
        ),
        (
            "“{town} has the skills and the space we need,” said {name}, {role}.",
            "“It has been a tough few years, so this is very welcome news,” {name}, {role}, said.",
            "“We want to grow here, not move away,” said {name}, {role}.",
        ),
        (
            "the company's chief executive",
            "the chair of the town's chamber of commerce",
            "the brewery's founder",
        ),
    ),
    (
        "weather",
        (
            "Flood warning for {town} after heavy rain",
            "{town} clears up after storm brings down trees",
            "Hottest day of the year recorded in {town}",
        ),
        (
            "Residents of {town} have been told to prepare for flooding after {n} millimetres of "
            "rain fell in {n2} hours, and the river rose to its highest level since {year0}.",
            "Crews worked through the night to clear {n} fallen trees from roads in {town} after "
            "gusts of up to {n2} miles an hour swept across the area on {day}.",
        ),
        (
            "The Environment Agency said the river was expected to peak on {day} afternoon.",
            "About {big} homes were without power for several hours, the network operator said.",
            "Sandbags were handed out at the fire station and at {place}.",
            "Schools in the area stayed open, but {n} roads were closed.",
            "The last serious flood in the town, in {year0}, damaged {big} homes.",
            "Forecasters said the weather would be drier from {day}.",
            "Volunteers helped elderly residents move furniture upstairs.",
            "Insurers said claims were likely to run to about {money}.",
        ),
        (
            "“We have seen this before and we are ready,” said {name}, {role}.",
            "“Please do not drive through flood water,” {name}, {role}, said.",
            "“It came up so fast, we had about an hour,” said {name}, {role}.",
        ),
        (
            "the council's emergency planning officer",
            "the local fire station's manager",
            "a resident of {place}",
        ),
    ),
)

_PLACES = (
    "the old mill", "Station Road", "the harbour", "the market square", "the town hall",
    "Victoria Park", "the leisure centre", "the riverside path", "the bus station",
    "the high street", "the library", "the sea front",
)  # fmt: skip
_WARDS = ("children's", "maternity", "cancer", "stroke", "day surgery", "eye")
_CLOSINGS = (
    "The plans can be seen on the council's website until {day} {date} {month}.",
    "A decision on the next stage is expected in {month}.",
    "Further details will be published in the coming weeks.",
    "Readers can send their views to the newsroom by email.",
)


def made_up_story(rng: random.Random, town: str) -> Story:
    """A news story about ``town``: a lead, details, two quotes, a closing line."""
    topic, titles, leads, details, quotes, roles = rng.choice(_TOPICS)
    year = rng.choice((2024, 2025, 2026))
    names = [f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" for _ in range(2)]
    slots: dict[str, Any] = {
        "town": town,
        "place": rng.choice(_PLACES),
        "ward": rng.choice(_WARDS),
        "n": rng.randint(3, 48),
        "n2": rng.randint(5, 60),
        "small": rng.randint(1, 9),
        "big": f"{rng.randint(120, 9800):,}",
        "money": f"£{rng.randint(2, 95) / 10 if rng.random() < 0.5 else rng.randint(2, 40)}m",
        "money2": f"£{rng.randint(18, 95) * 1000:,}",
        "pct": f"{rng.randint(3, 85)}%",
        "day": rng.choice(_DAYS),
        "date": rng.randint(1, 28),
        "month": rng.choice(_MONTHS),
        "year": year,
        "year0": year - rng.randint(3, 30),
    }

    def fill(template: str, who: int = 0) -> str:
        role = rng.choice(roles).format(**slots)
        return template.format(**slots, name=names[who], role=role)

    sentences = [fill(rng.choice(leads))]
    picked = rng.sample(details, k=min(len(details), rng.randint(6, 8)))
    first, second = rng.sample(quotes, k=2)
    body = [fill(s) for s in picked]
    body.insert(min(2, len(body)), fill(first, 0))
    body.insert(min(5, len(body)), fill(second, 1))
    sentences.extend(body)
    sentences.append(fill(rng.choice(_CLOSINGS)))
    paragraphs: list[str] = [sentences[0]]
    rest = sentences[1:]
    while rest:
        size = rng.randint(1, 3)
        paragraphs.append(" ".join(rest[:size]))
        rest = rest[size:]
    title = fill(rng.choice(titles))
    return Story(title, tuple(paragraphs), f"{rng.choice(_FIRST)} {rng.choice(_LAST)}", topic)
