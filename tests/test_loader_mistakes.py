"""A table of realistic contributor mistakes, each with the exact place and message reported.

Each case edits one file of a copy of the mini fixture corpus (tests/fixtures/mini),
loads it, and compares every reported problem line for line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from loader_helpers import CODEBOOK, DOC, MINI, copy_mini, edit

from policycmp.errors import CorpusError
from policycmp.loader import load

A = DOC
MISTAKES: list[tuple[str, str, str, str, list[str]]] = [
    (
        "misspelt option id",
        A,
        "option: open-talks",
        "option: opn-talks",
        ["recommendations/alpha.yaml:16:13: unknown option 'opn-talks'; did you mean 'open-talks'? [PC301 unknown-option]"],
    ),
    (
        "a theme id where an option belongs",
        A,
        "option: open-talks",
        "option: negotiations",
        [
            "recommendations/alpha.yaml:16:13: 'negotiations' is a theme, not an option: use one of the theme's options "
            "(open-talks, coercive-diplomacy, negotiations-other) [PC301 unknown-option]"
        ],
    ),
    (
        "a misspelt theme id where an option belongs",
        A,
        "option: open-talks",
        "option: negotiatons",
        [
            "recommendations/alpha.yaml:16:13: unknown option 'negotiatons' (the theme 'negotiations' is close): use one of the "
            "theme's options (open-talks, coercive-diplomacy, negotiations-other) [PC301 unknown-option]"
        ],
    ),
    (
        "stance: supports",
        A,
        "stance: oppose",
        "stance: supports",
        [
            "recommendations/alpha.yaml:27:13: 'supports' is not a valid stance; expected one of: support, oppose, conditional; "
            "did you mean 'support'? [PC204 invalid-choice]"
        ],
    ),
    (
        "strength: Must",
        A,
        "strength: must",
        "strength: Must",
        [
            "recommendations/alpha.yaml:19:15: 'Must' is not a valid strength; expected one of: must, should, could; "
            "did you mean 'must'? [PC204 invalid-choice]"
        ],
    ),
    (
        "missing quote",
        A,
        "    quote: the army should not cross the border\n",
        "",
        ["recommendations/alpha.yaml:22:5: missing required field 'quote' in this recommendation: add 'quote: …' [PC201 missing-field]"],
    ),
    (
        "quote not in the text",
        A,
        "quote: the army should not cross the border",
        "quote: the army should never cross the border",
        [
            "recommendations/alpha.yaml:30:12: the quote is not in the seed text; it matches up to 'the army should n' (line 5), "
            "then the quote has 'ever cross the' where the text has 'ot cross the' [PC401 quote-not-found]"
        ],
    ),
    (
        "ambiguous quote",
        A,
        "    occurrence: 1\n",
        "",
        [
            "recommendations/alpha.yaml:20:12: the quote is found twice in the seed (at lines 4 and 7): quote a longer passage, "
            "or add `occurrence: N` (1 = first) [PC402 quote-ambiguous]"
        ],
    ),
    (
        "occurrence out of range",
        A,
        "occurrence: 1",
        "occurrence: 3",
        [
            "recommendations/alpha.yaml:21:17: occurrence 3 asked for, but the quote is found only twice (at lines 4 and 7); "
            "use an occurrence from 1 to 2, or remove 'occurrence' [PC403 occurrence-out-of-range]"
        ],
    ),
    (
        "bare yes as a note",
        A,
        "    strength: should\n",
        "    strength: should\n    note: yes\n",
        [
            "recommendations/alpha.yaml:30:11: 'note' expected text, got the boolean yes (yes/no/true/false/on/off are booleans in YAML): "
            'put it in quotes: "yes" [PC203 wrong-type]'
        ],
    ),
    (
        "a number as a title",
        A,
        "title: Border Talk",
        "title: 1984",
        [
            "recommendations/alpha.yaml:4:10: 'title' expected text, got the number 1984 (YAML reads unquoted numbers as numbers): "
            'put it in quotes: "1984" [PC203 wrong-type]'
        ],
    ),
    (
        "1.10 as the codebook version",
        CODEBOOK,
        'version: "0.1"',
        "version: 1.10",
        [
            "recommendations/codebook.yaml:1:10: 'version' expected text, got the number 1.10 (YAML reads unquoted numbers as numbers): "
            'put it in quotes: "1.10" [PC203 wrong-type]'
        ],
    ),
    (
        "tab indentation",
        A,
        "    actors:\n      - army",
        "    actors:\n\t- army",
        ["recommendations/alpha.yaml:25:1: invalid YAML: a tab character: YAML indentation must use spaces, not tabs [PC101 yaml-syntax]"],
    ),
    (
        "duplicate key",
        A,
        "    stance: oppose\n",
        "    stance: oppose\n    stance: support\n",
        [
            "recommendations/alpha.yaml:28:5: duplicate key 'stance': already given on line 27, again on line 28; keep one of them "
            "[PC102 duplicate-key]"
        ],
    ),
    (
        "unknown key qoute",
        A,
        "    quote: the army",
        "    qoute: the army",
        [
            "recommendations/alpha.yaml:22:5: missing required field 'quote' in this recommendation: add 'quote: …' [PC201 missing-field]",
            "recommendations/alpha.yaml:30:5: unknown field 'qoute'; did you mean 'quote'? [PC202 unknown-field]",
        ],
    ),
    (
        "conditional without conditions",
        A,
        "stance: oppose",
        "stance: conditional",
        [
            "recommendations/alpha.yaml:27:13: a conditional stance needs 'conditions': write the condition the text sets "
            "[PC207 conditions-required]"
        ],
    ),
    (
        "document id not the file stem",
        A,
        "  id: alpha",
        "  id: alpha-doc",
        [
            "recommendations/alpha.yaml:2:7: document id 'alpha-doc' differs from the file name 'alpha.yaml': make them the same "
            "[PC305 id-not-file-stem]"
        ],
    ),
    (
        "seed missing",
        A,
        "seed: alpha.txt",
        "seed: alpa.txt",
        ["recommendations/alpha.yaml:3:9: seed file 'seeds/alpa.txt' does not exist; did you mean 'alpha.txt'? [PC306 missing-seed]"],
    ),
    (
        "unknown holder",
        A,
        "holder: officials",
        "holder: oficials",
        [
            "recommendations/alpha.yaml:23:13: unknown holder 'oficials'; did you mean 'officials'? If 'oficials' is a holder the codebook "
            "does not have yet, add it under 'holders:' in recommendations/codebook.yaml (id: oficials, label: the name as printed, "
            "type: person, organisation, … and affiliation: if the text gives one) [PC302 unknown-holder]"
        ],
    ),
    (
        "unknown voice",
        A,
        "voice: staff-writer",
        "voice: staff-writr",
        [
            "recommendations/alpha.yaml:6:10: unknown holder 'staff-writr'; did you mean 'staff-writer'? "
            "If 'staff-writr' is a holder the codebook does not have yet, add it under 'holders:' in recommendations/codebook.yaml "
            "(id: staff-writr, label: the name as printed, "
            "type: person, organisation, … and affiliation: if the text gives one) [PC302 unknown-holder]"
        ],
    ),
    (
        "unknown actor",
        A,
        "      - army",
        "      - armee",
        ["recommendations/alpha.yaml:25:9: unknown actor 'armee'; did you mean 'army'? [PC303 unknown-actor]"],
    ),
    (
        "actor id far from any known one",
        A,
        "      - army",
        "      - parliament",
        [
            "recommendations/alpha.yaml:25:9: unknown actor 'parliament': use an actor id from the codebook, or add the actor there "
            "[PC303 unknown-actor]"
        ],
    ),
    (
        "actors as a string instead of a list",
        A,
        "actors: [government]",
        "actors: government",
        [
            "recommendations/alpha.yaml:15:13: 'actors' expected a list, got the text 'government': write it as a list, "
            "e.g. [government] or one '- item' per line [PC203 wrong-type]"
        ],
    ),
    (
        "impossible date 2023-02-30",
        A,
        "date: 2023-01-05",
        "date: 2023-02-30",
        [
            "recommendations/alpha.yaml:9:9: '2023-02-30' is not a valid date: write a real calendar date as YYYY-MM-DD, "
            "or null when the text gives none (quotes make no difference in 'date:'; in a text field, put a date-like text in quotes) "
            "[PC106 invalid-date]"
        ],
    ),
    (
        "impossible quoted date",
        A,
        "date: 2023-01-05",
        "date: '2023-02-30'",
        [
            "recommendations/alpha.yaml:9:9: '2023-02-30' is not a valid date (day is out of range for month): "
            "write a real calendar date as YYYY-MM-DD [PC106 invalid-date]"
        ],
    ),
    (
        "anchor and alias",
        A,
        "actors: [government]",
        "actors: &who [government]",
        [
            "recommendations/alpha.yaml:15:13: anchor '&who' is not allowed: anchors and aliases can hide or multiply data; "
            "write each value out in full [PC103 yaml-alias]"
        ],
    ),
    (
        "explicit python tag",
        A,
        "title: Border Talk",
        "title: !!python/object/apply:os.system [ls]",
        [
            "recommendations/alpha.yaml:4:10: explicit tag '!!python/object/apply:os.syst…' is not allowed: tags can build arbitrary "
            "objects; remove it (put the value in quotes if it is text) [PC104 yaml-tag]"
        ],
    ),
    (
        "duplicate recommendation id",
        A,
        "id: no-cross-border",
        "id: open-talks",
        [
            "recommendations/alpha.yaml:22:9: duplicate recommendation id 'open-talks': already used on line 14; give each its own id "
            "[PC304 duplicate-id]"
        ],
    ),
    (
        "wrong indentation",
        A,
        "    holder: officials",
        "   holder: officials",
        [
            "recommendations/alpha.yaml:23:4: invalid YAML: the indentation is wrong here: keys of one mapping, and the '- ' items "
            "of one list, must line up [PC101 yaml-syntax]"
        ],
    ),
    (
        "kind misspelt",
        A,
        "kind: op-ed",
        "kind: oped",
        [
            "recommendations/alpha.yaml:8:9: 'oped' is not a valid kind; expected one of: op-ed, editorial, news, news-analysis, "
            "research-paper, report, speech, interview, other; did you mean 'op-ed'? [PC204 invalid-choice]"
        ],
    ),
    (
        "id with capitals and spaces",
        A,
        "id: no-cross-border",
        "id: No Cross Border",
        [
            "recommendations/alpha.yaml:22:9: 'No Cross Border' is not a valid id for 'id': use lower-case letters, digits and single "
            "hyphens, e.g. 'no-cross-border' [PC205 invalid-id]"
        ],
    ),
    (
        "no coders",
        A,
        "coders:\n  - Test Coder",
        "coders: []",
        ["recommendations/alpha.yaml:11:9: 'coders' is an empty list: it needs at least 1 item [PC206 empty-value]"],
    ),
    (
        "empty title (nullable: null is the way to say there is none)",
        A,
        "title: Border Talk",
        "title: ''",
        ["recommendations/alpha.yaml:4:10: 'title' is empty: write the text, or null when the source gives none [PC206 empty-value]"],
    ),
    (
        "empty quote",
        A,
        "quote: the army should not cross the border",
        "quote:",
        [
            "recommendations/alpha.yaml:30:11: 'quote' expected text, got an empty value: write the text (the field is required) "
            "[PC203 wrong-type]"
        ],
    ),
    (
        "a number in a list of names",
        A,
        "coders:\n  - Test Coder",
        "coders:\n  - Test Coder\n  - 42",
        [
            "recommendations/alpha.yaml:13:5: item 2 of 'coders' expected text, got the number 42 (YAML reads unquoted numbers "
            'as numbers): put it in quotes: "42" [PC203 wrong-type]'
        ],
    ),
    (
        "occurrence zero",
        A,
        "occurrence: 1",
        "occurrence: 0",
        ["recommendations/alpha.yaml:21:17: 'occurrence' must be at least 1, got 0 [PC209 out-of-range]"],
    ),
    (
        "url that is not http",
        A,
        "outlet: null",
        "outlet: null\n  url: ftp://example.org",
        ["recommendations/alpha.yaml:8:8: url must start with http:// or https://, got 'ftp://example.org' [PC208 invalid-url]"],
    ),
    (
        "authors as a string",
        A,
        "authors: []",
        "authors: Jane Doe",
        [
            "recommendations/alpha.yaml:5:12: 'authors' expected a list, got the text 'Jane Doe': write it as a list, "
            "e.g. [Jane Doe] or one '- item' per line [PC203 wrong-type]"
        ],
    ),
    (
        "codebook holder type misspelt",
        CODEBOOK,
        "type: collective",
        "type: colective",
        [
            "recommendations/codebook.yaml:42:11: 'colective' is not a valid type; expected one of: person, author-team, organisation, "
            "government-body, political-party, anonymous-sources, armed-group, collective, media-outlet; did you mean 'collective'? "
            "[PC204 invalid-choice]"
        ],
    ),
    (
        "codebook duplicate option id",
        CODEBOOK,
        "      - id: cross-border-strikes",
        "      - id: open-talks",
        [
            "recommendations/alpha.yaml:26:13: unknown option 'cross-border-strikes': use an option id from the codebook, or add the "
            "option there [PC301 unknown-option]",
            "recommendations/codebook.yaml:21:13: duplicate option id 'open-talks': already used on line 7; give each its own id "
            "[PC304 duplicate-id]",
        ],
    ),
    (
        "seed edited",
        "seeds/alpha.txt",
        "before winter.\nOfficials",
        "before winter!\nOfficials",
        [
            "seeds/SHA256SUMS:1:1: seeds/alpha.txt does not match its checksum (sha256 8e5667abfe36…, listed 0ee4d9e022bb…): "
            "restore the seed byte for byte; seeds are never edited [PC307 seed-checksum]"
        ],
    ),
    (
        "the whole file written as a list",
        A,
        "document:\n  id: alpha",
        "- document:\n  id: alpha",
        [
            "recommendations/alpha.yaml:11:1: invalid YAML: the indentation is wrong here: keys of one mapping, and the '- ' items "
            "of one list, must line up [PC101 yaml-syntax]"
        ],
    ),
    (
        "a file holding only a sentence",
        A,
        (MINI / A).read_text(encoding="utf-8"),
        "The government must open talks\n",
        [
            "recommendations/alpha.yaml:1:1: the file must be a mapping of 'key: value' lines (with the keys document, coders …), "
            "got the text 'The government must open talks' [PC203 wrong-type]"
        ],
    ),
    (
        "a colon inside an unquoted text",
        A,
        "reason: a forecast, not a recommendation",
        "reason: note: a forecast",
        [
            "recommendations/alpha.yaml:33:17: invalid YAML: a ':' where YAML does not expect one: check the indentation, "
            "or quote a text that contains ': ' [PC101 yaml-syntax]"
        ],
    ),
]


@pytest.mark.parametrize(("name", "path", "old", "new", "expected"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_mistake_is_reported_exactly(tmp_path: Path, name: str, path: str, old: str, new: str, expected: list[str]) -> None:
    root = copy_mini(tmp_path)
    edit(root, path, old, new)
    with pytest.raises(CorpusError) as caught:
        load(root)
    assert [p.format() for p in caught.value.problems] == expected


def test_table_is_large_enough() -> None:
    assert len(MISTAKES) >= 20


def test_the_unedited_fixture_is_valid() -> None:
    corpus = load(MINI)
    assert list(corpus.documents) == ["alpha"]
