#!/usr/bin/env python3
"""Turns Google Benchmark JSON files into the README's results table and chart.

    bench_report.py RESULTS_DIR [--markdown OUT.md] [--chart OUT.png]

RESULTS_DIR holds one <program>.json per benchmark program (written with
--benchmark_out_format=json) and optionally machine.txt (see scripts/bench.sh).
The table lists, per program, every benchmark's time per iteration (wall and
CPU), its throughput and its user counters (allocations, peak memory, ...).
A program run with --benchmark_repetitions is shown by its medians.  The chart
draws one row per program (per image for PER_CASE_PROGRAMS): time per
iteration on the left and, where the program measures it (MEMORY_COUNTERS), the
extra peak memory each path needs on the right.  The time is wall time, or CPU
time where the machine was busier than its cores when the program started (its
load average above its CPU count: other processes' time would be counted).
Bars are coloured by path, recognised by name (COPY_PATH_WORDS,
REFERENCE_WORDS) and label (FAST_PATH_LABELS): zcbridge's path, zcbridge's
fast path, the copying path users write today, and the wrapped library's own
path for reference.
Only the standard library is needed for the table; the chart needs matplotlib
(Debian: python3-matplotlib, installed by scripts/install-deps.sh bench).
"""
import argparse
import json
import math
import pathlib
import re
import sys

# Keys Google Benchmark writes itself; everything else in an entry is a user counter.
STANDARD_KEYS = {
    "name", "family_index", "per_family_instance_index", "run_name", "run_type",
    "repetitions", "repetition_index", "threads", "iterations", "real_time", "cpu_time",
    "time_unit", "bytes_per_second", "items_per_second", "label", "error_occurred",
    "error_message", "aggregate_name", "aggregate_unit",
}
# A benchmark whose name contains one of these words measures a path that copies
# (what users write today); the others measure zcbridge's zero-copy paths.
COPY_PATH_WORDS = re.compile(
    r"(?<![a-z])(copy|copying|copied|transient|staged|vector|memcpy|to_vector|baseline)(?![a-z])",
    re.IGNORECASE)
ZERO_COPY_WORDS = re.compile(r"zero_?copy|no_?copy|nocopy", re.IGNORECASE)
# Other libraries' own best paths, shown for reference (neither ours nor a copy).
REFERENCE_WORDS = re.compile(r"libpng_rows|spng|owning", re.IGNORECASE)
# A benchmark labelled like this ran zcbridge's fast path (png_bench labels
# each adapter decode and encode with the path that ran).
FAST_PATH_LABELS = re.compile(r"^fast (path|encoder)$")
# Programs whose benchmarks are named <what>/<path>/<case>: one chart row per
# what and case (e.g. decode of one image), so its paths sit side by side.
PER_CASE_PROGRAMS = {"png_bench"}
COLOURS = {"zero-copy": "#1b9e77", "fast": "#7570b3", "copy": "#d95f02",
           "reference": "#7f7f7f"}
TO_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


def is_copy_path(name):
    plain = ZERO_COPY_WORDS.sub("", name)
    return bool(COPY_PATH_WORDS.search(plain.replace("_", " ").replace("/", " ")))


def path_kind(name, label=""):
    """'copy', 'reference', 'fast' or 'zero-copy' (see the word lists above)."""
    if FAST_PATH_LABELS.match(label or ""):
        return "fast"
    if is_copy_path(name):
        return "copy"
    if REFERENCE_WORDS.search(name):
        return "reference"
    return "zero-copy"


