"""Findings in the shipped coding of seeds 001 (ISSI research paper) and 002 (news analysis).

Each assertion was checked by reading the seed text; the tests load the real corpus
(``policycmp.load`` on the repository root) and fail if a recoding changes a finding.
"""

from __future__ import annotations

import pytest

import policycmp
from policycmp.anchor import find_quote
from policycmp.corpus import Anchored, Corpus, LoadedDocument
from policycmp.sentences import split_sentences

PAPER = "001-issi-research-paper"
NEWS = "002-news-analysis-no-talks"


@pytest.fixture(scope="module")
def corpus(shipped: policycmp.Corpus) -> Corpus:
    return shipped  # loaded once per session (conftest)


@pytest.fixture(scope="module")
def paper(corpus: Corpus) -> LoadedDocument:
    return corpus.documents[PAPER]


@pytest.fixture(scope="module")
def news(corpus: Corpus) -> LoadedDocument:
    return corpus.documents[NEWS]


def by_id(doc: LoadedDocument) -> dict[str, Anchored]:
    return {a.recommendation.id: a for a in doc.recommendations}


def span_text(doc: LoadedDocument, item: Anchored) -> str:
    """The seed text covered by a recommendation (all its segments, joined by a space)."""
    return " ".join(doc.text[start:end] for start, end in item.segments)


def positions(doc: LoadedDocument, holder: str, option: str) -> set[tuple[str, str]]:
    return {
        (a.recommendation.stance.value, (a.recommendation.strength or a.recommendation.kind).value)
        for a in doc.recommendations
        if a.holder == holder and a.recommendation.option == option
    }


# --------------------------------------------------------------------------- counts and metadata


def test_past_events_rule_is_applied_evenly_in_the_paper(paper: LoadedDocument) -> None:
    """Past events: a position narrated in the simple past as an episode that is over is waived, with its neighbours.

    "advocate recognition" (2021 takeover) and the next sentence, "Simultaneously, Islamabad urged…", are both
    waived, as are the TTP's demands in the 2021-22 talks; present-perfect positions ("has recurrently urged")
    are coded. So no position in the paper is the TTP's.
    """
    waived = " ".join(w.waiver.quote for w in paper.waivers)
    for past in ("advocate recognition", "Simultaneously, Islamabad urged", "First, withdrawal", "Second, the reversal"):
        assert past in waived, past
    assert "ttp" not in {a.holder for a in paper.recommendations}
    assert by_id(paper)["islamabad-urges-rein-in-ttp"].holder == "government-of-pakistan"


def test_paper_metadata_is_what_the_text_prints(paper: LoadedDocument) -> None:
    meta = paper.coded.document
    assert meta.title == "Terrorism in Pakistan: Causes, Implications and Way Forward"
    assert meta.authors == ["Asad Ullah Khan", "Sarah Akram"]
    assert meta.kind.value == "research-paper"
    assert meta.date is None and meta.outlet is None
    assert "Terrorism in Pakistan:" in paper.text and "Asad Ullah Khan¹ and Sarah Akram²" in paper.text


def test_news_metadata_prints_no_author_outlet_or_date(news: LoadedDocument) -> None:
    meta = news.coded.document
    assert (meta.title, meta.authors, meta.outlet, meta.date) == (None, [], None, None)
    assert meta.kind.value == "news-analysis"
    assert meta.voice == "news-analysis-writer"


def test_paper_voice_is_an_author_team_of_two_issi_fellows(corpus: Corpus, paper: LoadedDocument) -> None:
    team = corpus.holders[paper.coded.document.voice]
    assert team.type.value == "author-team"
    assert team.members == ["asad-ullah-khan", "sarah-akram"]
    for member in team.members:
        holder = corpus.holders[member]
        assert holder.type.value == "person"
        assert holder.affiliation is not None and "Institute of Strategic Studies Islamabad" in holder.affiliation
    assert paper.text.count("Research Fellow, Institute of Strategic Studies Islamabad.") == 2


# --------------------------------------------------------------------------- seed 002: conflict and expectations


def test_government_sources_and_mehsud_conflict_on_talks(news: LoadedDocument) -> None:
    sources = positions(news, "pakistani-government-sources", "negotiate-with-ttp")
    assert {stance for stance, _ in sources} == {"oppose"}
    # Each side declares its own course (kind commitment): "there will be no talks" / "We are still open".
    assert {kind for _, kind in sources} >= {"commitment"}
    assert positions(news, "noor-wali-mehsud", "negotiate-with-ttp") == {("support", "commitment")}
    items = by_id(news)
    assert "no talks with the TTP" in span_text(news, items["sources-no-talks-with-ttp"])
    assert "still open to the ceasefire" in span_text(news, items["mehsud-open-to-ceasefire"])


