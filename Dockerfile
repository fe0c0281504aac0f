# One image for every process: the command picks what runs
# (serve gateway|directory|metrics|reports, worker, migrate).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Pango for WeasyPrint (PDF reports), kept small: no recommends, lists removed.
# Versions follow the pinned Debian release of the base image.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, from the lock alone (`make lock`), so a code change reuses this layer: the
# service's own, each file checked against its hash; no embedded servers, no dev tools.
COPY requirements.txt ./
RUN pip install --no-cache-dir --require-hashes -r requirements.txt

# Then the code, installed as the project itself (entry point `hub`, package data), on the locked
# dependencies alone: `pip check` fails the build if the lock lacks one.
COPY pyproject.toml ./
COPY hub/ hub/
COPY services/ services/
COPY shared/ shared/
RUN pip install --no-cache-dir --no-deps . \
    && pip check \
    && rm -rf build ./*.egg-info

# Unprivileged user. The image has no embedded servers: every process needs DATABASE_URL and REDIS_URL.
RUN groupadd --gid 10001 hub \
    && useradd --create-home --uid 10001 --gid 10001 --shell /usr/sbin/nologin hub
USER 10001:10001

ENV HOST=0.0.0.0

EXPOSE 8000 8001 8002 8003

ENTRYPOINT ["hub"]
CMD ["serve", "gateway"]
