"""HTTP layer: one blueprint per resource."""
from . import articles, comments, health, profiles, tags, users


def register_blueprints(app) -> None:
    for module in (users, profiles, articles, comments, tags, health):
        app.register_blueprint(module.bp)
