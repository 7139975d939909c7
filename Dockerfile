# syntax=docker/dockerfile:1
# One image for the three Python services: the API (default command), the email sender
# (`tasktracker worker`) and the scheduler (`tasktracker beat`); Compose picks the command.
# tests/deploy/test_dry_build.py replays the build stage's COPY and RUN steps outside Docker,
# so keep every step of that stage a COPY from the context or a `uv` command.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ghcr.io/astral-sh/uv:0.13.9 AS uv

FROM ${PYTHON_IMAGE} AS build
COPY --from=uv /uv /usr/local/bin/uv
# Bytecode compiled at build time makes every container start faster; copy mode because the
# cache is a separate mount; the interpreter is the image's own, never a downloaded one.
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never
WORKDIR /app
# Dependencies first, from the lock file alone: this layer is rebuilt only when they change.
COPY pyproject.toml uv.lock ./
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-install-project
COPY src ./src
# Non-editable: the project is installed into the venv as a package, so the runtime stage
# needs the venv alone.
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-editable

FROM ${PYTHON_IMAGE} AS runtime
RUN groupadd --system --gid 10001 tasktracker \
    && useradd --system --uid 10001 --gid tasktracker --home-dir /app --no-create-home tasktracker \
    && mkdir -p /app/data \
    && chown tasktracker:tasktracker /app/data
COPY --from=build /app/.venv /app/.venv
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    DATA_DIR=/app/data \
    ENVIRONMENT=production
WORKDIR /app
USER 10001:10001
EXPOSE 8080
# /health answers without touching the database or the broker: it says "this process serves",
# which is what a restart decision needs. Plain urllib, so the image needs no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/health' % os.environ.get('API_PORT', '8080'), timeout=4)"]
CMD ["tasktracker", "api"]
