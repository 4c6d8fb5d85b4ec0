"""pyspec: auth.config situations (public routes behind auth, CSRF, cookies, JWT issue/verify mismatches)."""

from __future__ import annotations

from _pyspec_kit import AIOHTTP, DJANGO_SINGLE, FLASK, HARNESS_PY, PYTEST, STRUCTLOG_SETUP, UVICORN, case, d, django_single, run, serve, with_server

LOGIN_TEST = '''
    import requests
    from harness import expect_status, main, test, url

    CREDS = {"user": {"email": "jake@jake.jake", "password": "jakejake"}}


    def login(s=requests):
        r = s.post(url("/api/users/login"), json=CREDS)
        expect_status(r, 200, "POST /api/users/login")
        return r.json()["user"]["token"]
'''

# --------------------------------------------------------------------------------------------------
case(
    id="pyspec-flask-before-request-blocks-public-list",
    label="auth.config.public_route",
    shape="werkzeug",
    source="https://app.studyraid.com/fr/read/14935/515037/protecting-routes-with-login-requirements",
    source_kind="blog",
    cause="A before_request hook that requires a login for every endpoint except an allow-list also locks the "
          "routes that should stay public when they are missing from that list.",
    rationale="The spec leaves GET /api/articles and GET /api/tags public; app.py's require_token hook only exempts "
              "login and register, so both answer 401 (werkzeug logs the 401s) for an anonymous client.",
    make=serve({
        "app.py": d('''
            from flask import Flask, g, jsonify, request

            app = Flask(__name__)
            TOKENS = {"jwt-jake": "jake"}
            ARTICLES = [{"slug": "how-to-train-your-dragon", "title": "How to train your dragon", "tagList": ["dragons"]}]
            PUBLIC_ENDPOINTS = {"login", "register"}


            @app.before_request
            def require_token():
                if request.endpoint in PUBLIC_ENDPOINTS:
                    return None
                token = request.headers.get("Authorization", "").removeprefix("Token ").strip()
                g.user = TOKENS.get(token)
                if g.user is None:
                    return jsonify(errors={"body": ["authentication required"]}), 401
                return None


            @app.post("/api/users/login")
            def login():
                return jsonify(user={"username": "jake", "token": "jwt-jake"})


            @app.post("/api/users")
            def register():
                return jsonify(user={"username": "new", "token": "jwt-new"}), 201


            @app.get("/api/articles")
            def list_articles():
                return jsonify(articles=ARTICLES, articlesCount=len(ARTICLES))


            @app.get("/api/tags")
            def tags():
                return jsonify(tags=sorted({t for a in ARTICLES for t in a["tagList"]}))
        '''),
    }, FLASK, [{"path": "/api/articles"}, {"path": "/api/tags"}]),
    libraries=("flask",), framework="flask",
    expect=r'GET /api/articles HTTP/1\.1\S{0,8}" 401', code=("app.py",),
)

# --------------------------------------------------------------------------------------------------
case(
    id="pyspec-django-csrf-origin-checking-failed",
    label="auth.config",
    shape="harness-lines",
    source="https://openillumi.com/?p=89705",
    source_kind="blog",
    cause="Since Django 4.0 the CSRF middleware also compares the Origin header with the host; a front end served "
          "from another origin (another port) is refused unless it is listed in CSRF_TRUSTED_ORIGINS.",
    rationale="The SPA client on http://localhost:5173 fetches the CSRF token and sends it back, but app.py keeps "
              "CsrfViewMiddleware without CSRF_TRUSTED_ORIGINS; runserver logs 'Forbidden (Origin checking failed "
              "...)' and the harness prints 'Expected 201 but got 403'.",
    make=with_server({
        "app.py": django_single('''
            import json  # noqa: E402

            from django.http import JsonResponse  # noqa: E402
            from django.middleware.csrf import get_token  # noqa: E402
            from django.urls import path  # noqa: E402

            ARTICLES = []


            def csrf(request):
                return JsonResponse({"csrfToken": get_token(request)})


            def articles(request):
                if request.method == "POST":
                    data = json.loads(request.body)["article"]
                    ARTICLES.append(data)
                    return JsonResponse({"article": data}, status=201)
                return JsonResponse({"articles": ARTICLES, "articlesCount": len(ARTICLES)})


            urlpatterns = [path("api/csrf", csrf), path("api/articles", articles)]
        ''', middleware=("django.middleware.common.CommonMiddleware", "django.middleware.csrf.CsrfViewMiddleware")),
        "harness.py": HARNESS_PY,
        "test_api.py": d('''
            import requests
            from harness import expect_status, main, test, url

            FRONTEND = "http://localhost:5173"


            @test
            def create_article_from_spa():
                s = requests.Session()
                token = s.get(url("/api/csrf"), headers={"Origin": FRONTEND}).json()["csrfToken"]
                r = s.post(url("/api/articles"), json={"article": {"title": "Dragons", "body": "..."}},
                           headers={"X-CSRFToken": token, "Origin": FRONTEND})
                expect_status(r, 201, "POST /api/articles from the SPA")

            main()
        '''),
    }, DJANGO_SINGLE, "python test_api.py"),
    libraries=("django", "requests"), framework="django",
    expect=r"Origin checking failed", code=("app.py",),
)

