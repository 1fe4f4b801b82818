"""Sections of the two dip-sample reports, one module per part of the audit cycle:

- `sample`: before the audit (`notebooks/dip_sample.ipynb`): the cohort, the size, the cases
  drawn, the worksheets (one per auditor when shared) and how to draw the same sample again.
- `findings`: after the audit (`notebooks/dip_sample_findings.ipynb`): the returned worksheets
  read back, progress per auditor, answer rates, themes, grades, cases to follow up, blanks.
- `moderation`: the moderator's second look: agreement and Cohen's kappa, disagreements.
- `actions`: the actions recorded against standards not met, by owner, overdue ones first.
- `comparison`: the change since the last audit with the same tool.
- `demo`: the demonstration worksheets (two auditors and a moderator, answered automatically).

Notebooks import this package as ``from iro_audit.report import dip_sample as dip``.
"""
from ._common import DEMO_TEXT
from .actions import actions_section
from .comparison import comparison_section
from .demo import (fill_demo_answers, is_demo_path, is_demo_worksheet, make_demo_cycle,
                   make_demo_worksheet)
from .findings import (Findings, completeness, find_manifest, findings_about, findings_headline,
                       follow_up, grades, open_findings, progress_section, question_rates,
                       save_summary, theme_rates, worksheet_sample_id)
from .moderation import moderation_section
from .sample import (Plan, about, cohort_section, cohort_words, draw_sample, files_section,
                     redraw_command, redraw_section, sample_out_dir, selection_section,
                     size_section)

__all__ = ["Plan", "Findings", "draw_sample", "about", "cohort_section", "size_section",
           "selection_section", "files_section", "redraw_section", "redraw_command",
           "sample_out_dir", "cohort_words", "open_findings", "findings_about",
           "findings_headline", "progress_section", "question_rates", "theme_rates", "grades",
           "follow_up", "completeness", "moderation_section", "actions_section",
           "comparison_section", "make_demo_worksheet", "make_demo_cycle", "fill_demo_answers",
           "is_demo_worksheet", "is_demo_path", "find_manifest", "worksheet_sample_id",
           "save_summary", "DEMO_TEXT"]