def test_talks_option_is_contested_in_the_tidy_table(corpus: Corpus) -> None:
    table = corpus.table
    rows = table[(table["document"] == NEWS) & (table["option"] == "negotiate-with-ttp")]
    by_holder = rows.groupby("holder")["stance"].agg(set).to_dict()
    assert by_holder["pakistani-government-sources"] == {"oppose"}
    assert by_holder["noor-wali-mehsud"] == {"support"}
    assert by_holder["news-analysis-writer"] == {"oppose", "conditional"}


def test_reported_expectations_are_coded_as_expected_in_the_writers_voice(news: LoadedDocument) -> None:
    """One rule for reported intentions across the text (see the document's notes).

    An unattributed expectation ("It is expected that…", "appears unlikely") is the writer's forecast; a course
    the government declares or intends is the government's commitment. A hedge ("may not necessarily") is
    neither support nor opposition, so it is waived, not coded.
    """
    items = by_id(news)
    cues = ("expected", "unlikely", "improbable", "likely", "could", "appears")
    for item in news.recommendations:
        rec = item.recommendation
        if item.holder == "news-analysis-writer" and rec.kind.value == "forecast":
            assert any(cue in rec.quote for cue in cues), rec.id
        if item.holder in ("government-of-pakistan", "pakistani-government-sources") and "will" in rec.quote:
            assert rec.kind.value == "commitment", rec.id
    assert "strike-ttp-in-afghanistan" not in {a.recommendation.option for a in news.recommendations}
    assert any("may not necessarily" in w.waiver.quote and w.waiver.occurrence == 1 for w in news.waivers)
    tempo = items["writer-expect-operations-tempo"]
    assert tempo.holder == "news-analysis-writer"
    assert (tempo.recommendation.option, tempo.recommendation.kind.value) == ("crackdown-on-ttp", "forecast")
    assert "expected to increase the tempo" in span_text(news, tempo)
    expected = {a.recommendation.id for a in news.recommendations if a.recommendation.kind.value == "forecast"}
    assert {
        "writer-expect-pressure-on-taliban",
        "writer-expect-us-cooperation",
        "writer-ceasefire-unlikely",
        "writer-could-block-recognition",
    } <= expected
    # A demand stays a demand: Ned Price's "must" and the party leaders' "demanded".
    assert items["price-taliban-uphold-commitments"].recommendation.strength == "must"
    assert items["price-taliban-uphold-commitments"].holder == "ned-price"
    assert items["ppp-leaders-law-enforcement"].recommendation.strength == "must"


def test_islamabads_reported_intention_is_islamabads_not_the_writers(news: LoadedDocument) -> None:
    """"Islamabad is looking to address loopholes in its Afghan policy" reports the government's own course: a commitment."""
    item = by_id(news)["islamabad-afghan-policy-loopholes"]
    assert item.holder == "government-of-pakistan"
    assert (item.recommendation.option, item.recommendation.kind.value) == ("review-afghan-policy", "commitment")
    assert positions(news, "news-analysis-writer", "review-afghan-policy") == set()


def test_protesters_and_four_parties_hold_their_own_demands(news: LoadedDocument) -> None:
    law = {a.holder for a in news.recommendations if a.recommendation.option == "strengthen-law-enforcement"}
    assert law == {"ppp", "pml-n", "anp", "ptm"}
    protest = by_id(news)["protesters-restore-peace"]
    assert protest.holder == "south-waziristan-protesters"
    assert span_text(news, protest).startswith("They called on the government")


def test_ttp_threat_opposes_operations_and_clerics_forbid_rebellion(news: LoadedDocument) -> None:
    assert positions(news, "ttp", "crackdown-on-ttp") == {("oppose", "must")}
    assert positions(news, "congregation-of-16-clerics", "forbid-rebellion-against-state") == {("support", "must")}


def test_doubled_paragraphs_are_coded_at_first_occurrence_and_waived_at_second(news: LoadedDocument) -> None:
    text = news.text
    marker = "This new clarity on Pakistan’s policy regarding the TTP"
    assert text.count(marker) == 2
    second_run = text.index(marker, text.index(marker) + 1)
    repeated = [a for a in news.recommendations if a.recommendation.occurrence is not None]
    assert repeated
    for item in repeated:
        assert item.recommendation.occurrence == 1
        assert item.end <= second_run, item.recommendation.id
    repeat_waivers = [w for w in news.waivers if w.waiver.occurrence == 2]
    assert repeat_waivers
    for waiver in repeat_waivers:
        assert waiver.segments[0][0] >= second_run
        assert "first occurrence" in waiver.waiver.reason
    # The three paragraphs printed once (the sources' statement and two pull quotes) carry no occurrence.
    once = {a.recommendation.id for a in news.recommendations if a.recommendation.occurrence is None}
    assert once == {
        "sources-no-talks-with-ttp",
        "sources-iron-hands",
        "sources-reject-ceasefire-reports",
        "writer-talks-legitimise-militants",
        "writer-appetite-for-military-deployment",
    }


