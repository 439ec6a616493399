"""A content-addressed cache of validation verdicts: re-validating an unchanged corpus is cheap.

Only *valid* verdicts are stored. A file with problems is checked again on every run, so every
message is fresh. Entries live under ``<root>/.policycmp_cache/`` (a folder that holds its own
``.gitignore``): a validation writes the entries it makes together, as one *pack* (a JSON file named by
the SHA-256 of its contents, :meth:`Store.put_many`), and :meth:`Store.put` writes one small JSON file
per entry, named by its key. An entry is found under its key either way:

- **a coded document**: the key digests the policycmp version, the size limits, the codebook's
  bytes, the document's file name and bytes, and the names and bytes of the extra codings that
  refer to it (``recommendations/codings/<id>.<coder>.yaml``). The entry records the seed the
  document names with that seed's SHA-256, its counts and the holders it quotes; it is used
  only while the seed file's bytes and the manifest's line for it both still have that digest;
- **the codebook**: keyed by the version, the limits and its bytes (its summary figures and its
  warnings, such as PC320 similar holders, which depend on the codebook alone);
- **the manifest** ``seeds/SHA256SUMS``: keyed by the same and its bytes (its entries).

The checks that span files (document ids and seeds each used once, no two seeds with the same
text, every seed listed in the manifest and intact) run on every call from the recorded facts.
When nothing changed, no YAML is parsed and neither pydantic nor pandas is imported.

When an entry is missing, only the files it covers are checked again, with the loader's own
checks (given the bytes read to key them, and the seeds' digests taken as they were read, so
nothing is read or hashed twice); the other verdicts are reused. If a problem found then involves a reused verdict (two
documents with one id or one seed), the whole corpus is checked again without the cache, so the
messages are exactly those of a full check. An unreadable, truncated or altered entry (its
payload carries its own SHA-256) is ignored, never trusted; a cache that cannot be written (a
read-only corpus) is simply not written.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, astuple, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policycmp.atomic import replace_file
from policycmp.errors import CorpusError, Problem
from policycmp.layout import CODEBOOK, coding_paths, document_paths, summary_line
from policycmp.limits import DEFAULT, Limits
from policycmp.version import __version__

if TYPE_CHECKING:
    from policycmp.loader import Checker, DocumentFacts
    from policycmp.models import Codebook
    from policycmp.records import CorpusRecord

CACHE_DIR = ".policycmp_cache"
"""Folder of the cache, inside the corpus root (git-ignored by the ``.gitignore`` written inside it)."""

MANIFEST = "seeds/SHA256SUMS"

_LAYOUT = "v3"
"""Bumped whenever the shape of an entry changes, so entries of another layout are never read."""


def _digest(*parts: bytes | str) -> str:
    """SHA-256 of the parts, each prefixed by its length (so no two sequences of parts collide by concatenation)."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


PACKS = "packs"
"""Sub-folder of the packs: files of many entries each, written by :meth:`Store.put_many`."""

MAX_PACKS = 8
"""When a new pack would make more than this many, the packs read are merged into the new one."""


def _wrapper(key: str, payload: dict[str, Any]) -> dict[str, Any]:
    """An entry as stored: its key, its payload and the payload's SHA-256 (so an altered payload is never trusted)."""
    return {"key": key, "payload": payload, "sha256": _digest(json.dumps(payload, sort_keys=True))}


def _unwrap(wrapper: Any, key: str) -> dict[str, Any] | None:
    """The payload of a stored entry, or None unless it is a whole entry for ``key`` whose payload matches its digest."""
    try:
        payload = wrapper["payload"]
        if wrapper["key"] != key or wrapper["sha256"] != _digest(json.dumps(payload, sort_keys=True)):
            return None
    except (ValueError, KeyError, TypeError):
        return None
    return payload if isinstance(payload, dict) else None