# --------------------------------------------------------------------------------------------------
case(
    id="pyspec-fastapi-secure-samesite-cookie-over-http",
    label="auth.config",
    shape="uvicorn",
    source="https://openillumi.com/?p=49158",
    source_kind="blog",
    cause="A cookie set with Secure (required for SameSite=None) is only sent back over HTTPS; a client talking "
          "plain http stores it but never returns it, so the session looks absent.",
    rationale="main.py's login sets the token cookie with secure=True, samesite='none'; the harness's requests "
              "session over http:// does not send it, so GET /api/user answers 401 (uvicorn logs 200 then 401).",
    make=with_server({
        "main.py": d('''
            from fastapi import Cookie, FastAPI, HTTPException, Response
            from pydantic import BaseModel

            app = FastAPI()
            SESSIONS = {}


            class Credentials(BaseModel):
                email: str
                password: str


            class LoginBody(BaseModel):
                user: Credentials


            @app.post("/api/users/login")
            def login(body: LoginBody, response: Response):
                if body.user.password != "jakejake":
                    raise HTTPException(status_code=401, detail="invalid credentials")
                token = "sess-" + body.user.email
                SESSIONS[token] = {"email": body.user.email, "username": "jake"}
                response.set_cookie("session", token, httponly=True, secure=True, samesite="none")
                return {"user": SESSIONS[token]}


            @app.get("/api/user")
            def current_user(session: str | None = Cookie(default=None)):
                if session not in SESSIONS:
                    raise HTTPException(status_code=401, detail="not authenticated")
                return {"user": SESSIONS[session]}
        '''),
        "harness.py": HARNESS_PY,
        "test_api.py": d('''
            import requests
            from harness import expect_status, main, test, url


            @test
            def login_then_current_user():
                s = requests.Session()
                r = s.post(url("/api/users/login"), json={"user": {"email": "jake@jake.jake", "password": "jakejake"}})
                expect_status(r, 200, "POST /api/users/login")
                expect_status(s.get(url("/api/user")), 200, "GET /api/user with the session cookie")

            main()
        '''),
    }, UVICORN, "python test_api.py"),
    libraries=("fastapi", "uvicorn", "requests"), framework="fastapi",
    expect=r"Expected 200 but got 401 for GET /api/user", code=("main.py",),
)

