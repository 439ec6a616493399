"""A content-addressed cache of per-document coverage audits: re-auditing an unchanged corpus is cheap.

``policycmp coverage`` loads the whole corpus (every YAML file parsed, every quote anchored) before it
audits a sentence; at thousands of documents loading costs more than the audit. With the cache:

1. the corpus's validity comes from :func:`policycmp.cache.validate` (itself cached: an unchanged
   corpus is checked without parsing YAML), or, when more than a quarter of the documents must be
   audited anyway (:data:`LOAD_ALL_SHARE`), from loading the whole corpus, which validates it and gives
   those documents in one pass; that load's verdicts are then stored in the validation cache
   (:func:`policycmp.cache.remember`), so the next validation parses nothing. When the corpus has problems, or
   anything else goes wrong, the command runs as without the cache (load, then audit), so its messages are exactly those;
2. each coded document's audit (:class:`~policycmp.coverage.DocumentCoverage`) is looked up in the
   corpus's cache store (``<root>/.policycmp_cache/``, :class:`policycmp.cache.Store`) under a key
   digesting everything the audit of that document reads:

   - the document file's bytes, and where it and the seeds folder lie relative to the root (the
     paths the messages print);
   - the policycmp version, the size limits in force, the Python version and its Unicode database
     (case folding and whitespace), the cue definitions and the source of the package (every module:
     splitting, cues, anchoring, reading seeds), so a changed rule is never answered from an old result;

   the entry names the seed the document codes and that seed's SHA-256, and is used only while the
   seed file still has those bytes. The codebook and the extra codings (``recommendations/codings/``)
   are not in the key: the audit reads neither (they can only make the corpus invalid, which step 1 sees);
3. only the documents without a usable entry are audited (loaded by :func:`policycmp.loader.load_files`
   unless the whole corpus was), and their results stored. Only audits of a valid corpus are stored; an unreadable,
   truncated or altered entry (the store checks each payload's own SHA-256, this module its shape)
   is ignored and the document audited again.

The report is the same object an uncached audit gives, so every output format is byte-identical.
"""

from __future__ import annotations

import hashlib
import sys
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

from policycmp import coverage, cues
from policycmp.cache import Store
from policycmp.collector import collector_paused
from policycmp.coverage import CoverageReport, CueSentence, DocumentCoverage, resolve_path
from policycmp.errors import PolicycmpError
from policycmp.layout import document_paths
from policycmp.limits import DEFAULT, Limits
from policycmp.version import __version__

LAYOUT = "coverage-1"
"""Bumped whenever the shape of an entry changes, so entries of another shape are never read."""

COVERAGE_PACKS = "coverage-packs"
"""The folder of the audits' packs, apart from the verdicts' (so a validation never reads the larger audits)."""

Progress = Callable[[Sequence[str]], Iterable[str]]

_STATUSES = ("coded", "waived", "unexplained")


@dataclass(frozen=True)
class CachedAudit:
    """The audit of a corpus, and the documents (ids, in order) that were audited afresh rather than read from the cache."""

    report: CoverageReport
    audited: tuple[str, ...]