class Store:
    """Entries in packs and in small JSON files named by their key; reads never fail, writes are atomic and may silently fail.

    A pack is written whole, under a name that is the SHA-256 of its bytes, and never changed; concurrent
    runs each write their own. A pack whose bytes still have the digest its name gives is as it was written,
    so its entries are used as they stand (re-serialising every payload to check its own digest was most of
    a warm run); an entry of any other pack, and a lone entry, is checked by its key and its payload's digest.
    So a truncated, altered or foreign pack or entry is ignored, never trusted.
    """

    def __init__(self, root: Path, packs: str = PACKS) -> None:
        """``packs``: the folder of this store's packs; another kind of entry (the coverage audit's) keeps its own, so a
        run reads only the packs of its kind."""
        self.folder = root / CACHE_DIR / _LAYOUT
        self.packs_folder = self.folder / packs
        self._packed: dict[str, Any] | None = None
        self._packs: list[Path] = []
        self._source: dict[str, Path] = {}
        """The pack each key's entry (the one :meth:`get` reads) comes from."""
        self.asked: set[str] = set()
        """Every key :meth:`get` was asked for: what a run that asks for every key its corpus can use still needs."""
        self.whole: set[str] = set()
        """Keys whose entry (the one :meth:`get` reads) comes from a pack whose bytes have the digest its name gives."""

    def packed(self) -> dict[str, Any]:
        """The stored wrappers of every readable pack by key, newest pack first, read once (checked by :meth:`get`);
        notes in :attr:`whole` the keys read from a pack whose bytes have the digest its name gives."""
        if self._packed is None:
            self._packed = {}
            for path in _newest_first(self.packs_folder.glob("*.json")):
                try:
                    body = path.read_bytes()
                    pack = json.loads(body)
                    wrappers = pack["entries"] if isinstance(pack, dict) else None
                except (OSError, ValueError, KeyError, TypeError):
                    continue
                if isinstance(wrappers, list):
                    self._packs.append(path)
                    whole = path.name == f"{hashlib.sha256(body).hexdigest()}.json"
                    for wrapper in wrappers:
                        if isinstance(wrapper, dict) and isinstance(wrapper.get("key"), str) and wrapper["key"] not in self._packed:
                            self._packed[wrapper["key"]] = wrapper
                            self._source[wrapper["key"]] = path
                            if whole:
                                self.whole.add(wrapper["key"])
        return self._packed

    def get(self, key: str) -> dict[str, Any] | None:
        """The payload stored under ``key`` (the newest pack's, when several hold it), or None if absent, unreadable or altered."""
        self.asked.add(key)
        wrapper = self.packed().get(key)
        if wrapper is not None:
            if key in self.whole:  # as written by put_many, which wraps every entry checked
                payload = wrapper.get("payload")
                if isinstance(payload, dict) and "sha256" in wrapper:
                    return payload
            payload = _unwrap(wrapper, key)
            if payload is not None:
                return payload
        try:
            wrapper = json.loads((self.folder / key[:2] / key).read_bytes())
        except (OSError, ValueError):
            return None
        return _unwrap(wrapper, key)

    def _prepare(self, folder: Path) -> None:
        """Create ``folder`` and the cache's ``.gitignore`` (raises :class:`OSError`)."""
        folder.mkdir(parents=True, exist_ok=True)
        ignore = self.folder.parent / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# written by policycmp: the validation cache is never committed\n*\n", encoding="utf-8")

    def put(self, key: str, payload: dict[str, Any]) -> None:
        """Store ``payload`` under ``key`` (written to a temporary file, then renamed into place)."""
        body = json.dumps(_wrapper(key, payload), sort_keys=True)
        folder = self.folder / key[:2]
        try:
            self._prepare(folder)
            replace_file(folder / key, body.encode("utf-8"), parents=False)
        except OSError:
            return

    def put_many(self, items: dict[str, dict[str, Any]], *, complete: bool = False) -> None:
        """Store every payload of ``items`` under its key, all in one new pack (one file written, not one per entry).

        When that would make more than :data:`MAX_PACKS` packs, the entries of the packs read so far
        go into the new pack too and those packs are removed (a run reading one meanwhile finds fewer
        entries and checks their files again).

        ``complete``: the caller has asked (:meth:`get`) for every key the corpus as it stands can use. Then the
        cache stops growing with what no run will ask for again (entries of an older policycmp version, codebook
        or limits, of edited files): once the new pack is written, every pack read that answers none of the keys
        asked (beyond those the new pack holds) is removed, and a merge keeps only the entries asked for. An entry
        left behind this way costs one check of its files again if it is ever wanted, never a wrong answer.
        """
        if not items:
            return
        packed = self.packed()
        entries = {key: _encoded(key, payload) for key, payload in items.items()}
        merge = len(self._packs) + 1 > MAX_PACKS
        if merge:
            for key, wrapper in packed.items():
                if key not in entries and (key in self.asked or not complete) and _unwrap(wrapper, key) is not None:
                    entries[key] = json.dumps(wrapper, sort_keys=True)
        body = ('{"entries": [' + ", ".join(entries[key] for key in sorted(entries)) + "]}").encode("utf-8")
        name = f"{hashlib.sha256(body).hexdigest()}.json"
        try:
            self._prepare(self.packs_folder)
            replace_file(self.packs_folder / name, body, parents=False)
        except OSError:
            return
        needed = {self._source[key] for key in self.asked - entries.keys() if key in self._source} if complete else set(self._packs)
        for path in self._packs:
            if path.name != name and (merge or path not in needed):
                path.unlink(missing_ok=True)


