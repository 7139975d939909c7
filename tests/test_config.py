"""Settings come from the environment, and production refuses unsafe ones."""

import subprocess
import sys

import pytest
from pydantic import ValidationError

from tasktracker.config import DEFAULT_JWT_SECRET, OWASP_ARGON2_ITERATIONS, OWASP_ARGON2_MEMORY_KIB, Settings


def make(**values: object) -> Settings:
    """Settings from `values` and the defaults; the environment's PASSWORD_HASH_* (the suite's
    cheap ones, which production refuses) give way to the defaults."""
    values = {
        "password_hash_memory_kib": OWASP_ARGON2_MEMORY_KIB,
        "password_hash_iterations": OWASP_ARGON2_ITERATIONS,
        **values,
    }
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def test_defaults_are_the_embedded_product() -> None:
    settings = make()
    assert settings.resolved_database_url == "sqlite:///data/tasktracker.db"
    assert settings.api_port == 8080
    assert "http://localhost" in settings.cors_origins


@pytest.mark.parametrize("secret", [DEFAULT_JWT_SECRET, "too-short"])
def test_production_refuses_a_default_or_short_jwt_secret(secret: str) -> None:
    with pytest.raises(ValidationError, match="JWT_SECRET"):
        make(environment="production", jwt_secret=secret)


def test_production_accepts_a_long_random_secret() -> None:
    assert make(environment="production", jwt_secret="s" * 48).environment == "production"


def test_origins_come_as_a_comma_list_and_never_as_a_wildcard(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORS_ORIGINS", "https://tasks.example.com, http://localhost:8000/")
    assert make().cors_origins == ["https://tasks.example.com", "http://localhost:8000"]
    monkeypatch.setenv("CORS_ORIGINS", "*")
    with pytest.raises(ValidationError, match="CORS_ORIGINS"):
        make()


def test_the_process_refuses_to_start_in_production_with_the_default_secret(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = subprocess.run(
        [sys.executable, "-m", "tasktracker.cli", "api"],
        env={"ENVIRONMENT": "production", "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "JWT_SECRET" in result.stderr
