"""A dry build of the Python image without Docker: the build stage's COPY steps are replayed into a
temporary folder (only what the build context lets through, in the Dockerfile's order) and its uv
steps are run there; then everything but the virtualenv is removed, as the runtime stage keeps
only that, and the result must start. A file the image forgets, a layer that runs before what it
needs, or a package that ships without its data fails here instead of on a server."""

import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.ports import free_port

from .dockerfile import REPO, DockerIgnore, Instruction, Stage, read_stages, stage_named
from .tools import SETTINGS, VENV_BIN, executable


@dataclass(frozen=True)
class DryImage:
    root: Path  # stands for the image's "/"
    runtime: Stage

    def path(self, container_path: str) -> Path:
        return self.root / container_path.lstrip("/")

    def env(self, **extra: str) -> dict[str, str]:
        """The runtime stage's environment, with container paths mapped into the dry image, and no
        setting leaking in from the test process."""
        env = host_env()
        for key, value in self.runtime.env().items():
            if key == "PATH":
                value = value.replace("$PATH", env["PATH"])
            env[key] = re.sub(r"(?<![\w.])/app\b", str(self.path("/app")), value)
        env.update(extra)
        return env

    def run(
        self, *command: str, env: dict[str, str] | None = None, timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            list(command),
            cwd=self.path(self.workdir),
            env=self.env(**(env or {})),
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout,
        )

    @property
    def workdir(self) -> str:
        return self.runtime.all("WORKDIR")[-1].arguments


def host_env() -> dict[str, str]:
    """The test process's environment without what points at the project's own virtualenv, and
    without any application setting that could leak into the dry image."""
    leaking = {"VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT", *SETTINGS}
    env = {key: value for key, value in os.environ.items() if key not in leaking}
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if Path(p) != VENV_BIN)
    return env


def copy_step(instruction: Instruction, root: Path, workdir: str, ignore: DockerIgnore) -> None:
    *sources, destination = instruction.flags_and_words()[1]
    target = root / (Path(workdir) / destination).as_posix().lstrip("/")
    for source in sources:
        origin = REPO / source
        assert origin.exists(), f"Dockerfile:{instruction.line}: COPY {source}: not in the repository"
        files = ignore.context_files(origin)
        assert files, f"Dockerfile:{instruction.line}: COPY {source}: .dockerignore leaves it out"
        for file in files:
            inside = file.relative_to(origin) if origin.is_dir() else Path(file.name)
            # A folder's contents land in the destination; files land inside it when it is a folder.
            into = target / inside if origin.is_dir() or destination.endswith("/") else target
            into.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(file, into)


def run_step(instruction: Instruction, cwd: Path, env: dict[str, str]) -> None:
    # The cache mount is the host's uv cache here; everything after the flags is the command.
    command = re.sub(r"^(?:--\S+\s+)*", "", instruction.arguments)
    assert command.startswith("uv "), (
        f"Dockerfile:{instruction.line}: the build stage runs only uv (the dry build replays it): {command}"
    )
    result = subprocess.run(
        ["sh", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=900
    )
    assert result.returncode == 0, f"Dockerfile:{instruction.line}: `{command}` failed:\n{result.stderr}"


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory) -> DryImage:
    executable("uv", "pip install uv")
    stages = read_stages(REPO / "Dockerfile")
    build, runtime = stage_named(stages, "build"), stage_named(stages, "runtime")
    root = tmp_path_factory.mktemp("image")
    ignore = DockerIgnore.of_repo()
    workdir = "/"
    env = host_env()
    for instruction in build.instructions:
        if instruction.keyword == "WORKDIR":
            workdir = instruction.arguments
            (root / workdir.lstrip("/")).mkdir(parents=True, exist_ok=True)
        elif instruction.keyword == "ENV":
            env.update(instruction.env_pairs())
        elif instruction.keyword == "COPY" and "from" in instruction.flags_and_words()[0]:
            # Only the uv binary comes from another image; the host's uv stands in for it.
            assert instruction.flags_and_words()[0]["from"] == "uv", instruction
        elif instruction.keyword == "COPY":
            copy_step(instruction, root, workdir, ignore)
        elif instruction.keyword == "RUN":
            run_step(instruction, root / workdir.lstrip("/"), env)
        else:
            pytest.fail(f"Dockerfile:{instruction.line}: the dry build cannot replay {instruction.keyword}")
    # The runtime stage starts from a clean base and takes the virtualenv alone.
    (taken,) = [c for c in runtime.all("COPY") if c.flags_and_words()[0].get("from") == "build"]
    _, (source, destination) = taken.flags_and_words()
    assert source == destination, "the virtualenv must stay at the path it was built at"
    kept = root / source.lstrip("/")
    for entry in (root / workdir.lstrip("/")).iterdir():
        if entry != kept:
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    dry = DryImage(root, runtime)
    dry.path("/app/data").mkdir()
    return dry


