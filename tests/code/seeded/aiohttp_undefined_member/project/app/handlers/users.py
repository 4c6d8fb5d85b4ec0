from aiohttp import web

from app.handlers.utils import json_error
from app.services import user_service


async def register(request):
    payload = (await request.json()).get("user", {})
    if not payload.get("email"):
        return json_error(422, "email is required")
    user = user_service.register_user(payload["username"], payload["email"], payload["password"])
    return web.json_response({"user": {"username": user.username, "email": user.email, "token": str(user.id)}}, status=201)


async def get_profile(request):
    try:
        profile = user_service.get_profile(request.match_info["username"])
    except user_service.UserNotFound:
        return json_error(404, "profile not found")
    return web.json_response({"profile": profile.__dict__})