# --------------------------------------------------------------------------------------------------
case(
    id="pyspec-aiohttp-pyjwt-int-subject",
    label="auth.config.token_issue",
    shape="aiohttp",
    source="https://pyjwt.readthedocs.io/en/stable/changelog.html",
    source_kind="docs",
    cause="PyJWT 2.10 validates the registered 'sub' claim and rejects a token whose subject is not a string, so "
          "tokens minted with a numeric user id no longer decode.",
    rationale="app.py signs {'sub': user['id']} with an int id; its auth middleware logs 'token rejected: Subject "
              "must be a string' and answers 401, so the harness's GET /api/user right after login fails.",
    make=with_server({
        "app.py": d('''
            import datetime
            import logging
            import os

            import jwt
            from aiohttp import web

            logging.basicConfig(level=logging.INFO, format="%(levelname)s:%(name)s:%(message)s")
            log = logging.getLogger("conduit.auth")
            SECRET = "conduit-secret"
            USERS = {1: {"id": 1, "email": "jake@jake.jake", "username": "jake", "password": "jakejake"}}


            def make_token(user):
                exp = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)
                return jwt.encode({"sub": user["id"], "exp": exp}, SECRET, algorithm="HS256")


            @web.middleware
            async def auth_middleware(request, handler):
                request["user"] = None
                header = request.headers.get("Authorization", "")
                if header.startswith("Token "):
                    try:
                        claims = jwt.decode(header[6:], SECRET, algorithms=["HS256"])
                        request["user"] = USERS.get(claims["sub"])
                    except jwt.InvalidTokenError as exc:
                        log.warning("token rejected: %s", exc)
                return await handler(request)


            async def login(request):
                creds = (await request.json())["user"]
                user = next((u for u in USERS.values() if u["email"] == creds["email"]), None)
                if user is None or user["password"] != creds["password"]:
                    return web.json_response({"errors": {"body": ["invalid credentials"]}}, status=401)
                return web.json_response({"user": {"email": user["email"], "username": user["username"], "token": make_token(user)}})


            async def current_user(request):
                user = request["user"]
                if user is None:
                    return web.json_response({"errors": {"body": ["unauthorized"]}}, status=401)
                return web.json_response({"user": {"email": user["email"], "username": user["username"]}})


            app = web.Application(middlewares=[auth_middleware])
            app.router.add_post("/api/users/login", login)
            app.router.add_get("/api/user", current_user)

            if __name__ == "__main__":
                web.run_app(app, host="127.0.0.1", port=int(os.environ["PORT"]))
        '''),
        "harness.py": HARNESS_PY,
        "test_api.py": d(LOGIN_TEST) + d('''

            @test
            def current_user_after_login():
                token = login()
                r = requests.get(url("/api/user"), headers={"Authorization": f"Token {token}"})
                expect_status(r, 200, "GET /api/user")

            main()
        '''),
    }, AIOHTTP, "python test_api.py"),
    libraries=("aiohttp", "pyjwt"), framework="aiohttp",
    expect=r"Subject must be a string", code=("app.py",),
)

# --------------------------------------------------------------------------------------------------
case(
    id="pyspec-fastapi-bearer-prefix-not-stripped",
    label="auth.config.token_scheme",
    shape="structlog-json",
    source="https://hashnode.com/posts/sample-jwt-auth-in-nodejs/61d1d55c0cfc5655c18469eb/comment/61d22f7c0413645f5c7be8fe",
    source_kind="blog",
    cause="The Authorization header carries a scheme word before the token ('Bearer <jwt>'); the server has to split "
          "it off before verifying, otherwise the whole header value is parsed as a JWT and fails.",
    rationale="main.py passes request.headers['Authorization'] straight to jwt.decode; the structlog JSON log shows "
              "auth_failed with a DecodeError and the harness reports 'Expected 200 but got 401' for GET /api/user.",
    make=with_server({
        "main.py": STRUCTLOG_SETUP + d('''

            import datetime

            import jwt
            from fastapi import Depends, FastAPI, HTTPException, Request
            from pydantic import BaseModel

            SECRET = "conduit-secret"
            app = FastAPI()


            class Credentials(BaseModel):
                email: str
                password: str


            class LoginBody(BaseModel):
                user: Credentials


            def current_user(request: Request) -> dict:
                token = request.headers.get("Authorization", "")
                try:
                    claims = jwt.decode(token, SECRET, algorithms=["HS256"])
                except jwt.InvalidTokenError as exc:
                    log.warning("auth_failed", path=request.url.path, error=f"{type(exc).__name__}: {exc}")
                    raise HTTPException(status_code=401, detail="invalid token")
                return {"email": claims["sub"], "username": "jake"}


            @app.post("/api/users/login")
            def login(body: LoginBody):
                exp = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)
                token = jwt.encode({"sub": body.user.email, "exp": exp}, SECRET, algorithm="HS256")
                log.info("login", email=body.user.email)
                return {"user": {"email": body.user.email, "username": "jake", "token": token}}


            @app.get("/api/user")
            def get_user(user: dict = Depends(current_user)):
                return {"user": user}
        '''),
        "harness.py": HARNESS_PY,
        "test_api.py": d(LOGIN_TEST) + d('''

            @test
            def current_user_with_bearer_token():
                token = login()
                r = requests.get(url("/api/user"), headers={"Authorization": f"Bearer {token}"})
                expect_status(r, 200, "GET /api/user")

            main()
        '''),
    }, UVICORN + " --no-access-log", "python test_api.py"),
    libraries=("fastapi", "pyjwt", "structlog"), framework="fastapi",
    expect=r'"event": "auth_failed"', code=("main.py",),
)

