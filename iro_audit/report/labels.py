"""Words for column names and codes, so every table a reader sees speaks plainly.

`column_label("DAYS_LATE")` -> "Days late"; `code_label("LS", "V2")` -> "Section 20 (V2)".
A column or code not listed here is shown in sentence case / as it is.
"""
from __future__ import annotations

COLUMN_LABELS: dict[str, str] = {
    "CHILD": "Child ID",
    "DOB": "Date of birth",
    "AGE": "Age",
    "AGE_AT_START": "Age at admission",
    "START": "Start date",
    "END": "End date",
    "DAYS": "Days so far",
    "DURATION_BAND": "Time accommodated",
    "DAYS_ACCOMMODATED": "Days accommodated",
    "UNDER_1": "Under 1",
    "UASC": "UASC",
    "PLACE": "Placement",
    "LS": "Legal status",
    "LS_NOW": "Legal status now",
    "FIRST_LS": "Legal status at start",
    "FIRST_PLACE": "Placement at start",
    "FULL_ORDER": "Full care order",
    "OUTCOME": "Outcome",
    "STATUS_NOW": "Status now",
    "CONSENT_DATE": "Consent recorded",
    "CONSENT_ON_TIME": "Consent within 2 working days",
    "CONSENT_GIVEN_BY": "Consent given by",
    "CAPACITY_CONSIDERED": "Capacity considered",
    "AGREEMENT_REVIEWED": "Agreement reviewed",
    "PLO_STAGE": "PLO stage",
    "PLAN": "Plan",
    "OVER_6M": "Over 6 months",
    "OVER_12M": "Over 12 months",
    "OVER_18M": "Over 18 months",
    "REVIEW": "Review date",
    "REVIEW_NUMBER": "Review number",
    "REVIEW_CODE": "Participation code",
    "CODE": "Participation",
    "PERIOD_START": "In care since",
    "DUE_DATE": "Due by",
    "ON_TIME": "In timescale",
    "DAYS_LATE": "Days late",
    "LAST_REVIEW": "Last review",
    "NEXT_DUE": "Next review due",
    "OVERDUE": "Overdue",
    "DAYS_OVERDUE": "Days overdue",
    "LAST_VISIT": "Last IRO visit",
    "VISITED_6M": "Visited in 6 months",
    "VISITED_12M": "Visited in 12 months",
    "LAST_MIDWAY": "Last midway review",
    "IRO_ID": "IRO",
    "IRO_NAME": "IRO",
    "TEAM": "Team",
    "FTE": "FTE",
    "CHILDREN": "Children",
    "PER_FTE": "Children per FTE",
    "OVER_THRESHOLD": "Over 70 per FTE",
    "ESCALATION_ID": "Escalation",
    "RAISED_DATE": "Raised",
    "ESCALATION_TYPE": "Type",
    "STAGE_REACHED": "Stage reached",
    "REASON": "Reason",
    "RESOLVED_DATE": "Resolved",
    "DAYS_TO_RESOLVE": "Days to resolve",
    "WORKING_DAYS_TO_RESOLVE": "Working days to resolve",
    "RESOLVED_WITHIN_20WD": "Resolved in 20 working days",
    "ESCALATIONS": "Escalations",
    "FORM_ID": "Form",
    "HAS_FORM": "Q&C form completed",
    "POSSIBLE_MISMATCH": "Possible mismatch",
    "OVERALL_GRADE": "Overall grade",
    "COMMENTS": "Comments",
    "COMPLETED_DATE": "Form completed",
    "ITEM": "Form item",
    "ANSWER": "Answer",
    "ASSESSMENT_COMPLETED": "Assessment completed",
    "NOMINATED_OFFICER_APPROVAL": "Nominated officer approval",
    "PLACEMENT_PLAN_DATE": "Placement plan",
    "DISCHARGE_APPLICATION": "Discharge application",
    "REC": "Reason ceased",
    "LAST_REC": "Reason ceased",
    "MIS_START": "Missing from",
    "MIS_END": "Missing to",
    "PLACEMENTS_IN_WINDOW": "Placements in period",
    "THREE_PLUS": "Three or more placements",
    "MONTH": "Month",
    "n": "Number",
    "d": "Out of",
    "pct": "Percentage",
}


def column_label(name: str) -> str:
    """The heading a reader sees for column NAME."""
    if name in COLUMN_LABELS:
        return COLUMN_LABELS[name]
    text = str(name).replace("_", " ").strip()
    return text[:1].upper() + text[1:].lower() if text.isupper() else text


LEGAL_STATUS = {
    "C1": "Interim care order", "C2": "Full care order", "D1": "Freeing order",
    "E1": "Placement order", "V2": "Section 20", "V3": "Short breaks (single)",
    "V4": "Short breaks (series)", "L1": "Police protection", "L2": "Emergency protection order",
    "L3": "Child assessment order", "J1": "Remanded", "J2": "Detained (PACE)",
    "J3": "Youth rehabilitation order with residence",
}

