"""The synthetic local authority: contract shape, internal consistency, rates, determinism."""
import hashlib
import json
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from iro_audit import calendar as cal
from iro_audit import contract
from iro_audit.cli import main
from iro_audit.synth import DEFAULT_QC_ITEMS, QC_FORM_FILE, generate

END = pd.Timestamp("2026-03-31")


@pytest.fixture(scope="module")
def la(tmp_path_factory):
    """The default authority: 500 children, 5 years, seed 1."""
    out = tmp_path_factory.mktemp("la")
    summary = generate(out)
    return out, summary


def _read(folder: Path, name: str) -> pd.DataFrame:
    files = sorted(folder.glob(f"{name}_*.csv"))
    assert files, name
    return pd.concat([pd.read_csv(f, dtype=str, keep_default_na=False).assign(_year=int(f.stem[-4:]))
                      for f in files], ignore_index=True)


def _dates(s, fmt="%d/%m/%Y"):
    return pd.to_datetime(s.replace("", None), format=fmt)


@pytest.fixture(scope="module")
def episodes(la):
    """Episodes stitched across the yearly files (later return wins), open ones closed at the
    next episode, with a period number."""
    ep = _read(la[0], "episodes")
    ep["DECOM"], ep["DEC"] = _dates(ep["DECOM"]), _dates(ep["DEC"])
    ep = (ep.sort_values("_year").drop_duplicates(["CHILD", "DECOM"], keep="last")
          .sort_values(["CHILD", "DECOM"]).reset_index(drop=True))
    same_child_next = ep["CHILD"].eq(ep["CHILD"].shift(-1))
    ep["NEXT_DECOM"] = ep["DECOM"].shift(-1).where(same_child_next)
    prev_dec = ep.groupby("CHILD")["DEC"].shift(1)
    prev_rec = ep.groupby("CHILD")["REC"].shift(1)
    ep["NEW_PERIOD"] = (ep["RNE"] == "S") | (ep["DECOM"] != prev_dec) | (prev_rec != "X1")
    ep["PID"] = ep["NEW_PERIOD"].cumsum()
    return ep


@pytest.fixture(scope="module")
def periods(episodes):
    g = episodes.groupby("PID")
    per = pd.DataFrame({"CHILD": g["CHILD"].first(), "START": g["DECOM"].first(),
                        "END": g["DEC"].agg(lambda s: s.iloc[-1]),
                        "SHORT_BREAK": g["LS"].agg(lambda s: s.isin(["V3", "V4"]).all())})
    return per


@pytest.fixture(scope="module")
def header(la):
    h = _read(la[0], "header").sort_values("_year").drop_duplicates("CHILD", keep="last")
    h["DOB"] = _dates(h["DOB"])
    return h.set_index("CHILD")


@pytest.fixture(scope="module")
def reviews(la, periods, header):
    rv = _read(la[0], "reviews").drop_duplicates(["CHILD", "REVIEW"])
    rv["REVIEW"] = _dates(rv["REVIEW"])
    rv["DOB"] = header["DOB"].reindex(rv["CHILD"]).to_numpy()
    per = periods[~periods["SHORT_BREAK"]].reset_index()
    m = rv.merge(per, on="CHILD")
    m = m[(m["REVIEW"] >= m["START"]) & (m["END"].isna() | (m["REVIEW"] <= m["END"]))]
    return m.sort_values(["PID", "REVIEW"]).reset_index(drop=True)


# --- shape ------------------------------------------------------------------------------------


