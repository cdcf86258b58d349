// SPDX-License-Identifier: GPL-2.0
/*
 * The upcall's jobs end to end: requests with "Authorization: Basic" to a
 * URL with Basic enabled become jobs that this program, playing helperd,
 * pulls with ACCEPT and answers with DONE; and what the client gets when
 * the helper is missing, slow, or goes away; then a storm of all of it
 * for argv[1] seconds (default 5).  Runs as root in the test VM with
 * httpsys.ko loaded.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <netlink/genl/ctrl.h>

#include "../tap.h"
#include "app.h"
#include "client.h"
#include "helper_nl.h"

#define PORT		8097
#define URL		L"http://+:8097/auth/"
#define REALM		L"transport realm"
#define USERPASS	"user:pass"	/* Base64: dXNlcjpwYXNz */
#define BIG_TOKEN	48000		/* Base64'd, fits a 64 KiB header */

static HANDLE queue;
static struct nl_sock *ready_sk;	/* on the READY multicast group */
static struct helper_job job;
static char response[BUF_SIZE];

static void set_realm(PWSTR *field, USHORT *len, PCWSTR value)
{
	*field = (PWSTR)value;
	*len = wcslen(value) * sizeof(WCHAR);
}

/* A v2 queue for URL, its group with Basic enabled. */
static int app_setup(void)
{
	HTTP_SERVER_AUTHENTICATION_INFO auth;
	HTTP_SERVER_SESSION_ID s;
	HTTP_BINDING_INFO b;
	HTTP_URL_GROUP_ID g;

	memset(&auth, 0, sizeof(auth));
	auth.Flags.Present = 1;
	auth.AuthSchemes = HTTP_AUTH_ENABLE_BASIC;
	set_realm(&auth.BasicParams.Realm, &auth.BasicParams.RealmLength, REALM);
	memset(&b, 0, sizeof(b));
	b.Flags.Present = 1;
	return HttpInitialize(HTTPAPI_VERSION_2, HTTP_INITIALIZE_SERVER, NULL) ||
	       HttpCreateServerSession(HTTPAPI_VERSION_2, &s, 0) ||
	       HttpCreateUrlGroup(s, &g, 0) ||
	       HttpCreateRequestQueue(HTTPAPI_VERSION_2, NULL, NULL, 0, &queue) ||
	       (b.RequestQueueHandle = queue,
		HttpSetUrlGroupProperty(g, HttpServerBindingProperty, &b,
					sizeof(b))) ||
	       HttpSetUrlGroupProperty(g, HttpServerAuthenticationProperty, &auth,
				       sizeof(auth)) ||
	       HttpAddUrlToUrlGroup(g, URL, 0, 0);
}

/* A connection that sent one request with "Authorization: Basic @b64". */
static int send_basic(const char *target, const char *b64)
{
	size_t size = strlen(b64) + 256;
	char *text = malloc(size);
	int fd = client_connect("127.0.0.1", PORT);

	if (fd >= 0 && text) {
		snprintf(text, size, "GET %s HTTP/1.1\r\nHost: a\r\n"
			 "Authorization: Basic %s\r\n\r\n", target, b64);
		if (client_send(fd, text)) {
			close(fd);
			fd = -1;
		}
	}
	free(text);
	return fd;
}

static int status_of(int fd)
{
	int status = client_read_response(fd, response, sizeof(response));

	close(fd);
	return status;
}

/* Multicast messages carry no sequence number of ours. */
static int any_seq(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

static int on_ready(struct nl_msg *msg, void *arg)
{
	if (genlmsg_hdr(nlmsg_hdr(msg))->cmd == HTTPSYS_AUTH_CMD_READY)
		*(int *)arg = 1;
	return NL_OK;
}

/* Whether READY arrives within @ms. */
static int wait_ready(int ms)
{
	struct pollfd p = { .fd = nl_socket_get_fd(ready_sk), .events = POLLIN };
	struct nl_cb *cb = nl_cb_alloc(NL_CB_CUSTOM);
	double end = now() + ms / 1000.0;
	int seen = 0;

	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, any_seq, NULL);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_ready, &seen);
	while (!seen && now() < end &&
	       poll(&p, 1, (int)((end - now()) * 1000) + 1) == 1)
		nl_recvmsgs(ready_sk, cb);
	nl_cb_put(cb);
	return seen;
}

static void drain_ready(void)
{
	while (wait_ready(0))
		;
}

/*
 * ACCEPT until a job of @op arrives (DROPs of other connections are
 * passed over): 0, -ETIMEDOUT when none came within @ms, or ACCEPT's
 * error.  With @conn_id, only that connection's job counts.
 */
