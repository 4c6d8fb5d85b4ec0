"""Conduit API entry point: aiohttp application factory + `python app.py` runner."""
from __future__ import annotations

import logging

from aiohttp import web

from conduit import auth
from conduit.config import Config
from conduit.db import DB_KEY, Database, db_middleware_factory
from conduit.errors import error_middleware
from conduit.routes import register_routes
from conduit.services import UserService


async def load_user(db, user_id: int):
    return await UserService(db).load(user_id)


def create_app(config: Config | None = None) -> web.Application:
    config = config or Config.from_env()
    auth.configure(config)
    # outermost first: errors -> one transaction per request -> auth (needs the transaction)
    app = web.Application(middlewares=[error_middleware, db_middleware_factory(), auth.auth_middleware])
    app[DB_KEY] = Database(config.database_url, echo=config.sql_echo)
    app[auth.USER_LOADER_KEY] = load_user

    async def _open_db(app: web.Application) -> None:
        await app[DB_KEY].connect()

    async def _close_db(app: web.Application) -> None:
        await app[DB_KEY].close()

    app.on_startup.append(_open_db)
    app.on_cleanup.append(_close_db)
    register_routes(app)
    return app


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    config = Config.from_env()
    web.run_app(create_app(config), host=config.host, port=config.port, access_log=None)


if __name__ == "__main__":
    main()