def _encoded(key: str, payload: dict[str, Any]) -> str:
    """``_wrapper(key, payload)`` as ``json.dumps(..., sort_keys=True)`` writes it, serialising the payload once (its
    text is both what the digest covers and what the pack holds)."""
    text = json.dumps(payload, sort_keys=True)
    return f'{{"key": {json.dumps(key)}, "payload": {text}, "sha256": {json.dumps(_digest(text))}}}'


def _newest_first(paths: Iterable[Path]) -> list[Path]:
    """``paths`` newest first (by modification time, then name), leaving out any that vanished meanwhile.

    A key can be in two packs: a document's entry is keyed by its own bytes and records its seed's
    digest, so after an edit of the seed alone the next run stores a new entry under the same key.
    The newest is the one written for the files as they are now; an older one would only fail its
    seed check and have the document checked again on every run.
    """
    dated: list[tuple[int, str, Path]] = []
    try:
        for path in paths:
            try:
                dated.append((path.stat().st_mtime_ns, path.name, path))
            except OSError:
                continue
    except OSError:
        return []
    return [path for _, _, path in sorted(dated, reverse=True)]


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


@dataclass(frozen=True)
class Group:
    """A coded document and the extra codings that refer to it (file name ``<its stem>.<coder>.yaml``)."""

    path: Path
    codings: tuple[Path, ...]


def groups(root: Path) -> tuple[list[Group], list[Path]]:
    """Every coded document with its extra codings, and the extra codings that refer to no coded document."""
    mains = document_paths(root)
    stems = Counter(p.stem for p in mains)
    by_stem: dict[str, list[Path]] = {}
    loose: list[Path] = []
    for path in coding_paths(root):
        stem = path.name.split(".", 1)[0]
        if stems.get(stem) == 1:
            by_stem.setdefault(stem, []).append(path)
        else:
            loose.append(path)
    return [Group(p, tuple(by_stem.get(p.stem, ()))) for p in mains], loose


class Keys:
    """The keys of one corpus's entries: every one depends on the version, the limits and the codebook's bytes."""

    def __init__(self, limits: Limits, codebook: bytes) -> None:
        self.context = _digest(_LAYOUT, __version__, repr(astuple(limits)), codebook)

    @property
    def codebook(self) -> str:
        return _digest(self.context, "codebook")

    def manifest(self, data: bytes) -> str:
        return _digest(self.context, "manifest", data)

    def group(self, group: Group) -> str | None:
        """The key of a document's entry, or None when one of its files cannot be read."""
        return self.group_read(group)[0]

    def group_read(self, group: Group) -> tuple[str | None, dict[Path, bytes]]:
        """The key of :meth:`group` and the bytes it was computed from, by path (so a check of the files need not read them again)."""
        parts: list[bytes | str] = [self.context, "document"]
        read: dict[Path, bytes] = {}
        for path in (group.path, *group.codings):
            data = _read(path)
            if data is None:
                return None, {}
            parts += [path.name, data]
            read[path] = data
        return _digest(*parts), read


def _is_entry(payload: dict[str, Any] | None) -> bool:
    if payload is None:
        return False
    counts = ("recommendations", "waivers", "codings")
    return (
        all(isinstance(payload.get(k), str) for k in ("id", "seed", "seed_sha256"))
        and all(type(payload.get(k)) is int for k in counts)
        and isinstance(payload.get("holders"), list)
        and all(isinstance(h, str) for h in payload["holders"])
    )