static int accept_op(struct nl_sock *sk, uint32_t op, uint64_t conn_id, int ms)
{
	double end = now() + ms / 1000.0;
	int err;

	do {
		err = helper_accept(sk, &job);
		if (!err && job.op == op && (!conn_id || job.conn_id == conn_id))
			return 0;
		if (err == -ENOENT)
			usleep(20000);
	} while ((!err || err == -ENOENT) && now() < end);
	return err && err != -ENOENT ? err : -ETIMEDOUT;
}

/* A request to @target whose job this helper accepted: its connection. */
static int start_job(struct nl_sock *sk, const char *target, int ms,
		     const char *what)
{
	int fd = send_basic(target, "dXNlcjpwYXNz");

	if (CHECK(fd >= 0 && accept_op(sk, HTTPSYS_AUTH_OP_AUTHENTICATE, 0,
				       ms) == 0, "%s: a job accepted", what))
		return fd;
	if (fd >= 0)
		close(fd);
	return -1;
}

static void test_no_helper(const char *when)
{
	double start = now();
	int fd = send_basic("/auth/none", "dXNlcjpwYXNz");

	CHECK(fd >= 0 && status_of(fd) == 503 && now() - start < 3,
	      "%s: no helper registered: 503 at once", when);
}

static void test_accept(struct nl_sock *sk)
{
	int fd = send_basic("/auth/x?y=1", "dXNlcjpwYXNz");
	struct nl_msg *msg;
	uint64_t seq, conn;

	CHECK(wait_ready(5000), "job: READY announced on the multicast group");
	if (!CHECK(fd >= 0 && accept_op(sk, HTTPSYS_AUTH_OP_AUTHENTICATE, 0,
					5000) == 0,
		   "job: ACCEPT returns the request's AUTHENTICATE job"))
		return;
	seq = job.seq;
	conn = job.conn_id;
	CHECK(seq && conn, "job: it has a seq and a connection id");
	CHECK(job.scheme == HTTPSYS_AUTH_SCHEME_BASIC,
	      "job: SCHEME is BASIC (%u)", job.scheme);
	CHECK(job.token_len == strlen(USERPASS) &&
	      !memcmp(job.token, USERPASS, job.token_len),
	      "job: TOKEN is the decoded user:password");
	CHECK(!strcmp(job.method, "GET") && !strcmp(job.uri, "/auth/x?y=1"),
	      "job: METHOD and URI as sent (%s %s)", job.method, job.uri);
	CHECK(!strcmp(job.realm, "transport realm"),
	      "job: REALM is the URL's Basic realm (%s)", job.realm);
	CHECK(helper_simple(sk, HTTPSYS_AUTH_CMD_ACCEPT) == -ENOENT,
	      "job: an accepted job is not handed out again");
	/* A well-formed answer to a Digest challenge, for this seq. */
	msg = helper_done_msg(seq, HTTPSYS_AUTH_OP_CHALLENGE,
			      HTTPSYS_AUTH_STATUS_OK);
	if (msg)
		nla_put(msg, HTTPSYS_AUTH_A_OUT_TOKEN, 9, "realm=\"x\"");
	CHECK(msg && helper_call(sk, msg, NULL, NULL) == -ENOENT,
	      "job: DONE of the wrong op: ENOENT");
	CHECK(helper_done(sk, seq, HTTPSYS_AUTH_OP_AUTHENTICATE,
			  HTTPSYS_AUTH_STATUS_MALFORMED) == 0,
	      "job: DONE with the right op and seq is taken");
	CHECK(helper_done(sk, seq, HTTPSYS_AUTH_OP_AUTHENTICATE,
			  HTTPSYS_AUTH_STATUS_MALFORMED) == -ENOENT,
	      "job: a second DONE for it: ENOENT");
	CHECK(status_of(fd) == 400, "job: MALFORMED: the client gets 400");
	CHECK(accept_op(sk, HTTPSYS_AUTH_OP_DROP, conn, 5000) == 0,
	      "job: the closed connection's DROP comes with its id");
}

