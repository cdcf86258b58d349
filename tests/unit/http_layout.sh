#!/bin/bash
# http.h against mingw-w64's, the x64 Windows reference: sizes, field
# offsets, enumerator and #define values (see http_layout.py).
set -u
here=$(dirname "$0")
if ! command -v x86_64-w64-mingw32-gcc >/dev/null; then
	echo "not ok - http-layout: x86_64-w64-mingw32-gcc missing (tools/setup.sh)"
	exit 1
fi
exec python3 "$here/http_layout.py"
