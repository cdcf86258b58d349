#!/bin/bash
# A throwaway MIT KDC on loopback for the authentication tests.
#
#   kdc.sh start DIR [HOST]   realm HTTPSYS.TEST in DIR, a keytab for
#                             HTTP/HOST (default httpsys-vm), users alice
#                             and bob (Kerberos and NTLM), alice kinit'ed;
#                             prints the environment to eval, also kept in
#                             DIR/env.
#   kdc.sh stop DIR           stops that KDC.
#
# Nothing outside DIR is touched: the host name maps to the realm through
# the private krb5.conf, never /etc/hosts.  Missing KDC binaries fail.
set -eu

REALM=HTTPSYS.TEST
USERS="alice bob"
PASSWORD_alice=alice-secret-1
PASSWORD_bob=bob-secret-2
NTLM_DOMAIN=HTTPSYS

die() {
	echo "kdc.sh: $*" >&2
	exit 1
}

free_port() {
	/usr/bin/python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

write_configs() {
	local dir=$1 host=$2 port=$3

	cat >"$dir/krb5.conf" <<CONF
[libdefaults]
	default_realm = $REALM
	dns_lookup_realm = false
	dns_lookup_kdc = false
	rdns = false
	dns_canonicalize_hostname = false
	udp_preference_limit = 1
	ticket_lifetime = 10h
[realms]
	$REALM = {
		kdc = 127.0.0.1:$port
	}
[domain_realm]
	$host = $REALM
CONF
	cat >"$dir/kdc.conf" <<CONF
[kdcdefaults]
	kdc_ports = $port
	kdc_tcp_ports = $port
[realms]
	$REALM = {
		database_name = $dir/principal
		key_stash_file = $dir/stash
		acl_file = $dir/kadm5.acl
		master_key_type = aes256-cts
		supported_enctypes = aes256-cts:normal aes128-cts:normal
		default_principal_flags = +preauth
	}
[logging]
	kdc = FILE:$dir/kdc.log
CONF
	: >"$dir/kadm5.acl"
}

start() {
	local dir=$1 host=${2:-httpsys-vm} port u pw i

	for tool in krb5kdc kdb5_util kadmin.local kinit; do
		command -v "$tool" >/dev/null ||
			[ -x "/usr/sbin/$tool" ] || die "$tool missing: run tools/setup.sh"
	done
	export PATH="$PATH:/usr/sbin"
	mkdir -p "$dir/rcache"
	dir=$(cd "$dir" && pwd)
	port=$(free_port)
	write_configs "$dir" "$host" "$port"
	export KRB5_CONFIG="$dir/krb5.conf" KRB5_KDC_PROFILE="$dir/kdc.conf"
	# A fresh realm each time: an earlier one in DIR is stopped and gone.
	stop "$dir"
	rm -f "$dir"/principal* "$dir/stash" "$dir"/*.keytab "$dir"/*.ccache
	kdb5_util create -s -W -r "$REALM" -P "master-$$-$RANDOM" >/dev/null
	kadmin() {
		kadmin.local -q "$1" >>"$dir/kadmin.log" 2>&1
	}
	kadmin "addprinc -randkey HTTP/$host"
	kadmin "ktadd -k $dir/http.keytab HTTP/$host"
	: >"$dir/ntlm-users"
	for u in $USERS; do
		eval "pw=\$PASSWORD_$u"
		kadmin "addprinc -pw $pw $u"
		echo "$NTLM_DOMAIN:$u:$pw" >>"$dir/ntlm-users"
	done
	chmod 600 "$dir/ntlm-users" "$dir/http.keytab"
	krb5kdc -P "$dir/kdc.pid" || die "krb5kdc did not start (see $dir/kdc.log)"
	# The KDC answers once it listens: try kinit for up to 5 s.
	for i in $(seq 50); do
		if echo "$PASSWORD_alice" | KRB5CCNAME="$dir/alice.ccache" \
			kinit alice >/dev/null 2>&1; then
			break
		fi
		[ "$i" -lt 50 ] || die "the KDC does not answer (see $dir/kdc.log)"
		sleep 0.1
	done
	cat >"$dir/env" <<ENV
export KRB5_CONFIG=$dir/krb5.conf
export KRB5_KDC_PROFILE=$dir/kdc.conf
export KRB5CCNAME=$dir/alice.ccache
export KRB5RCACHEDIR=$dir/rcache
export HTTPSYS_KDC_DIR=$dir
export HTTPSYS_REALM=$REALM
export HTTPSYS_HOST=$host
export HTTPSYS_KEYTAB=$dir/http.keytab
export HTTPSYS_NTLM_USER_FILE=$dir/ntlm-users
export HTTPSYS_NTLM_DOMAIN=$NTLM_DOMAIN
export HTTPSYS_USER=alice
export HTTPSYS_PASSWORD=$PASSWORD_alice
export HTTPSYS_USER2=bob
export HTTPSYS_PASSWORD2=$PASSWORD_bob
ENV
	cat "$dir/env"
}

stop() {
	local dir=$1 pid i

	[ -f "$dir/kdc.pid" ] || return 0
	pid=$(cat "$dir/kdc.pid")
	kill "$pid" 2>/dev/null || true
	for i in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	rm -f "$dir/kdc.pid"
}

case "${1:-}" in
start) [ $# -ge 2 ] || die "usage: kdc.sh start DIR [HOST]"; start "$2" "${3:-}" ;;
stop) [ $# -eq 2 ] || die "usage: kdc.sh stop DIR"; stop "$2" ;;
*) die "usage: kdc.sh start DIR [HOST] | stop DIR" ;;
esac
