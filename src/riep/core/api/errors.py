"""The API's one error schema and the one set of exception handlers that produce it.

Every error answer has the same shape, whatever went wrong and wherever:

    {"status": 422, "title": "Check what you sent",
     "detail": "years[0].gross_saving: enter an amount of at most 12 digits before the decimal point",
     "errors": [{"field": "years[0].gross_saving", "message": "enter an amount of at most 12 digits before the decimal point"}]}

`detail` is always one sentence-like string a person can act on; `errors` lists the fields at fault (empty when the
problem is not about one field). Routes raise `riep.core.errors.UserError` (or `NotFound`, `Conflict`), Django's
`PermissionDenied`, `Http404`/`ObjectDoesNotExist` or `ValidationError`; they never build error answers by hand.
"""
from __future__ import annotations

import logging
import uuid

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, InterfaceError, OperationalError
from django.http import Http404
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestInvalid

from riep.core.errors import DATABASE_UNAVAILABLE, UserError

logger = logging.getLogger("riep.api")

TITLES = {
    400: "The request could not be read",
    401: "Sign in or send an API token",
    403: "You may not do this",
    404: "Not found",
    405: "Method not allowed",
    409: "This cannot change now",
    422: "Check what you sent",
    429: "Too many requests",
    500: "Something went wrong",
}
SIGN_IN = ("Sign in to the platform, or send an API token as 'Authorization: Bearer <token>' "
           "(create one on the API tokens page, /accounts/tokens/).")


class FieldError(Schema):
    field: str
    message: str


class ApiError(Schema):
    """Every 4xx answer: the status, a short title, one string saying what to do, and the fields at fault."""

    status: int
    title: str
    detail: str
    errors: list[FieldError] = []


def error_body(status: int, detail: str, errors: list[tuple[str, str]] = ()) -> dict:
    return {"status": status, "title": TITLES.get(status, "Error"), "detail": detail,
            "errors": [{"field": f, "message": m} for f, m in errors]}


def _joined(errors: list[tuple[str, str]]) -> str:
    return "; ".join(f"{field}: {message}" if field else message for field, message in errors)


# Pydantic's error types, in words. Anything not listed keeps pydantic's own message (already plain English).
_WORDS = {
    "missing": "this field is required",
    "int_parsing": "enter a whole number",
    "int_type": "enter a whole number",
    "int_from_float": "enter a whole number",
    "decimal_parsing": "enter a number, like 12500 or 12500.50",
    "decimal_type": "enter a number, like 12500 or 12500.50",
    "finite_number": "enter a finite number (not NaN or Infinity)",
    "float_parsing": "enter a number",
    "bool_parsing": "enter true or false",
    "bool_type": "enter true or false",
    "string_type": "enter text",
    "list_type": "enter a list (leave the field out to keep its current value)",
    "date_from_datetime_parsing": "enter a date like 2009-04-01",
    "date_parsing": "enter a date like 2009-04-01",
    "json_invalid": "the body is not valid JSON",
    "model_attributes_type": "enter an object with the documented fields",
    "dict_type": "enter an object with the documented fields",
}


def _where(loc) -> str:
    """('body', 'payload', 'years', 0, 'gross_saving') → 'years[0].gross_saving'."""
    parts = list(loc)
    if parts and parts[0] in ("body", "query", "path", "header", "cookie", "form"):
        parts = parts[1:]
        if parts and parts[0] in ("payload", "filters"):
            parts = parts[1:]
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _in_words(error: dict) -> str:
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = next(iter(ctx.values()), "")
        words = {"greater_than_equal": "at least", "greater_than": "more than",
                 "less_than_equal": "at most", "less_than": "less than"}[kind]
        return f"must be {words} {bound}"
    if kind == "decimal_max_places":
        return f"use at most {ctx.get('decimal_places')} decimal places"
    if kind == "decimal_whole_digits":
        return f"use at most {ctx.get('whole_digits')} digits before the decimal point"
    if kind == "decimal_max_digits":
        return f"use at most {ctx.get('max_digits')} digits in all"
    if kind == "string_too_long":
        return f"use at most {ctx.get('max_length')} characters"
    if kind == "string_too_short":
        return f"use at least {ctx.get('min_length')} characters"
    if kind == "enum" or kind == "literal_error":
        return f"choose one of {ctx.get('expected', '')}".strip()
    return _WORDS.get(kind) or error.get("msg", "is not valid")


