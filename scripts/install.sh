#!/usr/bin/env bash
# Installs Entente for one person: a single self-contained `entente` binary (the Swift runtime
# is linked in; it needs only the system's libc and libsqlite3), its man page, its shell
# completions, and on request a systemd user unit that keeps `entente serve` running.
#
#   scripts/install.sh                      # into ~/.local (bin, share/man, completions)
#   PREFIX=/usr/local scripts/install.sh    # or anywhere else
#   scripts/install.sh --with-service       # also ~/.config/systemd/user/entente-serve.service
#
# Uninstall: scripts/install.sh --uninstall (same PREFIX).
set -euo pipefail
cd "$(dirname "$0")/.."

PREFIX="${PREFIX:-$HOME/.local}"
SERVICE=0
UNINSTALL=0
for argument in "$@"; do
    case "$argument" in
        --with-service) SERVICE=1 ;;
        --uninstall) UNINSTALL=1 ;;
        --prefix=*) PREFIX="${argument#--prefix=}" ;;
        -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install.sh: unknown option '$argument' (see --help)" >&2; exit 2 ;;
    esac
done

BIN_DIR="$PREFIX/bin"
MAN_DIR="$PREFIX/share/man/man1"
BASH_DIR="$PREFIX/share/bash-completion/completions"
ZSH_DIR="$PREFIX/share/zsh/site-functions"
FISH_DIR="$PREFIX/share/fish/vendor_completions.d"
UNIT_DIR="${XDG_CONFIG_HOME:-$HOME/.config}/systemd/user"
UNIT="$UNIT_DIR/entente-serve.service"

if [ "$UNINSTALL" = 1 ]; then
    rm -f "$BIN_DIR/entente" "$MAN_DIR/entente.1" "$BASH_DIR/entente" "$ZSH_DIR/_entente" "$FISH_DIR/entente.fish" "$UNIT"
    echo "Removed Entente from $PREFIX (replicas are kept: they are your data)."
    exit 0
fi

command -v swift >/dev/null 2>&1 || { echo "install.sh: building needs Swift 6.1 or later on the PATH (https://swift.org/install)" >&2; exit 1; }

echo "== building a self-contained entente (release, Swift runtime linked in; a few minutes)"
swift build -c release --static-swift-stdlib --product entente
built="$(swift build -c release --static-swift-stdlib --product entente --show-bin-path)/entente"
swift build --product generate-manual >/dev/null
manual_tool="$(swift build --show-bin-path)/generate-manual"

install -d "$BIN_DIR" "$MAN_DIR" "$BASH_DIR" "$ZSH_DIR" "$FISH_DIR"
install -m 755 "$built" "$BIN_DIR/entente"
strip "$BIN_DIR/entente" 2>/dev/null || true

manual=$(mktemp -d)
"$manual_tool" "$BIN_DIR/entente" --output-directory "$manual" >/dev/null
install -m 644 "$manual/entente.1" "$MAN_DIR/entente.1"
rm -rf "$manual"

"$BIN_DIR/entente" --generate-completion-script bash > "$BASH_DIR/entente"
"$BIN_DIR/entente" --generate-completion-script zsh > "$ZSH_DIR/_entente"
"$BIN_DIR/entente" --generate-completion-script fish > "$FISH_DIR/entente.fish"

if [ "$SERVICE" = 1 ]; then
    install -d "$UNIT_DIR"
    cat > "$UNIT" <<UNIT
[Unit]
Description=Entente: keep your collectives reachable by their members (entente serve)
Documentation=man:entente(1)
After=network-online.target

[Service]
ExecStart=$BIN_DIR/entente serve
Restart=on-failure
RestartSec=10

[Install]
WantedBy=default.target
UNIT
    echo "Wrote $UNIT; start it now and at each login with: systemctl --user enable --now entente-serve"
fi

echo "Installed entente $("$BIN_DIR/entente" --version) in $BIN_DIR (man entente; completions for bash, zsh and fish)."
case ":$PATH:" in
    *":$BIN_DIR:"*) ;;
    *) echo "Add $BIN_DIR to your PATH, for example: echo 'export PATH=\"$BIN_DIR:\$PATH\"' >> ~/.profile" ;;
esac