def human_time(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


def human_bytes(n):
    n = float(n)
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if abs(n) >= scale:
            return f"{n / scale:.3g} {unit}"
    return f"{n:.0f} B"


def human_rate(bytes_per_second):
    return f"{bytes_per_second / 1e9:.3g} GB/s" if bytes_per_second >= 1e9 else \
        f"{bytes_per_second / 1e6:.3g} MB/s"


# Counters named like these hold bytes (a _KiB/_MiB suffix gives the unit).
BYTE_COUNTERS = re.compile(r"bytes|peak|memory|rss|new_per_iter|_KiB$|_MiB$", re.IGNORECASE)
UNIT_SUFFIX = {"_KiB": 2**10, "_MiB": 2**20}
# No memory moves faster; a benchmark reporting more describes bytes it never touched.
MAX_REAL_RATE = 1e12


# The counter that holds "heap the path needs beyond source and destination",
# per program, in the order tried; its unit comes from the suffix rules above.
MEMORY_COUNTERS = ("extra_peak", "peak_extra_KiB", "heap_bytes")


def counter_bytes(key, value):
    """A byte counter's value in bytes (a _KiB/_MiB suffix scales it)."""
    for suffix, scale in UNIT_SUFFIX.items():
        if key.endswith(suffix):
            return value * scale
    return value


def memory_counter(runs):
    """The first MEMORY_COUNTERS entry a program reports, or None."""
    for key in MEMORY_COUNTERS:
        if any(isinstance(run.get(key), (int, float)) for run in runs):
            return key
    return None


def counter_text(key, value):
    if not isinstance(value, (int, float)):
        return str(value)
    if BYTE_COUNTERS.search(key):
        return human_bytes(counter_bytes(key, value))
    if float(value).is_integer():
        return f"{int(value)}"
    return f"{value:.4g}"


def load(results_dir):
    programs = []
    for path in sorted(results_dir.glob("*.json")):
        try:
            data = json.loads(path.read_text())
        except (OSError, json.JSONDecodeError) as error:
            sys.exit(f"bench_report: cannot read {path}: {error}")
        entries = [b for b in data.get("benchmarks", []) if not b.get("error_occurred")]
        # Repeated runs: the median of each benchmark, under its plain name.
        runs = [dict(b, name=b["run_name"]) for b in entries
                if b.get("run_type") == "aggregate" and b.get("aggregate_name") == "median"]
        if not runs:
            runs = [b for b in entries if b.get("run_type", "iteration") == "iteration"]
        if runs:
            programs.append((path.stem, data.get("context", {}), runs))
    if not programs:
        sys.exit(f"bench_report: no benchmark JSON with results in {results_dir}")
    return programs


def uses_cpu_time(context):
    """True when the machine was busier than its cores as the program started."""
    load = context.get("load_avg") or [0.0]
    return load[0] > context.get("num_cpus", math.inf)


def time_ns(run, key="real_time"):
    return run[key] * TO_NS.get(run.get("time_unit", "ns"), 1.0)


def markdown(programs, machine):
    lines = []
    if machine:
        lines.append("Measured on " + ", ".join(f"{k}: {v}" for k, v in machine.items()) + ".")
        lines.append("")
    if any(context.get("library_build_type") == "debug" for _, context, _ in programs):
        lines.append("Google Benchmark is Debian's libbenchmark, which reports itself as a debug "
                     "build; that concerns its own bookkeeping between iterations, not the code "
                     "measured (ours and the libraries', built Release).")
        lines.append("")
    for program, context, runs in programs:
        counters = []
        for run in runs:
            for key in run:
                if key not in STANDARD_KEYS and key not in counters:
                    counters.append(key)
        lines.append(f"### {program}")
        lines.append("")
        repetitions = runs[0].get("repetitions", 1) if runs[0].get("run_type") == "aggregate" else 1
        notes = []
        if repetitions > 1:
            notes.append(f"medians of {repetitions} repetitions")
        if uses_cpu_time(context):
            load = context.get("load_avg", [0])[0]
            notes.append(f"load average {load:.1f} on {context.get('num_cpus')} CPUs at the "
                         "start: wall times include other processes' time, read CPU times")
        if context.get("date"):
            notes.insert(0, f"run {context['date']}")
        if notes:
            lines.append("(" + "; ".join(notes) + ")")
            lines.append("")
        header = ["benchmark", "path", "time / iteration", "CPU time", "throughput"] + counters
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "|".join(["---"] * 2 + ["---:"] * (len(header) - 2)) + "|")
        for run in runs:
            ns = time_ns(run)
            rate = run.get("bytes_per_second")
            rate_text = ""
            if rate:
                rate_text = human_rate(rate) if rate <= MAX_REAL_RATE else "(no bytes moved)"
            kind = path_kind(run["name"], run.get("label", ""))
            row = [f"`{run['name']}`", "fast path" if kind == "fast" else kind, human_time(ns),
                   human_time(time_ns(run, "cpu_time")), rate_text]
            row += [counter_text(key, run[key]) if key in run else "" for key in counters]
            lines.append("| " + " | ".join(row) + " |")
        lines.append("")
    return "\n".join(lines)


