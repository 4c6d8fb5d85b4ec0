from __future__ import annotations

from flask import Blueprint, jsonify

from ..db import get_session
from ..services import UserService
from .common import current_user, json_body, user_json

bp = Blueprint("users", __name__, url_prefix="/api")


@bp.post("/users")
def register():
    user = UserService(get_session()).register(json_body())
    return jsonify({"user": user_json(user)}), 201


@bp.post("/users/login")
def login():
    user = UserService(get_session()).login(json_body())
    return jsonify({"user": user_json(user)}), 200


@bp.get("/user")
def get_current_user():
    me = current_user()
    return jsonify({"user": user_json(UserService(get_session()).current(me))}), 200


@bp.put("/user")
def update_current_user():
    me = current_user()
    user = UserService(get_session()).update(me, json_body())
    return jsonify({"user": user_json(user)}), 200
