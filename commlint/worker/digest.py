"""The hash the worker's client uses, without loading OpenSSL.

``import hashlib`` loads ``_hashlib`` (OpenSSL): 2-25 ms here, a fifth of a warm
``commlint`` run. ``hashlib.blake2b`` is CPython's own ``_blake2.blake2b``, so the client
takes it from there and pays nothing; elsewhere it comes from ``hashlib`` as usual.
"""
from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - another Python implementation
    from hashlib import blake2b

__all__ = ["blake2b"]
