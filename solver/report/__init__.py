"""A self-contained HTML report of a studied scenario: build, frontier, sweep, what-ifs and sources.
`render(report_data(study))` is the page; nothing here solves."""

from .data import report_data
from .html import render

__all__ = ["render", "report_data"]
