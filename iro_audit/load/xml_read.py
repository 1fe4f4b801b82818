"""Reading the DfE returns as XML: safely, streaming, into raw text tables named by the contract.

A file is XML when its first non-blank character is ``<`` (whatever its name); its root element
says which return it is: ``EXPSSDA903`` (the SSDA903 return, `xml_903`) or ``Message`` (the
children in need census, `xml_cin`). Each return gives one `RawTable` per table found, already
named (``table``), whose cells are text exactly as a CSV of that table would give them, so the
same validation rules run on both.

Safety (an export is untrusted input): a DOCTYPE with an internal subset (entity declarations)
or an external DTD (SYSTEM/PUBLIC) is refused before parsing, and lxml parses with entities
unresolved, no DTD loaded and no network, so no entity is ever expanded and no file or URL is
ever fetched. A malformed or truncated file, an unknown root or a non-XML file named ``.xml`` is
an `Unreadable` naming the file (and the line, where the parser knows it).

Rows and locations: the raw table's index (``_row``) counts the table's elements in the file
(the 37th EPISODE is row 37), so rows stay unique in a file written on one line; ``where``
keeps, per row, the child's ID and the element's line, which the loader adds to every problem
("EPISODE of child 907440, line 2").
"""
from __future__ import annotations

import codecs
import gc
import hashlib
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

HEAD_BYTES = 1 << 16  # the prolog (declaration, comments, DOCTYPE) must end within this

# lxml options that make parsing safe: nothing expanded, loaded or fetched
SAFE = dict(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
            attribute_defaults=False, huge_tree=False, remove_comments=True, remove_pis=True)

ROOTS = {"EXPSSDA903": "the SSDA903 return", "Message": "the children in need census"}


class XmlRefused(Exception):
    """The file cannot be read as a DfE XML return; the message says why (no file name)."""


@dataclass
class Where:
    """Per row of an XML table: the element's name, the child's ID and the element's line."""

    element: str
    child: np.ndarray
    line: np.ndarray


@dataclass
class Collected:
    """Rows gathered for one table while streaming (the child's ID is each row's first cell)."""

    table: str
    columns: tuple[str, ...]
    element: str
    rows: list = field(default_factory=list)
    line: list = field(default_factory=list)

    def add(self, row, line):
        self.rows.append(row)
        self.line.append(line)


@dataclass
class Notes:
    """Elements not read and stray text, reported once per kind with a count and first line."""

    seen: dict = field(default_factory=dict)  # (rule, what) -> [count, first line, child]

    def add(self, rule, what, line, child):
        k = (rule, what)
        if k in self.seen:
            self.seen[k][0] += 1
        else:
            self.seen[k] = [1, line, child]


def looks_like_xml(head: bytes) -> bool:
    """Whether a file's first bytes are markup (after a byte-order mark and blanks)."""
    text = _decode_head(head)
    return text.lstrip().startswith("<")


def _decode_head(head: bytes) -> str:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", errors="replace")
    if head.startswith(codecs.BOM_UTF8):
        head = head[3:]
    return head.decode("latin-1")  # markup is ASCII; enough to find the prolog and root


_NAME = re.compile(r"<([A-Za-z_][\w.\-]*(?::[\w.\-]+)?)")
_DEFAULT_NS = re.compile(r"""\sxmlns\s*=\s*["']([^"']*)["']""")


def prolog(head: bytes) -> tuple[str, str]:
    """(root element name without prefix, default namespace URI or "") from the file's first
    bytes; raises XmlRefused for a DTD or anything that is not XML markup."""
    if b"\x00" in head[:4096] and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise XmlRefused("is not an XML file (binary content)")
    text = _decode_head(head)
    i, n = 0, len(text)
    while True:
        while i < n and text[i] in " \t\r\n":
            i += 1
        if i >= n:
            raise XmlRefused("is not an XML file (no root element)" if len(head) < HEAD_BYTES
                             else "is not an XML file (no root element in its first 64 KiB)")
        if text.startswith("<?", i):
            j = _end_of(text, "?>", i)
        elif text.startswith("<!--", i):
            j = _end_of(text, "-->", i)
        elif text[i:i + 9].upper() == "<!DOCTYPE":
            j = text.find(">", i)
            decl = text[i:j if j >= 0 else n]
            if "[" in decl or re.search(r"\b(SYSTEM|PUBLIC)\b", decl):
                raise XmlRefused(
                    "declares a DTD (<!DOCTYPE with entity declarations or an external DTD): "
                    "a DfE return never needs one, and for safety a file that declares one is not "
                    "read (no entity is expanded and nothing is fetched); export the file again")
        elif text.startswith("<", i):
            m = _NAME.match(text, i)
            if not m:
                raise XmlRefused("is not well-formed XML (no root element)")
            end = text.find(">", i)
            tag = text[i:end if end >= 0 else n]
            prefix, _, local = m.group(1).rpartition(":")
            attr = rf"""\sxmlns:{re.escape(prefix)}\s*=\s*["']([^"']*)["']""" if prefix else _DEFAULT_NS
            ns = re.search(attr, tag)
            return local, (ns.group(1) if ns else "")
        else:
            what = "binary content" if any(ord(c) < 9 for c in text[i:i + 64]) else "text"
            raise XmlRefused(f"is named .xml but is not an XML file ({what})")
        if j < 0:
            raise XmlRefused("is not well-formed XML (the file ends inside its prolog)")
        i = j + 1


