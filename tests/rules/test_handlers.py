"""The statements that answered a refused request, read from the run's code (never run)."""

from __future__ import annotations

from rootcause.evidence.facts import extract_facts
from rootcause.records import RunRecord
from rootcause.rules.handlers import answering_sites, declared_routes, url_path

APP = """from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/register")
def register():
    data = request.get_json()
    if request.content_type != "application/json":
        return jsonify({"error": "Content-Type must be application/json"}), 400
    if len(data.get("password", "")) < 8:
        return jsonify({"error": "Password must be at least 8 characters"}), 400
    return jsonify({"ok": True}), 201
"""


def _refused(output: str):
    facts = extract_facts(RunRecord(id="r", files={"app.py": APP}, test_output=output))
    (request,) = facts.failing_requests
    return answering_sites(facts, request)


def test_every_statement_of_the_route_that_answers_the_status():
    sites = _refused("Expected 201 but got 400 for POST /register\n")
    assert [(s.line, s.kind) for s in sites] == [(10, "body"), (12, "validation")]


def test_the_message_the_client_saw_names_the_statement():
    sites = _refused('Expected 201 but got 400 for POST /register\n{"error": "Password must be at least 8 characters"}\n')
    assert [(s.line, s.kind) for s in sites] == [(12, "validation")]


def test_declared_routes_mark_empty_handlers_and_parameters_read():
    routes = declared_routes(
        {
            "app.js": "app.get('/a/:slug', (req, res) => {\n  // TODO\n});\napp.get('/b/:id', (req, res) => res.json({ id: req.params.id }));\n",
            "app.py": '@app.get("/c")\ndef c():\n    """Later."""\n',
        }
    )
    assert [(r.route, r.empty, r.params_read) for r in routes] == [("/a/:slug", True, ()), ("/b/:id", False, ("id",)), ("/c", True, None)]


def test_url_path_reads_a_newman_url_and_falls_back_to_a_name():
    assert url_path("http://127.0.0.1:52673/api/users/login?x=1") == "/api/users/login"
    assert url_path("https://api.example.test") == "/"
    assert url_path("GET /api/tags") == "/api/tags"
    assert url_path("Register") is None
