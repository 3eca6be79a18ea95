#!/usr/bin/env bash
# Benchmarks EntenteText against Loro (loro==1.17.1) and Yrs (pycrdt==0.14.13) on the editing
# traces, side by side. Creates .venv-bench/ (git-ignored) in the repository, installs the two
# peers from PyPI, runs scripts/peer_bench.py, then the Swift benchmark in release mode with the
# peer results to print ours/peer ratios.
#
#   scripts/bench-peers.sh [--iterations N]
#
# Environment: ENTENTE_TRACES (trace directory; default ../shared/data/editing-traces from the
# repository root, else /work/shared/data/editing-traces); TEXT_BENCH_CMD (the command running
# the Swift text benchmark; default: `swift run -c release entente-bench text` in the Entente
# repository, `swift run -c release text-bench` in the standalone package).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
iterations=3
if [[ "${1:-}" == "--iterations" ]]; then iterations="$2"; fi

if [[ -z "${ENTENTE_TRACES:-}" ]]; then
    if [[ -d "$root/../shared/data/editing-traces" ]]; then
        export ENTENTE_TRACES="$(cd "$root/../shared/data/editing-traces" && pwd)"
    else
        export ENTENTE_TRACES=/work/shared/data/editing-traces
    fi
fi

if [[ ! -x .venv-bench/bin/python ]]; then
    python3 -m venv .venv-bench
    echo "*" > .venv-bench/.gitignore  # keep the venv out of git without touching .gitignore
fi
.venv-bench/bin/pip install --quiet loro==1.17.1 pycrdt==0.14.13

mkdir -p .build
peers=.build/text-peer-bench.json
.venv-bench/bin/python scripts/peer_bench.py --iterations "$iterations" --traces "$ENTENTE_TRACES" --out "$peers" >/dev/null

if [[ -n "${TEXT_BENCH_CMD:-}" ]]; then
    cmd=($TEXT_BENCH_CMD)
elif grep -q '"entente-bench"' Package.swift; then
    cmd=(swift run -c release entente-bench text)
else
    cmd=(swift run -c release text-bench)
fi
"${cmd[@]}" --iterations "$iterations" --traces "$ENTENTE_TRACES" --peers "$peers"
