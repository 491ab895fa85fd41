"""`python -m svccheck` runs the command-line interface."""

from svccheck.cli.app import main

# Guarded: a worker process started afresh (sheets/parallel.py, spawn) may import the main
# module again under another name, and must not run the command a second time.
if __name__ == "__main__":
    raise SystemExit(main())
