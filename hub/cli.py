"""`hub`: run the whole system, one service, the worker, or the migrations."""

import asyncio
import json
import logging
import os
import socket
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from hub.infra import EmbeddedUnavailable, Infra, provide

app = typer.Typer(
    help="Coalition Hub: directory, shared measurement and shadow reports.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
)

GRACEFUL_SHUTDOWN_SECONDS = 20
S = TypeVar("S")


def _settings(read: Callable[[], S], command: str) -> S:
    """Settings read from the environment; a value they refuse ends `command` in one line,
    naming the variable (exit 2), before anything starts."""
    from pydantic import ValidationError

    from shared.errors import validation_reason

    try:
        return read()
    except ValidationError as error:
        first = error.errors()[0]
        typer.echo(f"{command}: {first['loc'][0]}: {validation_reason(first)}", err=True)
        raise typer.Exit(2) from None


def port_of(service: str) -> int:
    """The gateway's port is PORT; a service's is <SERVICE>_PORT (8001-8003 by default)."""
    from shared.settings import PortSettings

    return int(getattr(_settings(PortSettings, "hub"), service))


def taken_ports(gateway_port: int, worker_metrics_port: int) -> list[str]:
    """The ports of `hub run`'s processes that something already listens on (another `hub run`,
    say), each with the variable that moves it. A service that cannot bind would be restarted
    forever, while the gateway sent its requests to whatever holds the port. The worker's is the
    one its settings read (0: it serves no metrics, so nothing to check)."""
    ports = {"PORT": gateway_port, **{f"{s.upper()}_PORT": port_of(s) for s in ("directory", "metrics", "reports")}}
    if worker_metrics_port:
        ports["WORKER_METRICS_PORT"] = worker_metrics_port
    taken = []
    for variable, number in ports.items():
        with socket.socket() as probe:
            probe.setsockopt(
                socket.SOL_SOCKET, socket.SO_REUSEADDR, 1
            )  # as uvicorn binds: a closed one's TIME_WAIT is no owner
            try:
                probe.bind((os.environ.get("HOST", "127.0.0.1"), number))
            except OSError:
                taken.append(f"{number} ({variable})")
    return taken


def _say_when_listening(port: int, seconds: float = 300) -> None:
    """Print the gateway's address once it and the services behind it answer (the processes take
    seconds to start): the line a newcomer waits for, after which the README's commands work."""

    def ready() -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=1) as answer:
                return bool(json.load(answer).get("status") == "ready")  # "degraded" while a service starts
        except (OSError, ValueError):
            return False

    def wait() -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if ready():
                typer.echo(f"gateway up on http://127.0.0.1:{port} (docs at /docs); Ctrl-C stops everything")
                return
            time.sleep(0.2)

    threading.Thread(target=wait, name="announce", daemon=True).start()


class Service(StrEnum):
    gateway = "gateway"
    directory = "directory"
    metrics = "metrics"
    reports = "reports"


StateDir = Annotated[Path, typer.Option(envvar="HUB_STATE_DIR", help="Where embedded servers keep their data")]


@app.command()
def serve(
    service: Service,
    port: Annotated[int | None, typer.Option(help="Defaults to the service's own port")] = None,
    host: Annotated[str, typer.Option(envvar="HOST")] = "127.0.0.1",
) -> None:
    """Serve one service with uvicorn."""
    import uvicorn
    from uvicorn.main import STARTUP_FAILURE

    from hub.serving import OneWriteProtocol, SettledLifespan

    config = uvicorn.Config(
        f"services.{service.value}.app:create_app",
        factory=True,
        http=OneWriteProtocol,
        host=host,
        port=port or port_of(service.value),
        log_config=None,
        access_log=False,
        # Only the gateway takes the client's address from X-Forwarded-For, and only from the
        # proxies listed in FORWARDED_ALLOW_IPS (uvicorn's variable; loopback by default): behind
        # an ingress, anonymous rate limits are then per client, not per ingress pod.
        proxy_headers=service is Service.gateway,
        # On SIGTERM: stop accepting, let requests in flight finish for up to this long.
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
    )
    config.load()
    config.lifespan_class = SettledLifespan  # the lifespan "auto" picks, then the heap settled
    server = uvicorn.Server(config)
    server.run()
    if not server.started:
        raise typer.Exit(STARTUP_FAILURE)


