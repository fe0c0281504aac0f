import csv
import hashlib
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.directory.models.memberships import CoalitionMember
from services.reports.clients import DirectoryClient
from services.reports.models import testimonies as testimony_tables
from services.reports.runs import regeneration
from services.reports.testimonies import service
from services.reports.testimonies.schemas import ConsentChange
from services.reports.testimonies.service import public_testimonies
from shared.db import UnitOfWork, session_scope
from shared.errors import PreconditionFailed
from tests import factories, races
from tests.conftest import World
from tests.support.apps import asgi_client

SEED = Path(__file__).resolve().parents[2] / "services" / "directory" / "seed" / "countries.csv"
# Reports data is committed for the whole session: each test works in a country of its own
# (the second half of the list; the accountability tests take the first).
_codes = [row["iso3"] for row in csv.DictReader(SEED.open())]
COUNTRIES = iter([c for c in _codes[len(_codes) // 2 :] if c not in {"NPL", "FJI", "ISL"}])


@dataclass
class Place:
    country: str
    coalition: uuid.UUID  # national coalition there: A and C active, B pending, `coalition_admin` its admin
    org_c: uuid.UUID
    client: httpx.AsyncClient
    world: World

    async def call(self, method: str, path: str, who: str, **kwargs: Any) -> httpx.Response:
        headers = {} if who == "anonymous" else self.world.people[who].headers
        return await self.client.request(method, path, headers={**headers, **kwargs.pop("headers", {})}, **kwargs)

    async def contribute(self, consent: str, who: str = "member_a", **fields: Any) -> httpx.Response:
        body = {
            "quote": f"They kept our papers ({consent}).",
            "context": "A brick kiln worker, 2023",
            "country": self.country,
            "consent": consent,
            **({"coalition_id": str(self.coalition)} if consent == "coalition" else {}),
            **fields,
        }
        return await self.call("POST", f"/v1/reports/organisations/{self.world.org_a}/testimonies", who, json=body)

    async def testimony(self, consent: str, **fields: Any) -> dict[str, Any]:
        response = await self.contribute(consent, **fields)
        assert response.status_code == 201, response.text
        return response.json()

    async def consent(
        self,
        testimony: dict[str, Any],
        consent: str,
        who: str = "member_a",
        headers: dict[str, str] | None = None,
        **fields: Any,
    ) -> httpx.Response:
        path = f"/v1/reports/organisations/{self.world.org_a}/testimonies/{testimony['id']}/consent"
        return await self.call("PUT", path, who, json={"consent": consent, **fields}, headers=headers or {})


@pytest.fixture
async def place(world: World, directory_app: FastAPI, gateway_app: FastAPI) -> AsyncIterator[Place]:
    country = next(COUNTRIES)
    async with session_scope(directory_app.state.sessionmaker) as s:
        org_c = await factories.organisation(s, "Organisation C")
        coalition = await factories.coalition_in(
            s,
            country,
            active=[world.org_a, org_c],
            pending=[world.org_b],
            admins=[world.people["coalition_admin"].account_id],
        )
        world.people["member_c"] = await factories.principal(s, "member C", org_c)
    async with asgi_client(gateway_app, "http://gateway") as client:
        yield Place(country, coalition, org_c, client, world)


@pytest.fixture
def marked(monkeypatch: pytest.MonkeyPatch) -> list[tuple[uuid.UUID, str]]:
    """Records the calls to the regeneration hook, and still makes them."""
    calls: list[tuple[uuid.UUID, str]] = []
    real = regeneration.retract_everywhere

    async def spy(session: Any, testimony_id: uuid.UUID, reason: str) -> tuple[list[uuid.UUID], list[str]]:
        calls.append((testimony_id, reason))
        return await real(session, testimony_id, reason)

    monkeypatch.setattr(regeneration, "retract_everywhere", spy)
    return calls


async def test_an_organisation_contributes_and_reads_all_of_its_testimonies(place: Place) -> None:
    made = [await place.testimony(c, milestone="survivors") for c in ("internal", "coalition", "public")]

    listed = await place.call("GET", f"/v1/reports/organisations/{place.world.org_a}/testimonies", "admin_a")
    first = await place.call("GET", f"/v1/reports/organisations/{place.world.org_a}/testimonies?limit=2", "member_a")

    assert made[1]["coalition_id"] == str(place.coalition) and made[0]["coalition_id"] is None
    assert made[2]["organisation_name"].startswith("Org ") and made[2]["milestone"] == "survivors"
    assert [t["id"] for t in listed.json()["items"]][-3:] == [t["id"] for t in made]
    assert first.json()["next_cursor"] is not None


ROLES = {
    # who: which consent scopes they may read
    "anonymous": {"public"},
    "member_b": {"public"},  # B's membership is only pending
    "coalition_admin": {"public"},  # admin of the coalition, but B is not a member of it
    "other_coalition_admin": {"public"},
    "platform_admin": {"public"},  # no special access to survivors' words
    "member_c": {"public", "coalition"},  # C is an active member of the coalition
    "member_a": {"public", "coalition", "internal"},  # the contributing organisation
    "admin_a": {"public", "coalition", "internal"},
}


@pytest.mark.parametrize(("who", "scopes"), list(ROLES.items()))
async def test_each_reader_sees_what_the_consent_allows(place: Place, who: str, scopes: set[str]) -> None:
    made = {c: await place.testimony(c) for c in ("internal", "coalition", "public")}

    listed = await place.call("GET", f"/v1/reports/countries/{place.country}/testimonies", who)
    one_by_one = {c: await place.call("GET", f"/v1/reports/testimonies/{t['id']}", who) for c, t in made.items()}

    assert listed.status_code == 200
    assert {t["consent"] for t in listed.json()["items"]} == scopes
    assert {c for c, r in one_by_one.items() if r.status_code == 200} == scopes
    assert {r.status_code for c, r in one_by_one.items() if c not in scopes} <= {404}


async def test_a_testimony_shared_with_a_coalition_leaves_it_with_its_organisation(
    place: Place, directory_app: FastAPI
) -> None:
    """A shares a testimony with the coalition, then leaves it: C, still a member, reads it no
    longer, in the listing or by its address; A still reads its own."""
    shared = await place.testimony("coalition")
    before = await place.call("GET", f"/v1/reports/testimonies/{shared['id']}", "member_c")
    async with session_scope(directory_app.state.sessionmaker) as s:
        await s.execute(
            update(CoalitionMember)
            .where(
                col(CoalitionMember.coalition_id) == place.coalition,
                col(CoalitionMember.member_id) == place.world.org_a,
            )
            .values(status="left")
        )

    one = await place.call("GET", f"/v1/reports/testimonies/{shared['id']}", "member_c")
    listed = await place.call("GET", f"/v1/reports/countries/{place.country}/testimonies", "member_c")
    own = await place.call("GET", f"/v1/reports/testimonies/{shared['id']}", "member_a")

    assert before.status_code == 200 and one.status_code == 404
    assert shared["id"] not in {t["id"] for t in listed.json()["items"]}
    assert own.status_code == 200


async def test_only_members_of_the_organisation_handle_its_testimonies(place: Place) -> None:
    path = f"/v1/reports/organisations/{place.world.org_a}/testimonies"
    testimony = await place.testimony("public")

    by_platform_admin = await place.contribute("public", who="platform_admin")
    by_member_b = await place.contribute("public", who="member_b")
    by_anonymous = await place.contribute("public", who="anonymous")
    read_by_platform_admin = await place.call("GET", path, "platform_admin")
    read_by_member_b = await place.call("GET", path, "member_b")
    withdrawn_by_platform_admin = await place.consent(testimony, "withdrawn", who="platform_admin")
    withdrawn_by_member_c = await place.consent(testimony, "withdrawn", who="member_c")

    assert by_platform_admin.status_code == 403 and by_member_b.status_code == 403
    assert by_anonymous.status_code == 401
    assert read_by_platform_admin.status_code == 403 and read_by_member_b.status_code == 403
    assert withdrawn_by_platform_admin.status_code == 403 and withdrawn_by_member_c.status_code == 403
    assert (await place.call("GET", f"/v1/reports/testimonies/{testimony['id']}", "anonymous")).json() == testimony


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"consent": "coalition", "coalition_id": None}, "body"),
        ({"consent": "public", "coalition_id": "@coalition"}, "body"),
        ({"consent": "coalition", "coalition_id": "@other"}, "coalition_id"),  # A is not a member of it
        ({"consent": "coalition", "coalition_id": "@pending"}, "coalition_id"),  # B's request is only pending
        ({"consent": "everyone"}, "consent"),
        ({"country": "XYZ"}, "country"),
        ({"country": "Nepal"}, "country"),
        ({"milestone": "education"}, "milestone"),
        ({"quote": ""}, "quote"),
        ({"quote": "They\x00 kept our papers."}, "quote"),
        ({"context": "\x00"}, "context"),
        ({"quote": "x" * 4001}, "quote"),
        ({"name": "Sita"}, "name"),
    ],
)
async def test_bad_testimonies_are_field_errors_and_store_nothing(
    place: Place, directory_app: FastAPI, change: dict[str, Any], field: str
) -> None:
    stand_ins = {"@coalition": str(place.coalition), "@other": str(place.world.other_coalition)}
    if change.get("coalition_id") == "@pending":
        async with session_scope(directory_app.state.sessionmaker) as s:
            stand_ins["@pending"] = str(await factories.coalition_in(s, place.country, pending=[place.world.org_a]))
    change = {k: stand_ins.get(v, v) if isinstance(v, str) else v for k, v in change.items()}

    response = await place.contribute(change.pop("consent", "internal"), **change)
    listed = await place.call("GET", f"/v1/reports/organisations/{place.world.org_a}/testimonies", "member_a")

    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert [t for t in listed.json()["items"] if t["country"] == place.country] == []


