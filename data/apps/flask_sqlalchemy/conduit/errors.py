"""Domain errors and their mapping to HTTP error bodies.

Every error body has the shape {"errors": {"body": ["message", ...]}}.
"""
from __future__ import annotations


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


def register_error_handlers(app) -> None:
    from flask import jsonify
    from werkzeug.exceptions import HTTPException

    @app.errorhandler(DomainError)
    def _domain_error(err: DomainError):
        return jsonify(error_body(*err.messages)), err.status_code

    @app.errorhandler(HTTPException)
    def _http_error(err: HTTPException):
        code = err.code or 500
        if code == 400:
            # Malformed requests (e.g. unparsable JSON) are input errors.
            return jsonify(error_body("request body is not valid JSON")), 422
        return jsonify(error_body(err.description or err.name)), code

    @app.errorhandler(Exception)
    def _unexpected(err: Exception):
        app.logger.exception("unhandled error: %s", err)
        return jsonify(error_body("internal server error")), 500