/* A DONE that breaks the rules fails its job at once: 503. */
static void test_invalid_done(struct nl_sock *sk)
{
	double start = now();
	int fd = start_job(sk, "/auth/invalid", 5000, "invalid DONE");
	struct nl_msg *msg;

	if (fd < 0)
		return;
	msg = helper_done_msg(job.seq, HTTPSYS_AUTH_OP_AUTHENTICATE,
			      HTTPSYS_AUTH_STATUS_OK);
	if (msg)
		nla_put_u32(msg, HTTPSYS_AUTH_A_UID, 1000);	/* no GID, no USER */
	CHECK(msg && helper_call(sk, msg, NULL, NULL) == -EINVAL,
	      "invalid DONE: OK without USER, UID without GID: EINVAL");
	CHECK(status_of(fd) == 503 && now() - start < 5,
	      "invalid DONE: the client gets 503 without waiting for the timeout");
	CHECK(helper_done(sk, job.seq, HTTPSYS_AUTH_OP_AUTHENTICATE,
			  HTTPSYS_AUTH_STATUS_FAILED) == -ENOENT,
	      "invalid DONE: the job is gone (ENOENT)");
}

/* FAILED: the request reaches the application, which answers it. */
static void test_failed_delivered(struct nl_sock *sk)
{
	int fd = start_job(sk, "/auth/failed", 5000, "failed");
	struct nl_msg *msg;

	if (fd < 0)
		return;
	msg = helper_done_msg(job.seq, HTTPSYS_AUTH_OP_AUTHENTICATE,
			      HTTPSYS_AUTH_STATUS_FAILED);
	if (msg)
		nla_put_u32(msg, HTTPSYS_AUTH_A_SEC_STATUS, 0x8009030c);
	CHECK(msg && helper_call(sk, msg, NULL, NULL) == 0,
	      "failed: DONE FAILED with a SEC_STATUS taken");
	CHECK(readable(queue, 5000) && receive(queue, 0) &&
	      respond(queue, req->RequestId, 200, "OK", "seen", 0) == NO_ERROR,
	      "failed: the request reaches the application");
	CHECK(status_of(fd) == 200, "failed: the client gets its answer");
}

/* A 48000-byte token travels whole in ACCEPT's reply. */
static void test_big_token(struct nl_sock *sk)
{
	static const char digits[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = BIG_TOKEN / 3 * 4, i;
	char *b64 = malloc(n + 1);
	int fd, whole = 1;

	if (!b64)
		return;
	for (i = 0; i < n; i++)
		b64[i] = digits[(i * 7) % 64];
	b64[n] = '\0';
	fd = send_basic("/auth/big", b64);
	if (CHECK(fd >= 0 && accept_op(sk, HTTPSYS_AUTH_OP_AUTHENTICATE, 0,
				       10000) == 0,
		  "big token: ACCEPT returns the job")) {
		/* Every 4 digits are 3 bytes; check them against the text. */
		for (i = 0; i + 3 < n && whole; i += 4) {
			const uint8_t *t = job.token + i / 4 * 3;
			unsigned int v = ((i * 7) % 64) << 18 |
					 (((i + 1) * 7) % 64) << 12 |
					 (((i + 2) * 7) % 64) << 6 |
					 ((i + 3) * 7) % 64;

			whole = t[0] == (v >> 16 & 0xff) &&
				t[1] == (v >> 8 & 0xff) && t[2] == (v & 0xff);
		}
		CHECK(job.token_len == BIG_TOKEN && whole,
		      "big token: TOKEN holds all %d bytes (%u)", BIG_TOKEN,
		      job.token_len);
		CHECK(helper_done(sk, job.seq, HTTPSYS_AUTH_OP_AUTHENTICATE,
				  HTTPSYS_AUTH_STATUS_ERROR) == 0 &&
		      status_of(fd) == 503, "big token: ERROR: the client gets 503");
	} else if (fd >= 0) {
		close(fd);
	}
	free(b64);
}

/* auth_timeout: queued or accepted, a job past it fails; DONE then: ENOENT. */
static void test_timeout(struct nl_sock *sk)
{
	int accepted_fd, queued_fd, err;
	double start;
	uint64_t seq;

	CHECK(set_param("auth_timeout", "0") != 0 &&
	      set_param("auth_timeout", "301") != 0,
	      "timeout: auth_timeout refuses 0 and 301");
	if (!CHECK(set_param("auth_timeout", "1") == 0, "timeout: auth_timeout=1"))
		return;
	start = now();
	accepted_fd = start_job(sk, "/auth/slow", 900, "timeout");
	if (accepted_fd < 0)
		goto out;
	seq = job.seq;
	queued_fd = send_basic("/auth/slow", "dXNlcjpwYXNz");
	CHECK(status_of(accepted_fd) == 503 && now() - start < 5,
	      "timeout: the accepted job's client gets 503 after auth_timeout");
	CHECK(queued_fd >= 0 && status_of(queued_fd) == 503,
	      "timeout: the queued job's client gets 503 too");
	CHECK(helper_done(sk, seq, HTTPSYS_AUTH_OP_AUTHENTICATE,
			  HTTPSYS_AUTH_STATUS_FAILED) == -ENOENT,
	      "timeout: a late DONE: ENOENT");
	err = accept_op(sk, HTTPSYS_AUTH_OP_AUTHENTICATE, 0, 200);
	CHECK(err == -ETIMEDOUT,
	      "timeout: the timed-out queued job is not handed out (%d, %s)",
	      err, err ? "" : job.uri);
out:
	set_param("auth_timeout", "10");
}

/*
 * The client resets its connection while its job is accepted: the job is
 * cancelled (a FIN alone is not enough: a client may half-close and still
 * read its answer).
 */
static void test_cancel(struct nl_sock *sk)
{
	struct linger reset = { .l_onoff = 1, .l_linger = 0 };
	int fd = start_job(sk, "/auth/cancel", 5000, "cancel");
	uint64_t seq;

	if (fd < 0)
		return;
	seq = job.seq;
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof(reset));
	close(fd);
	CHECK(accept_op(sk, HTTPSYS_AUTH_OP_DROP, job.conn_id, 5000) == 0,
	      "cancel: the reset connection's DROP comes");
	CHECK(helper_done(sk, seq, HTTPSYS_AUTH_OP_AUTHENTICATE,
			  HTTPSYS_AUTH_STATUS_FAILED) == -ENOENT,
	      "cancel: DONE for the cancelled job: ENOENT");
}

