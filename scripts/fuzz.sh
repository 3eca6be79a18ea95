#!/usr/bin/env bash
# Builds the libFuzzer targets (Sources/EntenteFuzz) and runs them: one, several or all.
#
#   scripts/fuzz.sh [options] [TARGET...]      no TARGET: every target, one after the other
#
#   --time SECONDS   run each target this long (default 60)
#   --runs N         run each target for N executions instead (libFuzzer's -runs)
#   --no-asan        build with -sanitize=fuzzer only (faster; the default adds address)
#   --debug          a debug build (quicker to build, slower to run; what CI uses)
#   --no-build       use the binary already built
#   --binary FILE    run this fuzz binary (a copy, e.g. for a long run while rebuilding)
#   --list           print the targets
#   -- FLAGS...      more libFuzzer flags, passed to every target
#
# Each target starts from its seeds in Fuzz/Corpus/<target>/ (committed, small) and keeps
# what it finds in <build path>/corpus/<target>/, crash inputs in <build path>/artifacts/
# (both outside git: .build*/ is ignored). Replay a crash with the normal build:
#   swift run EntenteFuzz <target> <crash file>
# The script fails if any target crashed, timed out or ran out of memory.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

seconds=60
runs=""
sanitizers="fuzzer,address"
configuration=release
build=1
binary_override=""
targets=()
extra=()
while [ $# -gt 0 ]; do
    case "$1" in
        --time) seconds="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --no-asan) sanitizers="fuzzer"; shift ;;
        --debug) configuration=debug; shift ;;
        --no-build) build=0; shift ;;
        --binary) binary_override="$2"; build=0; shift 2 ;;
        --list) targets=(--list); shift ;;
        --) shift; extra=("$@"); break ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        -*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
        *) targets+=("$1"); shift ;;
    esac
done

build_path=".build-fuzz"
[ "$sanitizers" = fuzzer ] && build_path="$build_path-noasan"
[ "$configuration" = debug ] && build_path="$build_path-debug"
binary="${binary_override:-$build_path/$configuration/EntenteFuzz}"

if [ "$build" = 1 ]; then
    echo "== building the fuzz targets ($configuration, -sanitize=$sanitizers) in $build_path"
    swift build -c "$configuration" --build-path "$build_path" --product EntenteFuzz \
        -Xswiftc "-sanitize=$sanitizers" -Xswiftc -DENTENTE_FUZZ 2>&1 |
        grep -v -e "Cannot export local symbol" -e "found 1 file(s) which are unhandled" -e "CMakeLists.txt$" || true
    [ "${PIPESTATUS[0]}" = 0 ] || { echo "the fuzz build failed" >&2; exit 1; }
fi
[ -x "$binary" ] || { echo "no $binary: build it first (without --no-build)" >&2; exit 1; }

if [ "${targets[*]:-}" = "--list" ]; then "$binary" --list; exit 0; fi
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <("$binary" --list)

# Swift's backtracer would take the crash signal from libFuzzer, which saves the input.
export SWIFT_BACKTRACE=enable=no
# No leak checks: LeakSanitizer cannot follow Swift pointers kept in enum payloads with
# spare tag bits, so objects the harnesses keep between inputs (the merge target's cache of
# signed changes) read as leaks.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:handle_abort=1}"

limit=(-max_total_time="$seconds")
budget="$seconds s"
if [ -n "$runs" ]; then limit=(-runs="$runs"); budget="$runs runs"; fi
failed=()
summary=()
for target in "${targets[@]}"; do
    seeds="Fuzz/Corpus/$target"
    [ -d "$seeds" ] || { echo "no seed corpus $seeds (is '$target' a target? --list)" >&2; exit 2; }
    work="$build_path/corpus/$target"
    artifacts="$build_path/artifacts/$target"
    mkdir -p "$work" "$artifacts"
    log="$build_path/logs/$target.log"
    mkdir -p "$(dirname "$log")"
    echo "== fuzz $target ($budget, -sanitize=$sanitizers, $configuration)"
    start=$(date +%s)
    status=0
    "$binary" "$target" "${limit[@]}" -timeout=20 -rss_limit_mb=3072 -detect_leaks=0 -print_final_stats=1 \
        -artifact_prefix="$artifacts/" "${extra[@]}" "$work" "$seeds" >"$log" 2>&1 || status=$?
    elapsed=$(( $(date +%s) - start ))
    executed=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
    if [ "$status" = 0 ]; then
        result="0 crashes"
    else
        result="FAILED (exit $status; input in $artifacts/)"
        failed+=("$target")
        grep -E "Fatal error|ERROR: |SUMMARY: |Test unit written|deadly signal" "$log" | head -8 >&2 || true
    fi
    line=$(printf '%-18s %12s runs %8s exec/s %6s s  %-9s %s' "$target" "${executed:-?}" "${speed:-?}" "$elapsed" "${coverage:-}" "$result")
    echo "$line"
    summary+=("$line")
done

echo "== fuzz summary (-sanitize=$sanitizers, $configuration; logs in $build_path/logs/)"
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz targets that failed: ${failed[*]}" >&2
    exit 1
fi
