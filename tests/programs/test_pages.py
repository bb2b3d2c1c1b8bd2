"""Program pages: encounter form, codes, reversals, admin pages, import, a participant's cards."""

from __future__ import annotations

import io
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tests.conftest import client_for
from tests.factories import log, own_export
from tests.programs.conftest import record
from waypoint.accounts.models import Membership, Organization, SetupLink, User
from waypoint.programs import codes, services
from waypoint.programs.models import Encounter, Participant, Referral, Site
from waypoint.programs.selectors import ProgramAccess

pytestmark = pytest.mark.django_db
BASE = "/programs/riverside"


def form_data(site: Site, **fields: Any) -> dict[str, Any]:
    data = {"site": site.pk, "people": 1, "action": "save"}
    data.update(fields)
    return data


def test_staff_of_a_program_land_on_its_home(owen_client: Client, van: Site) -> None:
    response = owen_client.get("/")
    assert response.status_code == 302 and response.url == "/programs/"
    assert owen_client.get("/programs/").url == f"{BASE}/"
    assert "New encounter" in owen_client.get(f"{BASE}/").content.decode()


def test_counselors_and_facilitators_land_on_their_work(carol: User, harbor: Organization) -> None:
    assert client_for(carol).get("/").url == "/care/"
    frank = User.objects.create_user("frank", password="x" * 12, kind=User.Kind.STAFF)
    Membership.objects.create(user=frank, organization=harbor, role=Membership.Role.FACILITATOR)
    assert client_for(frank).get("/").url == "/groups/"


def test_an_anonymous_encounter_from_the_form(owen_client: Client, van: Site) -> None:
    response = owen_client.post(
        f"{BASE}/encounters/new/", form_data(van, people=3, qty_syringe=40, **{"qty_cooker": 10})
    )
    assert response.status_code == 302
    encounter = Encounter.objects.get()
    assert encounter.people == 3 and encounter.participant is None
    assert encounter.syringes_distributed == 40