def _digest(*parts: bytes | str) -> str:
    """SHA-256 of the parts, each prefixed by its length (no two sequences of parts collide by concatenation)."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def context(limits: Limits) -> str:
    """What every entry's key shares: versions, limits, the cue definitions and the source of the audit's modules."""
    parts: list[bytes | str] = [LAYOUT, __version__, repr(astuple(limits)), repr(sys.version_info[:2]), unicodedata.unidata_version]
    for cue in cues.CUES:
        parts += [cue.name, cue.pattern.pattern, str(cue.pattern.flags)]
    package = Path(coverage.__file__).parent
    for source in sorted(package.rglob("*.py")):  # ~1 MB: a few milliseconds, and no code change is ever missed
        parts += [source.relative_to(package).as_posix(), source.read_bytes()]
    return _digest(*parts)


def _relative(path: Path, resolved_root: Path) -> str:
    """``path`` relative to the root when it lies inside it, else its absolute form (as the messages would print it)."""
    try:
        return path.relative_to(resolved_root).as_posix()
    except ValueError:
        return "/" + path.as_posix()


def _seed_digest(folder: Path, name: str) -> str | None:
    if "/" in name or "\\" in name:
        return None
    try:
        return hashlib.sha256((folder / name).read_bytes()).hexdigest()
    except OSError:
        return None


# --------------------------------------------------------------------------- entries


def encode(result: DocumentCoverage) -> dict[str, Any]:
    """A document's audit as JSON data (each cue sentence as a list; its seed is the document's)."""
    return {
        "document": result.document,
        "seed": result.seed,
        "yaml": result.yaml,
        "sentences": result.sentences,
        "coded_sentences": result.coded_sentences,
        "unused_waivers": list(result.unused_waivers),
        "flagged": [
            [
                item.line,
                item.column,
                item.start,
                item.end,
                [list(part) for part in item.parts],
                item.text,
                list(item.cues),
                item.status,
                None if item.suggestion is None else list(item.suggestion),
            ]
            for item in result.cue_sentences
        ],
    }


def _ints(value: Any, count: int) -> bool:
    return isinstance(value, list) and len(value) == count and all(type(v) is int for v in value)


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _span(part: Any) -> tuple[int, int]:
    if type(part) is not list or len(part) != 2 or type(part[0]) is not int or type(part[1]) is not int:
        raise ValueError("not a span")
    return part[0], part[1]


def _cue_sentence(item: Any, seed: str) -> CueSentence:
    """One cue sentence from its list form; ValueError when it is not one (checked field by field: thousands per corpus)."""
    if type(item) is not list or len(item) != 9:
        raise ValueError("not a cue sentence")
    line, column, start, end, parts, text, names, status, suggestion = item
    if type(line) is not int or type(column) is not int or type(start) is not int or type(end) is not int:
        raise ValueError("bad place")
    if type(parts) is not list or not parts or type(text) is not str or type(names) is not list or not names:
        raise ValueError("bad parts, text or cues")
    if status not in _STATUSES or not all(type(name) is str for name in names):
        raise ValueError("bad cues or status")
    hint: tuple[str, int | None] | None = None
    if suggestion is not None:
        if type(suggestion) is not list or len(suggestion) != 2 or type(suggestion[0]) is not str:
            raise ValueError("bad suggestion")
        if suggestion[1] is not None and type(suggestion[1]) is not int:
            raise ValueError("bad occurrence")
        hint = (suggestion[0], suggestion[1])
    return CueSentence(seed, line, column, start, end, tuple(_span(part) for part in parts), text, tuple(names), status, hint)


def decode(data: Any) -> DocumentCoverage | None:
    """A document's audit from :func:`encode`'s form, or None when the data has another shape."""
    if not isinstance(data, dict) or set(data) != {"document", "seed", "yaml", "sentences", "coded_sentences", "unused_waivers", "flagged"}:
        return None
    if not all(isinstance(data[k], str) for k in ("document", "seed", "yaml")):
        return None
    if not _ints([data["sentences"], data["coded_sentences"]], 2):
        return None
    if not _strings(data["unused_waivers"]) or not isinstance(data["flagged"], list):
        return None
    try:
        flagged = tuple(_cue_sentence(item, data["seed"]) for item in data["flagged"])
    except ValueError:
        return None
    return DocumentCoverage(
        data["document"], data["seed"], data["yaml"], data["sentences"], flagged, tuple(data["unused_waivers"]), data["coded_sentences"]
    )


# --------------------------------------------------------------------------- the cached audit


LOAD_ALL_SHARE = 4
"""When more than one document in this many has no usable entry, the whole corpus is loaded (one load validates it and
gives every document to audit) instead of asking :func:`policycmp.cache.validate` and then loading those documents."""


def audit_corpus(root: Path, limits: Limits = DEFAULT, *, use_cache: bool = True, progress: Progress | None = None) -> CachedAudit:
    """Audit the corpus at ``root``: :func:`policycmp.coverage.audit` of :func:`policycmp.loader.load`, with unchanged
    documents' audits read from the cache (see the module docstring). Raises what loading the corpus raises.

    ``progress`` wraps the ids of the documents audited afresh (the CLI's bar).

    The cyclic garbage collector is paused throughout (:func:`policycmp.collector.collector_paused`): reading the packs,
    decoding, encoding and storing the audits make hundreds of thousands of objects and no reference cycle, and each
    full collection meanwhile walks every live object (the loaded corpus too): at 5,000 documents, five of them while
    the audits were encoded (≈ 1.9 s, which is what made filling an empty cache grow faster than the corpus) and
    ≈ 1.7 s of a warm run.
    """
    with collector_paused():
        return _audit_corpus(root, limits, use_cache, progress)


def _audit_corpus(root: Path, limits: Limits, use_cache: bool, progress: Progress | None) -> CachedAudit:
    """The work of :func:`audit_corpus`."""
    if not use_cache:
        return _uncached(root, limits, progress)
    resolved = root.resolve()
    seeds_folder = root / "seeds"
    seeds_shown = _relative(seeds_folder.resolve(), resolved)
    shared = context(limits)
    store = Store(root, COVERAGE_PACKS)
    folders: dict[Path, Path] = {}
    reused: list[DocumentCoverage] = []
    missing: dict[Path, str] = {}  # resolved path of a document to audit -> the key of its entry
    digests: dict[str, str | None] = {}
    paths = document_paths(root)
    seen: dict[Path, str] = {}  # the SHA-256 of the documents to audit, by path: a whole load stores their verdicts
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            return _uncached(root, limits, progress)
        real = resolve_path(path, folders)
        key = _digest(shared, "coverage", _relative(real, resolved), seeds_shown, data)
        result = _entry(store.get(key), seeds_folder, digests)
        if result is None:
            missing[real] = key
            seen[path] = hashlib.sha256(data).hexdigest()
        else:
            reused.append(result)
    if len(missing) * LOAD_ALL_SHARE > len(paths):
        fresh = _audit_loaded(root, limits, missing, {result.document for result in reused}, seen, progress)
        if fresh is None:
            return _uncached(root, limits, progress)
    else:
        from policycmp.cache import validate

        try:
            validate(root, limits)
        except PolicycmpError:
            return _uncached(root, limits, progress)  # the messages of a full load, exactly
        fresh = _audit_files(root, limits, list(missing), progress)
    entries: dict[str, dict[str, Any]] = {}
    for result, real, seed in fresh:
        digest = digests.get(seed) if seed in digests else _seed_digest(seeds_folder, seed)
        if real in missing and digest is not None:
            entries[missing[real]] = {"seed_name": seed, "seed_sha256": digest, "audit": encode(result)}
    # one pack for the run, as a validation stores its verdicts (one write, not one per document); every document's
    # key was asked for above, so packs that answer none of them (an older version's, edited files') can go
    store.put_many(entries, complete=True)
    results = sorted([*reused, *(result for result, _, _ in fresh)], key=lambda item: item.document)
    return CachedAudit(CoverageReport(tuple(results)), tuple(sorted(result.document for result, _, _ in fresh)))


def _entry(payload: dict[str, Any] | None, seeds_folder: Path, digests: dict[str, str | None]) -> DocumentCoverage | None:
    """The audit an entry holds, if the entry is well formed and its seed still has the recorded bytes."""
    if payload is None or set(payload) != {"seed_name", "seed_sha256", "audit"}:
        return None
    seed, recorded = payload["seed_name"], payload["seed_sha256"]
    if not isinstance(seed, str) or not isinstance(recorded, str):
        return None
    if seed not in digests:
        digests[seed] = _seed_digest(seeds_folder, seed)
    if digests[seed] != recorded:
        return None
    return decode(payload["audit"])


def _audit_files(root: Path, limits: Limits, paths: list[Path], progress: Progress | None) -> list[tuple[DocumentCoverage, Path, str]]:
    """Load and audit the named documents: each audit with the document's resolved path and its seed's file name."""
    if not paths:
        return []
    from policycmp.loader import load_files

    corpus = load_files(paths, root, limits=limits)
    report = coverage.audit(corpus, progress)
    found = []
    for result in report.documents:
        doc = corpus.documents[result.document]
        found.append((result, doc.path, doc.seed_path.name))
    return found


def _audit_loaded(
    root: Path, limits: Limits, missing: dict[Path, str], reused: set[str], seen: dict[Path, str], progress: Progress | None
) -> list[tuple[DocumentCoverage, Path, str]] | None:
    """Load the whole corpus (raising what the load raises) and audit the documents at the ``missing`` paths; None when
    the loaded documents are not those paths' and the ``reused`` ids' (the corpus changed meanwhile).

    The load has validated every file, so the verdicts are stored in the validation cache too
    (:func:`policycmp.cache.remember`): the next ``policycmp validate`` parses nothing. ``seen``: the SHA-256 of the
    documents to audit, as read to key their audits (a digest, not the bytes: 5,000 documents' bytes would add
    60 MiB to the run's peak); the codebook's and the manifest's are read here, before the load. The documents whose
    audits were reused get no verdict stored here (after an empty cache there are none; otherwise their verdicts are
    usually stored already)."""
    from policycmp.cache import MANIFEST, remember
    from policycmp.layout import CODEBOOK
    from policycmp.loader import load

    seen = dict(seen)
    for name in (CODEBOOK, MANIFEST):
        with suppress(OSError):
            seen[root / name] = hashlib.sha256((root / name).read_bytes()).hexdigest()
    corpus = load(root, limits=limits)
    by_path = {doc.path: key for key, doc in corpus.documents.items()}
    if not set(missing) <= set(by_path):
        return None
    audited = {by_path[path] for path in missing}
    if len(audited) != len(missing) or audited & reused or audited | reused != set(corpus.documents):
        return None
    remember(root, corpus, seen, limits)
    report = coverage.audit(corpus, progress, only=audited)
    documents = corpus.documents
    return [(result, documents[result.document].path, documents[result.document].seed_path.name) for result in report.documents]


def _uncached(root: Path, limits: Limits, progress: Progress | None) -> CachedAudit:
    from policycmp.loader import load

    report = coverage.audit(load(root, limits=limits), progress)
    return CachedAudit(report, tuple(doc.document for doc in report.documents))
