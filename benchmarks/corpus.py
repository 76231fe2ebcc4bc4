"""Turn the shared real-world corpus into files every linter can read.

The corpus lives outside the repository (``/work/shared/corpus/`` by default) and is read
at run time; nothing here is ever written into the repository itself, only into the
benchmark cache (``benchmarks/.cache/``, git-ignored).

The sets written (by ``speed.py``):

* ``kb-md/``: each knowledge-base article as Markdown, front matter included: what every
  tool reads for the KB throughput case (a KB is linted as Markdown files in CI).
* ``kb-txt/``-style plain prose (:func:`markdown_to_prose`): front matter, code, HTML,
  URLs and markup removed. It is what the words of an article are counted on, so a
  Markdown file's words are its prose words, the same for every tool; the macros and the
  drafts are cut from it.
* ``replies/``: each Stripe staff reply (short chat messages) as one plain-text file.

Words are counted the same way for every tool (:func:`count_words`), so words per second
and findings per 1,000 words compare like with like.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import yaml

KB_SOURCES: tuple[str, ...] = ("kb-microsoft-support.jsonl", "kb-arduino.jsonl")
REPLIES_SOURCE = "replies-stripe-staff.jsonl"

_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*")
_FENCE = re.compile(r"^[ \t]*(```|~~~)")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_LINK_DEF = re.compile(r"^[ \t]*\[[^\]]+\]:[ \t]*\S+.*$", re.M)
_AUTOLINK = re.compile(r"<(?:https?|mailto|ftp):[^>]*>", re.I)
_URL = re.compile(r"\b(?:https?://|ftp://|www\.)[^\s)\]>\"']+", re.I)
_ADMONITION = re.compile(r"^[ \t]*(?:>[ \t]*)*\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*$", re.I | re.M)
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.M)
_QUOTE = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.M)
_LIST = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+", re.M)
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$", re.M)
_HRULE = re.compile(r"^[ \t]*(?:[-*_][ \t]*){3,}$", re.M)
_EMPHASIS = re.compile(r"(\*\*|__|\*|(?<!\w)_(?=\S)|(?<=\S)_(?!\w)|~~)")
_INLINE_CODE = re.compile(r"`+([^`]*)`+")
_BLANKS = re.compile(r"\n{3,}")
_SPACES = re.compile(r"[ \t]+")


@dataclass(frozen=True)
class Document:
    """One input text: a file stem (unique, safe for a file name) and its content."""

    stem: str
    text: str
    front_matter: dict[str, object] | None = None


@dataclass(frozen=True)
class FileSet:
    """A set of files written for the tools, with the prose word count they contain."""

    name: str
    folder: Path
    files: tuple[Path, ...]
    words: int


def count_words(text: str) -> int:
    """Words as every tool's share of the work is measured: runs of letters and digits."""
    return len(_WORD.findall(text))


def _strip_code_blocks(markdown: str) -> str:
    """Drop fenced code blocks, and indented code blocks outside lists.

    A line indented by 4 spaces or a tab after a blank line is code, unless it continues a
    list item (then it is the item's own paragraph, dedented and kept).
    """
    out: list[str] = []
    in_fence: str | None = None
    previous_blank = True
    in_indented = False
    in_list = False
    for line in markdown.splitlines():
        fence = _FENCE.match(line)
        if in_fence is not None:
            if fence and fence.group(1) == in_fence:
                in_fence = None
            continue
        if fence:
            in_fence = fence.group(1)
            continue
        if not line.strip():
            out.append("")
            previous_blank = True
            continue
        indented = line.startswith(("    ", "\t"))
        if _LIST.match(line):
            in_list = True
        elif not indented:
            in_list = False
        if indented and not in_list and (previous_blank or in_indented):
            in_indented = True
            continue
        in_indented = False
        out.append(line.strip() if indented and in_list and not _LIST.match(line) else line)
        previous_blank = False
    return "\n".join(out)


def markdown_to_prose(markdown: str) -> str:
    """Plain prose from a Markdown article: no code, HTML, URLs, images or markup.

    Link texts, inline-code texts (usually UI labels or names in a sentence) and table cells
    are kept as words; headings and table rows become paragraphs of their own.
    """
    text = _strip_code_blocks(markdown)
    text = _HTML_COMMENT.sub(" ", text)
    text = _ADMONITION.sub("", text)
    text = _IMAGE.sub(" ", text)
    text = _LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _LINK_DEF.sub("", text)
    text = _AUTOLINK.sub(" ", text)
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.I)
    text = _HTML_TAG.sub(" ", text)
    text = html.unescape(text)
    text = _URL.sub(" ", text)
    text = _TABLE_RULE.sub("", text)
    text = _HRULE.sub("", text)
    text = _HEADING.sub(r"\n\1\n", text)
    text = _QUOTE.sub("", text)
    text = _LIST.sub("", text)
    text = _INLINE_CODE.sub(r"\1", text)
    text = _EMPHASIS.sub("", text)
    lines: list[str] = []
    for line in text.splitlines():
        if line.count("|") >= 2:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            lines.extend(["", ", ".join(c for c in cells if c), ""])
        else:
            lines.append(_SPACES.sub(" ", line).strip())
    text = _BLANKS.sub("\n\n", "\n".join(lines))
    return text.strip() + "\n"


