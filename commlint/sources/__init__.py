"""Readers: turn raw input into text and the text into prose segments."""
from commlint.sources.decode import decode_text
from commlint.sources.plain import plain_segments

__all__ = ["decode_text", "plain_segments"]
