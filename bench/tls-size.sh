#!/bin/sh
# bench/tls-size.sh: the static binary's size with each TLS library a
# Debian 12 machine can link statically (issue 18; doc/tls.md):
#   mbedtls-3.6  what make static links: Mbed TLS 3.6 built here with
#                build-aux/mbedtls-config.h (TLS 1.3 and 1.2)
#   mbedtls-2.28 Debian 12's libmbedtls-dev (TLS 1.2 only), through the
#                probe_tls.c of the commit before issue 18 (git show)
#   openssl-3    Debian 12's libssl-dev (libssl.a, libcrypto.a)
#   wolfssl-5.5  Debian 12's libwolfssl-dev (libwolfssl.a)
# Each relinks build/static's objects with that library's probe_tls
# (bench/tls_alt.c for OpenSSL and wolfSSL) as make static does: -Os,
# --gc-sections, stripped.  Missing packages are reported, not installed.
# usage: make static && sh bench/tls-size.sh
set -eu
cd "$(dirname "$0")/.."
B=${B:-build}
obj=$B/static
[ -f "$obj/libpodinit.a" ] && [ -f "$obj/mbedtls/libmbedtls.a" ] ||
	{ echo "tls-size: run make static first" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
CFLAGS="-Os -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables -fno-unwind-tables -std=c11 -D_GNU_SOURCE -Iinclude"
LD="-static -Wl,--gc-sections -s"
# as make static: gold with podinit's text order when there is gold
command -v ld.gold >/dev/null && LD="$LD -fuse-ld=gold -Wl,--section-ordering-file,build-aux/text-order.txt"
# podinit's archive without its probe_tls.o
cp "$obj/libpodinit.a" "$tmp/lib.a"
ar d "$tmp/lib.a" probe_tls.o
link() {	# NAME TLS-OBJECT LIBS...
	name=$1 o=$2; shift 2
	# shellcheck disable=SC2086 # LD is a word list on purpose
	if cc $LD -o "$tmp/$name" "$obj/src/cmd/main.o" "$o" "$tmp/lib.a" "$@" \
	    -lyaml -lseccomp -lnghttp2 2>"$tmp/$name.err"; then
		printf '| %s | %s |\n' "$name" "$(stat -c %s "$tmp/$name")"
	else
		printf '| %s | link failed: %s |\n' "$name" "$(grep -v warning "$tmp/$name.err" | tail -c 300 | tr '\n' ' ')"
	fi
}
echo "| TLS library | static podinit, bytes |"
echo "| --- | ---: |"
ar x "$obj/libpodinit.a" probe_tls.o --output "$tmp"
link mbedtls-3.6 "$tmp/probe_tls.o" "$obj/mbedtls/libmbedtls.a"
if [ -f /usr/include/mbedtls/version.h ] &&
    git show a47663d:src/probe/probe_tls.c >"$tmp/probe_tls_228.c" 2>/dev/null &&
    git show a47663d:src/probe/probe_tls.h >"$tmp/probe_tls.h" 2>/dev/null; then
	cp src/probe/probe_net.h "$tmp/"
	# shellcheck disable=SC2086
	cc $CFLAGS -I"$tmp" -c -o "$tmp/tls228.o" "$tmp/probe_tls_228.c"
	# that version's API: begin without the peer, no retry
	cat >"$tmp/shim.c" <<'EOC'
#include <stdbool.h>
struct probe_tls;
int probe_tls_begin_228(struct probe_tls *, int, const char *) __asm__("probe_tls_begin");
int probe_tls_begin_new(struct probe_tls *t, int fd, const char *sni, const char *peer) __asm__("probe_tls_begin");
bool probe_tls_retry(const struct probe_tls *t);
bool probe_tls_retry(const struct probe_tls *t) { (void)t; return false; }
EOC
	cc $CFLAGS -c -o "$tmp/shim.o" "$tmp/shim.c"
	ld -r -o "$tmp/tls228all.o" "$tmp/tls228.o" "$tmp/shim.o"
	link mbedtls-2.28 "$tmp/tls228all.o" -lmbedtls -lmbedx509 -lmbedcrypto
else
	echo "| mbedtls-2.28 | libmbedtls-dev not installed |"
fi
if [ -f /usr/include/openssl/ssl.h ]; then
	# shellcheck disable=SC2086
	cc $CFLAGS -c -o "$tmp/ossl.o" bench/tls_alt.c
	link openssl-3 "$tmp/ossl.o" -lssl -lcrypto -lpthread
else
	echo "| openssl-3 | libssl-dev not installed |"
fi
if [ -f /usr/include/wolfssl/ssl.h ]; then
	# shellcheck disable=SC2086
	cc $CFLAGS -DTLS_ALT_WOLFSSL -c -o "$tmp/wolf.o" bench/tls_alt.c
	link wolfssl-5.5 "$tmp/wolf.o" -lwolfssl -lm -lpthread
else
	echo "| wolfssl-5.5 | libwolfssl-dev not installed |"
fi
