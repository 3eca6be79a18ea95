#!/usr/bin/env bash
# Three "laptops" on one LAN, for real: three network namespaces joined by a bridge, each
# running `entente serve`; members join with invite codes, edit through the CLI, sync in a
# ring across the bridge, and must end with identical `entente show --json`.
#
# Needs root (ip netns). Every address (10.77.0.1-3) lives only inside the namespaces this
# script creates; the bridge sits in its own namespace; nothing touches the host's network.
# Everything is removed on exit (trap EXIT).
#
# The binary is found with `swift build --show-bin-path` (extra flags in $SWIFTPM_FLAGS,
# e.g. SWIFTPM_FLAGS="--scratch-path .build-sync"), or given as $ENTENTE_BIN.
set -euo pipefail
cd "$(dirname "$0")/.."
LAB=netns-sync-test LAB_PREFIX=ent LAB_SUBNET=10.77.0
# shellcheck source=scripts/netns-lab.sh
. scripts/netns-lab.sh
ip netns exec "${NS[0]}" ping -c 1 -W 2 10.77.0.3 >/dev/null 2>&1 || echo "netns-sync-test: (ping unavailable or blocked; continuing)" >&2

serve() {  # serve INDEX: starts `entente serve` in namespace INDEX on 10.77.0.(INDEX+1):7420
    local i=$1 name="${NAMES[$1]}"
    ip netns exec "${NS[$i]}" "$BIN" serve --bind "10.77.0.$((i + 1))" --port 7420 --replica "$(replica "$i")" \
        >"$WORK/$name.out" 2>"$WORK/$name.err" &
    PIDS+=($!)
    for _ in $(seq 1 100); do
        grep -q '^listening on ' "$WORK/$name.out" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "netns-sync-test: $name's server did not start" >&2
    return 1
}

# --- Alice founds and serves; Bob and Carol join across the bridge -------------------------
"$BIN" init --collective "Atelier du Pont" --name Alice --replica "$(replica 0)" >/dev/null
serve 0
for i in 1 2; do
    name="${NAMES[$i]^}"
    code="$("$BIN" invite --expires 10m --address 10.77.0.1:7420 --replica "$(replica 0)" 2>/dev/null)"
    on "$i" join "$code" --name "$name" --replica "$(replica "$i")"
done
serve 1
serve 2
on 1 sync 10.77.0.1:7420 --replica "$(replica 1)" >/dev/null   # Bob learns of Carol

# --- edits, then a ring of syncs: alice -> bob -> carol -> alice, twice -----------------------
"$BIN" commitment add "Draft the tender answer" --due 2026-12-15 --replica "$(replica 0)" >/dev/null
"$BIN" commitment add "Build the budget" --replica "$(replica 1)" >/dev/null
"$BIN" commitment add "Design the mockups" --replica "$(replica 2)" >/dev/null
for _ in 1 2; do
    on 0 sync 10.77.0.2:7420 --replica "$(replica 0)"
    on 1 sync 10.77.0.3:7420 --replica "$(replica 1)"
    on 2 sync 10.77.0.1:7420 --replica "$(replica 2)"
done

# --- every replica shows the same vision --------------------------------------------------
for i in 0 1 2; do "$BIN" show --json --replica "$(replica "$i")" >"$WORK/show-$i.json"; done
cmp -s "$WORK/show-0.json" "$WORK/show-1.json" && cmp -s "$WORK/show-1.json" "$WORK/show-2.json" || {
    echo "netns-sync-test: the replicas differ after the ring" >&2
    exit 1
}
grep -q "Design the mockups" "$WORK/show-0.json"
echo "netns-sync-test: 3 namespaces converged ($(wc -c <"$WORK/show-0.json") bytes of identical vision)"
