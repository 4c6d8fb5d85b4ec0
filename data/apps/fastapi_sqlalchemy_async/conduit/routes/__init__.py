"""HTTP layer: one APIRouter per resource, all under /api."""
from . import articles, comments, health, profiles, tags, users


def register_routers(app) -> None:
    for module in (users, profiles, comments, articles, tags, health):
        app.include_router(module.router, prefix="/api")