async def test_consent_narrows_but_never_widens(place: Place, marked: list[tuple[uuid.UUID, str]]) -> None:
    testimony = await place.testimony("public")
    other = await place.testimony("coalition")

    to_coalition = await place.consent(testimony, "coalition", coalition_id=str(place.coalition))
    seen_by_c = await place.call("GET", f"/v1/reports/testimonies/{testimony['id']}", "member_c")
    unchanged = await place.consent(testimony, "coalition", coalition_id=str(place.coalition))
    to_internal = await place.consent(testimony, "internal")
    widen = await place.consent(testimony, "public")
    elsewhere = await place.consent(other, "coalition", coalition_id=str(place.world.other_coalition))
    without_coalition = await place.consent(other, "coalition")

    assert to_coalition.status_code == 200 and to_coalition.json()["coalition_id"] == str(place.coalition)
    assert seen_by_c.status_code == 200
    assert unchanged.status_code == 200
    assert to_internal.json()["consent"] == "internal" and to_internal.json()["coalition_id"] is None
    assert (await place.call("GET", f"/v1/reports/testimonies/{testimony['id']}", "member_c")).status_code == 404
    assert widen.status_code == 409
    assert elsewhere.status_code == 409
    assert without_coalition.status_code == 422
    # Leaving public scope changes what published editions may show: only then are they marked.
    assert marked == [(uuid.UUID(testimony["id"]), "consent to a quoted testimony was withdrawn or narrowed")]


