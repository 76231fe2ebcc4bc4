"""The audit report for support leads: one self-contained HTML file (``commlint report``)."""
from commlint.output.report.data import report_data, trend_of
from commlint.output.report.html import render_report

__all__ = ["render_report", "report_data", "trend_of"]
