"""Monitoring and performance assessment (CPAS): observations, quarterly
assessments, benchmarks over time, transition triggers and IATI results.

The Comprehensive Performance Assessment System "generates quarterly
performance assessments" in large missions and feeds adjustments back into
plans (mission-leadership ch. 2); the Mission Plan carries "triggers and
benchmarks for initiating transition and exit planning" (IMPP guidelines
§3.1.3). Here one chain runs from the plan's indicators to their data
(:mod:`impp.monitoring.observations`), the assessment of a period
(:mod:`impp.monitoring.assess`) and the IATI activity file
(:mod:`impp.monitoring.iati`).
"""
