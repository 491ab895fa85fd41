"""`python -m svccheck` runs the command-line interface."""

from svccheck.cli.app import main

raise SystemExit(main())
