#!/usr/bin/env bash
# Checks the install step: scripts/install.sh into a temporary prefix, then the installed
# binary runs from a clean environment with no Swift toolchain on the PATH, links no Swift
# runtime library, and comes with its man page, completions and systemd user unit.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "install-test: $*" >&2; exit 1; }

HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/.config" PREFIX="$WORK/prefix" scripts/install.sh --with-service > "$WORK/install.out"
cat "$WORK/install.out"
BIN="$WORK/prefix/bin/entente"
[ -x "$BIN" ] || fail "no binary at $BIN"
if ldd "$BIN" | grep -q "libswift\|libFoundation\|libdispatch"; then ldd "$BIN"; fail "the installed binary links the Swift runtime"; fi
head -1 "$WORK/prefix/share/man/man1/entente.1" | grep -q "swift-argument-parser" || fail "no man page"
grep -q "entente" "$WORK/prefix/share/bash-completion/completions/entente" || fail "no bash completion"
[ -s "$WORK/prefix/share/zsh/site-functions/_entente" ] || fail "no zsh completion"
[ -s "$WORK/prefix/share/fish/vendor_completions.d/entente.fish" ] || fail "no fish completion"
grep -q "^ExecStart=$BIN serve$" "$WORK/home/.config/systemd/user/entente-serve.service" || fail "the systemd unit does not run the installed binary"

# A clean environment: no Swift on the PATH, nothing inherited.
run() { env -i HOME="$WORK/home" PATH=/usr/bin:/bin ENTENTE_DISCOVERY_INTERFACE=127.0.0.1 LANG=C.UTF-8 "$BIN" "$@"; }
env -i PATH=/usr/bin:/bin sh -c 'command -v swift' >/dev/null && fail "swift is on the clean PATH; the check would prove nothing"
run --version | grep -q "0.1.0" || fail "--version"
run init --collective "Atelier" --name "Alice" --replica "$WORK/alice" >/dev/null
run commitment add "Relire le budget" --replica "$WORK/alice" >/dev/null
run status --replica "$WORK/alice" >/dev/null
french=$(env -i HOME="$WORK/home" PATH=/usr/bin:/bin LANG=fr_FR.UTF-8 "$BIN" stauts 2>&1 || true)
echo "$french" | grep -q "Vouliez-vous dire" || fail "French in a clean environment: $french"
run demo > "$WORK/demo.out" || { cat "$WORK/demo.out"; fail "entente demo failed from the installed binary"; }
grep -q "rebuild matches, audit passed" "$WORK/demo.out" || fail "the demo did not end with a passed audit"

HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/.config" PREFIX="$WORK/prefix" scripts/install.sh --uninstall >/dev/null
[ ! -e "$BIN" ] || fail "--uninstall left the binary"
echo "install-test: passed (installed, ran from a clean environment without Swift, uninstalled)"
