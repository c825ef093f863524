#!/usr/bin/env bash
# Decoding tokens/s of the server's continuous batcher (benchmarks `batcher-decode`) against the PyTorch peer
# (`torch_llama_peer.py --mode generate --attn sdpa`), alternating peer / ours per cell, fp32, greedy, random weights.
# Usage: benchmarks/serve_peer_table.sh [PEERS_DIR] [OUT_DIR]
#   PEER_CMD   how to run the peer (default: /usr/bin/python3 PEERS_DIR/torch_llama_peer.py; for PyTorch 2.14 use
#              "chroot $SID python3 /peer/torch_llama_peer.py", see the peers README)
#   THREADS (2), ROUNDS (3), CONFIGS ("tiny small"), BATCHES ("1 8"), PROMPT (128), NEW (64)
set -euo pipefail
peers=${1:-../shared/peers}
out=${2:-/tmp/sharptune-serve-peer}
mkdir -p "$out"
peer=${PEER_CMD:-/usr/bin/python3 $peers/torch_llama_peer.py}
threads=${THREADS:-2}; rounds=${ROUNDS:-3}; prompt=${PROMPT:-128}; new=${NEW:-64}
dotnet build -c Release benchmarks/SharpTune.Benchmarks >/dev/null
bench="dotnet $(pwd)/benchmarks/SharpTune.Benchmarks/bin/Release/net10.0/SharpTune.Benchmarks.dll"
for r in $(seq 1 "$rounds"); do
  for config in ${CONFIGS:-tiny small}; do
    for batch in ${BATCHES:-1 8}; do
      $peer --config "$config" --mode generate --attn sdpa --dtype float32 --threads "$threads" --batch "$batch" \
        --prompt-len "$prompt" --new-tokens "$new" 2>/dev/null | tail -1 > "$out/peer-$config-b$batch-r$r.json"
      $bench batcher-decode --config "$config" --batch "$batch" --threads "$threads" --rounds 1 \
        --prompt-len "$prompt" --new-tokens "$new" | tail -1 > "$out/ours-$config-b$batch-r$r.json"
      echo "round $r $config batch $batch done $(date -u +%H:%M:%S) load $(cut -d' ' -f1 /proc/loadavg)" >&2
    done
  done
done
python3 - "$out" <<'PY'
import json, glob, os, statistics, sys
out = sys.argv[1]
def load(p):
    try: return json.load(open(p))
    except Exception: return None
cells = sorted({os.path.basename(p)[5:].rsplit("-r", 1)[0] for p in glob.glob(f"{out}/peer-*.json")})
print("| config | batch | peer decode | ours decode | ratio | peer prefill | ours prefill | ratio | peer contention |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for cell in cells:
    peer = [d for d in (load(p) for p in sorted(glob.glob(f"{out}/peer-{cell}-r*.json"))) if d]
    ours = [d for d in (load(p) for p in sorted(glob.glob(f"{out}/ours-{cell}-r*.json"))) if d]
    if not peer or not ours: print(f"| {cell} | missing |"); continue
    pd = [d["decode_tokens_per_s"] for d in peer]; pp = [d["prefill_tokens_per_s"] for d in peer]
    od = [d["continuous"]["decode_tokens_per_s"] for d in ours]; op = [d["continuous"]["prefill_tokens_per_s"] for d in ours]
    cont = [d.get("contention", {}).get("other_cores_mean") if isinstance(d.get("contention"), dict) else d.get("contention") for d in peer]
    m = statistics.median
    config, batch = cell.split("-b")
    f = lambda v: ", ".join(f"{x:.0f}" for x in v)
    print(f"| {config} | {batch} | {f(pd)} | {f(od)} | {m(od)/m(pd):.2f} | {f(pp)} | {f(op)} | {m(op)/m(pp):.2f} | {cont} |")
PY
