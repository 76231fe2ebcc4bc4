"""``--fix``: apply fixes to the text of a document, a source's bytes, or the files of a
check run, and write them back in the source's own format (docs/fix.md)."""
from commlint.output.fix.run import FixRun, fix_inputs, unified_diff
from commlint.findings.fixes import document_fixes, fix_text
from commlint.output.fix.source import FixedSource, fix_source

__all__ = ["FixRun", "FixedSource", "document_fixes", "fix_inputs", "fix_source", "fix_text", "unified_diff"]
