"""Stage 2, the document model: what a reader makes of a source (segments with offset maps, kinds, skipped regions)."""
