"""The directory's migrations that change what is stored: organisations already there stay
listed, and the way back removes only what the migration added."""

import ast
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import asyncpg
import pytest
from alembic import command

import services.directory
from hub.migrate import SERVICE_DIRS, migrate_all
from shared.db import asyncpg_dsn
from shared.migrations import alembic_config

DIRECTORY = Path(services.directory.__file__).parent


def migrate(url: str, revision: str, *, down: bool = False) -> None:
    config = alembic_config(DIRECTORY, url)
    with ThreadPoolExecutor(1) as pool:  # alembic runs its own event loop
        pool.submit(command.downgrade if down else command.upgrade, config, revision).result()


async def test_organisations_already_listed_stay_active_and_the_way_back_keeps_them(empty_database: str) -> None:
    migrate(empty_database, "0004")
    organisation = uuid.uuid4()
    connection = await asyncpg.connect(**asyncpg_dsn(empty_database))
    try:
        await connection.execute(
            "INSERT INTO directory.organisations (id, name, created_at, updated_at) VALUES ($1, 'Kept', now(), now())",
            organisation,
        )
        migrate(empty_database, "0005")
        status = await connection.fetchval("SELECT status FROM directory.organisations WHERE id = $1", organisation)
        refused = await connection.fetchval(
            "SELECT count(*) FROM pg_constraint WHERE conname = 'ck_organisations_status'"
        )
        reviewer = await connection.fetchval(
            "SELECT column_default FROM information_schema.columns "
            "WHERE table_schema = 'directory' AND table_name = 'accounts' AND column_name = 'reviewer'"
        )
        migrate(empty_database, "0004", down=True)
        back = await connection.fetch(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = 'directory' AND table_name = 'organisations' AND column_name LIKE 'review%'"
        )
        kept = await connection.fetchval("SELECT name FROM directory.organisations WHERE id = $1", organisation)
    finally:
        await connection.close()

    assert status == "active" and refused == 1 and reviewer == "false"
    assert back == [] and kept == "Kept"


async def test_coalitions_deleted_before_0007_lose_their_members_networks_and_admins(empty_database: str) -> None:
    migrate(empty_database, "0006")
    gone, kept, network, org, account = (uuid.uuid4() for _ in range(5))
    connection = await asyncpg.connect(**asyncpg_dsn(empty_database))
    try:
        await connection.execute(
            "INSERT INTO directory.organisations (id, name, created_at, updated_at) VALUES ($1, 'Member', now(), now())",
            org,
        )
        await connection.execute(
            "INSERT INTO directory.accounts (id, organisation_id, name, org_role, created_at)"
            " VALUES ($1, $2, 'Admin', 'admin', now())",
            account,
            org,
        )
        for coalition, deleted in ((gone, True), (kept, False), (network, False)):
            await connection.execute(
                "INSERT INTO directory.coalitions (id, name, scope, created_at, updated_at, deleted_at)"
                " VALUES ($1, 'C', 'global', now(), now(), CASE WHEN $2 THEN now() END)",
                coalition,
                deleted,
            )
            await connection.execute(
                "INSERT INTO directory.coalition_admins (coalition_id, account_id, granted_at) VALUES ($1, $2, now())",
                coalition,
                account,
            )
        for coalition, member, kind in (
            (gone, org, "organisation"),
            (kept, org, "organisation"),
            (network, gone, "coalition"),
        ):
            await connection.execute(
                "INSERT INTO directory.coalition_members (coalition_id, member_id, member_kind, role, status,"
                " created_at, updated_at) VALUES ($1, $2, $3, 'member', 'active', now(), now())",
                coalition,
                member,
                kind,
            )
        migrate(empty_database, "0007")
        statuses = dict(
            await connection.fetch("SELECT coalition_id, status FROM directory.coalition_members ORDER BY coalition_id")
        )
        admins = {r[0] for r in await connection.fetch("SELECT coalition_id FROM directory.coalition_admins")}
    finally:
        await connection.close()

    assert statuses == {gone: "left", kept: "active", network: "left"}
    assert admins == {kept, network}


async def test_coalitions_not_national_lose_the_country_they_kept_in_0008(empty_database: str) -> None:
    migrate(empty_database, "0007")
    national, regional, global_, bare = (uuid.uuid4() for _ in range(4))
    connection = await asyncpg.connect(**asyncpg_dsn(empty_database))
    try:
        await connection.execute(
            "INSERT INTO directory.countries (iso3, iso2, m49, name) VALUES ('NPL', 'NP', '524', 'Nepal'),"
            " ('PER', 'PE', '604', 'Peru')"
        )
        for coalition, scope, country in (
            (national, "national", "NPL"),
            (regional, "regional", "NPL"),
            (global_, "global", "PER"),
            (bare, "global", None),
        ):
            await connection.execute(
                "INSERT INTO directory.coalitions (id, name, scope, country, created_at, updated_at)"
                " VALUES ($1, 'C', $2, $3, now(), now())",
                coalition,
                scope,
                country,
            )
        migrate(empty_database, "0008")
        rows = await connection.fetch("SELECT id, country, version FROM directory.coalitions")
        after = {r[0]: (r[1], r[2]) for r in rows}
        with pytest.raises(asyncpg.CheckViolationError) as refused:
            await connection.execute("UPDATE directory.coalitions SET country = 'NPL' WHERE id = $1", bare)
        migrate(empty_database, "0007", down=True)
        back = await connection.fetchval("SELECT count(*) FROM pg_constraint WHERE conname = 'ck_coalitions_country'")
    finally:
        await connection.close()

    assert after == {national: ("NPL", 1), regional: (None, 2), global_: (None, 2), bare: (None, 1)}
    assert refused.value.constraint_name == "ck_coalitions_country"
    assert back == 0


