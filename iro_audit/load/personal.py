"""Columns of personal details the toolkit never reads (names, addresses, contact details ...).

A local export may carry a child's name, address or phone number beside the contract columns.
Such a column is not read at all, so its values can never reach a data-quality row, a
worksheet or a paper; the loader reports it once by name (rule ``identifying_column``, action
``column not read``). A contract column is always read, whatever its name (903 ``DOB`` stays).

How a column name is matched: it is split into words at anything but a letter and where lower
case turns to upper ("ChildSurname" -> CHILD SURNAME, "E-mail" -> E MAIL, "Forename1" ->
FORENAME, "NHSNumber" -> NHS NUMBER). The column is personal when
- a run of consecutive words, joined, is a personal-details word ("Post Code" -> POSTCODE,
  "Date of Birth" -> DATEOFBIRTH, "Contact number" -> CONTACTNUMBER, "PLACEMENT_TEL" -> TEL), or
- one word ends with a personal-details word of four letters or more ("CHILDSURNAME",
  "HOMEADDRESS", "CHILDNAME").
Short words must be whole words, so "HOTEL" is not TEL and "NEEDS_ADDRESSED" is not ADDRESS.
More words come from the column-map file (``personal_detail_words``) or the
``personal_detail_words`` keyword of `load_dataset`; they add to the list, never replace it.
"""
from __future__ import annotations

import re

from ..errors import ParameterError

PERSONAL_DETAIL_WORDS = frozenset({
    # names
    "NAME", "NAMES", "FORENAME", "FORENAMES", "SURNAME", "SURNAMES", "FIRSTNAME", "LASTNAME",
    "FULLNAME", "GIVENNAME", "MIDDLENAME", "FAMILYNAME", "PREFERREDNAME", "CHILDNAME", "KNOWNAS",
    "ALIAS", "MAIDENNAME",
    # where they live
    "ADDRESS", "POSTCODE", "POSTALCODE",
    # identity numbers
    "NHS", "NHSNUMBER", "NHSNO", "NINUMBER", "NINO", "NATIONALINSURANCE",
    # contact details
    "PHONE", "PHONENUMBER", "PHONENO", "TELEPHONE", "TEL", "TELNO", "TELNUMBER", "MOBILE",
    "MOBILENUMBER", "MOBILENO", "CONTACTNUMBER", "CONTACTNO", "CONTACTDETAILS", "EMAIL", "FAX",
    "NEXTOFKIN",
    # birth dates outside the contract's DOB columns
    "DOB", "DATEOFBIRTH", "BIRTHDATE", "BIRTHDAY",
})

_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+")
_MAX_RUN = 4  # words joined at most ("E MAIL ADDRESS", "DATE OF BIRTH")
_SUFFIX_MIN = 4  # a word may end with a personal-details word this long or longer


def letters(word) -> str:
    """A word as matched: letters only, upper case ("E-mail" -> EMAIL)."""
    return re.sub(r"[^A-Z]", "", str(word).upper())


def words_of(header) -> list[str]:
    """A column name split into upper-case words (see the module docstring)."""
    return [w.upper() for w in _WORD.findall(str(header))]


def personal_words(extra=None) -> frozenset[str]:
    """The built-in words plus EXTRA (a list of words; each reduced to its letters)."""
    if not extra:
        return PERSONAL_DETAIL_WORDS
    if isinstance(extra, str) or not all(isinstance(w, str) for w in extra):
        raise ParameterError("personal_detail_words must be a list of words, e.g. [Carer, Sibling]")
    added = set()
    for w in extra:
        norm = letters(w)
        if len(norm) < 2:
            raise ParameterError(f"personal_detail_words: '{w}' is too short to match a column "
                                 "name safely (give a word of two letters or more)")
        added.add(norm)
    return PERSONAL_DETAIL_WORDS | added


def is_personal(header, words: frozenset[str] = PERSONAL_DETAIL_WORDS) -> bool:
    """Whether a column name names a child's or family's personal details."""
    ws = words_of(header)
    for i in range(len(ws)):
        joined = ""
        for w in ws[i:i + _MAX_RUN]:
            joined += w
            if joined in words:
                return True
        if len(ws[i]) > _SUFFIX_MIN and any(
                len(p) >= _SUFFIX_MIN and ws[i].endswith(p) for p in words):
            return True
    return False
