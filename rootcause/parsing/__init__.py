"""Pure text parsers: log lines, tracebacks, HTTP lines, test-runner output, patches, trajectories.

Each module turns text into the records of :mod:`rootcause.records` and depends on nothing but
:mod:`rootcause.records`, :mod:`rootcause.errors` and its siblings here. Readers use them to build
RunRecords, evidence uses them to build Facts, and the static analysis uses the patch and
trajectory parsers to rebuild a run's code, so none of those stages imports another to parse.
"""

import importlib
import sys

#: Modules that lived elsewhere before this package: ``old dotted name -> module here``. Their old
#: names stay importable (the same module object), for code written against them.
MOVED = {
    "rootcause.readers._io": "io",
    "rootcause.readers.testoutput": "test_output",
    "rootcause.evidence.text": "lines",
    **{f"rootcause.evidence.{name}": name for name in ("frames", "http", "python_tb", "node_errors", "pytest_sections", "shapes", "patch", "trajectory")},
}


def alias_moved(package: str) -> None:
    """Register the moved modules that used to live in ``package`` under their old names."""
    parent = sys.modules[package]
    for old, new in MOVED.items():
        head, _, name = old.rpartition(".")
        if head == package:
            module = importlib.import_module(f"{__name__}.{new}")
            sys.modules.setdefault(old, module)
            setattr(parent, name, module)