/* The helper's socket closes: its accepted and queued jobs fail with 503. */
static struct nl_sock *test_helper_close(struct nl_sock *sk)
{
	int accepted_fd, queued_fd;
	double start;

	set_param("auth_timeout", "60");
	accepted_fd = start_job(sk, "/auth/close", 5000, "helper close");
	if (accepted_fd < 0) {
		set_param("auth_timeout", "10");
		return sk;
	}
	drain_ready();
	queued_fd = send_basic("/auth/close", "dXNlcjpwYXNz");
	CHECK(wait_ready(5000), "helper close: another job queued");
	start = now();
	nl_socket_free(sk);
	CHECK(status_of(accepted_fd) == 503 && now() - start < 5,
	      "helper close: the accepted job's client gets 503 at once");
	CHECK(queued_fd >= 0 && status_of(queued_fd) == 503 && now() - start < 5,
	      "helper close: the queued job's client gets 503 at once");
	set_param("auth_timeout", "10");
	test_no_helper("helper close");

	sk = helper_socket();
	CHECK(sk && helper_simple(sk, HTTPSYS_AUTH_CMD_REGISTER) == 0,
	      "helper close: a new helper registers");
	accepted_fd = send_basic("/auth/again", "dXNlcjpwYXNz");
	CHECK(sk && accepted_fd >= 0 &&
	      accept_op(sk, HTTPSYS_AUTH_OP_AUTHENTICATE, 0, 5000) == 0 &&
	      helper_done(sk, job.seq, HTTPSYS_AUTH_OP_AUTHENTICATE,
			  HTTPSYS_AUTH_STATUS_MALFORMED) == 0 &&
	      status_of(accepted_fd) == 400,
	      "helper close: the new helper serves the next request");
	return sk;
}

/* The storm's clients: requests until told to stop, their answers tallied. */
struct storm {
	volatile int stop;
	pthread_mutex_t lock;
	int requests, expected, other;
};

/* Every third client connection is reset soon after its request. */
static void *storm_client(void *arg)
{
	struct linger reset = { .l_onoff = 1, .l_linger = 0 };
	struct storm *st = arg;
	unsigned int n = 0;
	char buf[4096];
	int fd, status;

	while (!st->stop) {
		fd = send_basic("/auth/storm", "dXNlcjpwYXNz");
		if (fd >= 0 && ++n % 3 == 0) {
			usleep(n * 7919 % 20000);
			setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof(reset));
			close(fd);
			continue;
		}
		status = fd >= 0 ? client_read_response(fd, buf, sizeof(buf)) : -1;
		if (fd >= 0)
			close(fd);
		pthread_mutex_lock(&st->lock);
		st->requests++;
		if (status == 400 || status == 503)
			st->expected++;
		else
			st->other++;
		pthread_mutex_unlock(&st->lock);
	}
	return NULL;
}

/* One job held back, answered after the timeout may have taken it. */
struct late {
	uint64_t seq;
	double when;
};

