"""Columns of personal details (names, addresses, contact details, birth dates outside the
contract) are never read: matched on the column name's words (load/personal.py), reported once
by name (rule identifying_column, action "column not read"), and no value of theirs reaches a
table or a data-quality row. Contract columns are always read."""
import pytest

from iro_audit.errors import ParameterError
from iro_audit.load import load_dataset
from iro_audit.load.personal import is_personal, personal_words

from _loadkit import EPISODES_HEAD, folder, only

COMMON = ["Post Code", "E-mail", "PhoneNumber", "Tel", "Date of Birth", "ChildSurname",
          "Forename1", "Contact number", "CHILDSURNAME", "HOMEADDRESS", "PLACEMENT_TEL",
          "NHSNumber", "D.O.B.", "Mobile phone", "Child DOB", "first_name"]
NEAR_MISSES = ["HOTEL", "Hotel Stay", "Telford", "NEEDS_ADDRESSED", "Dobson", "Nameless",
               "QC_CHILD_CONSULTED", "QC_PLACEMENT_PLAN", "Team", "Notes", "Postage"]


@pytest.mark.parametrize("header", COMMON)
def test_common_personal_headers_are_caught(header):
    assert is_personal(header)


@pytest.mark.parametrize("header", NEAR_MISSES)
def test_words_inside_other_words_are_not(header):
    # TEL inside HOTEL, ADDRESS at the start of ADDRESSED, DOB inside Dobson: not whole words
    assert not is_personal(header)


def test_values_never_reach_a_table_or_a_problem_row(tmp_path):
    # qc_forms: every extra column is a form item whose bad answers are reported WITH their
    # value, so a personal column read as an item would echo every postcode and phone number
    head = ("FORM_ID,CHILD,REVIEW,IRO_ID,COMPLETED_DATE,OVERALL_GRADE,COMMENTS,QC_CHILD_CONSULTED,"
            "Post Code,E-mail,PhoneNumber,Tel,Date of Birth,ChildSurname,Forename1,Contact number")
    secrets = ["ZZ1 9ZZ", "kid@example.org", "07700900123", "0161 496 0000", "03/03/2012",
               "Secretsurname", "Secretforename", "01632 960001"]
    d = folder(tmp_path, qc_forms_csv=head + "\n"
               + "F1,001,20/10/2019,IRO1,21/10/2019,GOOD,,Q," + ",".join(secrets) + "\n")
    ds = load_dataset(d)
    p = only(ds.problems, "identifying_column")
    assert p["column"].tolist() == ["Post Code", "E-mail", "PhoneNumber", "Tel", "Date of Birth",
                                    "ChildSurname", "Forename1", "Contact number"]
    assert set(p["action"]) == {"column not read"} and p["value"].isna().all()
    assert p["row"].tolist() == [1] * 8
    # the QC item beside them is still read (its bad answer "Q" reported as usual)
    assert only(ds.problems, "code")[["column", "value"]].values.tolist() == [["QC_CHILD_CONSULTED", "Q"]]
    qc = ds["qc_forms"]
    assert "QC_CHILD_CONSULTED" in qc.columns
    assert not set(p["column"]) & set(qc.columns)
    text = ds.problems.astype(str).to_csv() + qc.astype(str).to_csv()
    for s in secrets:
        assert s not in text, s


def test_contract_columns_are_read_whatever_their_name(tmp_path):
    # DOB and MC_DOB are contract columns of header and reviews: read. HOME_POST and PL_POST
    # (postcodes) are contract columns of episodes: read. "Date of Birth" beside them in
    # episodes is not a contract column there: not read.
    d = folder(tmp_path, episodes_csv=EPISODES_HEAD + """,Date of Birth,Carer Tel
001,01/04/2019,S,C2,N1,U1,PR1,01/10/2019,X1,,M1 1AA,M2 2BB,,15/06/2015,0161 000 0000
001,01/10/2019,P,C2,N1,U4,PR1,,,CARPL,,,,15/06/2015,
002,15/05/2019,S,V2,N2,K2,PR1,,,,,,,20/01/2010,
""")
    ds = load_dataset(d)
    e = ds["episodes"]
    assert e.loc[0, "HOME_POST"] == "M1 1AA" and e.loc[0, "PL_POST"] == "M2 2BB"
    assert "Date of Birth" not in e.columns and "Carer Tel" not in e.columns
    assert only(ds.problems, "identifying_column")["column"].tolist() == ["Date of Birth", "Carer Tel"]
    assert ds["header"]["DOB"].notna().all() and ds["reviews"]["DOB"].notna().all()


def test_a_column_map_can_add_words_and_load_dataset_too(tmp_path):
    d = folder(tmp_path, peps_csv="CHILD,PEP_DATE,Carer,Sibling_Ref,Social Worker\n"
                                  "001,01/09/2019,Mrs Carer,S-17,Jo Worker\n")
    ds = load_dataset(d)
    assert ds.extra_columns["peps"] == ["Carer", "Sibling_Ref", "Social Worker"]  # by default read
    cmap = {"personal_detail_words": ["carer", "Sibling"]}
    ds = load_dataset(d, column_map=cmap, personal_detail_words=["Social-Worker"])
    assert only(ds.problems, "identifying_column")["column"].tolist() == ["Carer", "Sibling_Ref", "Social Worker"]
    assert "peps" not in ds.extra_columns
    assert "Mrs Carer" not in ds.problems.astype(str).to_csv()


def test_added_words_must_be_words():
    with pytest.raises(ParameterError, match="too short"):
        personal_words(["x"])
    with pytest.raises(ParameterError, match="list of words"):
        personal_words([3])
    with pytest.raises(ParameterError, match="personal_detail_words must be a list"):
        load_dataset(".", column_map={"personal_detail_words": "Carer"})
