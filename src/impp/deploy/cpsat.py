"""OR-Tools' CP-SAT module, imported without pandas until pandas is needed.

``ortools.sat.python.cp_model`` imports pandas at the top, for its
``*_series`` helpers (variables indexed by a ``pandas.Index``), which impp
never calls; pandas alone took 0.4 s of every cold ``impp plan``. So the
module is imported here with a stand-in that carries the two names its type
hints read at import time (``Index`` and ``Series``); after the import its
``pd`` is a proxy that imports the real pandas on first use, so those helpers
still work (a test calls one). Should a later OR-Tools read anything else
of pandas while importing, the stand-in is dropped and the module imported
as it is.

Every module of impp that builds a CP-SAT model imports ``cp_model`` from here.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

_NAME = "ortools.sat.python.cp_model"


class _LazyPandas(types.ModuleType):
    """``pandas``, imported on first attribute use."""

    def __getattr__(self, name: str) -> Any:
        import pandas  # type: ignore[import-untyped]

        return getattr(pandas, name)


def _load() -> types.ModuleType:
    if _NAME in sys.modules or "pandas" in sys.modules:
        return importlib.import_module(_NAME)
    stand_in = types.ModuleType("pandas")
    stand_in.Index = type("Index", (), {})  # type: ignore[attr-defined]
    stand_in.Series = type("Series", (), {})  # type: ignore[attr-defined]
    sys.modules["pandas"] = stand_in
    try:
        module = importlib.import_module(_NAME)
    except Exception:
        sys.modules.pop(_NAME, None)
        sys.modules.pop("pandas", None)
        return importlib.import_module(_NAME)
    finally:
        if sys.modules.get("pandas") is stand_in:
            del sys.modules["pandas"]
    module.pd = _LazyPandas("pandas")  # type: ignore[attr-defined]
    return module


if TYPE_CHECKING:
    from ortools.sat.python import cp_model
else:
    cp_model = _load()

__all__ = ["cp_model"]
