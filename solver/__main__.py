"""`python -m solver`: the dlbuild command."""

import sys

from .cli import main

sys.exit(main())
