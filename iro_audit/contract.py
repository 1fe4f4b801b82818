"""The data contract: every table the toolkit reads, its columns, their types and code lists.

This module is the single source of truth for `shared/spec/data-contract.md`. The loader parses
and validates against it; the synthetic authority writes to it; nothing else re-declares a
column or a code.

Column kinds:
- ``id``: identifier kept as text (leading zeros kept), e.g. CHILD, IRO_ID.
- ``date``: DD/MM/YYYY or ISO YYYY-MM-DD (Excel date cells are dates already).
- ``code``: a value from a code list; trimmed and upper-cased.
- ``int`` / ``float``: numbers (``range`` bounds them).
- ``flag``: 0/1 (SSDA903 yes/no fields; "1.0" is read as 1).
- ``bool``: CIN census booleans, ``true``/``false`` or ``1``/``0`` (any case); held as pandas'
  nullable ``boolean`` (True / False / <NA> when blank).
- ``yn``: Y/N answer.
- ``text``: free text, kept as it is (trimmed).
"""
from __future__ import annotations

from dataclasses import dataclass, field

# ---------------------------------------------------------------------------------------------
# Code lists
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeList:
    """A code list; ``years`` gives, for codes valid only in some collection years, the first
    and last collection year (the year of the 31 March that ends it) in which each is valid."""

    codes: frozenset[str]
    years: dict[str, tuple[int | None, int | None]] = field(default_factory=dict)

    def valid(self, code: str, collection_year: int | None = None) -> bool:
        if code not in self.codes:
            return False
        if collection_year is None or code not in self.years:
            return True
        first, last = self.years[code]
        return (first is None or collection_year >= first) and (last is None or collection_year <= last)

    def describe(self) -> str:
        return ", ".join(sorted(self.codes))


def _codes(*codes: str, years: dict[str, tuple[int | None, int | None]] | None = None) -> CodeList:
    return CodeList(frozenset(codes), dict(years or {}))


LEGAL_STATUS = _codes("C1", "C2", "D1", "E1", "V2", "V3", "V4", "L1", "L2", "L3", "J1", "J2", "J3")
SHORT_BREAK_LS = frozenset({"V3", "V4"})
ORDER_LS = frozenset({"C1", "C2", "E1", "L1", "L2", "L3"})  # an s20 run "converted to an order"

RNE = _codes("S", "L", "P", "T", "B", "U")
NEW_PLACEMENT_RNE = frozenset({"P", "B"})  # a change of carer begins a new placement

CIN = _codes("N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9")

PLACE = _codes(
    "A3", "A4", "A5", "A6", "H5", "K1", "K2", "K3", "P1", "P2", "P3", "R1", "R2", "R3", "R5",
    "S1", "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6",
    "Z1", "Z11", "Z12", "Z13", "Z14",
    # Z1 was split into Z11-Z14, and K3 (registered supported accommodation) added, from the
    # 2023-24 return (collection year 2024).
    years={"Z1": (None, 2023), "Z11": (2024, None), "Z12": (2024, None), "Z13": (2024, None),
           "Z14": (2024, None), "K3": (2024, None)},
)
ADOPTION_PLACE = frozenset({"A3", "A4", "A5", "A6"})
PLACED_WITH_PARENTS = "P1"

PLACE_PROVIDER = _codes("PR0", "PR1", "PR2", "PR3", "PR4", "PR5")

REC = _codes(
    "X1", "E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41", "E43", "E44",
    "E45", "E46", "E47", "E48", "E5", "E6", "E7", "E8", "E9", "E14", "E15", "E16", "E17",
    # Special guardianship: E43 (to former foster carers) and E44 (to other carers) were split
    # into E45-E48 (by former foster carer / relative or friend). We take the split as applying
    # from the 2016-17 return (collection year 2017); the DfE validator's current list holds only
    # E45-E48 and published synthetic 903 data uses E45-E48 for 2015-18. Because the exact year
    # is uncertain the loader only *reports* a REC outside these years (action "kept"); REC's
    # collection year is that of DEC (DECOM when DEC is blank).
    years={"E43": (None, 2016), "E44": (None, 2016),
           "E45": (2017, None), "E46": (2017, None), "E47": (2017, None), "E48": (2017, None)},
)
ADOPTED_REC = frozenset({"E11", "E12"})
STILL_LOOKED_AFTER_REC = "X1"

