#!/bin/sh
# What the static binary is made of: relink build/podinit-static's objects
# exactly as `make static` does (-static -Wl,--gc-sections) with a link map
# (-Wl,-Map), then charge every input section the linker kept to the archive
# it came from: podinit itself, libyaml, libseccomp, Mbed TLS (built here),
# nghttp2, glibc (with libgcc and the crt files).  Sections that occupy file
# space (text, rodata, data, eh_frame, ...) are counted separately from .bss,
# which costs memory but no bytes on disk.  The stripped file is larger than
# the sum by its ELF headers, alignment and the few sections the linker
# makes itself (.got, .plt).
#
# usage: sh bench/static-size.sh       (after `make static`; B=build by default)
# Prints a Markdown table and writes it to bench/RESULTS-static-size.md
# (OUT=FILE to change, OUT=- for stdout only).  Exit 1 when the stripped
# binary is over 2,000,000 bytes (issue 14's budget).
set -eu
B=${B:-build}
bin=$B/podinit-static
objdir=$B/static
out=${OUT:-bench/RESULTS-static-size.md}
LDLIBS=${LDLIBS:-$objdir/mbedtls/libmbedtls.a -lyaml -lseccomp -lnghttp2}
CC=${CC:-cc}

if [ ! -f "$objdir/src/cmd/main.o" ] || [ ! -f "$objdir/libpodinit.a" ] || [ ! -f "$bin" ]; then
	echo "static-size: $bin or its objects in $objdir are missing: run make static" >&2
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# shellcheck disable=SC2086 # LDLIBS is a word list on purpose
$CC -static -Wl,--gc-sections -Wl,-Map="$tmp/map" -o "$tmp/podinit" \
    "$objdir/src/cmd/main.o" "$objdir/libpodinit.a" $LDLIBS
strip -o "$tmp/podinit.stripped" "$tmp/podinit"
file_size=$(stat -c %s "$bin")
relinked=$(stat -c %s "$tmp/podinit.stripped")

# The map's memory-map part lists, per output section, each input section
# kept: " .text.name  0xADDR  0xSIZE  /path/libx.a(obj.o)", with the address,
# size and file on the next line when the name is long.  mawk has no
# strtonum, hence hex().
awk '
function hex(s,   i, c, v) {
	s = tolower(s); sub(/^0x/, "", s); v = 0
	for (i = 1; i <= length(s); i++) {
		c = index("0123456789abcdef", substr(s, i, 1)) - 1
		v = v * 16 + c
	}
	return v
}
function lib(f) {
	if (f ~ /libyaml/) return "libyaml"
	if (f ~ /libseccomp/) return "libseccomp"
	if (f ~ /libcap/) return "libcap"
	if (f ~ /libmbed/) return "mbedtls"
	if (f ~ /libnghttp2/) return "nghttp2"
	if (f ~ /libc\.a|libpthread|libm\.a|crt[1in]\.o|crtbegin|crtend|libgcc/) return "glibc"
	if (f ~ /libpodinit\.a|src\/main\.o/) return "podinit"
	return "other"
}
function charge(size, f) {
	if (outsec == "" || outsec ~ /^\.(comment|debug|stab|gnu\.attributes|gnu_debuglink)/ || outsec == "/DISCARD/")
		return
	if (outsec ~ /^\.(bss|tbss)$/ || outsec ~ /freeres_ptrs/)
		bss[lib(f)] += size
	else
		fil[lib(f)] += size
	# the generated schema tables and their check, within podinit
	if (f ~ /\(schema_tables\.o\)/)
		schema["tables"] += size
	else if (f ~ /\((schema|apivalidate)\.o\)/)
		schema["check"] += size
}
/^Linker script and memory map/ { inmap = 1; next }
!inmap { next }
/^[^ ]/ { outsec = $1; pending = 0; next }
pending && /^ +0x[0-9a-f]+ +0x[0-9a-f]+ / {
	charge(hex($2), $3); pending = 0; next
}
/^ \*fill\*/ { next }
/^ [.A-Za-z_]/ {
	if ($1 == "COMMON" || NF >= 4 && $2 ~ /^0x/) {
		if (NF >= 4) charge(hex($3), $4)
		pending = 0
	} else if (NF == 1) {
		pending = 1
	}
	next
}
{ pending = 0 }
END {
	for (l in fil) print "F", l, fil[l]
	for (l in bss) print "B", l, bss[l]
	for (l in schema) print "S", l, schema[l]
}' "$tmp/map" >"$tmp/sizes"

