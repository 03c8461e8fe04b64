"""What a plan costs: by driver, by UN budget year, and the odds of staying inside it."""

from impp.cost.estimate import (
    MONTH_DAYS,
    CostEstimate,
    CostItem,
    FirstYear,
    budget_periods,
    estimate,
)

__all__ = ["MONTH_DAYS", "CostEstimate", "CostItem", "FirstYear", "budget_periods", "estimate"]
