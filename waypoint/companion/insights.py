"""Patterns in a person's own urges, as counts: pure Python, no Django (property-tested).

Every figure carries its own denominator ("on 7 of 9 days"), and nothing is said from fewer
than `MIN_DAYS` days with urges: a pattern in two days is not a pattern.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

MIN_DAYS = 3
PASSED_WITHIN = 20  # minutes; urges often peak and pass within 15-30 minutes ("urge surfing")


@dataclass(frozen=True)
class UrgeFact:
    day: date
    hour: int
    strength: int
    used: bool | None
    lasted_minutes: int | None
    helped: str = ""


@dataclass(frozen=True)
class UrgeInsights:
    days: int  # days with at least one urge
    urges: int
    passed_days: int | None  # days on which every timed urge passed within PASSED_WITHIN
    timed_days: int  # days with at least one urge whose length was noted
    used_after: int | None  # urges followed by use
    answered_used: int  # urges where "used afterwards" was answered
    part_of_day: str | None  # "morning", "afternoon", "evening", "night": the most common
    part_of_day_count: int
    helped_most: str | None  # what helped, as the person wrote it, noted most often (2+ times)
    helped_count: int
    mean_strength: float


def part_of_day(hour: int) -> str:
    if 5 <= hour < 12:
        return "morning"
    if 12 <= hour < 17:
        return "afternoon"
    if 17 <= hour < 22:
        return "evening"
    return "night"


def urge_insights(facts: list[UrgeFact]) -> UrgeInsights | None:
    """Counts over a person's urges; None with fewer than MIN_DAYS days with urges."""
    days = {f.day for f in facts}
    if len(days) < MIN_DAYS:
        return None
    timed: dict[date, list[int]] = {}
    for fact in facts:
        if fact.lasted_minutes is not None:
            timed.setdefault(fact.day, []).append(fact.lasted_minutes)
    passed = sum(1 for minutes in timed.values() if max(minutes) <= PASSED_WITHIN)
    answered = [f.used for f in facts if f.used is not None]
    parts = Counter(part_of_day(f.hour) for f in facts)
    # Ties are broken by the order of the day, not by chance, so the page does not flicker.
    order = ["morning", "afternoon", "evening", "night"]
    best = max(parts.values())
    part = next(p for p in order if parts.get(p) == best)
    part_count = best
    helped: Counter[str] = Counter()
    first_written: dict[str, str] = {}
    for fact in facts:
        text = " ".join(fact.helped.split())
        if text:
            helped[text.casefold()] += 1
            first_written.setdefault(text.casefold(), text)
    helped_text, helped_count = helped.most_common(1)[0] if helped else (None, 0)
    if helped_text is not None:
        helped_text = first_written[helped_text]  # as the person wrote it
    if helped_count < 2:
        helped_text, helped_count = None, 0
    return UrgeInsights(
        days=len(days),
        urges=len(facts),
        passed_days=passed if len(timed) >= MIN_DAYS else None,
        timed_days=len(timed),
        used_after=sum(1 for used in answered if used) if len(answered) >= MIN_DAYS else None,
        answered_used=len(answered),
        part_of_day=part if part_count * 2 > len(facts) else None,
        part_of_day_count=part_count,
        helped_most=helped_text,
        helped_count=helped_count,
        mean_strength=round(sum(f.strength for f in facts) / len(facts), 1),
    )