def _end_of(text: str, term: str, i: int) -> int:
    """Index of the last character of TERM after I, or -1."""
    k = text.find(term, i)
    return k + len(term) - 1 if k >= 0 else -1


def edge_blank(b: bytes) -> bool:
    """Whether some value in B may need trimming: a run of blanks after a tag's ">" but not
    before a "<", before a "<" but not after a ">", or making up a whole value (``<B> </B>``).
    Indentation between tags and blanks inside a value (a postcode) are none of these. numpy
    over the bytes; a run needs a character on each side (the caller carries the tail over)."""
    a = np.frombuffer(b, dtype=np.uint8)
    if len(a) < 3:
        return False
    ws = (a == 32) | (a == 10) | (a == 9) | (a == 13)
    if not ws.any():
        return False
    inner = ws[1:-1]
    starts = np.flatnonzero(inner & ~ws[:-2]) + 1  # first blank of a run (a character before it)
    ends = np.flatnonzero(inner & ~ws[2:]) + 1  # last blank of a run (a character after it)
    if len(starts) and len(ends) and ends[0] < starts[0]:
        ends = ends[1:]
    k = min(len(starts), len(ends))
    if not k:
        return False
    starts, ends = starts[:k], ends[:k]
    left = a[starts - 1] == 62  # ">"
    right = a[ends + 1] == 60  # "<"
    if (left != right).any():
        return True
    # ">  </": a blank value unless the ">" ends an end tag (</X>) or an empty element (<X />)
    both = left & right & (ends + 2 < len(a))
    s_, e_ = starts[both], ends[both]
    s_ = s_[a[e_ + 2] == 47]
    if not len(s_):
        return False
    s_ = s_[(s_ < 2) | (a[np.maximum(s_ - 2, 0)] != 47)]
    lts = np.flatnonzero(a == 60)
    pos = np.searchsorted(lts, s_) - 1
    unknown = pos < 0
    endtag = np.zeros(len(s_), dtype=bool)
    endtag[~unknown] = a[lts[pos[~unknown]] + 1] == 47
    return bool((unknown | ~endtag).any())


class HashingReader:
    """A file wrapper that hashes what lxml reads, so the file is read once, and notes whether
    any text may need trimming (a blank next to a tag and other text) or may hold "1.0"-style
    numbers, so that the loader can skip that work, as it does for a CSV file."""

    def __init__(self, f, head: bytes):
        self.f = f
        self.h = hashlib.sha256(head)
        self.pending, self.pos = head, 0
        self.strip = self.point_zero = False
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            self.strip = self.point_zero = True  # the byte scan reads ASCII-like text only
        self.carry = b""
        self._scan(head, first=True)

    def _scan(self, block: bytes, first: bool = False):
        if self.strip and self.point_zero:
            return
        b = self.carry + block
        if first:  # the prolog (version='1.0') is not data
            m = re.search(rb"<[A-Za-z_]", b.lstrip(codecs.BOM_UTF8))
            b = b[m.start():] if m else b
        if b"&#" in b or b"<![CDATA[" in b:  # character references or CDATA: assume both
            self.strip = self.point_zero = True
        self.strip = self.strip or edge_blank(b)
        self.point_zero = self.point_zero or b".0" in b
        # carry the last two tags on, with what follows them (a run and its context)
        lt = b.rfind(b"<", 0, max(b.rfind(b"<"), 0))
        self.carry = b[lt:] if lt >= 0 and len(b) - lt < 1 << 16 else b[-(1 << 16):]

    def read(self, n=-1):
        """Serve lxml's small reads from 1 MiB blocks (hashed and scanned a block at a time)."""
        if len(self.pending) <= self.pos:
            block = self.f.read(1 << 20)
            if not block:
                return b""
            self.h.update(block)
            self._scan(block)
            self.pending, self.pos = block, 0
        n = n if n and n > 0 else len(self.pending)
        out = self.pending[self.pos:self.pos + n]
        self.pos += len(out)
        return out

    def finish(self) -> str:
        for block in iter(lambda: self.f.read(1 << 22), b""):
            self.h.update(block)
        return self.h.hexdigest()


