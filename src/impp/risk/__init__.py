"""Schedule risk: the odds of meeting each criterion for success.

Monte Carlo simulation of the plan's schedule network (uncertain durations,
risk events, seasons, correlation groups), vectorised over samples by a
numba kernel, in chunks of bounded memory, on this machine or a Dask cluster,
with identical results for the same seed.

The numba kernel loads only when a plan is simulated, not when a result
is read (importing numba alone costs about half a second).
"""

from impp.risk.network import Network, compile_plan
from impp.risk.result import CheckRisk, Distribution, DriverRisk, EventRisk, RiskResult
from impp.risk.simulate import sample_times, simulate

__all__ = [
    "CheckRisk",
    "Distribution",
    "DriverRisk",
    "EventRisk",
    "Network",
    "RiskResult",
    "compile_plan",
    "sample_times",
    "simulate",
]
