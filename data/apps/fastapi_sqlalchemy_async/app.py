"""Conduit API entry point: application factory + `python app.py` / `uvicorn app:app` runner."""
from __future__ import annotations

import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI

from conduit import auth, db
from conduit.config import Config
from conduit.errors import register_error_handlers
from conduit.routes import register_routers


def create_app(config: Config | None = None) -> FastAPI:
    config = config or Config.from_env()
    auth.configure(config)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        await db.init_db(config.database_url, echo=config.sql_echo)  # create_all
        try:
            yield
        finally:
            await db.dispose_db()

    app = FastAPI(title="Conduit API", lifespan=lifespan)
    register_error_handlers(app)
    register_routers(app)
    return app


logging.basicConfig(level=logging.INFO)
app = create_app()


def main() -> None:
    import uvicorn

    config = Config.from_env()
    uvicorn.run(app, host=config.host, port=config.port)


if __name__ == "__main__":
    main()
