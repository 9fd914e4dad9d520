"""``python -m generator`` is the ``dealroom`` command."""

import sys

from generator.cli import main

sys.exit(main())
