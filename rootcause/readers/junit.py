"""JUnit XML reports (pytest ``--junitxml``, Jest, Mocha...), read with junitparser."""

from __future__ import annotations

import os
from xml.etree.ElementTree import ParseError

from junitparser import Error, Failure, JUnitXml, Skipped, TestSuite

from rootcause.errors import InputError
from rootcause.parsing.io import read_text_strict
from rootcause.records import TestResult


def read_junit(path: str | os.PathLike[str]) -> list[TestResult]:
    """Every test case of the report; failures and errors keep message and text."""
    read_text_strict(path)  # size, binary and encoding checks with a clear error
    try:
        xml = JUnitXml.fromfile(str(path))
    except (ParseError, ValueError) as exc:
        raise InputError(f"not valid JUnit XML: {exc}", path=str(path)) from exc
    # Older junitparser gives a TestSuite for a <testsuite> root; newer versions wrap it in a JUnitXml.
    suites: list[TestSuite] = [xml] if isinstance(xml, TestSuite) else list(xml)
    results: list[TestResult] = []
    for suite in suites:
        for case in suite:
            outcome, message, details = "passed", None, None
            for item in case.result:
                if isinstance(item, (Failure, Error)):
                    outcome = "failed" if isinstance(item, Failure) else "error"
                    message, details = item.message, item.text
                elif isinstance(item, Skipped):
                    outcome, message = "skipped", item.message
            name = f"{case.classname}::{case.name}" if case.classname else case.name
            results.append(TestResult(name=name, outcome=outcome, message=message, details=details, path=case._elem.get("file")))
    return results
