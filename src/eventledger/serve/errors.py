"""One JSON error shape for every failure, so a client needs one code path.

    {"status": 404, "error": "Not Found", "detail": "no event 'EL123'"}

400: the request is malformed (unparseable JSON, a filter value that is not a
date, a bad bbox), or its Host is not served. 401: the token is missing or
wrong. 403: a write from another origin. 404: no such event, document, job or
route. 413: the body is over the upload limit. 422: well-formed but invalid (a
missing field, a value out of range, an empty report); ``errors`` lists the
fields. 429: too many uploads from this client. 503: the upload queue is full,
or the store itself failed (disk full, damaged, read-only): the detail says
which, and what to do; ``Retry-After`` says when to try again after a full
queue or too many uploads.
"""
from __future__ import annotations

import json
import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from eventledger.store.errors import StoreFault

log = logging.getLogger(__name__)


class BadRequest(HTTPException):
    def __init__(self, detail: str) -> None:
        super().__init__(400, detail)


class NotFound(HTTPException):
    def __init__(self, detail: str) -> None:
        super().__init__(404, detail)


class Unprocessable(HTTPException):
    def __init__(self, detail: str) -> None:
        super().__init__(422, detail)


class TooManyRequests(HTTPException):
    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(429, detail, headers={"Retry-After": str(retry_after)})


class Unavailable(HTTPException):
    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(503, detail, headers={"Retry-After": str(retry_after)})


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def error_dict(status: int, detail: str, errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"status": status, "error": _phrase(status), "detail": detail}
    if errors is not None:
        body["errors"] = errors
    return body


def error_body(status: int, detail: str) -> bytes:
    return json.dumps(error_dict(status, detail)).encode()


def error_response(status: int, detail: str, errors: list[dict[str, Any]] | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_dict(status, detail, errors), status_code=status, headers=headers)


def _plain_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # pydantic's entries may hold the offending input (a whole report) and
    # exception objects; keep where and what, which is all a client can use.
    return [{"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": e.get("type", "")} for e in errors]


def _describe(errors: list[dict[str, Any]]) -> str:
    parts = []
    for e in errors[:3]:
        where = ".".join(str(p) for p in e["loc"] if p not in ("body", "query", "path"))
        parts.append(f"{where}: {e['msg']}" if where else e["msg"])
    more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
    return "; ".join(parts) + more


def install(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(_request: Request, exc: HTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else _phrase(exc.status_code)
        if exc.status_code == 404 and detail == "Not Found":
            detail = "no such page or API endpoint"
        return error_response(exc.status_code, detail, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = _plain_errors(list(exc.errors()))
        if any(e["type"] == "json_invalid" for e in errors):
            return error_response(400, "the request body is not valid JSON")
        return error_response(422, _describe(errors), errors)

    @app.exception_handler(StoreFault)
    async def store_fault(_request: Request, exc: StoreFault) -> JSONResponse:
        log.error("store fault: %s", exc)
        return error_response(503, str(exc))

    @app.exception_handler(Exception)
    async def unexpected_error(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error")
        return error_response(500, f"internal error: {type(exc).__name__}")
