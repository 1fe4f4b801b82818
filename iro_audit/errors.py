"""Errors meant for the user: the CLI prints the message (never a traceback) and exits."""


class IroAuditError(Exception):
    """A problem the user can fix; the message says what and where."""

    exit_code = 1


class DataError(IroAuditError):
    """Input data that cannot be used (strict mode, missing required table, unreadable file)."""

    exit_code = 2


class ParameterError(IroAuditError):
    """A parameter file or option that is wrong (unknown key, bad date, missing folder)."""

    exit_code = 2