def _problems(request, exc: RequestInvalid) -> list[tuple[str, str]]:
    return [(_where(e.get("loc", ())), _in_words(e)) for e in exc.errors]


def _django_problems(exc: DjangoValidationError) -> list[tuple[str, str]]:
    if hasattr(exc, "error_dict"):
        return [("" if f == "__all__" else f, " ".join(str(m) for m in errors))
                for f, errors in exc.message_dict.items()]
    return [("", m) for m in exc.messages]


def install(api) -> None:
    """Registers the handlers on a NinjaAPI, replacing ninja's defaults."""

    def answer(request, status, detail, errors=()):
        return api.create_response(request, error_body(status, detail, list(errors)), status=status)

    @api.exception_handler(UserError)
    def user_error(request, exc: UserError):
        return answer(request, exc.status, str(exc), [(exc.field, exc.message)] if exc.field else ())

    @api.exception_handler(PermissionDenied)
    def permission_denied(request, exc):
        return answer(request, 403, str(exc) or "Your role does not allow this.")

    def not_found(request, exc):
        return answer(request, 404, f"There is nothing at {request.path}: check the code or number in the address.")

    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(ObjectDoesNotExist, not_found)

    @api.exception_handler(DataError)
    def data_refused(request, exc):
        # Text the database cannot store: PostgreSQL refuses NUL (0x00) characters anywhere in a string, in a
        # filter as much as in a body. SQLite stores them, so this answer differs only in when it is needed.
        logger.info("API request refused by the database on %s %s: %s", request.method, request.path, exc)
        return answer(request, 422, "The request contains a value that cannot be stored, such as a NUL (0x00) "
                                    "character or a number too large for its field: correct it and send it again.")

    @api.exception_handler(OperationalError)
    @api.exception_handler(InterfaceError)
    def database_unavailable(request, exc):
        logger.error("API request on %s %s: the database did not answer: %s", request.method, request.path, exc)
        response = answer(request, 503, DATABASE_UNAVAILABLE)
        response["Retry-After"] = "30"
        return response

    @api.exception_handler(RequestInvalid)
    def request_invalid(request, exc):
        problems = _problems(request, exc)
        return answer(request, 422, _joined(problems) or "The request is not valid.", problems)

    @api.exception_handler(DjangoValidationError)
    def validation_error(request, exc):
        problems = _django_problems(exc)
        # A refusal that is about the record's state (a locked return) says so with 409.
        return answer(request, getattr(exc, "status", 422), _joined(problems), problems)

    @api.exception_handler(AuthenticationError)
    def not_signed_in(request, exc):
        return answer(request, 401, SIGN_IN)

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        if exc.status_code == 400:  # ninja could not parse the body
            return answer(request, 400, "The body is not valid JSON: send one JSON object, with the header "
                                        "Content-Type: application/json.")
        return answer(request, exc.status_code, str(exc))

    @api.exception_handler(Exception)
    def unexpected(request, exc):
        reference = uuid.uuid4().hex[:8]
        logger.exception("API error %s on %s %s", reference, request.method, request.path)
        return answer(request, 500, f"Something went wrong on our side (reference {reference}). "
                                    "Please tell the platform's operator this reference.")


def documented_errors(methods, path: str) -> dict:
    """The error answers an operation documents: every one can be 401, 403 or 422; one with a code or number in
    its path 404; one that changes something 400 (a body that is not JSON) and 409."""
    codes = [401, 403, 422]
    if "{" in path:
        codes.append(404)
    if set(methods) & {"POST", "PUT", "PATCH", "DELETE"}:
        codes += [400, 409]
    return {code: ApiError for code in sorted(codes)}


def form_refused(form, names: dict[str, str] | None = None) -> DjangoValidationError:
    """A Django form's errors as one ValidationError keyed by the API's field names (`lead_council` → the API's
    `lead_council_gss_code`), for the route to raise."""
    names = names or {}
    return DjangoValidationError({names.get(field, field): errors for field, errors in form.errors.as_data().items()})