@app.command()
def worker() -> None:
    """Run the arq worker (every service's jobs and crons)."""
    from hub.worker import run

    run()


@app.command()
def migrate(
    wait: Annotated[
        float | None,
        typer.Option(
            help="Apply nothing: wait up to this many seconds until another process has applied every migration "
            "(a pod's init container waiting for the migration job); exit 1 if it has not"
        ),
    ] = None,
    state_dir: StateDir = Path("var"),
) -> None:
    """Apply every service's migrations to DATABASE_URL (without it, to the embedded database `hub
    run` uses) and load the reference data."""
    from hub.migrate import migrate_all, wait_until_migrated

    # Not the settings' default (127.0.0.1:5432): on a developer's machine that is another
    # server, or none, and migrating it would be someone else's surprise.
    with servers(os.environ.get("DATABASE_URL"), None, state_dir, with_redis=False) as infra:
        database_url = infra.database_url
        if wait is not None:
            behind = asyncio.run(wait_until_migrated(database_url, wait))
            if behind:
                typer.echo(f"not migrated after {wait:g} s: {', '.join(behind)}", err=True)
                raise typer.Exit(1)
            typer.echo("every schema is at the code's revision")
            return
        migrate_all(database_url)
    typer.echo("migrations applied, reference data loaded")


@app.command()
def openapi() -> None:
    """Print the public API's OpenAPI document (the gateway's merge), without running anything."""
    from hub.openapi import document, dumps

    sys.stdout.write(dumps(document()))


class ImportKind(StrEnum):
    directory = "directory"
    observations = "observations"


@app.command("import")
def import_file(
    kind: ImportKind,
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="A .csv or .json file")],
    key: Annotated[str, typer.Option(envvar="HUB_KEY", help="An API key (platform admins import the directory)")],
    url: Annotated[str, typer.Option(envvar="HUB_URL")] = "http://localhost:8000",
) -> None:
    """Load a directory file (organisations) or an observation batch through the API (an
    organisation reports for itself: the batch is the key's organisation's)."""
    import json

    import httpx

    from hub.upload import UploadFailed, refused_rows, upload

    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {key}"}, timeout=60) as client:
        try:
            result = upload(client, kind.value, path)
        except UploadFailed as exc:
            if exc.result is not None:
                typer.echo(json.dumps(exc.result, indent=2))
            typer.echo(f"import failed: {exc}", err=True)
            raise typer.Exit(1) from None
        except httpx.HTTPError as exc:
            typer.echo(f"import failed: {_request_url(exc) or url}: {exc}", err=True)
            raise typer.Exit(1) from None
    typer.echo(json.dumps(result, indent=2))
    if refused := refused_rows(result):
        typer.echo(f"imported, but {refused} row(s) were refused: see errors", err=True)


def _request_url(error: Exception) -> str | None:
    """The URL an httpx error was asking for, when it has one."""
    try:
        return str(error.request.url)  # type: ignore[attr-defined]
    except (AttributeError, RuntimeError):
        return None


@app.command("reseal-webhook-secrets")
def reseal_webhook_secrets(state_dir: StateDir = Path("var")) -> None:
    """Seal every webhook signing secret under the current SECRET_KEY (run after rotating it,
    before the old one leaves SECRET_KEY_FALLBACKS). DATABASE_URL's, or without it the embedded
    database `hub run` uses, as the other commands do."""
    from services.reports.config import ReportsSettings
    from services.reports.models import SCHEMA
    from services.reports.webhooks.service import reseal_secrets
    from shared.db import in_session

    # Without DATABASE_URL, the settings' default names a server on 127.0.0.1:5432 that is not
    # the embedded one (another project's, or none): a traceback about a missing table, or worse.
    with servers(os.environ.get("DATABASE_URL"), None, state_dir, with_redis=False) as infra:
        url = infra.database_url
        settings = _settings(lambda: ReportsSettings(database_url=url), "hub reseal-webhook-secrets")
        count = asyncio.run(in_session(url, SCHEMA, lambda session: reseal_secrets(session, settings)))
    typer.echo(f"{count} webhook secrets sealed under the current key")


