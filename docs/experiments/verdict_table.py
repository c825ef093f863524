#!/usr/bin/env python3
"""Prints the verdict table of docs/experiments/README.md from the results.json files beside this script.

    python3 docs/experiments/verdict_table.py
"""
import json
import os
import sys

ORDER = ["pretrain-vs-sft", "methods", "shots", "data-quality", "vocab-expansion", "generalization"]


def fmt(x):
    if x is None:
        return "–"
    if isinstance(x, (int, float)):
        return f"{x:.3g}"
    return str(x)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    print("| experiment | claim | verdict | difference | spread | run time | command |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name in ORDER:
        path = os.path.join(here, name, "results.json")
        if not os.path.exists(path):
            print(f"| {name} | – | **not run** | – | – | – | `sharptune experiment {name}` |")
            continue
        with open(path, encoding="utf-8") as f:
            d = json.load(f)
        minutes = f"{d['seconds'] / 60:.1f} min" if isinstance(d.get("seconds"), (int, float)) else "–"
        for v in d.get("verdicts", []):
            print(f"| [{name}]({name}/report.md) | {v['claim']} | **{v['verdict']}** | {fmt(v.get('difference'))} "
                  f"| {fmt(v.get('noise'))} | {minutes} | `{d['command']}` |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
