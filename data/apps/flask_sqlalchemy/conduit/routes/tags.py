from __future__ import annotations

from flask import Blueprint, jsonify

from ..db import get_session
from ..services import TagService

bp = Blueprint("tags", __name__, url_prefix="/api")


@bp.get("/tags")
def list_tags():
    return jsonify({"tags": TagService(get_session()).list()}), 200
