"""A self-contained HTML report of a scenario's answer: build, frontier, sweep, what-ifs and sources."""
from .data import report_data
from .html import build_report, render

__all__ = ["build_report", "render", "report_data"]
