"""Domain errors, the middleware that maps them to HTTP, and the JSON error handlers.

Every error body has the shape {"errors": {"body": ["message", ...]}}.
"""
from __future__ import annotations

import logging

from django.http import JsonResponse

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


def error_response(status: int, *messages: str) -> JsonResponse:
    return JsonResponse(error_body(*messages), status=status)


class ErrorMiddleware:
    """Turns exceptions raised by a view into JSON error responses.

    The view runs inside the request transaction (ATOMIC_REQUESTS), so the exception has
    already rolled it back when process_exception sees it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exc):
        if isinstance(exc, DomainError):
            return error_response(exc.status_code, *exc.messages)
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(500, "internal server error")


# handlers named in conduit_project/urls.py ------------------------------------------------
def bad_request(request, exception=None):
    return error_response(400, "bad request")


def permission_denied(request, exception=None):
    return error_response(403, "forbidden")


def not_found(request, exception=None):
    return error_response(404, "not found")


def server_error(request):
    return error_response(500, "internal server error")
