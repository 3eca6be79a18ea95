#!/usr/bin/env bash
# Two members apart, syncing through a relay folder (Protocol/RELAY.md) that the REAL Syncthing
# keeps in step: two network namespaces joined by a bridge, one Syncthing instance in each,
# sharing one folder; Alice's and Bruno's replicas (outside the shared folder) each register
# their end of it with `entente relay add`. Entente never talks to Syncthing: it writes sealed
# files into its end and reads the files that appear there.
#
# Four crossings, each timed from the moment the writer's `entente` command returns to the
# moment the other replica shows the edit, and failed if slower than $RELAY_BOUND seconds
# (default 30):
#   1. Alice -> Bruno: Alice's `entente sync`; Bruno runs `entente sync` until it arrives.
#   2. Bruno -> Alice: the same, the other way.
#   3. Alice -> Bruno while Bruno runs `entente serve`: serve imports on its own (every 2 s).
#   4. Bruno -> Alice while Bruno runs `entente serve`: serve writes Bruno's edit on its own.
# Both replicas must then show the same vision (`entente show --json`), with no conflict copy.
#
# Needs root (ip netns) and Debian's syncthing and curl (.ci/run installs them). The network:
# every address (10.79.0.1-2) lives only inside the namespaces this script creates, which have
# no default route; the bridge sits in its own namespace. Syncthing is kept off the internet by
# the config.xml written here before its first start: listens on tcp://10.79.0.N:22000 only (no
# QUIC), no global or local discovery, no relays, no NAT traversal or STUN, no usage or crash
# reports, no upgrades; its GUI/REST API is on 127.0.0.1:8384 inside each namespace. The script
# checks that every socket Syncthing holds is inside the lab. Everything (Syncthing, serve,
# namespaces, files) is removed on exit (trap EXIT, netns-lab.sh); every wait is bounded.
#
# The binary is found with `swift build --show-bin-path` (extra flags in $SWIFTPM_FLAGS,
# e.g. SWIFTPM_FLAGS="--scratch-path .build-relay"), or given as $ENTENTE_BIN.
set -euo pipefail
cd "$(dirname "$0")/.."
export ENTENTE_LANG=en  # the lines looked for below are the English ones
LAB=netns-relay-test LAB_PREFIX=entr LAB_SUBNET=10.79.0 LAB_NAMES="alice bruno"
# shellcheck source=scripts/netns-lab.sh
. scripts/netns-lab.sh

for tool in syncthing curl; do
    command -v "$tool" >/dev/null 2>&1 || { echo "$LAB: FAIL: $tool not found (apt-get install $tool)" >&2; exit 1; }
done
BOUND="${RELAY_BOUND:-30}"
FOLDER=entente-relay                  # the Syncthing folder id, the same on both devices
API_KEY="entente-relay-test-$$"       # the REST API's key (the API listens on loopback only)
STPIDS=()                             # Syncthing's processes (also in PIDS, for the trap)

relay_dir() { echo "$WORK/relay-${NAMES[$1]}"; }   # this member's end of the shared folder
st_home() { echo "$WORK/syncthing-${NAMES[$1]}"; }  # this instance's keys, config and database
address() { echo "$LAB_SUBNET.$(($1 + 1))"; }
now_ms() { date +%s%3N; }
seconds_since() { local ms=$(($(now_ms) - $1)); printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100)); }
fail() { echo "$LAB: FAIL: $*" >&2; exit 1; }

# syncthing_in INDEX ARGS...: Syncthing in namespace INDEX, upgrades and restarts off, its home
# (and $HOME) in $WORK, bounded in time should the trap never run. It execs (run it in a subshell
# or in the background), so that $! is the process the trap stops (timeout passes the signal on).
syncthing_in() {
    local i=$1; shift
    exec ip netns exec "${NS[$i]}" env HOME="$(st_home "$i")" STNOUPGRADE=1 STNORESTART=1 STNODEFAULTFOLDER=1 \
        timeout 600 syncthing "$@" --home "$(st_home "$i")"
}
# api INDEX PATH [CURL ARGS...]: a request to the REST API of instance INDEX, inside its namespace.
api() {
    local i=$1 path=$2; shift 2
    ip netns exec "${NS[$i]}" curl -fsS --max-time 5 -H "X-API-Key: $API_KEY" "$@" "http://127.0.0.1:8384$path"
}
# relay_files INDEX: the relay files (RELAY.md §2) in member INDEX's end of the folder, sorted.
relay_files() { find "$(relay_dir "$1")" -maxdepth 1 -name 'ent-*.entb' -printf '%f\n' | sort; }
# until_true SECONDS WHAT COMMAND...: runs COMMAND every 0.2 s until it succeeds; fails after SECONDS.
until_true() {
    local limit=$1 what=$2 start; shift 2
    start=$(now_ms)
    until "$@" >/dev/null 2>&1; do
        [ $(($(now_ms) - start)) -lt $((limit * 1000)) ] || fail "$what: not within $limit s"
        sleep 0.2
    done
}