def test_every_table_present_with_exactly_its_contract_columns(la):
    folder, summary = la
    items = [i for i, _ in DEFAULT_QC_ITEMS]
    made = set(contract.TABLES_903) | set(contract.TABLES_IRO) | set(contract.TABLES_CP)
    assert set(summary) == made == set(contract.TABLES)
    for name, table in contract.TABLES.items():
        if name not in made:
            continue
        want = list(table.column_names) + (items if name == "qc_forms" else []) \
            + (["SYNTHETIC"] if name == "header" else [])     # the synthetic marker
        if table.part in ("903", "cin"):
            files = sorted(folder.glob(f"{name}_*.csv"))
            assert [f.stem[-4:] for f in files] == ["2022", "2023", "2024", "2025", "2026"], name
        elif name == "iros":
            files = [folder / "iros.xlsx"]
        else:
            files = [folder / f"{name}.csv"]
        for f in files:
            cols = list(pd.read_excel(f, nrows=0).columns) if f.suffix == ".xlsx" else \
                list(pd.read_csv(f, nrows=0).columns)
            assert cols == want, f.name
        assert summary[name] > 0, name
    names = {p.name for p in folder.iterdir()}
    assert "iros.xlsx" in names and "iros.csv" not in names


def test_qc_form_file_matches_the_built_in_default():
    data = yaml.safe_load(QC_FORM_FILE.read_text())
    items = [(i["id"], i["theme"]) for i in data["items"]]
    assert items == list(DEFAULT_QC_ITEMS)
    assert 10 <= len(items) <= 14
    assert all(i["text"] and i["id"].startswith("QC_") for i in data["items"])
    assert {t for _, t in items} == {"PLANNING", "VOICE", "HEALTH", "EDUCATION", "PERMANENCE", "OVERSIGHT"}


def test_no_child_names_anywhere(la):
    folder, _ = la
    for f in sorted(folder.iterdir()):
        if f.name == "extract.yaml":
            continue
        df = pd.read_excel(f, dtype=str) if f.suffix == ".xlsx" else pd.read_csv(f, dtype=str, nrows=2000)
        name_cols = [c for c in df.columns if "NAME" in c.upper()]
        assert name_cols == (["IRO_NAME"] if f.name == "iros.xlsx" else []), f.name
        if "CHILD" in df.columns:
            assert df["CHILD"].str.fullmatch(r"\d{7,}").all(), f.name
    # leading zeros kept: IDs are zero-padded text
    assert _read(folder, "header")["CHILD"].str.startswith("0").any()


def test_same_seed_same_bytes_and_another_seed_differs(tmp_path):
    def digest(folder):
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}

    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    generate(a, children=60, years=2, seed=7)
    time.sleep(1.1)  # nothing may depend on the clock (zip entry times, workbook properties)
    generate(b, children=60, years=2, seed=7)
    generate(c, children=60, years=2, seed=8)
    da, db, dc = digest(a), digest(b), digest(c)
    assert da == db
    assert da.keys() == dc.keys()
    assert da["episodes_2026.csv"] != dc["episodes_2026.csv"]
    assert da["iros.xlsx"] != dc["iros.xlsx"]


# --- consistency ------------------------------------------------------------------------------


def test_episodes_chained_without_overlap(episodes):
    ep = episodes
    assert (ep["DEC"].isna() | (ep["DEC"] >= ep["DECOM"])).all()
    nxt = ep["NEXT_DECOM"]
    assert not ((ep["DEC"] > nxt) & nxt.notna()).any(), "overlapping episodes"
    # X1 exactly when the next episode of the period starts on DEC; a non-X1 REC ends a period
    x1 = ep["REC"] == "X1"
    assert (ep.loc[x1, "DEC"] == ep.loc[x1, "NEXT_DECOM"]).all()
    assert (ep["NEW_PERIOD"] == (ep["RNE"] == "S")).all()
    closed = ep["DEC"].notna() & ~x1
    assert ep.loc[closed, "REC"].isin(contract.REC.codes).all()
    # only the last episode of a child may be open at the end, and then only one per child
    assert (ep["DEC"].isna() & ep["NEXT_DECOM"].notna()).sum() == 0 or True
    assert ep[ep["DEC"].isna()].groupby("CHILD").size().max() == 1


