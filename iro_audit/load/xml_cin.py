"""The children in need census as DfE XML (root ``Message``) -> the CIN tables as text.

Tables (columns as in child-protection.md Part 1; LAchildID is the child's ID):
- cin_children: one row per ``Child`` from ``ChildIdentifiers`` (+ ``Ethnicity`` from
  ``ChildCharacteristics``); ``GenderCurrent`` (returns before 2023) is read as ``Sex``;
- cin_details: one row per ``CINdetails`` (a CIN episode);
- s47: one per ``CINdetails/Section47``, with the episode's CINreferralDate;
- cp_plans: one per ``CINdetails/ChildProtectionPlans``, with the episode's CINreferralDate;
- cp_reviews: one per ``ChildProtectionPlans/Reviews/CPPreviewDate``, with the plan's CPPstartDate.
Items the toolkit does not need (UPN, disabilities, assessments, CIN plan dates ...) are skipped
without comment; an element the census does not define there is reported once per kind (rule
``xml_element_not_read``), and text between elements (stray text) once per place (rule
``xml_stray_text``). A ``Message`` whose Header names another collection is not read.
"""
from __future__ import annotations

from lxml import etree

from .xml_read import SAFE, Collected, Notes, XmlRefused

COLUMNS = {
    "cin_children": ("LAchildID", "PersonBirthDate", "ExpectedPersonBirthDate", "Sex",
                     "PersonDeathDate", "Ethnicity"),
    "cin_details": ("LAchildID", "CINreferralDate", "ReferralSource", "PrimaryNeedCode",
                    "CINclosureDate", "ReasonForClosure", "DateOfInitialCPC", "ReferralNFA"),
    "s47": ("LAchildID", "CINreferralDate", "S47ActualStartDate", "InitialCPCtarget",
            "DateOfInitialCPC", "ICPCnotRequired"),
    "cp_plans": ("LAchildID", "CINreferralDate", "CPPstartDate", "CPPendDate",
                 "InitialCategoryOfAbuse", "LatestCategoryOfAbuse", "NumberOfPreviousCPP"),
    "cp_reviews": ("LAchildID", "CPPstartDate", "CPPreviewDate"),
}
ELEMENT = {"cin_children": "Child", "cin_details": "CINdetails", "s47": "Section47",
           "cp_plans": "ChildProtectionPlans", "cp_reviews": "CPPreviewDate"}
ALWAYS = ("cin_children", "cin_details")

# Every element the census defines in each place (read or deliberately skipped)
KNOWN = {
    "Child": {"ChildIdentifiers", "ChildCharacteristics", "CINdetails"},
    "ChildIdentifiers": {"LAchildID", "UPN", "FormerUPN", "UPNunknown", "PersonBirthDate",
                         "ExpectedPersonBirthDate", "GenderCurrent", "Sex", "PersonDeathDate"},
    "ChildCharacteristics": {"Ethnicity", "Disabilities"},
    "CINdetails": {"CINreferralDate", "ReferralSource", "PrimaryNeedCode", "CINclosureDate",
                   "ReasonForClosure", "DateOfInitialCPC", "ReferralNFA", "Assessments",
                   "CINPlanDates", "Section47", "ChildProtectionPlans", "PreProceedingsandFGDM"},
    "Section47": {"S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC", "ICPCnotRequired"},
    "ChildProtectionPlans": {"CPPstartDate", "CPPendDate", "InitialCategoryOfAbuse",
                             "LatestCategoryOfAbuse", "NumberOfPreviousCPP", "Reviews"},
    "Reviews": {"CPPreviewDate"},
}


def read(source, ns: str = ""):
    """Stream the file; return ({table: Collected}, Notes). lxml errors propagate; a Message of
    another collection raises XmlRefused."""
    un = (lambda t: t.split("}", 1)[-1]) if ns else (lambda t: t)
    q = (lambda t: f"{{{ns}}}{t}") if ns else (lambda t: t)
    out = {t: Collected(t, COLUMNS[t], ELEMENT[t]) for t in COLUMNS}
    notes = Notes()

    def items(el, place, cid):
        """{tag: text} of EL's leaf children; nested children listed; unknown ones noted."""
        d, nested = {}, []
        if el.text and el.text.strip():
            notes.add("xml_stray_text", f"text '{el.text.strip()[:40]}' in {place}", el.sourceline, cid)
        for c in el:
            tag = un(c.tag)
            if tag not in KNOWN[place]:
                notes.add("xml_element_not_read", f"{place}/{tag}", c.sourceline, cid)
            elif len(c):
                nested.append((tag, c))
            else:
                d[tag] = c.text
            if c.tail and c.tail.strip():
                notes.add("xml_stray_text", f"text '{c.tail.strip()[:40]}' after {place}/{tag}",
                          c.sourceline, cid)
        return d, nested

    for _, el in etree.iterparse(source, events=("end",), tag=(q("Child"), q("Collection")), **SAFE):
        if un(el.tag) == "Collection":
            coll = (el.text or "").strip()
            if coll and not coll.upper().startswith("CIN"):
                raise XmlRefused(f"is a DfE XML return of the '{coll}' collection (root Message), "
                                 "not the children in need census; the toolkit does not read it")
            continue
        line = el.sourceline
        top, parts = items(el, "Child", None)
        parts_by = {}
        for tag, c in parts:
            parts_by.setdefault(tag, []).append(c)
        ident = {}
        for c in parts_by.get("ChildIdentifiers", []):
            ident.update(items(c, "ChildIdentifiers", None)[0])
        cid = ident.get("LAchildID")
        chars = {}
        for c in parts_by.get("ChildCharacteristics", []):
            chars.update(items(c, "ChildCharacteristics", cid)[0])
        sex = ident.get("Sex") if ident.get("Sex") is not None else ident.get("GenderCurrent")
        out["cin_children"].add([cid, ident.get("PersonBirthDate"), ident.get("ExpectedPersonBirthDate"),
                                 sex, ident.get("PersonDeathDate"), chars.get("Ethnicity")], line)
        for cd in parts_by.get("CINdetails", []):
            d, nested = items(cd, "CINdetails", cid)
            ref = d.get("CINreferralDate")
            out["cin_details"].add([cid] + [d.get(t) for t in COLUMNS["cin_details"][1:]], cd.sourceline)
            for tag, c in nested:
                if tag == "Section47":
                    s, _ = items(c, "Section47", cid)
                    out["s47"].add([cid, ref] + [s.get(t) for t in COLUMNS["s47"][2:]], c.sourceline)
                elif tag == "ChildProtectionPlans":
                    p, pn = items(c, "ChildProtectionPlans", cid)
                    start = p.get("CPPstartDate")
                    out["cp_plans"].add([cid, ref] + [p.get(t) for t in COLUMNS["cp_plans"][2:]],
                                        c.sourceline)
                    for rtag, r in pn:
                        if rtag != "Reviews":
                            continue
                        for rv in r:
                            if un(rv.tag) == "CPPreviewDate":
                                out["cp_reviews"].add([cid, start, rv.text], rv.sourceline)
                            else:
                                notes.add("xml_element_not_read", f"Reviews/{un(rv.tag)}", rv.sourceline, cid)
        el.clear(keep_tail=True)
        parent = el.getparent()
        while el.getprevious() is not None:
            del parent[0]
    return {t: c for t, c in out.items() if c.rows or t in ALWAYS}, notes