@contextmanager
def servers(
    database_url: str | None, redis_url: str | None, state_dir: Path, *, with_redis: bool = True
) -> Iterator[Infra]:
    """hub.infra.provide, ending the command with one line on what to set or install when a
    server is needed and the embedded ones are not installed."""
    stack = ExitStack()
    try:
        infra = stack.enter_context(provide(database_url, redis_url, state_dir.resolve(), with_redis=with_redis))
    except EmbeddedUnavailable as error:
        typer.echo(f"hub: {error}", err=True)
        raise typer.Exit(1) from None
    with stack:
        yield infra


@contextmanager
def migrated_database(state_dir: Path) -> Iterator[str]:
    """DATABASE_URL when set, else the embedded PostgreSQL under the state folder (the same one
    `hub run` uses, whether or not it is running), migrated; yields its URL."""
    from hub.migrate import migrate_all

    with servers(os.environ.get("DATABASE_URL"), None, state_dir, with_redis=False) as infra:
        migrate_all(infra.database_url)
        yield infra.database_url


admin = typer.Typer(help="Platform administration.", no_args_is_help=True)
app.add_typer(admin, name="admin")


@admin.command("create")
def admin_create(
    name: Annotated[str, typer.Option(help="The administrator's name")],
    organisation: Annotated[str, typer.Option(help="Their organisation (created if new)")] = "Coalition Hub",
    email: Annotated[str | None, typer.Option(help="Their e-mail address (what tells two admins apart)")] = None,
    new_key: Annotated[
        bool,
        typer.Option(
            "--new-key", help="The admin exists already: give that platform admin another key (earlier keys stay valid)"
        ),
    ] = False,
    state_dir: StateDir = Path("var"),
) -> None:
    """Create a platform admin and an API key for it; the key is printed once, on the last line.

    The same admin again (the same --email, whatever its case; without --email, the same --name in
    --organisation) is refused, exit 1, and nothing is created: never a second account. With
    --new-key, that admin (an active platform admin) gets another key instead, and nothing else
    is created."""
    from services.directory.models import SCHEMA
    from services.directory.onboarding.service import create_platform_admin
    from shared.db import in_session
    from shared.errors import Conflict, NotFound

    _check_admin_options(name, organisation, email)  # before any database is started
    with migrated_database(state_dir) as url:
        try:
            account, in_organisation, api_key, key = asyncio.run(
                in_session(
                    url,
                    SCHEMA,
                    lambda session: create_platform_admin(session, organisation, name, email, new_key=new_key),
                )
            )
        except (Conflict, NotFound) as refused:
            typer.echo(f"hub admin create: {refused.detail}", err=True)
            raise typer.Exit(1) from None
    done = "given a new key" if new_key else "created"
    typer.echo(f"platform admin {account.name!r} {done} in {in_organisation!r}; key {api_key.prefix}…")
    typer.echo("API key (shown once, store it now):", err=True)
    typer.echo(key)


def _check_admin_options(name: str, organisation: str, email: str | None) -> None:
    """`hub admin create`'s options as the API would check them, said in one line (exit 2)."""
    from pydantic import ValidationError

    from services.directory.accounts.schemas import AccountCreate
    from services.directory.organisations.schemas import OrganisationCreate
    from shared.errors import validation_reason

    for model, values, options in (
        (AccountCreate, {"name": name, "email": email}, {"name": "--name", "email": "--email"}),
        (OrganisationCreate, {"name": organisation}, {"name": "--organisation"}),
    ):
        try:
            model.model_validate(values)
        except ValidationError as error:
            reasons = [f"{options.get(str(e['loc'][0]), e['loc'][0])}: {validation_reason(e)}" for e in error.errors()]
            typer.echo(f"hub admin create: {'; '.join(reasons)}", err=True)
            raise typer.Exit(2) from None


seed_app = typer.Typer(help="Load data sets.", no_args_is_help=True)
app.add_typer(seed_app, name="seed")


