"""Settings for the whole test run (tests and doctests alike).

Analyses are cached on disk (``impp.cache``): the run keeps its own cache
in a fresh folder, so it never reads a result that an earlier run, or the
user's own ``impp``, left behind, and never writes to the user's cache.
Within the run the cache is shared, as it is between commands.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

_FOLDER = tempfile.mkdtemp(prefix="impp-test-cache-")
os.environ["IMPP_CACHE_DIR"] = _FOLDER
atexit.register(shutil.rmtree, _FOLDER, ignore_errors=True)
# Who acts in the store comes from IMPP_USER: never the caller's.
os.environ.pop("IMPP_USER", None)
