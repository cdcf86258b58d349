# One client's failing sign-ins do not starve everyone else's (review M1).
# A client on 127.0.0.2 keeps 40 connections sending a wrong Basic
# password: PAM's pam_unix asks for a 2 s delay on each failure, and
# helperd runs 4 workers, one of them for Basic.  Meanwhile Kerberos
# sign-ins from 127.0.0.1 must still get through, not time out into 503
# behind the flood.
kinit_alice
# One Basic worker: each pam_unix check burns about 0.7 s of a CPU here,
# and this VM has two; the docs advise the same on small machines.
helperd_stop
auth_helperd_config "basic_workers = 1"
helperd_start
app_start --group basic,negotiate --basic-realm "$AUTH_BASIC_REALM" --challenge Negotiate

flood_until=$((SECONDS + 20))
flood_pids=
for i in $(seq 40); do
	(
		while [ "$SECONDS" -lt "$flood_until" ]; do
			curl -s --max-time 15 --interface 127.0.0.2 -o /dev/null \
				-w '%{http_code}\n' --basic -u "$AUTH_USER:wrong" \
				"$AUTH_URL" >>"$AUTH_DIR/flood.$i"
			# The attacker's own CPU is not the server's: spare
			# this VM's two CPUs the curl processes.
			sleep 1
		done
	) &
	flood_pids="$flood_pids $!"
done
sleep 3
good=0
slowest=0
for i in 1 2 3; do
	start=$SECONDS
	# A CPU-starved client may be slow; a starved queue answers 503.
	[ "$(http_code --max-time 60 --negotiate -u : "$AUTH_URL")" = 200 ] &&
		good=$((good + 1))
	[ $((SECONDS - start)) -le "$slowest" ] || slowest=$((SECONDS - start))
	sleep 1
done
echo "# fairness: the slowest Kerberos sign-in took $slowest s"
check "fairness: Kerberos sign-ins get 200 while another client floods wrong Basic passwords ($good of 3)" \
	'[ "$good" = 3 ]'
for p in $flood_pids; do
	timeout 30 tail --pid="$p" -f /dev/null
done
wait $flood_pids 2>/dev/null
answers=$(cat "$AUTH_DIR"/flood.* | sort | uniq -c | tr '\n' ' ')
check "fairness: the flooding client got 401 or 503, never a hang ($answers)" \
	'! cat "$AUTH_DIR"/flood.* | grep -qv "^\(401\|503\)$" &&
	 cat "$AUTH_DIR"/flood.* | grep -q "^401$"'
rm -f "$AUTH_DIR"/flood.*
app_stop
helperd_stop
auth_helperd_config
helperd_start
