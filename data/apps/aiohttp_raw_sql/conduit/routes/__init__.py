"""HTTP layer: one module of handlers per resource, plus the route table."""
from __future__ import annotations

from aiohttp import web

from . import articles, comments, health, profiles, tags, users

ROUTE_TABLE = [*users.ROUTES, *profiles.ROUTES, *articles.ROUTES, *comments.ROUTES, *tags.ROUTES, *health.ROUTES]


def register_routes(app: web.Application) -> None:
    app.add_routes(ROUTE_TABLE)
