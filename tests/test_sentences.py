"""Sentence splitting on the real seeds and on the layouts they use."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from policycmp.sentences import Sentence, split_sentences

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def texts(text: str, kinds: tuple[str, ...] = ("sentence", "heading")) -> list[str]:
    return [s.text(text) for s in split_sentences(text) if s.kind in kinds]


def find(text: str, prefix: str) -> Sentence:
    matches = [s for s in split_sentences(text) if s.text(text).startswith(prefix)]
    assert len(matches) == 1, [s.text(text)[:60] for s in matches]
    return matches[0]


def test_abbreviations_and_initials_do_not_end_sentences() -> None:
    text = "Mr. Khan met Dr. Ali at the U.S. Army base, e.g. near Iftikhar A. Khan's office. They talked. No. 5 was shut."
    assert texts(text) == [
        "Mr. Khan met Dr. Ali at the U.S. Army base, e.g. near Iftikhar A. Khan's office.",
        "They talked.",
        "No. 5 was shut.",
    ]


def test_us_state_department_after_a_closing_quote() -> None:
    text = seed("002-news-analysis-no-talks.txt")
    found = [s for s in split_sentences(text) if s.text(text).startswith("U.S. State Department Spokesperson Ned Price said")]
    assert [s.line for s in found] == [11, 23]  # the paragraph is printed twice
    assert found[0].text(text).endswith("for international terrorist attacks.")
    assert split_sentences(text)[split_sentences(text).index(found[0]) - 1].text(text).endswith("from terrorism”.")


def test_initial_without_full_stop_in_dw_article() -> None:
    text = seed("004-dw-news-us-cooperation.txt")
    sentence = find(text, "Talat A Wizarat, former head")
    assert sentence.text(text).endswith("University of Karachi, echoes this view.")
    assert (sentence.line, sentence.column, sentence.kind) == (55, 1, "sentence")


def test_numbered_list_items_split_off_their_headings() -> None:
    text = seed("001-issi-research-paper.txt")
    heading = find(text, "- 1) **Governance and Deliverance:**")
    assert heading.kind == "heading" and heading.text(text) == "- 1) **Governance and Deliverance:**"
    after = find(text, "After the welcome move to merge erstwhile FATA")
    assert after.line == heading.line and after.kind == "sentence"
    plain = find(text, "- 2) Clear Intent and Policy at the Federal Level:")
    assert plain.kind == "heading"
    assert find(text, "The government in the center must design a clear vision").line == plain.line


def test_headings_without_final_punctuation() -> None:
    dw = seed("004-dw-news-us-cooperation.txt")
    assert find(dw, "Maintain good ties with Kabul").kind == "heading"
    paper = seed("001-issi-research-paper.txt")
    assert find(paper, "Conclusion").kind == "heading"
    assert find(paper, "Issues Constraining Effective Response").kind == "heading"


def test_footnotes_and_page_furniture_are_their_own_units() -> None:
    text = seed("001-issi-research-paper.txt")
    assert find(text, "³⁶ Carolyn Moorman").kind == "footnote"
    assert find(text, "^{13 &}quot;62pc Cut").kind == "footnote"
    assert find(text, "Finance Division, Government of Pakistan").kind == "footnote"  # no marker: URL and year
    furniture = [s for s in split_sentences(text) if s.kind == "furniture"]
    assert [s.text(text) for s in furniture] == ["_"]


def test_wrapped_footnote_keeps_its_continuation_line() -> None:
    text = seed("001-issi-research-paper.txt")
    footnote = find(text, "⁵ Amira Jadoon")
    assert footnote.kind == "footnote" and len(footnote.parts) == 2
    assert footnote.text(text).endswith("sr_494- the evolution and potential resurgence of the tehrik i taliban pakistan.pdf.")


def test_sentence_continues_across_a_footnote_block() -> None:
    text = seed("001-issi-research-paper.txt")
    sentence = find(text, "For the last two decades, Pakistan has been grappling")
    assert len(sentence.parts) == 2
    assert sentence.text(text).endswith("terrorism consistently bothering policymakers.")
    between = text[sentence.parts[0][1] : sentence.parts[1][0]]
    assert "Research Fellow" in between
    assert "Research Fellow" not in sentence.text(text)
    later = find(text, "However, the effort remains unfinished, with the TTP using")
    assert later.text(text).endswith("with the TTP using both sides of the border to engage in terror activities.")
    assert find(text, "Therefore, Pakistan should engage robustly").line == 211


def test_footnote_markers_stay_with_their_sentence() -> None:
    text = seed("001-issi-research-paper.txt")
    assert find(text, "The country has lost thousands").text(text).endswith("in the last 20 years.³")
    assert find(text, "Both the military and judicial institutions").text(text).endswith("convictions. ¹⁵")
    assert find(text, "Meanwhile, the TTP has furthered").text(text).endswith("recent months. ⁴⁴")


def test_dateline_is_split_from_the_first_sentence() -> None:
    text = seed("000-student-op-ed.txt")
    first, second = split_sentences(text)[:2]
    assert first.text(text) == "date 2023-08-18" and first.kind == "heading"
    assert second.text(text).startswith("The US withdrawal from Afghanistan")


def test_single_newline_paragraphs_and_doubled_paragraphs() -> None:
    text = seed("002-news-analysis-no-talks.txt")
    lines = [s.line for s in split_sentences(text) if s.text(text).startswith("They called on the government")]
    assert lines == [9, 21]
    pull = find(text, "Offering talks and ceasefire deals")
    assert pull.text(text).endswith("only serves to legitimize its cause")


def test_questions_and_lowercase_after_a_full_stop() -> None:
    text = seed("000-student-op-ed.txt")
    assert find(text, "In this regard, How come Pakistan expects").text(text).endswith("to counter TTP?")
    assert find(text, "Pakistan iterates its stance").text(text).endswith("stem the tide of foreign threats.")  # "if does" is lower case


def test_seeds_split_in_text_order_without_overlap() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        sentences = split_sentences(text)
        assert sentences, path
        _check_partition(text, sentences)


def _check_partition(text: str, sentences: list[Sentence]) -> None:
    owner = [0] * len(text)
    for sentence in sentences:
        for a, b in sentence.parts:
            assert 0 <= a < b <= len(text)
            assert not text[a].isspace() and not text[b - 1].isspace()
            for i in range(a, b):
                owner[i] += 1
    assert [s.parts for s in sentences] == sorted(s.parts for s in sentences)
    for i, char in enumerate(text):
        assert owner[i] == 1 or (owner[i] == 0 and char.isspace()), (i, char)


PIECES = st.sampled_from(
    ["Word", "word", "U.S.", "Mr.", "A.", " ", " ", "\n", "\n\n", ".", "?", "¹", "²³", "_", "- 1) ", "Head:", "“", "”", "http://x 2023"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_every_visible_character_belongs_to_exactly_one_sentence(text: str) -> None:
    _check_partition(text, split_sentences(text))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_is_partitioned_too(text: str) -> None:
    _check_partition(text, split_sentences(text))
