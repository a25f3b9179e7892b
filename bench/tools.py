"""Measuring with public tools: GNU time (`/usr/bin/time -v`) for wall, CPU and peak memory of one
run, hyperfine for repeated short commands (with a plain repeated-run fallback when it is
missing), and the machine the figures come from.

Every measured command runs under `nice` (other work shares the cores) and with a time limit:
when the limit is reached the command gets SIGINT (tracker stops cleanly and bench/timed.py
writes how far it got), then SIGKILL if it does not stop.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

GNU_TIME = "/usr/bin/time"
NICE = ("nice", "-n", "10")
TIME_FIELDS = {
    "Elapsed (wall clock) time (h:mm:ss or m:ss)": "wall_s",
    "User time (seconds)": "user_s",
    "System time (seconds)": "sys_s",
    "Maximum resident set size (kbytes)": "max_rss_kb",
    "Percent of CPU this job got": "cpu_percent",
}


@dataclass(frozen=True, slots=True)
class Measured:
    """One run under GNU time."""

    exit_code: int
    wall_s: float
    user_s: float
    sys_s: float
    peak_mb: float
    cpu_percent: float
    timed_out: bool
    stderr_tail: str

    def as_dict(self) -> dict:
        return {
            "exit": self.exit_code, "wall_s": round(self.wall_s, 3), "cpu_s": round(self.user_s + self.sys_s, 3),
            "user_s": round(self.user_s, 3), "sys_s": round(self.sys_s, 3), "peak_mb": round(self.peak_mb, 1),
            "cpu_percent": self.cpu_percent, "timed_out": self.timed_out,
        }


def _wall(text: str) -> float:
    parts = [float(p) for p in text.split(":")]
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + part
    return seconds


def parse_gnu_time(text: str) -> dict[str, float]:
    found: dict[str, float] = {}
    for line in text.splitlines():
        label, _, value = line.strip().rpartition(": ")
        key = TIME_FIELDS.get(label)
        if key == "wall_s":
            found[key] = _wall(value)
        elif key == "cpu_percent":
            found[key] = float(value.rstrip("%") or 0)
        elif key:
            found[key] = float(value)
    return found


def measure(command: list[str], work: Path, timeout: float, log: Path | None = None, stdout: Path | None = None) -> Measured:
    """Run command under nice and GNU time; stderr goes to log, stdout to the stdout file or nowhere."""
    if not Path(GNU_TIME).exists():
        raise SystemExit(f"bench: {GNU_TIME} is missing (Debian package `time`; `make bench` installs it as root)")
    report = work / "gnu-time.txt"
    log = log or work / "stderr.log"
    full = [*NICE, GNU_TIME, "-v", "-o", str(report), *command]
    with open(log, "w", encoding="utf-8") as err, open(stdout or os.devnull, "w", encoding="utf-8") as out:
        process = subprocess.Popen(full, stdout=out, stderr=err, start_new_session=True)
        timed_out = _wait(process, timeout)
    stats = parse_gnu_time(report.read_text(encoding="utf-8", errors="replace")) if report.exists() else {}
    tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
    return Measured(
        process.returncode, stats.get("wall_s", 0.0), stats.get("user_s", 0.0), stats.get("sys_s", 0.0),
        stats.get("max_rss_kb", 0.0) / 1024, stats.get("cpu_percent", 0.0), timed_out, tail,
    )


def _wait(process: subprocess.Popen, timeout: float) -> bool:
    """Wait; at the limit send SIGINT to the group (GNU time ignores it, tracker stops and the
    timer file is written), then SIGKILL to the measured process alone so that GNU time still
    writes its report (a stage stuck in C code never sees the SIGINT), then to the group."""
    try:
        process.wait(timeout=timeout)
        return False
    except subprocess.TimeoutExpired:
        pass
    os.killpg(process.pid, signal.SIGINT)
    for victims, sig in ((_children(process.pid), signal.SIGKILL), (None, signal.SIGKILL)):
        try:
            process.wait(timeout=60)
            return True
        except subprocess.TimeoutExpired:
            if victims is None:
                os.killpg(process.pid, sig)
            for pid in victims or ():
                os.kill(pid, sig)
    process.wait()
    return True


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as found:
            return [int(p) for p in found.read().split()]
    except OSError:
        return []


def repeated(command: list[str], runs: int, warmup: int, work: Path, prepare: list[str] | None = None) -> dict:
    """Median wall time of a short command: hyperfine when installed, else our own loop."""
    if shutil.which("hyperfine"):
        return _hyperfine(command, runs, warmup, work, prepare)
    times = []
    for n in range(warmup + runs):
        if prepare:
            subprocess.run(prepare, check=True)
        began = time.perf_counter()
        subprocess.run([*NICE, *command], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        if n >= warmup:
            times.append(time.perf_counter() - began)
    return {"tool": "repeated runs (hyperfine missing)", "runs": runs, "median_s": round(statistics.median(times), 4),
            "min_s": round(min(times), 4), "max_s": round(max(times), 4)}


def _hyperfine(command: list[str], runs: int, warmup: int, work: Path, prepare: list[str] | None) -> dict:
    export = work / "hyperfine.json"
    full = ["hyperfine", "--shell=none", "--style", "none", "--runs", str(runs), "--warmup", str(warmup),
            "--export-json", str(export)]
    if prepare:
        full += ["--prepare", " ".join(prepare)]
    full.append(" ".join(_quote(part) for part in [*NICE, *command]))
    subprocess.run(full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
    result = json.loads(export.read_text(encoding="utf-8"))["results"][0]
    return {"tool": "hyperfine", "runs": runs, "median_s": round(result["median"], 4),
            "min_s": round(result["min"], 4), "max_s": round(result["max"], 4), "mean_s": round(result["mean"], 4),
            "cpu_s": round(result["user"] + result["system"], 4)}


def _quote(part: str) -> str:
    import shlex

    return shlex.quote(part)


def machine() -> dict:
    """Cores, memory, CPU, Python and when: printed beside every figure."""
    memory_kb = 0
    with open("/proc/meminfo", encoding="utf-8") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                memory_kb = int(line.split()[1])
    model = ""
    if os.path.exists("/proc/cpuinfo"):
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            model = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "")
    return {
        "cores": os.cpu_count(), "cores_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "ram_gb": round(memory_kb / 1024 / 1024, 1), "cpu": model, "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}", "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _commit(),
    }


def _commit() -> str:
    root = Path(__file__).resolve().parent.parent
    try:
        head = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True)
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--", "tracker"], capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head.stdout.strip() + (" (tracker/ modified)" if dirty.stdout.strip() else "")


def load() -> float:
    """The one-minute load average: how busy the machine was (2 cores: above 2 means sharing)."""
    return round(os.getloadavg()[0], 2)


def python() -> str:
    return sys.executable