def frame(c: Collected) -> tuple[pd.DataFrame, Where]:
    """A collected table as the raw frame the loader takes: columns 0..n-1 of text (object,
    None = blank), index = the element's number in the file."""
    n = len(c.columns)
    # one object block, as the CSV reader gives (not str: the parsers are quicker on object)
    arr = np.empty((len(c.rows), n), dtype=object)
    if c.rows:
        arr[:] = c.rows
    df = pd.DataFrame(arr, columns=list(range(n)), dtype=object, copy=False)
    df.index = pd.RangeIndex(1, 1 + len(df))
    return df, Where(c.element, df[0].to_numpy(dtype=object), np.array(c.line, dtype=np.int64))


def syntax_message(e, last_line: int | None = None) -> str:
    """lxml's XMLSyntaxError as one plain line, with the line number where known; an error on
    the file's last line (or lxml's "premature end") means the file ends early."""
    msg = (getattr(e, "msg", None) or str(e)).strip().splitlines()[0]
    msg = re.sub(r",\s*line \d+, column \d+$", "", msg)
    line = getattr(e, "lineno", None)
    where = f" at line {line}" if line else ""
    ends = (line and last_line and line >= last_line) or re.search(r"Premature end|end of data", msg, re.I)
    hint = "; the file ends early (truncated?): export it again" if ends else ""
    return f"is not well-formed XML{where} ({msg}){hint}"


def _last_line(path) -> int:
    n, last = 0, b""
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 22), b""):
            n += block.count(b"\n")
            last = block[-1:]
    return n + (1 if last not in (b"\n", b"") else 0)


def _digest(path) -> str:
    with open(path, "rb") as f:
        return HashingReader(f, b"").finish()


def read_xml(path, name: str, head: bytes) -> list:
    """Read one XML file into raw tables named ``NAME[table]`` (or one `Unreadable`)."""
    from lxml import etree

    from . import xml_903, xml_cin
    from .read import RawTable, Unreadable

    if not head:
        return [Unreadable(name, str(path), "is empty (0 bytes)", _digest(path))]
    try:
        root, ns = prolog(head)
    except XmlRefused as e:
        return [Unreadable(name, str(path), str(e), _digest(path))]
    if root not in ROOTS:
        digest = _digest(path)
        known = ", ".join(f"<{r}> ({what})" for r, what in ROOTS.items())
        return [Unreadable(name, str(path), f"is an XML file whose root element is <{root}>, not a DfE "
                                            f"return the toolkit reads: {known}", digest)]
    reader = xml_903 if root == "EXPSSDA903" else xml_cin
    with open(path, "rb") as f:
        f.seek(len(head))
        src = HashingReader(f, head)
        # the rows are millions of small lists that never form cycles: the cyclic garbage
        # collector would only walk them again and again (a quarter of the time at 100,000 children)
        gc_was_on = gc.isenabled()
        gc.disable()
        try:
            tables, notes = reader.read(src, ns)
            error = None
        except XmlRefused as e:
            error = str(e)
        except etree.XMLSyntaxError as e:
            error = syntax_message(e, _last_line(path))
        except etree.LxmlError as e:  # any other parser failure: still a plain message
            error = f"cannot be read as XML ({type(e).__name__}: {e})"
        finally:
            if gc_was_on:
                gc.enable()
        digest = src.finish()
    if error is not None:
        return [Unreadable(name, str(path), error, digest)]
    out = []
    for table, c in tables.items():
        df, where = frame(c)
        out.append(RawTable(f"{name}[{table}]", str(path), list(c.columns), df, digest,
                            may_need_strip=src.strip, may_have_point_zero=src.point_zero,
                            table=table, where=where))
    if out and notes.seen:
        first = out[0]
        for (rule, what), (count, line, child) in notes.seen.items():
            at = f"line {line}" + (f", child {child}" if child else "")
            if what == "CHILD without HEADER":
                msg = (f"holds {count} CHILD element(s) without a HEADER (first at {at}): their rows "
                       "have no child ID and are set aside")
            elif rule == "xml_stray_text":
                msg = f"holds stray {what} ({count} time(s), first at {at}); it is ignored"
            else:
                msg = (f"holds {count} element(s) {what} that the toolkit does not read "
                       f"(first at {at})")
            first.notes.append((rule, msg, "kept"))
    return out


def locate(problems: pd.DataFrame, wheres: dict) -> pd.DataFrame:
    """Add to each problem in an XML table the element, child ID and line it is about:
    "... (EPISODE of child 907440, line 2)"."""
    problems = problems.copy()
    files = problems["file"].to_numpy(dtype=object)
    rows = pd.to_numeric(problems["row"], errors="coerce").to_numpy()
    expected = problems["expected"].astype(object).to_numpy(dtype=object).copy()
    for name, w in wheres.items():
        idx = np.flatnonzero((files == name) & ~np.isnan(rows))
        for i in idx:
            k = int(rows[i]) - 1
            if 0 <= k < len(w.line):
                child = w.child[k]
                who = f" of child {child}" if child is not None else " (no CHILDID)"
                expected[i] = f"{expected[i]} ({w.element}{who}, line {w.line[k]})"
    problems["expected"] = expected
    return problems
