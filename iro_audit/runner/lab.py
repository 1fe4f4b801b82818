"""JupyterLab for the service (`iro-audit lab`): the project's notebooks, the project's kernel,
the session's data folder.

    with start_lab(root, data_dir=folder, port=8888, open_browser=False) as lab:
        print(lab.url)           # opens notebooks/start_here.ipynb
        lab.wait()

The server runs with the project folder as its root (so papers in outputs/ open from the
launcher's links) and opens `notebooks/start_here.ipynb`; notebooks run in `notebooks/` and are
saved there without their outputs (`clean_on_save`). Its
kernels inherit `IRO_AUDIT_DATA` (`report.data_folder`): every notebook whose `data_dir` is
None opens that folder. It listens on this computer only (127.0.0.1) with a random token,
fetches nothing from the internet (no news, no update check), and `stop()` always ends it.
"""
from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from ..errors import IroAuditError, ParameterError
from ..report.data_folder import DATA_ENV, DEMO_DATA
from .execute import DEFAULT_KERNEL

HOST = "127.0.0.1"
DEFAULT_PORT = 8888
START_PAGE = "notebooks/start_here.ipynb"
#: Seconds to wait for the server to answer before giving up.
READY_TIMEOUT = 90
#: Seconds a server has to stop after being asked before it is killed.
STOP_TIMEOUT = 15


def lab_data_dir(root: str | Path, data_dir: str | Path | None = None, make=None) -> tuple[Path, bool]:
    """(the folder the session's notebooks open, whether it was made now). DATA_DIR must be an
    existing folder; without it, the demo authority in ROOT/outputs/demo/data, made first if
    missing (MAKE: `make_demo_data`)."""
    if data_dir is not None:
        p = Path(data_dir).expanduser().resolve()
        if not p.is_dir():
            what = "is a file, not a folder" if p.exists() else "does not exist"
            raise ParameterError(f"--data {data_dir} {what} (looked for {p})")
        return p, False
    from .demo import make_demo_data

    p = (Path(root) / DEMO_DATA).resolve()
    made = (make or make_demo_data)(p)
    return p, bool(made)


def port_is_free(port: int, host: str = HOST) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def free_port(host: str = HOST) -> int:
    """A port nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def lab_command(root: Path, port: int, open_browser: bool, kernel_name: str) -> list[str]:
    """The JupyterLab command line (run with this Python, so with this environment)."""
    return [
        sys.executable, "-m", "jupyterlab",
        f"--ServerApp.root_dir={root}",
        f"--ServerApp.ip={HOST}",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",           # the printed address must be the real one
        f"--ServerApp.open_browser={open_browser}",
        "--ServerApp.answer_yes=True",          # Ctrl+C stops it without asking
        "--log-level=WARN",
        f"--LabApp.default_url=/lab/tree/{START_PAGE}",
        f"--MappingKernelManager.default_kernel_name={kernel_name}",
        "--LabApp.news_url=None",               # fetch nothing from the internet
        f"--ContentsManager.pre_save_hook={__name__}.clean_on_save",
        "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
    ] + (["--ServerApp.allow_root=True"] if _is_root() else [])   # containers and CI run as root


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def clean_on_save(model: dict, path: str, contents_manager=None, **kwargs) -> None:
    """JupyterLab's pre-save hook: a notebook saved in notebooks/ keeps no outputs or execution
    counts (they hold children's details; the paper in outputs/ keeps them, and committed
    notebooks stay clean). Notebooks saved anywhere else are left as they are."""
    if model.get("type") != "notebook" or not str(path).lstrip("/").startswith("notebooks/"):
        return
    for cell in (model.get("content") or {}).get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None


def lab_environment(data_dir: Path | None, token: str, base: dict | None = None) -> dict:
    """The server's environment (its kernels inherit it): the token, the session's data folder,
    and Jupyter preferring this environment's kernels over any in the user's own folders."""
    env = dict(os.environ if base is None else base)
    env["JUPYTER_TOKEN"] = token
    env["JUPYTER_PREFER_ENV_PATH"] = "1"
    if data_dir is not None:
        env[DATA_ENV] = str(data_dir)
    else:
        env.pop(DATA_ENV, None)
    return env


@dataclass
class LabServer:
    process: subprocess.Popen
    root: Path
    port: int
    token: str
    data_dir: Path | None

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def url(self) -> str:
        """The address to open: the launcher notebook, with the session's token."""
        return f"{self.base}/lab/tree/{START_PAGE}?token={self.token}"

    def api(self, path: str, timeout: float = 10):
        """GET /api/PATH (JSON) from the server."""
        req = urllib.request.Request(f"{self.base}/api/{path.lstrip('/')}",
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return json.loads(r.read().decode("utf-8"))

    def running(self) -> bool:
        return self.process.poll() is None

    def wait(self) -> int:
        return self.process.wait()

    def stop(self, timeout: float = STOP_TIMEOUT) -> int | None:
        """Ask the server to stop (it shuts its kernels down), then kill it if it has not."""
        if self.process.poll() is None:
            try:
                self.process.terminate()       # SIGTERM: Jupyter shuts down cleanly
                self.process.wait(timeout=timeout)
            except (subprocess.TimeoutExpired, OSError, ValueError):
                self.process.kill()
                self.process.wait(timeout=timeout)
        return self.process.returncode

    def __enter__(self) -> "LabServer":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _wait_ready(server: LabServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not server.running():
            raise IroAuditError(f"JupyterLab stopped while starting (exit code "
                                f"{server.process.returncode}); see its messages above")
        try:
            server.api("status", timeout=2)
            return
        except (urllib.error.URLError, OSError, ValueError):
            time.sleep(0.3)
    raise IroAuditError(f"JupyterLab did not answer on port {server.port} within {timeout:.0f} s")


def start_lab(root: str | Path, *, data_dir: str | Path | None = None, port: int = DEFAULT_PORT,
              open_browser: bool = True, kernel_name: str = DEFAULT_KERNEL,
              ready_timeout: float = READY_TIMEOUT, stdout=None, stderr=None) -> LabServer:
    """Start JupyterLab on ROOT (the project folder) and return once it answers. DATA_DIR
    (absolute) is the folder notebooks open by default this session (None: the demo
    authority). The server is stopped again if it does not come up."""
    from .execute import check_kernel

    root = Path(root).resolve()
    if not (root / START_PAGE).is_file():
        raise IroAuditError(f"{root / START_PAGE} is missing: run iro-audit lab from the "
                            "project folder (the one holding notebooks/)")
    check_kernel(kernel_name)
    if not port_is_free(port):
        raise ParameterError(f"port {port} is in use (another JupyterLab?); choose another with "
                             f"--port, e.g. --port {free_port()}")
    token = secrets.token_hex(24)
    process = subprocess.Popen(lab_command(root, port, open_browser, kernel_name), cwd=str(root),
                               env=lab_environment(data_dir, token), stdin=subprocess.DEVNULL,
                               stdout=stdout, stderr=stderr)
    server = LabServer(process, root, port, token, Path(data_dir) if data_dir else None)
    try:
        _wait_ready(server, ready_timeout)
    except BaseException:
        server.stop()
        raise
    return server
