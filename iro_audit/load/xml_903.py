"""The SSDA903 return as DfE XML (root ``EXPSSDA903``) -> the contract's 903 tables as text.

Layout: one ``CHILD`` per child, holding a ``HEADER`` and one ``EPISODE`` per episode. The
HEADER holds the child's items (CHILDID, UPN, SEX, DOB, ETHNIC, MOTHER, MC_DOB; UASC and DUC;
the OC3 items IN_TOUCH, ACTIV, ACCOM; the AD1 items DATE_INT ... LS_ADOPTR) and the nested
``AREVIEW``, ``AMISSING``, ``OC2``, ``PERMANENCE`` and ``AD_PLACED`` elements. Two tags differ
from the CSV columns: ``CHILDID`` is CHILD and ``PL`` is PLACE.

What each table gets, exactly as the CSV form of the return would hold it:
- header: one row per CHILD; episodes: one per EPISODE; reviews, missing, oc2,
  previous_permanence, placed_for_adoption: one per AREVIEW, AMISSING, OC2, PERMANENCE,
  AD_PLACED, with CHILD and DOB from the child's HEADER;
- uasc: a row (CHILD, SEX, DOB, DUC) for a child whose UASC is set (not blank or 0) or who has a
  DUC; oc3 / ad1: a row for a child with any OC3 / AD1 item;
- sw_episodes: one per ``SW_EPISODE`` (also read as ``SWEPISODE``), under CHILD or HEADER, holding
  SW_ID, SW_DECOM, SW_DEC, SW_REASON (the fake return has none; the tag is our reading).
An element of none of these kinds is reported once per kind (rule ``xml_element_not_read``).
"""
from __future__ import annotations

from lxml import etree

from .. import contract
from .xml_read import SAFE, Collected, Notes

TAG_TO_COLUMN = {"CHILDID": "CHILD", "PL": "PLACE"}
UASC_ITEMS = ("UASC", "DUC")
OC3_ITEMS = ("IN_TOUCH", "ACTIV", "ACCOM")
AD1_ITEMS = ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")
# nested element -> table
NESTED = {"AREVIEW": "reviews", "AMISSING": "missing", "OC2": "oc2",
          "PERMANENCE": "previous_permanence", "AD_PLACED": "placed_for_adoption",
          "SW_EPISODE": "sw_episodes", "SWEPISODE": "sw_episodes"}
ALWAYS = ("header", "episodes", "reviews")  # given even when empty (a required table)


def _tags(table: str) -> tuple[str, ...]:
    """The XML tags of a table's columns (CHILD and DOB come from the HEADER)."""
    back = {v: k for k, v in TAG_TO_COLUMN.items()}
    return tuple(back.get(c, c) for c in contract.TABLES[table].column_names)


def read(source, ns: str = ""):
    """Stream the file; return ({table: Collected}, Notes). lxml errors propagate."""
    if ns:  # a default namespace: tags read without it (rare; the plain path is the quick one)
        pre = f"{{{ns}}}"
        def un(t):
            return t[len(pre):] if t.startswith(pre) else t
    else:
        un = None
    out = {t: Collected(t, contract.TABLES[t].column_names, el) for t, el in
           (("header", "HEADER"), ("episodes", "EPISODE"), ("reviews", "AREVIEW"),
            ("uasc", "HEADER"), ("oc2", "OC2"), ("oc3", "HEADER"), ("ad1", "HEADER"),
            ("placed_for_adoption", "AD_PLACED"), ("previous_permanence", "PERMANENCE"),
            ("missing", "AMISSING"), ("sw_episodes", "SW_EPISODE"))}
    notes = Notes()
    header_tags = _tags("header")
    ep_tags = _tags("episodes")[1:]
    uasc_cols = ("SEX", "DOB", "DUC")
    nested_tags = {t: _tags(tb)[2:] for t, tb in NESTED.items()}  # after CHILD, DOB
    known_header = set(header_tags) | set(UASC_ITEMS) | set(OC3_ITEMS) | set(AD1_ITEMS)
    known_ep = set(ep_tags)
    known_nested = {t: set(v) for t, v in nested_tags.items()}
    nested_out = {t: (out[tb].rows.append, out[tb].line.append) for t, tb in NESTED.items()}
    h_rows, h_lines = out["header"].rows.append, out["header"].line.append
    e_rows, e_lines = out["episodes"].rows.append, out["episodes"].line.append
    n_ep = len(known_ep)
    nested_set = set(NESTED)
    known_header |= nested_set
    tag = f"{{{ns}}}CHILD" if ns else "CHILD"
    for _, el in etree.iterparse(source, events=("end",), tag=tag, **SAFE):
        hdr_el = None
        hdr, nested, episodes = {}, [], []
        for part in el:
            t = part.tag if un is None else un(part.tag)
            if t == "EPISODE":
                episodes.append(part)
            elif t == "HEADER" and hdr_el is None:
                hdr_el = part
                kids = list(part)
                hdr = {c.tag: c.text for c in kids} if un is None else {un(c.tag): c.text for c in kids}
                if not hdr.keys().isdisjoint(nested_set):
                    nested += [c for c in kids if len(c) and (c.tag if un is None else un(c.tag)) in nested_set]
            else:
                nested.append(part)
        cid = hdr.get("CHILDID")
        dob = hdr.get("DOB")
        if hdr_el is not None:
            hline = hdr_el.sourceline
            h_rows(list(map(hdr.get, header_tags)))
            h_lines(hline)
            if not hdr.keys() <= known_header:
                for t in hdr.keys() - known_header:
                    notes.add("xml_element_not_read", f"HEADER/{t}", hline, cid)
            u = hdr.get("UASC")
            if (u is not None and u.strip() not in ("", "0")) or (hdr.get("DUC") or "").strip():
                out["uasc"].add([cid] + [hdr.get(t) for t in uasc_cols], hline)
            for items, table in ((OC3_ITEMS, "oc3"), (AD1_ITEMS, "ad1")):  # a row if any item
                if any(hdr.get(t) for t in items) and any((hdr.get(t) or "").strip() for t in items):
                    out[table].add([cid, dob] + [hdr.get(t) for t in items], hline)
        else:
            notes.add("xml_element_not_read", "CHILD without HEADER", el.sourceline, None)
        for part in episodes:
            d = {c.tag: c.text for c in part} if un is None else {un(c.tag): c.text for c in part}
            e_rows([cid, *map(d.get, ep_tags)])
            e_lines(part.sourceline)
            if len(d) > n_ep or not d.keys() <= known_ep:
                for t in d.keys() - known_ep:
                    notes.add("xml_element_not_read", f"EPISODE/{t}", part.sourceline, cid)
        for item in nested:
            t = item.tag if un is None else un(item.tag)
            target = nested_out.get(t)
            if target is None:
                notes.add("xml_element_not_read", t, item.sourceline, cid)
                continue
            d = {c.tag: c.text for c in item} if un is None else {un(c.tag): c.text for c in item}
            target[0]([cid, dob, *map(d.get, nested_tags[t])])
            target[1](item.sourceline)
            if not d.keys() <= known_nested[t]:
                for x in d.keys() - known_nested[t]:
                    notes.add("xml_element_not_read", f"{t}/{x}", item.sourceline, cid)
        el.clear(keep_tail=True)
        parent = el.getparent()
        while el.getprevious() is not None:
            del parent[0]
    return {t: c for t, c in out.items() if c.rows or t in ALWAYS}, notes
