"""Domain errors and the middleware that maps them to HTTP error bodies.

Every error body has the shape {"errors": {"body": ["message", ...]}}.
"""
from __future__ import annotations

import logging

from aiohttp import web

log = logging.getLogger("conduit")


class DomainError(Exception):
    status_code = 500

    def __init__(self, *messages: str):
        super().__init__("; ".join(messages) if messages else self.__class__.__name__)
        self.messages = list(messages) or [self.default_message()]

    def default_message(self) -> str:
        return "unexpected error"


class ValidationError(DomainError):
    """Invalid input (422)."""

    status_code = 422

    def default_message(self) -> str:
        return "invalid input"


class AuthenticationError(DomainError):
    """Missing or invalid credentials / token (401)."""

    status_code = 401

    def default_message(self) -> str:
        return "unauthorized"


class ForbiddenError(DomainError):
    """Authenticated but not allowed to act on the resource (403)."""

    status_code = 403

    def default_message(self) -> str:
        return "forbidden"


class NotFoundError(DomainError):
    """Resource does not exist (404)."""

    status_code = 404

    def default_message(self) -> str:
        return "not found"


def error_body(*messages: str) -> dict:
    return {"errors": {"body": list(messages)}}


def error_response(status: int, *messages: str) -> web.Response:
    return web.json_response(error_body(*messages), status=status)


@web.middleware
async def error_middleware(request: web.Request, handler):
    try:
        return await handler(request)
    except DomainError as err:
        return error_response(err.status_code, *err.messages)
    except web.HTTPException as err:
        if err.status < 400:
            raise
        if err.status == 400:
            return error_response(422, "request body is not valid JSON")
        return error_response(err.status, err.reason or "error")
    except Exception:  # noqa: BLE001 - last-resort handler
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(500, "internal server error")
