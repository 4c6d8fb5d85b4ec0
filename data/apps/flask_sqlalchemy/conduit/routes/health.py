from __future__ import annotations

from flask import Blueprint, jsonify

from ..db import get_session
from ..services import HealthService

bp = Blueprint("health", __name__, url_prefix="/api")


@bp.get("/health-check")
def health_check():
    HealthService(get_session()).check()
    return jsonify({"status": "ok"}), 200
