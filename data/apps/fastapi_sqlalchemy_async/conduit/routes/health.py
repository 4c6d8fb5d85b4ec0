from __future__ import annotations

from fastapi import APIRouter

from ..services import HealthService
from .common import SessionDep, respond

router = APIRouter(tags=["health"])


@router.get("/health-check")
async def health_check(session: SessionDep):
    await HealthService(session).check()
    return respond({"status": "ok"})
