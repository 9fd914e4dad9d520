"""``dealroom publish`` with its critical moments slowed down, for the kill tests.

    python tests/publish_worker.py PUBLISH-ARGUMENTS...

Runs the real command, but pauses right after the revision is recorded and
after every file written into ``v<N>/`` or made current, so that a test
killing it at a random moment often lands between recording and the last
file, where a publish is the most fragile.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator import cli  # noqa: E402
from generator.publishing import folders, publish  # noqa: E402

PAUSE_SECONDS = 0.3


def slowly(function):
    def slowed(*args, **kwargs):
        result = function(*args, **kwargs)
        time.sleep(PAUSE_SECONDS)
        return result
    return slowed


publish.record = slowly(publish.record)
folders.write_atomically = slowly(folders.write_atomically)

if __name__ == "__main__":
    sys.exit(cli.main(["publish", *sys.argv[1:]]))
