"""Conduit API entry point: application factory + `python app.py` runner."""
from __future__ import annotations

from flask import Flask

from conduit import auth, db
from conduit.config import Config
from conduit.errors import register_error_handlers
from conduit.routes import register_blueprints


def create_app(config: Config | None = None) -> Flask:
    config = config or Config.from_env()
    app = Flask(__name__)
    app.config["CONDUIT"] = config
    app.json.sort_keys = False
    app.url_map.strict_slashes = False
    auth.configure(config)
    db.init_db(config.database_url, echo=config.sql_echo)
    db.init_app(app)
    register_error_handlers(app)
    register_blueprints(app)
    return app


def main() -> None:
    config = Config.from_env()
    app = create_app(config)
    app.run(host=config.host, port=config.port, threaded=True, debug=False, use_reloader=False)


if __name__ == "__main__":
    main()
