"""One error root for everything a user can get wrong.

The command catches :class:`DealroomError`, prints ``category: message`` and
exits with the error's status; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations


class Problem:
    """One thing wrong (or doubtful) in a plan file, with where it is.

    A plain class rather than a dataclass: the command imports this module on
    every start, and ``dataclasses`` alone costs more than the rest of ``--help``.
    """

    __slots__ = ("file", "line", "column", "path", "message", "severity")

    def __init__(self, file: str, line: int, column: int, path: str, message: str,
                 severity: str = "error"):
        self.file = file
        """The plan file as the user named it."""
        self.line = line
        """1-based line of the offending key or value (0 when unknown)."""
        self.column = column
        """1-based column (0 when unknown)."""
        self.path = path
        """Key path inside the plan, such as ``tasks[3].owner``; empty for the file."""
        self.message = message
        """What is wrong and what is allowed, in one sentence."""
        self.severity = severity
        """``error`` (the file cannot be used) or ``warning`` (probably a typo)."""

    def _fields(self) -> tuple:
        return (self.file, self.line, self.column, self.path, self.message, self.severity)

    def __eq__(self, other) -> bool:
        return isinstance(other, Problem) and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        names = ", ".join(f"{name}={value!r}" for name, value in zip(self.__slots__, self._fields()))
        return f"Problem({names})"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        path = f" {self.path}:" if self.path else ""
        return f"{where}: {self.severity}:{path} {self.message}"


class DealroomError(Exception):
    """The root of every error a user can cause; carries an exit status."""

    category = "error"
    exit_status = 1


class PlanError(DealroomError):
    """A plan file cannot be used; holds every problem found in it at once."""

    category = "plan error"
    exit_status = 1

    def __init__(self, problems: list[Problem], warnings: list[Problem] = ()):
        self.problems = list(problems)
        """The errors, in file order."""
        self.warnings = list(warnings)
        """Warnings found on the way (an unknown key often explains an error)."""
        count = len(self.problems)
        super().__init__(f"{count} error{'s' if count != 1 else ''} in the plan")


class UsageError(DealroomError):
    """A command was called wrongly: unknown flag, missing or unreadable file."""

    category = "usage error"
    exit_status = 2


class OutputError(UsageError):
    """An output folder or file cannot be written: not a folder, no permission, disk full."""

    category = "output error"


class StoreError(DealroomError):
    """The revision history store cannot be used: not a store, damaged, unwritable, busy."""

    category = "history store error"
    exit_status = 1


class RemoteError(DealroomError):
    """A remote service (a mail server, Google) failed; nothing was half-written."""

    category = "remote error"
    exit_status = 4


class PlanChangedError(DealroomError):
    """The plan file changed on disk while a command that writes from it was working."""

    category = "plan changed"
    exit_status = 1


class DocumentError(DealroomError):
    """An imported document (an edited .docx) that cannot be read as a deal room."""

    category = "document error"
    exit_status = 1


class ConflictError(DealroomError):
    """The buyer and the seller changed the same thing differently; a decision is needed."""

    category = "conflict"
    exit_status = 3
