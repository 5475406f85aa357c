#!/usr/bin/python3
"""image_store against the Python program users would write, on one corpus, in one run.

    run_bench.py [--image-store EXE] [--corpus DIR] [--count N] [--large N]
                 [--jobs N] [--out bench/results]

Generates (or reuses) the corpus with make_corpus.py, reads it once so both
programs start from the page cache, then runs, each as its own child
process with its own fresh database: image_store's first run, its re-run
on the unchanged folder, and python_store.py.  Wall time and peak resident
memory (ru_maxrss of that child, from wait4) of each are written to
OUT/image_store_bench.json and OUT/image_store_bench.md.
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def run(cmd, log):
    """Runs cmd; returns (seconds, peak RSS in bytes, exit status)."""
    start = time.monotonic()
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - start
    return seconds, usage.ru_maxrss * 1024, os.waitstatus_to_exitcode(status)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--image-store",
                    default=os.path.join(REPO, "build/release/examples/image_store/image_store"))
    ap.add_argument("--corpus", default=os.path.join(REPO, "build/image_store_corpus"))
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--large", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=os.cpu_count())
    ap.add_argument("--work", default=os.path.join(REPO, "build/image_store_bench"))
    ap.add_argument("--out", default=os.path.join(REPO, "bench/results"))
    args = ap.parse_args()
    if not os.access(args.image_store, os.X_OK):
        sys.exit(f"run_bench: no image_store at {args.image_store} (build the Release tree first: "
                 "cmake --build build/release --target image_store)")
    subprocess.run([sys.executable, os.path.join(HERE, "make_corpus.py"), args.corpus,
                    "--count", str(args.count), "--large", str(args.large)], check=True)
    files = sorted(f for f in os.listdir(args.corpus) if f.endswith(".png"))
    corpus_bytes = sum(os.path.getsize(os.path.join(args.corpus, f)) for f in files)
    for f in files:  # into the page cache, for both programs alike
        with open(os.path.join(args.corpus, f), "rb") as fh:
            while fh.read(1 << 24):
                pass
    os.makedirs(args.work, exist_ok=True)
    zc_db = os.path.join(args.work, "zc.sqlite")
    py_db = os.path.join(args.work, "python.sqlite")
    for db in (zc_db, py_db):
        for suffix in ("", "-wal", "-shm", "-journal"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
    zc_cmd = [args.image_store, "--images", args.corpus, "--db", zc_db, "--jobs",
              str(args.jobs), "--lines"]
    rows = []
    for label, cmd, log in (
            ("image_store, first run", zc_cmd, "zc_first.log"),
            ("image_store, re-run (unchanged)", zc_cmd, "zc_rerun.log"),
            ("Python (Pillow + NumPy + sqlite3)",
             [sys.executable, os.path.join(HERE, "python_store.py"), args.corpus, py_db],
             "python.log")):
        seconds, peak, status = run(cmd, os.path.join(args.work, log))
        print(f"{label}: {seconds:.2f} s, peak {peak / 2**20:.0f} MiB, exit {status}", flush=True)
        rows.append({"program": label, "seconds": seconds, "images_per_second": len(files) / seconds,
                     "peak_rss_bytes": peak, "exit_status": status,
                     "log": os.path.relpath(os.path.join(args.work, log), REPO)})
    first, rerun, python = rows
    result = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        "corpus": {"files": len(files), "bytes": corpus_bytes, "count": args.count,
                   "large": args.large},
        "jobs": args.jobs,
        "runs": rows,
        "speedup_vs_python": python["seconds"] / first["seconds"],
        "peak_memory_ratio_vs_python": first["peak_rss_bytes"] / python["peak_rss_bytes"],
        "rerun_fraction_of_first_run": rerun["seconds"] / first["seconds"],
    }
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "image_store_bench.json"), "w") as f:
        json.dump(result, f, indent=2)
    lines = [
        f"# image_store vs the Python program ({result['date']})",
        "",
        f"Corpus: {len(files)} PNG files, {corpus_bytes / 2**20:.0f} MiB "
        f"(bench/image_store/make_corpus.py --count {args.count} --large {args.large}); "
        f"image_store --jobs {args.jobs}; {result['machine']}.",
        "",
        "| program | time | images/s | peak memory (max RSS) |",
        "|---|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(f"| {r['program']} | {r['seconds']:.2f} s | {r['images_per_second']:.1f} | "
                     f"{r['peak_rss_bytes'] / 2**20:.0f} MiB |")
    lines += [
        "",
        f"- speed-up over Python, first run: {result['speedup_vs_python']:.2f}x (target >= 3x)",
        f"- peak memory vs Python: {result['peak_memory_ratio_vs_python']:.2f}x (target <= 0.2x)",
        f"- re-run / first run: {100 * result['rerun_fraction_of_first_run']:.2f}% (target <= 2%)",
        "",
    ]
    with open(os.path.join(args.out, "image_store_bench.md"), "w") as f:
        f.write("\n".join(lines))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