# --- the keys, then each config.xml, whole, before Syncthing's first start ------------------------
ID=()
for i in 0 1; do
    mkdir -p "$(relay_dir "$i")/.stfolder"   # Syncthing's folder marker, as its GUI would make it
    (syncthing_in "$i" generate --skip-port-probing --no-default-folder) >"$WORK/generate-${NAMES[$i]}.log" 2>&1
    ID+=("$(syncthing_in "$i" serve --device-id 2>/dev/null)")
    [[ "${ID[$i]}" =~ ^[A-Z2-7]{7}(-[A-Z2-7]{7}){7}$ ]] || fail "no device id for ${NAMES[$i]}: '${ID[$i]}'"
done
for i in 0 1; do
    cat >"$(st_home "$i")/config.xml" <<EOF
<configuration version="36">
    <folder id="$FOLDER" label="Entente relay" path="$(relay_dir "$i")" type="sendreceive"
            rescanIntervalS="60" fsWatcherEnabled="true" fsWatcherDelayS="1">
        <filesystemType>basic</filesystemType>
        <device id="${ID[0]}"></device>
        <device id="${ID[1]}"></device>
    </folder>
    <device id="${ID[0]}" name="${NAMES[0]}" compression="metadata">
        <address>tcp://$(address 0):22000</address>
    </device>
    <device id="${ID[1]}" name="${NAMES[1]}" compression="metadata">
        <address>tcp://$(address 1):22000</address>
    </device>
    <gui enabled="true" tls="false">
        <address>127.0.0.1:8384</address>
        <apikey>$API_KEY</apikey>
    </gui>
    <options>
        <listenAddress>tcp://$(address "$i"):22000</listenAddress>
        <globalAnnounceEnabled>false</globalAnnounceEnabled>
        <localAnnounceEnabled>false</localAnnounceEnabled>
        <announceLANAddresses>false</announceLANAddresses>
        <relaysEnabled>false</relaysEnabled>
        <natEnabled>false</natEnabled>
        <stunKeepaliveStartS>0</stunKeepaliveStartS>
        <stunKeepaliveMinS>0</stunKeepaliveMinS>
        <urAccepted>-1</urAccepted>
        <urSeen>3</urSeen>
        <crashReportingEnabled>false</crashReportingEnabled>
        <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
        <startBrowser>false</startBrowser>
        <restartOnWakeup>false</restartOnWakeup>
        <reconnectionIntervalS>5</reconnectionIntervalS>
        <setLowPriority>false</setLowPriority>
    </options>
</configuration>
EOF
done

# --- Alice founds, admits Bruno from her replica folder; each registers its end of the folder --
"$BIN" init --collective "Atelier du Pont" --name Alice --replica "$(replica 0)" >/dev/null
"$BIN" init --from "$(replica 0)" --name Bruno --replica "$(replica 1)" >/dev/null
for i in 0 1; do on "$i" relay add "$(relay_dir "$i")" --replica "$(replica "$i")" >/dev/null; done

# --- Syncthing in both namespaces: connected, and both ends holding the same relay files ------
# One after the other: Bruno's instance dials Alice's as it starts, and hers is then listening
# (started together, they sometimes took 20 s more to connect: a dial refused waits to retry).
start=$(now_ms)
for i in 0 1; do
    syncthing_in "$i" serve --no-browser --no-restart --no-upgrade --logflags=3 \
        >"$WORK/syncthing-${NAMES[$i]}.out" 2>"$WORK/syncthing-${NAMES[$i]}.err" &
    STPIDS+=($!)
    PIDS+=($!)
    until_true 30 "${NAMES[$i]}'s Syncthing REST API" api "$i" /rest/system/ping
done
connected() { api "$1" "/rest/system/connections" | tr -d ' \n' | grep -q "\"${ID[$((1 - $1))]}\":{[^}]*\"connected\":true"; }
until_true 60 "the two Syncthing instances connecting" connected 0
same_files() { [ -n "$(relay_files 0)" ] && [ "$(relay_files 0)" = "$(relay_files 1)" ]; }
until_true 60 "the initial relay files crossing" same_files
echo "ok: Syncthing started and connected across the namespaces ($(address 0) <-> $(address 1)) in $(seconds_since "$start") s; both ends hold $(relay_files 0 | wc -l) relay files"

