"""The platform's one family of errors a person can act on.

Raise one of these (or a subclass) for anything the user, not the programmer, must fix: a bad row in a file, an
unknown council code, a locked return. Every adapter shows its message as it is, without a traceback:

- the API answers with its `status` and the one error schema (`riep.core.api.errors`);
- the CLI prints it on one line and exits with status 1;
- a background job fails with it as the message on the job page;
- a page shows it in the GOV.UK error summary.

Anything else that escapes is a bug: logged with its traceback for the operator, shown to the user as a plain
"something went wrong" with a reference.
"""
from __future__ import annotations


class UserError(Exception):
    """Something the person can put right; the message says what and where."""

    status = 422  # the HTTP status the API answers with

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class NotFound(UserError):
    """What was asked for does not exist (or the person may not know that it does)."""

    status = 404


class Conflict(UserError):
    """The request clashes with the current state: a locked return, a duplicate code, a job already running."""

    status = 409


# What a page or the API says when the database does not answer (restarting, unreachable, or busy past the
# timeout): not a fault in what the person sent, and nothing saved before is lost (riep.core.views.server_error).
DATABASE_UNAVAILABLE = ("The platform cannot reach its database just now. Nothing saved before is lost, but what "
                        "you just sent may not have been saved: try again in a minute, then check it is there.")
