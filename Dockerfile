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

# Dependencies first, from pyproject.toml alone, so a code change reuses this layer.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install --no-cache-dir -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# Then the code, installed as the project itself (entry point `hub`, package data).
COPY hub/ hub/
COPY services/ services/
COPY shared/ shared/
RUN pip install --no-cache-dir . \
    && rm -rf build ./*.egg-info

# Unprivileged user; a writable state dir for `hub run` with embedded servers.
RUN groupadd --gid 10001 hub \
    && useradd --create-home --uid 10001 --gid 10001 --shell /usr/sbin/nologin hub \
    && mkdir -p /app/var \
    && chown hub:hub /app/var
USER 10001:10001

ENV HOST=0.0.0.0 \
    HUB_STATE_DIR=/app/var

EXPOSE 8000 8001 8002 8003

ENTRYPOINT ["hub"]
CMD ["serve", "gateway"]