REASON_PLACE_CHANGE = _codes(
    "CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "CHILD", "LAREQ", "PLACE",
    "CUSTOD", "OTHER",
)

REVIEW_CODE = _codes("PN0", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7")
PARTICIPATION_CODES = ("PN0", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7")

SEX = _codes("1", "2")
MISSING_CODE = _codes("M", "A")
IRO_ROLE = _codes("IRO", "FOSTERING_IRO", "CP_CHAIR", "HYBRID")
VISIT_MODE = _codes("IN_PERSON", "VIRTUAL")
ESCALATION_TYPE = _codes("DISCUSSION", "FORMAL")
ESCALATION_STAGE = _codes("1", "2", "3", "CAFCASS")
DEFAULT_ESCALATION_REASONS = (
    "DRIFT_DELAY", "NO_PRE_MEETING_REPORT", "ORDER_DISCHARGE_DELAY", "ASSESSMENT_DELAY",
    "LIFE_STORY", "CARE_PLAN_QUALITY", "PLACEMENT", "HEALTH", "EDUCATION", "FAMILY_TIME", "OTHER",
)
QC_GRADE = _codes("OUTSTANDING", "GOOD", "REQUIRES_IMPROVEMENT", "INADEQUATE")
QC_ANSWER = _codes("Y", "N", "NA")
ASSESSMENT_TYPE = _codes("IHA", "RHA", "DENTAL")
ASSESSMENT_STATUS = _codes("COMPLETED", "REFUSED", "NOT_ATTENDED")
PLO_STAGE = _codes("NONE", "PRE_PROCEEDINGS", "PROCEEDINGS_ISSUED")
YES_NO = _codes("Y", "N")
FLAG = _codes("0", "1")

# CIN census (child-protection.md Part 1) and the unit's conference records
CATEGORY_OF_ABUSE = _codes("NEG", "PHY", "SAB", "EMO", "MUL")  # neglect, physical, sexual, emotional, multiple
CONFERENCE_TYPE = _codes("ICPC", "RCPC", "TRANSFER_IN", "PRE_BIRTH")
CONFERENCE_OUTCOME = _codes("PLAN", "NO_PLAN", "PLAN_CONTINUES", "PLAN_ENDS")
CHILD_PARTICIPATION = _codes("ATTENDED_SPOKE", "ATTENDED_ADVOCATE", "VIEWS_SHARED", "ADVOCATE_ONLY",
                             "NO_VIEWS", "NOT_APPLICABLE")  # NOT_APPLICABLE: unborn or under 4
PARENTS_ATTENDED = _codes("ALL", "SOME", "NONE")


# ---------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # id, date, code, int, float, flag, bool, yn, text
    required: bool = False  # a blank value makes the row unusable
    codes: CodeList | None = None
    range: tuple[float, float] | None = None  # inclusive bounds for int/float

    def expected(self) -> str:
        """What a valid value looks like, in words, for the data-quality report."""
        if self.kind == "date":
            return "a date, DD/MM/YYYY or YYYY-MM-DD"
        if self.kind == "code" and self.codes is not None:
            return "one of " + self.codes.describe()
        if self.kind in ("int", "float"):
            if self.range:
                lo, hi = self.range
                return f"a number from {lo:g} to {hi:g}"
            return "a number"
        if self.kind == "flag":
            return "0 or 1"
        if self.kind == "bool":
            return "true or false (or 1 or 0)"
        if self.kind == "yn":
            return "Y or N"
        if self.kind == "id":
            return "an identifier"
        return "text"


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()  # the columns that identify one row (duplicates, stitching)
    part: str = "iro"  # "903", "iro", "cin" (CIN census) or "cp" (the unit's conference records)
    required_table: bool = False  # the toolkit cannot run without it
    extra_columns_are_items: bool = False  # qc_forms: columns beyond the contract are form items
    needed_for: str = ""
    # The date that places a row in time, when it is not the first date of the key (cp_reviews:
    # the review's date, not its plan's start); see `load.policy.main_date`.
    main_date: str | None = None
    # Further dates whose latest also dates a return (its collection year: the 31 March on or
    # after its latest date), e.g. CPPendDate: a return holding a plan that started years ago
    # and ended this year is this year's return.
    year_dates: tuple[str, ...] = ()

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    def date_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.kind == "date")


def C(name, kind, required=False, codes=None, range=None):  # noqa: A002 - short table syntax
    return Column(name, kind, required, codes, range)


CHILD = C("CHILD", "id", required=True)
DOB = C("DOB", "date")

TABLES: dict[str, Table] = {}


def _table(name, columns, key=(), part="iro", required_table=False, items=False, needed_for="",
           main_date=None, year_dates=()):
    TABLES[name] = Table(name, tuple(columns), tuple(key), part, required_table, items, needed_for,
                         main_date, tuple(year_dates))


# Part 1: SSDA903
_table("header", [CHILD, C("SEX", "code", codes=SEX), C("DOB", "date", required=True),
                  C("ETHNIC", "text"), C("UPN", "text"), C("MOTHER", "flag"), C("MC_DOB", "date")],
       key=("CHILD",), part="903", required_table=True, needed_for="everything")
_table("episodes", [CHILD, C("DECOM", "date", required=True), C("RNE", "code", True, RNE),
                    C("LS", "code", True, LEGAL_STATUS), C("CIN", "code", codes=CIN),
                    C("PLACE", "code", True, PLACE),
                    C("PLACE_PROVIDER", "code", codes=PLACE_PROVIDER), C("DEC", "date"),
                    C("REC", "code", codes=REC),
                    C("REASON_PLACE_CHANGE", "code", codes=REASON_PLACE_CHANGE),
                    C("HOME_POST", "text"), C("PL_POST", "text"), C("URN", "text")],
       key=("CHILD", "DECOM"), part="903", required_table=True, needed_for="everything")
_table("reviews", [CHILD, DOB, C("REVIEW", "date", required=True),
                   C("REVIEW_CODE", "code", codes=REVIEW_CODE)],
       key=("CHILD", "REVIEW"), part="903", required_table=True,
       needed_for="reviews, participation")
_table("uasc", [CHILD, C("SEX", "code", codes=SEX), DOB, C("DUC", "date")],
       key=("CHILD",), part="903", needed_for="UASC cohort")
_OC2_FLAGS = ("CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT",
              "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED")
_table("oc2", [CHILD, DOB, C("SDQ_SCORE", "int", range=(0, 40)), C("SDQ_REASON", "text")]
       + [C(f, "flag") for f in _OC2_FLAGS],
       key=("CHILD",), part="903", needed_for="health fallback")
_table("oc3", [CHILD, DOB, C("IN_TOUCH", "text"), C("ACTIV", "text"), C("ACCOM", "text")],
       key=("CHILD",), part="903", needed_for="care leavers")
_table("ad1", [CHILD, DOB, C("DATE_INT", "date"), C("DATE_MATCH", "date"), C("FOSTER_CARE", "flag"),
               C("NB_ADOPTR", "text"), C("SEX_ADOPTR", "text"), C("LS_ADOPTR", "text")],
       key=("CHILD",), part="903", needed_for="adoption")
_table("placed_for_adoption", [CHILD, DOB, C("DATE_PLACED", "date"), C("DATE_PLACED_CEASED", "date"),
                               C("REASON_PLACED_CEASED", "text")],
       key=("CHILD", "DATE_PLACED"), part="903", needed_for="adoption")
_table("previous_permanence", [CHILD, DOB, C("PREV_PERM", "text"), C("LA_PERM", "text"),
                               C("DATE_PERM", "text")],  # DATE_PERM may be partial (zz/zz/2015)
       key=("CHILD",), part="903", needed_for="entering care")
_table("missing", [CHILD, DOB, C("MISSING", "code", True, MISSING_CODE),
                   C("MIS_START", "date", required=True), C("MIS_END", "date")],
       key=("CHILD", "MIS_START"), part="903", needed_for="missing")
_table("sw_episodes", [CHILD, DOB, C("SW_ID", "id"), C("SW_DECOM", "date", required=True),
                       C("SW_DEC", "date"), C("SW_REASON", "text")],
       key=("CHILD", "SW_DECOM"), part="903", needed_for="social worker changes")

# Part 2: IRO service tables
IRO_ID = C("IRO_ID", "id")
_table("iros", [C("IRO_ID", "id", required=True), C("IRO_NAME", "text"), C("TEAM", "text"),
                C("FTE", "float", range=(0, 2)), C("ROLE", "code", codes=IRO_ROLE)],
       key=("IRO_ID",), needed_for="caseloads, by-IRO and by-team views")
_table("iro_allocations", [CHILD, C("IRO_ID", "id", required=True),
                           C("ALLOC_START", "date", required=True), C("ALLOC_END", "date")],
       key=("CHILD", "IRO_ID", "ALLOC_START"), needed_for="caseloads")
_table("review_records", [CHILD, C("REVIEW", "date", required=True), IRO_ID,
                          C("REPORT_RECEIVED", "date"), C("RECOMMENDATIONS_ISSUED", "date"),
                          C("MINUTES_ISSUED", "date"), C("CARE_PLAN_UPDATED", "date")],
       key=("CHILD", "REVIEW"), needed_for="report timing, minutes, recommendations, care plans")
_table("midway_reviews", [CHILD, IRO_ID, C("MIDWAY_DATE", "date", required=True)],
       key=("CHILD", "MIDWAY_DATE"), needed_for="midway reviews")
_table("iro_visits", [CHILD, IRO_ID, C("VISIT_DATE", "date", required=True),
                      C("VISIT_MODE", "code", codes=VISIT_MODE)],
       key=("CHILD", "VISIT_DATE"), needed_for="IRO visits")
_table("escalations", [C("ESCALATION_ID", "id", required=True), CHILD, IRO_ID,
                       C("RAISED_DATE", "date", required=True),
                       C("ESCALATION_TYPE", "code", True, ESCALATION_TYPE),
                       C("STAGE_REACHED", "code", codes=ESCALATION_STAGE),
                       C("REASON", "code"),  # code list comes from parameters
                       C("RESOLVED_DATE", "date"), C("OUTCOME", "text"), C("NOTES", "text")],
       key=("ESCALATION_ID",), needed_for="escalations")
_table("qc_forms", [C("FORM_ID", "id", required=True), CHILD, C("REVIEW", "date", required=True),
                    IRO_ID, C("COMPLETED_DATE", "date"), C("OVERALL_GRADE", "code", codes=QC_GRADE),
                    C("COMMENTS", "text")],
       key=("FORM_ID",), items=True, needed_for="Quality and Compliance forms")
_table("health_assessments", [CHILD, C("ASSESSMENT_TYPE", "code", True, ASSESSMENT_TYPE),
                              C("ASSESSMENT_DATE", "date", required=True),
                              C("STATUS", "code", True, ASSESSMENT_STATUS)],
       key=("CHILD", "ASSESSMENT_TYPE", "ASSESSMENT_DATE"), needed_for="health assessments")
_table("peps", [CHILD, C("PEP_DATE", "date", required=True)],
       key=("CHILD", "PEP_DATE"), needed_for="personal education plans")
_table("s20_agreements", [CHILD, C("DECOM", "date", required=True), C("CONSENT_DATE", "date"),
                          C("CONSENT_GIVEN_BY", "text"), C("CAPACITY_CONSIDERED", "yn"),
                          C("AGREEMENT_REVIEWED", "date"),
                          C("PLO_STAGE", "code", codes=PLO_STAGE), C("PLAN", "text")],
       key=("CHILD", "DECOM"), needed_for="section 20 consent and agreements")
_table("pwp_records", [CHILD, C("PLACEMENT_START", "date", required=True),
                       C("ASSESSMENT_COMPLETED", "date"), C("NOMINATED_OFFICER_APPROVAL", "date"),
                       C("PLACEMENT_PLAN_DATE", "date"), C("DISCHARGE_APPLICATION", "date")],
       key=("CHILD", "PLACEMENT_START"), needed_for="placed with parents regulation 17-19 checks")

# Part 3: the CIN census (child-protection.md Part 1). DfE item names, matched case-insensitively
# (a file's "LACHILDID" is LAchildID) but kept in this spelling. LAchildID is the child's ID:
# with `cin_child_id_is_903_child` (the default) it is the same ID as CHILD. Codes the metrics do
# not use (Sex, Ethnicity, ReferralSource, PrimaryNeedCode, ReasonForClosure) are trimmed and
# upper-cased but not checked against a list. Tables are recognised by their columns, the most
# specific first: a flattened export holding CINdetails and Section47 columns together is
# cin_details (8 columns) with the s47 columns kept as extras, never s47.
LACHILDID = C("LAchildID", "id", required=True)
_table("cin_children", [LACHILDID, C("PersonBirthDate", "date"), C("ExpectedPersonBirthDate", "date"),
                        C("Sex", "code"), C("PersonDeathDate", "date"), C("Ethnicity", "code")],
       key=("LAchildID",), part="cin", needed_for="child protection: ages (teenagers on a plan)")
_table("cin_details", [LACHILDID, C("CINreferralDate", "date", required=True),
                       C("ReferralSource", "code"), C("PrimaryNeedCode", "code"),
                       C("CINclosureDate", "date"), C("ReasonForClosure", "code"),
                       C("DateOfInitialCPC", "date"), C("ReferralNFA", "bool")],
       key=("LAchildID", "CINreferralDate"), part="cin", needed_for="child protection (CIN episodes)",
       year_dates=("CINclosureDate",))
_table("s47", [LACHILDID, C("CINreferralDate", "date"), C("S47ActualStartDate", "date", required=True),
               C("InitialCPCtarget", "date"), C("DateOfInitialCPC", "date"),
               C("ICPCnotRequired", "bool")],
       key=("LAchildID", "S47ActualStartDate"), part="cin",
       needed_for="child protection: section 47 enquiries and initial conferences",
       year_dates=("DateOfInitialCPC",))
_table("cp_plans", [LACHILDID, C("CINreferralDate", "date"), C("CPPstartDate", "date", required=True),
                    C("CPPendDate", "date"),
                    C("InitialCategoryOfAbuse", "code", codes=CATEGORY_OF_ABUSE),
                    C("LatestCategoryOfAbuse", "code", codes=CATEGORY_OF_ABUSE),
                    C("NumberOfPreviousCPP", "int", range=(0, 99))],
       key=("LAchildID", "CPPstartDate"), part="cin", needed_for="child protection plans",
       year_dates=("CPPendDate",))
_table("cp_reviews", [LACHILDID, C("CPPstartDate", "date", required=True),
                      C("CPPreviewDate", "date", required=True)],
       key=("LAchildID", "CPPstartDate", "CPPreviewDate"), part="cin",
       needed_for="child protection review conferences", main_date="CPPreviewDate")

# The safeguarding unit's own conference records (child-protection.md, optional). CHILD is the
# child's CIN ID (LAchildID), so it is not checked against the 903 header; CHAIR_ID joins
# iros.IRO_ID.
_table("cp_conferences", [C("CONFERENCE_ID", "id", required=True), CHILD,
                          C("CONFERENCE_DATE", "date", required=True),
                          C("CONFERENCE_TYPE", "code", True, CONFERENCE_TYPE), C("CHAIR_ID", "id"),
                          C("OUTCOME", "code", codes=CONFERENCE_OUTCOME),
                          C("CHILD_PARTICIPATION", "code", codes=CHILD_PARTICIPATION),
                          C("PARENTS_ATTENDED", "code", codes=PARENTS_ATTENDED),
                          C("QUORATE", "yn"), C("REPORT_SHARED_DATE", "date"),
                          C("MINUTES_ISSUED", "date")],
       key=("CONFERENCE_ID",), part="cp", needed_for="child protection conferences")

TABLES_903 = tuple(n for n, t in TABLES.items() if t.part == "903")
TABLES_IRO = tuple(n for n, t in TABLES.items() if t.part == "iro")
TABLES_CIN = tuple(n for n, t in TABLES.items() if t.part == "cin")
TABLES_CP = TABLES_CIN + tuple(n for n, t in TABLES.items() if t.part == "cp")
REQUIRED_TABLES = tuple(n for n, t in TABLES.items() if t.required_table)


def collection_year(d) -> int:
    """The collection year of a date: the year of the 31 March on or after it."""
    return d.year if d.month <= 3 else d.year + 1