PLACEMENT = {
    "A3": "Placed for adoption (consent, with former foster carer)",
    "A4": "Placed for adoption (consent)",
    "A5": "Placed for adoption (placement order, with former foster carer)",
    "A6": "Placed for adoption (placement order)",
    "H5": "Semi-independent living", "K1": "Secure children's home", "K2": "Children's home",
    "K3": "Supported accommodation", "P1": "Placed with parents", "P2": "Independent living",
    "P3": "Residential employment", "R1": "Residential care home", "R2": "NHS / health trust",
    "R3": "Family centre or mother and baby unit", "R5": "Young offender institution",
    "S1": "Residential school", "T0": "Temporary (all types)", "T1": "Temporary: school holiday",
    "T2": "Temporary: carer's holiday", "T3": "Temporary: respite", "T4": "Temporary: other",
    "U1": "Foster care: relative or friend, long term",
    "U2": "Foster care: relative or friend, fostering for adoption",
    "U3": "Foster care: relative or friend, other",
    "U4": "Foster care: other carer, long term",
    "U5": "Foster care: other carer, fostering for adoption",
    "U6": "Foster care: other carer, other",
    "Z1": "Other placement", "Z11": "Other placement (family)", "Z12": "Other placement (care)",
    "Z13": "Other placement (supported)", "Z14": "Other placement",
}

REASON_CEASED = {
    "X1": "Still looked after (new episode)", "E11": "Adopted (application unopposed)",
    "E12": "Adopted (consent dispensed with)", "E2": "Died",
    "E3": "Care taken over by another authority",
    "E4A": "Returned home (planned)", "E4B": "Returned home (not planned)",
    "E13": "Left to live with a person without parental responsibility",
    "E41": "Residence or child arrangements order",
    "E43": "Special guardianship order (former carer)",
    "E44": "Special guardianship order (other)",
    "E45": "Special guardianship order (former foster carer)",
    "E46": "Special guardianship order (relative or friend)",
    "E47": "Special guardianship order (other, not relative)",
    "E48": "Special guardianship order (other)",
    "E5": "Moved to independent living (supportive)", "E6": "Moved to independent living",
    "E7": "Transferred to adult social care", "E8": "Ceased for any other reason",
    "E9": "Sentenced to custody", "E14": "Remand ended", "E15": "Age assessed as 18 or over",
    "E16": "Moved abroad", "E17": "Aged 18 or over, stayed with carers (staying put)",
}

PARTICIPATION = {
    "PN0": "Child aged under 4 at the review",
    "PN1": "Attended and spoke for self",
    "PN2": "Attended, advocate spoke",
    "PN3": "Attended, gave views non-verbally",
    "PN4": "Attended without contributing",
    "PN5": "Did not attend, advocate briefed with views",
    "PN6": "Did not attend, views sent another way",
    "PN7": "Did not attend and no views conveyed",
    "UNKNOWN": "Not recorded or invalid code",
}

GRADE = {
    "OUTSTANDING": "Outstanding", "GOOD": "Good",
    "REQUIRES_IMPROVEMENT": "Requires improvement", "INADEQUATE": "Inadequate",
    "UNKNOWN": "No grade recorded",
}
GRADE_ORDER = ["OUTSTANDING", "GOOD", "REQUIRES_IMPROVEMENT", "INADEQUATE", "UNKNOWN"]

ESCALATION_REASON = {
    "DRIFT_DELAY": "Drift and delay", "NO_PRE_MEETING_REPORT": "No pre-meeting report",
    "ORDER_DISCHARGE_DELAY": "Delay in discharging an order",
    "ASSESSMENT_DELAY": "Assessment delay", "LIFE_STORY": "Life story work",
    "CARE_PLAN_QUALITY": "Quality of the care plan", "PLACEMENT": "Placement",
    "HEALTH": "Health", "EDUCATION": "Education", "FAMILY_TIME": "Family time",
    "OTHER": "Other", "UNKNOWN": "Not recorded",
}
ESCALATION_STAGE = {"1": "Stage 1", "2": "Stage 2", "3": "Stage 3", "CAFCASS": "Referred to Cafcass",
                    "UNKNOWN": "Not recorded"}
ESCALATION_TYPE = {"DISCUSSION": "Discussion (case note)", "FORMAL": "Formal escalation"}

PLO_STAGE = {"NONE": "No PLO", "PRE_PROCEEDINGS": "Pre-proceedings",
             "PROCEEDINGS_ISSUED": "Proceedings issued"}

OUTCOME = {
    "converted_to_order": "Converted to a court order",
    "ceased_care": "Left care",
    "still_s20": "Still accommodated under section 20",
    "other": "Continuing under another legal status",
}

CODE_LISTS = {
    "LS": LEGAL_STATUS, "LS_NOW": LEGAL_STATUS, "FIRST_LS": LEGAL_STATUS, "NEXT_LS": LEGAL_STATUS,
    "PLACE": PLACEMENT, "FIRST_PLACE": PLACEMENT,
    "REC": REASON_CEASED, "LAST_REC": REASON_CEASED,
    "CODE": PARTICIPATION, "REVIEW_CODE": PARTICIPATION,
    "OVERALL_GRADE": GRADE, "REASON": ESCALATION_REASON, "STAGE_REACHED": ESCALATION_STAGE,
    "ESCALATION_TYPE": ESCALATION_TYPE, "PLO_STAGE": PLO_STAGE, "OUTCOME": OUTCOME,
}


# code lists whose codes a reader may know (DfE 903 codes): shown with the code in brackets
CODED_KINDS = {"LS", "LS_NOW", "FIRST_LS", "NEXT_LS", "PLACE", "FIRST_PLACE", "REC", "LAST_REC",
               "CODE", "REVIEW_CODE"}


def code_label(kind: str, code, with_code: bool = True) -> str:
    """Words for CODE from code list KIND ("LS", "PLACE", "REC", ...), with the code in brackets."""
    if code is None or (isinstance(code, float) and code != code):
        return "Not recorded"
    code = str(code)
    words = CODE_LISTS.get(kind, {}).get(code)
    if words is None:
        return code
    if not with_code or code in ("UNKNOWN",) or kind not in CODED_KINDS:
        return words
    return f"{words} ({code})"
