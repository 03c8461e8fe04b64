"""The doctrine: what the engine reads from a plan's words, and its rules, declared once.

- :mod:`impp.doctrine.words`: the words planners use (owners, standard tasks,
  the IMPP's moments), as patterns;
- :mod:`impp.doctrine.facts`: the facts the rules read, stated in the plan or
  inferred from its words, each inference with its reading;
- :mod:`impp.doctrine.registry`: every rule (code, severity, passage, phase,
  function), which the analysis runs and the docs list.
"""
