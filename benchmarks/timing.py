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


#: Every configuration runs this many times (``BENCH_RUNS``); the table shows the median
#: of the runs and their spread.
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
#: A spread (max - min of the runs, over their median) above this is flagged.
SPREAD_LIMIT = 0.10


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
    """One line of the table: a measurement, its unit, its runs and its target.

    ``runs`` holds the samples of each run (seconds for "ms" and "s" rows, the unit itself
    otherwise); a run's value is the median of its samples, the row's value the median of
    its runs.
    """

    key: str
    label: str
    runs: list
    unit: str = "ms"
    peer: str | None = None
    target: str = ""
    #: "max_ratio" / "min_ratio" (ratio to the peer at most / at least ``limit``),
    #: "max_median" or "min_median".
    check: str = ""
    limit: float | None = None
    #: Set when the run itself went wrong (errors under load, queries not constant): the
    #: target is missed whatever the time.
    failed: bool = False
    notes: list = field(default_factory=list)

    def scaled(self):
        """The samples of each run in the row's unit."""
        factor = 1000 if self.unit == "ms" else 1
        return [[s * factor for s in run] for run in self.runs]

    def values(self):
        """The value of each run: the median of its samples."""
        return [statistics.median(run) for run in self.scaled()]

    @property
    def median(self):
        return statistics.median(self.values())

    @property
    def spread(self):
        """(max - min) of the runs' values over their median."""
        values = self.values()
        return (max(values) - min(values)) / self.median if self.median else 0.0

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
        """The row's median over its peer's median (the peer measured in the same run)."""
        peer = self.rows.get(row.peer) if row.peer else None
        return row.median / peer.median if peer else None

    def run_ratios(self, row):
        """The ratio of each run to the peer's run of the same round, when both ran as
        often (they alternate)."""
        peer = self.rows.get(row.peer) if row.peer else None
        if not peer or len(peer.runs) != len(row.runs):
            return []
        return [ours / theirs for ours, theirs in zip(row.values(), peer.values(), strict=True)]

    def verdict(self, row):
        ratio = self.ratio(row)
        value = ratio if row.check.endswith("_ratio") else row.median
        if not row.check or value is None:
            return ""
        if row.failed:
            return "MISSED"
        ok = value >= row.limit if row.check.startswith("min_") else value <= row.limit
        return "met" if ok else "MISSED"

    def table(self):
        head = ("measurement", "median", "spread", "runs", "n per run", "ratio", "target",
                "result")
        lines = [head]
        for row in self.rows.values():
            ratio = self.ratio(row)
            flag = " (!)" if row.spread > SPREAD_LIMIT else ""
            lines.append((
                row.label, f"{_number(row.median)} {row.unit}", f"{row.spread:.0%}{flag}",
                str(len(row.runs)), "/".join(sorted({str(len(run)) for run in row.runs})),
                _ratio(ratio) if ratio is not None else "", row.target, self.verdict(row),
            ))
        widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
        out = []
        for n, line in enumerate(lines):
            out.append("| " + " | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True))
                       + " |")
            if n == 0:
                out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        notes = [f"- {row.label}: {note}" for row in self.rows.values()
                 for note in self.notes(row)]
        return "\n".join(out + ["", f"(!): the runs spread more than {SPREAD_LIMIT:.0%}", ""]
                         + notes + [f"- {self.load_summary()}"])

    def notes(self, row):
        """The row's notes, after the value of each run and its ratio to the peer's run."""
        runs = ", ".join(_number(value) for value in row.values())
        ratios = ", ".join(_ratio(ratio) for ratio in self.run_ratios(row))
        return [f"runs: {runs} {row.unit}" + (f"; ratio per run: {ratios}" if ratios else ""),
                *row.notes]

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
                {**asdict(row), "median": row.median, "spread": row.spread,
                 "run_values": row.values(), "ratio": self.ratio(row),
                 "run_ratios": self.run_ratios(row), "verdict": self.verdict(row),
                 "runs": row.scaled()}
                for row in self.rows.values()
            ],
            **(extra or {}),
        }
        path = RESULTS_DIR / f"bench-{self.started:%Y%m%dT%H%M%SZ}.json"
        path.write_text(json.dumps(data, indent=2) + "\n")
        return path


def _number(value):
    """A value as the table shows it: none from 1,000 up, one decimal from 1, else three
    significant digits."""
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.1f}" if abs(value) >= 1 else f"{value:.3g}"


def _ratio(value):
    """A ratio with two significant decimals, also when it is far below 1."""
    return f"{value:.2f}" if value >= 0.1 else f"{value:.4f}"
