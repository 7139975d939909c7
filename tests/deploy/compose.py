"""Reading the Compose files as Compose does: YAML (merge keys included) plus `${VAR}` interpolation
with the `:-`, `-`, `:?`, `?`, `:+`, `+` modifiers, nested defaults and `$$` escapes."""

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from .dockerfile import REPO

COMPOSE_FILES = ("compose.yaml", "compose.prod.yaml")
SPEC_SERVICES = {
    "task-tracker-backend",
    "task-tracker-frontend",
    "task-tracker-scheduler",
    "task-tracker-email-sender",
}
BACKEND_IMAGE_SERVICES = {
    "migrate",
    "task-tracker-backend",
    "task-tracker-scheduler",
    "task-tracker-email-sender",
}
ONE_SHOT = {"migrate"}
# Values a server's .env would hold, to resolve compose.prod.yaml the way Compose does there.
PROD_ENV = {
    "DOCKERHUB_NAMESPACE": "example",
    "JWT_SECRET": "x" * 48,
    "POSTGRES_PASSWORD": "postgres-secret",
    "RABBITMQ_DEFAULT_PASS": "rabbitmq-secret",
    "SMTP_HOST": "in-v3.mailjet.com",
    "SMTP_USER": "mailjet-api-key",
    "SMTP_PASSWORD": "mailjet-secret-key",
    "MAIL_FROM": "Task Tracker <tasks@example.com>",
    "PUBLIC_URL": "http://203.0.113.10",
}
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
MODIFIERS = (":-", ":?", ":+", "-", "?", "+")


class MissingVariable(ValueError):
    """A `${VAR:?message}` whose variable is unset or empty."""


def load(name: str) -> dict[str, Any]:
    document = yaml.safe_load((REPO / name).read_text(encoding="utf-8"))
    assert isinstance(document, dict), f"{name} is not a mapping"
    return document


def _closing_brace(text: str, start: int) -> int:
    depth = 1
    index = start
    while index < len(text):
        if text.startswith("${", index):
            depth += 1
            index += 2
            continue
        if text[index] == "}":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    raise ValueError(f"unclosed ${{ in {text!r}")


def interpolate(text: str, env: Mapping[str, str], used: set[str] | None = None) -> str:
    """Compose's substitution of `text`; names looked up are added to `used`."""
    out: list[str] = []
    index = 0
    while index < len(text):
        if text.startswith("$$", index):
            out.append("$")
            index += 2
        elif text.startswith("${", index):
            end = _closing_brace(text, index + 2)
            out.append(_expand(text[index + 2 : end], env, used))
            index = end + 1
        elif text[index] == "$" and (match := NAME.match(text, index + 1)):
            if used is not None:
                used.add(match.group())
            out.append(env.get(match.group(), ""))
            index = match.end()
        else:
            out.append(text[index])
            index += 1
    return "".join(out)


def _expand(body: str, env: Mapping[str, str], used: set[str] | None) -> str:
    match = NAME.match(body)
    assert match is not None, f"bad variable ${{{body}}}"
    name, rest = match.group(), body[match.end() :]
    if used is not None:
        used.add(name)
    value = env.get(name)
    if not rest:
        return value or ""
    modifier = next(m for m in MODIFIERS if rest.startswith(m))
    argument = rest[len(modifier) :]
    unset = value is None or (modifier.startswith(":") and value == "")
    if modifier in (":-", "-"):
        return interpolate(argument, env, used) if unset else str(value)
    if modifier in (":?", "?"):
        if unset:
            raise MissingVariable(f"{name}: {interpolate(argument, env, used)}")
        return str(value)
    return "" if unset else interpolate(argument, env, used)


def resolve(node: Any, env: Mapping[str, str], used: set[str] | None = None) -> Any:
    """The document with every string interpolated (keys are not interpolated by Compose)."""
    if isinstance(node, str):
        return interpolate(node, env, used)
    if isinstance(node, dict):
        return {key: resolve(value, env, used) for key, value in node.items()}
    if isinstance(node, list):
        return [resolve(item, env, used) for item in node]
    return node


def variables(name: str) -> set[str]:
    """Every variable a Compose file reads (also those only named in a default)."""
    used: set[str] = set()
    document = load(name)
    _collect(document, used)
    return used


def _collect(node: Any, used: set[str]) -> None:
    if isinstance(node, str):
        for match in re.finditer(r"(?<!\$)\$\{?([A-Za-z_][A-Za-z0-9_]*)", node):
            used.add(match.group(1))
    elif isinstance(node, dict):
        for value in node.values():
            _collect(value, used)
    elif isinstance(node, list):
        for item in node:
            _collect(item, used)


def environment(service: Mapping[str, Any]) -> dict[str, str]:
    """A service's `environment`, in either of its two spellings, as a mapping."""
    raw = service.get("environment") or {}
    if isinstance(raw, list):
        return dict(item.split("=", 1) if "=" in item else (item, "") for item in raw)
    return {key: "" if value is None else str(value) for key, value in raw.items()}


def env_example_names(path: Path = REPO / ".env.example") -> set[str]:
    """Names set or shown (commented out) in .env.example."""
    pattern = re.compile(r"^\s*#?\s*([A-Z][A-Z0-9_]*)=", re.MULTILINE)
    return set(pattern.findall(path.read_text(encoding="utf-8")))
