from collections.abc import Callable, Coroutine
from typing import Any

import pytest
from arq.worker import Worker
from fastapi import FastAPI

from hub.worker import create_worker
from services.reports.clients import DirectoryClient
from services.reports.config import ReportsSettings
from services.reports.models import SCHEMA
from services.reports.tasks import Resources
from shared.db import create_engine, create_sessionmaker
from shared.jobs import Ctx
from shared.settings import CommonSettings
from shared.testing import asgi_client
from tests.conftest import Env, as_service

RunWorker = Callable[[], Coroutine[Any, Any, Worker]]


@pytest.fixture
def run_worker(env: Env, directory_app: FastAPI) -> RunWorker:
    """Run the real worker (real Redis queue, real database) until the queue is empty.
    Only its way to the directory is in process."""

    async def startup(ctx: Ctx) -> None:
        settings = ReportsSettings(**env.settings())
        engine = create_engine(settings.database_url, SCHEMA)
        http = asgi_client(directory_app, "http://directory", signer=as_service("reports"))
        ctx["reports"] = Resources(settings, engine, create_sessionmaker(engine), http, DirectoryClient(http))

    async def run() -> Worker:
        worker = create_worker(
            CommonSettings(**env.settings()),
            burst=True,
            poll_delay=0.01,
            handle_signals=False,
            cron_jobs=[],
            on_startup=startup,
        )
        try:
            await worker.main()
        finally:
            await worker.close()
        return worker

    return run
