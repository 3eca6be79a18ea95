#!/usr/bin/env bash
# Every test (`swift test`, arguments passed on), with a summary a person can read: what
# failed, in full, then one line for the run. The whole output is kept in .build/test.log.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p .build
log=.build/test.log
started=$(date +%s)
swift test "$@" >"$log" 2>&1
status=$?
# Each failure with the lines that explain it (Swift Testing's ↳ details, XCTest's errors).
awk '
    /^✘ Test .* recorded an issue/ { show = 1 }
    /^(✔|◇|✘ Suite|✘ Test run)/ && !/recorded an issue/ { show = 0 }
    /error: |Fatal error|XCTAssert/ { print; next }
    show { print }
' "$log" | head -400
summary=$(grep -E "^(✔|✘) Test run with" "$log" | tail -1)
if [ -z "$summary" ]; then
    echo "swift test ended without its summary (exit $status); the end of its output:"
    tail -40 "$log"
else
    echo "$summary"
fi
echo "$(( $(date +%s) - started )) s; the full output is in $log ($(wc -l <"$log") lines)"
exit $status
