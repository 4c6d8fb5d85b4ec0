from flask import Blueprint, g, jsonify, request

from conduit.errors import ServiceError
from conduit.routes import auth_required, error_response
from conduit.services.user_service import UserService

users_bp = Blueprint("users", __name__)


@users_bp.post("/users")
def register():
    data = (request.get_json(silent=True) or {}).get("user", {})
    try:
        user = UserService().register(data.get("username"), data.get("email"), data.get("password"))
    except ServiceError as error:
        return error_response(error)
    return jsonify({"user": user}), 201


@users_bp.post("/users/login")
def login():
    data = (request.get_json(silent=True) or {}).get("user", {})
    service = UserService()
    try:
        user = service.login(data.get("email"), data.get("password"))
    except ServiceError as error:
        return error_response(error)
    return jsonify({"user": user})


@users_bp.get("/user")
@auth_required
def current_user():
    try:
        user = UserService().current_user(g.user_id)
    except ServiceError as error:
        return error_response(error)
    return jsonify({"user": user})


@users_bp.put("/user")
@auth_required
def update_current_user():
    data = (request.get_json(silent=True) or {}).get("user", {})
    user = UserService().update(g.user_id, data)
    return jsonify({"user": user})
