"""Indicator translations: each catalogue version carries its name, unit and definition in other
languages, set with the version or afterwards by whoever may revise the indicator."""

import json
import uuid

import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.metrics.catalogue import seed
from services.metrics.catalogue import service as catalogue
from services.metrics.catalogue.schemas import IndicatorTranslation
from shared.db import session_scope
from shared.errors import PreconditionFailed
from shared.identity import Identity
from tests import factories, races
from tests.conftest import World
from tests.metrics.test_catalogue import CONTENT, code
from tests.support.apps import asgi_client, rolled_back


@pytest.fixture
def world(module_world_each_test: World) -> World:
    """One world for the module's tests, each test's writes rolled back."""
    return module_world_each_test


FRENCH = {"name": "Personnes rescapées hébergées", "unit": "personnes",
          "definition": "Personnes rescapées mises à l'abri pendant la période."}  # fmt: skip
SPANISH = {"name": "Sobrevivientes alojados"}


async def test_a_version_carries_the_translations_it_was_written_with(gateway_app: FastAPI, world: World) -> None:
    c = code()
    body = {**CONTENT, "code": c, "translations": {"fr": FRENCH, "es": SPANISH}}
    async with asgi_client(gateway_app, "http://gateway") as client:
        proposed = await client.post("/v1/metrics/indicators", json=body, headers=world.people["member_a"].headers)
        read = (await client.get(f"/v1/metrics/indicators/{c}/versions/1")).json()

    assert proposed.status_code == 201
    assert proposed.json()["content"]["translations"]["fr"] == FRENCH
    assert read["translations"] == {"fr": FRENCH, "es": {**SPANISH, "unit": None, "definition": None}}


async def test_a_translation_is_set_and_removed_by_who_may_revise(gateway_app: FastAPI, world: World) -> None:
    c, member, other = code(), world.people["member_a"].headers, world.people["member_b"].headers
    platform = world.people["platform_admin"].headers
    path = f"/v1/metrics/indicators/{c}/versions/1/translations"
    async with asgi_client(gateway_app, "http://gateway") as client:
        await client.post("/v1/metrics/indicators", json={**CONTENT, "code": c}, headers=member)
        by_proposer = await client.put(f"{path}/fr", json=FRENCH, headers=member)
        by_other = await client.put(f"{path}/es", json=SPANISH, headers=other)
        await client.post(f"/v1/metrics/indicators/{c}/adopt", headers=platform)
        by_proposer_once_adopted = await client.put(f"{path}/es", json=SPANISH, headers=member)
        by_admin = await client.put(f"{path}/es", json=SPANISH, headers=platform)
        removed = await client.delete(f"{path}/fr", headers={**platform, "If-Match": "*"})
        removed_again = await client.delete(f"{path}/fr", headers={**platform, "If-Match": "*"})
        read = (await client.get(f"/v1/metrics/indicators/{c}")).json()

    assert by_proposer.status_code == 200 and by_proposer.json()["translations"]["fr"] == FRENCH
    assert by_other.status_code == 403 and by_proposer_once_adopted.status_code == 403
    assert by_admin.status_code == 200
    assert removed.status_code == 204 and removed_again.status_code == 404
    assert set(read["content"]["translations"]) == {"es"}
    assert read["content"]["name"] == CONTENT["name"]  # the version's own words are unchanged


