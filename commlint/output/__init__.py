"""Stage 6, output: formatters (and later the fixer) that consume findings."""
