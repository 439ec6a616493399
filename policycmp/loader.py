"""Load and validate a corpus: ``policycmp.load()``.

A corpus root holds ``recommendations/codebook.yaml``, one ``recommendations/<id>.yaml``
per coded document, and the source texts under ``seeds/`` with their checksum
manifest ``seeds/SHA256SUMS``. Loading reads every file safely, within the size
limits of :mod:`policycmp.limits` (checked before a file is read whole)
(:mod:`policycmp.yamlsafe`), validates it against the schema
(:mod:`policycmp.models`, messages from :mod:`policycmp.messages`), checks the
references between files (:mod:`policycmp.crossref`) and anchors every quote in
its seed (:mod:`policycmp.anchor`). All problems of all files are collected
into one :class:`~policycmp.errors.CorpusError`.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel

from policycmp import anchor, codings, crossref, lookalikes, roots
from policycmp.collector import collector_paused
from policycmp.data import CorpusData
from policycmp.errors import CorpusError, Problem, ProblemSlug, UsageError, excerpt, problem
from policycmp.layout import CODEBOOK, SUFFIXES, document_paths, summary_line
from policycmp.limits import DEFAULT, Limits, option, size
from policycmp.messages import validate
from policycmp.models import Codebook, CodedDocument
from policycmp.records import Anchored, AnchoredWaiver, LoadedDocument, Segment
from policycmp.yamlfast import Deferred, read_fast
from policycmp.yamlsafe import Located, decode, read

__all__ = [
    "CODEBOOK",
    "Checker",
    "DocumentFacts",
    "Validated",
    "document_paths",
    "find_root",
    "load",
    "load_files",
    "summarise",
    "validate_corpus",
    "validate_files",
]


_BOM = "\ufeff".encode()


def _is_root(path: Path) -> bool:
    return (path / CODEBOOK).is_file()


def find_root(root: str | os.PathLike[str] | None = None) -> Path:
    """The corpus root to use.

    An explicit ``root`` must be an existing directory. Without one: the current
    directory or the nearest parent holding ``recommendations/codebook.yaml``, then
    the corpus shipped inside the installed package, then the source checkout.
    """
    if root is not None:
        path = Path(root)
        if not path.is_dir():
            raise UsageError(f"corpus root '{path}' is not a directory")
        return path.resolve()
    here = Path.cwd().resolve()
    package = roots.package_dir()
    for candidate in (here, *here.parents, package / "_corpus", package.parent):
        if _is_root(candidate):
            return candidate
    raise UsageError(
        f"no corpus found: neither {here} nor its parents hold {CODEBOOK}, and the installed package ships none; "
        "run from the corpus directory or pass the root (policycmp.load('path/to/corpus'), policycmp validate --root DIR)"
    )


@dataclass
class Checker:
    """One check of a corpus, file by file: the root, the problems found so far and what is known of the codebook,
    the manifest and the documents checked.

    :func:`load` and :func:`validate_corpus` drive one over every file (:func:`_check_all`); the validation cache
    (:mod:`policycmp.cache`) drives one over the files its stored verdicts do not cover, with the same checks:
    :meth:`codebook` and :meth:`read_manifest` first, then :meth:`document` for each main coding, :meth:`coding` for
    each extra one, :meth:`check_manifest_files`, and the problems and warnings collected in :attr:`problems` and
    :attr:`warnings`.
    """

    root: Path
    limits: Limits = DEFAULT
    problems: list[Problem] = field(default_factory=list)
    ids: crossref.Ids | None = None
    manifest: crossref.Manifest | None = None
    seeds: dict[str, str | None] = field(default_factory=dict)
    """Seed texts read so far by file name; None for a seed that could not be read (its problem is already reported)."""
    doc_ids: list[tuple[str, Located]] = field(default_factory=list)
    all_seeds: dict[str, str] | None = None
    """Every readable seed text by name, read on the first quote not found (to say where it is instead)."""
    seed_users: dict[str, str] = field(default_factory=dict)
    """Seed name → the coded document that names it first (a seed is coded in one document)."""
    seed_digests: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Seed checksum → (seed name, main coding naming it first): a copied seed is still one text."""
    field_sets: dict[frozenset[str], set[str]] = field(default_factory=dict)
    """One shared ``model_fields_set`` per combination of given fields (:func:`_share_field_sets`)."""
    warnings: list[Problem] = field(default_factory=list)
    """Problems of warning kinds (:attr:`policycmp.errors.Kind.warning`): reported, but the corpus stays valid."""
    given: dict[Path, bytes] = field(default_factory=dict)
    """Contents of files a caller has read already (the cache, to key them), each taken by :meth:`read_bytes` instead of reading again."""
    seed_sha256: dict[str, str] = field(default_factory=dict)
    """SHA-256 (hex) of each seed's bytes as read by :meth:`seed_text`, by file name: a seed is read and hashed once."""
    folders: dict[Path, Path] = field(default_factory=dict)
    """Folders resolved so far (:meth:`resolved`)."""
    files: dict[Path, Path] = field(default_factory=dict)
    """Files resolved so far (:meth:`resolved`): a document's path is resolved once, not for each use of it."""
    keep_seeds: bool = True
    """Whether seed texts stay in :attr:`seeds` for the whole run. False when the loaded documents are not kept
    (:func:`validate_corpus`): each seed text is then let go once the document that read it is checked (:meth:`release_seeds`),
    and read again if a later file names the same seed (an extra coding), so the run holds one document at a time."""
    held: list[str] = field(default_factory=list)
    """Seeds read since the last :meth:`release_seeds`, when :attr:`keep_seeds` is False."""
    released: set[str] = field(default_factory=set)
    """Seeds read whole and let go (:meth:`release_seeds`): their problems are reported, their text is read again on use."""

    def rel(self, path: Path) -> str:
        try:
            return self.resolved(path).relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def resolved(self, path: Path) -> Path:
        """``path.resolve()``, with each folder resolved once: a file that is no symbolic link resolves to its resolved
        folder and its name, which costs one ``lstat`` instead of one per component of the path."""
        found = self.files.get(path)
        if found is not None:
            return found
        name = path.name
        if name in ("", ".", "..") or path.is_symlink():
            found = path.resolve()
        else:
            folder = self.folders.get(path.parent)
            if folder is None:
                folder = self.folders[path.parent] = path.parent.resolve()
            found = folder / name
        self.files[path] = found
        return found

    def read_bytes(self, path: Path, name: str, limit: int | None = None, what: str = "max_file_bytes") -> bytes | None:
        """The file's contents, or None after reporting why it cannot be read.

        At most ``limit`` bytes are read (the YAML file limit by default): a larger file is
        reported as ``file-too-large`` without being read whole.
        """
        limit = self.limits.max_file_bytes if limit is None else limit
        data = self.given.pop(path, None)
        if data is not None:
            data = data if len(data) <= limit else None  # what read_capped gives for these bytes
        else:
            try:
                data = read_capped(path, limit)
            except OSError as exc:
                self.problems.append(
                    problem(ProblemSlug.UNREADABLE_FILE, name, 1, 1, f"cannot read the file ({exc.strerror or type(exc).__name__})")
                )
                return None
        if data is None:
            self.problems.append(
                problem(
                    ProblemSlug.FILE_TOO_LARGE,
                    name,
                    1,
                    1,
                    f"the file is larger than the limit of {size(limit)}: check that it is the right file "
                    f"(a real corpus that needs more raises the limit with {option(what)})",
                )
            )
        return data

    def read_yaml(self, path: Path) -> Located | None:
        """The file read safely: on the fast path (:func:`~policycmp.yamlfast.read_fast`, locations read
        again only when a problem needs one) when it proves the file is plain data, else located."""
        name = self.rel(path)
        data = self.read_bytes(path, name)
        if data is None:
            return None
        try:
            text = decode(data, name)
            fast = read_fast(text, self.limits, None if data.startswith(_BOM) else data)
            if fast is not None:
                return Deferred(name, fast, text, path, self.limits)
            doc = read(text, name, keep_going=True, limits=self.limits)
        except CorpusError as exc:
            self.problems += exc.problems
            return None
        self.problems += doc.problems
        return doc

    def codebook(self) -> Codebook | None:
        path = self.root / CODEBOOK
        if not path.is_file():
            self.problems.append(
                problem(ProblemSlug.MISSING_CODEBOOK, CODEBOOK, 1, 1, f"the codebook {CODEBOOK} does not exist under {self.root}")
            )
            return None
        doc = self.read_yaml(path)
        if doc is None:
            return None
        codebook, found = validate(Codebook, doc)
        self.problems += found
        self.problems += crossref.check_codebook(doc)
        self.ids = crossref.Ids.of(doc)
        if not isinstance(codebook, Codebook):
            return None
        for found_here in lookalikes.similar_holders(codebook, doc):
            (self.warnings if found_here.severity == "warning" else self.problems).append(found_here)
        return codebook

    def read_manifest(self) -> None:
        path = self.root / "seeds" / crossref.MANIFEST
        if not path.is_file():
            self.problems.append(
                problem(
                    ProblemSlug.MISSING_MANIFEST,
                    f"seeds/{crossref.MANIFEST}",
                    1,
                    1,
                    f"seeds/{crossref.MANIFEST} does not exist, so no seed can be checked byte for byte: restore it "
                    f"(for a new corpus: cd seeds && sha256sum *.txt > {crossref.MANIFEST})",
                )
            )
            return
        name = self.rel(path)
        data = self.read_bytes(path, name)
        if data is None:
            return
        try:
            self.manifest = crossref.Manifest.parse(decode(data, name), name)
        except CorpusError as exc:
            self.problems += exc.problems
            return
        self.problems += self.manifest.problems

    def check_manifest_files(self) -> None:
        """Every file the manifest lists exists and matches (seeds not yet read are read here);
        every seed text (``seeds/*.txt``) is listed."""
        if self.manifest is None:
            return
        for path in sorted((self.root / "seeds").glob("*.txt")):
            if path.name not in self.manifest.entries and path.name not in self.seed_users:  # a named seed is reported at its document
                self.problems.append(
                    problem(
                        ProblemSlug.SEED_NOT_IN_MANIFEST,
                        f"seeds/{path.name}",
                        1,
                        1,
                        f"this seed is not listed in seeds/{crossref.MANIFEST}: add its line (cd seeds && sha256sum "
                        f"{excerpt(path.name)} >> {crossref.MANIFEST}), or remove the file",
                    )
                )
        for name, (_digest, line) in sorted(self.manifest.entries.items()):
            if name not in self.seeds and not crossref.is_file(self.root / "seeds" / name):
                self.problems.append(
                    problem(
                        ProblemSlug.MISSING_SEED, self.manifest.path, line, 1, f"seeds/{excerpt(name)} is listed here but does not exist"
                    )
                )
            elif name not in self.seeds:
                self.seed_text(name)
                self.release_seeds()

    def seed_text(self, name: str) -> str | None:
        """The text of seed ``name``, read, hashed and checked against the manifest the first time it is named; None after
        reporting why it cannot be used."""
        if name in self.released:
            return self.seed_again(name)
        if name in self.seeds:
            return self.seeds[name]
        self.seeds[name] = None
        data = self.read_bytes(self.root / "seeds" / name, f"seeds/{name}", self.limits.max_seed_bytes, "max_seed_bytes")
        if data is None:
            return None
        digest = self.seed_sha256[name] = hashlib.sha256(data).hexdigest()
        if self.manifest is not None and self.manifest.entries.get(name, (digest,))[0] != digest:  # else check() finds nothing
            mismatch = self.manifest.check(name, data)
            if mismatch is not None:
                self.problems.append(mismatch)
        try:
            text = decode(data, f"seeds/{name}")
        except CorpusError as exc:
            self.problems += exc.problems
            return None
        self.seeds[name] = text
        if not self.keep_seeds:
            self.held.append(name)
        return text

    def release_seeds(self, *, hold: bool = False) -> None:
        """Let go of the seed texts read since the last call (when :attr:`keep_seeds` is False; their problems are reported).

        With ``hold`` they stay for the rest of the run instead: the seed of a main coding that extra codings refer to,
        which they anchor their quotes in too (so each seed is still read once).
        """
        if not hold:
            for name in self.held:
                self.seeds[name] = None
                self.released.add(name)
        self.held.clear()

    def seed_again(self, name: str) -> str | None:
        """The text of a seed already read whole and let go (:meth:`release_seeds`): read once more for one document.

        Its checksum and decoding were checked and reported the first time; a file that can no longer be read is
        reported as such (so no document is ever dropped without a problem).
        """
        data = self.read_bytes(self.root / "seeds" / name, f"seeds/{name}", self.limits.max_seed_bytes, "max_seed_bytes")
        if data is None:
            return None
        try:
            text = decode(data, f"seeds/{name}")
        except CorpusError as exc:
            self.problems += exc.problems
            return None
        self.held.append(name)
        self.released.discard(name)
        self.seeds[name] = text
        return text

    def document(
        self,
        path: Path,
        *,
        stem: str | None = None,
        extra: Callable[[Located], list[Problem]] | None = None,
        hold_seed: bool = False,
    ) -> LoadedDocument | None:
        """Check one coded document completely (schema, references, seed, quotes); the loaded document if valid.

        The reference, seed and quote checks run on the raw data even when the schema
        check fails, so that one run reports every problem of the file. A main coding is
        checked against the other main codings (one per seed); an extra coding
        (:meth:`coding`) passes its document id as ``stem`` and its own checks as ``extra``.
        ``hold_seed``: keep the seed text for the rest of the run even when :attr:`keep_seeds` is False (extra
        codings of this document will anchor in it).
        """
        doc = self.read_yaml(path)
        if doc is None:
            return None
        try:
            return self.check(doc, path, stem=stem, extra=extra)
        finally:
            if isinstance(doc, Deferred):
                doc.release()  # only its place is needed from now on (a duplicate id names it)
            self.release_seeds(hold=hold_seed)

    def check(
        self, doc: Located, path: Path, *, stem: str | None = None, extra: Callable[[Located], list[Problem]] | None = None
    ) -> LoadedDocument | None:
        """The checks of :meth:`document` on the file ``path`` read as ``doc``."""
        before = len(self.problems)
        coded, found = validate(CodedDocument, doc)
        self.problems += found
        if self.ids is not None:
            self.problems += crossref.check_document(doc, self.ids, path.stem if stem is None else stem)
        seed_dir = self.root / "seeds"
        seed_found = crossref.seed_problems(doc, seed_dir, self.manifest)
        self.problems += seed_found
        name = crossref.seed_name(doc)
        if extra is not None:
            self.problems += extra(doc)
        elif name is not None:
            self.problems += self.shared_seed(doc, name)
        text = None if name is None or seed_found else self.seed_text(name)
        segments: dict[tuple[str | int, ...], tuple[Segment, ...]] = {}
        for loc, quote, occurrence in crossref.quotes(doc):
            if len(quote) > self.limits.max_quote_chars:
                line, column = doc.locate((*loc, "quote"))
                self.problems.append(
                    problem(
                        ProblemSlug.QUOTE_TOO_LONG,
                        doc.path,
                        line,
                        column,
                        f"the quote has {len(quote):,} characters, more than the limit of {self.limits.max_quote_chars:,}: "
                        f"quote the prescriptive passage only, skipping material with '…' "
                        f"(a real corpus that needs more raises {option('max_quote_chars')})",
                    )
                )
            elif text is not None:
                segments[loc] = self.anchor(doc, text, quote, occurrence, loc)
        if not isinstance(coded, CodedDocument):
            return None
        if extra is None:
            self.doc_ids.append((coded.document.id, doc))
        if len(self.problems) > before or text is None or name is None:
            return None
        _share_field_sets([*coded.recommendations, *coded.waivers], self.field_sets)
        voice = coded.document.voice
        recommendations = [
            Anchored(rec, rec.holder or voice, segments[("recommendations", i)]) for i, rec in enumerate(coded.recommendations)
        ]
        waivers = [AnchoredWaiver(waiver, segments[("waivers", i)]) for i, waiver in enumerate(coded.waivers)]
        return LoadedDocument(coded, self.resolved(path), self.seeds_resolved / name, text, tuple(recommendations), tuple(waivers))

    @cached_property
    def seeds_resolved(self) -> Path:
        """The seeds directory, resolved once per load (every document's seed path starts with it)."""
        return (self.root / "seeds").resolve()

    def shared_seed(self, doc: Located, name: str) -> list[Problem]:
        """A problem when another main coding already names the seed ``name``, or a seed with the same checksum."""
        first = self.seed_users.setdefault(name, doc.path)
        digest = self.manifest.entries[name][0] if self.manifest is not None and name in self.manifest.entries else None
        same_text = self.seed_digests.setdefault(digest, (name, doc.path)) if digest is not None else (name, doc.path)
        if first == doc.path and same_text[1] == doc.path:
            return []
        line, column = doc.locate(("document", "seed"), key=False)
        what = f"seed '{excerpt(name)}' is already coded in {first}" if first != doc.path else (
            f"seed '{excerpt(name)}' has the same checksum as seed '{excerpt(same_text[0])}', already coded in {same_text[1]}"
        )
        return [
            problem(
                ProblemSlug.SEED_CODED_TWICE,
                doc.path,
                line,
                column,
                f"{what}: a seed has one main coding (merge the two files, or correct 'seed' here); "
                f"a second coder's independent coding goes to {codings.CODINGS}/<id>.<coder>.yaml",
            )
        ]

    def coding(self, path: Path, mains: Mapping[str, str]) -> LoadedDocument | None:
        """Check one extra coding (``recommendations/codings/<id>.<coder>.yaml``) as strictly as a main one.

        Its id and seed must be those of the main coding of that id; ``mains``: the seed file name of each main coding
        found valid, by document id (:mod:`policycmp.codings`).
        """
        parsed = codings.parse_name(path)
        if parsed is None:
            self.problems.append(codings.name_problem(self.rel(path)))
            return None
        doc_id = parsed[0]

        def tie(doc: Located) -> list[Problem]:
            line, column = doc.locate(("document", "seed"), key=False)
            exists = (self.root / "recommendations" / f"{doc_id}.yaml").is_file()
            return codings.main_problems(doc.path, line, column, doc_id, crossref.seed_name(doc), mains.get(doc_id), exists)

        return self.document(path, stem=doc_id, extra=tie)

    def anchor(self, doc: Located, text: str, quote: str, occurrence: int | None, loc: tuple[str | int, ...]) -> tuple[Segment, ...]:
        try:
            return anchor.find_quote(text, quote, occurrence)
        except anchor.QuoteAmbiguous as exc:
            slug, where = ProblemSlug.QUOTE_AMBIGUOUS, (*loc, "quote")
            message = str(exc)
        except anchor.OccurrenceOutOfRange as exc:
            slug, where = ProblemSlug.OCCURRENCE_OUT_OF_RANGE, (*loc, "occurrence")
            message = str(exc)
        except anchor.AnchorError as exc:
            slug, where = ProblemSlug.QUOTE_NOT_FOUND, (*loc, "quote")
            elsewhere = self.seed_holding(quote, text)
            message = (
                f"the quote is not in this document's seed, but it is in seeds/{elsewhere}: quote this document's seed, or correct 'seed'"
                if elsewhere
                else str(exc)
            )
        line, column = doc.locate(where)
        self.problems.append(problem(slug, doc.path, line, column, message))
        return ()

    def seed_holding(self, quote: str, text: str) -> str | None:
        """The first other seed (by name) in which ``quote`` is found: a hint for a quote copied from the wrong text."""
        if self.all_seeds is None:
            self.all_seeds = {}
            for path in sorted((self.root / "seeds").glob("*.txt")):
                try:
                    data = read_capped(path, self.limits.max_seed_bytes)
                    if data is not None:
                        self.all_seeds[path.name] = data.decode("utf-8")
                except (OSError, UnicodeDecodeError):
                    continue
        return next((name for name, other in self.all_seeds.items() if other != text and anchor.count_quote(other, quote)), None)


