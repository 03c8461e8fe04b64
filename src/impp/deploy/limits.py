"""How long a plan's deployment may search: CP-SAT's deterministic time, in its units.

Deterministic time makes the same plan give the same schedule on any machine
and under any load. CP-SAT counts its propagation of the lift model lightly:
a unit took 13 to 17 s of one core on Carana's lift schedule and 25 s on a
deployment three times its size (the benchmarks' 2-core machine), so the
limits are small. Carana's solves are proven optimal within a fifth of them
(0.03 units at most); larger deployments stop at the limit with the best
schedule found and its bound (``feasible``), within a day or two of what
five times the limit finds (``benchmarks/deploy_scale.py``).
"""

#: The lift schedule (both phases, FOC then IOC, share it).
LIFT_SCHEDULE = 0.4
#: Each what-if (one more asset of a type).
WHAT_IF = 0.1
