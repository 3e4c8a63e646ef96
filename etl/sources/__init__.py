"""Readers for every input kind, one module each, chosen through a dict registry.

A reader is `read(path) -> Batch`: raw articles and comments (schema.RAW_ARTICLES,
schema.RAW_COMMENTS, all text columns as strings, dates unparsed) and the records it could not use
(schema.REJECT_COLUMNS). A reader never raises for bad records; a whole file it cannot read is one
reject. `read_file` takes a file or a live WordPress site's URL; `read_input` also a folder;
`read_blocks` hands a file over in Batches of bounded size where its reader can (CSV comments).
Private helpers: `_textfile` (encodings), `_xml` (safe streaming XML); `http` is the one HTTP
session every site reader is given.
"""

from collections.abc import Iterator
from pathlib import Path

from etl.schema import reject
from etl.sources import _xml, article_list, disqus, http, omp, page, tabular, wordpress_api, wxr
from etl.sources.batch import Batch, SourceError, concat, make_batch

__all__ = [
    "READERS",
    "Batch",
    "SourceError",
    "concat",
    "detect",
    "files_of",
    "is_url",
    "make_batch",
    "read_blocks",
    "read_file",
    "read_input",
]

# Readers that hand a file over in Batches of at most so many comments (`read_blocks`).
_BLOCK_READERS = {"csv": tabular.iter_csv}


def _read_site(url):
    """A live WordPress site read whole (a first pull, no state kept): see wordpress_api.read_site
    for incremental pulls."""
    with http.make_session() as session:
        return wordpress_api.read_site(url, session)[0]


READERS = {
    "page": page.read,
    "csv": tabular.read_csv,
    "jsonl": tabular.read_jsonl,
    "articles-csv": article_list.read_csv,
    "articles-jsonl": article_list.read_jsonl,
    "wxr": wxr.read,
    "disqus": disqus.read,
    "xml": _xml.read_unrecognised,
    "omp": omp.read_csv,
    "omp-sqlite": omp.read_sqlite,
    wordpress_api.KIND: _read_site,
}

_SUFFIXES = {
    ".txt": "page",
    ".text": "page",
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".xml": "xml",
    ".csv.xz": "omp",
    ".csv.gz": "omp",
    ".csv.bz2": "omp",
    ".sqlite": "omp-sqlite",
    ".sqlite3": "omp-sqlite",
    ".db": "omp-sqlite",
}

# What sits beside data in a sample folder (scripts, docs, configs): skipped without a reject.
_IGNORED_SUFFIXES = {
    ".py",
    ".pyc",
    ".md",
    ".rst",
    ".toml",
    ".json",
    ".yaml",
    ".yml",
    ".cfg",
    ".ini",
    ".lock",
    ".log",
    ".gitignore",
    ".gitkeep",
}
_IGNORED_STEMS = {"readme", "license", "licence", "changelog", "notice", "authors", "makefile"}


def is_url(text: Path | str) -> bool:
    """True for an http(s) URL (a WordPress site), False for a file or folder path."""
    return isinstance(text, str) and text.strip().lower().startswith(("http://", "https://"))


def detect(path: Path | str) -> str | None:
    """The reader kind for an input, or None if none fits.

    An http(s) URL, given as a str (Path() would mangle its "//"), is a "wordpress-api" site.

    By suffix first (".txt" page, ".csv" csv, ".jsonl" jsonl, ".sqlite"/".db" omp-sqlite, ...);
    where one suffix serves several kinds, by a look inside an existing file: an .xml file's root
    element (WordPress "wxr", "disqus", else "xml", which rejects it with a reason), a CSV's
    header (ID_Post first: the One Million Posts corpus, "omp"; `article_id` without `comment_id`:
    an article list, "articles-csv") and the objects of a JSON Lines file's first 64 KiB (`article_id` without
    `comment_id`: "articles-jsonl"). Compressed CSV is read as the corpus only.
    """
    if is_url(path):
        return wordpress_api.KIND
    path = Path(path)
    kind = _SUFFIXES.get(_suffix(path))
    if kind == "xml" and path.is_file():
        root = _xml.sniff_root(path)
        return next(
            (
                name
                for name, module in (("wxr", wxr), ("disqus", disqus))
                if root is not None and module.recognises(root)
            ),
            "xml",
        )
    if kind == "csv" and path.is_file():
        if omp.is_posts_csv(path):
            return "omp"
        return "articles-csv" if article_list.is_article_list(path) else "csv"
    if kind == "jsonl" and path.is_file() and article_list.is_article_list(path):
        return "articles-jsonl"
    return kind


def _suffix(path):
    # ".csv.xz" is one suffix to us; "report.v2.csv" is still ".csv".
    double = "".join(path.suffixes[-2:]).lower()
    return double if double in _SUFFIXES else path.suffix.lower()


def read_input(path: Path | str) -> Batch:
    """Read one input: a file with its reader, or a folder with every data file inside.

    A folder is walked recursively in path order and the batches are concatenated. Hidden files
    and folders, and files that usually sit beside data (README/LICENSE, .md, .py, .json, .toml,
    ...) are skipped silently; any other file without a reader becomes an "unsupported file type"
    reject so it is not lost unnoticed. An explicit file without a reader is such a reject too.
    A path that does not exist raises SourceError; a URL is read as a WordPress site.
    """
    if is_url(path):
        return read_file(path)
    return concat([read_file(f) for f in files_of(path)])


def files_of(path: Path | str) -> list[Path]:
    """The data files an input stands for: itself, or a folder's files (see read_input)."""
    path = Path(path)
    if not path.exists():
        raise SourceError(f"input not found: {path}")
    if path.is_file():
        return [path]
    return [f for f in sorted(path.rglob("*")) if f.is_file() and not _ignored(f, path)]


def read_file(path: Path | str) -> Batch:
    """One file (or a WordPress site's URL) through the reader its kind calls for; a file of no
    readable kind is one reject."""
    kind = detect(path)
    if kind is None:
        known = ", ".join(sorted(_SUFFIXES))
        return make_batch(
            rejects=[
                reject(path, "file", f"unsupported file type {Path(path).suffix or '(none)'!r}; readable are {known}")
            ]
        )
    return READERS[kind](path)


def read_blocks(path: Path | str, block_rows: int = tabular.BLOCK_ROWS) -> Iterator[Batch]:
    """`read_file` handed over in Batches, their concatenation its Batch: of at most
    `block_rows` comments each where the reader streams (CSV comments: the file is never held
    whole; articles and rejects come in the last Batch), else one Batch."""
    kind = detect(path)
    if kind in _BLOCK_READERS:
        yield from _BLOCK_READERS[kind](path, block_rows=block_rows)
    else:
        yield read_file(path)


def _ignored(path, root):
    parts = path.relative_to(root).parts
    return (
        any(part.startswith(".") or part == "__pycache__" for part in parts)
        or path.suffix.lower() in _IGNORED_SUFFIXES
        or path.stem.lower() in _IGNORED_STEMS
        or path.name.lower().startswith(("license", "licence", "readme"))
    )
