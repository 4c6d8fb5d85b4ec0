"""The contract suite against the toy server, run for real through ServerProcess."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import rootcause
from rootcause.corpus.contract import REQUEST_NAMES, run_exchanges, run_suite, summary_lines, to_newman_csv
from rootcause.corpus.harness import ServerProcess, free_port
from rootcause.readers.newman_csv import parse_newman_csv
from rootcause.records import RequestResult, RunRecord

TOY = Path(__file__).with_name("toy_server.py")

STUDY_ORDER = (
    "Register",
    "Login",
    "Login and Remember Token",
    "Current User",
    "Update User",
    "All Articles",
    "Articles by Author",
    "Articles Favorited by Username",
    "Articles by Tag",
    "Create Article",
    "Feed",
    "All Articles",
    "All Articles with auth",
    "Articles by Author",
    "Articles by Author with auth",
    "Single Article by slug",
    "Articles by Tag",
    "Update Article",
    "Favorite Article",
    "Articles Favorited by Username",
    "Articles Favorited by Username with auth",
    "Unfavorite Article",
    "Create Comment for Article",
    "All Comments for Article",
    "All Comments for Article without login",
    "Delete Comment for Article",
    "Delete Article",
    "Register Celeb",
    "Profile",
    "Follow Profile",
    "Unfollow Profile",
    "All Tags",
)
IMPLEMENTED = ("Register", "Login", "Login and Remember Token", "Current User", "Update User", "Register Celeb", "All Tags")
COMMENTS = ("Create Comment for Article", "All Comments for Article", "All Comments for Article without login", "Delete Comment for Article")


@pytest.fixture(scope="module")
def toy_run():
    port = free_port()
    with ServerProcess([sys.executable, str(TOY), str(port)], port=port, startup_timeout=15) as server:
        exchanges = run_exchanges(server.api_url, timeout=5.0, suffix="t1")
    return exchanges, server.log_text()


def test_requests_follow_the_study_order_and_names(toy_run):
    exchanges, _ = toy_run
    results = [e.result for e in exchanges]
    assert REQUEST_NAMES == STUDY_ORDER
    assert [r.name for r in results] == list(STUDY_ORDER)
    assert [r.position for r in results] == list(range(len(STUDY_ORDER)))
    assert all(r.expected_status in (200, 201) for r in results)
    assert results[0].expected_status == 201 and results[0].method == "POST"


def test_implemented_requests_pass(toy_run):
    exchanges, _ = toy_run
    by_name = {e.result.name: e.result for e in exchanges}
    for name in IMPLEMENTED:
        result = by_name[name]
        assert result.ok, (name, result.messages)
        assert result.status == result.expected_status
        assert result.assertions and result.assertions > 1


def test_missing_routes_fail_with_404_and_every_assertion(toy_run):
    exchanges, _ = toy_run
    results = [e.result for e in exchanges if e.result.name in COMMENTS]
    assert len(results) == 4
    for result in results:
        assert result.status == 404
        assert result.failed == result.assertions == len(result.messages)
        assert result.messages[0] == f"Response code is {result.expected_status}"
        # Create Article crashed, so the slug was never stored: Postman would send "null"
        assert "/articles/null/comments" in result.url
    assert [r.assertions for r in results] == [7, 7, 7, 1]


def test_wrong_answers_fail_the_right_assertions(toy_run):
    exchanges, _ = toy_run
    results = [e.result for e in exchanges]
    create = results[STUDY_ORDER.index("Create Article")]
    assert create.status == 500 and create.failed == create.assertions
    listing = results[STUDY_ORDER.index("All Articles")]
    assert listing.status == 200
    assert listing.messages == ('"articlesCount" is an integer',)
    assert summary_lines(results)[0] == "All Articles GET → 200: 1 failed"
    assert "Create Article POST → 500: 13 failed" in summary_lines(results)
    assert not any(line.startswith("Register ") for line in summary_lines(results))


def test_csv_round_trip(toy_run):
    exchanges, _ = toy_run
    results = [e.result for e in exchanges]
    assert parse_newman_csv(to_newman_csv(exchanges)) == results
    assert parse_newman_csv(to_newman_csv(results)) == results


def test_log_is_captured_and_classify_gives_a_diagnosis(toy_run):
    exchanges, log = toy_run
    assert "toy server listening" in log
    assert "sqlite3.OperationalError: no such table: articles" in log
    results = tuple(e.result for e in exchanges)
    record = RunRecord(id="toy/run_0", requests=results, server_log=log, newman_summary="\n".join(summary_lines(results)))
    frame = rootcause.classify(record)
    assert len(frame) == 1
    assert frame.loc[0, "root_cause"]
    assert frame.loc[0, "category"]


def test_connection_error_fails_every_assertion():
    results = run_suite(f"http://127.0.0.1:{free_port()}/api", timeout=1.0, suffix="x")
    assert [r.name for r in results] == list(STUDY_ORDER)
    assert all(r.status is None and r.failed == r.assertions and r.failed > 0 for r in results)
    assert summary_lines(results)[0] == f"Register POST → : {results[0].failed} failed"
    assert parse_newman_csv(to_newman_csv(results)) == results


def test_csv_has_the_reporter_columns():
    result = RequestResult(
        name="Feed",
        method="GET",
        status=None,
        failed=2,
        assertions=4,
        url="http://x/api/articles/feed",
        expected_status=200,
        messages=("Response code is 200", 'Response contains "articles" array'),
    )
    header = to_newman_csv([result]).splitlines()[0]
    assert (
        header
        == "iteration,collectionName,requestName,method,url,status,code,responseTime,responseSize,executed,failed,skipped,totalAssertions,executedCount,failedCount,skippedCount"
    )
    assert parse_newman_csv(to_newman_csv([result])) == [result]
