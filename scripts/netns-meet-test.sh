#!/usr/bin/env bash
# Three "laptops" on one LAN meet without typing an address: three network namespaces joined by
# a bridge; members join with invite codes (the only addresses typed, for the invites), edit
# offline, then each runs `entente meet --until-converged` with no address at all. They must
# find each other by multicast across the bridge, converge, and end with identical
# `entente show --json` and a meeting record.
#
# Same approach as netns-sync-test.sh. Needs root (ip netns). Every address (10.78.0.1-3) and
# all multicast live only inside the namespaces this script creates: each `meet` is pinned to
# its namespace's eth0 (--discovery-interface eth0 or 10.78.0.N); the bridge sits in its own namespace;
# nothing touches the host's network. Everything is removed on exit (trap EXIT).
# MEET_INTERFACE=name (the default) pins discovery by interface name (eth0: IPv4 and IPv6
# link-local multicast); MEET_INTERFACE=address pins it by IPv4 address (IPv4 only).
#
# The binary is found with `swift build --show-bin-path` (extra flags in $SWIFTPM_FLAGS,
# e.g. SWIFTPM_FLAGS="--scratch-path .build-meet"), or given as $ENTENTE_BIN.
set -euo pipefail
cd "$(dirname "$0")/.."
export ENTENTE_LANG=en  # the lines looked for below are the English ones
LAB=netns-meet-test LAB_PREFIX=entm LAB_SUBNET=10.78.0
# shellcheck source=scripts/netns-lab.sh
. scripts/netns-lab.sh
interface() { if [ "${MEET_INTERFACE:-name}" = address ]; then echo "10.78.0.$(($1 + 1))"; else echo eth0; fi; }

# --- Alice founds and serves (only for the invites); Bob and Carol join across the bridge ----
"$BIN" init --collective "Atelier du Pont" --name Alice --replica "$(replica 0)" >/dev/null
ip netns exec "${NS[0]}" "$BIN" serve --bind 10.78.0.1 --port 7420 --replica "$(replica 0)" >"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVE=$!
PIDS+=($SERVE)
for _ in $(seq 1 100); do grep -q '^listening on ' "$WORK/serve.out" 2>/dev/null && break; sleep 0.1; done
for i in 1 2; do
    name="${NAMES[$i]^}"
    code="$("$BIN" invite --expires 10m --address 10.78.0.1:7420 --replica "$(replica 0)" 2>/dev/null)"
    on "$i" join "$code" --name "$name" --replica "$(replica "$i")" >/dev/null
done
kill "$SERVE"; wait "$SERVE" 2>/dev/null || true

# --- offline edits: Bob does not even know Carol is a member yet ----------------------------
"$BIN" commitment add "Draft the tender answer" --due 2026-12-15 --replica "$(replica 0)" >/dev/null
"$BIN" commitment add "Build the budget" --replica "$(replica 1)" >/dev/null
"$BIN" commitment add "Design the mockups" --replica "$(replica 2)" >/dev/null

# --- the meeting: no address given anywhere ------------------------------------------------
MEET_PIDS=()
for i in 0 1 2; do
    extra=()
    [ "$i" = 1 ] && extra=(--decide "Bob leads the tender answer")
    ip netns exec "${NS[$i]}" env ENTENTE_DISCOVERY_INTERVAL=0.5 "$BIN" meet --until-converged --expect 2 --timeout 60 \
        --discovery-interface "$(interface "$i")" --no-input "${extra[@]}" --replica "$(replica "$i")" \
        >"$WORK/${NAMES[$i]}.out" 2>"$WORK/${NAMES[$i]}.err" &
    MEET_PIDS+=($!)
    PIDS+=($!)
done
for pid in "${MEET_PIDS[@]}"; do wait "$pid"; done
for name in "${NAMES[@]}"; do
    grep -q "Present: " "$WORK/$name.out" || { echo "netns-meet-test: $name's meeting printed no summary" >&2; exit 1; }
done
grep -q "Meeting record" "$WORK/bob.out"

# --- every replica shows the same vision, with the meeting -------------------------------------
for i in 0 1 2; do "$BIN" show --json --replica "$(replica "$i")" >"$WORK/show-$i.json"; done
cmp -s "$WORK/show-0.json" "$WORK/show-1.json" && cmp -s "$WORK/show-1.json" "$WORK/show-2.json" || {
    echo "netns-meet-test: the replicas differ after the meeting" >&2
    diff "$WORK/show-0.json" "$WORK/show-1.json" | sed 's/^/  alice-bob: /' >&2 || true
    diff "$WORK/show-1.json" "$WORK/show-2.json" | sed 's/^/  bob-carol: /' >&2 || true
    exit 1
}
grep -q "Design the mockups" "$WORK/show-0.json"
grep -q "Build the budget" "$WORK/show-2.json"
"$BIN" log --replica "$(replica 2)" | grep -q "recorded the meeting of" || { echo "netns-meet-test: Carol lacks the meeting record" >&2; exit 1; }
sed -n '/^Meeting of/,$p' "$WORK/alice.out"
echo "netns-meet-test: 3 namespaces met by multicast and converged ($(wc -c <"$WORK/show-0.json") bytes of identical vision)"
