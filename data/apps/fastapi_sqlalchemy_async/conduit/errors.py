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


def error_response(status_code: int, *messages: str):
    from fastapi.responses import JSONResponse

    return JSONResponse(error_body(*messages), status_code=status_code)


def register_error_handlers(app) -> None:
    import logging

    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException as StarletteHTTPException

    log = logging.getLogger("conduit")

    @app.exception_handler(DomainError)
    async def _domain_error(_request, err: DomainError):
        return error_response(err.status_code, *err.messages)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request, err: RequestValidationError):
        messages = []
        for e in err.errors():
            loc = ".".join(str(p) for p in e.get("loc", ()) if p not in ("body", "query", "path"))
            messages.append(f"{loc} {e.get('msg', 'is invalid')}".strip())
        return error_response(422, *(messages or ["invalid input"]))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request, err: StarletteHTTPException):
        code = err.status_code or 500
        if code == 400:
            # Malformed requests (e.g. unparsable JSON) are input errors.
            return error_response(422, "request body is not valid JSON")
        detail = err.detail if isinstance(err.detail, str) else "error"
        return error_response(code, detail)

    @app.exception_handler(Exception)
    async def _unexpected(_request, err: Exception):
        log.exception("unhandled error: %s", err)
        return error_response(500, "internal server error")