def test_no_migration_imports_the_services_code() -> None:
    """A migration means the same on a new database as it did on an old one: no change to a
    service's code changes what it does."""
    importing = {}
    for path in sorted(
        p for service_dir in SERVICE_DIRS for p in (service_dir / "migrations" / "versions").glob("*.py")
    ):
        tree = ast.parse(path.read_text())
        modules = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        modules += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        if found := [m for m in modules if m.split(".")[0] == "services"]:
            importing[f"{path.parents[2].name}/{path.name}"] = found
    assert importing == {}


async def test_organisations_written_before_0010_get_what_their_names_read_as(empty_database: str) -> None:
    migrate(empty_database, "0009")
    plain, cyrillic = uuid.uuid4(), uuid.uuid4()
    connection = await asyncpg.connect(**asyncpg_dsn(empty_database))
    try:
        for organisation, name in ((plain, "Brick Kiln Workers' Union"), (cyrillic, "\u041epen H\u043epe Alliance")):
            await connection.execute(
                "INSERT INTO directory.organisations (id, name, created_at, updated_at) VALUES ($1, $2, now(), now())",
                organisation,
                name,
            )
        with ThreadPoolExecutor(1) as pool:  # as `hub migrate` does, alembic in a loop of its own
            pool.submit(migrate_all, empty_database).result()
        rows = await connection.fetch("SELECT id, name, name_skeleton FROM directory.organisations")
    finally:
        await connection.close()

    read = {r["id"]: (r["name"], r["name_skeleton"]) for r in rows}
    assert read == {
        plain: ("Brick Kiln Workers' Union", "brlck klln workers unlon"),
        cyrillic: ("\u041epen H\u043epe Alliance", "open hope alllance"),
    }


async def test_names_read_before_0011_are_read_again_whatever_their_case(empty_database: str) -> None:
    """Before 0011 a capital I read as a small l but a small i as itself: a name stored in small
    letters read apart from the same name in capitals. Its reading is taken again."""
    migrate(empty_database, "0010")
    connection = await asyncpg.connect(**asyncpg_dsn(empty_database))
    try:
        for name, read_before in (("Open Hope Alliance", "open hope alliance"), ("Kiln Watch", "kiln watch")):
            await connection.execute(
                "INSERT INTO directory.organisations (id, name, name_skeleton, created_at, updated_at)"
                " VALUES ($1, $2, $3, now(), now())",
                uuid.uuid4(),
                name,
                read_before,
            )
        with ThreadPoolExecutor(1) as pool:
            pool.submit(migrate_all, empty_database).result()
        rows = await connection.fetch("SELECT name, name_skeleton FROM directory.organisations ORDER BY name")
    finally:
        await connection.close()

    assert [tuple(r) for r in rows] == [("Kiln Watch", "klln watch"), ("Open Hope Alliance", "open hope alllance")]


async def test_coalitions_written_before_0012_keep_their_names_and_get_what_they_read_as(
    empty_database: str,
) -> None:
    """Two coalitions that already share a name keep it: the migration adds no uniqueness that
    rows stored before could break."""
    migrate(empty_database, "0011")
    one, two = uuid.uuid4(), uuid.uuid4()
    connection = await asyncpg.connect(**asyncpg_dsn(empty_database))
    try:
        for coalition, name in ((one, "Nepal Freedom Coalition"), (two, "NEPAL FREEDOM COALITION")):
            await connection.execute(
                "INSERT INTO directory.coalitions (id, name, scope, created_at, updated_at)"
                " VALUES ($1, $2, 'global', now(), now())",
                coalition,
                name,
            )
        with ThreadPoolExecutor(1) as pool:
            pool.submit(migrate_all, empty_database).result()
        rows = await connection.fetch("SELECT id, name, name_skeleton, version FROM directory.coalitions")
    finally:
        await connection.close()

    read = {r["id"]: (r["name"], r["name_skeleton"], r["version"]) for r in rows}
    assert read == {
        one: ("Nepal Freedom Coalition", "nepal freedom coalltlon", 1),
        two: ("NEPAL FREEDOM COALITION", "nepal freedom coalltlon", 1),
    }
