from functools import wraps

from flask import g, jsonify, request

from conduit.errors import ServiceError
from conduit.services.auth_service import decode_token


def auth_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        header = request.headers.get("Authorization", "")
        user_id = decode_token(header.removeprefix("Token ").strip()) if header else None
        if user_id is None:
            return jsonify({"errors": {"body": ["unauthorized"]}}), 401
        g.user_id = user_id
        return view(*args, **kwargs)

    return wrapper


def error_response(error: ServiceError):
    return jsonify(error.to_dict()), error.status_code