async def test_a_translation_put_with_if_match_replaces_only_the_state_its_etag_names(
    gateway_app: FastAPI, world: World
) -> None:
    """A translation has its own ETag, on its GET and its PUT: an If-Match names the state to
    replace, `*` whatever state there is; with nothing there yet no If-Match holds."""
    c, member = code(), world.people["member_a"].headers
    path = f"/v1/metrics/indicators/{c}/versions/1/translations/fr"
    async with asgi_client(gateway_app, "http://gateway") as client:
        await client.post("/v1/metrics/indicators", json={**CONTENT, "code": c}, headers=member)
        absent = await client.put(path, json=FRENCH, headers={**member, "If-Match": "*"})
        after_absent = (await client.get(f"/v1/metrics/indicators/{c}/versions/1")).json()["translations"]
        created = await client.put(path, json=FRENCH, headers=member)
        read = await client.get(path)  # public, as the version is
        named = await client.put(path, json=SPANISH, headers={**member, "If-Match": read.headers["etag"]})
        stale = await client.put(path, json=FRENCH, headers={**member, "If-Match": created.headers["etag"]})
        starred = await client.put(path, json={"name": "Personnes accueillies"}, headers={**member, "If-Match": "*"})
        words = (await client.get(f"/v1/metrics/indicators/{c}/versions/1")).json()["translations"]

    assert absent.status_code == 412 and absent.headers["content-type"] == "application/problem+json"
    assert after_absent == {}
    assert created.status_code == 200 and created.headers["etag"].startswith('"')
    assert read.status_code == 200 and read.headers["etag"] == created.headers["etag"]
    assert read.json() == {"code": c, "version": 1, "language": "fr", **FRENCH}
    assert named.status_code == 200 and named.headers["etag"] != created.headers["etag"]
    assert stale.status_code == 412 and named.headers["etag"] in stale.json()["detail"]
    assert starred.status_code == 200
    assert words["fr"] == {"name": "Personnes accueillies", "unit": None, "definition": None}


async def test_a_translation_is_removed_only_from_the_state_its_etag_names(gateway_app: FastAPI, world: World) -> None:
    c, member = code(), world.people["member_a"].headers
    path = f"/v1/metrics/indicators/{c}/versions/1/translations/fr"
    async with asgi_client(gateway_app, "http://gateway") as client:
        await client.post("/v1/metrics/indicators", json={**CONTENT, "code": c}, headers=member)
        first = await client.put(path, json=FRENCH, headers=member)
        second = await client.put(path, json={**FRENCH, "unit": "gens"}, headers=member)
        stale = await client.delete(path, headers={**member, "If-Match": first.headers["etag"]})
        kept = await client.get(path)
        removed = await client.delete(path, headers={**member, "If-Match": second.headers["etag"]})
        gone = await client.get(path)
        unknown = await client.get(f"/v1/metrics/indicators/{c}/versions/2/translations/fr")

    assert stale.status_code == 412 and kept.status_code == 200 and kept.json()["unit"] == "gens"
    assert removed.status_code == 204
    assert gone.status_code == 404 and "'fr'" in gone.json()["detail"]
    assert unknown.status_code == 404


async def test_of_two_translation_puts_with_the_same_etag_one_wins(metrics_app: FastAPI) -> None:
    c = await factories.adopted(metrics_app, prefix="race")
    admin = Identity(kind="account", account_id=uuid.uuid4(), platform_admin=True)
    french = IndicatorTranslation(**FRENCH)
    async with session_scope(metrics_app.state.sessionmaker) as session:
        etag = catalogue.translation_etag(await catalogue.translate(session, admin, c, 1, "fr", french), "fr")
    names = iter(("Premier nom", "Second nom"))

    async def put(session: AsyncSession) -> str:
        data = IndicatorTranslation(**{**FRENCH, "name": next(names)})
        return (await catalogue.translate(session, admin, c, 1, "fr", data, etag)).translations["fr"]["name"]

    first, second = await races.first_writes(metrics_app.state.sessionmaker, put)
    assert first == "Premier nom" and isinstance(second, PreconditionFailed)
    async with session_scope(metrics_app.state.sessionmaker) as session:
        assert (await catalogue.version(session, c, 1)).translations["fr"]["name"] == "Premier nom"


@pytest.mark.parametrize(
    ("language", "body", "field"),
    [
        ("de", SPANISH, "path.language"),
        ("en", SPANISH, "path.language"),
        ("fr", {"unit": "personnes"}, "name"),
        ("fr", {**FRENCH, "name": "x"}, "name"),
        ("fr", {**FRENCH, "definition": "court"}, "definition"),
        ("fr", {**FRENCH, "unit": " personnes"}, "unit"),
        ("fr", {**FRENCH, "method_note": "Non."}, "method_note"),
    ],
)
async def test_bad_translations_are_field_errors(
    gateway_app: FastAPI, world: World, language: str, body: dict, field: str
) -> None:
    c, member = code(), world.people["member_a"].headers
    async with asgi_client(gateway_app, "http://gateway") as client:
        await client.post("/v1/metrics/indicators", json={**CONTENT, "code": c}, headers=member)
        response = await client.put(f"/v1/metrics/indicators/{c}/versions/1/translations/{language}", json=body,
                                    headers=member)  # fmt: skip

    assert response.status_code == 422 and response.headers["content-type"].startswith("application/problem+json")
    assert field in {e["field"] for e in response.json()["errors"]}


