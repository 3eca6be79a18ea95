#!/usr/bin/env bash
# Checks the package a freelancer installs: builds it (scripts/package.sh), installs the .deb
# with apt-get as a user would, runs the demo with the installed binary in a clean environment
# (no Swift on the PATH), checks the man page, completions and user unit, then removes it.
# Needs root (apt-get); CI runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
fail() { echo "package-test: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "needs root to install the package with apt-get"
if dpkg -s entente >/dev/null 2>&1; then fail "an entente package is already installed; remove it first"; fi

scripts/package.sh
deb=$(ls -1 dist/entente_*.deb | tail -1)
tar -tzf dist/entente-*-linux-*.tar.gz | grep -q "^./bin/entente$" || fail "the tarball has no bin/entente"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" >/dev/null
trap 'DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq entente >/dev/null 2>&1 || true' EXIT

[ -x /usr/bin/entente ] || fail "no /usr/bin/entente after installing $deb"
[ -s /usr/share/man/man1/entente.1.gz ] || fail "no man page"
[ -s /usr/share/bash-completion/completions/entente ] || fail "no bash completion"
[ -s /usr/share/zsh/vendor-completions/_entente ] || fail "no zsh completion"
[ -s /usr/share/fish/vendor_completions.d/entente.fish ] || fail "no fish completion"
grep -q "^ExecStart=/usr/bin/entente serve$" /usr/lib/systemd/user/entente-serve.service || fail "no user unit running /usr/bin/entente"
if ldd /usr/bin/entente | grep -q "libswift\|libFoundation\|libdispatch"; then fail "the packaged binary links the Swift runtime"; fi

work=$(mktemp -d)
env -i PATH=/usr/bin:/bin sh -c 'command -v swift' >/dev/null && fail "swift is on the clean PATH; the check would prove nothing"
if ! env -i HOME="$work" PATH=/usr/bin:/bin ENTENTE_DISCOVERY_INTERFACE=127.0.0.1 LANG=C.UTF-8 entente demo > "$work/demo.out" 2>&1; then
    cat "$work/demo.out"; fail "entente demo failed from the package"
fi
grep -q "rebuild matches, audit passed" "$work/demo.out" || fail "the demo did not end with a passed audit"
french=$(env -i HOME="$work" PATH=/usr/bin:/bin LANG=fr_FR.UTF-8 entente stauts 2>&1 || true)
echo "$french" | grep -q "Vouliez-vous dire" || fail "French from the package: $french"
rm -rf "$work"

DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq entente >/dev/null
trap - EXIT
[ ! -e /usr/bin/entente ] || fail "apt-get remove left /usr/bin/entente"
echo "package-test: passed ($deb installed with apt-get, the demo ran without Swift, removed)"