def _share_field_sets(models: Iterable[BaseModel], shared: dict[frozenset[str], set[str]]) -> None:
    """Let models given the same fields share one ``model_fields_set``.

    pydantic keeps on every instance a set of the field names it was given: about 700 bytes for a
    recommendation, more than its values, so some 120 MB for 5,000 documents. The models are
    frozen and nothing in policycmp changes such a set (``model_copy`` makes its own copy), so
    one set per combination of fields serves every record; each keeps the same names.
    """
    for model in models:
        given = model.__pydantic_fields_set__
        same = shared.setdefault(frozenset(given), given)
        if same is not given:
            object.__setattr__(model, "__pydantic_fields_set__", same)


def read_capped(path: Path, limit: int) -> bytes | None:
    """The contents of ``path``, or None when it holds more than ``limit`` bytes (never more is read).

    The first read asks for the size the file says it has (plus one byte, to see its end): asking for ``limit + 1``
    bytes made every read allocate a buffer of the limit (2 MB for YAML, 8 MB for seeds), mapped fresh from the system
    and shrunk afterwards, whose pages faulted in anew for each file (9,000 page faults and ≈ 0.06 s of system time per
    1,000 documents). A file longer than it said is read on, up to ``limit + 1`` bytes in all, as before.
    """
    with path.open("rb") as handle:
        want = min(os.fstat(handle.fileno()).st_size, limit) + 1
        data = handle.read(want)
        if len(data) == want and want <= limit:
            data += handle.read(limit + 1 - want)
    return None if len(data) > limit else data


