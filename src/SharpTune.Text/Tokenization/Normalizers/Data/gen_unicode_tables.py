# Regenerates unicode_norm.txt.gz (NFC/NFKC tables) from Python's unicodedata. Run: python3 gen_unicode_tables.py
import gzip, unicodedata as u
lines = [f"# unicodedata {u.unidata_version}"]
pairs = {}
for cp in range(0x110000):
    if 0xD800 <= cp <= 0xDFFF or 0xAC00 <= cp <= 0xD7A3:
        continue
    c = chr(cp)
    ccc = u.combining(c)
    d = u.decomposition(c)
    if ccc:
        lines.append(f"C {cp:X} {ccc}")
    if d:
        parts = d.split()
        kind = "k" if parts[0].startswith("<") else "c"
        if kind == "k":
            parts = parts[1:]
        lines.append(f"D {cp:X} {kind} " + " ".join(parts))
        if kind == "c" and len(parts) == 2 and u.normalize("NFC", "".join(chr(int(p, 16)) for p in parts)) == c:
            pairs[(int(parts[0], 16), int(parts[1], 16))] = cp
seconds = {b for (_, b) in pairs}
for (a, b), cp in sorted(pairs.items()):
    lines.append(f"P {a:X} {b:X} {cp:X}")
for cp in range(0x110000):
    if 0xD800 <= cp <= 0xDFFF:
        continue
    c = chr(cp)
    jamo = 0x1161 <= cp <= 0x1175 or 0x11A8 <= cp <= 0x11C2
    base = u.combining(c) != 0 or cp in seconds or jamo
    nfc = base or not u.is_normalized("NFC", c)
    nfkc = base or not u.is_normalized("NFKC", c)
    if nfc or nfkc:
        lines.append(f"Q {cp:X} {int(nfc) | (int(nfkc) << 1)}")
with gzip.open("unicode_norm.txt.gz", "wt", encoding="utf-8", compresslevel=9) as f:
    f.write("\n".join(lines) + "\n")
