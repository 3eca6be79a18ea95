# Sourced by the netns-*-test.sh scripts: two or three "laptops" on one LAN.
#
#   LAB=netns-sync-test LAB_PREFIX=ent LAB_SUBNET=10.77.0 . scripts/netns-lab.sh
#
# Checks root (skips with exit 0 otherwise), finds the binary (`swift build --show-bin-path
# $SWIFTPM_FLAGS`, or $ENTENTE_BIN), creates a bridge in its own namespace and one namespace per
# laptop with LAB_SUBNET.1-3 on eth0 (no default route: nothing beyond the bridge is reachable),
# and removes everything on exit, printing the files of $WORK on failure. Every address lives
# only inside these namespaces; nothing touches the host's network.
# LAB_NAMES="alice bruno" names the laptops (two or three; default "alice bob carol").
# Defines: BIN, NS, NAMES, WORK, PIDS, on INDEX ARGS..., replica INDEX.
set -euo pipefail

if [ "$(id -u)" != 0 ]; then
    echo "$LAB: needs root (ip netns); skipped" >&2
    exit 0
fi

if [ -n "${ENTENTE_BIN:-}" ]; then
    BIN="$ENTENTE_BIN"
else
    # shellcheck disable=SC2086
    BIN="$(swift build --show-bin-path ${SWIFTPM_FLAGS:-})/entente"
fi
[ -x "$BIN" ] || { echo "$LAB: $BIN not found; run swift build first" >&2; exit 1; }

BR="$LAB_PREFIX-br-$$"
read -r -a NAMES <<<"${LAB_NAMES:-alice bob carol}"
NS=("$LAB_PREFIX-a-$$" "$LAB_PREFIX-b-$$" "$LAB_PREFIX-c-$$")
NS=("${NS[@]:0:${#NAMES[@]}}")
WORK="$(mktemp -d "/tmp/$LAB.XXXXXX")"
PIDS=()

cleanup() {
    local status=$?
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    for ns in "${NS[@]}" "$BR"; do ip netns del "$ns" 2>/dev/null || true; done
    if [ $status -ne 0 ]; then
        echo "$LAB: FAILED (status $status); outputs:" >&2
        for f in "$WORK"/*.out "$WORK"/*.err; do [ -s "$f" ] && sed "s|^|  $(basename "$f"): |" "$f" >&2; done
    fi
    rm -rf "$WORK"
    exit $status
}
trap cleanup EXIT

# The network: a bridge in its own namespace, one veth per laptop.
ip netns add "$BR"
ip -n "$BR" link add br0 type bridge
ip -n "$BR" link set br0 up
for i in "${!NS[@]}"; do
    ns="${NS[$i]}"
    ip netns add "$ns"
    ip -n "$ns" link add eth0 type veth peer name "p$i" netns "$BR"
    ip -n "$BR" link set "p$i" master br0
    ip -n "$BR" link set "p$i" up
    ip -n "$ns" addr add "$LAB_SUBNET.$((i + 1))/24" dev eth0
    ip -n "$ns" link set eth0 up
    ip -n "$ns" link set lo up
done

on() { local i=$1; shift; ip netns exec "${NS[$i]}" "$BIN" "$@"; }
replica() { echo "$WORK/${NAMES[$1]}"; }
