#!/usr/bin/env python3
"""Results files for Benchmarks/hostile-results.sh, made from a real results file.

    make-hostile-results.py SOURCE OUT_DIR --cell-limit N --file-limit M [--over K] [--seed S]

Writes to OUT_DIR:
  baseline.json    SOURCE, byte for byte
  at-limit.json    SOURCE with one cell (the first threads cell of cpu_python's `loop`) given exactly
                   N samples in wall, cpu, metric, rounds and contamination: every tenth sample a
                   contaminated repeat measured again in the same round
  over-limit.json  the same cell with K samples (default 40,000), more than N: must be refused
  file-limit.json  at-limit.json plus as many copies of that cell (as variants `copy-1`, `copy-2`, …)
                   as the per-file limit M allows: the most statistics one file may ask for

Standard library only; the output depends only on the arguments.
"""
import argparse
import copy
import json
import random
import shutil
from pathlib import Path

LISTS = ("wall", "cpu", "metric", "rounds", "contamination", "runSeconds")


def samples_of(cell):
    """Samples of a cell as sitegen counts them against the per-file limit."""
    return sum(len(cell.get(name) or []) for name in LISTS) + sum(len(v) for v in (cell.get("extra") or {}).values())


def grow(cell, count, rng):
    """The cell with `count` samples in each list, in rounds, some contaminated and measured again."""
    cell = copy.deepcopy(cell)
    wall = [round(cell["wall"][0] * (1 + 0.01 * rng.gauss(0, 1)), 6) for _ in range(count)]
    cell["wall"] = wall
    cell["cpu"] = [round(w * 1.01, 6) for w in wall]
    cell["metric"] = list(wall)
    # Samples 9 and 10 of every ten share a round: the first flagged, the second its clean repeat.
    cell["rounds"] = [i + 1 - (1 if i % 10 == 9 else 0) for i in range(count)]
    cell["contamination"] = [{"flagged": i % 10 == 8, "otherCPUSeconds": 0.5 if i % 10 == 8 else 0.0} for i in range(count)]
    cell["repeats"] = count
    cell.pop("runSeconds", None)
    return cell


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source")
    parser.add_argument("out")
    parser.add_argument("--cell-limit", type=int, required=True)
    parser.add_argument("--file-limit", type=int, required=True)
    parser.add_argument("--over", type=int, default=40_000)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    if args.over <= args.cell_limit:
        parser.error(f"--over ({args.over}) must be more than --cell-limit ({args.cell_limit})")

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(args.source, out / "baseline.json")
    results = json.loads(Path(args.source).read_text(encoding="utf-8"))
    cells = results["measurements"]
    index = next(i for i, m in enumerate(cells)
                 if m["workload"] == "cpu_python" and m["variant"] == "loop" and m["model"] == "threads" and m["status"] == "ok")

    def write(name, measurements):
        variant = dict(results, measurements=measurements)
        (out / name).write_text(json.dumps(variant, sort_keys=True, indent=1) + "\n", encoding="utf-8")

    rng = random.Random(args.seed)
    big = grow(cells[index], args.cell_limit, rng)
    at_limit = cells[:index] + [big] + cells[index + 1:]
    write("at-limit.json", at_limit)
    write("over-limit.json", cells[:index] + [grow(cells[index], args.over, rng)] + cells[index + 1:])
    room = args.file_limit - sum(samples_of(m) for m in at_limit)
    copies = [dict(copy.deepcopy(big), variant=f"copy-{n + 1}") for n in range(max(0, room // samples_of(big)))]
    write("file-limit.json", at_limit + copies)
    print(f"one cell of {args.cell_limit} samples (at the limit), one of {args.over} (over it), "
          f"and {len(copies) + 1} cells of {args.cell_limit} ({sum(samples_of(m) for m in at_limit + copies)} samples "
          f"in all, per-file limit {args.file_limit})")


if __name__ == "__main__":
    main()
