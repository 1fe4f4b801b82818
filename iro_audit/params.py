"""Metric parameters: thresholds and working-day counts, defaults as in `metrics.md`.

A YAML file (e.g. `parameters/metrics.yaml`) may override any of them; an unknown key is an
error, so a typo never silently falls back to a default.
"""
from __future__ import annotations

from copy import deepcopy
from pathlib import Path

import yaml

from .contract import DEFAULT_ESCALATION_REASONS
from .errors import ParameterError

DEFAULTS: dict = {
    # review schedule (Care Planning Regulations 2010, reg 33)
    "first_review_working_days": 20,
    "second_review_months": 3,
    "later_review_months": 6,
    # review records
    "minutes_working_days": 15,
    "recommendations_working_days": 5,
    "care_plan_working_days": 10,
    # oversight between reviews
    "midway_months": 6,
    "visit_months_short": 6,
    "visit_months_long": 12,
    "caseload_threshold_per_fte": 70,
    # health and education
    "health_cohort_months": 12,
    "health_assessment_months": 12,
    "health_assessment_months_under_5": 6,
    "dental_months": 12,
    "iha_working_days": 20,
    "pep_months": 6,
    "pep_min_age": 4,
    "pep_max_age": 15,
    # stability
    "long_term_min_months_looked_after": 30,
    "long_term_min_months_in_placement": 24,
    "long_term_max_age": 16,
    # section 20 and placed with parents
    "s20_consent_working_days": 2,
    # adoption
    "adoption_placed_days": 426,
    "adoption_matched_days": 121,
    # missing
    "missing_repeat_threshold": 3,
    # escalations
    "escalation_resolution_working_days": 20,
    "escalation_reasons": list(DEFAULT_ESCALATION_REASONS),
}


def load_params(path: str | Path | None = None, overrides: dict | None = None) -> dict:
    """Defaults, then the YAML file's values, then OVERRIDES; unknown keys are an error."""
    params = deepcopy(DEFAULTS)
    sources = []
    if path is not None:
        p = Path(path)
        if not p.exists():
            raise ParameterError(f"metric parameter file not found: {p}")
        try:
            data = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as e:
            raise ParameterError(f"{p}: not valid YAML ({e})") from None
        if not isinstance(data, dict):
            raise ParameterError(f"{p}: expected a mapping of parameter names to values")
        sources.append((str(p), data))
    if overrides:
        sources.append(("overrides", overrides))
    for where, data in sources:
        for k, v in data.items():
            if k not in DEFAULTS:
                import difflib

                near = difflib.get_close_matches(k, DEFAULTS, n=1)
                hint = f" (did you mean '{near[0]}'?)" if near else ""
                raise ParameterError(f"{where}: unknown metric parameter '{k}'{hint}")
            params[k] = v
    return params
