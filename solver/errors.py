"""Input errors that name the file, row, column or key at fault."""

from __future__ import annotations

from dataclasses import dataclass

#: How many problems one error message lists before it summarises the rest.
MAX_LISTED = 20


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as the input allows."""

    where: str  # "gpus.csv line 4, column price_usd" or "scenario kaggle.toml, key rules.psu_headroom"
    message: str  # what is wrong and what was expected

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class InputError(Exception):
    """A catalog, scenario or build file that cannot be used; carries every problem found in one pass."""

    def __init__(self, subject: str, problems: list[Problem]):
        self.subject = subject
        self.problems = list(problems)
        super().__init__(self.render())

    def render(self) -> str:
        shown = self.problems[:MAX_LISTED]
        lines = [f"{self.subject}:" if len(self.problems) > 1 else f"{self.subject}: {shown[0]}"]
        if len(self.problems) > 1:
            lines += [f"  - {p}" for p in shown]
            if len(self.problems) > MAX_LISTED:
                lines.append(f"  ... and {len(self.problems) - MAX_LISTED} more problems of the same kind")
        return "\n".join(lines)


class OutputClosed(Exception):
    """Standard output's reader went away (`dlbuild ... | head` closed the pipe early). Not an OSError, so that
    click passes it on rather than ending the process with status 1, which means a bug in dlbuild."""


class ProblemList:
    """Collects problems while reading an input, then raises them all at once."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, where: str, message: str) -> None:
        self.items.append(Problem(where, message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self, subject: str) -> None:
        if self.items:
            raise InputError(subject, self.items)
