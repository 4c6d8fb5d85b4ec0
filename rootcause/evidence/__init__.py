"""Evidence extraction: turn a RunRecord's text into facts rules can read."""

from rootcause.evidence.facts import Facts, LogLine, extract_facts
from rootcause.parsing import alias_moved
from rootcause.parsing.frames import ExceptionInfo, Frame

alias_moved(__name__)  # rootcause.evidence.frames, .http, ... now live in rootcause.parsing

__all__ = ["ExceptionInfo", "Facts", "Frame", "LogLine", "extract_facts"]