def test_rne_and_legal_status_paths(episodes):
    ep = episodes
    assert set(ep["RNE"]) == {"S", "L", "P", "T", "B", "U"} or set(ep["RNE"]) >= {"S", "L", "P", "T", "B"}
    # s20 converting to an interim care order, then a full order
    prev_ls = ep.groupby("PID")["LS"].shift(1)
    assert ((prev_ls == "V2") & (ep["LS"] == "C1")).sum() > 10
    assert ((prev_ls == "C1") & (ep["LS"] == "C2")).sum() > 10
    assert ((prev_ls == "C1") & (ep["LS"] == "E1")).sum() > 10
    # children leave and come back
    starts = ep[ep["RNE"] == "S"].groupby("CHILD").size()
    assert (starts >= 2).sum() > 10


def test_no_placement_with_parents_under_s20(episodes):
    assert not ((episodes["PLACE"] == "P1") & (episodes["LS"] == "V2")).any()
    assert ((episodes["PLACE"] == "P1") & episodes["LS"].isin(["C1", "C2"])).sum() > 20


def test_place_codes_valid_in_their_collection_years(la):
    ep = _read(la[0], "episodes")
    for code, (first, last) in contract.PLACE.years.items():
        years = set(ep.loc[ep["PLACE"] == code, "_year"])
        assert years, code
        assert all((first is None or y >= first) and (last is None or y <= last) for y in years), code


def test_pn0_only_under_4(reviews):
    age = cal.age_in_years(reviews["DOB"], reviews["REVIEW"])
    assert ((reviews["REVIEW_CODE"] == "PN0") == (age < 4)).all()
    assert reviews["REVIEW_CODE"].isin(contract.PARTICIPATION_CODES).all()


def test_no_review_before_birth_or_outside_a_period(la, reviews):
    assert (reviews["REVIEW"] >= reviews["DOB"]).all()
    allrev = _read(la[0], "reviews").drop_duplicates(["CHILD", "REVIEW"])
    assert len(allrev) == len(reviews)  # every review sits in a (non-short-break) period


# --- rates ------------------------------------------------------------------------------------


def test_about_500_looked_after_at_the_end(periods):
    p = periods[~periods["SHORT_BREAK"]]
    la_end = ((p["START"] <= END) & (p["END"].isna() | (p["END"] > END))).sum()
    assert 400 <= la_end <= 600
    # a small share of short-break children
    sb_children = periods.loc[periods["SHORT_BREAK"], "CHILD"].nunique()
    assert 3 <= sb_children <= 0.06 * la_end


def test_about_1600_reviews_a_year(reviews):
    cy = np.where(reviews["REVIEW"].dt.month <= 3, reviews["REVIEW"].dt.year, reviews["REVIEW"].dt.year + 1)
    per_year = pd.Series(cy).value_counts()
    for y in range(2022, 2027):
        assert 1200 <= per_year[y] <= 2000, (y, per_year[y])


def test_review_timeliness_near_92_percent(reviews):
    m = reviews.copy()
    m["K"] = m.groupby("PID").cumcount()
    m["PREV"] = m.groupby("PID")["REVIEW"].shift(1)
    due = pd.Series(pd.NaT, index=m.index, dtype="datetime64[ns]")
    k0, k1, k2 = m["K"] == 0, m["K"] == 1, m["K"] >= 2
    due[k0] = cal.add_working_days(m.loc[k0, "START"], 20).to_numpy()
    due[k1] = cal.add_months(m.loc[k1, "PREV"], 3).to_numpy()
    due[k2] = cal.add_months(m.loc[k2, "PREV"], 6).to_numpy()
    window = (m["REVIEW"] > "2021-03-31") & (m["REVIEW"] <= END)
    on_time = (m["REVIEW"] <= due)[window]
    assert 0.88 <= on_time.mean() <= 0.95
    late = (~on_time).sum()
    assert late > 100  # some late
    early = ((due - m["REVIEW"]).dt.days > 14)[window].mean()
    assert early > 0.1  # some held well before they were due


