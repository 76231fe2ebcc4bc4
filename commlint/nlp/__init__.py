"""Stage 3, language analysis: the one spaCy pipeline per process, and the analysed message rules read."""
