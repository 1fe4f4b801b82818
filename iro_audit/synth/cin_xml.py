"""A year's CIN census tables as one DfE XML return (root ``Message``): Header/CollectionDetails
(Collection CIN, Year, ReferenceDate) and Children/Child with ChildIdentifiers,
ChildCharacteristics and CINdetails (Section47, ChildProtectionPlans/Reviews/CPPreviewDate), as
`load/xml_cin.py` reads it. Blank items are left out.
"""
from __future__ import annotations

from xml.sax.saxutils import escape

import pandas as pd

IDENTIFIERS = ("LAchildID", "PersonBirthDate", "ExpectedPersonBirthDate", "Sex", "PersonDeathDate")
DETAILS = ("CINreferralDate", "ReferralSource", "PrimaryNeedCode", "CINclosureDate", "ReasonForClosure",
           "DateOfInitialCPC", "ReferralNFA")
S47 = ("S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC", "ICPCnotRequired")
PLAN = ("CPPstartDate", "CPPendDate", "InitialCategoryOfAbuse", "LatestCategoryOfAbuse", "NumberOfPreviousCPP")


def _items(row: dict, names, indent: str) -> str:
    return "".join(f"{indent}<{n}>{escape(str(row[n]))}</{n}>\n" for n in names
                   if row.get(n) not in (None, "") and not (isinstance(row[n], float) and pd.isna(row[n])))


def _group(df: pd.DataFrame, key) -> dict:
    out: dict = {}
    for row in df.to_dict("records"):
        out.setdefault(tuple(row[k] for k in key), []).append(row)
    return out


def write_cin_xml(tables: dict[str, pd.DataFrame], path, year: int) -> None:
    """Write one collection year's cin_children, cin_details, s47, cp_plans and cp_reviews (rows
    in child / episode order) as ``PATH``."""
    details = _group(tables["cin_details"], ("LAchildID",))
    s47 = _group(tables["s47"], ("LAchildID", "CINreferralDate"))
    plans = _group(tables["cp_plans"], ("LAchildID", "CINreferralDate"))
    reviews = _group(tables["cp_reviews"], ("LAchildID", "CPPstartDate"))
    buf = ["<?xml version='1.0' encoding='utf-8'?>\n<Message>\n  <Header>\n    <CollectionDetails>\n",
           f"      <Collection>CIN</Collection>\n      <Year>{year}</Year>\n",
           f"      <ReferenceDate>{year}-03-31</ReferenceDate>\n    </CollectionDetails>\n",
           "    <Source>\n      <SourceLevel>L</SourceLevel>\n      <SoftwareCode>iro-audit synth</SoftwareCode>\n",
           "    </Source>\n  </Header>\n  <Children>\n"]
    for child in tables["cin_children"].to_dict("records"):
        cid = child["LAchildID"]
        buf.append("    <Child>\n      <ChildIdentifiers>\n")
        buf.append(_items(child, IDENTIFIERS, "        "))
        buf.append("      </ChildIdentifiers>\n      <ChildCharacteristics>\n")
        buf.append(_items(child, ("Ethnicity",), "        "))
        buf.append("      </ChildCharacteristics>\n")
        for d in details.get((cid,), []):
            buf.append("      <CINdetails>\n" + _items(d, DETAILS, "        "))
            for s in s47.get((cid, d["CINreferralDate"]), []):
                buf.append("        <Section47>\n" + _items(s, S47, "          ") + "        </Section47>\n")
            for p in plans.get((cid, d["CINreferralDate"]), []):
                buf.append("        <ChildProtectionPlans>\n" + _items(p, PLAN, "          "))
                rv = reviews.get((cid, p["CPPstartDate"]), [])
                if rv:
                    buf.append("          <Reviews>\n" + "".join(
                        f"            <CPPreviewDate>{r['CPPreviewDate']}</CPPreviewDate>\n" for r in rv)
                        + "          </Reviews>\n")
                buf.append("        </ChildProtectionPlans>\n")
            buf.append("      </CINdetails>\n")
        buf.append("    </Child>\n")
    buf.append("  </Children>\n</Message>\n")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(buf))
