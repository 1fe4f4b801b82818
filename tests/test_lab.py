"""`iro-audit lab`: the data folder of the session, refusals before anything starts, and (slow)
the real command serving the notebooks, its kernels opening the --data folder from notebooks/,
stopped with Ctrl+C and never left running."""
import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from iro_audit.cli import main
from iro_audit.errors import ParameterError
from iro_audit.report.data_folder import DATA_ENV
from iro_audit.runner.lab import (clean_on_save, free_port, lab_data_dir, lab_environment,
                                  port_is_free, start_lab)

from _labkit import ROOT, make_project

#: Bound on every wait of the server test (start, answer, stop).
LIMIT = 120


def test_data_must_be_an_existing_folder(tmp_path):
    with pytest.raises(ParameterError, match=r"--data nowhere does not exist \(looked for "):
        lab_data_dir(tmp_path, "nowhere")
    (tmp_path / "f.csv").write_text("x\n")
    with pytest.raises(ParameterError, match="is a file, not a folder"):
        lab_data_dir(tmp_path, tmp_path / "f.csv")
    assert lab_data_dir(tmp_path, tmp_path) == (tmp_path.resolve(), False)


def test_without_data_the_demo_folder_of_the_project_is_made_if_missing(tmp_path):
    calls = []

    def make(folder):
        calls.append(folder)
        return True

    assert lab_data_dir(tmp_path, None, make=make) == (tmp_path / "outputs" / "demo" / "data", True)
    assert calls == [tmp_path / "outputs" / "demo" / "data"]


def test_the_session_folder_reaches_the_kernels_and_an_inherited_one_is_dropped(tmp_path):
    env = lab_environment(tmp_path, "tok", base={"PATH": "/bin", DATA_ENV: "/old"})
    assert env[DATA_ENV] == str(tmp_path) and env["JUPYTER_TOKEN"] == "tok" and env["PATH"] == "/bin"
    assert DATA_ENV not in lab_environment(None, "tok", base={DATA_ENV: "/old"})


def _notebook_model(count=3) -> dict:
    return {"type": "notebook", "content": {"cells": [
        {"cell_type": "markdown", "source": "# t", "metadata": {}},
        {"cell_type": "code", "source": "ids", "metadata": {}, "execution_count": count,
         "outputs": [{"output_type": "stream", "name": "stdout", "text": "C0001\n"}]}]}}


def test_a_notebook_saved_in_notebooks_keeps_no_outputs_and_others_keep_theirs():
    saved = _notebook_model()
    clean_on_save(model=saved, path="notebooks/s20_admissions.ipynb", contents_manager=None)
    code = saved["content"]["cells"][1]
    assert code["outputs"] == [] and code["execution_count"] is None and code["source"] == "ids"
    elsewhere = _notebook_model()
    clean_on_save(model=elsewhere, path="outputs/run/s20_admissions.ipynb", contents_manager=None)
    assert elsewhere == _notebook_model()
    text = {"type": "file", "content": "x"}
    clean_on_save(model=text, path="notebooks/notes.txt")
    assert text == {"type": "file", "content": "x"}


def test_cli_refuses_a_missing_data_folder_and_starts_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["lab", "--no-browser", "--data", "nowhere"]) == 2
    err = capsys.readouterr().err
    assert "iro-audit lab: --data nowhere does not exist" in err and "Starting" not in err