# Every socket Syncthing holds is inside the lab: each of its processes (timeout, Syncthing's
# monitor and its child) runs in its laptop's namespace, which has no route out; there it listens
# only on its tcp address and the API's loopback address, and talks only to the lab.
# shellcheck disable=SC2046  # (pgrep's lines are words)
descendants() { local pid; for pid in "$@"; do echo "$pid"; descendants $(pgrep -P "$pid" || true); done; }
lab_sockets_only() {
    local leaks pid
    for i in 0 1; do
        for pid in $(descendants "${STPIDS[$i]}"); do
            [ "$(ip netns identify "$pid" 2>/dev/null)" = "${NS[$i]}" ] ||
                fail "Syncthing process $pid ($(ps -o args= -p "$pid" || true)) is not in ${NAMES[$i]}'s namespace"
        done
        ip -n "${NS[$i]}" route show default | grep -q . && fail "${NAMES[$i]}'s namespace has a default route"
        leaks="$(ip netns exec "${NS[$i]}" ss -H -tuanp | grep '"syncthing"' |
            awk '{print $1, $5, $6}' | grep -vE "^tcp ($LAB_SUBNET\.[12]:[0-9]+|127\.0\.0\.1:[0-9]+) ($LAB_SUBNET\.[12]:[0-9*]+|127\.0\.0\.1:[0-9*]+|0\.0\.0\.0:\*)$" || true)"
        [ -z "$leaks" ] || fail "Syncthing sockets outside the lab in ${NAMES[$i]}'s namespace: $leaks"
    done
}
lab_sockets_only
echo "ok: every Syncthing socket is in the lab ($(descendants "${STPIDS[@]}" | wc -l) processes in the 2 namespaces; tcp $LAB_SUBNET.x:22000 and 127.0.0.1:8384 only; no udp, no route out)"

# --- the crossings ----------------------------------------------------------------------------
# has INDEX TEXT: member INDEX's replica lists a commitment TEXT.
has() { "$BIN" commitment list --replica "$(replica "$1")" | grep -qF "$2"; }
# pulls INDEX TEXT: member INDEX runs `entente sync` (no peers: the relay folder only), then has TEXT.
pulls() { on "$1" sync --replica "$(replica "$1")" >>"$WORK/sync-${NAMES[$1]}.out" && has "$1" "$2"; }
# crossing FROM TO TEXT HOW CHECK...: FROM's edit TEXT was just written to FROM's end; times
# until CHECK succeeds (TO has TEXT), fails beyond BOUND.
crossing() {
    local from=$1 to=$2 text=$3 how=$4 start; shift 4
    start=$(now_ms)
    until_true "$BOUND" "'$text' reaching ${NAMES[$to]^} ($how)" "$@"
    echo "ok: an edit on ${NAMES[$from]^}'s side reaches ${NAMES[$to]^}'s replica within $(seconds_since "$start") s (bound $BOUND s; $how)"
}

"$BIN" commitment add "Draft the tender answer" --replica "$(replica 0)" >/dev/null
on 0 sync --replica "$(replica 0)" >>"$WORK/sync-alice.out"
crossing 0 1 "Draft the tender answer" "Bruno runs entente sync" pulls 1 "Draft the tender answer"

"$BIN" commitment add "Build the budget" --replica "$(replica 1)" >/dev/null
on 1 sync --replica "$(replica 1)" >>"$WORK/sync-bruno.out"
crossing 1 0 "Build the budget" "Alice runs entente sync" pulls 0 "Build the budget"

# Bruno's `entente serve`, on loopback in his namespace: nobody connects to it; it exchanges
# with the relay folder on its own every 2 s.
ip netns exec "${NS[1]}" timeout 600 "$BIN" serve --bind 127.0.0.1 --port 0 --replica "$(replica 1)" \
    >"$WORK/serve-bruno.out" 2>"$WORK/serve-bruno.err" &
SERVE=$!
PIDS+=($SERVE)
until_true 10 "Bruno's entente serve starting" grep -q '^listening on ' "$WORK/serve-bruno.out"

"$BIN" commitment add "Design the mockups" --replica "$(replica 0)" >/dev/null
on 0 sync --replica "$(replica 0)" >>"$WORK/sync-alice.out"
crossing 0 1 "Design the mockups" "Bruno's entente serve imports on its own" has 1 "Design the mockups"

"$BIN" commitment add "Book the meeting room" --replica "$(replica 1)" >/dev/null
crossing 1 0 "Book the meeting room" "Bruno's entente serve writes on its own, Alice runs entente sync" \
    pulls 0 "Book the meeting room"

kill "$SERVE"; wait "$SERVE" 2>/dev/null || true

# --- the end: the same relay files on both ends, no conflict copy, the same vision ------------
lab_sockets_only
until_true 30 "both ends of the folder holding the same relay files" same_files
for i in 0 1; do on "$i" sync --replica "$(replica "$i")" >>"$WORK/sync-${NAMES[$i]}.out"; done
conflicts="$(find "$(relay_dir 0)" "$(relay_dir 1)" -name '*sync-conflict*')"
[ -z "$conflicts" ] || fail "Syncthing made conflict copies: $conflicts"
for i in 0 1; do "$BIN" show --json --replica "$(replica "$i")" >"$WORK/show-$i.json"; done
cmp -s "$WORK/show-0.json" "$WORK/show-1.json" || fail "the replicas differ after the crossings"
for text in "Draft the tender answer" "Build the budget" "Design the mockups" "Book the meeting room"; do
    grep -qF "$text" "$WORK/show-0.json" || fail "'$text' missing from the vision"
done
echo "ok: identical vision on both replicas ($(wc -c <"$WORK/show-0.json") bytes), $(relay_files 0 | wc -l) relay files on each end, no conflict copy"
echo "$LAB: 2 namespaces kept in step through a Syncthing relay folder"