class Seeds:
    """The seeds' SHA-256 digests, each file hashed at most once per run."""

    def __init__(self, root: Path) -> None:
        self.folder = root / "seeds"
        self.digests: dict[str, str | None] = {}

    def digest(self, name: str) -> str | None:
        if name not in self.digests:
            data = _read(self.folder / name) if "/" not in name and "\\" not in name else None
            self.digests[name] = None if data is None else hashlib.sha256(data).hexdigest()
        return self.digests[name]

    def intact(self, name: str, digest: str, listed: dict[str, str]) -> bool:
        """Whether seed ``name`` still has ``digest``, as the manifest says it should."""
        return listed.get(name) == digest and self.digest(name) == digest


def _clash(entries: Iterable[dict[str, Any]]) -> bool:
    """Whether two entries share a document id, a seed, or a seed text (its digest)."""
    items = list(entries)
    return any(len({e[k] for e in items}) < len(items) for k in ("id", "seed", "seed_sha256"))


def _summary(entries: list[dict[str, Any]], book: dict[str, Any]) -> str:
    extra = sum(e["codings"] for e in entries)
    return summary_line(
        files=len(entries) + 1 + extra,
        documents=len(entries),
        recommendations=sum(e["recommendations"] for e in entries),
        waivers=sum(e["waivers"] for e in entries),
        book=book,
        spoke=len({h for e in entries for h in e["holders"]}),
        extra=extra,
    )


_PROBLEM_FIELDS = {"path": str, "line": int, "column": int, "code": str, "slug": str, "message": str}


def _is_book(payload: dict[str, Any] | None) -> bool:
    return (
        payload is not None
        and isinstance(payload.get("version"), str)
        and all(type(payload.get(k)) is int for k in ("themes", "options", "actors", "holders"))
        and isinstance(payload.get("warnings"), list)
        and all(
            isinstance(w, dict) and set(w) == set(_PROBLEM_FIELDS) and all(type(w[k]) is t for k, t in _PROBLEM_FIELDS.items())
            for w in payload["warnings"]
        )
    )


@dataclass(frozen=True)
class Verdict:
    """A valid corpus's summary line and its warnings (problems that leave it valid), as a full check gives them."""

    summary: str
    warnings: tuple[Problem, ...]


def _verdict(entries: list[dict[str, Any]], book: dict[str, Any]) -> Verdict:
    return Verdict(_summary(entries, book), tuple(Problem(**w) for w in book["warnings"]))


def validate(root: Path, limits: Limits = DEFAULT, *, use_cache: bool = True) -> Verdict:
    """Validate the whole corpus at ``root`` and return its verdict; raises :class:`CorpusError` with every problem.

    With ``use_cache`` the verdicts of unchanged files come from the cache (see the module docstring);
    the answer is always the one a full check would give.
    """
    if not use_cache:
        return _uncached(root, limits)
    codebook = _read(root / CODEBOOK)
    manifest = _read(root / MANIFEST)
    if codebook is None or manifest is None:
        return _uncached(root, limits)
    store, keys = Store(root), Keys(limits, codebook)
    book = store.get(keys.codebook)
    manifest_entry = store.get(keys.manifest(manifest))
    listed = manifest_entry.get("entries") if manifest_entry is not None else None
    found, loose = groups(root)
    if _is_book(book) and book is not None and isinstance(listed, dict) and not loose:
        seeds = Seeds(root)
        entries = []
        for group in found:
            key = keys.group(group)
            entry = None if key is None else store.get(key)
            if not _is_entry(entry) or entry is None or not seeds.intact(entry["seed"], entry["seed_sha256"], listed):
                break
            entries.append(entry)
        else:
            if not _clash(entries) and _seeds_ok(root, listed, seeds):
                return _verdict(entries, book)
    return _partial(root, limits, store, keys, manifest, found, loose)


def _document_verdict(doc: DocumentFacts, seeds: Seeds, codings: int) -> dict[str, Any]:
    """The verdict stored for a coded document found valid with ``codings`` extra codings: what :func:`validate` counts
    and checks across files without loading it again (its seed and that seed's SHA-256, its holders, its counts)."""
    return {
        "id": doc.id,
        "seed": doc.seed,
        "seed_sha256": seeds.digest(doc.seed) or "",
        "recommendations": doc.recommendations,
        "waivers": doc.waivers,
        "holders": sorted(doc.holders),
        "codings": codings,
    }