def bar_panel(ax, names, values, colours, label, what, show_names=True):
    """Horizontal bars with their values written beside them.  A log axis
    when the values span more than 20x (nanoseconds next to seconds, bytes
    next to megabytes); zero values sit on the axis' floor, labelled "0"; a
    None (a run that did not measure it) gets no bar and the label "-"."""
    import matplotlib.ticker  # chart() made sure matplotlib is there
    positive = [v for v in values if v is not None and v > 0]
    log = bool(positive) and max(positive) / min(positive) >= 20
    floor = min(positive) / 2 if log else 0.0
    ax.barh(range(len(values)), [0 if v is None else max(v, floor) for v in values], color=colours)
    ax.set_yticks(range(len(values)), names if show_names else [""] * len(values), fontsize=7)
    ax.invert_yaxis()
    if log:
        ax.set_xscale("log")
        ax.set_xlabel(f"{what}, log scale (shorter is better)", fontsize=8)
    else:  # a narrow range reads better from zero
        ax.set_xlabel(f"{what} (shorter is better)", fontsize=8)
        ax.xaxis.set_major_formatter(
            matplotlib.ticker.FuncFormatter(lambda x, _: label(x) if x > 0 else "0"))
    ax.tick_params(axis="x", labelsize=7)
    for i, value in enumerate(values):
        if value is None:
            ax.text(floor, i, " -", va="center", fontsize=6)
        else:
            ax.text(max(value, floor), i, " " + (label(value) if value > 0 else "0"), va="center",
                    fontsize=6)
    ax.margins(x=0.18)


def chart_rows(programs):
    """(title, context, runs) per chart row: one per program, or one per what
    and case (the first and last parts of the benchmark name) for
    PER_CASE_PROGRAMS."""
    rows = []
    for program, context, runs in programs:
        if program not in PER_CASE_PROGRAMS:
            rows.append((program, context, runs))
            continue
        cases = {}
        for run in runs:
            parts = run["name"].split("/")
            cases.setdefault(f"{parts[0]} {parts[-1]}", []).append(run)
        rows += [(f"{program}: {case}", context, case_runs) for case, case_runs in cases.items()]
    return rows


def chart(programs, out_path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        import matplotlib.ticker
    except ImportError:
        sys.exit("bench_report: the chart needs matplotlib (scripts/install-deps.sh bench)")
    rows = chart_rows(programs)
    heights = [max(1.6, 0.32 * len(runs) + 0.9) for _, _, runs in rows]
    fig, axes = plt.subplots(len(rows), 2, figsize=(15, sum(heights)),
                             gridspec_kw={"height_ratios": heights, "width_ratios": [3, 2]},
                             squeeze=False)
    for (time_ax, memory_ax), (title, context, runs) in zip(axes, rows):
        names = [run["name"] for run in runs]
        colours = [COLOURS[path_kind(run["name"], run.get("label", ""))] for run in runs]
        # Time per iteration on a log scale: zero-copy paths take nanoseconds
        # where copies take milliseconds, and both must stay readable.
        cpu = uses_cpu_time(context)
        values = [time_ns(run, "cpu_time" if cpu else "real_time") for run in runs]
        bar_panel(time_ax, names, values, colours, human_time,
                  "CPU time per iteration (busy machine)" if cpu else "time per iteration")
        time_ax.set_title(title, fontsize=10, loc="left")
        key = memory_counter(runs)
        if key is None:
            memory_ax.axis("off")
            memory_ax.text(0.02, 0.5, f"{title} measures no peak memory\n(allocations: see results.md)",
                           fontsize=8, va="center", transform=memory_ax.transAxes)
            continue
        memory = [float(counter_bytes(key, run[key])) if key in run else None for run in runs]
        bar_panel(memory_ax, names, memory, colours, human_bytes,
                  f"extra peak memory ({key})", show_names=False)
    from matplotlib.patches import Patch
    fig.legend(handles=[Patch(color=COLOURS["zero-copy"], label="zcbridge path"),
                        Patch(color=COLOURS["fast"], label="zcbridge fast path (ISA-L)"),
                        Patch(color=COLOURS["copy"], label="copying path (what users write today)"),
                        Patch(color=COLOURS["reference"], label="the library's own path")],
               loc="upper center", ncol=4, fontsize=8)
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.5 / sum(heights)))
    fig.savefig(out_path, dpi=110)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results_dir", type=pathlib.Path)
    parser.add_argument("--markdown", type=pathlib.Path, help="write the tables here")
    parser.add_argument("--chart", type=pathlib.Path, help="write the chart (PNG) here")
    args = parser.parse_args()
    programs = load(args.results_dir)
    machine = {}
    machine_file = args.results_dir / "machine.txt"
    if machine_file.exists():
        for line in machine_file.read_text().splitlines():
            key, _, value = line.partition(":")
            if value.strip():
                machine[key.strip()] = value.strip()
    text = markdown(programs, machine)
    if args.markdown:
        args.markdown.write_text(text + "\n")
    else:
        print(text)
    if args.chart:
        chart(programs, args.chart)


if __name__ == "__main__":
    main()