@seed_app.command("demo")
def seed_demo(
    organisations: Annotated[int, typer.Option(min=1, help="How many organisations")] = 3000,
    coalitions: Annotated[int, typer.Option(min=1, help="How many coalitions")] = 60,
    state_dir: StateDir = Path("var"),
) -> None:
    """Load the generated demo data set: organisations and coalitions, and their figures (observations
    of the starter indicators, loaded first if missing, and targets), then a published shadow report
    for three Pathfinder Countries (commitments, assessments, ratings, a testimony, the coalition's
    words and sign-off). Every record is marked as demo; earlier demo data is replaced, nothing else."""
    from hub.demo_reports import load_demo_reports
    from hub.migrate import load_demo, load_demo_figures
    from services.directory.demo.generate import generate

    demo = generate(organisations, coalitions)
    # The services run in process here: their access log and their INFO lines ("report
    # generated", JSON on stdout) would bury the outcome printed below. Warnings still show.
    logging.getLogger("hub").setLevel(logging.WARNING)
    typer.echo("loading the demo data set (under a minute: three reports are rendered as PDF)…", err=True)

    async def load(url: str) -> tuple[int, int, list[str]]:
        earlier = await load_demo(url, demo)
        observations, targets = await load_demo_figures(url, demo, earlier)
        return observations, targets, await load_demo_reports(url, demo)

    with migrated_database(state_dir) as url:
        observations, targets, reports = asyncio.run(load(url))
    typer.echo(
        f"demo data loaded: {len(demo.organisations)} organisations, {len(demo.coalitions)} coalitions, "
        f"{observations} observations, {targets} targets, {len(reports)} published reports"
    )
    for address in reports:
        typer.echo(f"  {address}")


@seed_app.command("indicators")
def seed_indicators(state_dir: StateDir = Path("var")) -> None:
    """Load the starter indicator catalogue (adopted, marked as a starter set; existing codes are kept)."""
    from hub.migrate import load_starter_indicators

    with migrated_database(state_dir) as url:
        added = asyncio.run(load_starter_indicators(url))
    typer.echo(f"starter indicators: {added} added")


def _worker_metrics_port() -> int:
    """WORKER_METRICS_PORT as the worker will read it."""
    from shared.settings import WorkerMetricsSettings

    return _settings(WorkerMetricsSettings, "hub run").worker_metrics_port


@app.command()
def run(
    port: Annotated[int, typer.Option(envvar="PORT", min=1, max=65535, help="Gateway port")] = 8000,
    state_dir: StateDir = Path("var"),
) -> None:
    """Start everything in the foreground until Ctrl-C: gateway, services, worker.

    Uses DATABASE_URL and REDIS_URL when set, embedded PostgreSQL and Redis otherwise. A child
    that dies is started again (with backoff); Ctrl-C or SIGTERM stops the gateway first, then the
    worker and the services that call others, then the directory, and the embedded servers last.

    Ports: the gateway's (--port or PORT), DIRECTORY_PORT, METRICS_PORT, REPORTS_PORT, and the
    worker's metrics, WORKER_METRICS_PORT (0: none); one in use stops it at once, named."""
    from hub.migrate import migrate_all
    from hub.supervisor import Supervisor, child

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if taken := taken_ports(port, _worker_metrics_port()):
        typer.echo(
            f"ports in use: {', '.join(taken)}; is another hub run up? Set those variables to free ports.", err=True
        )
        raise typer.Exit(1)
    with servers(os.environ.get("DATABASE_URL"), os.environ.get("REDIS_URL"), state_dir) as infra:
        if infra.embedded:
            typer.echo(f"embedded {' and '.join(infra.embedded)} under {state_dir}/")
        migrate_all(infra.database_url)
        env = {
            **os.environ,
            "DATABASE_URL": infra.database_url,
            "REDIS_URL": infra.redis_url,
            "PORT": str(port),
            "PYTHONUNBUFFERED": "1",  # log lines reach the console as they happen
            **{f"{s.upper()}_URL": f"http://127.0.0.1:{port_of(s)}" for s in ("directory", "metrics", "reports")},
        }
        supervisor = Supervisor(
            [*(child(s.value, "serve", s.value) for s in Service), child("worker", "worker")],
            env,
            # Callers stop before what they call: no request in flight loses its peer.
            stop_order=[["gateway"], ["reports", "worker"], ["metrics"], ["directory"]],
            grace_seconds=GRACEFUL_SHUTDOWN_SECONDS + 5,
        )
        _say_when_listening(port)
        status = supervisor.run()
    sys.exit(status)