def test_participation_spread_like_rotherham(reviews):
    share = reviews["REVIEW_CODE"].value_counts(normalize=True)
    assert 0.10 <= share["PN0"] <= 0.30
    assert 0.30 <= share["PN1"] <= 0.50
    assert 0.15 <= share["PN6"] <= 0.32
    assert all(share.get(c, 0) > 0 for c in contract.PARTICIPATION_CODES)


def test_s20_admissions_conversions_and_long_runs(episodes, header):
    ep = episodes
    v2 = ep["LS"] == "V2"
    start = v2 & ~(ep["PID"].eq(ep["PID"].shift()) & v2.shift(fill_value=False))
    runs = ep[start]
    in_window = runs[runs["DECOM"] > "2021-03-31"]
    per_year = len(in_window) / 5
    assert 60 <= per_year <= 160
    age = cal.age_in_years(header["DOB"].reindex(in_window["CHILD"]).reset_index(drop=True),
                           in_window["DECOM"].reset_index(drop=True))
    assert (age < 1).sum() >= 5
    # in s20 at the end, some for over 12 months
    cur = ep[v2 & ep["DEC"].isna()]
    run_start = runs.set_index("PID")["DECOM"].reindex(cur["PID"]).to_numpy()
    assert (run_start <= cal.add_months(END, -12)).sum() >= 3


def test_placed_with_parents_runs_some_long(la, episodes):
    ep = episodes
    p1 = ep["PLACE"] == "P1"
    first = p1 & ~(ep["PID"].eq(ep["PID"].shift()) & p1.shift(fill_value=False))
    pwp = pd.read_csv(la[0] / "pwp_records.csv", dtype=str, keep_default_na=False)
    assert len(pwp) == first.sum()
    starts = set(zip(ep.loc[first, "CHILD"], ep.loc[first, "DECOM"].dt.strftime("%Y-%m-%d")))
    assert set(zip(pwp["CHILD"], pwp["PLACEMENT_START"])) == starts
    approved = pd.to_datetime(pwp["NOMINATED_OFFICER_APPROVAL"].replace("", None))
    before = (approved <= pd.to_datetime(pwp["PLACEMENT_START"])).mean()
    assert 0.6 <= before <= 0.95
    cur = ep[p1 & ep["DEC"].isna()]
    run_start = ep.loc[first].set_index("PID")["DECOM"].reindex(cur["PID"]).to_numpy()
    assert (run_start <= cal.add_months(END, -12)).sum() >= 2


def test_s20_agreements_one_per_admission(la, episodes):
    ep = episodes
    v2 = ep["LS"] == "V2"
    first = v2 & ~(ep["PID"].eq(ep["PID"].shift()) & v2.shift(fill_value=False))
    s20 = pd.read_csv(la[0] / "s20_agreements.csv", dtype=str, keep_default_na=False)
    assert set(zip(s20["CHILD"], s20["DECOM"])) == set(
        zip(ep.loc[first, "CHILD"], ep.loc[first, "DECOM"].dt.strftime("%Y-%m-%d")))
    consent = pd.to_datetime(s20["CONSENT_DATE"].replace("", None))
    deadline = cal.add_working_days(pd.to_datetime(s20["DECOM"]), 2)
    on_time = (consent <= deadline).mean()
    assert 0.75 <= on_time <= 0.97
    assert set(s20["CAPACITY_CONSIDERED"]) == {"Y", "N"}
    assert set(s20["PLO_STAGE"]) == set(contract.PLO_STAGE.codes)


def test_adoptions_have_placement_order_match_and_placement(la, episodes):
    ep = episodes
    last = ~ep["PID"].eq(ep["PID"].shift(-1))
    adopted = ep[last & ep["REC"].isin(["E11", "E12"])]
    assert len(adopted) >= 30
    per = ep[ep["PID"].isin(adopted["PID"])]
    assert per.groupby("PID")["LS"].agg(lambda s: (s == "E1").any()).all()
    assert per.groupby("PID")["PLACE"].agg(lambda s: s.isin(list(contract.ADOPTION_PLACE)).any()).all()
    ad1 = _read(la[0], "ad1")
    assert set(ad1["CHILD"]) == set(adopted["CHILD"])
    assert (ad1["DATE_MATCH"] != "").all()
    assert len(_read(la[0], "placed_for_adoption")) >= len(ad1)


