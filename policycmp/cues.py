"""The prescriptive cues of the coverage audit: THE one list of them.

A cue is a word or phrase that often signals a prescription (someone says an
actor should, must, needs to … do something) or a reported demand or
expectation. The audit flags every sentence holding a cue; the coder then codes
it or waives it with a reason. Cues are deliberately broad: a false alarm
costs a one-line waiver, a missed prescription costs the corpus its
completeness. The cues cover modal forms ("can try", "could consider", "could
also …") and reported wishes and intentions ("wanted", "hopes that", "is
looking to") as well as the modals of obligation. Their recall and precision
are measured on labelled sentences in tests/fixtures/cues/labelled-sentences.txt;
a new cue needs labelled sentences there (tests/test_cue_recall.py checks).

Every pattern is case-insensitive (but for "may", so the month May is no modal),
anchored at word boundaries, and lets any
whitespace run separate the words of a phrase. When cues overlap, the one
listed first wins ("need of the hour" before "need(s)"), so each place in a
sentence is reported once.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from string import ascii_lowercase

from policycmp.leads import leads, lookahead


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


_MODAL = r"(?:can|could|(?-i:may)|might)"
"""can, could, may, might; 'may' only in lower case, so the month May is not a modal."""


def _cue(name: str, pattern: str, description: str) -> Cue:
    return Cue(name, re.compile(r"\b" + pattern.replace(" ", r"\s+") + r"\b", re.IGNORECASE), description)


CUES: tuple[Cue, ...] = (
    _cue("need of the hour", r"need of the hour", "'X is the need of the hour': a demand (strength must)."),
    _cue("pressing need", r"pressing need", "'X is a pressing need': a demand (strength must)."),
    _cue("must", r"must(?:n['’]t)?", "must / must not / mustn't: the strongest modal (strength must)."),
    _cue("should", r"should(?:n['’]t)?", "should / should not / shouldn't (strength should)."),
    _cue("ought to", r"ought(?:n['’]t)?", "ought to / ought not to / as it ought (strength should)."),
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
    _cue(
        "would do well to",
        r"(?:would|will) do well to|had better|(?:would|will) be (?:wise|better|prudent|advisable|sensible|best)|(?:in)?advisable",
        "'Islamabad would do well to …', 'it would be wise to …', 'it is advisable' (strength should).",
    ),
    _cue(
        "only if / unless",
        r"unless|only if|provided that|on (?:the )?condition that|(?:can|could)(?:not)? only",
        "'cooperation is impossible unless …', 'could only be tackled if …': a condition set on a course "
        "('on condition of anonymity' is not a cue).",
    ),
    _cue(
        "can/could try or consider",
        rf"{_MODAL}(?: also| still| well| first| perhaps| seriously)? (?:try|attempt|consider|explore|opt for|look (?:at|into))",
        "'Pakistan can try …', 'Islamabad could consider …' (strength could).",
    ),
    _cue(
        "can/could/may/might",
        rf"{_MODAL}(?:n['’]t|not)?(?: (?:not|also|still|well|then|perhaps|even|only|first|now|easily|further))?"
        r" (?!be\b|have\b|not\b)[a-z]+",
        "'Pakistan could also make it difficult …', 'we cannot maintain …': the modal of strength could, or a conditional "
        "warning ('could be', 'may have' and the month May are not cues).",
    ),
    _cue(
        "want",
        r"(?<!most\s)want(?:s|ed|ing)?(?! (?:posters?|lists?|notices?|persons?|m[ae]n|criminals?|terrorists?|militants?|fugitives?)\b)",
        "'the parties wanted a ceasefire', 'the government wants to …': a reported wish ('wanted posters', 'most wanted' are not cues).",
    ),
    _cue(
        "wish/hope/prefer",
        r"wish(?:es|ed|ing)?|hop(?:e|es|ed|ing) (?:to|that|for)|would like to|prefer(?:s|red|ring|ence)?",
        "'the traders hope that the crossing reopens', 'Kabul would like to …': a reported wish.",
    ),
    _cue(
        "seek/intend to",
        r"seek(?:s|ing)?|sought to|look(?:s|ed|ing)? to|intend(?:s|ed|ing)? to|plan(?:s|ned|ning) to|aim(?:s|ed|ing)? to",
        "'Islamabad is looking to address …', 'Pakistan would seek more …': a stated intention or wish.",
    ),
    _cue(
        "commit/pledge",
        r"commit(?:s|ted|ting|ment|ments)? to|pledg(?:e|es|ed|ing)|promis(?:e|es|ed|ing)",
        "'committed to using its full suite of tools', 'pledged support', 'promises made to the people': a commitment.",
    ),
    _cue("threaten", r"threat(?:en|ens|ened|ening)", "'threatened to attack' (the noun 'threat' is not a cue)."),
    _cue(
        "reject/refuse",
        r"refus(?:e|es|ed|ing|al)|reject(?:s|ed|ing|ion)|repudiat(?:e|es|ed|ing|ion)",
        "'rejected reports that Pakistan was considering talks', 'repudiated these requests': opposition to a course.",
    ),
    _cue(
        "ask/request",
        r"request(?:s|ed|ing)?|ask(?:s|ed|ing)? (?:for|that|[a-z]+ to|[a-z]+ [a-z]+ to)",
        "'asked Kabul to hand over …', 'a request for extradition': a reported demand ('asked about' is not a cue).",
    ),
    _cue("press/push for", r"(?:press|presse[sd]|push|pushe[sd]|pushing) (?:for|ahead with)", "'pressed for talks'."),
    _cue("advocate", r"advocat(?:e|es|ed|ing)", "'advocates talks', 'advocated recognition', 'advocates of dialogue'."),
    _cue(
        "encourage",
        r"encourag(?:e|es|ed)|encouraging (?:[a-z]+ ){1,2}?to",
        "'encouraged Pakistan to …': a reported recommendation (the adjective 'encouraging' is not a cue).",
    ),
    _cue(
        "endorse",
        r"endors(?:e|es|ed|ing|ement)|thr(?:ew|ow|ows|owing|own) (?:its|their|his|her) (?:full )?weight behind",
        "'endorsed the plan', 'threw its weight behind'.",
    ),
    _cue(
        "has a point / is right",
        r"(?:has|have|had) a (?:valid |fair |good )?point|(?:is|are|was|were) right (?:to|that|in)|rightly",
        "'both sides have a point', 'X is right to …': an endorsement (code it only where the endorser takes up a course).",
    ),
    _cue("has a right to", r"(?:has|have|had) (?:a|the|every) right to", "'Pakistan has a right to defend itself': support for a course."),
    _cue("open/ready/willing to", r"(?:open|ready|willing|prepared) to", "'we are still open to the ceasefire', 'ready to talk'."),
    _cue(
        "the way forward",
        r"(?:the )?way forward|the only (?:way|option|solution|course)|the best (?:way|option|course)"
        r"|no (?:other )?(?:alternative|choice|option) but",
        "'the way forward is …', 'the only option is …', 'no choice but to …'.",
    ),
    _cue("let us", r"let(?:['’]s| us)", "'let us not repeat …': an exhortation."),
    _cue("forbidden", r"forbidden|prohibit(?:s|ed|ion)?|impermissible", "'it is forbidden that any person rebel …': a ruling on a course."),
    _cue("(un)likely", r"(?:un)?likely|improbable", "'it appears unlikely that Pakistan will agree …': an unattributed forecast."),
)
"""Every cue, most specific first. Edit here, and only here."""


_SEPARATOR = "\x00"
"""Joins texts scanned together: no cue pattern can match it or see past it (see :func:`_first_cues`)."""

ANY_CUE = re.compile("|".join(f"(?:{cue.pattern.pattern})" for cue in CUES), re.IGNORECASE)
"""Matches where any cue does."""


@dataclass(frozen=True)
class _Scan:
    """Where some cue matches, and which cue matches first there (for one cue list and one set of flags).

    ``places`` finds every word start where some cue matches: a lookahead, so each word start is tried
    (overlapping places are all found). Each cue pattern starts with ``\\b``; written once in front, followed by
    a letter test, the scan costs a fraction of running every cue over the text (the groups are non-capturing,
    which keeps the engine's fast paths). ``which``, matched at one such place, has each cue's pattern as a
    capturing group of its own (the patterns have none), so its ``lastindex`` names the first-listed cue that
    matches there: the engine tries the alternatives in list order.
    """

    places: re.Pattern[str]
    which: re.Pattern[str]
    before: bool = False
    """Whether ``places`` matches the character before each place (the text to scan is then prefixed with one)."""

    @classmethod
    def build(cls, cues: tuple[Cue, ...], flags: int, letters: bool = False) -> _Scan:
        """``letters``: every cue starts with a lower-case ASCII letter, and the text is folded (:func:`_folded`).

        Then a place is a letter after a character that is not a word character (``\\b`` before a letter), and
        the scan matches that character first: the engine skips from one such character to the next without
        trying the word characters in between. When every cue's matches start with known literals
        (:func:`policycmp.leads.leads`, all letters), a lookahead of those literals comes first: most word starts
        are turned away by it, and the cue patterns are tried only where one of them can match (the same places).
        """
        boundary = r"\b"
        bodies = [cue.pattern.pattern.removeprefix(boundary) for cue in cues]
        alternatives = "|".join(f"(?:{body})" for body in bodies)
        head = boundary
        if letters:
            starts = [leads(body, flags) for body in bodies]
            known = frozenset(lead for found in starts if found is not None for lead in found)
            usable = all(found is not None for found in starts) and all(lead[0] in ascii_lowercase for lead in known)
            head = rf"[^\w](?={lookahead(known)})" if usable else r"[^\w](?=[a-z])"
        places = re.compile(rf"{head}(?=(?:{alternatives}))", flags)
        which = re.compile("|".join(f"({body})" for body in bodies), flags)
        if which.groups != len(cues):  # pragma: no cover - a cue pattern with a capturing group of its own
            raise ValueError("cue patterns must use non-capturing groups (?:...)")
        return cls(places, which, letters)


_COMPILED: dict[int, tuple[tuple[Cue, ...], _Scan, _Scan | None, frozenset[str]]] = {}


def _scans(cues: tuple[Cue, ...]) -> tuple[_Scan, _Scan | None, frozenset[str]]:
    """The scans for text as it is, and for case-folded text (:func:`_folded`), without the case-insensitive flag
    (several times faster; None if a pattern holds an upper-case letter, which folded text never matches),
    and the characters written in the patterns. Compiled on first use, for the cue list in use (looked up by
    identity: hashing the cues on every call would cost more than short texts' scans)."""
    entry = _COMPILED.get(id(cues))
    if entry is None or entry[0] is not cues:
        # Every cue starts with a lower-case letter (tests/test_coverage_equivalence.py checks), which folded text has
        # exactly where the text has a letter that re.IGNORECASE equates with it: the folded scan tries only those.
        written = frozenset(char for cue in cues for char in cue.pattern.pattern)
        lower = all(cue.pattern.pattern == cue.pattern.pattern.lower() for cue in cues) and all(
            char.isascii() or char.lower() == char == char.upper() for char in written  # no cased non-ASCII letter
        )
        folded = _Scan.build(cues, 0, letters=True) if lower else None
        entry = _COMPILED[id(cues)] = (cues, _Scan.build(cues, re.IGNORECASE), folded, written)
    return entry[1], entry[2], entry[3]


_UPPER: dict[int, int | str] = {code: code + 32 for code in range(ord("A"), ord("Z") + 1)}
_FOLDS: dict[str, str | None] = {}
"""Non-ASCII characters seen so far: the ASCII letter each equals under ``re.IGNORECASE``, itself, or None (no exact fold)."""
_ASCII = re.compile(r"[\x00-\x7f]+")
"""Runs of ASCII characters: removed, they leave the text's non-ASCII characters (one C pass, no string per character)."""
_LOWER_KEEPS: dict[tuple[str, frozenset[str]], bool] = {}
"""Non-ASCII characters seen so far: whether ``str.lower`` may change them in folded text (see :func:`_lower_keeps`)."""


def _fold_char(char: str) -> str | None:
    """The ASCII letter ``char`` matches under ``re.IGNORECASE`` ('ſ' is 's', the Kelvin sign 'k', 'İ' and 'ı' are 'i'),
    ``char`` itself when it matches none, or None when no one-letter fold is exact.

    Asked of the regular-expression engine itself, so the fold is whatever this Python's engine does: a letter
    matching exactly one ASCII letter, also matched by ``[a-z]`` and by ``\\w``, folds to it; a character matched
    by no letter and not by ``[a-z]`` stays.
    """
    if char not in _FOLDS:
        letters = [letter for letter in ascii_lowercase if re.fullmatch(letter, char, re.IGNORECASE)]
        in_class = re.fullmatch("[a-z]", char, re.IGNORECASE) is not None
        fold: str | None = None
        if not letters and not in_class:
            fold = char
        elif len(letters) == 1 and in_class and re.fullmatch(r"\w", char):
            fold = letters[0]
        _FOLDS[char] = fold
    return _FOLDS[char]


def _lower_keeps(char: str, written: frozenset[str]) -> bool:
    """Whether ``char`` (non-ASCII, folding to itself) may stand lower-cased in folded text: ``str.lower`` keeps it,
    or turns it into one non-ASCII character that also folds to itself, is not written in any cue pattern, and is
    a word character, a space and a digit exactly when ``char`` is. Either way no case-sensitive cue pattern can tell
    the two apart.
    """
    key = (char, written)
    if key not in _LOWER_KEEPS:
        # str.lower of a whole text lower-cases a capital sigma by its context (σ, or ς at the end of a word)
        lows = {char.lower(), "ς"} if char == "Σ" else {char.lower()}
        _LOWER_KEEPS[key] = lows == {char} or all(
            len(low) == 1
            and not low.isascii()
            and _fold_char(low) == low
            and char not in written
            and low not in written
            and all(bool(re.fullmatch(category, low)) == bool(re.fullmatch(category, char)) for category in (r"\w", r"\s", r"\d"))
            for low in lows
        )
    return _LOWER_KEEPS[key]


def _folded(text: str, written: frozenset[str] = frozenset()) -> str | None:
    """``text`` with every character that ``re.IGNORECASE`` equates with an ASCII letter replaced by that letter
    in lower case, the others unchanged (so every offset is kept); None when some character has no exact fold.

    A case-sensitive cue pattern (with its lower-case letters) matches the folded text exactly where the
    case-insensitive one matches ``text``, but for ``(?-i:may)``, which the folded text lets match "May" too:
    the folded scan may find more places, never fewer, and each place found is checked on ``text``. When no
    character needs more than ``str.lower`` (the usual case: curly quotes and accented letters), that is used
    instead of a character-by-character translation; ``written`` are the characters of the cue patterns, which
    lower-casing must not produce (:func:`_lower_keeps`).
    """
    if text.isascii():
        return text.lower()
    wide = set(_ASCII.sub("", text))
    table: dict[int, int | str] = {}
    lower = True
    for char in wide:
        fold = _fold_char(char)
        if fold is None:
            return None
        if fold != char:
            table[ord(char)] = fold
            lower = False
        elif lower and not _lower_keeps(char, written):
            lower = False
    if lower:
        lowered = text.lower()
        if len(lowered) == len(text):  # always, by the checks above; offsets must be kept whatever lower() does
            return lowered
    return text.translate(_UPPER | table)


def _first_cues(texts: Sequence[str]) -> list[list[Cue]]:
    """For each of ``texts``, the cues that can be reported in it, in list order.

    A cue is reported at a place only when it is the first-listed cue matching there (an earlier-listed cue that
    matches at the same place, or whose match covers it, takes the place), so the first-listed cue matching at each
    place the scan finds is all :func:`find_cues` needs to run. The scan of the folded text names the first-listed
    cue whose pattern matches there without regard to case; when that cue does not match the text itself (the month
    May), the later-listed cues are tried in order.

    The texts are scanned as one, joined by NUL characters: no cue pattern matches a NUL, and a NUL, like the
    end of a text, is neither a word character nor a space, so every place and every cue found is one the text
    alone has (the cue is checked on the text alone anyway).
    """
    cues = CUES
    plain, case_folded, written = _scans(cues)
    joined = _SEPARATOR.join(texts)
    folded = _folded(joined, written) if case_folded is not None else None
    if case_folded is None or folded is None:
        if len(texts) > 1:  # some text needs the case-insensitive scan: each on its own
            return [found for text in texts for found in _first_cues([text])]
        scan, subject = plain, joined
    else:
        scan, subject = case_folded, folded
    starts = list(accumulate((len(text) + 1 for text in texts[:-1]), initial=0))
    found: dict[int, set[int]] = {}
    # With scan.before, a NUL in front stands for the start of the text, and each match starts one character
    # before its place in the prefixed text: at the place itself in the text.
    for place in scan.places.finditer(_SEPARATOR + subject if scan.before else subject):
        start = place.start()
        number = bisect_right(starts, start) - 1
        text, offset = texts[number], start - starts[number]
        which = scan.which.match(subject, start)
        assert which is not None and which.lastindex is not None  # a cue matches here, and each is a group
        first = which.lastindex - 1
        if not cues[first].pattern.match(text, offset):
            first = next((index for index in range(first + 1, len(cues)) if cues[index].pattern.match(text, offset)), -1)
        if first >= 0:
            found.setdefault(number, set()).add(first)
    result: list[list[Cue]] = [[] for _ in texts]
    for number, indices in found.items():
        result[number] = [cues[index] for index in sorted(indices)]
    return result


def _report(text: str, candidates: list[Cue]) -> list[CueMatch]:
    """The cues of ``text``, running only ``candidates`` (:func:`_first_cues`) in list order."""
    if not candidates:
        return []
    if len(candidates) == 1:  # one cue: its matches do not overlap and come in text order
        cue = candidates[0]
        return [CueMatch(cue.name, match.start(), match.end(), match.group(0)) for match in cue.pattern.finditer(text)]
    taken = bytearray(len(text))  # 1 where an earlier-listed cue already matched: linear, however many cues a text holds
    found: list[CueMatch] = []
    for cue in candidates:
        for match in cue.pattern.finditer(text):
            start, end = match.span()
            if taken.find(1, start, end) != -1:
                continue
            taken[start:end] = b"\x01" * (end - start)
            found.append(CueMatch(cue.name, start, end, match.group(0)))
    return sorted(found, key=lambda item: (item.start, item.end))


def find_cues(text: str) -> list[CueMatch]:
    """Every cue in ``text``, in text order; a place covered by an earlier-listed cue is not reported again."""
    return _report(text, _first_cues([text])[0])


def find_cues_each(texts: Sequence[str]) -> list[list[CueMatch]]:
    """:func:`find_cues` of each text, scanning them all in one pass (the audit's sentences of one document)."""
    if not texts:
        return []
    return [_report(text, candidates) for text, candidates in zip(texts, _first_cues(texts), strict=True)]


def cue_names(text: str) -> tuple[str, ...]:
    """Names of the cues in ``text``, each once, in order of first appearance."""
    return _names(find_cues(text))


def cue_names_each(texts: Sequence[str]) -> list[tuple[str, ...]]:
    """:func:`cue_names` of each text, scanning them all in one pass."""
    return [_names(found) for found in find_cues_each(texts)]


def _names(found: list[CueMatch]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(match.cue for match in found))
