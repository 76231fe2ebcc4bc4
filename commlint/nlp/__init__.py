"""Stage 3, language analysis: the one spaCy pipeline per process, and the analysed message rules read."""
from commlint.nlp.spacy_import import defer_cli

defer_cli()  # before any module here imports spaCy
