"""Plans the report tests render: a small one with confidential items."""

from __future__ import annotations

from typing import Any

#: Text only the confidential items of SECRET_PLAN hold; none may reach a document
#: rendered for an unclassified reader.
SECRETS = ("Zebra Night", "Okapi route", "Heron cell", "Lynx redeploy", "Marabou")

SECRET_PLAN = """\
mission: {id: sm, name: Mission Sigma, country: Sigmaland, reference_event: signed,
          objective: Keep the peace in Sigmaland.}
events:
  - {id: signed, name: Agreement signed, date: 2026-06-01}
  - {id: night_move, name: Zebra Night, sensitivity: confidential}
tasks:
  - {id: tam, name: Technical assessment mission, duration: 10, owner: ITF}
  - {id: lynx, name: Lynx redeploy, duration: 5, sensitivity: confidential}
constraints:
  - {id: tam_within_14, name: TAM within 14 days of the signing, from: signed, to: tam.start,
     max_days: 14, kind: criterion, source: "Sigma directive, Criteria for success (1)"}
  - {id: secret_deadline, name: Marabou deadline, from: signed, to: night_move,
     max_days: 30, kind: criterion, sensitivity: confidential, source: "Annex X"}
actors:
  - {id: crc, name: Regional partner, type: regional organization, description: Helps.}
  - {id: heron, name: Heron cell, type: armed group, sensitivity: confidential}
assumptions:
  - {id: consent, name: Consent of the parties, text: All parties consent to a UN presence.}
  - {id: quiet, name: Okapi route stays open, text: Okapi route stays open all year.,
     sensitivity: confidential}
risks:
  - {id: spoilers, name: Spoilers, text: Spoilers act., likelihood: medium, impact: high}
"""


def words(data: Any) -> str:
    """Every string in some nested data, joined (for 'appears anywhere' checks)."""
    if isinstance(data, str):
        return data
    if isinstance(data, dict):
        return " ".join(words(v) for v in data.values())
    if isinstance(data, list | tuple):
        return " ".join(words(v) for v in data)
    return ""
