"""Actions: what the auditors asked to be done about standards not met, by owner, with those
overdue at the report date; the actions are also written as an XLSX tracker."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..blocks import Block, para
from ..common import child_list
from ..format import table, words_date
from ._common import _q_words


def tracker_path(fd) -> Path:
    """Where the action tracker goes: beside the report's JSON summary (the run folder), else
    beside the manifest."""
    stem = fd.manifest_path.name.replace(".manifest.json", "")
    folder = Path(fd.ctx.summary_path).resolve().parent if fd.ctx.summary_path else fd.manifest_path.parent
    return folder / f"{stem}_actions.xlsx"


def actions_section(fd) -> Block:
    """Actions by owner (overdue ones counted), the list, and the XLSX tracker."""
    from ... import sampling

    acts, owners = fd.result["actions"], fd.result["actions_by_owner"]
    day = words_date(fd.result["report_date"])
    if not acts:
        return Block(para("No action has been recorded on the returned worksheets. An auditor "
                          "records one for a case with a standard not met in the ACTION, OWNER "
                          "and DUE columns."))
    path = sampling.write_tracker(acts, tracker_path(fd), fd.manifest, fd.result["report_date"])
    over = sum(a["OVERDUE"] for a in acts)
    by = pd.DataFrame([{"OWNER": o["owner"], "ACTIONS": o["actions"], "OVERDUE": o["overdue"]}
                       for o in owners])
    by = pd.concat([by, pd.DataFrame([{"OWNER": "Total", "ACTIONS": len(acts), "OVERDUE": over}])],
                   ignore_index=True)
    by[["ACTIONS", "OVERDUE"]] = by[["ACTIONS", "OVERDUE"]].astype("int64")
    rows = pd.DataFrame([{"OWNER": a["OWNER"], "DUE": pd.Timestamp(a["DUE"]),
                          "OVERDUE": "Overdue" if a["OVERDUE"] else "", "SEQ": a["SEQ"],
                          "CHILD": a["CHILD"], "QUESTIONS_N": ", ".join(_q_words(q) for q in a["QUESTIONS_N"]),
                          "ACTION": a["ACTION"], "AUDITOR": a["AUDITOR"]} for a in acts])
    return Block(
        para(f"{len(acts)} action(s) were recorded against standards not met; {over} were overdue "
             f"on {day} (due before that day). The tracker {path.name} lists them for the owners "
             f"to update (in {path.parent})."),
        table(by, suppress=fd.ctx.suppress, caption="Actions by owner", counts=["ACTIONS", "OVERDUE"],
              labels={"OWNER": "Owner", "ACTIONS": "Actions", "OVERDUE": f"Overdue on {day}"},
              codes=False),
        child_list(fd.ctx, rows, ["OWNER", "DUE", "OVERDUE", "SEQ", "CHILD", "QUESTIONS_N", "ACTION",
                                  "AUDITOR"], "Actions, by owner", "",
                   labels={"OWNER": "Owner", "DUE": "Due", "OVERDUE": "Overdue", "SEQ": "Order drawn",
                           "QUESTIONS_N": "Standards not met", "ACTION": "Action",
                           "AUDITOR": "Auditor"}, fold_over=40),
        data={"by_owner": by, "actions": rows, "tracker": str(path)})
