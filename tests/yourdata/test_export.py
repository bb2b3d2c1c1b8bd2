"""Export: everything about the person, and nothing about anyone else."""

from __future__ import annotations

import csv
import io
import json
import random
import re
import tracemalloc
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import body, own_export
from tests.yourdata.filled import fill
from waypoint.accounts.models import User
from waypoint.accounts.services import token_create
from waypoint.core.csv import csv_lines
from waypoint.journal.models import CheckIn, Entry, Substance
from waypoint.journal.services import (
    OPTIONAL_FIELDS,
    checkin_set,
    own_substance_create,
    profile_of,
)
from waypoint.yourdata.exports import (
    CSV_COLUMNS,
    export_csv_rows,
    export_everything,
    export_json_chunks,
)

pytestmark = pytest.mark.django_db


def download_csv(client: Client) -> list[dict[str, str]]:
    response = client.get("/settings/export.csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_json_export_holds_everything_about_me(alice: User, alice_client: Client) -> None:
    fill(alice, "ALICE")
    data = own_export(alice_client)
    assert (data["format"], data["version"]) == ("waypoint-export", 1)
    assert data["exported_at"]
    assert data["account"]["username"] == "alice"
    assert data["profile"]["standard_drink_country"] == "UK"
    assert {s["name"] for s in data["profile"]["substances"]} == {"Alcohol", "ALICE tea"}
    assert [s["name"] for s in data["own_substances"]] == ["ALICE tea"]
    assert data["stances"][0] | {"recorded_at": None} == {
        "substance": "Alcohol",
        "relationship": "heavy",
        "readiness": "preparing",
        "recorded_at": None,
    }
    assert len(data["entries"]) == 4
    first = data["entries"][-2]
    assert first["note"].startswith("ALICE private note")  # decrypted
    assert first["standard_drinks"] == 2.5
    assert first["alcohol_grams"] == pytest.approx(2.5 * 7.9)
    assert first["harms"] == ["blackout"]
    assert first["care_actions"] == ["water", "ate_first"]
    assert data["checkins"][0]["wellbeing"] == 7
    assert data["baseline"][0]["amount"] == 5.0
    assert data["goals"][0]["steps"][0]["text"] == "ALICE first step"
    assert data["assessments"][0] | {"taken_at": None} == {
        "instrument": "audit_c",
        "answers": [4, 2, 3],
        "total": 9,
        "band": "positive",
        "flags": ["positive"],
        "taken_at": None,
    }
    assert data["access_tokens"][0]["name"] == "ALICE phone"
    assert data["recovery_codes_unused"] == 10


def test_json_export_holds_no_secrets(alice: User, alice_client: Client) -> None:
    fill(alice, "ALICE")
    text = body(alice_client.get("/settings/export.json")).decode()
    assert "argon2" not in text
    assert alice.password not in text
    for secret in ("password", "token_hash", "code_hash", "prefix"):
        assert f'"{secret}"' not in text


def test_exports_are_downloads_that_are_never_cached(alice: User, alice_client: Client) -> None:
    for url, kind in (("/settings/export.json", "json"), ("/settings/export.csv", "csv")):
        response = alice_client.get(url)
        assert response["Content-Disposition"].startswith("attachment; filename=")
        assert response["Content-Disposition"].endswith(f'.{kind}"')
        assert "no-store" in response["Cache-Control"]


def test_discreet_mode_names_the_file_neutrally(alice: User, alice_client: Client) -> None:
    alice.discreet_mode = True
    alice.save()
    response = alice_client.get("/settings/export.json")
    assert 'filename="notes-export-' in response["Content-Disposition"]


def test_bobs_data_is_never_in_alices_export(alice: User, bob: User, alice_client: Client) -> None:
    fill(alice, "ALICE")
    fill(bob, "BOB")
    json_text = body(alice_client.get("/settings/export.json")).decode()
    csv_text = b"".join(alice_client.get("/settings/export.csv").streaming_content).decode()
    for text in (json_text, csv_text):
        assert "ALICE" in text
        assert "BOB" not in text
        assert "bob" not in text


def test_csv_has_one_row_per_entry_with_every_field(alice: User, alice_client: Client) -> None:
    fill(alice, "ALICE")
    rows = download_csv(alice_client)
    assert len(rows) == 4
    assert list(rows[0]) == [
        "id", "day", "used_at", "time_given", "substance", "substance_slug", "amount", "unit",
        "preset", "preset_count", "standard_drinks", "alcohol_grams", "route", "mood",
        "ate_before", "slept_well", "physical", "intention", "place", "company", "activity",
        "harms", "care_actions", "note", "created_at", "updated_at",
    ]  # fmt: skip
    drink = next(row for row in rows if row["note"] == "ALICE private note 0")
    assert drink["substance"] == "Alcohol"
    assert drink["standard_drinks"] == "2.5"
    assert drink["unit"] == "drink"
    assert drink["ate_before"] == "yes"
    assert drink["slept_well"] == ""
    assert drink["harms"] == "blackout"
    assert drink["care_actions"] == "water;ate_first"
    own = next(row for row in rows if row["substance"] == "ALICE tea")
    assert own["standard_drinks"] == ""
    # A note that looks like a formula is kept as text in spreadsheets.
    assert own["note"] == "'=1+1"


def test_the_json_export_keeps_the_formula_looking_note_as_written(
    alice: User, alice_client: Client
) -> None:
    fill(alice, "ALICE")
    notes = {entry["note"] for entry in own_export(alice_client)["entries"]}
    assert "=1+1" in notes


def test_an_empty_account_exports_too(alice: User, alice_client: Client) -> None:
    data = own_export(alice_client)
    assert data["entries"] == [] and data["profile"] is None
    assert download_csv(alice_client) == []


def queries_for(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    return len(context.captured_queries)


@pytest.mark.parametrize("url", ["/settings/export.json", "/settings/export.csv", "/api/v1/export"])
def test_export_queries_do_not_grow_with_data(alice: User, alice_client: Client, url: str) -> None:
    fill(alice, "ALICE", entries=1)
    few = queries_for(alice_client, url)
    fill(alice, "MORE", entries=40)
    many = queries_for(alice_client, url)
    assert few == many
    # 20; one each for safety (14), programs (12) and worksheets (16); two for the directory's
    # saved services and visits (16); four for check on me (15); three for the companion's
    # urges, usuals and prices (11).
    assert many <= 32


def test_api_export_needs_sign_in(client: Client) -> None:
    response = client.get("/api/v1/export")
    assert response.status_code == 401
    assert "detail" in response.json()


def test_api_export_with_a_token_matches_the_download(alice: User, alice_client: Client) -> None:
    fill(alice, "ALICE")
    _token, raw = token_create(user=alice, name="script")
    response = Client().get("/api/v1/export", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    from_api = json.loads(body(response))
    from_file = own_export(alice_client)
    for data in (from_api, from_file):
        data.pop("exported_at")
        for token in data["access_tokens"]:
            token.pop("last_used_at")
    assert from_api == from_file


def test_api_export_with_bobs_token_gives_bobs_data(alice: User, bob: User) -> None:
    fill(alice, "ALICE")
    fill(bob, "BOB")
    _token, raw = token_create(user=bob, name="script")
    text = body(Client().get("/api/v1/export", HTTP_AUTHORIZATION=f"Bearer {raw}")).decode()
    assert "BOB" in text and "ALICE" not in text


def test_settings_link_to_export_and_delete(alice_client: Client) -> None:
    text = alice_client.get("/settings/").content.decode()
    for url in ("/settings/export.json", "/settings/export.csv", "/settings/delete/"):
        assert f'href="{url}"' in text


@pytest.mark.parametrize("url", ["/settings/export.json", "/settings/export.csv", "/api/v1/export"])
def test_exports_are_streamed(alice: User, alice_client: Client, url: str) -> None:
    fill(alice, "ALICE", entries=3)
    _token, raw = token_create(user=alice, name="script")
    response = alice_client.get(url, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.streaming


def peak_while_downloading(client: Client, url: str) -> int:
    response = client.get(url)
    tracemalloc.start()
    try:
        size = sum(len(chunk) for chunk in response.streaming_content)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert size > 0
    return peak


def bulk_entries(person: User, count: int, first: date) -> None:
    alcohol = Substance.objects.get(slug="alcohol", owner=None)
    Entry.objects.bulk_create(
        (
            Entry(
                user=person,
                substance=alcohol,
                day=first + timedelta(days=i // 2),
                used_at=datetime.combine(first + timedelta(days=i // 2), time(20), tzinfo=UTC),
                amount=Decimal(2),
                unit="drink",
                alcohol_grams=28.0,
                harms=["hangover"] if i % 7 == 0 else [],
            )
            for i in range(count)
        ),
        batch_size=1000,
    )


@pytest.mark.parametrize("zone", ["UTC", "America/Los_Angeles"])
def test_export_memory_does_not_grow_with_history(
    alice: User, alice_client: Client, zone: str
) -> None:
    """Read in chunks of 2,000 rows: 12,000 entries need no more memory than 4,000 (within a
    margin; measured 2.8 MB for both, and for 24,000). Outside UTC the times come from a table
    per year met (`zonetext`), 6 years then 17 here: small beside the chunk."""
    alice.time_zone = zone
    alice.save(update_fields=["time_zone"])
    urls = ("/settings/export.json", "/settings/export.csv")
    bulk_entries(alice, 4000, date(2001, 1, 1))
    smaller = [peak_while_downloading(alice_client, url) for url in urls]
    bulk_entries(alice, 8000, date(2007, 1, 1))
    larger = [peak_while_downloading(alice_client, url) for url in urls]
    for before, after in zip(smaller, larger, strict=True):
        assert after < before * 1.25, (smaller, larger)


def test_the_streamed_json_is_the_whole_export(alice: User, alice_client: Client) -> None:
    fill(alice, "ALICE", entries=5)
    downloaded = own_export(alice_client)
    built = json.loads(json.dumps(export_everything(alice), cls=DjangoJSONEncoder))
    downloaded.pop("exported_at")
    built.pop("exported_at")
    assert downloaded == built
    assert len(downloaded["entries"]) == Entry.objects.filter(user=alice).count()


def varied_entries(person: User) -> None:
    """Entries with every kind of value the export's plain reader shapes itself: UUIDs, times
    with and without microseconds (one in a daylight-saving change), decimals, yes/no/unknown,
    JSON lists, and encrypted text with accents, other scripts, an emoji and a new line."""
    alcohol = Substance.objects.get(slug="alcohol", owner=None)
    own = own_substance_create(user=person, name="Té de menta ☕", category="other", unit="ml")
    profile_of(person)  # the default drink size
    Entry.objects.create(
        user=person,
        substance=alcohol,
        day=date(2024, 3, 31),
        used_at=datetime(2024, 3, 31, 0, 30, tzinfo=UTC),
        time_given=True,
        amount=Decimal("0.10"),
        unit="drink",
        alcohol_grams=1.4,
        preset="pint",
        preset_count=Decimal("1.50"),
        route="swallowed",
        mood=5,
        ate_before=False,
        slept_well=True,
        physical="tired",
        activity="café con Zoë",
        harms=["blackout", "used_alone"],
        note='Ça va — 日本語 ✓ 🙂\nsecond line, "quoted"; =not a formula',
        created_at=datetime(2024, 3, 31, 1, 2, 3, tzinfo=UTC),
    )
    Entry.objects.create(
        user=person,
        substance=alcohol,
        day=date(2024, 10, 27),
        used_at=datetime(2024, 10, 27, 1, 59, 59, 999999, tzinfo=UTC),
        time_given=False,
        amount=Decimal("12345678.99"),
        unit="ml",
        alcohol_grams=99999.123456789,
        ate_before=True,
        care_actions=["water", "ate_first"],
        note="",
    )
    Entry.objects.create(
        user=person,
        substance=own,
        day=date(2001, 1, 1),
        used_at=datetime(2000, 12, 31, 23, 0, tzinfo=UTC),
        amount=Decimal(330),
        unit="ml",
        activity="-leer",
    )
    checkin_set(user=person, day=date(2024, 4, 1), no_use=True, mood=2, wellbeing=9)


# Moments where a zone's offset changes (both ways, in Los Angeles and Berlin, to the
# microsecond on either side), the date line, and years far back (local mean time, offsets with
# seconds) and far ahead (past the tz database's own transitions, and the last years a date
# can have).
CHANGING_MOMENTS = (
    datetime(2024, 3, 10, 9, 59, 59, 999999, tzinfo=UTC),
    datetime(2024, 3, 10, 10, 0, tzinfo=UTC),
    datetime(2024, 11, 3, 8, 59, 59, tzinfo=UTC),
    datetime(2024, 11, 3, 9, 0, 0, 1, tzinfo=UTC),
    datetime(2024, 10, 27, 0, 59, 59, 999999, tzinfo=UTC),
    datetime(2024, 10, 27, 1, 0, tzinfo=UTC),
    datetime(2024, 12, 31, 23, 30, tzinfo=UTC),
    datetime(1850, 6, 1, 12, 0, tzinfo=UTC),
    datetime(1900, 1, 1, 0, 0, 0, 500000, tzinfo=UTC),
    datetime(2100, 7, 1, 6, 30, tzinfo=UTC),
    datetime(9998, 12, 31, 20, 0, tzinfo=UTC),
)


def entries_at_changing_moments(person: User) -> None:
    """An entry used at each of CHANGING_MOMENTS, made a second later."""
    alcohol = Substance.objects.get(slug="alcohol", owner=None)
    for moment in CHANGING_MOMENTS:
        Entry.objects.create(
            user=person,
            substance=alcohol,
            day=moment.date(),
            used_at=moment,
            amount=Decimal(1),
            unit="drink",
            alcohol_grams=14.0,
            created_at=moment + timedelta(seconds=1),
        )


def orm_entry(entry: Entry, grams_per_drink: float) -> dict[str, object]:
    """An entry record made from the model object, every value as the ORM gives it."""

    def when(value: datetime) -> str:
        return timezone.localtime(value).isoformat()

    grams = entry.alcohol_grams
    return {
        "id": str(entry.id),
        "day": entry.day.isoformat(),
        "used_at": when(entry.used_at),
        "time_given": entry.time_given,
        "substance": entry.substance.name,
        "substance_slug": entry.substance.slug,
        "amount": float(entry.amount),
        "unit": entry.unit,
        "preset": entry.preset,
        "preset_count": None if entry.preset_count is None else float(entry.preset_count),
        "standard_drinks": None if grams is None else round(grams / grams_per_drink, 2),
        "alcohol_grams": grams,
        **{name: getattr(entry, name) for name in OPTIONAL_FIELDS},
        "created_at": when(entry.created_at),
        "updated_at": when(entry.updated_at),
    }


ZONES = ["UTC", "America/St_Johns", "Asia/Kolkata", "Europe/Berlin", "America/Los_Angeles"]


@pytest.mark.parametrize("zone", ZONES)
def test_the_export_reads_the_same_values_as_the_orm(alice: User, zone: str) -> None:
    """The export reads rows without Django's converters and writes times from tables
    (`zonetext`): what it writes must be what the model objects hold, on SQLite and
    PostgreSQL, in any time zone, also where the zone's offset changes."""
    varied_entries(alice)
    entries_at_changing_moments(alice)
    grams_per_drink = profile_of(alice).grams_per_drink
    entries = Entry.objects.filter(user=alice).order_by("day", "used_at", "created_at")
    with timezone.override(zone):
        expected = [orm_entry(entry, grams_per_drink) for entry in entries]
        exported = export_everything(alice)
        # Compared as JSON text, where True and 1 or 2.0 and "2.0" differ.
        assert json.dumps(exported["entries"]) == json.dumps(expected)
        noted = [e for e in exported["entries"] if e["day"] == "2024-03-31"]
        assert noted[0]["note"].startswith("Ça va — 日本語 ✓ 🙂\n")
        assert len(exported["entries"]) == 3 + len(CHANGING_MOMENTS)
        checkin = CheckIn.objects.get(user=alice)
        assert exported["checkins"] == [
            {
                "day": "2024-04-01",
                "no_use": True,
                "mood": 2,
                "wellbeing": 9,
                "created_at": timezone.localtime(checkin.created_at).isoformat(),
                "updated_at": timezone.localtime(checkin.updated_at).isoformat(),
            }
        ]
        rows = ([record[name] for name in CSV_COLUMNS] for record in expected)
        assert "".join(export_csv_rows(alice)) == "".join(
            csv_lines(rows, header=CSV_COLUMNS, bom=True)
        )


def zone_changes(zone: str, year: int) -> list[datetime]:
    """The moments a zone's UTC offset changed in a year, to the hour, found by asking every
    hour (independently of `zonetext`, which samples every two days)."""
    info = ZoneInfo(zone)
    moment = datetime(year, 1, 1, tzinfo=UTC)
    changes = []
    while moment.year == year:
        following = moment + timedelta(hours=1)
        if moment.astimezone(info).utcoffset() != following.astimezone(info).utcoffset():
            changes.append(following)
        moment = following
    return changes


TRICKY_TEXT = (
    "",
    "after work",
    '}, {"id": "x", {"day": ',  # what the encoder writes between records
    'a "quoted" word, a back\\slash\\',
    "100% sure, %s and %(x)s",
    "=1+1",
    "-leer",
    "line one\nline two\r\n\ttab",
    "Ça va — 日本語 ✓ 🙂",
    "\x00\x1f control",
)


def random_history(person: User, zone: str, rng: random.Random) -> None:
    """1,100 entries (more than one chunk of rows) at random moments of 2023-2025 and around
    each of the zone's offset changes of 2024, with random details, and 30 check-ins."""
    alcohol = Substance.objects.get(slug="alcohol", owner=None)
    own = own_substance_create(user=person, name='=Té, "casero"', category="other", unit="ml")
    profile_of(person)
    moments = []
    for change in zone_changes(zone, 2024):
        for delta in (-1, 0, 1, 1800 * 10**6, -3600 * 10**6):
            moments.append(change + timedelta(microseconds=delta))
    start = datetime(2023, 1, 1, tzinfo=UTC)
    while len(moments) < 1100:
        moment = start + timedelta(seconds=rng.randrange(3 * 365 * 86400))
        if rng.random() < 0.5:
            moment += timedelta(microseconds=rng.randrange(1, 10**6))
        moments.append(moment)

    def maybe(*choices: object) -> object:
        return rng.choice(choices)

    Entry.objects.bulk_create(
        Entry(
            user=person,
            substance=maybe(alcohol, own),
            day=moment.date(),
            used_at=moment,
            time_given=maybe(None, True, False),
            amount=Decimal(rng.randrange(1, 10**7)) / 100,
            unit=maybe("drink", "ml"),
            alcohol_grams=maybe(None, 14.0, rng.random() * 100, 1e20),
            preset=maybe("", "pint"),
            preset_count=maybe(None, Decimal("1.50"), Decimal("0.33")),
            route=maybe("", "swallowed"),
            mood=maybe(None, 1, 5),
            ate_before=maybe(None, True, False),
            slept_well=maybe(None, True, False),
            physical=maybe("", "tired"),
            intention=maybe("", "relax"),
            place=maybe("", "home"),
            company=maybe("", "alone"),
            activity=maybe(*TRICKY_TEXT),
            harms=maybe([], ["blackout"], ["blackout", "used_alone"]),
            care_actions=maybe([], ["water", "ate_first"]),
            note=maybe(*TRICKY_TEXT),
            created_at=moment + timedelta(microseconds=rng.randrange(10**9)),
        )
        for moment in moments
    )
    CheckIn.objects.bulk_create(
        CheckIn(
            user=person,
            day=date(2020, 1, 1) + timedelta(days=n * 11),
            no_use=maybe(True, False),
            mood=maybe(None, 3),
            wellbeing=maybe(None, 0, 10),
            created_at=moments[n],
        )
        for n in range(30)
    )


def json_layout(sections: dict[str, object]) -> str:
    """The export's JSON as the download lays it out, written here from parsed-free values:
    sections one to a line, entries and check-ins one to a line, each by the encoder."""
    encode = DjangoJSONEncoder(ensure_ascii=False).encode
    parts = []
    for name, value in sections.items():
        text = encode(value)
        if name in ("entries", "checkins") and value:
            text = "[\n" + ",\n".join(encode(item) for item in value) + "\n]"  # type: ignore[attr-defined]
        parts.append(f"{encode(name)}: {text}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


EXPORTED_AT = re.compile(r'"exported_at": "[^"]*"')


# A zone with a half-hour offset and daylight saving in the south, one in the south on whole
# hours, a half-hour offset without changes, and two in the north.
RANDOM_ZONES = ("UTC", "Australia/Adelaide", "America/Santiago", "Asia/Kolkata")
RANDOM_ZONES += ("America/Los_Angeles", "Europe/Berlin")


@pytest.mark.parametrize("zone", RANDOM_ZONES)
def test_the_streamed_files_are_the_orms_values_byte_for_byte(alice: User, zone: str) -> None:
    """Random entries around the zone's offset changes, with text the encoders must escape:
    the streamed JSON and CSV are, byte for byte, what the model objects give when written
    one value at a time by the encoder and by `csv_lines` (the way before streaming)."""
    alice.time_zone = zone
    alice.save(update_fields=["time_zone"])
    random_history(alice, zone, random.Random(zone))
    grams_per_drink = profile_of(alice).grams_per_drink
    with timezone.override(zone):
        entries = [
            orm_entry(entry, grams_per_drink)
            for entry in Entry.objects.filter(user=alice)
            .select_related("substance")
            .order_by("day", "used_at", "created_at")
        ]
        checkins = [
            {
                "day": c.day.isoformat(),
                "no_use": c.no_use,
                "mood": c.mood,
                "wellbeing": c.wellbeing,
                "created_at": timezone.localtime(c.created_at).isoformat(),
                "updated_at": timezone.localtime(c.updated_at).isoformat(),
            }
            for c in CheckIn.objects.filter(user=alice).order_by("day")
        ]
        sections = export_everything(alice) | {"entries": entries, "checkins": checkins}
        streamed = "".join(export_json_chunks(alice))
        assert EXPORTED_AT.sub("", streamed) == EXPORTED_AT.sub("", json_layout(sections))
        rows = ([record[name] for name in CSV_COLUMNS] for record in entries)
        assert "".join(export_csv_rows(alice)) == "".join(
            csv_lines(rows, header=CSV_COLUMNS, bom=True)
        )
    assert len(entries) == 1100
