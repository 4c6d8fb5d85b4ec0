"""Evidence extraction: turn a RunRecord's text into facts rules can read."""

from rootcause.evidence.facts import Facts, LogLine, extract_facts
from rootcause.evidence.frames import ExceptionInfo, Frame

__all__ = ["ExceptionInfo", "Facts", "Frame", "LogLine", "extract_facts"]
