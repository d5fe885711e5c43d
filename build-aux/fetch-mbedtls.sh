#!/bin/sh
# build-aux/fetch-mbedtls.sh: put the Mbed TLS 3.6 source that `make`
# builds podinit's TLS from into MBEDTLS_SRC (/usr/local/src/mbedtls, a
# link to the versioned directory).  Debian 12 ships only Mbed TLS 2.28,
# which has no TLS 1.3 client; Debian 13 (trixie) packages 3.6, so its
# source package is fetched with `apt-get source` (Debian's patches
# applied) from the mirror this machine already uses for bookworm, through
# a private apt state: the machine's own sources and binary packages are
# left as they were.  doc/tls.md says why this library.  Needs root, dpkg-dev
# and bzip2.  Nothing to do when a 3.6 source is there already.
set -eu
dest=${MBEDTLS_SRC:-/usr/local/src/mbedtls}
have_36() {
	grep -q '^#define MBEDTLS_VERSION_STRING *"3\.6\.' "$1/include/mbedtls/build_info.h" 2>/dev/null
}
if have_36 "$dest"; then
	exit 0
fi
# The mirror: the first of this machine's Debian sources (deb822 or
# one-line format), so that no host is named here.
uri=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
if [ -z "$uri" ]; then
	uri=$(awk '$1 == "deb" && $0 ~ / bookworm / { for (i = 2; i <= NF; i++) if ($i ~ /:\/\//) { print $i; exit } }' \
	    /etc/apt/sources.list 2>/dev/null || true)
fi
[ -n "$uri" ] || { echo "fetch-mbedtls: no Debian mirror in this machine's apt sources" >&2; exit 1; }
state=/var/lib/podinit-apt
mkdir -p "$state/lists/partial" "$state/parts" "$state/cache/archives/partial"
cat >"$state/parts/trixie-src.sources" <<EOS
Types: deb-src
URIs: $uri
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOS
set -- -o Dir::Etc::sourcelist=/dev/null -o Dir::Etc::sourceparts="$state/parts" \
    -o Dir::State::Lists="$state/lists" -o Dir::Cache="$state/cache"
apt-get "$@" update -qq
work=$(mktemp -d /usr/local/src/.mbedtls.XXXXXX)
trap 'rm -rf "$work"' EXIT
# apt's sandbox user cannot write into a root-owned temporary directory.
(cd "$work" && apt-get "$@" -o APT::Sandbox::User=root source -qq mbedtls >/dev/null)
src=$(find "$work" -maxdepth 1 -type d -name 'mbedtls-3.6.*' | head -n 1)
if [ -z "$src" ] || ! have_36 "$src"; then
	echo "fetch-mbedtls: trixie's mbedtls source is not 3.6 ($(ls "$work"))" >&2
	exit 1
fi
ver=${src##*/}
rm -rf "/usr/local/src/$ver"
mv "$src" "/usr/local/src/$ver"
ln -sfn "/usr/local/src/$ver" "$dest"
echo "fetch-mbedtls: $dest -> /usr/local/src/$ver"
