"""What the Compose files and Dockerfiles run and configure exists in the application: every
command is a `tasktracker` subcommand, every variable handed to it is a setting, and the settings
they produce pass the application's own validation."""

import subprocess
from typing import Any

import pytest

from tasktracker.config import Settings

from .compose import (
    BACKEND_IMAGE_SERVICES,
    COMPOSE_FILES,
    PROD_ENV,
    env_example_names,
    environment,
    load,
    resolve,
)
from .dockerfile import REPO, project_dockerfiles, read_stages, stage_named
from .tools import SETTINGS, executable

# Variables that are not application settings, each read by something else.
IMAGE_VARIABLES = {
    "postgres": {"POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB"},  # the postgres image
    "rabbitmq": {"RABBITMQ_DEFAULT_USER", "RABBITMQ_DEFAULT_PASS"},  # the rabbitmq image
    "mailpit": {"MP_SMTP_AUTH_ACCEPT_ANY", "MP_SMTP_AUTH_ALLOW_INSECURE"},  # Mailpit
    "redis": set(),  # configured by its command line
    "task-tracker-frontend": {"API_URL"},  # the frontend image's start script writes config.js
}
COMPOSE_ONLY = {  # read by Compose itself when it resolves the files
    "POSTGRES_USER",
    "POSTGRES_PASSWORD",
    "POSTGRES_DB",
    "RABBITMQ_DEFAULT_USER",
    "RABBITMQ_DEFAULT_PASS",
    "DOCKERHUB_NAMESPACE",
    "TAG",
    "API_URL",
}
PYTHON_RUNTIME = {"PATH", "PYTHONUNBUFFERED"}  # the interpreter's own
UV_BUILD = {"UV_COMPILE_BYTECODE", "UV_LINK_MODE", "UV_PYTHON_DOWNLOADS"}  # uv's own, build stage only


def compose_services() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (name, service_name, service)
        for name in COMPOSE_FILES
        for service_name, service in resolve(load(name), PROD_ENV)["services"].items()
    ]


def backend_commands() -> list[list[str]]:
    commands = [
        service["command"]
        for _, service_name, service in compose_services()
        if service_name in BACKEND_IMAGE_SERVICES
    ]
    runtime = stage_named(read_stages(REPO / "Dockerfile"), "runtime")
    (cmd,) = runtime.all("CMD")
    commands.append(cmd.exec_form())
    return commands


def test_compose_runs_every_service_with_its_own_command() -> None:
    by_service = {
        service_name: service["command"]
        for _, service_name, service in compose_services()
        if service_name in BACKEND_IMAGE_SERVICES
    }
    assert by_service == {
        "migrate": ["tasktracker", "migrate"],
        "task-tracker-backend": ["tasktracker", "api"],
        "task-tracker-email-sender": ["tasktracker", "worker"],
        "task-tracker-scheduler": ["tasktracker", "beat"],
    }


@pytest.mark.parametrize("command", sorted({tuple(c) for c in backend_commands()}), ids=" ".join)
def test_command_is_a_tasktracker_subcommand(command: tuple[str, ...]) -> None:
    program, *arguments = command
    assert program == "tasktracker", "the image's PATH runs the project's entry point"
    binary = executable("tasktracker", "the project itself: uv sync")
    result = subprocess.run(
        [binary, *arguments, "--help"], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, f"`tasktracker {' '.join(arguments)}` is not a command:\n{result.stderr}"


def test_help_of_an_unknown_command_fails() -> None:
    """The check above can fail."""
    binary = executable("tasktracker", "the project itself: uv sync")
    result = subprocess.run(
        [binary, "no-such-command", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode != 0


@pytest.mark.parametrize(
    ("compose_file", "service_name"),
    [(file, name) for file, name, _ in compose_services()],
    ids=lambda value: value,
)
def test_compose_variables_are_known_to_whoever_reads_them(compose_file: str, service_name: str) -> None:
    service = resolve(load(compose_file), PROD_ENV)["services"][service_name]
    names = set(environment(service))
    allowed = SETTINGS if service_name in BACKEND_IMAGE_SERVICES else IMAGE_VARIABLES[service_name]
    assert names <= allowed, f"{compose_file} {service_name}: unknown variables {sorted(names - allowed)}"


def test_dockerfile_variables_are_settings_or_the_tools_own() -> None:
    for dockerfile in project_dockerfiles():
        for stage in read_stages(dockerfile):
            names = set(stage.env())
            if dockerfile.name == "Dockerfile":
                allowed = SETTINGS | PYTHON_RUNTIME if stage.name == "runtime" else UV_BUILD
            else:
                allowed = IMAGE_VARIABLES["task-tracker-frontend"]
            assert names <= allowed, f"{dockerfile.name} stage {stage.name}: {sorted(names - allowed)}"


def test_env_example_names_only_settings_and_compose_variables() -> None:
    unknown = env_example_names() - SETTINGS - COMPOSE_ONLY
    assert not unknown, f".env.example names unknown variables: {sorted(unknown)}"


def test_env_example_documents_every_setting() -> None:
    missing = SETTINGS - env_example_names()
    assert not missing, f"document these settings in .env.example: {sorted(missing)}"


@pytest.mark.parametrize(("compose_file", "env"), [("compose.yaml", {}), ("compose.prod.yaml", PROD_ENV)])
def test_the_settings_compose_gives_the_backend_are_valid(
    compose_file: str, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    services = resolve(load(compose_file), env)["services"]
    for service_name in BACKEND_IMAGE_SERVICES:
        with monkeypatch.context() as patched:
            for name, value in environment(services[service_name]).items():
                patched.setenv(name, value)
            settings = Settings(_env_file=None)
            assert settings.database_url.startswith("postgresql://")
            assert settings.celery_broker_url.startswith("amqp://")
            assert settings.smtp_host
