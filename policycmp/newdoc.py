"""``policycmp new SEED``: place a new source text in the corpus and scaffold its coded document.

A contributor's first step is mechanical and easy to get wrong by hand: the seed's number (the next free
one), its name (``NNN-slug.txt``), the checksum line (``<sha256>  <file name>``, two spaces, no
``seeds/`` prefix) and the YAML file's first lines (the schema modeline, the metadata the validator asks
for). This module does all of it, refuses to overwrite anything, and writes nothing when it refuses.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from policycmp.errors import PolicycmpError, UsageError

SEED_NAME = re.compile(r"^(\d{3})-[a-z0-9]+(?:-[a-z0-9]+)*\.txt$")
"""How seeds are named: a three-digit number, a hyphenated slug, ``.txt``."""

MANIFEST = "SHA256SUMS"


@dataclass(frozen=True)
class NewDocument:
    """What :func:`new_document` wrote."""

    seed: Path
    document: Path
    manifest_line: str

    def describe(self, root: Path) -> str:
        """What was written and what to do next, as lines for the terminal."""
        return "\n".join(
            [
                f"copied the text to {self.seed.relative_to(root).as_posix()}",
                f"appended to seeds/{MANIFEST}: {self.manifest_line}",
                f"wrote {self.document.relative_to(root).as_posix()}: fill in the metadata and code the recommendations,",
                f"then run: policycmp validate {self.document.relative_to(root).as_posix()} && policycmp coverage",
            ]
        )


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: 'DW News: US & TTP' → 'dw-news-us-ttp'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))[:60].strip("-")


def next_number(seeds: Path) -> int:
    """One more than the highest number used by a seed file or a manifest line (0 for an empty corpus)."""
    used = [int(match[1]) for path in seeds.glob("*.txt") if (match := SEED_NAME.match(path.name))]
    manifest = seeds / MANIFEST
    if manifest.is_file():
        for line in manifest.read_text(encoding="utf-8").splitlines():
            name = line.partition("  ")[2].lstrip("*").rsplit("/", 1)[-1]
            if match := SEED_NAME.match(name):
                used.append(int(match[1]))
    return max(used, default=-1) + 1


def scaffold(doc_id: str, seed_name: str, title: str | None) -> str:
    """The YAML a contributor starts from: modeline, metadata to fill in, one commented example of each entry."""
    title_line = f"title: {_yaml_text(title)}" if title else "title: null            # the headline as printed, or null"
    return f"""# yaml-language-server: $schema=../schema/document.schema.json
# Coding rules: CONTRIBUTING.md. Check with: policycmp validate recommendations/{doc_id}.yaml && policycmp coverage
document:
  id: {doc_id}
  seed: {seed_name}
  {title_line}
  authors: []             # names as printed, e.g. [Farah Qadir]; [] when the text names nobody (never [none])
  voice: TODO-holder-id   # the codebook holder of the text's own voice (add one under holders: if new)
  outlet: null            # the outlet as the text names it; null if only a URL names it (put that in url:)
  kind: news              # op-ed, editorial, news, news-analysis, research-paper, report, speech, interview, other
  date: null              # YYYY-MM-DD, unquoted, only if the text prints it; else null
  date_note: TODO say where the text prints the date, or that it prints none
coders: [TODO your name or handle]
recommendations: []
# recommendations:
#   - id: holder-does-what        # unique in this file
#     holder: some-holder         # codebook holder id; leave out for the voice
#     actors: [government-of-pakistan]
#     option: negotiate-with-ttp  # codebook option id
#     stance: support             # support, oppose or conditional (then add conditions:)
#     kind: recommendation        # demand, recommendation, commitment or forecast
#     strength: should            # must, should or could (for demands and recommendations)
#     quote: "verbatim words of the text; … skips words in between"
waivers: []
# waivers:
#   - quote: "words of a flagged sentence that is not a prescription"
#     reason: One line saying why it is not coded.
"""


def _yaml_text(value: str) -> str:
    """A one-line YAML double-quoted scalar (the only characters that need escaping there are \\ and ")."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def new_document(root: Path, source: Path, *, slug: str | None = None, title: str | None = None) -> NewDocument:
    """Copy ``source`` to ``seeds/NNN-slug.txt``, append its checksum, scaffold ``recommendations/NNN-slug.yaml``.

    Refuses (writing nothing) when the source is not a readable UTF-8 text file, when the slug is empty, or when
    either target file already exists or the same text is already a seed.
    """
    seeds, recs = root / "seeds", root / "recommendations"
    if not source.is_file():
        raise UsageError(f"{source}: not a file; give the path of the article's plain text")
    data = source.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PolicycmpError(f"{source}: not UTF-8 text (byte {exc.start}); save the article as UTF-8 plain text") from None
    if not data.strip():
        raise PolicycmpError(f"{source}: the file is empty")
    digest = hashlib.sha256(data).hexdigest()
    manifest = seeds / MANIFEST
    existing = manifest.read_text(encoding="utf-8") if manifest.is_file() else ""
    for line in existing.splitlines():
        if line.partition("  ")[0].lower() == digest:
            raise PolicycmpError(f"this text is already a seed: seeds/{MANIFEST} has {line.partition('  ')[2]!r} with the same checksum")
    stem = slugify(slug or re.sub(r"^\d{3}-", "", source.stem))
    if not stem:
        raise UsageError("the file name gives no slug; name one with --slug, e.g. --slug border-trade")
    doc_id = f"{next_number(seeds):03d}-{stem}"
    seed_path, doc_path = seeds / f"{doc_id}.txt", recs / f"{doc_id}.yaml"
    for target in (seed_path, doc_path):
        if target.exists():
            raise PolicycmpError(f"{target.relative_to(root).as_posix()} already exists; nothing was written")
    line = f"{digest}  {seed_path.name}"
    with seed_path.open("xb") as handle:
        handle.write(data)
    with doc_path.open("x", encoding="utf-8") as handle:
        handle.write(scaffold(doc_id, seed_path.name, title))
    separator = "" if not existing or existing.endswith("\n") else "\n"
    with manifest.open("a", encoding="utf-8") as handle:
        handle.write(f"{separator}{line}\n")
    return NewDocument(seed_path, doc_path, line)