# size(1) agrees with the map when every kept section was charged.
total_alloc=$(size -A "$tmp/podinit" | awk '$1 !~ /^\.(bss|tbss|comment)$/ && $1 !~ /freeres_ptrs|^\.debug/ && $3 > 0 { s += $2 } END { print s }')

get() { awk -v k="$1" -v l="$2" '$1 == k && $2 == l { print $3 }' "$tmp/sizes"; }
kb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b ? 100 * a / b : 0 }'; }

{
	echo "## Static binary size"
	echo
	echo "\`$bin\`: **$file_size bytes ($(kb "$file_size") KiB)**, stripped, -Os," \
	    "-ffunction-sections -fdata-sections -Wl,--gc-sections, glibc $(ldd --version | awk 'NR==1 {print $NF}')."
	echo
	echo "| part | file bytes (text+rodata+data+eh_frame) | KiB | share | .bss (memory only) |"
	echo "| --- | ---: | ---: | ---: | ---: |"
	sum=0
	for l in podinit libyaml libseccomp mbedtls nghttp2 glibc other; do
		f=$(get F $l); b=$(get B $l)
		f=${f:-0}; b=${b:-0}
		[ "$l" = other ] && [ "$f" -eq 0 ] && [ "$b" -eq 0 ] && continue
		sum=$((sum + f))
		echo "| $l | $f | $(kb "$f") | $(pct "$f" "$file_size")% | $b |"
	done
	st=$(get S tables); sc=$(get S check)
	st=${st:-0}; sc=${sc:-0}
	echo "| of podinit: the schema tables (\`schema_tables.o\`, generated) | $st | $(kb "$st") | $(pct "$st" "$file_size")% | |"
	echo "| of podinit: the schema check and value rules (\`schema.o\`, \`apivalidate.o\`) | $sc | $(kb "$sc") | $(pct "$sc" "$file_size")% | |"
	hdr=$((relinked - sum))
	echo "| ELF headers, alignment, linker-made (.got, .plt) | $hdr | $(kb "$hdr") | $(pct "$hdr" "$file_size")% | |"
	echo "| **total** | **$relinked** | **$(kb "$relinked")** | | |"
	echo
	# A large gap means the map parser missed sections: say so.
	[ $((total_alloc - sum)) -lt $((total_alloc / 100)) ] ||
		echo "(map total $sum bytes, size(1) says $total_alloc: $((total_alloc - sum)) bytes not attributed)"
	[ "$relinked" -eq "$file_size" ] ||
		echo "(relinked here: $relinked bytes; the build's binary: $file_size bytes)"
	echo
	echo "Other inits, for scale (Debian 12 packages):"
	echo
	echo "| binary | bytes | linkage |"
	echo "| --- | ---: | --- |"
	echo "| podinit-static | $file_size | static, every feature |"
	for b in tini tini-static dumb-init catatonit; do
		p=$(command -v "$b" 2>/dev/null) || continue
		case $(file -L "$p") in
		*"statically linked"*) k=static ;;
		*) k="dynamic (plus libc)" ;;
		esac
		echo "| $b | $(stat -L -c %s "$p") | $k |"
	done
} >"$tmp/table.md"

cat "$tmp/table.md"
[ "$out" = - ] || cp "$tmp/table.md" "$out"
[ "$file_size" -le 2000000 ] || { echo "static-size: $file_size bytes: over the 2,000,000-byte budget" >&2; exit 1; }