# --------------------------------------------------------------------------------------------------
case(
    id="pyspec-flask-x-access-token-header",
    label="auth.config.token_scheme",
    shape="pytest",
    source="https://devformatters.com/blog/jwt--JWT-Bearer-Token-Header",
    source_kind="blog",
    cause="Clients send the token in the standard Authorization header; a server that only reads a custom header "
          "(X-Access-Token and the like) never sees it and treats every request as anonymous.",
    rationale="The spec sends 'Authorization: Token <jwt>'; app.py's token_required decorator reads "
              "request.headers['x-access-token'], so the protected route answers 401 'Token is missing!' and "
              "pytest fails with 'assert 401 == 200'.",
    make=run({
        "app.py": d('''
            import datetime
            from functools import wraps

            import jwt
            from flask import Flask, g, jsonify, request

            app = Flask(__name__)
            app.config["SECRET_KEY"] = "conduit-secret"


            def token_required(view):
                @wraps(view)
                def wrapper(*args, **kwargs):
                    token = request.headers.get("x-access-token")
                    if not token:
                        return jsonify(message="Token is missing!"), 401
                    try:
                        g.user = jwt.decode(token, app.config["SECRET_KEY"], algorithms=["HS256"])["sub"]
                    except jwt.InvalidTokenError:
                        return jsonify(message="Token is invalid!"), 401
                    return view(*args, **kwargs)
                return wrapper


            @app.post("/api/users/login")
            def login():
                email = request.get_json()["user"]["email"]
                exp = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)
                token = jwt.encode({"sub": email, "exp": exp}, app.config["SECRET_KEY"], algorithm="HS256")
                return jsonify(user={"email": email, "username": "jake", "token": token})


            @app.get("/api/user")
            @token_required
            def current_user():
                return jsonify(user={"email": g.user, "username": "jake"})
        '''),
        "test_auth.py": d('''
            from app import app


            def test_current_user_with_token():
                client = app.test_client()
                token = client.post("/api/users/login", json={"user": {"email": "jake@jake.jake", "password": "jakejake"}}).get_json()["user"]["token"]
                r = client.get("/api/user", headers={"Authorization": f"Token {token}"})
                assert r.status_code == 200, r.get_json()
        '''),
    }, PYTEST),
    libraries=("flask", "pyjwt", "pytest"), framework="flask",
    expect=r"assert 401 == 200", code=("app.py",),
)