def test_dependency_layer_is_built_from_the_lock_file_alone() -> None:
    """The first uv step must run before the source is copied, or every code change
    reinstalls every dependency."""
    build = stage_named(read_stages(REPO / "Dockerfile"), "build")
    steps = [(i.keyword, i.arguments) for i in build.instructions if i.keyword in {"COPY", "RUN"}]
    first_sync = next(n for n, (kind, text) in enumerate(steps) if kind == "RUN" and "uv sync" in text)
    copied_before = [text for kind, text in steps[:first_sync] if kind == "COPY" and "--from" not in text]
    assert copied_before == ["pyproject.toml uv.lock ./"]
    assert "--frozen" in steps[first_sync][1]
    assert "--no-dev" in steps[first_sync][1]
    assert "--no-install-project" in steps[first_sync][1]
    later_syncs = [text for kind, text in steps[first_sync + 1 :] if kind == "RUN"]
    assert later_syncs, "the project itself is never installed"
    assert all("--frozen" in text and "--no-dev" in text for text in later_syncs)


def test_image_has_the_entry_point_and_no_dev_tools(image: DryImage) -> None:
    result = image.run("tasktracker", "--help")
    assert result.returncode == 0, result.stderr
    assert "migrate" in result.stdout
    bin_dir = image.path("/app/.venv/bin")
    assert not (bin_dir / "pytest").exists(), "dev dependencies were installed"
    assert not (bin_dir / "ruff").exists(), "dev dependencies were installed"


def test_image_migrates_a_database(image: DryImage) -> None:
    """The migrations ship inside the installed package, not beside the source."""
    result = image.run("tasktracker", "migrate", env={"JWT_SECRET": "s" * 48})
    assert result.returncode == 0, result.stderr
    assert image.path("/app/data/tasktracker.db").exists()


@contextmanager
def started(
    image: DryImage, command: list[str], log: Path, env: dict[str, str]
) -> Iterator[subprocess.Popen[bytes]]:
    """A long-running command of the image, stopped with SIGTERM as `docker stop` does; it must
    stop cleanly. Output goes to `log`."""
    with log.open("wb") as output:
        process = subprocess.Popen(
            command,
            cwd=image.path(image.workdir),
            env=image.env(**env),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    assert process.returncode in (0, -signal.SIGTERM), log.read_text(errors="replace")


@pytest.fixture
def running_api(image: DryImage, tmp_path: Path) -> Iterator[dict[str, str]]:
    """The image's default command, as a container would run it."""
    (cmd,) = image.runtime.all("CMD")
    command = cmd.exec_form()
    assert command is not None, "CMD in exec form, so the process gets signals directly"
    env = {"API_HOST": "127.0.0.1", "API_PORT": str(free_port()), "JWT_SECRET": "s" * 48}
    with started(image, command, tmp_path / "api.log", env):
        yield env


def test_healthcheck_turns_healthy_when_the_api_serves(image: DryImage, running_api: dict[str, str]) -> None:
    (healthcheck,) = image.runtime.all("HEALTHCHECK")
    probe = healthcheck.exec_form()
    assert probe is not None
    deadline = time.monotonic() + 60
    result = image.run(*probe, env=running_api, timeout=10)
    while result.returncode != 0 and time.monotonic() < deadline:
        time.sleep(0.5)
        result = image.run(*probe, env=running_api, timeout=10)
    assert result.returncode == 0, f"the HEALTHCHECK never passed:\n{result.stderr}"


def test_healthcheck_fails_when_nothing_serves(image: DryImage) -> None:
    (healthcheck,) = image.runtime.all("HEALTHCHECK")
    probe = healthcheck.exec_form()
    assert probe is not None
    result = image.run(*probe, env={"API_PORT": str(free_port())}, timeout=10)
    assert result.returncode != 0


@pytest.mark.parametrize(("command", "ready"), [("worker", "ready."), ("beat", "beat: Starting...")])
def test_worker_and_beat_start_from_the_image(
    image: DryImage, tmp_path: Path, command: str, ready: str
) -> None:
    """On the embedded broker (no RabbitMQ here): every module they import ships in the image."""
    env = {"DATA_DIR": str(tmp_path / "data"), "JWT_SECRET": "s" * 48, "CELERY_BROKER_URL": ""}
    assert image.run("tasktracker", "migrate", env=env).returncode == 0
    log = tmp_path / f"{command}.log"
    with started(image, ["tasktracker", command], log, env) as process:
        deadline = time.monotonic() + 60
        while ready not in log.read_text(errors="replace"):
            assert process.poll() is None, f"tasktracker {command} exited:\n{log.read_text(errors='replace')}"
            assert time.monotonic() < deadline, f"tasktracker {command} never got ready:\n{log.read_text()}"
            time.sleep(0.5)


def test_every_file_of_the_package_ships_in_the_image(image: DryImage) -> None:
    """Templates and migration scripts, not only Python modules."""

    def files(folder: Path) -> set[Path]:
        return {
            p.relative_to(folder) for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts
        }

    (installed,) = image.path("/app/.venv/lib").glob("python3*/site-packages/tasktracker")
    missing = files(REPO / "src" / "tasktracker") - files(installed)
    assert not missing, f"not in the installed package: {sorted(map(str, missing))}"