def test_same_as_last_time_fills_the_form(
    owen_client: Client, owen: User, access: ProgramAccess, van: Site
) -> None:
    code = services.participant_issue(user=owen, access=access).shown_code
    record(
        access,
        owen,
        van,
        code=code,
        supplies=[("syringe", 20), ("cooker", 5)],
        syringes_collected=12,
    )
    response = owen_client.post(
        f"{BASE}/encounters/new/", {"code": code.replace("-", "").lower(), "action": "same"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="qty_syringe" value="20"' in html and 'name="qty_cooker" value="5"' in html
    assert 'name="syringes_collected" value="12"' in html


def test_a_typo_in_the_code_says_which_character(
    owen_client: Client, owen: User, access: ProgramAccess, van: Site
) -> None:
    code = services.participant_issue(user=owen, access=access).code
    wrong = next(ch for ch in codes.ALPHABET if ch != code[1])
    typo = code[0] + wrong + code[2:]
    response = owen_client.post(f"{BASE}/encounters/new/", form_data(van, code=typo))
    assert response.status_code == 400
    html = response.content.decode()
    assert f"Character 2 ({wrong}) looks wrong. Did you mean {codes.shown(code)}?" in html
    assert not Encounter.objects.exists()


def test_unusual_quantities_ask_to_confirm(owen_client: Client, van: Site) -> None:
    response = owen_client.post(f"{BASE}/encounters/new/", form_data(van, qty_syringe=800))
    assert response.status_code == 400 and 'name="confirm"' in response.content.decode()
    response = owen_client.post(
        f"{BASE}/encounters/new/", form_data(van, qty_syringe=800, confirm="1")
    )
    assert response.status_code == 302 and Encounter.objects.get().syringes_distributed == 800


def test_only_a_question_about_unusually_many_is_marked_for_the_device_to_answer(
    owen_client: Client, van: Site
) -> None:
    asked = owen_client.post(f"{BASE}/encounters/new/", form_data(van, qty_syringe=800))
    assert asked.headers["X-Waypoint-Confirm"] == "confirm"
    # With another problem too, confirming alone would not save it: no one-tap answer.
    both = form_data(van, qty_syringe=800, syringes_collected=5, syringes_collected_lb="1")
    refused = owen_client.post(f"{BASE}/encounters/new/", both)
    assert refused.status_code == 400 and 'name="confirm"' in refused.content.decode()
    assert "X-Waypoint-Confirm" not in refused.headers
    assert not Encounter.objects.exists()


def test_unusual_quantities_ask_to_confirm_in_spanish(owen_client: Client, van: Site) -> None:
    response = owen_client.post(
        f"{BASE}/encounters/new/", form_data(van, qty_syringe=800), HTTP_ACCEPT_LANGUAGE="es"
    )
    html = response.content.decode()
    assert "800 es una cantidad poco común" in html
    assert 'name="confirm"' in html and "Sí, estos números son correctos" in html
    assert response.headers["X-Waypoint-Confirm"] == "confirm"


def test_a_correction_to_unusually_many_asks_to_confirm(
    owen_client: Client, owen: User, access: ProgramAccess, van: Site
) -> None:
    encounter = record(access, owen, van, supplies=[("syringe", 10)])
    edit = f"{BASE}/encounters/{encounter.pk}/edit/"
    response = owen_client.post(edit, form_data(van, qty_syringe=800))
    assert response.status_code == 400 and 'name="confirm"' in response.content.decode()
    response = owen_client.post(edit, form_data(van, qty_syringe=800, confirm="1"))
    assert response.status_code == 302
    assert Encounter.objects.get().supplies.get().quantity == 800


def test_correct_an_encounter_and_link_a_referral(
    owen_client: Client, owen: User, access: ProgramAccess, van: Site
) -> None:
    encounter = record(access, owen, van, supplies=[("syringe", 10)], referrals=[("food", "made")])
    edit = f"{BASE}/encounters/{encounter.pk}/edit/"
    assert owen_client.get(edit).status_code == 200
    response = owen_client.post(edit, form_data(van, qty_syringe=15, referrals=["food"]))
    assert response.status_code == 302
    page = owen_client.get(f"{BASE}/encounters/{encounter.pk}/").content.decode()
    assert "Version 1, replaced by owen" in page
    referral = Referral.objects.get()
    owen_client.post(f"{BASE}/referrals/{referral.pk}/link/")
    referral.refresh_from_db()
    assert referral.status == "linked" and referral.linked_on == timezone.localdate()


def test_codes_page_issues_and_makes_link_codes(owen_client: Client) -> None:
    response = owen_client.post(f"{BASE}/codes/", {"action": "issue"})
    code = Participant.objects.get().shown_code
    assert code in response.content.decode()
    response = owen_client.post(f"{BASE}/codes/", {"action": "link", "l-code": code})
    assert 'data-testid="link-code"' in response.content.decode()


def test_a_participant_links_and_unlinks_a_card(
    owen: User, access: ProgramAccess, van: Site, alice: User, bob: User
) -> None:
    code = services.participant_issue(user=owen, access=access).shown_code
    record(
        access, owen, van, code=code, supplies=[("syringe", 10)], tests=[("hiv", "non_reactive")]
    )
    link = services.link_code_create(user=owen, access=access, participant_code=code)
    alice_client = client_for(alice)
    assert "My visits" not in alice_client.get("/programs/mine/").content.decode()
    assert (
        alice_client.post("/programs/mine/", {"code": code}).status_code == 400
    )  # card code alone: no
    assert alice_client.post("/programs/mine/", {"code": link}).status_code == 302
    page = alice_client.get("/programs/mine/").content.decode()
    assert "10 × Syringe" in page and "Non-reactive" in page
    exported = own_export(alice_client)["programs"]
    assert exported["cards"][0]["code"] == code
    assert exported["encounters"][0]["supplies"] == [{"item": "syringe", "quantity": 10}]
    assert client_for(bob).post("/programs/mine/", {"code": link}).status_code == 400  # used once
    participant = Participant.objects.get()
    assert client_for(bob).post(f"/programs/mine/{participant.pk}/unlink/").status_code == 404
    alice_client.post(f"/programs/mine/{participant.pk}/unlink/")
    assert "My visits" not in alice_client.get("/programs/mine/").content.decode()


def test_staff_pages_are_for_program_staff(
    owen_client: Client, nora_client: Client, alice_client: Client, van: Site
) -> None:
    for path in ("", "encounters/new/", "codes/", "reversals/new/"):
        assert owen_client.get(f"{BASE}/{path}").status_code == 200, path
        assert nora_client.get(f"{BASE}/{path}").status_code == 404, path
    for path in (
        "sites/",
        "catalogue/",
        "stock/",
        "report/",
        "import/",
        "report.csv",
        "encounters.csv",
    ):
        assert owen_client.get(f"{BASE}/{path}").status_code == 404, path
    assert alice_client.get(f"{BASE}/").status_code == 403


def test_program_settings(petra_client: Client, access: ProgramAccess) -> None:
    data = {
        "action": "settings",
        "time_zone": "America/Denver",
        "syringes_per_pound": 300,
        "code_questions": "First letter of a parent's first name\nDay of birth",
    }
    assert petra_client.post(f"{BASE}/catalogue/", data).status_code == 302
    access.organization.refresh_from_db()
    access.program.refresh_from_db()
    assert access.organization.time_zone == "America/Denver"
    assert access.program.syringes_per_pound == 300 and len(access.program.code_questions) == 2
    bad = dict(data, time_zone="Mars/Olympus")
    assert petra_client.post(f"{BASE}/catalogue/", bad).status_code == 400
    doses = {"action": "doses", "d-item": "naloxone-im", "d-doses_per_kit": 3}
    assert petra_client.post(f"{BASE}/catalogue/", doses).status_code == 302
    answers = {"action": "derive", "a-answer_0": "M", "a-answer_1": "17"}
    page = petra_client.post(f"{BASE}/codes/", answers).content.decode()
    code = Participant.objects.get().shown_code
    assert code in page
    again = petra_client.post(f"{BASE}/codes/", dict(answers, action="rederive")).content.decode()
    assert code in again


def test_admin_pages(petra_client: Client, van: Site, office: Site) -> None:
    assert petra_client.post(f"{BASE}/sites/", {"name": "Mail", "kind": "mail"}).status_code == 302
    assert (
        petra_client.post(
            f"{BASE}/catalogue/", {"name": "Lip balm", "category": "other"}
        ).status_code
        == 302
    )
    response = petra_client.post(
        f"{BASE}/stock/",
        {
            "action": "receipt",
            "receipt-site": van.pk,
            "receipt-item": "syringe",
            "receipt-quantity": 500,
        },
    )
    assert response.status_code == 302
    response = petra_client.post(
        f"{BASE}/stock/",
        {
            "action": "receipt",
            "receipt-site": van.pk,
            "receipt-item": "naloxone-im",
            "receipt-quantity": 5,
        },
    )
    assert response.status_code == 400 and "lot" in response.content.decode()
    assert "500" in petra_client.get(f"{BASE}/stock/").content.decode()
    for path in ("sites/", "catalogue/", "report/", "import/"):
        assert petra_client.get(f"{BASE}/{path}").status_code == 200
    csv_text = b"".join(
        petra_client.get(
            f"{BASE}/report.csv?start=2024-01-01&end=2024-12-31&shared=on"
        ).streaming_content
    ).decode()
    assert csv_text.startswith("\ufeffindicator,total,2024-01")


def test_report_page_shows_the_linkage_rate_and_the_configured_threshold(
    petra_client: Client, petra: User, access: ProgramAccess, van: Site, settings: Any
) -> None:
    code = services.participant_issue(user=petra, access=access).shown_code
    record(
        access,
        petra,
        van,
        code=code,
        at=timezone.now() - timezone.timedelta(hours=3),
        referrals=[("housing", "made"), ("food", "made"), ("detox", "made")],
    )
    record(access, petra, van, code=code, referrals=[("housing", "linked")])
    today = timezone.localdate().isoformat()
    page = petra_client.get(f"{BASE}/report/?start={today}&end={today}").content.decode()
    assert "Referrals linked: 33.3% of referrals made." in page
    settings.PROGRAMS_SUPPRESS_UP_TO = 4
    query = f"start={today}&end={today}&shared=on"
    page = petra_client.get(f"{BASE}/report/?{query}").content.decode()
    assert "Safe to share (hides counts from 1 to 4)" in page
    assert "counts from 1 to 4 show as &lt;5" in page
    assert 'data-key="encounters" data-label="Total">&lt;5</td>' in page
    rows = b"".join(petra_client.get(f"{BASE}/report.csv?{query}").streaming_content).decode()
    assert "\nencounters,<5,<5" in rows.replace("\r\n", "\n")


def test_notes_are_encrypted_at_rest_with_their_earlier_versions(
    owen: User, access: ProgramAccess, van: Site
) -> None:
    from django.db import connection

    encounter = record(access, owen, van, note="Asked about the shelter on 5th.")
    services.encounter_correct(
        user=owen,
        access=access,
        encounter_id=encounter.pk,
        data=services.EncounterData(at=encounter.at, site=van.pk, note="Shelter on 6th."),
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM programs_encounter")
        stored = cursor.fetchone()[0]
        cursor.execute("SELECT note FROM programs_encounterversion")
        earlier = cursor.fetchone()[0]
    assert "Shelter" not in stored and "shelter" not in earlier
    encounter.refresh_from_db()
    assert encounter.note == "Shelter on 6th."
    assert encounter.versions.get().note == "Asked about the shelter on 5th."


def test_the_program_sees_nothing_of_a_linked_persons_journal(
    owen: User, petra: User, access: ProgramAccess, van: Site, alice: User
) -> None:
    code = services.participant_issue(user=owen, access=access).shown_code
    record(access, owen, van, code=code, supplies=[("syringe", 10)])
    services.card_link(
        user=alice, code=services.link_code_create(user=owen, access=access, participant_code=code)
    )
    log(alice, timezone.localdate(), 2, activity="Walked to the lighthouse", note="Felt buoyant")
    encounter = Encounter.objects.get()
    for staff in (owen, petra):
        client = client_for(staff)
        for path in (
            f"/care/clients/{alice.pk}/",
            f"/care/clients/{alice.pk}/entries/",
            f"/api/v1/care/clients/{alice.pk}/entries",
        ):
            assert client.get(path).status_code == 404, path
        for path in (f"{BASE}/", f"{BASE}/encounters/", f"{BASE}/encounters/{encounter.pk}/"):
            page = client.get(path).content.decode()
            assert "lighthouse" not in page and "buoyant" not in page
            assert "alice" not in page.lower()


def test_encounters_csv_streams(
    petra_client: Client, petra: User, access: ProgramAccess, van: Site
) -> None:
    record(access, petra, van, supplies=[("syringe", 7)])
    response = petra_client.get(f"{BASE}/encounters.csv")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0].lstrip("\ufeff").startswith("id,at,site,participant_code")
    assert ",Blue van,," in lines[1] and len(lines) == 2


def _upload(client: Client, text: str) -> Any:
    file = io.BytesIO(text.encode())
    file.name = "tally.csv"
    return client.post(f"{BASE}/import/", {"file": file})


def test_import_all_or_nothing(
    petra_client: Client, petra: User, access: ProgramAccess, van: Site
) -> None:
    code = services.participant_issue(user=petra, access=access).shown_code
    bad = (
        "at,site,participant_code,people,supplies,syringes_collected,hiv\n"
        f"2025-03-01,Blue van,{code},1,syringe:20;cooker:5,10,non_reactive\n"
        "2025-03-02,Nowhere,,2,syringe:10,,\n"
        "2025-03-03,Blue van,,1,unicorn:1,,\n"
    )
    response = _upload(petra_client, bad)
    page = response.content.decode()
    assert response.status_code == 400 and "2 rows were refused" in page
    assert "Nowhere" in page and "unicorn" in page
    assert not Encounter.objects.exists()
    good = (
        bad.splitlines()[0] + "\n" + bad.splitlines()[1] + "\n2025-03-02,blue van,,2,syringe:10,,\n"
    )
    response = _upload(petra_client, good)
    assert response.status_code == 200 and "2 encounters saved" in response.content.decode()
    assert Encounter.objects.count() == 2


def test_import_refuses_a_count_that_is_not_a_number_in_words(
    petra_client: Client, van: Site
) -> None:
    text = "at,site,people,supplies\n2025-03-01,Blue van,two,syringe:10\n"
    page = _upload(petra_client, text).content.decode()
    assert "invalid literal" not in page
    assert "people: “two” is not a whole number." in page


def test_create_organization_command_and_setup_link() -> None:
    out = io.StringIO()
    call_command(
        "create_organization",
        "--name",
        "Eastside Harm Reduction",
        "--kind",
        "program",
        "--admin",
        "ezra",
        stdout=out,
    )
    organization = Organization.objects.get(slug="eastside-harm-reduction")
    assert organization.kind == "program"
    link = out.getvalue().strip().splitlines()[-1]
    path = link.split("127.0.0.1:8000")[1]
    client = Client()
    assert client.get(path).status_code == 200
    response = client.post(
        path,
        {
            "new_passphrase": "a long river passphrase",
            "new_passphrase_again": "a long river passphrase",
        },
    )
    assert response.status_code == 302
    assert client.get("/").url == "/programs/"
    assert Client().get(path).status_code == 404  # used once
    ezra = User.objects.get(username="ezra")
    assert ezra.check_password("a long river passphrase") and SetupLink.objects.get().used_at
    assert Membership.objects.filter(user=ezra, organization=organization, role="admin").exists()


def test_the_setup_link_is_one_time_and_expires_after_7_days() -> None:
    out = io.StringIO()
    call_command(
        "create_organization",
        "--name",
        "Late Start",
        "--kind",
        "community",
        "--admin",
        "lou",
        stdout=out,
    )
    path = out.getvalue().strip().splitlines()[-1].split("127.0.0.1:8000")[1]
    passphrase = {
        "new_passphrase": "a long river passphrase",
        "new_passphrase_again": "a long river passphrase",
    }
    with time_machine.travel(timezone.now() + timezone.timedelta(days=6, hours=23)):
        assert Client().get(path).status_code == 200
    with time_machine.travel(timezone.now() + timezone.timedelta(days=7, minutes=1)):
        assert Client().get(path).status_code == 404
        assert Client().post(path, passphrase).status_code == 404
    assert not User.objects.get(username="lou").has_usable_password()


def test_create_organization_refuses_a_taken_username(alice: User) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="taken"):
        call_command(
            "create_organization",
            "--name",
            "X",
            "--kind",
            "clinic",
            "--admin",
            "alice",
            stdout=io.StringIO(),
        )
    assert not Organization.objects.filter(name="X").exists()


def test_import_streams_progress_then_the_result_page(petra_client: Client, van: Site) -> None:
    rows = "".join(f"2025-03-{1 + i % 28:02d},Blue van,,1,syringe:10,,\n" for i in range(120))
    file = io.BytesIO(
        ("at,site,participant_code,people,supplies,syringes_collected,hiv\n" + rows).encode()
    )
    file.name = "tally.csv"
    response = petra_client.post(f"{BASE}/import/", {"file": file}, HTTP_X_IMPORT_PROGRESS="1")
    body = b"".join(response.streaming_content).decode()
    lines = body.splitlines()
    assert lines[:3] == ["progress 50 120", "progress 100 120", "progress 120 120"]
    assert lines[3] == "page" and "120 encounters saved" in body
    assert Encounter.objects.count() == 120


def test_pages_read_times_in_the_organizations_time_zone(
    owen_client: Client, access: ProgramAccess, van: Site
) -> None:
    access.organization.time_zone = "America/New_York"
    access.organization.save()
    response = owen_client.post(
        f"{BASE}/encounters/new/", form_data(van, at="2025-01-05T10:00", qty_syringe=5)
    )
    assert response.status_code == 302
    stored = Encounter.objects.get().at
    assert (stored.hour, stored.utcoffset()) == (15, timezone.timedelta(0))


def test_demo_program_has_sites_staff_and_a_few_hundred_encounters() -> None:
    from waypoint.programs.demo import DEMO_SLUG, demo_program

    demo_program({})  # run twice (idempotent) by tests/core/test_demo.py
    organization = Organization.objects.get(slug=DEMO_SLUG)
    assert organization.sites.count() == 3
    assert Encounter.objects.filter(organization=organization).count() == 240
    kai = User.objects.get(username="kai")
    assert Membership.objects.get(user=kai, organization=organization).role == "outreach"
    # Everything the demo hands out was received first: no site shows a negative count.
    from waypoint.programs.selectors import program_for, stock

    lines = stock(program_for(User.objects.get(username="rs-admin"), DEMO_SLUG))
    handed_out = {"syringe", "cooker", "cotton", "alcohol-pad", "naloxone-nasal-4mg"}
    assert handed_out <= {line.item.slug for line in lines}
    assert [line for line in lines if line.negative] == []


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("encounters.csv?from=2025-02-30", "2025-02-30"),
        ("encounters.csv?from=soon", "soon"),
        ("report.csv?start=bad&end=2025-01-31", "Enter a valid date"),
        ("referrals.csv?status=nonsense", "nonsense"),
    ],
)
def test_csv_downloads_with_a_bad_date_answer_400_in_words(
    petra_client: Client, path: str, words: str
) -> None:
    response = petra_client.get(f"{BASE}/{path}")
    assert response.status_code == 400
    assert words in response.content.decode()
    # Said in the person's language, so the text says which characters it is in.
    assert response["Content-Type"] == "text/plain; charset=utf-8"


def test_report_page_at_the_ends_of_the_calendar(petra_client: Client) -> None:
    late = petra_client.get(f"{BASE}/report/?start=9999-12-01&end=9999-12-31")
    assert late.status_code == 200
    everything = petra_client.get(f"{BASE}/report/?start=0001-01-01&end=9999-12-31")
    assert everything.status_code == 400
    assert "At most ten years at a time." in everything.content.decode()


def test_an_encounter_long_ago_asks_for_the_date_again(owen_client: Client, van: Site) -> None:
    response = owen_client.post(
        f"{BASE}/encounters/new/", form_data(van, at="0001-01-01T00:00", qty_syringe=5)
    )
    assert response.status_code == 400 and "past" in response.content.decode()
    assert not Encounter.objects.exists()