def test_every_second_copy_of_a_coded_sentence_is_waived(news: LoadedDocument) -> None:
    sentences = split_sentences(news.text)
    waived = [segment for waiver in news.waivers for segment in waiver.segments]
    firsts = [item for item in news.recommendations if item.recommendation.occurrence == 1]
    assert firsts
    for item in firsts:
        copy = find_quote(news.text, item.recommendation.quote, 2)
        [sentence] = [s for s in sentences if s.overlaps(copy)]
        assert sentence.overlaps(waived), item.recommendation.id


# --------------------------------------------------------------------------- seed 001: policy advice and restatements


def test_issi_policy_advice_strengths(paper: LoadedDocument) -> None:
    voice = paper.coded.document.voice
    assert positions(paper, voice, "improve-governance-ex-fata") == {("support", "must")}
    assert positions(paper, voice, "strengthen-law-enforcement") == {("support", "should")}
    assert positions(paper, voice, "involve-legislatures-and-society") == {("support", "should"), ("support", "must")}
    items = by_id(paper)
    assert "is essential" in span_text(paper, items["advice-governance-ex-fata-essential"])
    resources = items["advice-more-resources-law-enforcement"]
    assert resources.recommendation.actors == ["federal-government"]
    assert span_text(paper, resources).startswith("The federal government should allocate more resources")
    assert items["advice-clear-ct-vision"].recommendation.strength.value == "must"


def test_domestic_crises_restated_in_abstract_advice_and_conclusion(paper: LoadedDocument) -> None:
    """Restatements are coded at each occurrence; the political and the economic crisis are separate policies.

    Codebook 2 retired the bundle resolve-domestic-crises: a sentence naming both ("economic trouble, political
    instability and constitutional crisis should immediately be addressed") is two units.
    """
    text = paper.text
    intro = text.index("\nIntroduction\n")
    advice = text.index("important policy advice")
    conclusion = text.index("\nConclusion\n")
    voice = paper.coded.document.voice
    for option in ("restore-political-stability", "resolve-economic-crisis"):
        starts = [a.start for a in paper.recommendations if a.recommendation.option == option and a.holder == voice]
        assert any(s < intro for s in starts), option
        assert any(advice < s < conclusion for s in starts), option
        assert any(s > conclusion for s in starts), option
    bundle = [a for a in paper.recommendations if a.recommendation.quote.startswith("economic trouble, political instability")]
    assert {a.recommendation.option for a in bundle} == {"restore-political-stability", "resolve-economic-crisis"}


def test_conclusion_splits_one_sentence_into_one_unit_per_policy(paper: LoadedDocument) -> None:
    """One policy, one unit: the conclusion's one sentence carries six policies ("an internal crisis" is two)."""
    items = [a for a in paper.recommendations if a.recommendation.quote.startswith("The government clearly needs to")]
    assert {a.recommendation.option for a in items} == {
        "set-clear-ct-policy",
        "restore-political-stability",
        "resolve-economic-crisis",
        "crackdown-on-ttp",
        "engage-afghan-taliban",
        "involve-legislatures-and-society",
    }
    kinetic = by_id(paper)["conclusion-kinetic-means"]
    assert len(kinetic.segments) == 2
    assert paper.text[kinetic.segments[1][0] : kinetic.segments[1][1]].startswith("demonstrating a will")


def test_paper_endorses_the_fata_merger_and_conditions_cooperation(paper: LoadedDocument) -> None:
    """The "welcome move to merge erstwhile FATA" is an endorsement (support, no modal: should); "Unless Afghan
    Taliban … realize Islamabad's security concerns … cooperation … appears to be impossible" is a conditional
    stance on engagement, kind forecast, with the condition written out."""
    voice = paper.coded.document.voice
    assert positions(paper, voice, "keep-fata-merger") == {("support", "should")}
    conditional = [a for a in paper.recommendations if a.recommendation.stance.value == "conditional"]
    assert [a.recommendation.option for a in conditional] == ["engage-afghan-taliban"]
    assert conditional[0].recommendation.kind.value == "forecast"
    assert "security concerns" in (conditional[0].recommendation.conditions or "")


def test_a_warning_of_consequences_is_pressure_not_a_demand(paper: LoadedDocument) -> None:
    """Officials "warned the Afghan Taliban that failure … could have consequences": coercive diplomacy (commitment)."""
    item = by_id(paper)["officials-warn-taliban-of-consequences"]
    assert (item.recommendation.option, item.recommendation.kind.value) == ("pressure-afghan-taliban", "commitment")


def test_reported_pakistani_diplomacy_is_not_the_authors_voice(paper: LoadedDocument) -> None:
    urged = by_id(paper)["islamabad-urges-rein-in-ttp"]
    assert urged.holder == "government-of-pakistan"
    assert "recurrently urged" in span_text(paper, urged)
    assert by_id(paper)["bilawal-supports-demands-on-taliban"].holder == "bilawal-bhutto-zardari"
