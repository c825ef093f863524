#!/usr/bin/env python3
"""Builds the small data samples `sharptune experiment` uses (data-quality, vocab-expansion) from the project's
shared data folder. Deterministic: a seeded shuffle, no model, no translation.

    python3 examples/recipes/build_experiment_data.py ../shared/data examples/data
"""
import gzip, hashlib, json, random, sys

shared, out = sys.argv[1], sys.argv[2]


def read_pairs(name):
    with gzip.open(f"{shared}/{name}", "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def held_out(en):
    # the quickstart's translation test takes the software strings whose English SHA-256 ends in 00
    return hashlib.sha256(en.encode("utf-8")).hexdigest().endswith("00")


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


rng = random.Random(21)

# data-quality: raw, unfiltered English-Spanish UI pairs (noise kept on purpose), none of the held-out test strings
es = [p for p in read_pairs("ui_en_es.jsonl.gz") if not held_out(p["en"])]
rng.shuffle(es)
write_jsonl(f"{out}/ui_en_es_noisy.jsonl", [{"en": p["en"], "es": p["es"]} for p in es[:4000]])

# vocab-expansion: English-Thai pairs (short, clean-looking strings for the test), Thai monolingual text
th = read_pairs("ui_en_th.jsonl.gz")
rng.shuffle(th)
def clean(p):
    return 2 <= len(p["en"].split()) <= 12 and not any(c in p["en"] + p["th"] for c in "%{}<>&\\_|@#$") and p["en"] != p["th"]
test = [p for p in th if clean(p) and held_out(p["en"])][:60]
test_th = {p["th"] for p in test}
test_en = {p["en"] for p in test}
train = [p for p in th if clean(p) and not held_out(p["en"]) and p["en"] not in test_en][:2000]
def alpaca(p):
    return {"instruction": "Translate to Thai:", "input": p["en"], "output": p["th"]}
write_jsonl(f"{out}/ui_en_th_train.jsonl", [alpaca(p) for p in train])
write_jsonl(f"{out}/ui_en_th_test.jsonl", [alpaca(p) for p in test])

with open(f"{shared}/thai_text.txt", encoding="utf-8") as f:
    lines = [l.strip() for l in f if l.strip() and l.strip() not in test_th]
rng.shuffle(lines)
heldout, text = lines[:400], lines[400:4400]
with open(f"{out}/thai_text_sample.txt", "w", encoding="utf-8") as f:
    f.write("\n".join(text) + "\n")
with open(f"{out}/thai_text_heldout.txt", "w", encoding="utf-8") as f:
    f.write("\n".join(heldout) + "\n")
