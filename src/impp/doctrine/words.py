"""The words planners use, as the doctrine reads them: owners, standard tasks, moments.

Patterns only, no plan: :mod:`impp.doctrine.facts` applies them and says,
for each fact it reads, which words it read it from. A pattern errs on the
side of not matching: a fact left unread becomes a question to the planner,
a fact misread becomes a wrong finding.

>>> classify_owner("Mission DDR section / UNDP")
('mission', 'Mission DDR section')
>>> classify_owner("DPKO Office of Military Affairs")
('hq', 'DPKO Office of Military Affairs')
>>> standard_task("Disarmament and demobilization of armed groups")
'ddr'
>>> sorted(topics("Planning of support to the electoral process") & topics("Elections held"))
['a vote']
"""

from __future__ import annotations

import re

#: A component in words, for messages.
COMPONENT_WORDS = {
    "mission": "the mission (its civilian part)", "military": "the military component",
    "police": "the police component", "support": "mission support",
    "hq": "UN headquarters", "unct": "the UN country team",
    "national": "the national authorities", "partner": "a partner organisation",
}
PART_WORDS = {"mission": "The mission", "military": "The military component",
              "police": "The police component", "support": "Mission support"}


def _re(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(" + "|".join(alternatives) + r")\b", re.I)


#: Owner words per component, in the order they are tried on each named owner
#: (``DPKO Office of Military Affairs`` is headquarters before it is military).
OWNERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("hq", _re(r"dpko", r"dfs", r"dpa", r"dppa", r"dosa", r"itf", r"imtf", r"task force",
               r"secretariat", r"un ?hq", r"un headquarters", r"new york", r"usg",
               r"under-secretary-general", r"department of \w+", r"pbso",
               r"office of military affairs", r"police division", r"planning team at hq")),
    ("support", _re(r"mission support", r"support component", r"dms", r"director of mission "
                    r"support", r"chief of mission support", r"logistics base")),
    ("police", _re(r"police", r"unpol", r"fpus?", r"formed police units?",
                   r"police commissioner")),
    ("military", _re(r"military", r"force", r"forces", r"troops?", r"battalions?",
                     r"peacekeepers", r"contingents?", r"infantry", r"engineers?",
                     r"blue helmets", r"force commander", r"sector commands?")),
    ("unct", _re(r"unct", r"undp", r"unhcr", r"iom", r"ocha", r"unicef", r"wfp", r"who",
                 r"unfpa", r"unmas", r"ohchr", r"un women", r"unops", r"fao", r"unesco",
                 r"country team", r"humanitarian country team", r"agenc(y|ies)",
                 r"rc/hc", r"resident coordinator", r"humanitarian coordinator")),
    ("mission", _re(r"mission", r"mission's", r"srsg", r"dsrsg", r"special representative",
                    r"civil affairs", r"electoral (division|section|unit|component)",
                    r"ddr (section|unit|division)", r"human rights (component|section)",
                    r"political affairs", r"public information")),
    ("national", _re(r"government", r"national", r"ministry", r"ministries", r"parliament",
                     r"electoral commission", r"authorities", r"parties", r"state",
                     r"transitional (government|council)")),
    ("partner", _re(r"african union", r"au", r"ecowas", r"sadc", r"igad", r"eu",
                    r"european union", r"nato", r"osce", r"regional", r"observers?",
                    r"coalition", r"ngos?", r"donors?", r"world bank", r"imf",
                    r"organi[sz]ation of")),
)
#: Owners that are no one's component: the process's own bodies.
_COUNCIL = _re(r"security council", r"general assembly", r"member states", r"fifth committee",
               r"acabq", r"secretary-general")


def classify_owner(owner: str) -> tuple[str, str] | None:
    """The component of the first named owner impp recognises, and that owner's words.

    Owners are split on ``/``, ``,``, ``;``, `` and `` and `` with ``; ``external``
    for the process's own bodies (the Council), ``None`` when no part is recognised.

    >>> classify_owner("Security Council")
    ('external', 'Security Council')
    >>> classify_owner("Kingdom of Nowhere") is None
    True
    >>> classify_owner("Military / Mission support")
    ('military', 'Military')
    """
    for part in re.split(r"\s*(?:/|,|;|\band\b|\bwith\b|\+)\s*", owner):
        part = part.strip()
        if not part:
            continue
        if _COUNCIL.search(part):
            return "external", part
        for component, pattern in OWNERS:
            if pattern.search(part):
                return component, part
    return None


