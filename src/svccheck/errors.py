"""One family of errors, caught once by the CLI (exit code 2)."""

from __future__ import annotations


class SvccheckError(Exception):
    """Base class: a problem the user can fix, with a message that says where."""

    exit_code = 2  # bad usage or unreadable input (README: Exit codes)


class InputError(SvccheckError):
    """An input file cannot be read (missing, not a spreadsheet, encrypted, too large…)."""


class NothingToDo(InputError):
    """The input was read and holds nothing to score or store (an unfilled form): not broken,
    but not a result either — exit code 1, as for findings."""

    exit_code = 1


class SchemaError(SvccheckError):
    """A standards, checklist or taxonomy file is not usable."""


class OutputError(SvccheckError):
    """An output file cannot be written (missing folder, full disk, an input named as output…)."""


class ConfigError(SvccheckError):
    """Bad usage: unknown checklist, bad option value, unreachable database…"""


class LedgerError(SvccheckError):
    """The history store refused an operation (newer schema, connection failure…)."""
