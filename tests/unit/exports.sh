#!/bin/bash
# libhttpapi.so's dynamic symbols against the public headers: every
# function http.h and the compat headers declare is exported, and nothing
# else is (libhttpapi.map), so programs cannot bind to the library's
# internals.  The declarations come from the compiler (-aux-info), not
# from reading the headers' text.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib.sh

lib=libhttpapi/libhttpapi.so.1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

printf '#include <%s>\n' windows.h http.h sspi.h strsafe.h >"$work/all.c"
gcc -std=gnu11 -DUNICODE -Ilibhttpapi/include -aux-info "$work/aux" \
	-c -o "$work/all.o" "$work/all.c" || exit 1
# "/* libhttpapi/include/http.h:123:NC */ extern ULONG HttpInitialize (...);"
# wmain is the program's own (libhttpapi_wmain.a's main calls it).
grep '^/\* libhttpapi/include/' "$work/aux" | grep -v ' static ' |
	sed -E 's/^.*[ *]([A-Za-z_][A-Za-z0-9_]*) \(.*$/\1/' |
	grep -vx wmain | sort -u >"$work/declared"
nm -D --defined-only "$lib" | awk '$2 != "A" { sub(/@.*/, "", $3); print $3 }' |
	sort -u >"$work/exported"

check "exports: the headers declare functions ($(wc -l <"$work/declared"))" \
	'[ "$(wc -l <"$work/declared")" -gt 100 ]'
missing=$(comm -23 "$work/declared" "$work/exported")
check_out "exports: every declared function is exported by $lib" \
	'[ -z "$missing" ]' "not exported: $missing"
extra=$(comm -13 "$work/declared" "$work/exported")
check_out "exports: nothing else is" '[ -z "$extra" ]' "not declared: $extra"
check "exports: under the version node LIBHTTPAPI_1" \
	'objdump -T "$lib" | grep -q " LIBHTTPAPI_1 *HttpInitialize$"'
check "exports: the soname is libhttpapi.so.1" \
	'objdump -p "$lib" | grep -q "SONAME *libhttpapi.so.1$"'
check_exit
