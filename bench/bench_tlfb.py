"""Time tlfb_summary over 10,000 synthetic people × 365 days, against plain loops in the same run.

Run from the repository root: python bench/bench_tlfb.py
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from waypoint.measures import tlfb_summary

PEOPLE = 10_000
DAYS = 365
REPEATS = 3
START = date(2024, 1, 1)
END = START + timedelta(days=DAYS - 1)
LAST_90_START = END - timedelta(days=89)

Person = tuple[dict[date, float], str]


def synthetic_people(seed: int = 20240101) -> list[Person]:
    """Deterministic people: some days unreported, some without drinking, a few heavy ones."""
    rng = random.Random(seed)
    days = [START + timedelta(days=i) for i in range(DAYS)]
    people = []
    for _ in range(PEOPLE):
        coverage = rng.uniform(0.5, 1.0)
        drinking = rng.uniform(0.0, 0.8)
        grams_by_day: dict[date, float] = {}
        for day in days:
            if rng.random() >= coverage:
                continue  # not reported
            if rng.random() >= drinking:
                grams_by_day[day] = 0
            else:
                grams_by_day[day] = round(
                    rng.choice((14.0, 28.0, 42.0, 70.0)) * rng.uniform(0.7, 1.5), 1
                )
        people.append((grams_by_day, rng.choice(("female", "male"))))
    return people


def best_of(repeats: int, run: Callable[[], object]) -> float:
    """Fastest wall time of several runs, in seconds: the least disturbed by other work."""
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        run()
        times.append(time.perf_counter() - began)
    return min(times)


def main() -> None:
    """Build the data, time each variant, print the table."""
    people = synthetic_people()
    entries = sum(len(grams) for grams, _ in people)

    def python_loop() -> None:
        for grams_by_day, _ in people:
            total = 0.0
            for grams in grams_by_day.values():
                total += grams

    def builtin_sum() -> None:
        for grams_by_day, _ in people:
            sum(grams_by_day.values())

    def full_year() -> None:
        for grams_by_day, sex in people:
            tlfb_summary(grams_by_day, start=START, end=END, sex=sex)

    def last_90_days() -> None:
        for grams_by_day, sex in people:
            tlfb_summary(grams_by_day, start=LAST_90_START, end=END, sex=sex)

    loop = best_of(REPEATS, python_loop)
    summed = best_of(REPEATS, builtin_sum)
    year = best_of(REPEATS, full_year)
    recent = best_of(REPEATS, last_90_days)

    print(f"{PEOPLE:,} people × {DAYS} days, {entries:,} reported days; best of {REPEATS} runs")
    print(f"{'':40}{'total s':>10}{'µs/person':>12}{'× loop':>9}{'× sum()':>9}")
    for name, seconds in (
        ("baseline: Python loop summing values", loop),
        ("baseline: sum(values())", summed),
        ("tlfb_summary, whole year", year),
        ("tlfb_summary, last 90 days (filtered)", recent),
    ):
        per_person = seconds / PEOPLE * 1e6
        ratios = f"{seconds / loop:9.2f}{seconds / summed:9.2f}"
        print(f"{name:40}{seconds:10.3f}{per_person:12.1f}{ratios}")


if __name__ == "__main__":
    main()
