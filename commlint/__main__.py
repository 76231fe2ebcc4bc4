"""The ``commlint`` command (and ``python -m commlint``): a check goes to the warm worker
when one can serve it, decided before click or the engine is imported; everything else,
and every check the worker cannot serve, runs in this process (docs/worker.md)."""
import sys


def run() -> None:
    """The console entry point."""
    from commlint.worker.client import run_check

    code = run_check(sys.argv[1:])
    if code is not None:
        sys.exit(code)
    from commlint.cli import main

    main()


if __name__ == "__main__":
    run()