async def test_narrowing_to_a_coalition_needs_active_membership(place: Place) -> None:
    testimony = await place.testimony("public")

    response = await place.consent(testimony, "coalition", coalition_id=str(place.world.other_coalition))

    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "coalition_id"
    assert (await place.call("GET", f"/v1/reports/testimonies/{testimony['id']}", "anonymous")).status_code == 200


@pytest.mark.parametrize("consent", ["public", "coalition", "internal"])
async def test_withdrawal_erases_the_words_hides_them_everywhere_and_marks_public_editions(
    place: Place, reports_app: FastAPI, marked: list[tuple[uuid.UUID, str]], consent: str
) -> None:
    testimony = await place.testimony(consent)

    withdrawn = await place.consent(testimony, "withdrawn", who="admin_a")
    again = await place.consent(
        testimony, consent, **({"coalition_id": str(place.coalition)} if consent == "coalition" else {})
    )
    own = await place.call("GET", f"/v1/reports/organisations/{place.world.org_a}/testimonies", "member_a")
    in_country = {
        who: await place.call("GET", f"/v1/reports/countries/{place.country}/testimonies", who)
        for who in ("anonymous", "member_c", "member_a")
    }
    async with session_scope(reports_app.state.sessionmaker) as session:
        for_reports = await public_testimonies(session, place.country)

    assert withdrawn.status_code == 200
    record = withdrawn.json()
    assert (record["consent"], record["quote"], record["context"]) == ("withdrawn", "", "")
    assert record["withdrawn_at"] is not None and record["coalition_id"] is None
    assert again.status_code == 409
    assert [t for t in own.json()["items"] if t["id"] == testimony["id"]] == [record]
    assert all(r.json()["items"] == [] for r in in_country.values())
    assert (await place.call("GET", f"/v1/reports/testimonies/{testimony['id']}", "anonymous")).status_code == 404
    assert for_reports == []
    # Only public testimonies reach published editions, so only their withdrawal marks any.
    expected = [(uuid.UUID(testimony["id"]), "consent to a quoted testimony was withdrawn or narrowed")]
    assert marked == (expected if consent == "public" else [])