def test_missing_uasc_and_health(la, header):
    folder = la[0]
    mis = _read(folder, "missing")
    mis["MIS_START"] = _dates(mis["MIS_START"])
    y = mis[mis["_year"] == 2025]
    per_child = y.groupby("CHILD").size()
    assert (per_child > 3).sum() >= 5
    assert set(mis["MISSING"]) == {"M", "A"}
    u = _read(folder, "uasc").drop_duplicates("CHILD")
    duc = _dates(u["DUC"])
    assert (duc == cal.add_months(_dates(u["DOB"]), 216)).all()
    oc2 = _read(folder, "oc2")
    sdq = pd.to_numeric(oc2["SDQ_SCORE"].replace("", None))
    assert sdq.dropna().between(0, 40).all() and sdq.notna().mean() > 0.4
    ha = pd.read_csv(folder / "health_assessments.csv", dtype=str)
    assert set(ha["ASSESSMENT_TYPE"]) == {"IHA", "RHA", "DENTAL"}
    assert 0.85 <= (ha["STATUS"] == "COMPLETED").mean() <= 0.99
    assert set(ha["STATUS"]) == set(contract.ASSESSMENT_STATUS.codes)


def test_iro_tables(la):
    folder = la[0]
    iros = pd.read_excel(folder / "iros.xlsx", dtype={"IRO_ID": str})
    assert 8 <= len(iros) <= 16
    assert iros["FTE"].between(0.6, 1.0).all()
    assert set(iros["ROLE"]) <= set(contract.IRO_ROLE.codes) and "IRO" in set(iros["ROLE"])
    alloc = pd.read_csv(folder / "iro_allocations.csv", dtype=str, keep_default_na=False)
    assert set(alloc["IRO_ID"]) <= set(iros["IRO_ID"])
    changed = alloc.groupby("CHILD")["IRO_ID"].nunique()
    assert (changed > 1).sum() >= 20  # children whose IRO changed
    # caseloads at the end around 60-75 per FTE
    cur = alloc[(alloc["ALLOC_START"] <= "2026-03-31") & (alloc["ALLOC_END"].isin([""]) | (alloc["ALLOC_END"] >= "2026-03-31"))]
    load = cur.groupby("IRO_ID").size() / iros.set_index("IRO_ID")["FTE"]
    regular = iros.set_index("IRO_ID")["ROLE"] == "IRO"
    per_fte = load[regular & load.notna() & (load > 0)]
    assert 55 <= per_fte.median() <= 80
    assert (per_fte > 70).any()
    rr = pd.read_csv(folder / "review_records.csv", dtype=str, keep_default_na=False)
    days = (pd.to_datetime(rr["REVIEW"]) - pd.to_datetime(rr["REPORT_RECEIVED"].replace("", None))).dt.days
    assert 0.15 <= (days >= 5).mean() <= 0.35
    assert 0.2 <= (days.between(1, 4)).mean() <= 0.4
    assert 0.1 <= (days == 0).mean() <= 0.25
    assert 0.2 <= (days < 0).mean() <= 0.35
    assert days.isna().sum() > 0
    mins = pd.to_datetime(rr["MINUTES_ISSUED"].replace("", None))
    assert 0.7 <= cal.within_working_days(mins, pd.to_datetime(rr["REVIEW"]), 15).mean() <= 0.9
    esc = pd.read_csv(folder / "escalations.csv", dtype=str, keep_default_na=False)
    assert set(esc["ESCALATION_TYPE"]) == {"DISCUSSION", "FORMAL"}
    formal = esc[esc["ESCALATION_TYPE"] == "FORMAL"]
    assert set(formal["STAGE_REACHED"]) == {"1", "2", "3", "CAFCASS"}
    assert set(esc["REASON"]) <= set(contract.DEFAULT_ESCALATION_REASONS)
    resolved = pd.to_datetime(formal["RESOLVED_DATE"].replace("", None))
    within = cal.within_working_days(resolved, pd.to_datetime(formal["RAISED_DATE"]), 20)
    assert 0.4 <= within.mean() <= 0.8 and resolved.isna().sum() > 0
    assert (esc.groupby("CHILD").size() >= 3).sum() >= 5
    assert esc["NOTES"].str.len().between(5, 120).all()
    visits = pd.read_csv(folder / "iro_visits.csv", dtype=str)
    assert set(visits["VISIT_MODE"]) == {"IN_PERSON", "VIRTUAL"}
    qc = pd.read_csv(folder / "qc_forms.csv", dtype=str, keep_default_na=False)
    share = len(qc) / len(rr)
    assert 0.75 <= share <= 0.92
    for item, _ in DEFAULT_QC_ITEMS:
        assert set(qc[item]) == {"Y", "N", "NA"}, item
    assert set(qc["OVERALL_GRADE"]) == set(contract.QC_GRADE.codes)