def remember(root: Path, corpus: CorpusRecord, seen: dict[Path, str], limits: Limits = DEFAULT) -> None:
    """Store the verdicts of ``corpus``, just loaded whole and valid by :func:`policycmp.loader.load` with ``limits``, so
    the next :func:`validate` answers from the cache without parsing a file (``policycmp coverage`` loads the whole
    corpus when its own cache is empty, and would otherwise leave this one empty).

    ``seen``: the SHA-256 (hex) of files read before the load (the coded documents, the codebook, the manifest), by
    the path :func:`~policycmp.layout.document_paths` and the root give; each entry is keyed by bytes read now, and a
    file whose bytes no longer have the digest seen (edited during the run) has no entry stored, nor does anything when the
    codebook or the manifest changed. Verdicts already stored are not written again; nothing is stored when the
    corpus has extra codings that refer to no coded document (:func:`validate` checks those on every run anyway).
    """
    codebook, manifest = _read(root / CODEBOOK), _read(root / MANIFEST)
    if codebook is None or manifest is None:
        return
    digests = {root / CODEBOOK: hashlib.sha256(codebook).hexdigest(), root / MANIFEST: hashlib.sha256(manifest).hexdigest()}
    if any(seen.get(path) != digest for path, digest in digests.items()):
        return
    found, loose = groups(root)
    if loose:
        return
    from policycmp.loader import Checker, DocumentFacts

    run = Checker(root, limits)
    run.read_manifest()
    if run.manifest is None or run.problems:
        return
    listed = {name: digest for name, (digest, _line) in run.manifest.entries.items()}
    store, keys, seeds = Store(root), Keys(limits, codebook), Seeds(root)
    by_path = {doc.path.resolve(): doc for doc in corpus.documents.values()}
    made: dict[str, dict[str, Any]] = {}
    complete = True  # every key this corpus can use is asked for below, so what the store holds beyond them can go
    for group in found:
        doc = by_path.get(group.path.resolve())
        key, read = keys.group_read(group)
        if key is None:
            complete = False
            continue
        stored = store.get(key)
        if doc is None or group.path not in seen or hashlib.sha256(read[group.path]).hexdigest() != seen[group.path]:
            continue
        if len(corpus.codings.get(doc.id, ())) != len(group.codings):
            continue
        entry = _document_verdict(DocumentFacts.of(doc), seeds, len(group.codings))
        if listed.get(entry["seed"]) == entry["seed_sha256"] and stored != entry:
            made[key] = entry
    book = _codebook_verdict(corpus.codebook, corpus.warnings)
    _add_new(made, store, {keys.codebook: book, keys.manifest(manifest): {"entries": listed}})
    store.put_many(made, complete=complete)


def _codebook_verdict(codebook: Codebook, warnings: Iterable[Problem]) -> dict[str, Any]:
    """The verdict stored for a valid codebook: its summary figures and the warnings that depend on it alone."""
    return {
        "version": codebook.version,
        "themes": len(codebook.themes),
        "options": len({option.id for theme in codebook.themes for option in theme.options}),
        "actors": len(codebook.actors),
        "holders": len(codebook.holders),
        "warnings": [asdict(w) for w in sorted(warnings)],
    }


def _add_new(made: dict[str, dict[str, Any]], store: Store, payloads: dict[str, dict[str, Any]]) -> None:
    """Add to ``made`` each of ``payloads`` the store does not already hold as it is (so a run that changed a few
    documents writes a pack of those alone, not another copy of the codebook's and the manifest's entries)."""
    for key, payload in payloads.items():
        if store.get(key) != payload:
            made[key] = payload


def _seeds_ok(root: Path, listed: dict[str, Any], seeds: Seeds) -> bool:
    """Every seed text (``seeds/*.txt``) is listed, and every listed seed exists with its digest."""
    try:
        texts = {p.name for p in (root / "seeds").glob("*.txt")}
    except OSError:
        return False
    return texts <= set(listed) and all(isinstance(d, str) and seeds.intact(n, d, listed) for n, d in listed.items())