async def test_public_testimonies_gives_the_report_builder_public_ones_in_order(
    place: Place, reports_app: FastAPI
) -> None:
    first = await place.testimony("public", quote="We were not paid for two years.")
    await place.testimony("coalition")
    await place.testimony("internal")
    second = await place.testimony("public", quote="My children went back to school.", context="")
    withdrawn = await place.testimony("public")
    await place.consent(withdrawn, "withdrawn")

    async with session_scope(reports_app.state.sessionmaker) as session:
        parts = await public_testimonies(session, place.country)
        elsewhere = await public_testimonies(session, "ISL")

    assert [(str(p.id), p.quote, p.context) for p in parts] == [
        (first["id"], "We were not paid for two years.", "A brick kiln worker, 2023"),
        (second["id"], "My children went back to school.", ""),
    ]
    assert {p.organisation for p in parts} == {first["organisation_name"]}
    assert elsewhere == []


async def test_unknown_testimonies_and_cursors(place: Place) -> None:
    unknown = await place.call("GET", f"/v1/reports/testimonies/{uuid.uuid4()}", "member_a")
    consent = await place.consent({"id": str(uuid.uuid4())}, "withdrawn")
    cursor = await place.call(
        "GET", f"/v1/reports/countries/{place.country}/testimonies?cursor={uuid.uuid4()}", "anonymous"
    )
    country = await place.call("GET", "/v1/reports/countries/NEPAL/testimonies", "anonymous")

    assert unknown.status_code == 404 and consent.status_code == 404
    assert cursor.status_code == 422 and cursor.json()["errors"][0]["field"] == "cursor"
    assert country.status_code == 422


async def test_consent_changes_only_from_the_state_its_etag_names(place: Place) -> None:
    testimony = await place.testimony("public")
    path = f"/v1/reports/testimonies/{testimony['id']}"
    read = await place.call("GET", path, "member_a")
    coalition = {"coalition_id": str(place.coalition)}

    narrowed = await place.consent(testimony, "coalition", headers={"If-Match": read.headers["etag"]}, **coalition)
    stale = await place.consent(testimony, "withdrawn", headers={"If-Match": read.headers["etag"]})
    unchanged = await place.consent(testimony, "coalition", headers={"If-Match": read.headers["etag"]}, **coalition)
    after = await place.call("GET", path, "member_a")
    withdrawn = await place.consent(testimony, "withdrawn", headers={"If-Match": narrowed.headers["etag"]})

    assert narrowed.status_code == 200 and narrowed.headers["etag"] != read.headers["etag"]
    assert stale.status_code == 412 and "testimony has changed" in stale.json()["detail"]
    assert unchanged.status_code == 412  # the same consent again, from a stale state, is no exception
    assert after.json()["consent"] == "coalition" and after.json()["quote"] == testimony["quote"]
    assert after.headers["etag"] == narrowed.headers["etag"]
    assert withdrawn.status_code == 200 and withdrawn.json()["quote"] == ""


