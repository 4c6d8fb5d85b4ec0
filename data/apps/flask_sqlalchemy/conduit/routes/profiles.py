from __future__ import annotations

from flask import Blueprint, jsonify

from ..db import get_session
from ..services import UserService
from .common import current_user, optional_user, profile_json

bp = Blueprint("profiles", __name__, url_prefix="/api/profiles")


@bp.get("/<username>")
def get_profile(username: str):
    viewer = optional_user()
    profile = UserService(get_session()).get_profile(username, viewer)
    return jsonify({"profile": profile_json(profile)}), 200


@bp.post("/<username>/follow")
def follow(username: str):
    me = current_user()
    profile = UserService(get_session()).follow(me, username)
    return jsonify({"profile": profile_json(profile)}), 200


@bp.delete("/<username>/follow")
def unfollow(username: str):
    me = current_user()
    profile = UserService(get_session()).unfollow(me, username)
    return jsonify({"profile": profile_json(profile)}), 200
