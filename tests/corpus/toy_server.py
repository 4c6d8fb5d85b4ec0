"""A tiny Conduit server for testing the contract suite (stdlib only).

Right: register, login, current user, update user, tags.
Deliberately wrong: GET /api/articles leaves out "articlesCount"; POST /api/articles
crashes with a real sqlite3 error (no such table) and a traceback in the log; every other
route (feed, single article, favorites, comments, profiles) is missing and answers 404.

    python toy_server.py PORT
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import sqlite3
import sys
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SECRET = b"toy-secret"
USERS: dict[str, dict] = {}  # email -> user


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make_token(email: str) -> str:
    head = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = _b64(json.dumps({"sub": email}).encode())
    sig = _b64(hmac.new(SECRET, f"{head}.{body}".encode(), hashlib.sha256).digest())
    return f"{head}.{body}.{sig}"


def read_token(header: str | None) -> str | None:
    if not header or not header.startswith("Token "):
        return None
    try:
        head, body, sig = header[len("Token ") :].split(".")
    except ValueError:
        return None
    good = _b64(hmac.new(SECRET, f"{head}.{body}".encode(), hashlib.sha256).digest())
    if not hmac.compare_digest(good, sig):
        return None
    padded = body + "=" * (-len(body) % 4)
    return json.loads(base64.urlsafe_b64decode(padded)).get("sub")


def user_json(user: dict) -> dict:
    return {"user": {**{k: user[k] for k in ("email", "username", "bio", "image")}, "token": make_token(user["email"])}}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _send(self, status: int, payload: dict) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> dict:
        length = int(self.headers.get("Content-Length") or 0)
        try:
            return json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            return {}

    def _current(self) -> dict | None:
        email = read_token(self.headers.get("Authorization"))
        return USERS.get(email) if email else None

    def _not_found(self) -> None:
        self._send(404, {"errors": {"body": [f"no route for {self.command} {self.path}"]}})

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/api/tags":
            self._send(200, {"tags": []})
        elif path == "/api/user":
            user = self._current()
            self._send(200, user_json(user)) if user else self._send(401, {"errors": {"body": ["unauthorized"]}})
        elif path == "/api/articles":
            self._send(200, {"articles": []})  # wrong: no articlesCount
        else:
            self._not_found()

    def do_POST(self) -> None:
        path = self.path.split("?", 1)[0]
        body = self._body().get("user") or {}
        if path == "/api/users":
            if not all(isinstance(body.get(k), str) and body[k] for k in ("email", "username", "password")) or body["email"] in USERS:
                self._send(422, {"errors": {"body": ["invalid user"]}})
                return
            USERS[body["email"]] = {"email": body["email"], "username": body["username"], "password": body["password"], "bio": None, "image": None}
            self._send(201, user_json(USERS[body["email"]]))
        elif path == "/api/users/login":
            user = USERS.get(body.get("email"))
            if user and user["password"] == body.get("password"):
                self._send(200, user_json(user))
            else:
                self._send(401, {"errors": {"body": ["invalid credentials"]}})
        elif path == "/api/articles":
            try:
                sqlite3.connect(":memory:").execute("INSERT INTO articles (title) VALUES (?)", ("x",))
            except sqlite3.OperationalError:
                traceback.print_exc()
                sys.stderr.flush()
                self._send(500, {"errors": {"body": ["internal server error"]}})
        else:
            self._not_found()

    def do_PUT(self) -> None:
        if self.path.split("?", 1)[0] == "/api/user":
            user = self._current()
            if not user:
                self._send(401, {"errors": {"body": ["unauthorized"]}})
                return
            changes = self._body().get("user") or {}
            user.update({k: v for k, v in changes.items() if k in ("bio", "image", "username")})
            self._send(200, user_json(user))
        else:
            self._not_found()

    def do_DELETE(self) -> None:
        self._not_found()


def main() -> None:
    port = int(sys.argv[1])
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print(f"toy server listening on 127.0.0.1:{port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
