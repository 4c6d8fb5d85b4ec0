"""Moved to :mod:`rootcause.records` ("model" also named the classifier and the LLM column); this
name stays importable and is the same module."""

import sys

from rootcause import records as _records

sys.modules[__name__] = _records
