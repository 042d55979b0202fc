"""Repeat a measurement after a warm-up; keep results; print and save them as one table."""

import cProfile
import datetime
import io
import json
import os
import platform
import pstats
import statistics
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"
PROFILES_DIR = RESULTS_DIR / "profiles"


def profile(key, fn, *, times=20, lines=25):
    """Run ``fn`` ``times`` times under cProfile; save a summary to results/profiles/.

    The summary has our own functions by cumulative time, then every function by its own
    time: where the time goes, and what it is spent on.
    """
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(times):
        fn()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats("wagtail_meldcode|benchmarks/peers", lines)
    stats.sort_stats("tottime").print_stats(lines)
    root = str(Path(__file__).resolve().parent.parent) + "/"
    text = out.getvalue().replace(root, "").replace(".venv/lib/python3.11/site-packages/", "")
    text = "\n".join(line.rstrip() for line in text.splitlines() if line.strip())
    PROFILES_DIR.mkdir(parents=True, exist_ok=True)
    path = PROFILES_DIR / f"{key}.txt"
    path.write_text(f"# {key}: {times} runs under cProfile\n{text}\n")
    return path


def repeat(fn, *, times, warmup=1, setup=None):
    """Run ``fn`` ``warmup`` times unmeasured, then ``times`` times; seconds per run.

    ``setup`` runs before every run, outside the measured time.
    """
    samples = []
    for n in range(warmup + times):
        if setup:
            setup()
        start = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - start
        if n >= warmup:
            samples.append(elapsed)
    return samples


@dataclass
class Row:
    """One line of the table: a measurement, its unit, its samples and its target."""

    key: str
    label: str
    samples: list
    unit: str = "ms"
    peer: str | None = None
    target: str = ""
    #: "max_ratio" (ratio to peer <= limit), "max_median" or "min_median".
    check: str = ""
    limit: float | None = None
    #: A second target for rows with a peer: the ratio to the peer at most this.
    ratio_limit: float | None = None
    #: Set when the run itself went wrong (errors under load): the target is missed.
    failed: bool = False
    notes: list = field(default_factory=list)

    def scaled(self):
        factor = 1000 if self.unit == "ms" else 1
        return [s * factor for s in self.samples]

    @property
    def median(self):
        return statistics.median(self.scaled())


class Results:
    """The table of one run."""

    def __init__(self):
        self.rows = {}
        self.started = datetime.datetime.now(datetime.UTC)
        self.load_before = os.getloadavg()
        #: The 1-minute load average, every 15 s: other work on the machine shows here.
        self.load_samples = []
        threading.Thread(target=self._sample_load, daemon=True).start()

    def _sample_load(self):
        while True:
            self.load_samples.append(round(os.getloadavg()[0], 2))
            time.sleep(15)

    def load_summary(self):
        samples = self.load_samples or [0]
        return (f"load average (1 min) during the run: median {statistics.median(samples):.1f},"
                f" max {max(samples):.1f} on {os.cpu_count()} cores")

    def add(self, row):
        self.rows[row.key] = row
        print(f"  {row.label}: median {row.median:.1f} {row.unit}", flush=True)
        return row

    def ratio(self, row):
        peer = self.rows.get(row.peer) if row.peer else None
        return row.median / peer.median if peer else None

    def verdict(self, row):
        ratio = self.ratio(row)
        value = {"max_ratio": ratio}.get(row.check, row.median)
        if not row.check or value is None:
            return ""
        if row.failed:
            return "MISSED"
        ok = value >= row.limit if row.check == "min_median" else value <= row.limit
        if row.ratio_limit is not None and ratio is not None:
            ok = ok and ratio <= row.ratio_limit
        return "met" if ok else "MISSED"

    def table(self):
        head = ("measurement", "median", "min", "max", "n", "ratio", "target", "result")
        lines = [head]
        for row in self.rows.values():
            values = row.scaled()
            ratio = self.ratio(row)
            lines.append((
                row.label, f"{row.median:.1f} {row.unit}", f"{min(values):.1f}",
                f"{max(values):.1f}", str(len(values)),
                f"{ratio:.2f}" if ratio is not None else "", row.target, self.verdict(row),
            ))
        widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
        out = []
        for n, line in enumerate(lines):
            out.append("| " + " | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True))
                       + " |")
            if n == 0:
                out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        notes = [f"- {row.label}: {note}" for row in self.rows.values() for note in row.notes]
        return "\n".join(out + [""] + notes + [f"- {self.load_summary()}"])

    def save(self, extra=None):
        """Write the run as JSON to ``benchmarks/results/`` and return the path."""
        RESULTS_DIR.mkdir(exist_ok=True)
        data = {
            "started": self.started.isoformat(timespec="seconds"),
            "finished": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                        "platform": platform.platform(),
                        "load_before": self.load_before, "load_after": os.getloadavg(),
                        "load_during": self.load_samples},
            "rows": [
                {**asdict(row), "median": row.median, "ratio": self.ratio(row),
                 "verdict": self.verdict(row), "samples": row.scaled()}
                for row in self.rows.values()
            ],
            **(extra or {}),
        }
        path = RESULTS_DIR / f"bench-{self.started:%Y%m%dT%H%M%SZ}.json"
        path.write_text(json.dumps(data, indent=2) + "\n")
        return path
