"""`iro-audit lab`: JupyterLab on the project's notebooks, with the project's kernel."""
from __future__ import annotations

import argparse
import os
import signal
import sys

HELP = "open the notebooks in JupyterLab (start here: notebooks/start_here.ipynb)"
DESCRIPTION = """\
Start JupyterLab on this project and open notebooks/start_here.ipynb, which says which notebook
serves which job and makes any report's paper (HTML without code) for the dates you type.

  iro-audit lab                          # the demo authority (made first if missing)
  iro-audit lab --data data/extract-2026-04

--data sets the folder every notebook opens by default in this session (a notebook whose
data_dir is None). JupyterLab listens on this computer only; stop it with Ctrl+C."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", metavar="DIR", default=None,
                   help="data folder the notebooks open by default (default: the demo authority, "
                        "outputs/demo/data, made if missing)")
    p.add_argument("--port", type=int, default=None, metavar="N",
                   help="port to listen on (default: 8888)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser")
    p.add_argument("--kernel", default=os.environ.get("IRO_AUDIT_KERNEL", "python3"),
                   help="Jupyter kernel for the notebooks (default: python3, the project's)")


def _stop_on_sigterm(signum, frame):
    raise KeyboardInterrupt


def run(args) -> int:
    from ..report.data_folder import project_root
    from ..runner.lab import DEFAULT_PORT, lab_data_dir, start_lab

    root = project_root()
    data, made = lab_data_dir(root, args.data)
    what = ("the synthetic demo authority, made now" if made else
            "the synthetic demo authority" if args.data is None else "chosen with --data")
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, _stop_on_sigterm)
    print("Starting JupyterLab ...", file=sys.stderr, flush=True)
    server = start_lab(root, data_dir=data if args.data is not None else None,
                       port=args.port or DEFAULT_PORT, open_browser=not args.no_browser,
                       kernel_name=args.kernel)
    try:
        print(f"JupyterLab is running: {server.url}", flush=True)
        print(f"Notebooks open {data} ({what}).", flush=True)
        print("Start with start_here.ipynb. Press Ctrl+C here to stop JupyterLab.", flush=True)
        code = server.wait()
        return 0 if code == 0 else 1
    except KeyboardInterrupt:
        print("Stopping JupyterLab ...", file=sys.stderr, flush=True)
        return 0
    finally:
        server.stop()