def _uncached(root: Path, limits: Limits) -> Verdict:
    """The verdict of a full check of every file (:func:`policycmp.loader.validate_corpus`: each document let go once checked)."""
    from policycmp.loader import validate_corpus

    checked = validate_corpus(root, limits=limits)
    return Verdict(checked.summary, checked.warnings)


def _partial(root: Path, limits: Limits, store: Store, keys: Keys, manifest: bytes, found: list[Group], loose: list[Path]) -> Verdict:
    """Check what the cache does not vouch for with the loader's checks, reuse the rest, and store the new valid verdicts.

    The cyclic garbage collector is paused meanwhile, as during a load (:func:`policycmp.collector.collector_paused`).
    """
    from policycmp.collector import collector_paused

    with collector_paused():
        return _partial_checked(root, limits, store, keys, manifest, found, loose)


def _partial_checked(
    root: Path, limits: Limits, store: Store, keys: Keys, manifest: bytes, found: list[Group], loose: list[Path]
) -> Verdict:
    """The work of :func:`_partial`."""
    from policycmp import crossref
    from policycmp.loader import Checker, DocumentFacts

    run = Checker(root, limits, keep_seeds=False)  # each document's facts are kept, not the document: memory of one at a time
    codebook = run.codebook()
    run.read_manifest()
    listed = {name: digest for name, (digest, _line) in run.manifest.entries.items()} if run.manifest is not None else {}
    usable = codebook is not None and run.manifest is not None and not run.problems
    seeds = Seeds(root)
    reused: list[dict[str, Any]] = []
    fresh: list[tuple[Group, str | None, DocumentFacts | None, int]] = []
    for group in found:
        key, read = keys.group_read(group) if usable else (None, {})
        entry = None if key is None else store.get(key)
        if _is_entry(entry) and entry is not None and seeds.intact(entry["seed"], entry["seed_sha256"], listed):
            reused.append(entry)
            continue
        run.given.update(read)  # the loader takes these bytes instead of reading the files again
        before = len(run.problems)
        loaded = run.document(group.path, hold_seed=bool(group.codings))  # let go at the next one: only its facts are used from here on
        fresh.append((group, key, None if loaded is None else DocumentFacts.of(loaded), len(run.problems) - before))
    seeds.digests.update(run.seed_sha256)  # the seeds the loader read, hashed as it read them
    mains = {d.id: d.seed for _g, _k, d, _n in fresh if d is not None}
    new: list[dict[str, Any]] = []
    made: dict[str, dict[str, Any]] = {}
    for group, key, facts, problems in fresh:
        before = len(run.problems)
        valid = [run.coding(path, mains) is not None for path in group.codings]
        if facts is None or problems or len(run.problems) > before or not all(valid):
            continue
        entry = _document_verdict(facts, seeds, len(valid))
        new.append(entry)
        if key is not None and listed.get(entry["seed"]) == entry["seed_sha256"]:
            made[key] = entry
    for path in loose:
        run.coding(path, mains)
    run.check_manifest_files()
    run.problems += crossref.duplicate_documents(run.doc_ids)
    if reused and (_clash([*reused, *new]) or _clash_with_fresh(reused, run)):
        store.put_many(made, complete=usable)  # each valid verdict stands on its own bytes, whatever the rest of the corpus holds
        return _uncached(root, limits)  # a clash with a reused verdict: a full check gives the located messages
    if run.problems or codebook is None:
        store.put_many(made, complete=usable)
        raise CorpusError(run.problems + run.warnings)
    book = _codebook_verdict(codebook, run.warnings)
    _add_new(made, store, {keys.codebook: book, keys.manifest(manifest): {"entries": listed}})
    store.put_many(made, complete=usable)
    return _verdict([*reused, *new], book)


def _clash_with_fresh(reused: list[dict[str, Any]], run: Checker) -> bool:
    """Whether a freshly checked document (valid or not) shares an id, a seed or a seed's text with a reused verdict."""
    ids = {e["id"] for e in reused}
    names = {e["seed"] for e in reused}
    digests = {e["seed_sha256"] for e in reused}
    return (
        any(ident in ids for ident, _doc in run.doc_ids)
        or any(name in names for name in run.seed_users)
        or any(digest in digests for digest in run.seed_digests)
    )
