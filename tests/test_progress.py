from __future__ import annotations

import fcntl
import io
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

from tidings.progress import LogProgress, for_terminal

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def test_log_lines_when_not_a_terminal() -> None:
    stream = io.StringIO()
    progress = for_terminal(stream)
    assert isinstance(progress, LogProgress)
    progress.every = 0  # a line at every update
    progress.update(ok=2)
    progress.update(failed=1)
    progress.message("error: x.pdf: binary file [read]")
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("tidings: 2 stored, 0 already stored, 0 failed")
    assert lines[1].startswith("tidings: 2 stored, 0 already stored, 1 failed")
    assert lines[2] == "error: x.pdf: binary file [read]"


def test_progress_bar_on_a_real_terminal(tmp_path: Path) -> None:
    """stderr attached to a pseudo-terminal gets a tqdm bar; stdout stays plain data."""
    primary, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a 100-column terminal
    proc = subprocess.Popen(
        [sys.executable, "-m", "tidings", "ingest", str(SAMPLES), "--db", str(tmp_path / "p.db")],
        stdout=subprocess.PIPE,
        stderr=secondary,
    )
    os.close(secondary)
    out, _ = proc.communicate(timeout=300)
    chunks = []
    while True:
        try:
            data = os.read(primary, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(primary)
    err = b"".join(chunks).decode(errors="replace")
    assert proc.returncode == 0
    assert "page" in err and "\r" in err  # tqdm redraws its line
    assert out.decode().startswith("documents  11 stored")