def test_a_port_in_use_is_refused_before_starting(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        assert not port_is_free(port)
        with pytest.raises(ParameterError, match=f"port {port} is in use"):
            start_lab(ROOT, data_dir=tmp_path, port=port, open_browser=False)


# -- the real command ------------------------------------------------------------------------

def _get(url: str, token: str, timeout: float = 30):
    req = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return r.status, r.read().decode("utf-8")


def _post(url: str, token: str, body: dict, timeout: float = 60, method: str = "POST") -> dict:
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method=method,
                                 headers={"Authorization": f"token {token}",
                                          "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return json.loads(r.read().decode("utf-8"))


async def _execute(ws_url: str, token: str, code: str, timeout: float) -> str:
    """Run CODE in a kernel of the server over its websocket; return what it printed."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    conn = await asyncio.wait_for(websocket_connect(HTTPRequest(
        ws_url, headers={"Authorization": f"token {token}"})), timeout)
    msg_id = uuid.uuid4().hex
    conn.write_message(json.dumps({
        "header": {"msg_id": msg_id, "username": "test", "session": uuid.uuid4().hex,
                   "msg_type": "execute_request", "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
        "content": {"code": code, "silent": False, "store_history": False,
                    "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
    printed = []
    deadline = time.monotonic() + timeout
    try:
        while True:
            raw = await asyncio.wait_for(conn.read_message(), max(deadline - time.monotonic(), 0.1))
            assert raw is not None, "the kernel's websocket closed"
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["header"]["msg_type"]
            if kind == "stream":
                printed.append(msg["content"]["text"])
            elif kind == "error":
                raise AssertionError(f"{msg['content']['ename']}: {msg['content']['evalue']}")
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                return "".join(printed)
    finally:
        conn.close()


@pytest.mark.slow
def test_iro_audit_lab_serves_the_notebooks_with_the_data_folder_and_stops_on_ctrl_c(tmp_path):
    project = make_project(tmp_path / "project", demo=False)
    extract = tmp_path / "extract"
    extract.mkdir()
    port = free_port()
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"),
               PYTHONPATH=os.pathsep.join([str(ROOT)] + [p for p in [os.environ.get("PYTHONPATH")] if p]))
    env.pop(DATA_ENV, None)
    out, err = tmp_path / "lab.out", tmp_path / "lab.err"
    with open(out, "w") as o, open(err, "w") as e:
        proc = subprocess.Popen([sys.executable, "-m", "iro_audit", "lab", "--no-browser",
                                 "--port", str(port), "--data", str(extract)],
                                cwd=project, env=env, stdout=o, stderr=e, stdin=subprocess.DEVNULL,
                                start_new_session=True)      # its own group: killed as one
    try:
        deadline = time.monotonic() + LIMIT
        address = None
        while address is None:
            assert proc.poll() is None, f"iro-audit lab ended early:\n{err.read_text()}"
            assert time.monotonic() < deadline, f"no address within {LIMIT} s:\n{err.read_text()}"
            for line in out.read_text().splitlines():
                if line.startswith("JupyterLab is running: "):
                    address = line.split(": ", 1)[1]
            time.sleep(0.3)
        assert address.startswith(f"http://127.0.0.1:{port}/lab/tree/notebooks/start_here.ipynb?token=")
        token = address.rsplit("token=", 1)[1]
        assert f"Notebooks open {extract.resolve()} (chosen with --data)" in out.read_text()
        base = f"http://127.0.0.1:{port}"

        # the tree page and the notebooks folder
        status, page = _get(f"{base}/lab/tree/notebooks", token)
        assert status == 200 and "JupyterLab" in page
        _, listing = _get(f"{base}/api/contents/notebooks", token)
        names = {c["name"] for c in json.loads(listing)["content"]}
        assert {"start_here.ipynb", "s20_admissions.ipynb", "dip_sample.ipynb"} <= names
        # without the token nothing is served
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(f"{base}/api/contents/notebooks", timeout=30)

        # a notebook's kernel: the project's kernel, in notebooks/, opening the --data folder
        _, specs = _get(f"{base}/api/kernelspecs", token)
        assert json.loads(specs)["default"] == "python3"
        session = _post(f"{base}/api/sessions", token,
                        {"path": "notebooks/probe.ipynb", "name": "probe.ipynb",
                         "type": "notebook", "kernel": {"name": "python3"}})
        ws = f"ws://127.0.0.1:{port}/api/kernels/{session['kernel']['id']}/channels"
        printed = asyncio.run(_execute(ws, token, "import os\n"
                                       "from iro_audit.report.data_folder import default_data_dir\n"
                                       "print(os.getcwd()); print(default_data_dir())", LIMIT))
        assert printed.split() == [str((project / "notebooks").resolve()), str(extract.resolve())]

        # a notebook saved from JupyterLab into notebooks/ keeps no outputs
        model = _notebook_model()
        model["format"] = "json"
        model["content"].update(metadata={}, nbformat=4, nbformat_minor=5)
        _post(f"{base}/api/contents/notebooks/saved.ipynb", token, model, method="PUT")
        saved = json.loads((project / "notebooks" / "saved.ipynb").read_text())
        assert [c.get("outputs") for c in saved["cells"] if c["cell_type"] == "code"] == [[]]

        # Ctrl+C in the terminal (SIGINT to the command and JupyterLab) stops both
        os.killpg(proc.pid, signal.SIGINT)
        assert proc.wait(timeout=LIMIT) == 0, err.read_text()
        deadline = time.monotonic() + LIMIT
        while not port_is_free(port):
            assert time.monotonic() < deadline, "JupyterLab still listening after Ctrl+C"
            time.sleep(0.3)
    finally:
        # whatever is left of this test's process group: asked to stop, then killed (a kernel
        # of a killed server exits by itself when its parent is gone)
        for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, LIMIT)):
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                proc.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                continue
