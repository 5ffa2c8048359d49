"""Problem details (RFC 9457) for every error response, German first."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from asyncpg.exceptions import DataError as PostgresDataError
from litestar import Response
from litestar.exceptions import HTTPException, NotFoundException, SerializationException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

if TYPE_CHECKING:
    from litestar import Request
    from litestar.types import ExceptionHandlersMap

__all__ = [
    "Conflict",
    "Forbidden",
    "NotFound",
    "ProblemError",
    "Unauthorized",
    "Unprocessable",
    "exception_handlers",
]

logger = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"

# German title per status, used when an error does not bring its own.
_TITLES = {
    400: "Ungültige Anfrage",
    401: "Anmeldung erforderlich",
    403: "Keine Berechtigung",
    404: "Nicht gefunden",
    405: "Methode nicht erlaubt",
    409: "Konflikt",
    413: "Anfrage zu groß",
    415: "Nicht unterstütztes Format",
    422: "Eingabe nicht verarbeitbar",
    429: "Zu viele Anfragen",
    500: "Interner Fehler",
    503: "Dienst nicht verfügbar",
}
_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "unprocessable",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
}


class ProblemError(HTTPException):
    """An error the API reports as problem details; `code` is stable for clients, `detail` is German."""

    status_code = 400
    code = "bad_request"

    def __init__(
        self,
        detail: str,
        *,
        code: str | None = None,
        errors: list[dict[str, str]] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail=detail)
        self.code = code or type(self).code
        self.errors = errors or []
        self.problem_extra = extra or {}


class Unauthorized(ProblemError):
    status_code = 401
    code = "not_authenticated"


class Forbidden(ProblemError):
    status_code = 403
    code = "forbidden"


class NotFound(ProblemError):
    status_code = 404
    code = "not_found"


class Conflict(ProblemError):
    status_code = 409
    code = "conflict"


class Unprocessable(ProblemError):
    status_code = 422
    code = "unprocessable"


def problem_response(
    status: int,
    detail: str,
    *,
    code: str | None = None,
    errors: list[dict[str, str]] | None = None,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    instance: str | None = None,
) -> Response[dict[str, Any]]:
    body: dict[str, Any] = {
        "type": f"https://mitwirken.example/probleme/{code or _CODES.get(status, 'error')}",
        "title": _TITLES.get(status, "Fehler"),
        "status": status,
        "detail": detail,
        "code": code or _CODES.get(status, "error"),
    }
    if instance:
        body["instance"] = instance
    if errors:
        body["errors"] = errors
    if extra:
        body.update(extra)
    return Response(content=body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _field_errors(exc: ValidationException) -> list[dict[str, str]]:
    """Litestar/msgspec validation messages as [{field, message}]."""
    found: list[dict[str, str]] = []
    extra = exc.extra if isinstance(exc.extra, list) else []
    for item in extra:
        if not isinstance(item, dict):
            continue
        key = str(item.get("key") or item.get("source") or "body")
        message = str(item.get("message", ""))
        # msgspec says "... - at `$.title`": the JSON path is the field
        if "at `$." in message:
            message, _, path = message.partition(" - at `$.")
            key = path.rstrip("`")
        found.append({"field": key, "message": message})
    return found


def _handle_validation(request: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    errors = _field_errors(exc)
    text = str(exc.detail or "")
    if "malformed" in text.lower() or "json is malformed" in text.lower() or "decode" in text.lower():
        return problem_response(400, "Der Inhalt ist kein gültiges JSON.", code="malformed_json")
    if not errors and "unsupported" in text.lower():
        return problem_response(415, "Bitte JSON senden.", code="unsupported_media_type")
    return problem_response(
        400,
        "Die Eingabe ist ungültig. Bitte prüfen Sie die markierten Felder.",
        code="validation_failed",
        errors=errors or [{"field": "body", "message": text}],
    )


def _handle_problem(request: Request[Any, Any, Any], exc: ProblemError) -> Response[Any]:
    return problem_response(exc.status_code, exc.detail, code=exc.code, errors=exc.errors, extra=exc.problem_extra)


_GERMAN_DETAIL = {
    401: "Bitte melden Sie sich an.",
    403: "Dafür fehlt Ihnen die Berechtigung.",
    404: "Die angeforderte Ressource gibt es nicht.",
    405: "Diese Methode ist hier nicht erlaubt.",
    413: "Die Anfrage ist zu groß.",
    429: "Zu viele Anfragen – bitte kurz warten.",
}


def _handle_http(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    status = exc.status_code
    detail = str(exc.detail or "")
    if status == 403 and "csrf" in detail.lower():
        return problem_response(403, "Sicherheitstoken (CSRF) fehlt oder ist ungültig.", code="csrf_failed")
    if status == 400 and isinstance(exc.__cause__, SerializationException):
        return problem_response(400, "Der Inhalt ist kein gültiges JSON.", code="malformed_json")
    if status >= 500:
        logger.error("server error: %s", detail)
    german = _GERMAN_DETAIL.get(status) or detail or _TITLES.get(status, "Fehler")
    return problem_response(status, german, headers=exc.headers)


def _handle_not_found(request: Request[Any, Any, Any], exc: NotFoundException) -> Response[Any]:
    return problem_response(404, _GERMAN_DETAIL[404])


def _is_unique_violation(exc: Exception) -> bool:
    name = type(exc).__name__
    return name == "UniqueViolationError" or (name == "IntegrityError" and "UNIQUE" in str(exc))


def _is_unstorable_value(exc: Exception) -> bool:
    """Input the database refuses: integers beyond its range (ids like 10**20), NUL characters (PostgreSQL)."""
    return isinstance(exc, OverflowError | PostgresDataError)


def _handle_unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    if _is_unique_violation(exc):
        # a concurrent request created the same thing first; the service's own check lost the race
        return problem_response(409, "Das gibt es bereits.", code="already_exists")
    if isinstance(exc, UnicodeDecodeError):
        # msgspec raises this (not a DecodeError) for invalid UTF-8 inside a JSON string
        if "json" in request.headers.get("content-type", ""):
            return problem_response(400, "Der Inhalt ist kein gültiges JSON.", code="malformed_json")
        return problem_response(400, "Die Anfrage ist nicht gültig UTF-8-kodiert.", code="invalid_encoding")
    if _is_unstorable_value(exc):
        logger.warning("value refused by the database on %s %s: %s", request.method, request.url.path, exc)
        return problem_response(
            400,
            "Die Anfrage enthält einen Wert, der nicht gespeichert werden kann "
            "(zu große Zahl oder unzulässiges Zeichen).",
            code="invalid_value",
        )
    logger.exception("unhandled error on %s %s", request.method, request.url.path)
    return problem_response(
        HTTP_500_INTERNAL_SERVER_ERROR,
        "Ein unerwarteter Fehler ist aufgetreten. Bitte später erneut versuchen.",
    )


exception_handlers: ExceptionHandlersMap = {
    ProblemError: _handle_problem,
    ValidationException: _handle_validation,
    NotFoundException: _handle_not_found,
    HTTPException: _handle_http,
    Exception: _handle_unexpected,
}
