"""``python -m commlint`` runs the command line."""
from commlint.cli import main

main()
