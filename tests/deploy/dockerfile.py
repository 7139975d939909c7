"""A small reader of the project's Dockerfiles and .dockerignore, enough for the static checks:
instructions per stage (continuations and comments handled), exec-form arguments, ENV pairs,
COPY sources and flags, and Docker's context exclusion rules."""

import json
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Instruction:
    keyword: str
    arguments: str
    line: int

    def flags_and_words(self) -> tuple[dict[str, str], list[str]]:
        """`--name=value` flags at the start (COPY --from=..., RUN --mount=...), then the rest."""
        words = shlex.split(self.arguments)
        flags: dict[str, str] = {}
        while words and words[0].startswith("--"):
            name, _, value = words.pop(0)[2:].partition("=")
            flags[name] = value
        return flags, words

    def exec_form(self) -> list[str] | None:
        """The JSON array of CMD/ENTRYPOINT/RUN/HEALTHCHECK CMD, or None for the shell form."""
        text = self.arguments
        if self.keyword == "HEALTHCHECK":
            match = re.search(r"\bCMD\s+(.*)$", text, re.DOTALL)
            if match is None:
                return None
            text = match.group(1)
        text = text.strip()
        if not text.startswith("["):
            return None
        parsed = json.loads(text)
        assert isinstance(parsed, list)
        assert all(isinstance(word, str) for word in parsed)
        return parsed

    def env_pairs(self) -> dict[str, str]:
        """ENV NAME=value pairs (and the legacy `ENV NAME value` form)."""
        words = shlex.split(self.arguments)
        if words and "=" not in words[0]:
            return {words[0]: " ".join(words[1:])}
        return dict(word.split("=", 1) for word in words)


@dataclass
class Stage:
    base: str
    name: str | None
    instructions: list[Instruction] = field(default_factory=list)

    def all(self, keyword: str) -> list[Instruction]:
        return [instruction for instruction in self.instructions if instruction.keyword == keyword]

    def env(self) -> dict[str, str]:
        merged: dict[str, str] = {}
        for instruction in self.all("ENV"):
            merged.update(instruction.env_pairs())
        return merged


def read_instructions(path: Path) -> list[Instruction]:
    instructions: list[Instruction] = []
    pending: list[str] = []
    start = 0
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        stripped = raw.strip()
        # Comments and blank lines are dropped, also in the middle of a continued instruction.
        if not stripped or stripped.startswith("#"):
            continue
        if not pending:
            start = number
        continued = stripped.endswith("\\")
        pending.append(stripped[:-1].rstrip() if continued else stripped)
        if not continued:
            keyword, _, arguments = " ".join(pending).partition(" ")
            instructions.append(Instruction(keyword.upper(), arguments.strip(), start))
            pending = []
    assert not pending, f"{path}: the last instruction ends with a line continuation"
    return instructions


def read_stages(path: Path) -> list[Stage]:
    stages: list[Stage] = []
    for instruction in read_instructions(path):
        if instruction.keyword == "FROM":
            _, words = instruction.flags_and_words()
            name = words[2] if len(words) == 3 and words[1].upper() == "AS" else None
            stages.append(Stage(base=words[0], name=name))
        elif stages:
            stages[-1].instructions.append(instruction)
    return stages


def stage_named(stages: list[Stage], name: str) -> Stage:
    for stage in stages:
        if stage.name == name:
            return stage
    raise AssertionError(f"no stage named {name!r}: {[stage.name for stage in stages]}")


def project_dockerfiles() -> list[Path]:
    """Every Dockerfile of the project (`Dockerfile`, `*.Dockerfile`), outside vendored folders."""
    found = {*REPO.glob("**/Dockerfile"), *REPO.glob("**/*.Dockerfile")}
    skipped = {".git", ".venv", "node_modules"}
    return sorted(path for path in found if not skipped & set(path.relative_to(REPO).parts))


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    """Docker's pattern syntax (Go's filepath.Match plus `**`) as a regular expression."""
    out = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
            continue
        if pattern.startswith("**", index):
            out.append(".*")
            index += 2
            continue
        out.append({"*": "[^/]*", "?": "[^/]"}.get(char, re.escape(char)))
        index += 1
    return re.compile("".join(out))


class DockerIgnore:
    """Which context paths a .dockerignore keeps out of the build: the last matching pattern
    wins, and a pattern that matches a folder matches everything inside it."""

    def __init__(self, text: str) -> None:
        self.rules: list[tuple[bool, re.Pattern[str]]] = []
        for raw in text.splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            keep = line.startswith("!")
            pattern = line[1:].strip() if keep else line
            pattern = pattern.strip("/").removeprefix("./")
            self.rules.append((keep, _pattern_regex(pattern)))

    @classmethod
    def of_repo(cls) -> "DockerIgnore":
        path = REPO / ".dockerignore"
        return cls(path.read_text(encoding="utf-8") if path.exists() else "")

    def excludes(self, relative: str) -> bool:
        parts = Path(relative).parts
        candidates = ["/".join(parts[: end + 1]) for end in range(len(parts))]
        excluded = False
        for keep, regex in self.rules:
            if any(regex.fullmatch(candidate) for candidate in candidates):
                excluded = not keep
        return excluded

    def context_files(self, source: Path) -> list[Path]:
        """The files under `source` (a file or folder of the repo) that reach the builder."""
        files = [source] if source.is_file() else sorted(p for p in source.rglob("*") if p.is_file())
        return [path for path in files if not self.excludes(path.relative_to(REPO).as_posix())]