K = TypeVar("K")


@dataclass(frozen=True)
class DocumentFacts:
    """What a check of the whole corpus needs of one valid coded document once it is checked: enough for the summary
    line (:func:`summarise`) and the cache's verdict (:mod:`policycmp.cache`), a few hundred bytes instead of the
    document with its models and seed text."""

    id: str
    seed: str
    """The seed's file name."""
    recommendations: int
    waivers: int
    holders: frozenset[str]
    """The holders of its recommendations (each resolved: its own holder, else the document's voice)."""

    @classmethod
    def of(cls, doc: LoadedDocument) -> DocumentFacts:
        return cls(doc.id, doc.seed_path.name, len(doc.recommendations), len(doc.waivers), frozenset(a.holder for a in doc.recommendations))


@dataclass(frozen=True)
class _Checked(Generic[K]):
    """A valid corpus as :func:`_check_all` leaves it: each valid document kept as ``keep`` made it, in the order read."""

    codebook: Codebook
    documents: list[K]
    codings: list[K]
    warnings: list[Problem]


@dataclass(frozen=True)
class Validated:
    """A valid corpus's summary line and warnings (problems that leave it valid), as :func:`validate_corpus` gives them."""

    summary: str
    warnings: tuple[Problem, ...]


def _check_all(
    root: Path, paths: Iterable[Path], *, whole: bool, limits: Limits, keep: Callable[[LoadedDocument], K], keep_seeds: bool
) -> _Checked[K]:
    """Check every file, each document once and completely, keeping of each valid one what ``keep`` returns.

    The one pipeline of :func:`load` (which keeps every document) and :func:`validate_corpus` (which keeps its
    :class:`DocumentFacts` only, and with ``keep_seeds`` False lets each seed text go too, so a check of the corpus
    holds one document at a time): every check and every message is made here, whatever is kept. Raises
    :class:`CorpusError` with every problem of every file (and the warnings).
    """
    with collector_paused():
        run = Checker(root, limits, keep_seeds=keep_seeds)
        codebook = run.codebook()
        run.read_manifest()
        paths = list(paths)
        extra_paths = [p for p in paths if codings.in_codings_folder(run.resolved(p))]
        extras_named = set(extra_paths)
        coded_again = {parsed[0] for path in extra_paths if (parsed := codings.parse_name(path)) is not None}
        mains: dict[str, str] = {}
        documents: list[K] = []
        for path in paths:
            if path in extras_named:
                continue
            loaded = run.document(path, hold_seed=path.stem in coded_again)
            if loaded is not None:
                mains[loaded.id] = loaded.seed_path.name  # the last of two with one id, as a dict of them kept
                documents.append(keep(loaded))
        loaded = None  # the last document goes too, before the extra codings are checked
        kept_codings = [keep(coding) for path in extra_paths if (coding := run.coding(path, mains)) is not None]
        if whole:
            run.check_manifest_files()
        run.problems += crossref.duplicate_documents(run.doc_ids)
        if run.problems or codebook is None:
            raise CorpusError(run.problems + run.warnings)
        return _Checked(codebook, documents, kept_codings, sorted(run.warnings))


