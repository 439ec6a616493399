"""The prescriptive cue list: every cue has an example it catches, and near misses are not caught."""

from __future__ import annotations

from pathlib import Path

import pytest

from policycmp.cues import CUES, CueMatch, cue_names, find_cues
from policycmp.sentences import split_sentences

REPO = Path(__file__).resolve().parents[1]
RECALL_FIXTURE = REPO / "tests" / "fixtures" / "cues" / "labelled-sentences.txt"

EXAMPLES: dict[str, str] = {
    "need of the hour": "coercive diplomacy is the need of the hour.",
    "pressing need": "overhauling counter-terrorism courts is also a pressing need for the state.",
    "must": "the Government of Pakistan must not overlook India’s growing influence",
    "should": "Pakistan should cooperate with these nations",
    "ought to": "Instead, Pakistan ought to require that TTP fighters be moved",
    "need(s) to": "The state needs to bridge the rift between these two systems.",
    "needs": "Pakistan needs a crystal clear stance for Afghanistan.",
    "needed": "A fair and strong political mandate is needed to make tough decisions",
    "has/have to": "He said the Pakistani Taliban would first have to lay down their arms.",
    "essential": "Governance in this part of the country is essential to further the writ of the state",
    "crucial": "Yet dialogue among the two states is crucial",
    "vital": "It is vital that the border stays open.",
    "imperative": "It is imperative that talks resume.",
    "necessary": "A new approach is necessary.",
    "require": "Pakistan requires policymakers who are visionary",
    "demand": "Mohsin Naqvi demanded that the Afghan Taliban “hand them to us”",
    "urge": "Islamabad has recurrently urged the Afghan Taliban to rein in the TTP",
    "call on/for": "They called on the government to immediately take steps to restore peace",
    "expect": "Pakistan is definitely expected to increase the tempo of counterterrorism operations",
    "warn": "Imran Khan has warned Islamabad not to provoke Kabul.",
    "recommend": "The panel recommends a review.",
    "advise": "there is some important policy advice",
    "suggest": "This ambivalent approach suggests State rethink who is it with.",
    "insist": "The minister insisted on talks.",
    "propose": "The then-incumbent government proposed a dialogue settlement with TTP.",
    "appeal": "Clerics appealed to the militants to lay down arms.",
    "can/could play a role": "Big economies such as the USA, China, and Russia can play effective roles",
    "responsibility falls on": "A heavy responsibility falls on the United Nations Office of Counter Terrorism",
    "it is time": "It is time to talk.",
    "rule out": "the interior czar did not rule out taking unilateral action.",
    "vow": "Pakistani authorities vowed to crack down.",
    "would do well to": "Islamabad would do well to reopen the crossing.",
    "only if / unless": "Trade cannot resume unless the shelling stops.",
    "can/could try or consider": "The provincial government could consider a curfew.",
    "can/could/may/might": "The traders' union could also ask for a hearing.",
    "want": "The elders wanted a new jirga.",
    "wish/hope/prefer": "The residents hope that the road reopens soon.",
    "seek/intend to": "The ministry is looking to widen the road.",
    "commit/pledge": "The donors pledged new funds for the clinics.",
    "threaten": "The union threatened to strike.",
    "reject/refuse": "The council rejected the proposal to close the market.",
    "ask/request": "The mayor asked the police to withdraw.",
    "press/push for": "Lawyers pressed for a retrial.",
    "advocate": "The panel advocates a phased reopening.",
    "encourage": "The envoy encouraged both sides to talk.",
    "endorse": "The cabinet endorsed the new border regime.",
    "has a point / is right": "Both camps have a point.",
    "has a right to": "The province has a right to its share of revenue.",
    "open/ready/willing to": "The tribe is ready to hand over the suspects.",
    "the way forward": "Dialogue is the only way out of the impasse; it is the way forward.",
    "let us": "Let us not repeat the mistakes of the past.",
    "forbidden": "The edict declared the attacks forbidden.",
    "(un)likely": "A second round of talks is unlikely.",
}


def test_every_cue_has_an_example_and_a_description() -> None:
    names = [cue.name for cue in CUES]
    assert len(names) == len(set(names)), "cue names must be unique"
    assert set(EXAMPLES) == set(names), "add an example here for every cue in policycmp/cues.py"
    assert all(cue.description for cue in CUES)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_cue_catches_its_example(name: str) -> None:
    assert name in cue_names(EXAMPLES[name])


@pytest.mark.parametrize(
    "text",
    [
        "The issue did not get urgent attention.",  # 'urgent' is not 'urge'
        "The TTP claimed responsibility for the attack.",  # not 'responsibility falls on'
        "before formulating policy imperatives",  # the plural noun
        "mustard and custard",
        "The shoulder of the road.",
        "Needless to say, the talks failed.",
        "The call to prayer was heard.",
        "The army struck the camps.",
        "This could be seen as a sign of weakness.",  # an epistemic modal, not a prescription
        "The police put up wanted posters in the bazaar.",
        "He spoke on condition of anonymity.",
        "The talks resumed in May last year.",
        "The results have not been encouraging.",
        "The threat from the group has grown.",
    ],
)
def test_near_misses_are_not_cues(text: str) -> None:
    assert cue_names(text) == ()


def test_cues_ignore_case_and_line_breaks() -> None:
    assert cue_names("PAKISTAN MUST ACT") == ("must",)
    assert cue_names("the need\nof  the hour") == ("need of the hour",)
    assert cue_names("it shouldn’t hesitate") == ("should",)
    assert cue_names("you mustn't") == ("must",)


def test_overlapping_cues_report_the_most_specific_once() -> None:
    matches = find_cues("coercive diplomacy is the need of the hour and Pakistan needs to act")
    assert [(m.cue, m.matched) for m in matches] == [("need of the hour", "need of the hour"), ("need(s) to", "needs to")]


def test_several_cues_are_reported_in_text_order() -> None:
    assert cue_names("While Pakistan must act, the Taliban should also do more, and must stop.") == ("must", "should")


def reference_find_cues(text: str) -> list[CueMatch]:
    """The plain definition of find_cues: every cue in list order over the whole text, earlier-listed places kept."""
    taken = [False] * len(text)
    found = []
    for cue in CUES:
        for match in cue.pattern.finditer(text):
            if not any(taken[match.start() : match.end()]):
                taken[match.start() : match.end()] = [True] * (match.end() - match.start())
                found.append(CueMatch(cue.name, match.start(), match.end(), match.group(0)))
    return sorted(found, key=lambda item: (item.start, item.end))


def test_the_fast_scan_finds_what_running_every_cue_finds() -> None:
    """find_cues runs only the cues its one-pass scan says can be reported; that must change nothing."""
    texts = [line.split("|", 2)[2] for line in RECALL_FIXTURE.read_text(encoding="utf-8").splitlines() if line[:1] in {"P", "N"}]
    for seed in sorted((REPO / "seeds").glob("*.txt")):
        texts += [sentence.text(seed_text) for seed_text in [seed.read_text(encoding="utf-8")] for sentence in split_sentences(seed_text)]
    texts += [
        "In May the council may meet; MAY it act?",  # the month, a modal, and a capitalised modal
        "İt ſhould be done; the K\u212aelvin sign and a ﬁne ligature must not confuse it.",  # non-ASCII case folding
        "needs to needs needed need of the hour pressing need",  # overlapping cues of one family
        "They could only consider it unless it is the only way forward.",
    ]
    for text in texts:
        assert find_cues(text) == reference_find_cues(text), text