#: Standard mandate tasks, from a task's name.
_TASKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("hq_establishment", re.compile(
        r"\b(establish\w*|set(ting)?[ -]?up|start[ -]?up|open\w*)\b.*\b(headquarters|hq)\b|"
        r"\b(headquarters|hq)\b.*\b(establish\w*|set[ -]?up|start[ -]?up|opened)\b", re.I)),
    ("technical_survey", _re(r"technical (assessment|survey)( mission)?", r"tam")),
    ("ddr", _re(r"ddr", r"disarm\w*", r"demobili[sz]\w*", r"cantonment")),
    ("return", re.compile(r"\b(return|resettle\w*|repatriat\w*)\b.*\b(idps?|refugees?|"
                          r"displaced)\b|\b(idps?|refugees?|displaced)\b.*\b(return\w*|"
                          r"resettle\w*|repatriat\w*)\b", re.I)),
    ("electoral", _re(r"elect\w*", r"ballot\w*", r"voter\w*", r"referend\w*")),
    ("transition", _re(r"transition\w*", r"hand-?over", r"re-?hat\w*",
                       r"transfer of authority", r"take-?over")),
    ("deployment", re.compile(r"\b(deploy\w*|build-?up|induction)\b", re.I)),
)


def standard_task(name: str) -> str | None:
    """The standard mandate task a name reads as, if any (the first that matches)."""
    for kind, pattern in _TASKS:
        if pattern.search(name):
            return kind
    return None


_PARTS = {"military": _re(r"military", r"force", r"troops?", r"battalions?", r"peacekeep\w*",
                          r"contingents?", r"operating capabilit\w*"),
          "police": _re(r"police", r"fpus?")}


def mentions(name: str, part: str) -> bool:
    """True when ``name`` names that part of the mission."""
    pattern = _PARTS.get(part)
    return bool(pattern and pattern.search(name))


#: Unit types (as plans write them, lower case, substrings) per part of the mission.
MILITARY_UNIT_TYPES = ("infantry", "military", "battalion", "armour", "cavalry", "aviation",
                       "engineer", "force", "mechani", "reconnaissance")
POLICE_UNIT_TYPES = ("police", "fpu")

#: A task that prepares something.
PREPARATION = _re(r"plan\w*", r"prepar\w*", r"support to", r"support for", r"readiness",
                  r"ready", r"arrangements? for", r"logistics for", r"security for")
ELECTION = _re(r"elect\w*", r"polls?", r"polling", r"vot\w*", r"referend\w*")

#: What events and tasks are about, by the words that say it.
_TOPICS: dict[str, re.Pattern[str]] = {
    "a vote": ELECTION,
    "a census": _re(r"census\w*"),
    "a transfer of authority": _re(r"transfer of authority", r"hand-?over", r"take-?over",
                                   r"re-?hat\w*"),
    "a withdrawal": _re(r"withdraw\w*", r"draw-?down", r"drawdown", r"exit"),
    "a conference": _re(r"conference", r"summit", r"round ?table", r"pledg\w*"),
    "an inauguration": _re(r"inaugurat\w*", r"swearing[- ]in", r"installation of"),
    "a peace agreement": _re(r"peace agreement", r"signing", r"accord"),
}


def topics(name: str) -> set[str]:
    """What a name is about, among the topics an event can be prepared for."""
    return {topic for topic, pattern in _TOPICS.items() if pattern.search(name)}


#: Moments of the IMPP (``impp process`` lists them) by the words of an event's
#: name, with words that rule a match out.
MOMENTS: tuple[tuple[str, re.Pattern[str], re.Pattern[str] | None], ...] = (
    ("sg_strategic_directive_issued",
     re.compile(r"strategic planning directive", re.I), None),
    ("usg_planning_directive_issued",
     re.compile(r"\b(usg|under-secretary|dpko|dppa|dosa)\b.*planning directive|"
                r"planning directive.*\b(issued|promulgat\w*)", re.I),
     re.compile(r"strategic planning directive|revised", re.I)),
    ("sg_report_submitted",
     re.compile(r"secretary[- ]general'?s? report|report of the secretary[- ]general", re.I),
     re.compile(r"draft\w*|prepar\w*", re.I)),
    ("mandate_adopted",
     re.compile(r"(resolution|security council|council)\b.*\b(establish\w*|mandat\w*|"
                r"authori[sz]\w*)|mandate (adopted|resolution|given)", re.I),
     re.compile(r"readiness|intention|renew\w*|extend\w*|previous|prior", re.I)),
    ("srsg_nominated",
     re.compile(r"\b(srsg|special representative|head of mission)\b.*\b(appoint\w*|"
                r"nominat\w*|named|designat\w*)|\b(appoint\w*|nominat\w*)\b.*\b(srsg|"
                r"special representative|head of mission)\b", re.I),
     re.compile(r"directive", re.I)),
    ("srsg_directive_issued",
     re.compile(r"directive to the (srsg|special representative|head of mission)|"
                r"(srsg|special representative)'?s? directive", re.I), None),
    ("validation_exercise_started",
     re.compile(r"validat\w*", re.I), None),
    ("mission_plan_adopted",
     re.compile(r"mission plan\b.*\b(adopt\w*|approv\w*|endorse\w*|final\w*)|"
                r"(adopt\w*|approv\w*)\b.*\bmission plan|assum\w* (operational )?planning "
                r"responsibilit\w*", re.I),
     re.compile(r"draft", re.I)),
)


def moment_name(moment: str) -> str:
    """The moment's name from the process catalogue, starting lower case."""
    from impp.process.catalogue import load_process

    name = load_process().moment(moment).name
    return "t" + name[1:] if name.startswith("The ") else name