@pytest.mark.parametrize("if_match", ["*", '"0123456789abcdef0123"'])
async def test_another_organisations_testimony_is_not_found_whatever_if_match_says(place: Place, if_match: str) -> None:
    body = {"quote": "Our wages were kept.", "country": place.country, "consent": "internal"}
    theirs = await place.call("POST", f"/v1/reports/organisations/{place.org_c}/testimonies", "member_c", json=body)
    assert theirs.status_code == 201, theirs.text
    plain = await place.consent(theirs.json(), "withdrawn")

    answer = await place.consent(theirs.json(), "withdrawn", headers={"If-Match": if_match})
    kept = await place.call("GET", f"/v1/reports/organisations/{place.org_c}/testimonies", "member_c")

    assert answer.status_code == plain.status_code == 404
    assert {**answer.json(), "request_id": ""} == {**plain.json(), "request_id": ""} and "etag" not in answer.headers
    assert [t["consent"] for t in kept.json()["items"] if t["id"] == theirs.json()["id"]] == ["internal"]


async def test_a_testimonys_etag_confirms_no_guess_at_its_words(place: Place, reports_app: FastAPI) -> None:
    """Whoever holds one of its ETags, from before or after withdrawal, and guesses the words,
    learns nothing: the same testimony with other words has the same ETag, and the withdrawn
    answer filled with the words digests to no ETag the testimony had."""
    words = {"quote": "The agent kept my passport in Doha.", "context": "A domestic worker, 2022"}
    testimony = await place.testimony("internal", **words)
    path = f"/v1/reports/testimonies/{testimony['id']}"
    before = (await place.call("GET", path, "member_a")).headers["etag"]
    async with session_scope(reports_app.state.sessionmaker) as session:  # another guess, true
        table = testimony_tables.Testimony
        await session.execute(
            update(table)
            .where(col(table.id) == uuid.UUID(testimony["id"]))
            .values(quote="Another guess.", context="Elsewhere", updated_at=col(table.updated_at))
        )
    other_words = (await place.call("GET", path, "member_a")).headers["etag"]
    withdrawn = await place.consent(testimony, "withdrawn", headers={"If-Match": before})

    guessed = {**withdrawn.json(), **words}
    digests = {
        f'"{hashlib.sha256(json.dumps(form, separators=(",", ":"), ensure_ascii=False).encode()).hexdigest()[:20]}"'
        for form in (guessed, {**guessed, "consent": "internal", "withdrawn_at": None}, testimony)
    }
    assert other_words == before and withdrawn.status_code == 200
    assert withdrawn.headers["etag"] != before and digests.isdisjoint({before, withdrawn.headers["etag"]})
    assert words["quote"] not in withdrawn.text and "Another guess." not in withdrawn.text


async def test_of_two_consent_changes_sent_with_the_same_etag_one_wins(place: Place, reports_app: FastAPI) -> None:
    testimony = await place.testimony("coalition")
    etag = (await place.call("GET", f"/v1/reports/testimonies/{testimony['id']}", "member_a")).headers["etag"]
    directory = DirectoryClient(reports_app.state.clients["directory"])
    changes = iter([ConsentChange(consent="internal"), ConsentChange(consent="withdrawn")])

    async def change(session: AsyncSession) -> str:
        uow, retract = UnitOfWork(session), reports_app.state.retract_testimony
        org, testimony_id = place.world.org_a, uuid.UUID(testimony["id"])
        return (await service.change_consent(uow, retract, directory, org, testimony_id, next(changes), etag)).consent

    first, second = await races.first_writes(reports_app.state.sessionmaker, change)
    after = await place.call("GET", f"/v1/reports/testimonies/{testimony['id']}", "member_a")

    assert first == "internal" and isinstance(second, PreconditionFailed)
    assert (after.json()["consent"], after.json()["quote"]) == ("internal", testimony["quote"])


# For tests/test_access_matrix.py


def matrix_testimony(world: World) -> uuid.UUID:
    """The testimony `seed_for_access_matrix` makes for this world."""
    return uuid.uuid5(world.org_a, "testimony")


async def seed_for_access_matrix(world: World, apps: dict[str, FastAPI]) -> None:
    """A public testimony of organisation A about Nepal."""
    async with session_scope(apps["reports"].state.sessionmaker) as session:
        session.add(
            testimony_tables.Testimony(
                id=matrix_testimony(world),
                organisation_id=world.org_a,
                organisation_name="Organisation A",
                country="NPL",
                quote="They kept our papers.",
                consent="public",
            )
        )
