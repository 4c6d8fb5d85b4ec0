"""Newman's JSON report: the same requests as its CSV report of the same run, plus each assertion's error."""

from __future__ import annotations

import shutil
from pathlib import Path

from rootcause import classify
from rootcause.readers.newman_csv import read_newman_csv
from rootcause.readers.newman_json import parse_newman_json, read_newman_json
from rootcause.readers.study import read_run_folder

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NEWMAN = FIXTURES / "newman"
# The CSV and JSON reporters' output of one real newman 6.2.2 run (tests/fixtures/newman/MANIFEST.yaml).
CSV = NEWMAN / "newman-run-report-2026-11-22-03-43-22-318-0.csv"
JSON = NEWMAN / "newman_report.json"
RUN = FIXTURES / "study/results/node/mini_swe_sdk/gpt-5-mini/express-openapi-sqlite/2026-03-02T09-30-00/run_0"


def test_json_report_gives_the_csv_reports_requests():
    from_json, from_csv = read_newman_json(JSON), read_newman_csv(CSV)
    key = lambda r: (r.name, r.method, r.status, r.failed, r.expected_status)  # noqa: E731
    assert [key(r) for r in from_json] == [key(r) for r in from_csv]
    assert sum(r.failed for r in from_json) == 16


def test_json_report_keeps_each_failed_assertions_error():
    current_user = next(r for r in read_newman_json(JSON) if r.name == "Current User")
    assert current_user.messages[0] == "Response code is 200"  # the name, as the CSV gives it
    assert "expected response to have status code 200 but got 401" in current_user.messages
    assert "expected { Object (errors) } to have property 'user'" in current_user.messages


def test_a_request_without_response_counts_as_failed():
    report = {
        "run": {
            "executions": [
                {
                    "item": {"name": "Login"},
                    "request": {"method": "POST", "url": {"protocol": "http", "host": ["localhost"], "port": "3000", "path": ["api", "users", "login"]}},
                    "requestError": {"code": "ECONNREFUSED", "message": "connect ECONNREFUSED 127.0.0.1:3000"},
                    "assertions": [],
                }
            ]
        }
    }
    (login,) = parse_newman_json(report)
    assert (login.status, login.failed, login.url) == (None, 1, "http://localhost:3000/api/users/login")
    assert login.messages == ("ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:3000",)


def test_classify_reads_a_json_report_alone():
    assert classify(JSON, model=None).loc[0, "root_cause"] == "auth.config"


def test_the_study_reader_prefers_the_json_report(tmp_path):
    run = tmp_path / "run_0"
    shutil.copytree(RUN, run)
    shutil.copy(JSON, run / "newman-run-report.json")
    record = read_run_folder(run)
    assert record.metadata["newman_report"].endswith("newman-run-report.json")
    assert any("expected response to have status code" in m for r in record.requests for m in r.messages)
