#!/bin/bash
# The auth stage: authentication with real parts, inside the test VM with
# httpsys.ko loaded.  A throwaway KDC, helperd and the test server
# (tests/integration/auth_app) are started here; curl and /usr/bin/python3
# clients play the browsers.  Each file below is one area of the issue.
#
#   tests/auth/run.sh [AREA...]     (default: all of them, in this order)
cd "$(dirname "$0")/../.." || exit 1

. tests/lib.sh
. tests/auth/env.sh

areas=${*:-harness kerberos ntlm spnego digest basic fairness headers body helper example}

cleanup() {
	app_stop
	helperd_stop
	auth_kdc_stop
}
trap cleanup EXIT

if ! auth_setup; then
	echo "not ok - auth: the test realm, accounts and files are set up"
	exit 1
fi
for area in $areas; do
	echo "# auth: $area"
	area_start=$SECONDS
	if [ "$area" != harness ] && [ -z "${HELPERD_PID:-}" ] && ! helperd_start; then
		echo "# helperd did not say it registered; its log ends:"
		tail -n 5 "$AUTH_DIR/helperd.log" | sed 's/^/#   /'
	fi
	before=$failures
	. "tests/auth/$area.sh"
	app_stop
	echo "# auth: $area took $((SECONDS - area_start)) s"
	if [ "$failures" != "$before" ]; then
		echo "# $area failed; the ends of helperd's and the server's logs:"
		tail -n 15 "$AUTH_DIR/helperd.log" 2>/dev/null | sed 's/^/#   helperd: /'
		tail -n 8 "$AUTH_DIR/app.log" 2>/dev/null | sed 's/^/#   app: /'
	fi
done
check_exit
