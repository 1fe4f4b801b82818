"""iro-audit: audit and performance toolkit for an Independent Reviewing Officer service."""
__version__ = "0.1.0"

# The floor tested (pyproject.toml and environment.yml declare the same): with pandas 2 blanks
# read as text become the string "nan" and dates parse differently, so stop with a clear message
# rather than give wrong figures.
PANDAS_FLOOR = (3, 0)


def _check_pandas(version: str) -> None:
    import re

    nums = tuple(int(x) for x in re.findall(r"\d+", version)[:2])
    if nums < PANDAS_FLOOR:
        raise ImportError(f"iro-audit needs pandas {PANDAS_FLOOR[0]}.{PANDAS_FLOOR[1]} or newer; "
                          f"this environment has pandas {version}. Update it (pip install -U "
                          f"'pandas>={PANDAS_FLOOR[0]}.{PANDAS_FLOOR[1]}' or the environment.yml), "
                          f"which needs Python 3.11 or newer.")


def _installed_pandas() -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pandas")
    except PackageNotFoundError:
        return None


_v = _installed_pandas()
if _v is not None:
    _check_pandas(_v)
del _v
