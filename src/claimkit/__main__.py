"""``python -m claimkit``: the command line."""

from claimkit.cli import main

raise SystemExit(main())
