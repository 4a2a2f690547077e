"""Wall time and peak memory of a command's process tree, read from /proc.

Shared by the benchmark scripts (``ingest.py``, ``run.py``); Linux only.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path


def descendants(root: int) -> list[int]:
    """Process ids of ``root`` and all its descendants (from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, todo = [root], [root]
    while todo:
        pid = todo.pop()
        kids = [c for c, p in parents.items() if p == pid]
        found.extend(kids)
        todo.extend(kids)
    return found


def peak_kb(pid: int) -> int:
    """The peak resident set (VmHWM) of ``pid`` in KiB; 0 once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure(cmd: list[str], ok: tuple[int, ...] = (0,)) -> tuple[dict[str, float], bytes]:
    """Run ``cmd``; return its wall time and the peak resident set of the
    parent and of the largest other process of its tree (workers), polled
    every 0.1 s, with what it printed on stdout.

    Raises:
        SystemExit: the command exited with a code not in ``ok``.
    """
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peaks: dict[int, int] = {}
    while proc.poll() is None:
        for pid in descendants(proc.pid):
            peaks[pid] = max(peaks.get(pid, 0), peak_kb(pid))
        time.sleep(0.1)
    elapsed = time.perf_counter() - t0
    out, err = proc.communicate()
    if proc.returncode not in ok:
        raise SystemExit(f"{' '.join(cmd)} failed: {err.decode()[-2000:]}")
    workers = [kb for pid, kb in peaks.items() if pid != proc.pid]
    return (
        {
            "seconds": elapsed,
            "parent_mb": peaks.get(proc.pid, 0) / 1024,
            "worker_mb": max(workers, default=0) / 1024,
        },
        out,
    )
