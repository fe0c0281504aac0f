"""The `hub` command's answers to mistakes: one line that says what is wrong, never a traceback."""

import asyncio
import json
import socket
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from hub.cli import app
from tests.conftest import Env

runner = CliRunner()


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (["--name", ""], "hub admin create: --name: String should have at least 1 character"),
        (["--name", "   "], "hub admin create: --name: must not be empty or only spaces"),
        (["--name", "Ana", "--email", "not-an-email"], "hub admin create: --email: value is not a valid email address"),
        (["--name", "Ana", "--organisation", "   "], "hub admin create: --organisation: must not be empty"),
    ],
)
def test_admin_create_refuses_bad_options_in_one_line(options: list[str], said: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["admin", "create", *options, "--state-dir", str(tmp_path)])

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(said) and result.stderr.count("\n") == 1, result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert list(tmp_path.iterdir()) == []  # refused before any database was started


@pytest.mark.parametrize("value", ["eighty", "-1", "70000"])
def test_run_refuses_a_worker_metrics_port_the_worker_would_refuse(
    value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`hub run` reads WORKER_METRICS_PORT as the worker does (one default, one rule), so a value
    the worker would refuse is said in one line before anything starts."""
    monkeypatch.setenv("WORKER_METRICS_PORT", value)

    result = runner.invoke(app, ["run", "--state-dir", str(tmp_path)])

    assert result.exit_code == 2
    assert result.stderr.startswith("hub run: WORKER_METRICS_PORT: ") and result.stderr.count("\n") == 1, result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("variable", "value"), [("DIRECTORY_PORT", "eighty"), ("METRICS_PORT", "70000"), ("REPORTS_PORT", "-1")]
)
def test_run_refuses_a_service_port_that_is_no_port_number(
    variable: str, value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A port variable of `hub run`'s processes that is no port number is said in one line,
    naming it, before anything starts (it was a traceback)."""
    monkeypatch.setenv(variable, value)

    result = runner.invoke(app, ["run", "--state-dir", str(tmp_path)])

    assert result.exit_code == 2
    assert variable in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr and list(tmp_path.iterdir()) == []


def _accounts_and_keys(database_url: str, email: str) -> list[tuple[str, int]]:
    """(name, number of keys) of each account with this e-mail address."""
    import asyncpg

    async def read() -> list[tuple[str, int]]:
        connection = await asyncpg.connect(database_url)
        try:
            rows = await connection.fetch(
                "SELECT a.name, count(k.id) FROM directory.accounts a LEFT JOIN directory.api_keys k"
                " ON k.account_id = a.id WHERE lower(a.email) = lower($1) GROUP BY a.id, a.name",
                email,
            )
        finally:
            await connection.close()
        return [(r[0], r[1]) for r in rows]

    return asyncio.run(read())


def test_admin_create_twice_refuses_the_same_admin_and_new_key_reuses_it(
    env: Env, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second `hub admin create` for the same e-mail creates nothing and says so; `--new-key`
    gives that admin another key, never another account."""
    monkeypatch.setenv("DATABASE_URL", env.database_url)
    email = f"ana-{uuid.uuid4().hex[:8]}@example.org"
    create = ["admin", "create", "--name", "Ana", "--state-dir", str(tmp_path)]

    first = runner.invoke(app, [*create, "--email", email])
    again = runner.invoke(app, [*create, "--email", email.upper()])

    assert first.exit_code == 0 and first.stdout.splitlines()[-1].startswith("hub_"), first.output
    assert again.exit_code == 1 and again.stdout == ""
    assert again.stderr.startswith("hub admin create: the account 'Ana' in 'Coalition Hub'"), again.stderr
    assert "--new-key" in again.stderr and again.stderr.count("\n") == 1
    assert _accounts_and_keys(env.database_url, email) == [("Ana", 1)]

    renewed = runner.invoke(app, [*create, "--email", email, "--new-key"])

    assert renewed.exit_code == 0, renewed.output
    assert renewed.stdout.splitlines()[-1] not in first.stdout
    assert _accounts_and_keys(env.database_url, email) == [("Ana", 2)]


def test_admin_create_without_email_refuses_the_same_name_in_the_organisation(
    env: Env, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", env.database_url)
    organisation = ["--organisation", f"Hub {uuid.uuid4().hex[:8]}", "--state-dir", str(tmp_path)]

    first = runner.invoke(app, ["admin", "create", "--name", "Ben", *organisation])
    again = runner.invoke(app, ["admin", "create", "--name", "BEN", *organisation])
    other = runner.invoke(
        app, ["admin", "create", "--name", "Ben", "--email", f"ben-{uuid.uuid4().hex[:8]}@example.org", *organisation]
    )
    unknown = runner.invoke(app, ["admin", "create", "--name", "Cleo", "--new-key", *organisation])

    assert first.exit_code == 0, first.output
    assert again.exit_code == 1 and "exists already; nothing was created" in again.stderr
    assert other.exit_code == 0, other.output  # an address tells them apart
    assert unknown.exit_code == 1 and "no such account" in unknown.stderr


IMPORT = {
    "id": "0c6c6c57-52a3-4d36-8a5d-2a4b3e0b7f01",
    "status": "done",
    "progress": {"stage": "done", "percent": 100},
    "counts": {"rows_total": 3, "created": 2, "updated": 0, "unchanged": 0, "failed": 1},
    "errors": [{"row": 2, "external_id": "b", "field": "countries", "reason": "not an ISO 3166-1 alpha-3 code: 'XXX'"}],
}


def api(answer: Callable[[httpx.Request], httpx.Response], monkeypatch: pytest.MonkeyPatch) -> None:
    """The API, as `hub import` reaches it, answering `answer` (its behaviour on the real system
    is tests/system/test_contract.py's)."""
    client = httpx.Client

    def with_transport(*args: object, **kwargs: object) -> httpx.Client:
        return client(*args, **kwargs, transport=httpx.MockTransport(answer))  # type: ignore[arg-type]

    monkeypatch.setattr(httpx, "Client", with_transport)


def test_an_import_with_refused_rows_prints_its_outcome_as_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = tmp_path / "orgs.csv"
    rows.write_text("external_id,name,countries\na,One,NPL\nb,Two,XXX\nc,Three,IND\n")
    api(lambda request: httpx.Response(202, json={**IMPORT, "status": "queued"}, headers={"location": "/i"})
        if request.method == "POST" else httpx.Response(200, json=IMPORT), monkeypatch)  # fmt: skip

    result = runner.invoke(app, ["import", "directory", str(rows), "--key", "hub_x", "--url", "http://hub.test"])

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == IMPORT
    assert result.stderr == "imported, but 1 row(s) were refused: see errors\n"


def test_a_failed_import_prints_its_outcome_as_json_and_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = tmp_path / "orgs.csv"
    rows.write_text("external_id,name\na,One\n")
    failed = {**IMPORT, "status": "failed", "error": "row 1: a cell is longer than 131,072 characters"}
    api(lambda request: httpx.Response(202, json=failed, headers={"location": "/i"}), monkeypatch)

    result = runner.invoke(app, ["import", "directory", str(rows), "--key", "hub_x", "--url", "http://hub.test"])

    assert result.exit_code == 1
    assert json.loads(result.stdout) == failed
    assert result.stderr == "import failed: row 1: a cell is longer than 131,072 characters\n"


def test_a_refused_batch_is_said_in_lines_one_per_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = tmp_path / "batch.csv"
    rows.write_text("indicator,country,period,value\npeople_identified,NPL,2024,abc\nnone,NPL,2024,3\n")
    problem = {
        "type": "https://coalition-hub.org/problems/invalid-input",
        "title": "Invalid input",
        "status": 422,
        "detail": "A batch is applied completely or not at all. Nothing was applied: 2 problems.",
        "errors": [
            {"row": 1, "field": "value", "reason": "must be a number"},
            {"row": 2, "field": "indicator", "reason": "unknown indicator"},
        ],
    }
    api(lambda request: httpx.Response(200, json={"organisation_id": str(uuid.uuid4())})
        if request.method == "GET" else httpx.Response(422, json=problem), monkeypatch)  # fmt: skip

    result = runner.invoke(app, ["import", "observations", str(rows), "--key", "hub_x", "--url", "http://hub.test"])

    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "import failed: 422 Invalid input: A batch is applied completely or not at all. Nothing was applied: "
        "2 problems.\n  row 1, value: must be a number\n  row 2, indicator: unknown indicator\n"
    )


def test_a_refused_header_is_said_without_a_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = tmp_path / "batch.csv"
    rows.write_text("indicator,country,period,value,visiblity\npeople_identified,NPL,2024,3,public\n")
    problem = {
        "title": "Invalid input",
        "status": 422,
        "detail": "A batch is applied completely or not at all. Nothing was applied: 1 problem.",
        "errors": [{"row": 0, "field": "header", "reason": "unknown column 'visiblity'"}],
    }
    api(lambda request: httpx.Response(200, json={"organisation_id": str(uuid.uuid4())})
        if request.method == "GET" else httpx.Response(422, json=problem), monkeypatch)  # fmt: skip

    result = runner.invoke(app, ["import", "observations", str(rows), "--key", "hub_x", "--url", "http://hub.test"])

    assert result.exit_code == 1
    assert result.stderr.splitlines()[1:] == ["  header: unknown column 'visiblity'"]


def test_a_refused_key_is_said_with_where_the_key_comes_from(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = tmp_path / "batch.csv"
    rows.write_text("indicator,country,period,value\npeople_identified,NPL,2024,3\n")
    problem = {"title": "Authentication required", "status": 401, "detail": "The API key is malformed."}
    api(lambda request: httpx.Response(401, json=problem), monkeypatch)

    result = runner.invoke(app, ["import", "observations", str(rows), "--key", "hub_x", "--url", "http://hub.test"])

    assert result.exit_code == 1
    assert result.stderr.startswith("import failed: 401 Authentication required: The API key is malformed.\n")
    assert "HUB_KEY" in result.stderr


def test_an_unreachable_api_is_named(tmp_path: Path) -> None:
    rows = tmp_path / "orgs.csv"
    rows.write_text("external_id,name\na,One\n")
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]  # nothing listens there once it is closed

    result = runner.invoke(
        app, ["import", "directory", str(rows), "--key", "hub_x", "--url", f"http://127.0.0.1:{port}"]
    )

    assert result.exit_code == 1
    assert result.stderr.startswith(f"import failed: http://127.0.0.1:{port}/v1/directory/imports: ")
    assert "Connection refused" in result.stderr and result.stderr.count("\n") == 1


def test_seed_demo_prints_its_outcome_and_not_the_services_logs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The services run in process while the demo loads; their INFO lines (JSON, on stdout) went
    to the console above the outcome (the loading itself is tests/reports/test_demo_reports.py's)."""
    import contextlib
    import logging

    import hub.cli
    import hub.demo_reports
    import hub.migrate
    from shared.logging import configure_logging

    async def load_demo(url: str, demo: object) -> None:
        configure_logging("reports")  # as an app built in process does
        logging.getLogger("hub.reports.runs").info("report generated")
        logging.getLogger("hub.access").info("request")

    async def load_demo_figures(url: str, demo: object, earlier: object) -> tuple[int, int]:
        return 12, 3

    async def load_demo_reports(url: str, demo: object) -> list[str]:
        logging.getLogger("hub.reports.runs").warning("a warning still shows")
        return ["/v1/reports/public/npl-2024"]

    monkeypatch.setattr(hub.cli, "migrated_database", lambda state_dir: contextlib.nullcontext("postgresql://x"))
    monkeypatch.setattr(hub.migrate, "load_demo", load_demo)
    monkeypatch.setattr(hub.migrate, "load_demo_figures", load_demo_figures)
    monkeypatch.setattr(hub.demo_reports, "load_demo_reports", load_demo_reports)
    monkeypatch.setattr(logging.getLogger("hub"), "level", logging.NOTSET)  # restored after the test

    result = runner.invoke(app, ["seed", "demo", "--organisations", "12", "--coalitions", "2"])

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [json.loads(line)["message"] for line in lines[:-2]] == ["a warning still shows"]
    assert lines[-2:] == [
        "demo data loaded: 12 organisations, 2 coalitions, 12 observations, 3 targets, 1 published reports",
        "  /v1/reports/public/npl-2024",
    ]
    assert result.stderr.startswith("loading the demo data set")


@pytest.mark.parametrize("command", [["admin", "create"], ["run"], ["seed", "demo"]])
def test_help_reflows_each_paragraph_to_the_terminal(command: list[str]) -> None:
    """A docstring's own line breaks (wrapped at 100 in the source) are not the terminal's: kept,
    they gave ragged lines of one or two words in an 80-column `--help`."""
    result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "80", "TERMINAL_WIDTH": "80"})
    lines = [line.strip() for line in result.stdout.splitlines()]
    described = lines[: next(i for i, line in enumerate(lines) if line.startswith("╭"))]
    paragraphs: list[list[str]] = [[]]
    for line in described:
        if not line:
            paragraphs.append([])
        elif not line.startswith("Usage:"):
            paragraphs[-1].append(line)

    assert result.exit_code == 0
    assert any(paragraphs), result.stdout
    # Every line of a paragraph but its last fills the width, to within a word.
    assert all(len(line) > 60 for paragraph in paragraphs for line in paragraph[:-1]), result.stdout


def embedded_only(asked: dict[str, object], monkeypatch: pytest.MonkeyPatch) -> None:
    """`hub`'s servers as if DATABASE_URL were unset and the embedded one started: what it was
    asked for lands in `asked`."""
    import contextlib
    from types import SimpleNamespace

    import hub.cli

    @contextlib.contextmanager
    def servers(
        database_url: str | None, redis_url: str | None, state_dir: Path, *, with_redis: bool = True
    ) -> Iterator[SimpleNamespace]:
        asked.update(database_url=database_url, state_dir=state_dir, with_redis=with_redis)
        yield SimpleNamespace(database_url="postgresql://embedded/hub")

    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr(hub.cli, "servers", servers)


def test_migrate_uses_the_embedded_database_without_database_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not the settings' default, 127.0.0.1:5432: another server on a developer's machine."""
    import hub.migrate

    asked: dict[str, object] = {}
    embedded_only(asked, monkeypatch)
    monkeypatch.setattr(hub.migrate, "migrate_all", lambda url: asked.update(migrated=url))

    result = runner.invoke(app, ["migrate", "--state-dir", str(tmp_path)])

    assert result.exit_code == 0, result.output
    assert asked == {
        "database_url": None,
        "state_dir": tmp_path,
        "with_redis": False,
        "migrated": "postgresql://embedded/hub",
    }


def test_reseal_webhook_secrets_uses_the_embedded_database_without_database_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As `hub admin create` and `hub seed` do; the settings' default URL named a server that was
    not the embedded one (a traceback about a missing table)."""
    import services.reports.webhooks.service as webhooks
    import shared.db

    asked: dict[str, object] = {}
    embedded_only(asked, monkeypatch)

    async def in_session(url: str, schema: str, work: object) -> int:
        asked["session_url"] = url
        return 2

    monkeypatch.setattr(shared.db, "in_session", in_session)
    monkeypatch.setattr(webhooks, "reseal_secrets", lambda session, settings: None)

    result = runner.invoke(app, ["reseal-webhook-secrets", "--state-dir", str(tmp_path)])

    assert result.exit_code == 0, result.output
    assert result.stdout == "2 webhook secrets sealed under the current key\n"
    assert asked == {
        "database_url": None,
        "state_dir": tmp_path,
        "with_redis": False,
        "session_url": "postgresql://embedded/hub",
    }