/*
 * For @seconds, 8 clients keep sending (and resetting a third of their
 * connections) while this helper answers at once, answers late, answers
 * with the wrong op or never, and closes its socket and registers a new
 * one every 1.5 s (auth_timeout=1): every client that waits gets 400 or
 * 503, every DONE gets 0 or ENOENT, the kernel stays clean.
 */
static struct nl_sock *test_storm(struct nl_sock *sk, int seconds)
{
	struct storm st = { .lock = PTHREAD_MUTEX_INITIALIZER };
	struct late late[64];
	int nlate = 0, jobs = 0, bad_done = 0, i, err;
	double end = now() + seconds, next_restart = now() + 1.5;
	pthread_t clients[8];

	set_param("auth_timeout", "1");
	for (i = 0; i < 8; i++)
		pthread_create(&clients[i], NULL, storm_client, &st);
	while (now() < end && sk) {
		if (now() >= next_restart) {
			nl_socket_free(sk);
			sk = helper_socket();
			if (!sk || helper_simple(sk, HTTPSYS_AUTH_CMD_REGISTER))
				bad_done++;
			next_restart = now() + 1.5;
		}
		for (i = 0; i < nlate; i++) {
			if (late[i].when > now())
				continue;
			err = helper_done(sk, late[i].seq,
					  HTTPSYS_AUTH_OP_AUTHENTICATE,
					  HTTPSYS_AUTH_STATUS_MALFORMED);
			bad_done += err && err != -ENOENT;
			late[i--] = late[--nlate];
		}
		err = helper_accept(sk, &job);
		if (err == -ENOENT) {
			usleep(2000);
			continue;
		}
		if (err || job.op != HTTPSYS_AUTH_OP_AUTHENTICATE) {
			bad_done += !!err;
			continue;
		}
		jobs++;
		if (jobs % 5 == 0)
			bad_done += helper_done(sk, job.seq,
						HTTPSYS_AUTH_OP_CHALLENGE,
						HTTPSYS_AUTH_STATUS_FAILED) != -ENOENT;
		switch (jobs % 4) {
		case 0:
		case 1:
			err = helper_done(sk, job.seq, HTTPSYS_AUTH_OP_AUTHENTICATE,
					  jobs % 4 ? HTTPSYS_AUTH_STATUS_ERROR :
					  HTTPSYS_AUTH_STATUS_MALFORMED);
			bad_done += err && err != -ENOENT;	/* ENOENT: reset */
			break;
		case 2:
			if (nlate < 64)
				late[nlate++] = (struct late){ job.seq, now() + 1.2 };
			break;
		}
	}
	st.stop = 1;
	for (i = 0; i < 8; i++)
		pthread_join(clients[i], NULL);
	set_param("auth_timeout", "10");
	CHECK(jobs > 0 && st.requests > 0,
	      "storm: %d requests, %d jobs in %d s", st.requests, jobs, seconds);
	CHECK(st.other == 0, "storm: every waiting client got 400 or 503 (%d of %d)",
	      st.expected, st.requests);
	CHECK(bad_done == 0,
	      "storm: every DONE got 0 or ENOENT, every restart registered (%d)",
	      bad_done);
	return sk;
}

int main(int argc, char **argv)
{
	int storm_seconds = argc > 1 ? atoi(argv[1]) : 5;
	struct nl_sock *sk;
	int group;

	if (!CHECK(helper_resolve() > 0, "setup: the httpsys_auth family") ||
	    !CHECK(app_setup() == 0, "setup: a URL with Basic enabled"))
		return tap_exit_status();
	ready_sk = helper_socket();
	sk = helper_socket();
	if (!CHECK(ready_sk && sk, "setup: netlink sockets"))
		return tap_exit_status();
	nl_socket_disable_seq_check(ready_sk);
	group = genl_ctrl_resolve_grp(ready_sk, HTTPSYS_AUTH_GENL_NAME,
				      HTTPSYS_AUTH_GENL_MCGRP);
	CHECK(group > 0 && nl_socket_add_membership(ready_sk, group) == 0,
	      "setup: listening for READY");

	test_no_helper("start");
	if (!CHECK(helper_simple(sk, HTTPSYS_AUTH_CMD_REGISTER) == 0,
		   "setup: registered as the helper"))
		return tap_exit_status();
	test_accept(sk);
	test_invalid_done(sk);
	test_failed_delivered(sk);
	test_big_token(sk);
	test_timeout(sk);
	test_cancel(sk);
	sk = test_helper_close(sk);
	if (sk)
		sk = test_storm(sk, storm_seconds);
	if (sk)
		nl_socket_free(sk);
	nl_socket_free(ready_sk);
	HttpCloseRequestQueue(queue);
	return tap_exit_status();
}