def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs of plain text, stripped, empty ones dropped."""
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def _slug(value: str, limit: int = 60) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", value).strip("-").lower()
    return slug[:limit].strip("-") or "item"


def _read_jsonl(path: Path) -> Iterator[dict[str, object]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def load_kb(corpus_dir: Path) -> list[Document]:
    """Every knowledge-base article, in file order, as Markdown with its front matter."""
    docs: list[Document] = []
    for source in KB_SOURCES:
        prefix = source.split(".")[0].removeprefix("kb-")
        for index, row in enumerate(_read_jsonl(corpus_dir / source)):
            fm = row.get("front_matter")
            stem = f"{prefix}-{index:04d}-{_slug(str(row.get('title') or row.get('path') or ''))}"
            docs.append(Document(stem, str(row["body"]), fm if isinstance(fm, dict) else None))
    return docs


def load_replies(corpus_dir: Path) -> list[Document]:
    """Every Stripe staff reply, in file order, as plain text."""
    return [
        Document(f"reply-{index:04d}", str(row["text"]).strip() + "\n")
        for index, row in enumerate(_read_jsonl(corpus_dir / REPLIES_SOURCE))
    ]


def with_front_matter(doc: Document) -> str:
    """The article as a Markdown file: a YAML front-matter block, then the body."""
    if not doc.front_matter:
        return doc.text
    header = yaml.safe_dump(doc.front_matter, sort_keys=False, allow_unicode=True).strip()
    return f"---\n{header}\n---\n\n{doc.text.lstrip()}"


def write_set(name: str, folder: Path, items: Iterable[tuple[str, str]]) -> FileSet:
    """Write ``(file name, text)`` pairs into a fresh ``folder``; count their prose words."""
    return write_counted(name, folder, ((f, t, count_words(t)) for f, t in items))


def write_counted(name: str, folder: Path, items: Iterable[tuple[str, str, int]]) -> FileSet:
    """Write ``(file name, text, words)`` into a fresh ``folder``: the words are given
    (a Markdown file counts the prose words of its article, not its markup)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    files: list[Path] = []
    words = 0
    for filename, text, count in items:
        path = folder / filename
        path.write_text(text, encoding="utf-8")
        files.append(path)
        words += count
    return FileSet(name, folder, tuple(files), words)


def kb_markdown(articles: Iterable[Document]) -> Iterator[tuple[str, str, int]]:
    """``(name.md, Markdown with front matter, prose words)`` for each KB article."""
    for doc in articles:
        yield doc.stem + ".md", with_front_matter(doc), count_words(markdown_to_prose(doc.text))


def pick_evenly(items: list[Document], count: int) -> list[Document]:
    """``count`` items spread evenly over ``items`` (all of them when there are fewer).

    A fixed, documented rule, so a subset is the same on every machine and every run and
    still mixes both KB sources and short and long articles.
    """
    if count >= len(items):
        return list(items)
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def macro_paragraphs(kb_prose: list[Document], count: int, min_words: int = 25,
                     max_words: int = 200) -> list[Document]:
    """``count`` KB paragraphs of macro size (one canned reply each), spread over the KB."""
    candidates: list[Document] = []
    for doc in kb_prose:
        for number, para in enumerate(paragraphs(doc.text)):
            if min_words <= count_words(para) <= max_words:
                candidates.append(Document(f"{doc.stem[:40]}-p{number:03d}", para + "\n"))
    return pick_evenly(candidates, count)


def draft_of(kb_prose: list[Document], words: int = 200) -> str:
    """A ``words``-word draft: KB paragraphs of the first article that has enough prose,
    cut after the ``words``-th word (and closed with a full stop)."""
    for doc in kb_prose:
        text = _cut(paragraphs(doc.text), words)
        if text is not None:
            return text
    raise ValueError(f"no KB article has {words} words of prose paragraphs")


def reply_of(replies: list[Document], words: int = 1000) -> str:
    """A ``words``-word reply: consecutive Stripe replies' paragraphs (of 15 words or more),
    in file order, as one long reply cut after the ``words``-th word."""
    text = _cut([p for doc in replies for p in paragraphs(doc.text)], words)
    if text is None:
        raise ValueError(f"the replies have fewer than {words} words of prose paragraphs")
    return text


def _cut(paras: Iterable[str], words: int) -> str | None:
    """Paragraphs of 15+ words joined until ``words`` words, cut there and closed with a
    full stop; None when there are not enough."""
    chosen: list[str] = []
    total = 0
    for para in paras:
        if count_words(para) < 15:
            continue
        chosen.append(para)
        total += count_words(para)
        if total >= words:
            text = "\n\n".join(chosen)
            cut = list(_WORD.finditer(text))[words - 1].end()
            return text[:cut].rstrip(",;:") + ".\n"
    return None


def duplicate(name: str, source: FileSet, folder: Path, times: int) -> FileSet:
    """``times`` copies of every file of ``source`` (for the scaling measurement); the
    words are ``times`` the source's, counted as the source counted them."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    files: list[Path] = []
    for copy in range(times):
        for path in source.files:
            target = folder / f"copy{copy}-{path.name}"
            shutil.copyfile(path, target)
            files.append(target)
    return FileSet(name, folder, tuple(files), source.words * times)
