#!/usr/bin/env bash
# Training throughput of SharpTune vs the PyTorch peer (shared/peers) in one run, alternating A/B per cell.
# Usage: benchmarks/peer_table.sh [PEERS_DIR] [OUT_DIR]   (needs Debian's python3-torch; see the peers README)
set -euo pipefail
peers=${1:-../shared/peers}
out=${2:-/tmp/sharptune-peer-table}
mkdir -p "$out"
dotnet build -c Release src/SharpTune.Cli >/dev/null
cli="dotnet $(pwd)/src/SharpTune.Cli/bin/Release/net10.0/sharptune.dll bench"
common="--lora-rank 8 --lora-targets q_proj,v_proj --seq-len 256 --batch 8 --steps ${STEPS:-6} --warmup 2 --threads 2"
for config in tiny small; do
  for mode in full lora; do
    for dtype in float32 bfloat16; do
      extra=""
      [ "$dtype" = bfloat16 ] && [ "$mode" = lora ] && extra="--base-dtype bfloat16"
      name="$config-$mode-$dtype"
      /usr/bin/python3 "$peers/side_by_side.py" --rounds "${ROUNDS:-1}" \
        --args "--config $config --mode $mode --dtype $dtype $extra $common" --other "$cli" \
        --json-out "$out/$name.json" > "$out/$name.log" 2>&1 || echo "$name failed (see $out/$name.log)"
      python3 - "$out/$name.json" "$name" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); m = d["metrics"]
def g(k, side): return m.get(k, {}).get(side)
print(f'{sys.argv[2]:24} tok/s peer {g("tokens_per_s","peer")} ours {g("tokens_per_s","other")} ratio {g("tokens_per_s","ratio_other_over_peer")} | rss peer {g("peak_rss_mb","peer")} ours {g("peak_rss_mb","other")} | gflops ours {g("gflops_per_s","other")} | warnings {len(d.get("warnings", []))}')
PY
    done
  done
done