async def test_an_unknown_language_in_a_new_version_is_a_field_error(gateway_app: FastAPI, world: World) -> None:
    body = {**CONTENT, "code": code(), "translations": {"xx": SPANISH}}
    async with asgi_client(gateway_app, "http://gateway") as client:
        response = await client.post("/v1/metrics/indicators", json=body, headers=world.people["member_a"].headers)

    assert response.status_code == 422
    assert any(e["field"].startswith("translations") for e in response.json()["errors"])


async def test_a_revision_keeps_translations_only_while_the_words_stay(gateway_app: FastAPI, world: World) -> None:
    c, member = code(), world.people["member_a"].headers
    versions = f"/v1/metrics/indicators/{c}/versions"
    async with asgi_client(gateway_app, "http://gateway") as client:
        body = {**CONTENT, "code": c, "translations": {"fr": FRENCH}}
        await client.post("/v1/metrics/indicators", json=body, headers=member)
        method_only = await client.post(
            versions, json={**CONTENT, "method_note": "Count each person once a year.", "change_note": "Method."},
            headers=member,
        )  # fmt: skip
        renamed = await client.post(
            versions, json={**CONTENT, "name": "Survivors sheltered", "change_note": "Name."}, headers=member
        )
        with_own = await client.post(
            versions,
            json={**CONTENT, "name": "Survivors sheltered", "change_note": "French.", "translations": {"es": SPANISH}},
            headers=member,
        )

    assert method_only.json()["translations"]["fr"] == FRENCH
    assert renamed.json()["translations"] == {}
    assert set(with_own.json()["translations"]) == {"es"}


async def test_the_starter_catalogue_is_translated_into_french_and_spanish(metrics_app: FastAPI) -> None:
    async with rolled_back(metrics_app):
        async with session_scope(metrics_app.state.sessionmaker) as session:
            await catalogue.load_starter(session, seed.starter_indicators())
            # An install seeded before translations existed: its starter versions have none.
            await session.execute(
                text("UPDATE metrics.indicator_versions SET translations = '{}' WHERE code = 'convictions'")
            )
            await catalogue.load_starter(session, seed.starter_indicators())
            _, content, _ = await catalogue.current(session, "convictions")
            _, other, _ = await catalogue.current(session, "survivors_assisted")

    assert content.translations["fr"]["name"] == "Condamnations"
    assert content.translations["es"]["unit"] == "personas condenadas"
    assert other.translations["es"]["name"] == "Personas sobrevivientes atendidas"
    for entry in seed.STARTER:
        for language in ("fr", "es"):
            words = seed.TRANSLATIONS[str(entry["code"])][language]
            assert set(words) == {"name", "unit", "definition"}
            assert words["name"] != entry["name"] and words["definition"] != entry["definition"]


def test_every_translation_language_is_in_the_vocabularies() -> None:
    from services.metrics import vocabularies

    assert {"fr", "es"} <= set(vocabularies.ALL["translation_languages"])  # type: ignore[arg-type]
    assert "en" not in vocabularies.TRANSLATION_LANGUAGES  # a version's own words are English


async def seed_for_access_matrix(world: World, apps: dict[str, FastAPI]) -> None:
    """A French translation of version 1 of the indicator organisation A proposed."""
    async with session_scope(apps["metrics"].state.sessionmaker) as session:
        await session.execute(
            text(
                "UPDATE metrics.indicator_versions SET translations = CAST(:t AS jsonb) WHERE code = :c AND version = 1"
            ),
            {"t": json.dumps({"fr": FRENCH}), "c": world.indicators["proposed_by_a"]},
        )
