#!/bin/bash
# helperd's Basic against real PAM (pam_unix): a service file and two
# users written into the VM's writable overlay of /etc, then basic_job
# checked by the unit test program.  Never on the host (it changes /etc):
#   tests/vm/run.sh --timeout 120 -- tests/auth/basic_pam.sh
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/tests/lib.sh"

if [ "$(hostname)" != httpsys-vm ]; then
	echo "not ok - basic_pam.sh runs only in the VM (it writes /etc)"
	exit 1
fi

printf 'auth required pam_unix.so nodelay\naccount required pam_unix.so\n' \
	>/etc/pam.d/httpsys-test
pw='open sesame:£'
for u in httpsys-basic httpsys-expired; do
	useradd -M -s /usr/sbin/nologin "$u" && echo "$u:$pw" | chpasswd
done
check "guest users created" "id httpsys-basic >/dev/null && id httpsys-expired >/dev/null"
check "an account expired" "chage -E 0 httpsys-expired"

HTTPSYS_PAM_SERVICE=httpsys-test HTTPSYS_PAM_USER=httpsys-basic \
HTTPSYS_PAM_EXPIRED=httpsys-expired HTTPSYS_PAM_PASSWORD=$pw \
	timeout 60 "$root/tests/unit/bin/test_helperd_basic"
check "test_helperd_basic with real PAM exits 0" "[ $? -eq 0 ]"
check_exit
