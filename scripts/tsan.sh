#!/usr/bin/env bash
# The thread sanitizer over the suites where threads share state: the store, the network
# layer, sync (servers, clients, discovery, meetings) and the board. Built apart, in
# .build-tsan, so the ordinary build is untouched. Fails on a failed test or on any report.
# Usage: scripts/tsan.sh [--skip-build]
set -uo pipefail
cd "$(dirname "$0")/.."
scratch=.build-tsan
suites="EntenteStoreTests|EntenteNetTests|EntenteSyncTests|EntenteBoardTests"
if [ "${1:-}" != "--skip-build" ]; then
    swift build --build-tests --sanitize=thread --scratch-path "$scratch" 2>&1 | tail -3 || exit 1
fi
log="$scratch/tsan.log"
mkdir -p "$scratch"
started=$(date +%s)
swift test --skip-build --sanitize=thread --scratch-path "$scratch" --filter "$suites" >"$log" 2>&1
status=$?
reports=$(grep -c "WARNING: ThreadSanitizer" "$log")
grep -E "^(✔|✘) Test run with" "$log" | tail -1
echo "$(( $(date +%s) - started )) s; thread sanitizer reports: $reports; the full output is in $log"
if [ "$reports" -gt 0 ]; then
    # Each report once, with the frames that name the code.
    grep -A12 "WARNING: ThreadSanitizer" "$log" | grep -E "WARNING|#[0-3] " | head -80
    exit 1
fi
exit $status
