"""Plan files in and out (YAML), with file:line errors."""

from impp.io.yaml_io import dump_plan, load_plan, load_plan_text

__all__ = ["dump_plan", "load_plan", "load_plan_text"]