def _load(root: Path, paths: Iterable[Path], *, whole: bool, limits: Limits = DEFAULT) -> CorpusData:
    checked = _check_all(root, paths, whole=whole, limits=limits, keep=_itself, keep_seeds=True)
    documents = {d.id: d for d in sorted(checked.documents, key=lambda d: d.id)}
    by_doc: dict[str, list[LoadedDocument]] = {}
    for coding in sorted(checked.codings, key=lambda c: (c.id, c.path.name)):
        by_doc.setdefault(coding.id, []).append(coding)
    codings_by_doc = {k: tuple(v) for k, v in by_doc.items()}
    return CorpusData(root=root, codebook=checked.codebook, documents=documents, codings=codings_by_doc, warnings=tuple(checked.warnings))


def _itself(doc: LoadedDocument) -> LoadedDocument:
    return doc


def _validate(root: Path, paths: Iterable[Path], *, whole: bool, limits: Limits) -> Validated:
    checked = _check_all(root, paths, whole=whole, limits=limits, keep=DocumentFacts.of, keep_seeds=False)
    return Validated(_summary(checked.codebook, checked.documents, len(checked.codings)), tuple(checked.warnings))


def load(root: str | os.PathLike[str] | None = None, *, limits: Limits = DEFAULT) -> CorpusData:
    """Load and validate the corpus at ``root`` (see :func:`find_root` for the default).

    ``limits`` sets the size limits (:class:`~policycmp.limits.Limits`; raise one for a
    corpus that needs more). Raises :class:`~policycmp.errors.CorpusError` carrying every
    problem found in every file, or :class:`~policycmp.errors.UsageError` when there is no corpus.
    """
    base = find_root(root)
    return _load(base, [*document_paths(base), *codings.coding_paths(base)], whole=True, limits=limits)


