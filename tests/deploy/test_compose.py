"""The Compose files: valid against the Compose specification, and shaped as the product needs
(services, health-gated start order, volumes, restart policies, published images, secrets)."""

import subprocess
from pathlib import Path
from typing import Any

import pytest

from .compose import (
    BACKEND_IMAGE_SERVICES,
    COMPOSE_FILES,
    ONE_SHOT,
    PROD_ENV,
    SPEC_SERVICES,
    MissingVariable,
    env_example_names,
    load,
    resolve,
    variables,
)
from .dockerfile import REPO
from .tools import SHARED, executable

PROD_SECRETS = {"JWT_SECRET", "POSTGRES_PASSWORD", "RABBITMQ_DEFAULT_PASS", "SMTP_PASSWORD"}


def services(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    result = document["services"]
    assert isinstance(result, dict)
    return result


@pytest.fixture(scope="module")
def local() -> dict[str, dict[str, Any]]:
    """compose.yaml as `docker compose up -d` sees it on a fresh clone (no .env)."""
    return services(resolve(load("compose.yaml"), {}))


@pytest.fixture(scope="module")
def prod() -> dict[str, dict[str, Any]]:
    return services(resolve(load("compose.prod.yaml"), PROD_ENV))


def check_jsonschema(*args: str) -> subprocess.CompletedProcess[str]:
    binary = executable("check-jsonschema", "the dev dependency check-jsonschema: uv sync")
    schema = SHARED / "schemas" / "compose-spec.json"
    # ../shared holds the schema the project validates against; a checkout without it (a GitHub
    # runner) uses the copy of the same specification that check-jsonschema ships.
    where = ["--schemafile", str(schema)] if schema.exists() else ["--builtin-schema", "vendor.compose-spec"]
    return subprocess.run([binary, *where, *args], capture_output=True, text=True, cwd=REPO, check=False)


@pytest.mark.parametrize("name", COMPOSE_FILES)
def test_compose_file_matches_the_compose_specification(name: str) -> None:
    result = check_jsonschema(name)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_rejects_a_broken_compose_file(tmp_path: Path) -> None:
    broken = tmp_path / "compose.yaml"
    broken.write_text(
        "services:\n  api:\n    image: x\n    depends_on:\n      db:\n        condition: service_ready\n"
    )
    result = check_jsonschema(str(broken))
    assert result.returncode != 0
    assert "service_ready" in result.stdout + result.stderr


def test_local_stack_has_the_spec_services_plus_migrations_and_mailpit(
    local: dict[str, dict[str, Any]],
) -> None:
    assert set(local) == SPEC_SERVICES | {"postgres", "rabbitmq", "redis", "migrate", "mailpit"}


def test_server_stack_has_the_same_services_without_mailpit(prod: dict[str, dict[str, Any]]) -> None:
    assert set(prod) == SPEC_SERVICES | {"postgres", "rabbitmq", "redis", "migrate"}
    for service in prod.values():
        assert "mailpit" not in str(service)


@pytest.mark.parametrize("name", COMPOSE_FILES)
def test_backend_on_8080_and_frontend_on_80(name: str) -> None:
    stack = services(resolve(load(name), PROD_ENV))
    assert stack["task-tracker-backend"]["ports"] == ["8080:8080"]
    assert stack["task-tracker-frontend"]["ports"] == ["80:80"]
    published = {name for name, service in stack.items() if "ports" in service}
    assert published <= {"task-tracker-backend", "task-tracker-frontend", "mailpit"}, (
        "the database and the broker stay on the Compose network"
    )


@pytest.mark.parametrize("name", COMPOSE_FILES)
def test_postgres_is_healthy_only_once_it_accepts_tcp_connections(name: str) -> None:
    """On first start the postgres image runs a temporary server for its init scripts that listens
    on the Unix socket only; pg_isready over the socket would report it ready, and the services
    waiting for health would connect over TCP before the real server listens."""
    kind, command = services(load(name))["postgres"]["healthcheck"]["test"]
    assert kind == "CMD-SHELL"
    assert command.split()[0] == "pg_isready"
    assert "--host=127.0.0.1" in command.split()


def has_healthcheck(name: str, service: dict[str, Any]) -> bool:
    check = service.get("healthcheck", {})
    if check.get("disable") is True:
        return False
    # Services of the backend image inherit its HEALTHCHECK when Compose sets no test.
    return "test" in check or name in BACKEND_IMAGE_SERVICES


@pytest.mark.parametrize("name", COMPOSE_FILES)
def test_start_order_waits_for_health_and_for_the_migrations(name: str) -> None:
    stack = services(resolve(load(name), PROD_ENV))
    for required in ("postgres", "rabbitmq", "task-tracker-backend"):
        assert has_healthcheck(required, stack[required]), f"{required} needs a healthcheck"
    for service_name, service in stack.items():
        for dependency, rule in service.get("depends_on", {}).items():
            condition = rule["condition"]
            if condition == "service_healthy":
                assert has_healthcheck(dependency, stack[dependency]), (
                    f"{service_name} waits for {dependency} to be healthy, which has no healthcheck"
                )
            elif condition == "service_completed_successfully":
                assert dependency in ONE_SHOT, f"{service_name} waits for {dependency} to exit"
    for app in BACKEND_IMAGE_SERVICES - ONE_SHOT:
        conditions = {dep: rule["condition"] for dep, rule in stack[app]["depends_on"].items()}
        assert conditions["migrate"] == "service_completed_successfully", f"{app} starts before migrations"
        assert conditions["rabbitmq"] == "service_healthy", f"{app} needs the broker"
    assert stack["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert stack["task-tracker-backend"]["depends_on"]["postgres"]["condition"] == "service_healthy"


@pytest.mark.parametrize("name", COMPOSE_FILES)
def test_data_lives_in_named_volumes(name: str) -> None:
    document = resolve(load(name), PROD_ENV)
    stack = services(document)
    declared = set(document.get("volumes") or {})
    assert "postgres-data:/var/lib/postgresql/data" in stack["postgres"]["volumes"]
    assert "rabbitmq-data:/var/lib/rabbitmq" in stack["rabbitmq"]["volumes"]
    # RabbitMQ keeps its data under a folder named after the node, i.e. the host name.
    assert stack["rabbitmq"]["hostname"] == "rabbitmq"
    used = {mount.split(":", 1)[0] for service in stack.values() for mount in service.get("volumes", [])}
    assert used == declared == {"postgres-data", "rabbitmq-data"}


@pytest.mark.parametrize("name", COMPOSE_FILES)
def test_restart_policies(name: str) -> None:
    for service_name, service in services(resolve(load(name), PROD_ENV)).items():
        expected = "no" if service_name in ONE_SHOT else "unless-stopped"
        assert service.get("restart") == expected, service_name


def test_local_stack_builds_from_this_checkout(local: dict[str, dict[str, Any]]) -> None:
    # One build of the backend image (by `migrate`, which every other backend service waits
    # for); the others run it as built, never pulled and never built again.
    assert local["migrate"]["build"] == {"context": ".", "dockerfile": "Dockerfile"}
    for name in BACKEND_IMAGE_SERVICES:
        assert local[name]["image"] == "task-tracker-backend:local", "one image for the Python services"
        if name != "migrate":
            assert "build" not in local[name], name
            assert local[name]["pull_policy"] == "never", name
            assert local[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert local["task-tracker-frontend"]["build"] == {
        "context": ".",
        "dockerfile": "deploy/frontend.Dockerfile",
    }
    for service in local.values():
        assert (REPO / service.get("build", {}).get("dockerfile", "Dockerfile")).exists()


def test_local_stack_sends_mail_to_mailpit(local: dict[str, dict[str, Any]]) -> None:
    env = local["task-tracker-email-sender"]["environment"]
    assert (env["SMTP_HOST"], env["SMTP_PORT"], env["SMTP_SECURITY"]) == ("mailpit", "1025", "none")
    # On this machine's loopback only: the sink shows every email, reset links included.
    assert local["mailpit"]["ports"] == ["127.0.0.1:8025:8025"]


def test_server_stack_runs_the_published_images(prod: dict[str, dict[str, Any]]) -> None:
    for name, service in prod.items():
        assert "build" not in service, f"{name} must run a published image on the server"
    for name in SPEC_SERVICES:
        assert prod[name]["image"] == f"example/{name}:latest"
    assert prod["migrate"]["image"] == "example/task-tracker-backend:latest"
    tagged = services(resolve(load("compose.prod.yaml"), {**PROD_ENV, "TAG": "0123abc"}))
    assert tagged["task-tracker-frontend"]["image"] == "example/task-tracker-frontend:0123abc"


def test_server_stack_is_production_with_required_secrets(prod: dict[str, dict[str, Any]]) -> None:
    for name in BACKEND_IMAGE_SERVICES:
        env = prod[name]["environment"]
        assert env["ENVIRONMENT"] == "production"
        assert env["JWT_SECRET"] == PROD_ENV["JWT_SECRET"]
        assert env["CORS_ORIGINS"] == PROD_ENV["PUBLIC_URL"]
    assert prod["task-tracker-frontend"]["environment"]["API_URL"] == "", "the page's own host"
    api = "https://api.example.com"
    custom = services(resolve(load("compose.prod.yaml"), {**PROD_ENV, "API_URL": api}))
    assert custom["task-tracker-frontend"]["environment"]["API_URL"] == api
    document = load("compose.prod.yaml")
    for secret in PROD_SECRETS:
        without = {key: value for key, value in PROD_ENV.items() if key != secret}
        with pytest.raises(MissingVariable, match=secret):
            resolve(document, without)


def test_local_stack_needs_no_env_file() -> None:
    document = load("compose.yaml")
    resolve(document, {})  # no ${VAR:?} without a default
    for name in BACKEND_IMAGE_SERVICES:
        assert document["services"][name]["env_file"] == [{"path": ".env", "required": False}]


@pytest.mark.parametrize("name", COMPOSE_FILES)
def test_every_variable_the_compose_files_read_is_documented_in_env_example(name: str) -> None:
    undocumented = variables(name) - env_example_names()
    assert not undocumented, f"{name} reads {sorted(undocumented)}: add them to .env.example"


@pytest.mark.parametrize("name", COMPOSE_FILES)
def test_the_api_states_its_health_check_and_shares_its_limits_in_redis(name: str) -> None:
    stack = services(resolve(load(name), PROD_ENV))
    api = stack["task-tracker-backend"]
    # Stated here, not inherited from whatever HEALTHCHECK the image has.
    test = api["healthcheck"]["test"]
    assert test[0] == "CMD" and "http://127.0.0.1:8080/health" in " ".join(test)
    assert api["environment"]["REDIS_URL"] == "redis://redis:6379/0"
    assert api["depends_on"]["redis"]["condition"] == "service_healthy"
    assert stack["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    assert "ports" not in stack["redis"], "reached by the containers only"