# --------------------------------------------------------------------------------------------------
case(
    id="pyspec-gunicorn-secret-generated-per-worker",
    label="auth.config.token_issue",
    shape="gunicorn",
    source="https://bmosoluciones.github.io/now-lms/blog/2025/10/10/gunicorn-session/",
    source_kind="blog",
    cause="Gunicorn forks several worker processes, each with its own memory; state created at import time in one "
          "worker (here a random signing secret) is not shared, so what one worker issued another rejects.",
    rationale="app.py sets SECRET = secrets.token_hex() at import and gunicorn runs 2 workers; a token signed by one "
              "worker fails signature checks in the other, so some GET /api/user calls answer 401 (gunicorn's "
              "access log mixes 200 and 401) and the client prints the failures.",
    make=with_server({
        "app.py": d('''
            import secrets

            import jwt
            from flask import Flask, jsonify, request

            app = Flask(__name__)
            SECRET = secrets.token_hex(32)


            @app.post("/api/users/login")
            def login():
                email = request.get_json()["user"]["email"]
                return jsonify(user={"email": email, "username": "jake", "token": jwt.encode({"sub": email}, SECRET, algorithm="HS256")})


            @app.get("/api/user")
            def current_user():
                token = request.headers.get("Authorization", "").removeprefix("Token ")
                try:
                    email = jwt.decode(token, SECRET, algorithms=["HS256"])["sub"]
                except jwt.InvalidTokenError as exc:
                    return jsonify(errors={"token": [str(exc)]}), 401
                return jsonify(user={"email": email, "username": "jake"})
        '''),
        "client.py": d('''
            import os
            from concurrent.futures import ThreadPoolExecutor

            import requests

            BASE = f"http://127.0.0.1:{os.environ['PORT']}"
            token = requests.post(BASE + "/api/users/login", json={"user": {"email": "jake@jake.jake", "password": "jakejake"}}).json()["user"]["token"]


            def fetch(i):
                r = requests.get(BASE + "/api/user", headers={"Authorization": f"Token {token}", "Connection": "close"})
                return i, r.status_code, r.text.strip()


            with ThreadPoolExecutor(8) as pool:
                results = list(pool.map(fetch, range(24)))
            bad = [(i, s, t) for i, s, t in results if s != 200]
            for i, status, text in bad[:5]:
                print(f"Expected 200 but got {status} for GET /api/user (request {i})")
                print(f"  response: {text[:200]}")
            print(f"{len(results) - len(bad)} of {len(results)} GET /api/user calls answered 200")
        '''),
    }, "exec gunicorn app:app --bind 127.0.0.1:$PORT --workers 2 --access-logfile -", "python client.py"),
    libraries=("flask", "gunicorn", "pyjwt", "requests"), framework="flask",
    expect=r'"GET /api/user HTTP/1\.1" 401', code=("app.py",),
)

# --------------------------------------------------------------------------------------------------
case(
    id="pyspec-django-jwt-exp-compared-in-ms",
    label="auth.config.token_issue",
    shape="status-line",
    source="https://toolninja.io/blog/jwt-classcasstexception-claimjwtexception",
    source_kind="blog",
    cause="JWT time claims are Unix seconds; comparing exp with a millisecond clock (time.time() * 1000) makes every "
          "freshly issued token look expired.",
    rationale="app.py issues exp in seconds but its auth helper checks payload['exp'] < time.time() * 1000, so "
              "GET /api/user right after login answers 401 'token expired' (runserver logs 'Unauthorized: /api/user').",
    make=with_server({
        "app.py": django_single('''
            import json  # noqa: E402
            import time  # noqa: E402

            import jwt  # noqa: E402
            from django.http import JsonResponse  # noqa: E402
            from django.urls import path  # noqa: E402
            from django.views.decorators.csrf import csrf_exempt  # noqa: E402

            SECRET = "conduit-jwt-secret"
            TOKEN_TTL = 60 * 60


            @csrf_exempt
            def login(request):
                email = json.loads(request.body)["user"]["email"]
                token = jwt.encode({"sub": email, "exp": int(time.time()) + TOKEN_TTL}, SECRET, algorithm="HS256")
                return JsonResponse({"user": {"email": email, "username": "jake", "token": token}})


            def authenticate(request):
                token = request.headers.get("Authorization", "").removeprefix("Token ")
                payload = jwt.decode(token, SECRET, algorithms=["HS256"], options={"verify_exp": False})
                if payload["exp"] < time.time() * 1000:
                    return None, "token expired"
                return payload["sub"], None


            def current_user(request):
                email, error = authenticate(request)
                if error:
                    return JsonResponse({"errors": {"token": [error]}}, status=401)
                return JsonResponse({"user": {"email": email, "username": "jake"}})


            urlpatterns = [path("api/users/login", login), path("api/user", current_user)]
        '''),
        "client.py": d('''
            import os

            import requests

            BASE = f"http://127.0.0.1:{os.environ['PORT']}"
            r = requests.post(BASE + "/api/users/login", json={"user": {"email": "jake@jake.jake", "password": "jakejake"}})
            print(f"POST /api/users/login -> {r.status_code} {r.reason}")
            token = r.json()["user"]["token"]
            r = requests.get(BASE + "/api/user", headers={"Authorization": f"Token {token}"})
            print(f"GET /api/user -> {r.status_code} {r.reason}")
            print(r.text)
        '''),
    }, DJANGO_SINGLE, "python client.py"),
    libraries=("django", "pyjwt", "requests"), framework="django",
    expect=r"GET /api/user -> 401 Unauthorized", code=("app.py",),
)