def validate_corpus(root: str | os.PathLike[str] | None = None, *, limits: Limits = DEFAULT) -> Validated:
    """Validate the corpus at ``root`` as :func:`load` does, without keeping it: its summary line and warnings.

    Every file is checked exactly as by :func:`load` (same problems, same messages, same places; the same
    :class:`~policycmp.errors.CorpusError` or :class:`~policycmp.errors.UsageError`), but each document is let go
    once checked, so memory stays that of one document (``policycmp validate``).
    """
    base = find_root(root)
    return _validate(base, [*document_paths(base), *codings.coding_paths(base)], whole=True, limits=limits)


def _named_files(paths: Iterable[str | os.PathLike[str]], root: str | os.PathLike[str] | None) -> tuple[Path, list[Path]]:
    """The corpus root and the coded documents to check for :func:`load_files` and :func:`validate_files`."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir() and _is_root(path):
            files += [path / CODEBOOK, *document_paths(path), *codings.coding_paths(path)]
        elif path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.suffix in SUFFIXES and p.is_file())
            if not inside:
                raise UsageError(f"'{path}' holds no YAML files: name coded documents, the recommendations directory or a corpus root")
            files += inside
        elif path.is_file() and path.suffix in SUFFIXES:
            files.append(path)
        elif path.is_file():
            raise UsageError(f"'{path}' is not a YAML file: name coded documents (.yaml or .yml) or a directory holding them")
        else:
            raise UsageError(f"'{path}' is not a file or directory")
    if root is None and files:
        first = files[0].resolve()
        base = next((parent for parent in first.parents if _is_root(parent)), None) or find_root(None)
    else:
        base = find_root(root)
    return base, [p for p in files if not (p.name == "codebook.yaml" and p.resolve() == (base / CODEBOOK).resolve())]


def load_files(
    paths: Iterable[str | os.PathLike[str]], root: str | os.PathLike[str] | None = None, *, limits: Limits = DEFAULT
) -> CorpusData:
    """Validate only the named coded documents, against the codebook and seeds of ``root``.

    A directory stands for the YAML files directly inside it; a corpus root (a directory
    holding ``recommendations/codebook.yaml``) for its codebook and coded documents.

    Without ``root``, the root is the nearest parent of the first file that holds
    ``recommendations/codebook.yaml`` (else the default of :func:`find_root`). Naming
    the codebook itself validates just the codebook.
    """
    base, documents = _named_files(paths, root)
    return _load(base, documents, whole=False, limits=limits)


def validate_files(
    paths: Iterable[str | os.PathLike[str]], root: str | os.PathLike[str] | None = None, *, limits: Limits = DEFAULT
) -> Validated:
    """:func:`load_files` without keeping the documents (as :func:`validate_corpus` is to :func:`load`): summary and warnings."""
    base, documents = _named_files(paths, root)
    return _validate(base, documents, whole=False, limits=limits)


def summarise(corpus: CorpusData, files: int | None = None) -> str:
    """One line saying what was validated, e.g. '6 files valid: 5 documents, 120 recommendations …'."""
    facts = [DocumentFacts.of(d) for d in corpus.documents.values()]
    return _summary(corpus.codebook, facts, sum(len(c) for c in corpus.codings.values()), files)


def _summary(book: Codebook, documents: list[DocumentFacts], extra: int, files: int | None = None) -> str:
    """:func:`summarise` of a valid corpus's codebook, its documents' facts and its number of extra codings."""
    count = len(documents) + 1 + extra if files is None else files
    options = len({option.id for theme in book.themes for option in theme.options})
    figures: dict[str, str | int] = {"version": book.version, "themes": len(book.themes), "options": options}
    return summary_line(
        files=count,
        documents=len(documents),
        recommendations=sum(d.recommendations for d in documents),
        waivers=sum(d.waivers for d in documents),
        book={**figures, "actors": len(book.actors), "holders": len(book.holders)},
        spoke=len({h for d in documents for h in d.holders}),
        extra=extra,
    )
