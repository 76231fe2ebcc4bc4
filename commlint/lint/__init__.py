"""Orchestration: find inputs, read them, lint them (cached, in one process or several)."""
