"""The integer-key duplicate check agrees with pandas' own `DataFrame.duplicated`."""
import numpy as np
import pandas as pd
import pytest

from iro_audit.load import keys


@pytest.mark.parametrize("keep", ["first", "last", False])
def test_duplicated_matches_pandas(keep):
    rng = np.random.default_rng(3)
    n = 500
    df = pd.DataFrame({
        "CHILD": pd.Series(rng.choice(["001", "002", "010", None], n), dtype="str"),
        "REVIEW": pd.to_datetime("2020-01-01") + pd.to_timedelta(rng.integers(0, 4, n), unit="D"),
        "CODE": pd.Series(rng.choice(["A", "B"], n), dtype="str"),
    })
    df.loc[rng.choice(n, 20), "REVIEW"] = pd.NaT
    got = keys.duplicated(df, keep=keep)
    assert (got == df.duplicated(keep=keep).to_numpy()).all()
    codes = {"CHILD": pd.factorize(df["CHILD"])[0]}
    assert (keys.duplicated(df, keep=keep, codes=codes) == got).all()
