"""Does an owner's name read as a person, or as a department or role?

"Procurement", "Legal team", "IT", "Head of IT" and "TBD" are not people: a
step owned by one of them has nobody who will actually do it.
"""

from __future__ import annotations

import re

GROUP_NOUNS = frozenset({
    "team", "teams", "department", "dept", "office", "committee", "group", "board",
    "staff", "division", "unit", "desk", "council", "function", "org", "organisation",
    "organization", "squad", "pod", "bu",
})
FUNCTIONS = frozenset({
    "it", "is", "legal", "procurement", "purchasing", "sourcing", "finance", "financial",
    "security", "infosec", "cybersecurity", "compliance", "privacy", "risk", "sales",
    "marketing", "engineering", "operations", "ops", "devops", "hr", "people", "accounting",
    "accounts", "payable", "management", "leadership", "executive", "executives", "exec",
    "revops", "revenue", "gtm", "customer", "client", "buyer", "vendor", "seller",
    "supplier", "admin", "administration", "support", "success", "services", "data",
    "analytics", "product", "technology", "tech", "infrastructure", "network", "helpdesk",
    "architecture", "contracts", "commercial", "business", "corporate", "general",
    "counsel", "c-suite", "csuite", "steering", "signatory", "signatories", "approver",
    "approvers", "stakeholders", "implementation", "onboarding", "professional", "ps",
})
TITLES = frozenset({
    "ceo", "cfo", "cio", "ciso", "cto", "coo", "cro", "cmo", "cpo", "chro", "vp", "svp",
    "evp", "avp", "director", "manager", "lead", "head", "officer", "chief", "owner",
    "president", "admin", "administrator", "architect", "analyst", "engineer",
    "specialist", "sponsor", "champion", "rep", "representative", "ae", "se", "csm",
})
FILLER = frozenset({"the", "of", "and", "&", "for", "our", "their", "a", "an", "to", "be", "s"})
PLACEHOLDERS = frozenset({"tbd", "tba", "tbc", "unknown", "unassigned", "someone", "anyone",
                          "nobody", "placeholder", "n/a", "na", "x", "xxx", "todo", "name"})
ALSO_NAMES = frozenset({"na", "x", "bu"})
"""Placeholders and group nouns that are also parts of people's names (Li Na,
Malcolm X, Bu Xiaolin): they only count when the whole name is made of such words."""


def reads_as_department(name: str) -> bool:
    """True when ``name`` reads as a department, a role or a placeholder."""
    words = [w for w in re.split(r"[^\w/&-]+", name.lower()) if w]
    if not words or any((w in PLACEHOLDERS or w in GROUP_NOUNS) and w not in ALSO_NAMES
                        for w in words):
        return True
    return all(w in FUNCTIONS or w in TITLES or w in FILLER or w in ALSO_NAMES for w in words)
