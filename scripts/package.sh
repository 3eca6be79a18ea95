#!/usr/bin/env bash
# Builds what a freelancer installs without Swift: a Debian package and a tarball, in dist/.
# Both hold the self-contained `entente` (the Swift runtime linked in; it needs only libc and
# libsqlite3), its man page, bash/zsh/fish completions and the systemd user unit that keeps
# `entente serve` running (`systemctl --user enable --now entente-serve`).
#
#   scripts/package.sh            # dist/entente_VERSION_ARCH.deb and dist/entente-VERSION-linux-ARCH.tar.gz
#   sudo apt-get install ./dist/entente_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."
command -v swift >/dev/null 2>&1 || { echo "package.sh: building needs Swift 6.1 or later on the PATH" >&2; exit 1; }
command -v dpkg-deb >/dev/null 2>&1 || { echo "package.sh: needs dpkg-deb (Debian's dpkg)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Everything but the unit through the install step, into a staging /usr.
HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" PREFIX="$work/root/usr" scripts/install.sh > "$work/install.out"
root="$work/root"
version=$("$root/usr/bin/entente" --version | tr -d '[:space:]')
arch=$(dpkg --print-architecture)

# Debian's places: zsh's vendor completions, a compressed man page, the user unit.
install -d "$root/usr/share/zsh/vendor-completions" "$root/usr/lib/systemd/user" "$root/usr/share/doc/entente"
mv "$root/usr/share/zsh/site-functions/_entente" "$root/usr/share/zsh/vendor-completions/_entente"
rmdir "$root/usr/share/zsh/site-functions"
gzip -9n "$root/usr/share/man/man1/entente.1"
cat > "$root/usr/lib/systemd/user/entente-serve.service" <<'UNIT'
[Unit]
Description=Entente: keep this replica reachable by the collective (entente serve)
Documentation=man:entente(1)
After=network-online.target

[Service]
ExecStart=/usr/bin/entente serve
Restart=on-failure
RestartSec=10

[Install]
WantedBy=default.target
UNIT
cp README.md "$root/usr/share/doc/entente/README.md"
find "$root" -type d -exec chmod 755 {} +

install -d "$root/DEBIAN"
size=$(du -sk "$root/usr" | cut -f1)
cat > "$root/DEBIAN/control" <<CONTROL
Package: entente
Version: $version
Architecture: $arch
Maintainer: Entente <entente@localhost>
Installed-Size: $size
Depends: libc6, libsqlite3-0
Section: utils
Priority: optional
Homepage: https://github.com/entente
Description: keep a collective's partnership vision in sync, peer to peer
 Entente lets freelancers who partner keep a shared partnership vision (expectations,
 complementarities, stages, commitments, risks, decisions, exits) in a local replica
 each, edited offline and synced on the local network, with no server. Every change is
 signed by its author. In French and English (LANG=fr_FR.UTF-8).
CONTROL

mkdir -p dist
deb="dist/entente_${version}_${arch}.deb"
dpkg-deb --root-owner-group --build "$root" "$deb" >/dev/null
tarball="dist/entente-${version}-linux-${arch}.tar.gz"
tar -C "$root/usr" --owner=0 --group=0 -czf "$tarball" .
echo "Built $deb and $tarball (entente $version)."
