from aiohttp import web


def json_error(status, message):
    return web.json_response({"errors": {"body": [message]}}, status=status)


def current_user_id(request):
    header = request.headers.get("Authorization", "")
    token = header.removeprefix("Token ").strip()
    return int(token) if token.isdigit() else None
