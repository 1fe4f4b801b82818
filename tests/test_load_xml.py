"""DfE XML returns: the 903 (EXPSSDA903) and CIN census (Message) readers, safe parsing, mixed
folders and how problems inside an XML file are located."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from iro_audit import contract
from iro_audit.errors import DataError
from iro_audit.load import load_dataset
from iro_audit.load import xml_903
from iro_audit.load.read import RawTable, read_file

from _loadkit import check_accounting, only

ROOT = Path(__file__).resolve().parents[1]
# shared/ sits beside the repository (a worktree's ../shared link; CI puts a copy there)
PEER_XML = ROOT.parent / "shared" / "peer-data" / "ssda903-fake-xml"
PEER_CIN = ROOT.parent / "shared" / "peer-data" / "cin-census-fake"


def _peer(path: Path) -> Path:
    """PATH if present; missing, the test fails under CI=true and is skipped elsewhere."""
    if path.is_dir():
        return path
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"peer data {path} not found (CI=true: peer-data tests must run)")
    pytest.skip(f"peer data {path} not found: shared/ must sit beside the repository")

# Two children, pretty-printed so each element has its own line. Child 001 has every kind of
# element; child 002 only a header and one episode (UASC blank: no uasc row).
XML_903 = """<?xml version="1.0" encoding="utf-8"?>
<EXPSSDA903>
<CHILD>
<HEADER>
<CHILDID>001</CHILDID><UPN>A123</UPN><SEX>1</SEX><DOB>01/06/2010</DOB><ETHNIC>WBRI</ETHNIC>
<UASC>1</UASC><DUC>01/06/2028</DUC>
<IN_TOUCH>YES</IN_TOUCH><ACTIV>F1</ACTIV><ACCOM>T1</ACCOM>
<DATE_INT>01/01/2020</DATE_INT><DATE_MATCH>01/02/2020</DATE_MATCH><FOSTER_CARE>0</FOSTER_CARE><NB_ADOPTR>1</NB_ADOPTR><SEX_ADOPTR>F</SEX_ADOPTR><LS_ADOPTR>L2</LS_ADOPTR>
<AREVIEW><REVIEW>01/05/2020</REVIEW><REVIEW_CODE>PN1</REVIEW_CODE></AREVIEW>
<AREVIEW><REVIEW>01/11/2020</REVIEW><REVIEW_CODE>PN2</REVIEW_CODE></AREVIEW>
<AMISSING><MISSING>M</MISSING><MIS_START>03/03/2020</MIS_START><MIS_END>04/03/2020</MIS_END></AMISSING>
<MOTHER /><MC_DOB />
<PERMANENCE><PREV_PERM>Z1</PREV_PERM><LA_PERM /><DATE_PERM /></PERMANENCE>
<OC2><SDQ_SCORE>12</SDQ_SCORE><SDQ_REASON /><CONVICTED>0</CONVICTED><HEALTH_CHECK>1</HEALTH_CHECK><IMMUNISATIONS>1</IMMUNISATIONS><TEETH_CHECK>1</TEETH_CHECK><HEALTH_ASSESSMENT>1</HEALTH_ASSESSMENT><SUBSTANCE_MISUSE>0</SUBSTANCE_MISUSE><INTERVENTION_RECEIVED /><INTERVENTION_OFFERED /></OC2>
<AD_PLACED><DATE_PLACED>01/03/2020</DATE_PLACED><DATE_PLACED_CEASED /><REASON_PLACED_CEASED /></AD_PLACED>
</HEADER>
<EPISODE><DECOM>01/04/2020</DECOM><RNE>S</RNE><LS>C2</LS><CIN>N1</CIN><PL>U1</PL><PLACE_PROVIDER>PR1</PLACE_PROVIDER><DEC>01/08/2020</DEC><REC>X1</REC><REASON_PLACE_CHANGE /><HOME_POST>AB1 2</HOME_POST><PL_POST>CD3 4</PL_POST><URN>SC1</URN></EPISODE>
<EPISODE><DECOM>01/08/2020</DECOM><RNE>P</RNE><LS>C2</LS><CIN>N1</CIN><PL>U3</PL><PLACE_PROVIDER>PR1</PLACE_PROVIDER><DEC /><REC /><REASON_PLACE_CHANGE>CARPL</REASON_PLACE_CHANGE><HOME_POST>AB1 2</HOME_POST><PL_POST>EF5 6</PL_POST><URN>SC2</URN></EPISODE>
<SW_EPISODE><SW_ID>SW1</SW_ID><SW_DECOM>01/04/2020</SW_DECOM><SW_DEC /><SW_REASON /></SW_EPISODE>
</CHILD>
<CHILD>
<HEADER><CHILDID>002</CHILDID><UPN /><SEX>2</SEX><DOB>02/02/2015</DOB><ETHNIC>MOTH</ETHNIC><UASC /><MOTHER /><MC_DOB /></HEADER>
<EPISODE><DECOM>05/05/2020</DECOM><RNE>S</RNE><LS>V2</LS><CIN>N2</CIN><PL>U1</PL><PLACE_PROVIDER>PR1</PLACE_PROVIDER><DEC /><REC /><REASON_PLACE_CHANGE /><HOME_POST /><PL_POST /><URN /></EPISODE>
</CHILD>
</EXPSSDA903>
"""

# The same return as CSV files (what the XML must read as, table for table)
CSV_903 = {
    "header.csv": "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n001,1,01/06/2010,WBRI,A123,,\n002,2,02/02/2015,MOTH,,,\n",
    "episodes.csv": "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
                    "001,01/04/2020,S,C2,N1,U1,PR1,01/08/2020,X1,,AB1 2,CD3 4,SC1\n"
                    "001,01/08/2020,P,C2,N1,U3,PR1,,,CARPL,AB1 2,EF5 6,SC2\n"
                    "002,05/05/2020,S,V2,N2,U1,PR1,,,,,,\n",
    "reviews.csv": "CHILD,DOB,REVIEW,REVIEW_CODE\n001,01/06/2010,01/05/2020,PN1\n001,01/06/2010,01/11/2020,PN2\n",
    "uasc.csv": "CHILD,SEX,DOB,DUC\n001,1,01/06/2010,01/06/2028\n",
    "oc2.csv": "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,"
               "HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED\n"
               "001,01/06/2010,12,,0,1,1,1,1,0,,\n",
    "oc3.csv": "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\n001,01/06/2010,YES,F1,T1\n",
    "ad1.csv": "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR\n"
               "001,01/06/2010,01/01/2020,01/02/2020,0,1,F,L2\n",
    "placed_for_adoption.csv": "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED\n001,01/06/2010,01/03/2020,,\n",
    "previous_permanence.csv": "CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM\n001,01/06/2010,Z1,,\n",
    "missing.csv": "CHILD,DOB,MISSING,MIS_START,MIS_END\n001,01/06/2010,M,03/03/2020,04/03/2020\n",
    "sw_episodes.csv": "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\n001,01/06/2010,SW1,01/04/2020,,\n",
}


def _write(folder: Path, files: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        p = folder / name
        p.write_bytes(text) if isinstance(text, bytes) else p.write_text(text, encoding="utf-8")
    return folder


def _same_tables(a, b):
    assert set(a.tables) == set(b.tables)
    for t in a.tables:
        pd.testing.assert_frame_equal(a[t].drop(columns=["_file", "_row"]),
                                      b[t].drop(columns=["_file", "_row"]), obj=t)


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "iro_audit", *args], capture_output=True, text=True,
                          cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


# ---------------------------------------------------------------------------------------------
# The 903 return


def test_903_xml_reads_exactly_as_its_csv_form(tmp_path):
    x = load_dataset(_write(tmp_path / "x", {"return.xml": XML_903}))
    c = load_dataset(_write(tmp_path / "c", CSV_903))
    _same_tables(x, c)
    assert len(x.problems) == 0 and len(c.problems) == 0
    # CHILDID is CHILD, PL is PLACE; uasc only for the child whose UASC is set
    assert list(x["episodes"]["PLACE"]) == ["U1", "U3", "U1"]
    assert list(x["uasc"]["CHILD"]) == ["001"]
    # one summary row per table of the file, named like an XLSX sheet
    assert "return.xml[episodes]" in set(x.load_summary["file"])
    check_accounting(x)


def test_peer_903_xml_counts_and_accounting():
    ds = load_dataset(_peer(PEER_XML))
    s = ds.load_summary.set_index("file")
    read = [s.loc[f"fake_903.xml[{t}]", "rows_read"] for t in ("header", "episodes", "reviews")]
    assert read == [253, 459, 1206] and ds["header"]["CHILD"].nunique() == 253
    # every row read is kept or set aside with a problem row (reviews dated after the extract,
    # where the loader sets those aside, are counted as such)
    check_accounting(ds)
    # every set-aside row and cleared value is a problem row; the two non-data files are reported
    assert set(only(ds.problems, "file_unreadable")["file"]) == {"LICENSE", "NOTICE.md"}


def test_utf16_and_a_declared_single_byte_encoding(tmp_path):
    c = load_dataset(_write(tmp_path / "c", CSV_903))
    u16 = XML_903.replace('encoding="utf-8"', 'encoding="utf-16"').replace("<LS>V2</LS>", "<LS> V2</LS>")
    _same_tables(load_dataset(_write(tmp_path / "a", {"r.xml": u16.encode("utf-16")})), c)
    latin = XML_903.replace('encoding="utf-8"', 'encoding="windows-1252"').replace("<UPN>A123<", "<UPN>A123\u00e9<")
    c2 = load_dataset(_write(tmp_path / "c2", {**CSV_903, "header.csv": CSV_903["header.csv"].replace(
        "A123", "A123\u00e9")}))
    _same_tables(load_dataset(_write(tmp_path / "b", {"r.xml": latin.encode("cp1252")})), c2)
    assert c2["header"]["UPN"].iloc[0] == "A123\u00e9"


def test_problem_in_xml_names_element_child_and_line(tmp_path):
    bad = XML_903.replace("<DECOM>05/05/2020</DECOM>", "<DECOM>31/02/2020</DECOM>")
    ds = load_dataset(_write(tmp_path, {"return.xml": bad}))
    p = ds.problems[ds.problems["column"] == "DECOM"].iloc[0]
    # the third EPISODE in the file (row 3) is on line 23, child 002
    assert (p["file"], p["row"], p["value"], p["action"]) == ("return.xml[episodes]", 3, "31/02/2020",
                                                              "row set aside")
    assert p["expected"].endswith("(EPISODE of child 002, line 23)")
    assert bad.splitlines()[22].startswith("<EPISODE><DECOM>31/02/2020")
    check_accounting(ds)


def test_one_line_file_keeps_rows_distinct(tmp_path):
    """A return written on one line: rows are still told apart (element numbers), and each
    set-aside row is counted once."""
    one = "".join(line.strip() for line in XML_903.splitlines()[1:])
    one = one.replace("<REVIEW>01/05/2020</REVIEW>", "<REVIEW>xx</REVIEW>").replace(
        "<REVIEW>01/11/2020</REVIEW>", "<REVIEW>yy</REVIEW>")
    ds = load_dataset(_write(tmp_path, {"r.xml": one}))
    p = only(ds.problems, "type")
    assert list(p["row"]) == [1, 2] and set(p["action"]) == {"row set aside"}
    assert all(e.endswith("(AREVIEW of child 001, line 1)") for e in p["expected"])
    assert ds.load_summary.set_index("file").loc["r.xml[reviews]", "rows_set_aside"] == 2
    check_accounting(ds)


def test_unknown_element_reported_once_with_count(tmp_path):
    x = XML_903.replace("<URN>SC1</URN>", "<URN>SC1</URN><FOO>1</FOO>").replace(
        "<URN>SC2</URN>", "<URN>SC2</URN><FOO>2</FOO>")
    ds = load_dataset(_write(tmp_path, {"r.xml": x}))
    p = only(ds.problems, "xml_element_not_read")
    assert len(p) == 1 and p.iloc[0]["action"] == "kept"
    assert "2 element(s) EPISODE/FOO" in p.iloc[0]["expected"] and "first at line 17" in p.iloc[0]["expected"]
    assert "FOO" not in ds["episodes"].columns


def test_two_years_of_xml_stitch_like_csv(tmp_path):
    y1 = XML_903
    # the next year's return: child 001's open episode now ended; the header's ethnicity corrected
    y2 = XML_903.replace("<DEC /><REC /><REASON_PLACE_CHANGE>CARPL", "<DEC>01/06/2021</DEC><REC>E11</REC>"
                         "<REASON_PLACE_CHANGE>CARPL").replace("<ETHNIC>WBRI</ETHNIC>", "<ETHNIC>WIRI</ETHNIC>")
    y2 = y2.replace("<REVIEW>01/11/2020</REVIEW>", "<REVIEW>01/05/2021</REVIEW>")
    ds = load_dataset(_write(tmp_path, {"b_2020.xml": y1, "a_2021.xml": y2}))
    e = ds["episodes"].set_index(["CHILD", "DECOM"])
    assert e.loc[("001", pd.Timestamp("2020-08-01")), "REC"] == "E11"  # the later return wins
    h = ds["header"].set_index("CHILD")
    assert h.loc["001", "ETHNIC"] == "WIRI"  # the header takes its own file's year (2021)
    s = ds.load_summary.set_index("file")
    assert (s.loc["a_2021.xml[header]", "year"], s.loc["b_2020.xml[header]", "year"]) == (2021, 2020)
    assert s.loc["b_2020.xml[episodes]", "rows_stitched"] == 3
    # reviews are the union: 01/05/2020 twice (one kept), 01/11/2020 and 01/05/2021
    assert sorted(ds["reviews"]["REVIEW"].dt.strftime("%Y-%m-%d")) == ["2020-05-01", "2020-11-01", "2021-05-01"]
    check_accounting(ds)


def test_mixed_folder_recognised_by_content_never_name(tmp_path):
    """903 XML (under any name) beside an XLSX and a CSV of the IRO service."""
    from openpyxl import Workbook

    d = _write(tmp_path, {"export.dat": XML_903,
                          "iro_allocations.csv": "CHILD,IRO_ID,ALLOC_START,ALLOC_END\n001,I1,2020-04-01,\n"})
    wb = Workbook()
    ws = wb.active
    ws.append(["IRO_ID", "IRO_NAME", "TEAM", "FTE", "ROLE"])
    ws.append(["I1", "A Person", "North", 1.0, "IRO"])
    wb.save(d / "staff.xlsx")
    ds = load_dataset(d)
    assert len(ds.problems) == 0
    assert set(ds.tables) >= {"header", "episodes", "reviews", "iros", "iro_allocations"}
    assert ds.load_summary.set_index("file").loc["export.dat[episodes]", "rows_kept"] == 3


# ---------------------------------------------------------------------------------------------
# Safe parsing: nothing expanded or fetched; bad files set aside with a clear message

SECRET = "SECRET-MARKER-7f3a"

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE EXPSSDA903 [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<EXPSSDA903><CHILD><HEADER><CHILDID>&lol9;</CHILDID><DOB>01/01/2010</DOB></HEADER></CHILD></EXPSSDA903>
"""


