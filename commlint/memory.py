"""Give freed memory back to the system.

glibc's allocator keeps memory that Python, spaCy, thinc and Harper have freed for later
use, in holes between live blocks, and returns none of it by itself: after the model's
working arrays of one batch are freed, tens of megabytes stay resident and the next
batch's arrays land elsewhere. ``release`` asks glibc to return every free page now
(``malloc_trim``); it costs a few milliseconds, so it is called after one-off loads and
after each batch of documents, not per segment. Elsewhere (macOS, musl) it does nothing.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import functools
from typing import Callable


@functools.cache
def _trim() -> Callable[[int], int] | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim
    except (OSError, AttributeError):
        return None


def release() -> None:
    """Return the allocator's free memory to the system, where the platform allows it."""
    trim = _trim()
    if trim is not None:
        trim(0)
