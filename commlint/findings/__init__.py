"""Stage 5, findings: the frozen values rules produce, and what is done to them afterwards."""
from commlint.findings.model import Applicability, Finding, Fix, Severity

__all__ = ["Applicability", "Finding", "Fix", "Severity"]