def _xxe(secret_path: Path) -> str:
    return f"""<?xml version="1.0"?>
<!DOCTYPE EXPSSDA903 [<!ENTITY xxe SYSTEM "file://{secret_path}">]>
<EXPSSDA903><CHILD><HEADER><CHILDID>&xxe;</CHILDID><DOB>01/01/2010</DOB></HEADER>
<EPISODE><DECOM>01/04/2020</DECOM><RNE>S</RNE><LS>C2</LS><PL>U1</PL><URN>&xxe;</URN></EPISODE></CHILD></EXPSSDA903>
"""


BAD = {
    "laughs.xml": (BILLION_LAUGHS, "declares a DTD"),
    "external_dtd.xml": ('<?xml version="1.0"?>\n<!DOCTYPE EXPSSDA903 SYSTEM "http://127.0.0.1:9/x.dtd">\n'
                         "<EXPSSDA903></EXPSSDA903>\n", "declares a DTD"),
    "truncated.xml": (XML_903[:XML_903.index("<EPISODE><DECOM>05/05")] + "<EPISODE><DEC",
                      "is not well-formed XML at line 23"),
    "malformed.xml": (XML_903.replace("</AREVIEW>\n<AREVIEW>", "</AREVIEWX>\n<AREVIEW>", 1),
                      "is not well-formed XML at line 9"),
    "other_root.xml": ('<?xml version="1.0"?>\n<Invoice><Line>1</Line></Invoice>\n',
                       "root element is <Invoice>, not a DfE return"),
    "binary.xml": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "not an XML file (binary content)"),
    "notes.xml": ("CHILD,DOB\n001,01/01/2010\n", "is named .xml but is not an XML file (text)"),
    "empty.xml": ("", "is empty (0 bytes)"),
    "school.xml": ("<Message><Header><CollectionDetails><Collection>School Census</Collection></CollectionDetails>"
                   "</Header><Children/></Message>", "'School Census' collection"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_xml_file_set_aside_with_clear_message(tmp_path, name):
    text, words = BAD[name]
    d = _write(tmp_path / "d", {**CSV_903, name: text})
    ds = load_dataset(d)
    p = only(ds.problems, "file_unreadable")
    assert list(p["file"]) == [name] and list(p["action"]) == ["file set aside"]
    assert p.iloc[0]["expected"].startswith(f"{name} ") and words in p.iloc[0]["expected"], p.iloc[0]["expected"]
    _same_tables(ds, load_dataset(_write(tmp_path / "c", CSV_903)))  # the rest loads as before
    with pytest.raises(DataError, match=name):
        load_dataset(d, strict=True)


def test_external_entity_never_read_nor_shown(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    d = _write(tmp_path / "d", {**CSV_903, "xxe.xml": _xxe(secret)})
    r = _cli("check", "--data", str(d), "--strict", "--problems-csv", str(tmp_path / "p.csv"))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "xxe.xml" in r.stdout and "declares a DTD" in r.stdout
    out = r.stdout + r.stderr + (tmp_path / "p.csv").read_text()
    assert SECRET not in out


def test_parser_itself_expands_and_fetches_nothing(tmp_path):
    """Defence in depth: even past the DTD check, lxml as configured leaves entities unexpanded
    and never reads the external file (or fails); the secret never reaches a cell."""
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    dtd = tmp_path / "evil.dtd"
    dtd.write_text(f'<!ENTITY x "{SECRET}">')
    external = (f'<?xml version="1.0"?>\n<!DOCTYPE EXPSSDA903 SYSTEM "file://{dtd}">\n'
                "<EXPSSDA903><CHILD><HEADER><CHILDID>&x;</CHILDID></HEADER></CHILD></EXPSSDA903>\n")
    for text in (_xxe(secret), BILLION_LAUGHS, external):
        src = tmp_path / "f.xml"
        src.write_text(text)
        try:
            with open(src, "rb") as f:
                tables, _ = xml_903.read(f)
        except Exception as e:  # noqa: BLE001 - refusing is fine too
            assert SECRET not in str(e)
            continue
        cells = [str(v) for c in tables.values() for row in c.rows for v in row]
        assert not any(SECRET in v for v in cells)
        assert max(len(v) for v in cells) < 100  # no laugh expanded


@pytest.mark.parametrize("name", ["laughs.xml", "truncated.xml", "binary.xml", "other_root.xml"])
def test_cli_strict_exit_2_without_traceback(tmp_path, name):
    d = _write(tmp_path, {**CSV_903, name: BAD[name][0]})
    r = _cli("check", "--data", str(d), "--strict")
    assert r.returncode == 2 and "Traceback" not in r.stdout + r.stderr
    assert name in r.stdout and BAD[name][1] in r.stdout
    r = _cli("check", "--data", str(d))
    assert r.returncode == 0


def test_only_xml_and_it_is_broken_is_a_clear_error(tmp_path):
    d = _write(tmp_path, {"return.xml": BAD["truncated.xml"][0]})
    r = _cli("check", "--data", str(d))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "return.xml is not well-formed XML at line 23" in r.stderr
    assert "the file ends early (truncated?)" in r.stderr


# ---------------------------------------------------------------------------------------------
# The CIN census: reader level (XML -> named tables of text), then the loader once the CIN
# tables are in the contract


def _cin(path) -> dict:
    out = {}
    for t in read_file(path, path.name):
        assert isinstance(t, RawTable), t
        out[t.table] = t
    return out


def test_cin_reader_peer_fakes():
    big = _cin(_peer(PEER_CIN) / "fake_CIN_data.xml")
    assert set(big) == {"cin_children", "cin_details"}  # no s47 or plans in it
    assert (len(big["cin_children"].data), len(big["cin_details"].data)) == (332, 402)
    kids = big["cin_children"]
    assert kids.header == ["LAchildID", "PersonBirthDate", "ExpectedPersonBirthDate", "Sex",
                           "PersonDeathDate", "Ethnicity"]
    # GenderCurrent (a 2022 return) read as Sex: the second child's is 9
    assert kids.data.iloc[1].tolist() == ["RND000824303014", "2011-04-27", None, "9", None, "WROM"]
    d = big["cin_details"].data
    assert list(d.iloc[2]) == ["RND000824303014", "2017-10-22", "3A", "N9", None, None, "2017-11-05", "true"]
    for f in ("CIN_Census_2021.xml", "CIN_Census_2024.xml", "CIN_Census_2026.xml"):
        t = _cin(PEER_CIN / f)
        assert set(t) == {"cin_children", "cin_details", "s47", "cp_plans", "cp_reviews"}
        # the stray text after UPNunknown is reported, not read
        assert any(r == "xml_stray_text" and "'PersonBirthDate' after ChildIdentifiers/UPNunknown" in m
                   for r, m, _ in t["cin_children"].notes)
    t = _cin(PEER_CIN / "CIN_Census_2024.xml")
    assert list(t["s47"].data.iloc[0]) == ["DfEX0000001", "2022-10-06", "2022-06-02", "2022-06-23",
                                          "2022-06-17", "false"]
    assert list(t["cp_plans"].data.iloc[0]) == ["DfEX0000001", "2022-10-06", "2022-02-17", "2023-03-14",
                                               "PHY", "PHY", "10"]
    assert list(t["cp_reviews"].data.iloc[0]) == ["DfEX0000001", "2022-02-17", "2023-02-15"]
    assert list(t["cin_children"].data[3]) == ["1", "M"]  # Sex as written (the rules judge "M")
    assert list(t["cp_reviews"].where.line) == [68]
    # the 2026 layout's pre-proceedings items are census items: skipped, not reported
    assert not any(r == "xml_element_not_read" for r, _, _ in _cin(PEER_CIN / "CIN_Census_2026.xml")["cin_children"].notes)


def test_cin_reader_several_reviews_and_namespace(tmp_path):
    x = """<Message xmlns="http://example.org/cin"><Header><CollectionDetails><Collection>CIN</Collection>
</CollectionDetails></Header><Children><Child>
<ChildIdentifiers><LAchildID>C1</LAchildID><ExpectedPersonBirthDate>2025-01-01</ExpectedPersonBirthDate><Sex>2</Sex></ChildIdentifiers>
<CINdetails><CINreferralDate>2024-06-01</CINreferralDate>
<ChildProtectionPlans><CPPstartDate>2024-07-01</CPPstartDate><Reviews><CPPreviewDate>2024-10-01</CPPreviewDate>
<CPPreviewDate>2025-03-01</CPPreviewDate></Reviews></ChildProtectionPlans>
<ChildProtectionPlans><CPPstartDate>2025-06-01</CPPstartDate></ChildProtectionPlans></CINdetails>
</Child></Children></Message>"""
    p = tmp_path / "census.xml"
    p.write_text(x)
    t = _cin(p)
    assert list(t["cin_children"].data.iloc[0]) == ["C1", None, "2025-01-01", "2", None, None]
    assert t["cp_reviews"].data.values.tolist() == [["C1", "2024-07-01", "2024-10-01"],
                                                    ["C1", "2024-07-01", "2025-03-01"]]
    assert t["cp_plans"].data[2].tolist() == ["2024-07-01", "2025-06-01"]
    assert "s47" not in t


def test_cin_fakes_load_with_their_errors_reported():
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp) / "d"
        shutil.copytree(_peer(PEER_XML), d / "903")
        shutil.copytree(_peer(PEER_CIN), d / "cin")
        ds = load_dataset(d)
        for t in ("cin_children", "cin_details", "s47", "cp_plans", "cp_reviews"):
            assert ds.has(t)
        assert len(ds["cin_details"]) > 0
        assert len(only(ds.problems, "xml_stray_text")) == 3
        check_accounting(ds)
        r = _cli("check", "--data", str(d))
        assert r.returncode == 0 and "Traceback" not in r.stderr


def test_cells_trimmed_and_spreadsheet_numbers_as_in_csv(tmp_path):
    """Blanks around a value and "12.0" are read as from a CSV (the byte scan that lets the
    loader skip trimming must see them)."""
    x = XML_903.replace("<LS>V2</LS>", "<LS> V2  </LS>").replace("<URN /></EPISODE>", "<URN> </URN></EPISODE>").replace("<SDQ_SCORE>12</SDQ_SCORE>",
                                                               "<SDQ_SCORE>12.0</SDQ_SCORE>")
    c = {**CSV_903, "episodes.csv": CSV_903["episodes.csv"].replace(",V2,", ", V2  ,"),
         "oc2.csv": CSV_903["oc2.csv"].replace(",12,", ",12.0,")}
    xd = load_dataset(_write(tmp_path / "x", {"r.xml": x}))
    _same_tables(xd, load_dataset(_write(tmp_path / "c", c)))
    assert xd["episodes"]["LS"].tolist() == ["C2", "C2", "V2"] and xd["oc2"]["SDQ_SCORE"].tolist() == [12.0]


def test_byte_scan_sees_a_blank_split_across_reads():
    import io

    from iro_audit.load.xml_read import HashingReader

    body = b"<A><B>x" + b" " * 10 + b"</B></A>"
    r = HashingReader(io.BytesIO(body[10:]), body[:10])  # the head ends inside the blanks
    while r.read(4):
        pass
    assert r.strip and not r.point_zero
    for blank_value in (b"<A><B> </B></A>", b"<A><B>x </B></A>", b"<A><B>\n x</B></A>"):
        r = HashingReader(io.BytesIO(blank_value[4:]), blank_value[:4])
        while r.read(2):
            pass
        assert r.strip, blank_value
    # indentation between tags, a blank inside a value and empty elements need no trimming
    tidy = b"<A>\n  <B>x y</B>\n  <C>1.5</C>\n <D />\n</A>"
    r = HashingReader(io.BytesIO(tidy[5:]), tidy[:5])
    while r.read(3):
        pass
    assert not r.strip and not r.point_zero


def test_loader_hooks_in_cin_tables_by_name(tmp_path, monkeypatch):
    """The loader takes a CIN table by its name once contract.TABLES has it (here stand-in
    definitions: dates as dates, the rest text), locating problems like the 903's."""
    from iro_audit.load.xml_cin import COLUMNS

    for t, cols in COLUMNS.items():
        if t not in contract.TABLES:
            monkeypatch.setitem(contract.TABLES, t, contract.Table(t, tuple(
                contract.C(c, "id" if c == "LAchildID" else "date" if "Date" in c or c.endswith("target")
                           else "text", required=c in ("LAchildID", "CINreferralDate")) for c in cols)))
    census = """<Message><Children>
<Child><ChildIdentifiers><LAchildID>001</LAchildID><PersonBirthDate>2010-06-01</PersonBirthDate>
<GenderCurrent>1</GenderCurrent></ChildIdentifiers>
<CINdetails><CINreferralDate>2024-02-30</CINreferralDate><ReferralNFA>0</ReferralNFA></CINdetails>
<CINdetails><CINreferralDate>2024-06-01</CINreferralDate>
<ChildProtectionPlans><CPPstartDate>2024-07-01</CPPstartDate></ChildProtectionPlans></CINdetails>
</Child></Children></Message>"""
    ds = load_dataset(_write(tmp_path, {**CSV_903, "census.xml": census}))
    assert ds["cin_children"]["Sex"].tolist() == ["1"]
    assert ds["cin_details"]["CINreferralDate"].dt.strftime("%Y-%m-%d").tolist() == ["2024-06-01"]
    assert ds["cp_plans"]["CINreferralDate"].dt.strftime("%Y-%m-%d").tolist() == ["2024-06-01"]
    p = only(ds.problems, "type").iloc[0]
    assert (p["file"], p["row"], p["value"], p["action"]) == ("census.xml[cin_details]", 1, "2024-02-30",
                                                              "row set aside")
    assert p["expected"].endswith("(CINdetails of child 001, line 4)")
    check_accounting(ds)


def test_child_without_header_rows_set_aside_and_said(tmp_path):
    x = XML_903.replace("<HEADER><CHILDID>002</CHILDID><UPN /><SEX>2</SEX><DOB>02/02/2015</DOB><ETHNIC>MOTH"
                        "</ETHNIC><UASC /><MOTHER /><MC_DOB /></HEADER>\n", "")
    ds = load_dataset(_write(tmp_path, {"r.xml": x}))
    assert ds["header"]["CHILD"].tolist() == ["001"] and len(ds["episodes"]) == 2
    p = only(ds.problems, "required").iloc[0]
    assert (p["row"], p["column"], p["action"]) == (3, "CHILD", "row set aside")
    assert p["expected"].endswith("(EPISODE (no CHILDID), line 22)")
    note = only(ds.problems, "xml_element_not_read").iloc[0]["expected"]
    assert "1 CHILD element(s) without a HEADER (first at line 21)" in note
    check_accounting(ds)


def test_prolog_comments_plain_doctype_and_namespaces(tmp_path):
    from iro_audit.load.xml_read import XmlRefused, prolog

    assert prolog(b"<?xml version='1.0'?>\n<!-- from the system -->\n<!DOCTYPE EXPSSDA903>\n<EXPSSDA903>") == \
        ("EXPSSDA903", "")
    assert prolog(b'<Message xmlns="urn:cin">') == ("Message", "urn:cin")
    assert prolog(b'<c:Message xmlns:c="urn:cin">') == ("Message", "urn:cin")
    with pytest.raises(XmlRefused, match="ends inside its prolog"):
        prolog(b"<!-- never closed <EXPSSDA903><CHILD/></EXPSSDA903>")
    # a plain DOCTYPE (no entities, no external DTD) is harmless: the return is read
    x = XML_903.replace("<EXPSSDA903>", "<!DOCTYPE EXPSSDA903>\n<EXPSSDA903>", 1)
    _same_tables(load_dataset(_write(tmp_path / "x", {"r.xml": x})), load_dataset(_write(tmp_path / "c", CSV_903)))
