"""The prescriptive cues of the coverage audit: THE one list of them.

A cue is a word or phrase that often signals a prescription (someone says an
actor should, must, needs to … do something) or a reported demand or
expectation. The audit flags every sentence holding a cue; the coder then codes
it or waives it with a reason. Cues are deliberately broad: a false alarm
costs a one-line waiver, a missed prescription costs the corpus its
completeness.

Every pattern is case-insensitive, anchored at word boundaries, and lets any
whitespace run separate the words of a phrase. When cues overlap, the one
listed first wins ("need of the hour" before "need(s)"), so each place in a
sentence is reported once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Cue:
    """A named prescriptive cue: its compiled pattern and what it catches."""

    name: str
    pattern: re.Pattern[str]
    description: str


@dataclass(frozen=True)
class CueMatch:
    """One cue found in a text, at ``[start, end)`` of that text."""

    cue: str
    start: int
    end: int
    matched: str


def _cue(name: str, pattern: str, description: str) -> Cue:
    return Cue(name, re.compile(r"\b" + pattern.replace(" ", r"\s+") + r"\b", re.IGNORECASE), description)


CUES: tuple[Cue, ...] = (
    _cue("need of the hour", r"need of the hour", "'X is the need of the hour': a demand (strength must)."),
    _cue("pressing need", r"pressing need", "'X is a pressing need': a demand (strength must)."),
    _cue("must", r"must(?:n['’]t)?", "must / must not / mustn't: the strongest modal (strength must)."),
    _cue("should", r"should(?:n['’]t)?", "should / should not / shouldn't (strength should)."),
    _cue("ought to", r"ought(?:n['’]t)? (?:not )?to", "ought to / ought not to (strength should)."),
    _cue("need(s) to", r"needs? (?:not )?to", "need to / needs to / need not to (strength must)."),
    _cue("needs", r"needs?", "'Pakistan needs a clear stance', 'the policy needs an urgent review': need with an object."),
    _cue("needed", r"needed", "'is needed', 'are needed', 'a mandate is needed to …' (strength must)."),
    _cue("has/have to", r"(?:has|have|having) (?:first )?to", "has to / have to / would first have to (a demand or a condition)."),
    _cue("essential", r"essential", "'X is essential to …' (strength must)."),
    _cue("crucial", r"crucial", "'dialogue is crucial' (strength must); also descriptive uses, to be waived."),
    _cue("vital", r"vital", "'it is vital that …' (strength must)."),
    _cue("imperative", r"imperative", "'it is imperative that …' (strength must); the plural noun is not a cue."),
    _cue("necessary", r"(?:un)?necessary", "'is necessary', 'unnecessary' (strength must)."),
    _cue("require", r"requir(?:e|es|ed|ing|ement|ements)", "'Pakistan requires policymakers who …', 'is required'."),
    _cue("demand", r"demand(?:s|ed|ing)?", "demand / demanded / demands of protesters or armed groups (reported demands are coded)."),
    _cue("urge", r"urg(?:e|es|ed|ing)", "urge / urged / urging (the adjective 'urgent' is not a cue)."),
    _cue("call on/for", r"call(?:s|ed|ing)? (?:on|upon|for)", "called on the government to …, calls for …"),
    _cue("expect", r"expect(?:s|ed|ing|ation|ations)?", "'is expected to increase …': a reported expectation (strength expected)."),
    _cue("warn", r"warn(?:s|ed|ing|ings)?", "warned Islamabad not to …: a warning against a course of action."),
    _cue("recommend", r"recommend(?:s|ed|ing|ation|ations)?", "recommend / recommendation."),
    _cue("advise", r"advi(?:ce|se|ses|sed|sing)", "advice / advise / advised."),
    _cue("suggest", r"suggest(?:s|ed|ing)?", "'the situation suggests the government revisit …'."),
    _cue("insist", r"insist(?:s|ed|ing)?", "insist(ed) on / that."),
    _cue("propose", r"propos(?:e|es|ed|ing|al|als)", "propose / proposal."),
    _cue("appeal", r"appeal(?:s|ed|ing)? (?:to|for)", "appealed to / appeals for."),
    _cue("can/could play a role", r"(?:can|could|may|might) play", "'big economies can play effective roles' (strength could)."),
    _cue(
        "responsibility falls on",
        r"responsibilit(?:y|ies) (?:falls?|lies|lie|rests?) (?:on|upon|with)",
        "'a heavy responsibility falls on the UN to …' ('claimed responsibility' is not a cue).",
    ),
    _cue("it is time", r"(?:it is|it['’]s) (?:high )?time (?:to|for)", "'it is time to …'."),
    _cue("rule out", r"rul(?:e|es|ed|ing) out", "'did not rule out unilateral action': a stated option or threat."),
    _cue("vow", r"vow(?:s|ed|ing)?", "'vowed to crack down': a stated commitment (strength expected)."),
)
"""Every cue, most specific first. Edit here, and only here."""


ANY_CUE = re.compile("|".join(f"(?:{cue.pattern.pattern})" for cue in CUES), re.IGNORECASE)
"""Matches where any cue does: one scan tells that a text (most sentences) holds none."""


def find_cues(text: str) -> list[CueMatch]:
    """Every cue in ``text``, in text order; a place covered by an earlier-listed cue is not reported again."""
    if ANY_CUE.search(text) is None:
        return []
    taken = bytearray(len(text))  # 1 where an earlier-listed cue already matched: linear, however many cues a text holds
    found: list[CueMatch] = []
    for cue in CUES:
        for match in cue.pattern.finditer(text):
            start, end = match.span()
            if taken.find(1, start, end) != -1:
                continue
            taken[start:end] = b"\x01" * (end - start)
            found.append(CueMatch(cue.name, start, end, match.group(0)))
    return sorted(found, key=lambda item: (item.start, item.end))


def cue_names(text: str) -> tuple[str, ...]:
    """Names of the cues in ``text``, each once, in order of first appearance."""
    return tuple(dict.fromkeys(match.cue for match in find_cues(text)))