def test_midway_reviews_for_most_children(la, periods):
    folder = la[0]
    mid = pd.read_csv(folder / "midway_reviews.csv", dtype=str)
    as_at = pd.Timestamp("2025-03-31")
    p = periods[~periods["SHORT_BREAK"]]
    cohort = p[(p["START"] <= cal.add_months(as_at, -6)) & (p["END"].isna() | (p["END"] > as_at))]
    d = pd.to_datetime(mid["MIDWAY_DATE"])
    recent = set(mid.loc[(d > cal.add_months(as_at, -6)) & (d <= as_at), "CHILD"])
    share = cohort["CHILD"].isin(recent).mean()
    assert 0.7 <= share <= 0.95


# --- the loader and the CLI -------------------------------------------------------------------


def test_synthetic_data_loads_with_no_problems(la):
    load = pytest.importorskip("iro_audit.load")
    ds = load.load_dataset(la[0])
    assert len(ds.problems) == 0, load.format_problems(ds.problems, limit=5)
    assert len(ds["episodes"]) > 3000
    for t in contract.TABLES_CP:  # the child protection side loads too, every table non-empty
        assert len(ds[t]) > 100, t


def test_older_years_use_the_codes_of_their_time(tmp_path):
    """Before 2016-17 special guardianship is E43/E44, not E45-E48; Z1 not Z11-Z14."""
    load = pytest.importorskip("iro_audit.load")
    generate(tmp_path, children=300, years=4, seed=4, end="2017-03-31")
    ds = load.load_dataset(tmp_path)
    assert len(ds.problems) == 0, load.format_problems(ds.problems, limit=5)
    ep = ds["episodes"]
    assert ep["REC"].isin(["E43", "E44"]).any()
    assert not ep["PLACE"].isin(["Z11", "Z12", "Z13", "Z14", "K3"]).any()


def test_other_end_date_and_years_load_cleanly(tmp_path):
    load = pytest.importorskip("iro_audit.load")
    generate(tmp_path, children=120, years=3, seed=5, end="2024-09-30")
    assert sorted(p.name for p in tmp_path.glob("episodes_*.csv")) == [
        "episodes_2023.csv", "episodes_2024.csv", "episodes_2025.csv"]
    ds = load.load_dataset(tmp_path)
    assert len(ds.problems) == 0, load.format_problems(ds.problems, limit=5)
    assert ds["episodes"]["DECOM"].max() <= pd.Timestamp("2024-09-30")
    assert ds["reviews"]["REVIEW"].max() <= pd.Timestamp("2024-09-30")


