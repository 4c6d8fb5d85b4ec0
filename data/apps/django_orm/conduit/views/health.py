from __future__ import annotations

from ..services import HealthService
from .common import methods, respond


def _health_check(request):
    HealthService().check()
    return respond({"status": "ok"})


health_check = methods(GET=_health_check)
