"""The IMPP as data, and the checks of where a plan stands in it."""

from impp.process.catalogue import DecisionPoint, Level, Process, load_process

__all__ = ["DecisionPoint", "Level", "Process", "load_process"]