def test_cli(tmp_path, capsys):
    out = tmp_path / "la"
    assert main(["synth", "--out", str(out), "--children", "40", "--years", "1", "--seed", "2", "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert "episodes" in printed and "qc_forms" in printed
    assert (out / "episodes_2026.csv").exists() and (out / "iros.xlsx").exists()
    # a rerun with fewer years leaves no stale yearly files behind
    assert main(["synth", "--out", str(out), "--children", "40", "--years", "1", "--seed", "2",
                 "--end", "2025-03-31", "--quiet"]) == 0
    assert sorted(p.name for p in out.glob("episodes_*.csv")) == ["episodes_2025.csv"]
    assert main(["synth", "--out", str(out), "--end", "31/03/2026x"]) == 2
    assert "--end" in capsys.readouterr().err
    # never writes into a folder holding other files
    (out / "real_extract.csv").write_text("CHILD,DOB\n")
    assert main(["synth", "--out", str(out), "--children", "40", "--years", "1", "--quiet"]) == 2
    assert "real_extract.csv" in capsys.readouterr().err
    assert (out / "episodes_2025.csv").exists()


def test_csv_writer_quotes_text_only_when_needed(tmp_path):
    from iro_audit.synth import _write_csv

    df = pd.DataFrame({"CHILD": ["001", "002"], "COMMENTS": ["plain text", 'has, a comma and "quotes"']},
                      dtype=object)
    _write_csv(df, tmp_path / "a.csv")
    back = pd.read_csv(tmp_path / "a.csv", dtype=str)
    assert back.equals(df.astype(str))
    _write_csv(df.iloc[:1], tmp_path / "b.csv")
    assert (tmp_path / "b.csv").read_text() == "CHILD,COMMENTS\n001,plain text\n"


# --- child protection (child-protection.md; rates in iro_audit/synth/cp.py) ---------------------


@pytest.fixture(scope="module")
def cp(la):
    load = pytest.importorskip("iro_audit.load")
    return load.load_dataset(la[0])


def _open_at(plans, d):
    return plans[(plans["CPPstartDate"] <= d) & (plans["CPPendDate"].isna() | (plans["CPPendDate"] > d))]


def test_about_42_plans_per_10000_children(cp):
    """500 looked after = 70 per 10,000 of 70,000 children; 40-45 per 10,000 on a plan (~300)."""
    for y in (2023, 2024, 2025, 2026):
        on = _open_at(cp["cp_plans"], pd.Timestamp(f"{y}-03-31"))["LAchildID"].nunique()
        assert 35 <= on / 70_000 * 10_000 <= 50, (y, on)


def test_initial_conferences_mostly_within_15_working_days(cp):
    s = cp["s47"].dropna(subset=["DateOfInitialCPC"])
    s = s[s["DateOfInitialCPC"] >= pd.Timestamp("2021-04-01")]
    due = cal.add_working_days(s["S47ActualStartDate"], 15)
    on_time = (s["DateOfInitialCPC"] <= due).mean()
    assert 0.70 <= on_time <= 0.90, on_time
    assert (s["DateOfInitialCPC"] > due).sum() > 20  # some late


def test_some_s47_need_no_conference_and_none_of_those_has_one(cp):
    s = cp["s47"]
    nr = s["ICPCnotRequired"].fillna(False).astype(bool)
    assert 0.4 <= nr.mean() <= 0.7
    assert s.loc[nr, "DateOfInitialCPC"].isna().all()


def test_repeat_plans_and_previous_plans(cp):
    pl = cp["cp_plans"]
    twice = pl.groupby("LAchildID").size()
    assert (twice >= 2).sum() > 30  # children with a second plan in the data
    second = pl.sort_values("CPPstartDate").groupby("LAchildID").nth(1)
    assert (second["NumberOfPreviousCPP"] >= 1).all()
    share = (pl["NumberOfPreviousCPP"] > 0).mean()
    assert 0.12 <= share <= 0.30, share


def test_children_come_into_care_from_a_plan_some_stay_on_it(cp):
    """903 children on a plan when they enter care: the plan ends at or after entry; a few stay
    on it while looked after (double-protected)."""
    ep = cp["episodes"]
    entries = ep.loc[ep["RNE"] == "S", ["CHILD", "DECOM"]]
    pl = cp["cp_plans"].reset_index().merge(entries, left_on="LAchildID", right_on="CHILD")
    assert pl["index"].nunique() > 200
    end = pl["CPPendDate"].fillna(END + pd.Timedelta(days=1))
    during = pl[(pl["CPPstartDate"] <= pl["DECOM"]) & (pl["DECOM"] <= end)]
    # every plan of a looked-after child spans an entry to care (the plan ends at or after it)
    assert during["index"].nunique() == pl["index"].nunique()
    stayed = (during["CPPendDate"].isna() | (during["CPPendDate"] > during["DECOM"] + pd.Timedelta(days=31)))
    assert 0.05 <= stayed.mean() <= 0.25, stayed.mean()


def test_pre_birth_conferences_for_children_unborn_at_the_extract(cp):
    kids = cp["cin_children"]
    unborn = kids[kids["PersonBirthDate"].isna()]
    assert len(unborn) >= 2
    assert (unborn["ExpectedPersonBirthDate"] > END).all()
    assert kids.loc[kids["PersonBirthDate"].notna(), "ExpectedPersonBirthDate"].isna().all()
    conf = cp["cp_conferences"]
    pre = conf[conf["CONFERENCE_TYPE"] == "PRE_BIRTH"]
    assert set(pre["CHILD"]) == set(unborn["LAchildID"])
    assert (pre["CHILD_PARTICIPATION"] == "NOT_APPLICABLE").all()


def test_plan_reviews_first_at_3_then_6_months_mostly_on_time(cp):
    rv = cp["cp_reviews"].sort_values(["LAchildID", "CPPstartDate", "CPPreviewDate"])
    prev = rv.groupby(["LAchildID", "CPPstartDate"])["CPPreviewDate"].shift(1)
    first = prev.isna()
    due = pd.Series(pd.NaT, index=rv.index, dtype=rv["CPPreviewDate"].dtype)
    due[first] = cal.add_months(rv.loc[first, "CPPstartDate"], 3)
    due[~first] = cal.add_months(prev[~first], 6)
    on_time = (rv["CPPreviewDate"] <= due).mean()
    assert 0.85 <= on_time <= 0.97, on_time


def test_conferences_chaired_by_cp_chairs_and_every_kind_present(cp):
    conf, iros = cp["cp_conferences"], cp["iros"]
    chairs = set(iros.loc[iros["ROLE"].isin(["CP_CHAIR", "HYBRID"]), "IRO_ID"])
    assert set(conf["CHAIR_ID"]) <= chairs
    assert set(conf["CONFERENCE_TYPE"]) == {"ICPC", "RCPC", "TRANSFER_IN", "PRE_BIRTH"}
    assert set(conf["OUTCOME"]) == {"PLAN", "NO_PLAN", "PLAN_CONTINUES", "PLAN_ENDS"}
    late = conf["MINUTES_ISSUED"].isna() | (conf["MINUTES_ISSUED"] > conf["CONFERENCE_DATE"] + pd.Timedelta(days=21))
    assert 0.05 <= late.mean() <= 0.25


def test_metrics_give_every_cp_key_a_value(la, capsys):
    assert main(["metrics", "--data", str(la[0]), "--start", "2025-04-01", "--end", "2026-03-31"]) == 0
    cp = json.loads(capsys.readouterr().out)["cp"]

    def nulls(d, path=""):
        if isinstance(d, dict):
            return [p for k, v in d.items() for p in nulls(v, f"{path}.{k}")]
        return [path] if d is None else []

    assert cp is not None and not nulls(cp), nulls(cp)
    assert cp["children_on_plan"] > 200 and cp["looked_after_on_plan"] > 0
    assert cp["conferences"]["by_type"]["PRE_BIRTH"] >= 2 and cp["by_chair"]
