"""Fixtures of the deployment tests: a small deployment plan and the PSPLIB data."""

from __future__ import annotations

from pathlib import Path

import pytest

PSPLIB = Path(__file__).resolve().parents[3] / "shared" / "data" / "psplib"

#: Day 0 is 2026-06-01; the wet season (06-01 to 06-20) closes roads for days 0-19.
SMALL_DEPLOYMENT = """\
mission: {id: small, name: Small mission}
events:
  - {id: resolution, name: Resolution, date: 2026-06-01}
seasons:
  - {id: wet, name: Wet season, start: "06-01", end: "06-20", closes_roads: true}
locations:
  - {id: home, name: Home port}
  - {id: port, name: Port of entry}
  - {id: camp, name: Camp}
lift:
  - {id: jets, name: Jets, count: 1, capacity_tonnes: 50, turnaround_days: 2}
  - {id: helos, name: Helicopters, count: HELOS, tonnes_per_day: 10, cost_per_extra: 5}
  - {id: trucks, name: Trucks, count: 1, tonnes_per_day: 200}
routes:
  - {id: air, name: Air, from: home, to: port, mode: air, days: 1, lift: [jets]}
  - {id: road, name: Road, from: port, to: camp, mode: road, days: 2, lift: [trucks]}
  - {id: heli, name: Heli, from: port, to: camp, mode: air, days: 1, lift: [helos]}
units:
  - {id: hq, name: HQ, personnel: 100, cargo_tonnes: 10, embarkation: home, destination: port}
  - {id: bn, name: Battalion, personnel: 200, cargo_tonnes: 30, embarkation: home,
     destination: camp, ready_day: 1}
milestones:
  - {id: ioc, name: IOC, from: resolution, units: [hq], max_days: 5}
  - {id: foc, name: FOC, from: resolution, event: resolution_foc, max_days: 10}
"""


@pytest.fixture
def small_deployment() -> str:
    """A two-unit deployment whose camp can only be reached by air for 20 days."""
    return SMALL_DEPLOYMENT.replace("HELOS", "2").replace(", event: resolution_foc", "")


@pytest.fixture(scope="session")
def psplib() -> Path:
    """The PSPLIB folder (skips when the shared data are not there)."""
    if not PSPLIB.exists():
        pytest.skip(f"PSPLIB data not found at {PSPLIB} (a clone without ../shared)")
    return PSPLIB
