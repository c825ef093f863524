#!/usr/bin/env python3
"""Builds the pre-training corpus of examples/models/sharptune-base from the project's shared data.

Usage: python3 examples/recipes/build_base_corpus.py ../shared/data out/base_corpus

Writes (UTF-8, one pre-training text per line, deterministic: no randomness, input order kept):
  pt_english.txt      english_prose.txt without the held-out texts below
  pt_spanish.txt      Spanish side of bible_kjv_es.jsonl (Reina-Valera 1909), one chapter per line,
                      every book except the translation test books
  pt_spanish_ui.txt   Spanish side of ui_en_es.jsonl.gz, strings of >= 3 words whose English source is not
                      in the translation test split, 25 strings per line, first 30,000 strings
  pt_bible_parallel.txt  the same chapters as a bilingual edition: each King James verse, " = ", its
                      Reina-Valera verse, verses joined by " | ", one chapter per line
  pt_ui_parallel.txt  every distinct English -> Spanish software string pair (English not in the test
                      split, Spanish differs from English) as "English = Spanish", joined by " | ", 25 per line
  dataset_info.json   registers them as base_english, base_spanish, base_spanish_ui, base_bible_parallel,
                      base_ui_parallel, base_heldout
  eval_heldout.txt    held-out English (the last 3 State of the Union addresses, Moby Dick's last 2 chapters
                      and epilogue) and held-out Spanish (the test books, one chapter per line)
Test books (never in pre-training or instruction training): Ruth, Jonah, Phil, Jas.
UI test split: English strings whose SHA-256 (hex) ends in '00' (1/256 of the distinct strings).
"""
import gzip, hashlib, json, os, sys

TEST_BOOKS = {"Ruth", "Jonah", "Phil", "Jas"}


def ui_is_test(en: str) -> bool:
    return hashlib.sha256(en.encode("utf-8")).hexdigest().endswith("00")


def book_of(verse_id: str) -> str:
    return verse_id.split(".", 1)[0]


def chapters(path, verse=lambda r: r["es"].strip(), sep=" "):
    """(book, chapter) -> that chapter's verses (Spanish by default) joined by `sep`, in file order."""
    out, order = {}, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            book, chap = r["id"].split(".")[:2]
            key = (book, chap)
            if key not in out:
                out[key] = []
                order.append(key)
            out[key].append(verse(r))
    return [(k[0], sep.join(out[k])) for k in order]


def main(src, dst):
    os.makedirs(dst, exist_ok=True)
    with open(os.path.join(src, "english_prose.txt"), encoding="utf-8") as f:
        paragraphs = [l.rstrip("\n") for l in f if l.strip()]
    # the State of the Union addresses are the very long lines; Moby Dick ends with "Epilogue" paragraphs
    speech_idx = [i for i, p in enumerate(paragraphs) if len(p) > 8000]
    held = set(speech_idx[-3:])
    epi = next(i for i, p in enumerate(paragraphs) if p.startswith("CHAPTER 134."))
    first_speech = speech_idx[0]
    held.update(range(epi, first_speech))
    english = [p for i, p in enumerate(paragraphs) if i not in held]
    held_en = [p for i, p in enumerate(paragraphs) if i in held]

    chaps = chapters(os.path.join(src, "bible_kjv_es.jsonl"))
    spanish = [t for b, t in chaps if b not in TEST_BOOKS]
    held_es = [t for b, t in chaps if b in TEST_BOOKS]

    ui, seen = [], set()
    with gzip.open(os.path.join(src, "ui_en_es.jsonl.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            es = r["es"].strip()
            if len(es.split()) < 3 or es in seen or ui_is_test(r["en"].strip()):
                continue
            seen.add(es)
            ui.append(es)
            if len(ui) == 30000:
                break
    ui_lines = [" ".join(ui[i:i + 25]) for i in range(0, len(ui), 25)]

    bilingual = chapters(os.path.join(src, "bible_kjv_es.jsonl"),
                         lambda r: r["en"].strip() + " = " + r["es"].strip(), " | ")
    bible_parallel = [t for b, t in bilingual if b not in TEST_BOOKS]
    pairs, seen_pairs = [], set()
    with gzip.open(os.path.join(src, "ui_en_es.jsonl.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            en, es = " ".join(r["en"].split()), " ".join(r["es"].split())
            if not en or not es or en == es or ui_is_test(r["en"].strip()) or (en, es) in seen_pairs:
                continue
            seen_pairs.add((en, es))
            pairs.append(en + " = " + es)
    ui_parallel = [" | ".join(pairs[i:i + 25]) for i in range(0, len(pairs), 25)]

    for name, lines in [("pt_english.txt", english), ("pt_spanish.txt", spanish), ("pt_spanish_ui.txt", ui_lines),
                        ("pt_bible_parallel.txt", bible_parallel), ("pt_ui_parallel.txt", ui_parallel),
                        ("eval_heldout.txt", held_en + held_es)]:
        with open(os.path.join(dst, name), "w", encoding="utf-8", newline="\n") as f:
            for l in lines:
                f.write(l + "\n")
        print(f"{name}: {len(lines)} lines, {sum(len(l) for l in lines):,} characters")
    info = {n: {"file_name": f, "columns": {"prompt": "text"}} for n, f in [
        ("base_english", "pt_english.txt"), ("base_spanish", "pt_spanish.txt"),
        ("base_spanish_ui", "pt_spanish_ui.txt"), ("base_bible_parallel", "pt_bible_parallel.txt"),
        ("base_ui_parallel", "pt_ui_parallel.txt"), ("base_heldout", "eval_heldout.txt")]}
    with open(os.path.join(dst, "dataset_info.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(info, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
