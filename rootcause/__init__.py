"""rootcause: find out why LLM-generated backend code fails.

Reads run logs (server output, tracebacks, failed test requests, agent trajectories),
sorts each failed run into a taxonomy of root causes with rules, and returns tidy
pandas DataFrames. ``import rootcause`` stays light: pandas and the heavier libraries
load when a function needs them.
"""

from rootcause.classify import classify, diagnose, evidence_table
from rootcause.errors import InputError, InputFormatError, RootcauseError, RuleError, TaxonomyError
from rootcause.readers import read_runs
from rootcause.records import Confidence, Diagnosis, Evidence, Finding, RequestResult, RunRecord, TestResult
from rootcause.taxonomy import load_taxonomy

__version__ = "0.1.0"

__all__ = [
    "Confidence",
    "Diagnosis",
    "Evidence",
    "Finding",
    "InputError",
    "InputFormatError",
    "RequestResult",
    "RootcauseError",
    "RuleError",
    "RunRecord",
    "TaxonomyError",
    "TestResult",
    "classify",
    "diagnose",
    "evidence_table",
    "load_taxonomy",
    "read_runs",
]
