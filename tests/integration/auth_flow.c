// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's authentication flow (kmod/auth.c, kmod/auth_response.c),
 * run as root in the test VM.  The URLs are configured with libhttpapi;
 * requests are read with the RECEIVE ioctl and their AUTH and IDENTITY
 * records checked in the kernel's blob, and responses sent with the
 * SEND_RESPONSE ioctl, so neither depends on libhttpapi's auth types.
 * First without a helper (what the kernel decides alone), then with a
 * fake helper in this program that answers each job as the test says
 * (CONTINUE, OK, FAILED, MALFORMED, ERROR), which is how the flow's
 * every branch is reached without helperd.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>

#include <http.h>

#include "httpsys.h"
#include "helper_nl.h"
#include "tap.h"
#include "app.h"
#include "client.h"

#define PORT		8093
#define AUTH_HDR	24	/* HttpHeaderAuthorization */
#define SCHEMES		(HTTP_AUTH_ENABLE_BASIC | HTTP_AUTH_ENABLE_NTLM | \
			 HTTP_AUTH_ENABLE_NEGOTIATE | HTTP_AUTH_ENABLE_DIGEST)

static HANDLE q;
static int qfd;
static uint64_t blob[32768];
static struct httpsys_request_v2 *r2 = (struct httpsys_request_v2 *)blob;
static char big[70000];

/* libhttpapi's HANDLE for a queue is its descriptor plus one. */
static int handle_fd(HANDLE h)
{
	return (int)(intptr_t)h - 1;
}

/* The next request on the queue within @ms, into blob; its ID or 0. */
static uint64_t next_request(int ms)
{
	struct httpsys_receive r = {
		.buffer = (uintptr_t)blob, .buffer_len = sizeof(blob),
		.flags = HTTPSYS_RECEIVE_NONBLOCK,
	};
	struct pollfd p = { .fd = qfd, .events = POLLIN };

	if (poll(&p, 1, ms) != 1)
		return 0;
	return ioctl(qfd, HTTPSYS_IOC_RECEIVE, &r) ? 0 : r.request_id;
}

static struct httpsys_request_info *info(int i)
{
	return &((struct httpsys_request_info *)(uintptr_t)r2->request_info)[i];
}

static struct httpsys_request_auth_info *auth_record(void)
{
	if (r2->request_info_count < 1 || info(0)->type != HTTPSYS_REQUEST_INFO_AUTH)
		return NULL;
	return (struct httpsys_request_auth_info *)(uintptr_t)info(0)->info;
}

static struct httpsys_auth_identity *identity_record(void)
{
	if (r2->request_info_count < 2 ||
	    info(1)->type != HTTPSYS_REQUEST_INFO_IDENTITY)
		return NULL;
	return (struct httpsys_auth_identity *)(uintptr_t)info(1)->info;
}

static const char *authorization(void)
{
	const struct httpsys_known_header *k = &r2->v1.known_headers[AUTH_HDR];

	return k->raw_value ? (const char *)(uintptr_t)k->raw_value : "";
}

static int send_status(uint64_t id, int status, const char *headers,
		       unsigned int flags)
{
	struct httpsys_send s = {
		.request_id = id, .flags = flags, .status = status,
		.reason = (uintptr_t)"X", .reason_len = 1,
		.headers = (uintptr_t)headers, .headers_len = strlen(headers),
	};

	return ioctl(qfd, HTTPSYS_IOC_SEND_RESPONSE, &s) ? -errno : 0;
}

/* A request on a new connection reaches the queue with an AUTH record. */
static int delivered(const char *request, int *fd)
{
	uint64_t id;

	*fd = raw_request(PORT, request);
	id = next_request(WAIT_MS);
	return id && send_status(id, 200, "", 0) == 0 &&
	       client_read_response(*fd, out, sizeof(out)) == 200;
}

static void expect_answer(const char *request, int status, const char *what)
{
	int fd = raw_request(PORT, request);
	int got = client_read_response(fd, out, sizeof(out));

	CHECK(got == status && !next_request(100), "%s: %d, nothing delivered (%d)",
	      what, status, got);
	if (fd >= 0)
		close(fd);
}

static HTTP_URL_GROUP_ID group_for(HTTP_SERVER_SESSION_ID s, PCWSTR url)
{
	HTTP_BINDING_INFO b = { .Flags.Present = 1, .RequestQueueHandle = q };
	HTTP_URL_GROUP_ID g = 0;

	if (HttpCreateUrlGroup(s, &g, 0) ||
	    HttpSetUrlGroupProperty(g, HttpServerBindingProperty, &b, sizeof(b)) ||
	    HttpAddUrlToUrlGroup(g, url, 0, 0))
		CHECK(0, "set-up: group for %ls", url);
	return g;
}

static ULONG set_auth(HTTP_SERVER_SESSION_ID s, HTTP_URL_GROUP_ID g, ULONG schemes,
		      BOOLEAN handed_over, BOOLEAN no_ntlm_cache)
{
	static WCHAR basic[] = L"testrealm", digest[] = L"digestrealm";
	HTTP_SERVER_AUTHENTICATION_INFO a = {
		.Flags.Present = 1, .AuthSchemes = schemes,
		.ReceiveMutualAuth = handed_over,
		.ReceiveContextHandle = handed_over,
		.DisableNTLMCredentialCaching = no_ntlm_cache,
		.BasicParams = { sizeof(basic) - sizeof(WCHAR), basic },
		.DigestParams = { .RealmLength = sizeof(digest) - sizeof(WCHAR),
				  .Realm = digest },
	};

	if (g)
		return HttpSetUrlGroupProperty(g, HttpServerAuthenticationProperty,
					       &a, sizeof(a));
	return HttpSetServerSessionProperty(s, HttpServerAuthenticationProperty,
					    &a, sizeof(a));
}

static void test_plain(void)
{
	struct httpsys_request_auth_info *a;
	int fd;

	CHECK(delivered("GET /auth/x HTTP/1.1\r\nHost: a\r\n\r\n", &fd),
	      "plain: a request without Authorization is delivered");
	a = auth_record();
	CHECK(r2->request_info_count == 1 && a &&
	      info(0)->length == sizeof(*a) &&
	      a->auth_status == HTTPSYS_AUTH_NOT_AUTHENTICATED &&
	      a->auth_type == HTTPSYS_AUTH_TYPE_NONE && !a->access_token &&
	      !a->package_name && !a->mutual_auth_data,
	      "plain: one AUTH record, NotAuthenticated, AuthType None");
	close(fd);

	CHECK(delivered("GET /plain/x HTTP/1.1\r\nHost: a\r\n"
			"Authorization: Negotiate YII=\r\n\r\n", &fd),
	      "no auth: delivered");
	CHECK(r2->request_info_count == 0 && r2->request_info == 0 &&
	      !strcmp(authorization(), "Negotiate YII="),
	      "no auth: a group without auth gives no request info, header intact");
	close(fd);

	CHECK(delivered("GET /inherit/x HTTP/1.1\r\nHost: a\r\n\r\n", &fd),
	      "inherited: delivered");
	a = auth_record();
	CHECK(a && a->auth_status == HTTPSYS_AUTH_NOT_AUTHENTICATED,
	      "inherited: a group without its own takes its session's auth");
	close(fd);
}

struct resetter {
	HTTP_SERVER_SESSION_ID s;
	HTTP_URL_GROUP_ID g;
	volatile int stop;
	int sets;
};

static void *reset_auth(void *arg)
{
	struct resetter *r = arg;

	while (!r->stop && set_auth(r->s, r->g, SCHEMES, FALSE, FALSE) == 0)
		r->sets++;
	return NULL;
}

/*
 * The group's settings replaced over and over while requests are routed:
 * every request still gets its AUTH record (a request routed during the
 * swap once saw the old settings with no reference left, and went without).
 * The window is small: a stress test that passing does not prove.
 */
static void test_settings_swap(HTTP_SERVER_SESSION_ID s, HTTP_URL_GROUP_ID g)
{
	struct resetter r = { .s = s, .g = g };
	int i, fd, without = 0, requests = 0;
	pthread_t t;
	uint64_t rid;

	if (!CHECK(pthread_create(&t, NULL, reset_auth, &r) == 0,
		   "settings swap: a thread replaces the settings"))
		return;
	fd = client_connect("127.0.0.1", PORT);
	for (i = 0; i < 400; i++) {
		client_send(fd, "GET /auth/x HTTP/1.1\r\nHost: a\r\n\r\n");
		rid = next_request(WAIT_MS);
		if (!rid)
			break;
		requests++;
		if (!auth_record())
			without++;
		send_status(rid, 200, "", 0);
		client_read_response(fd, out, sizeof(out));
	}
	r.stop = 1;
	pthread_join(t, NULL);
	close(fd);
	CHECK(requests == 400 && without == 0 && r.sets > 0,
	      "settings swap: %d of %d requests without an AUTH record while the settings were replaced %d times",
	      without, requests, r.sets);
}

static void test_untouched(void)
{
	struct httpsys_request_auth_info *a;
	int fd;

	CHECK(delivered("GET /auth/x HTTP/1.1\r\nHost: a\r\n"
			"Authorization: Custom abc\r\n\r\n", &fd),
	      "unknown scheme: delivered");
	a = auth_record();
	CHECK(a && a->auth_status == HTTPSYS_AUTH_NOT_AUTHENTICATED &&
	      !strcmp(authorization(), "Custom abc"),
	      "unknown scheme: NotAuthenticated, the header intact");
	close(fd);

	CHECK(delivered("GET /auth/x HTTP/1.1\r\nHost: a\r\n"
			"Authorization: Kerberos YII=\r\n\r\n", &fd),
	      "scheme not enabled: delivered");
	a = auth_record();
	CHECK(a && a->auth_status == HTTPSYS_AUTH_NOT_AUTHENTICATED &&
	      a->auth_type == HTTPSYS_AUTH_TYPE_NONE &&
	      !strcmp(authorization(), "Kerberos YII="),
	      "scheme not enabled: NotAuthenticated, the header intact");
	close(fd);
}

static void test_malformed(void)
{
	expect_answer("GET /auth/x HTTP/1.1\r\nHost: a\r\nAuthorization:\r\n\r\n",
		      400, "empty Authorization");
	expect_answer("GET /auth/x HTTP/1.1\r\nHost: a\r\nAuthorization: Basic !!!!\r\n\r\n",
		      400, "bad Base64 for Basic");
	expect_answer("GET /auth/x HTTP/1.1\r\nHost: a\r\nAuthorization: NTLM\r\n\r\n",
		      400, "NTLM without a token");
	expect_answer("GET /auth/x HTTP/1.1\r\nHost: a\r\n"
		      "Authorization: Negotiate YII=\r\n\r\n", 503,
		      "an enabled scheme with no helper");
}

/* Authorization of @len Base64 characters (a scheme not enabled). */
static void big_request(const char *path, size_t len)
{
	char *p = big + sprintf(big, "GET %s HTTP/1.1\r\nHost: a\r\n"
				"Authorization: Kerberos ", path);

	memset(p, 'A', len);
	strcpy(p + len, "\r\n\r\n");
}

static void test_limits(void)
{
	int fd;

	big_request("/auth/x", 60000);
	CHECK(delivered(big, &fd) &&
	      r2->v1.known_headers[AUTH_HDR].raw_value_length == 60009,
	      "limits: a 60000-byte Authorization passes with auth enabled");
	close(fd);
	big_request("/plain/x", 60000);
	expect_answer(big, 400, "limits: the same without auth");
}

/* What the application's 401 with @lines becomes. */
static const char *challenge(const char *lines, unsigned int flags)
{
	uint64_t id;
	int fd = raw_request(PORT, "GET /auth/x HTTP/1.1\r\nHost: a\r\n\r\n");

	id = next_request(WAIT_MS);
	if (!id || send_status(id, 401, lines, flags) ||
	    client_read_response(fd, out, sizeof(out)) != 401)
		out[0] = '\0';
	close(fd);
	return out;
}

static void test_challenges(void)
{
	const char *o, *neg, *ntlm;

	o = challenge("WWW-Authenticate: NTLM\r\nX-A: 1\r\n"
		      "WWW-Authenticate: Negotiate\r\n", 0);
	neg = strstr(o, "WWW-Authenticate: Negotiate\r\n");
	ntlm = strstr(o, "WWW-Authenticate: NTLM\r\n");
	CHECK(neg && ntlm && neg < ntlm && strstr(o, "X-A: 1\r\n"),
	      "401: WWW-Authenticate values sorted Negotiate, NTLM");
	o = challenge("WWW-Authenticate: NTLM\r\nWWW-Authenticate: Negotiate\r\n",
		      HTTPSYS_SEND_AUTH_PRESERVE_ORDER);
	neg = strstr(o, "WWW-Authenticate: Negotiate\r\n");
	ntlm = strstr(o, "WWW-Authenticate: NTLM\r\n");
	CHECK(neg && ntlm && ntlm < neg,
	      "401: with PRESERVE_ORDER the values go as given");
	o = challenge("WWW-Authenticate: Bearer x\r\nWWW-Authenticate: Basic\r\n", 0);
	CHECK(strstr(o, "WWW-Authenticate: Basic realm=\"testrealm\"\r\n"
			"WWW-Authenticate: Bearer x\r\n") != NULL,
	      "401: an enabled Basic gets its realm, before an unknown scheme");
	o = challenge("WWW-Authenticate: Digest\r\nWWW-Authenticate: NTLM\r\n", 0);
	CHECK(strstr(o, "WWW-Authenticate: NTLM\r\n") && !strstr(o, "Digest"),
	      "401: Digest with no helper to challenge is left out");
}

/* The fake helper: one generic netlink socket, registered. */
static struct nl_sock *helper;
/* Unix seconds an OK's context ends (EXPIRY); 0: none sent. */
static uint64_t answer_expiry;

/* ACCEPT until a job comes, for up to WAIT_MS; 0 or -errno. */
static int accept_job(struct helper_job *j)
{
	struct timespec pause = { 0, 20 * 1000 * 1000 };
	int tries, err = -ENOENT;

	for (tries = 0; tries < WAIT_MS / 20 && err == -ENOENT; tries++) {
		err = helper_accept(helper, j);
		if (err == -ENOENT)
			nanosleep(&pause, NULL);
	}
	return err;
}

/* DONE for @j with @status; OK carries who alice is. */
static int answer(const struct helper_job *j, uint32_t status,
		  const char *out_token)
{
	struct nl_msg *msg = helper_done_msg(j->seq, j->op, status);
	uint32_t groups[2] = { 1500, 100 };

	if (!msg)
		return -ENOMEM;
	if (out_token)
		nla_put(msg, HTTPSYS_AUTH_A_OUT_TOKEN, strlen(out_token), out_token);
	if (status == HTTPSYS_AUTH_STATUS_FAILED)
		nla_put_u32(msg, HTTPSYS_AUTH_A_SEC_STATUS, 0x8009030c);
	if (status == HTTPSYS_AUTH_STATUS_OK) {
		nla_put_string(msg, HTTPSYS_AUTH_A_USER, "alice@TEST.REALM");
		nla_put_string(msg, HTTPSYS_AUTH_A_PACKAGE,
			       j->scheme == HTTPSYS_AUTH_SCHEME_NTLM ?
			       "NTLM" : "Kerberos");
		nla_put_u32(msg, HTTPSYS_AUTH_A_UID, 1500);
		nla_put_u32(msg, HTTPSYS_AUTH_A_GID, 1500);
		nla_put(msg, HTTPSYS_AUTH_A_GROUPS, sizeof(groups), groups);
		nla_put_u32(msg, HTTPSYS_AUTH_A_CONTEXT_ATTRS, 0x800);
		if (answer_expiry)
			nla_put_u64(msg, HTTPSYS_AUTH_A_EXPIRY, answer_expiry);
		if (j->flags & HTTPSYS_AUTH_F_EXPORT_CONTEXT)
			nla_put(msg, HTTPSYS_AUTH_A_PACKED_CONTEXT, 3, "ctx");
	}
	return helper_call(helper, msg, NULL, NULL);
}

static int helper_start(void)
{
	helper = helper_socket();
	if (!helper || helper_resolve() < 0)
		return -EIO;
	return helper_simple(helper, HTTPSYS_AUTH_CMD_REGISTER);
}

/* One request for @path on @fd with @authorization; its job, accepted. */
static int send_leg_to(int fd, const char *path, const char *authorization,
		       struct helper_job *j)
{
	char request[512];

	snprintf(request, sizeof(request), "GET %s HTTP/1.1\r\n"
		 "Host: a\r\nAuthorization: %s\r\n\r\n", path, authorization);
	return client_send(fd, request) == 0 && accept_job(j) == 0;
}

static int send_leg(int fd, const char *authorization, struct helper_job *j)
{
	return send_leg_to(fd, "/auth/leg?x=1", authorization, j);
}

static void test_handshake(void)
{
	struct httpsys_request_auth_info *a;
	struct httpsys_auth_identity *id;
	uint64_t rid = 0;
	static struct helper_job j;
	int fd = client_connect("127.0.0.1", PORT);

	/* "NTLM" + 0x01 Base64'd: TlRMTQE= */
	CHECK(send_leg(fd, "Negotiate TlRMTQE=", &j) &&
	      j.op == HTTPSYS_AUTH_OP_AUTHENTICATE &&
	      j.scheme == HTTPSYS_AUTH_SCHEME_NEGOTIATE && j.token_len == 5 &&
	      !memcmp(j.token, "NTLM\1", 5) && !strcmp(j.method, "GET") &&
	      !strcmp(j.uri, "/auth/leg?x=1") && j.conn_id,
	      "handshake: the job has the decoded token, method, URI, connection");
	CHECK(answer(&j, HTTPSYS_AUTH_STATUS_CONTINUE, "chal") == 0 &&
	      client_read_response(fd, out, sizeof(out)) == 401 &&
	      strstr(out, "WWW-Authenticate: Negotiate Y2hhbA==\r\n") &&
	      strstr(out, "Content-Length: 0\r\n") && !next_request(100),
	      "handshake: CONTINUE is a 401 with the token, not delivered");
	CHECK(send_leg(fd, "Negotiate YXV0aA==", &j) && j.token_len == 4 &&
	      answer(&j, HTTPSYS_AUTH_STATUS_OK, "mutual") == 0 &&
	      (rid = next_request(WAIT_MS)) != 0,
	      "handshake: OK on the same connection delivers the request");
	a = auth_record();
	id = identity_record();
	CHECK(a && a->auth_status == HTTPSYS_AUTH_SUCCESS &&
	      a->auth_type == HTTPSYS_AUTH_TYPE_NEGOTIATE &&
	      a->context_attributes == 0x800 && !a->flags &&
	      a->package_name_length == 8 * 4 && !a->mutual_auth_data,
	      "handshake: Success, Negotiate, package, no mutual data by default");
	CHECK(id && id->mapped && id->uid == 1500 && id->group_count == 2 &&
	      !strcmp((char *)(uintptr_t)id->user, "alice@TEST.REALM"),
	      "handshake: the IDENTITY record names alice");
	CHECK(send_status(rid, 200, "", 0) == 0 &&
	      client_read_response(fd, out, sizeof(out)) == 200 &&
	      strstr(out, "WWW-Authenticate: Negotiate bXV0dWFs\r\n"),
	      "handshake: the final token rides on the 2xx");

	/* Kerberos was not made cacheable: a plain request is anonymous. */
	client_send(fd, "GET /auth/x HTTP/1.1\r\nHost: a\r\n\r\n");
	rid = next_request(WAIT_MS);
	a = auth_record();
	CHECK(rid && a && a->auth_status == HTTPSYS_AUTH_NOT_AUTHENTICATED,
	      "handshake: Kerberos is not cached without ExFlags");
	send_status(rid, 200, "", 0);
	client_read_response(fd, out, sizeof(out));
	close(fd);
	CHECK(accept_job(&j) == 0 && j.op == HTTPSYS_AUTH_OP_DROP && j.conn_id,
	      "handshake: the connection's close sends DROP");
}

/* A plain request on @fd for @path: its AUTH record's status and flags. */
static int plain_request(int fd, const char *path, uint32_t *flags)
{
	struct httpsys_request_auth_info *a;
	char request[256];
	uint64_t rid;
	int status = -1;

	snprintf(request, sizeof(request), "GET %s HTTP/1.1\r\nHost: a\r\n\r\n",
		 path);
	client_send(fd, request);
	rid = next_request(WAIT_MS);
	a = auth_record();
	if (rid && a) {
		status = a->auth_status;
		*flags = a->flags;
	}
	send_status(rid, 200, "", 0);
	client_read_response(fd, out, sizeof(out));
	return status;
}

static void test_ntlm_cache(void)
{
	uint32_t flags = 0;
	uint64_t rid = 0;
	static struct helper_job j;
	int fd = client_connect("127.0.0.1", PORT);

	CHECK(send_leg(fd, "NTLM TlRMTQE=", &j) &&
	      answer(&j, HTTPSYS_AUTH_STATUS_OK, NULL) == 0 &&
	      (rid = next_request(WAIT_MS)) != 0,
	      "NTLM cache: signed in");
	send_status(rid, 200, "", 0);
	client_read_response(fd, out, sizeof(out));
	CHECK(!strstr(out, "WWW-Authenticate"),
	      "NTLM cache: no mutual-auth line without a final token");
	CHECK(plain_request(fd, "/auth/x", &flags) == HTTPSYS_AUTH_SUCCESS &&
	      flags == HTTPSYS_AUTH_FLAG_CACHED_CRED &&
	      auth_record()->auth_type == HTTPSYS_AUTH_TYPE_NTLM &&
	      identity_record(),
	      "NTLM cache: the next request is signed in from the cache");
	/* /inherit/ enables Negotiate only: NTLM's sign-in does not reach it. */
	CHECK(plain_request(fd, "/inherit/x", &flags) ==
	      HTTPSYS_AUTH_NOT_AUTHENTICATED && !flags && !identity_record(),
	      "NTLM cache: not where NTLM is not enabled");
	close(fd);
	accept_job(&j);	/* its DROP */
}

/*
 * A sign-in cached on the connection serves a later request only where
 * that request's own URL allows caching, never hands over the context
 * exported for the request that made it, and ends with its context.
 */
static void test_cache_rules(void)
{
	struct httpsys_request_auth_info *a;
	static struct helper_job j;
	uint32_t flags = 0;
	uint64_t rid = 0;
	int fd = client_connect("127.0.0.1", PORT);

	CHECK(send_leg_to(fd, "/ctx/x", "NTLM TlRMTQE=", &j) &&
	      j.flags == HTTPSYS_AUTH_F_EXPORT_CONTEXT &&
	      answer(&j, HTTPSYS_AUTH_STATUS_OK, NULL) == 0 &&
	      (rid = next_request(WAIT_MS)) != 0 && (a = auth_record()) &&
	      a->packed_context_length == 3,
	      "cache rules: the sign-in's own request gets the packed context");
	send_status(rid, 200, "", 0);
	client_read_response(fd, out, sizeof(out));
	client_send(fd, "GET /ctx/y HTTP/1.1\r\nHost: a\r\n\r\n");
	rid = next_request(WAIT_MS);
	a = auth_record();
	CHECK(rid && a && a->auth_status == HTTPSYS_AUTH_SUCCESS &&
	      a->flags == HTTPSYS_AUTH_FLAG_CACHED_CRED &&
	      !a->packed_context_length && !a->packed_context,
	      "cache rules: a request served from the cache gets no packed context");
	send_status(rid, 200, "", 0);
	client_read_response(fd, out, sizeof(out));
	CHECK(plain_request(fd, "/nocache/x", &flags) ==
	      HTTPSYS_AUTH_NOT_AUTHENTICATED && !flags,
	      "cache rules: not where the URL disables NTLM credential caching");
	CHECK(plain_request(fd, "/auth/x", &flags) == HTTPSYS_AUTH_SUCCESS &&
	      flags == HTTPSYS_AUTH_FLAG_CACHED_CRED,
	      "cache rules: still where the URL allows it");
	close(fd);
	accept_job(&j);	/* its DROP */

	fd = client_connect("127.0.0.1", PORT);
	answer_expiry = time(NULL) + 1;
	CHECK(send_leg(fd, "NTLM TlRMTQE=", &j) &&
	      answer(&j, HTTPSYS_AUTH_STATUS_OK, NULL) == 0 &&
	      (rid = next_request(WAIT_MS)) != 0,
	      "cache rules: signed in with a context ending in a second");
	answer_expiry = 0;
	send_status(rid, 200, "", 0);
	client_read_response(fd, out, sizeof(out));
	sleep(2);
	CHECK(plain_request(fd, "/auth/x", &flags) ==
	      HTTPSYS_AUTH_NOT_AUTHENTICATED && !flags,
	      "cache rules: not once the sign-in's context has ended");
	close(fd);
	accept_job(&j);
}

/* Write @map to /proc/@pid/@file; 0 or -1. */
static int write_map(pid_t pid, const char *file, const char *map)
{
	char path[64];
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	f = fopen(path, "w");
	if (!f)
		return -1;
	ok = fputs(map, f) >= 0;
	return fclose(f) == 0 && ok ? 0 : -1;
}

/*
 * Receive the waiting request in a child that moved to a new user
 * namespace with @map (uid and gid; NULL: none) and check its IDENTITY
 * record; the request's ID comes back through @rid.  The exit status says
 * what failed.
 */
static int receive_in_userns(const char *map, uint32_t want_uid,
			     uint32_t want_gid, uint32_t want_groups,
			     uint32_t want_mapped, uint64_t *rid)
{
	int to_child[2], from_child[2], status = -1;
	char c;
	pid_t pid;

	if (pipe(to_child) || pipe(from_child))
		return -1;
	pid = fork();
	if (pid == 0) {
		struct httpsys_auth_identity *id;
		uint32_t *groups;
		uint64_t got;

		if (unshare(CLONE_NEWUSER) || write(from_child[1], "u", 1) != 1 ||
		    read(to_child[0], &c, 1) != 1)
			_exit(10);
		got = next_request(WAIT_MS);
		if (write(from_child[1], &got, sizeof(got)) != sizeof(got) || !got)
			_exit(11);
		id = identity_record();
		if (!id)
			_exit(12);
		groups = (uint32_t *)(uintptr_t)id->groups;
		if (id->mapped != want_mapped || id->uid != want_uid ||
		    id->gid != want_gid || id->group_count != want_groups)
			_exit(13);
		if (want_groups && groups[0] != want_gid)
			_exit(14);
		_exit(0);
	}
	if (pid < 0)
		return -1;
	if (read(from_child[0], &c, 1) == 1 &&
	    (!map || (write_map(pid, "uid_map", map) == 0 &&
		      write_map(pid, "gid_map", map) == 0)) &&
	    write(to_child[1], "g", 1) == 1 &&
	    read(from_child[0], rid, sizeof(*rid)) != sizeof(*rid))
		*rid = 0;
	waitpid(pid, &status, 0);
	close(to_child[0]);
	close(to_child[1]);
	close(from_child[0]);
	close(from_child[1]);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/*
 * helperd's uid 1500, gid 1500 and groups 1500 and 100 are the initial
 * namespace's: a receiver in another namespace reads them in its own.
 */
static void test_userns_ids(void)
{
	static struct helper_job j;
	uint64_t rid = 0;
	uint32_t flags;
	int fd = client_connect("127.0.0.1", PORT), got;

	CHECK(send_leg(fd, "NTLM TlRMTQE=", &j) &&
	      answer(&j, HTTPSYS_AUTH_STATUS_OK, NULL) == 0,
	      "user namespace: signed in as uid 1500");
	got = receive_in_userns("5000 1500 1\n", 5000, 5000, 1, 1, &rid);
	CHECK(got == 0,
	      "user namespace: a receiver mapping 1500 to 5000 reads uid and gid 5000, and only the groups it maps (%d)",
	      got);
	send_status(rid, 200, "", 0);
	client_read_response(fd, out, sizeof(out));
	client_send(fd, "GET /auth/x HTTP/1.1\r\nHost: a\r\n\r\n");
	rid = 0;
	got = receive_in_userns(NULL, 65534, 65534, 0, 0, &rid);
	CHECK(got == 0,
	      "user namespace: a receiver without a mapping gets an unmapped identity with the overflow ids (%d)",
	      got);
	send_status(rid, 200, "", 0);
	client_read_response(fd, out, sizeof(out));
	CHECK(plain_request(fd, "/auth/x", &flags) == HTTPSYS_AUTH_SUCCESS &&
	      identity_record() && identity_record()->uid == 1500,
	      "user namespace: the initial namespace still reads uid 1500");
	close(fd);
	accept_job(&j);
}

/*
 * auth_jobs_per_source: one client's sign-ins waiting for helperd are
 * capped, so it cannot fill the queue; a sign-in past the cap is 503 at
 * once, and one is accepted again when an earlier one is answered.
 */
static void test_per_source(void)
{
	static struct helper_job j[3];
	int fds[3], i;
	double start;

	set_param("auth_jobs_per_source", "2");
	for (i = 0; i < 2; i++) {
		fds[i] = client_connect("127.0.0.1", PORT);
		CHECK(send_leg(fds[i], "NTLM TlRMTQE=", &j[i]),
		      "per source: sign-in %d of 2 goes to the helper", i + 1);
	}
	start = now();
	fds[2] = client_connect("127.0.0.1", PORT);
	client_send(fds[2], "GET /auth/x HTTP/1.1\r\nHost: a\r\n"
		    "Authorization: NTLM TlRMTQE=\r\n\r\n");
	CHECK(client_read_response(fds[2], out, sizeof(out)) == 503 &&
	      now() - start < 2,
	      "per source: the third waiting sign-in from one address gets 503 at once");
	close(fds[2]);
	CHECK(answer(&j[0], HTTPSYS_AUTH_STATUS_CONTINUE, "c") == 0 &&
	      client_read_response(fds[0], out, sizeof(out)) == 401,
	      "per source: the first is answered");
	fds[2] = client_connect("127.0.0.1", PORT);
	CHECK(send_leg(fds[2], "NTLM TlRMTQE=", &j[2]),
	      "per source: then another sign-in goes to the helper");
	CHECK(answer(&j[1], HTTPSYS_AUTH_STATUS_FAILED, NULL) == 0 &&
	      answer(&j[2], HTTPSYS_AUTH_STATUS_FAILED, NULL) == 0,
	      "per source: the helper answers the rest");
	for (i = 0; i < 2; i++) {
		uint64_t rid = next_request(WAIT_MS);

		if (rid)
			send_status(rid, 200, "", 0);
	}
	for (i = 0; i < 3; i++)
		close(fds[i]);
	set_param("auth_jobs_per_source", "16");
	for (i = 0; i < 3; i++)
		accept_job(&j[0]);	/* the DROPs of the three that had jobs */
}

static void test_verdicts(void)
{
	struct httpsys_request_auth_info *a;
	uint64_t rid = 0;
	static struct helper_job j;
	int fd = client_connect("127.0.0.1", PORT);

	CHECK(send_leg(fd, "Basic YWxpY2U6d3Jvbmc=", &j) &&
	      j.scheme == HTTPSYS_AUTH_SCHEME_BASIC &&
	      j.token_len == 11 && !memcmp(j.token, "alice:wrong", 11) &&
	      !strcmp(j.realm, "testrealm") &&
	      answer(&j, HTTPSYS_AUTH_STATUS_FAILED, NULL) == 0 &&
	      (rid = next_request(WAIT_MS)) != 0,
	      "FAILED: Basic's decoded credentials and realm go up; delivered");
	a = auth_record();
	CHECK(a && a->auth_status == HTTPSYS_AUTH_FAILURE &&
	      a->sec_status == (int32_t)0x8009030c &&
	      a->auth_type == HTTPSYS_AUTH_TYPE_BASIC && !identity_record(),
	      "FAILED: AuthStatus Failure with SecStatus, no identity");
	send_status(rid, 200, "", 0);
	client_read_response(fd, out, sizeof(out));

	CHECK(send_leg(fd, "Digest username=\"a\"", &j) &&
	      j.token_len == 12 && !memcmp(j.token, "username=\"a\"", 12) &&
	      answer(&j, HTTPSYS_AUTH_STATUS_MALFORMED, NULL) == 0 &&
	      client_read_response(fd, out, sizeof(out)) == 400 &&
	      !next_request(100),
	      "MALFORMED: Digest's text as sent; 400, nothing delivered");
	close(fd);
	accept_job(&j);

	fd = client_connect("127.0.0.1", PORT);
	CHECK(send_leg(fd, "NTLM TlRMTQE=", &j) &&
	      answer(&j, HTTPSYS_AUTH_STATUS_ERROR, NULL) == 0 &&
	      client_read_response(fd, out, sizeof(out)) == 503,
	      "ERROR: 503");
	close(fd);
	accept_job(&j);
}

static void test_post_drain(void)
{
	static struct helper_job j;
	uint64_t rid = 0;
	int fd = client_connect("127.0.0.1", PORT);

	client_send(fd, "POST /auth/x HTTP/1.1\r\nHost: a\r\n"
		    "Authorization: NTLM TlRMTQE=\r\nContent-Length: 5\r\n\r\n"
		    "hello");
	CHECK(accept_job(&j) == 0 &&
	      answer(&j, HTTPSYS_AUTH_STATUS_CONTINUE, "c") == 0 &&
	      client_read_response(fd, out, sizeof(out)) == 401,
	      "early 401: on a POST with a body");
	client_send(fd, "GET /auth/after HTTP/1.1\r\nHost: a\r\n\r\n");
	rid = next_request(WAIT_MS);
	CHECK(rid && r2->v1.raw_url_length == 11,
	      "early 401: the body was drained, the next request parsed");
	send_status(rid, 200, "", 0);
	client_read_response(fd, out, sizeof(out));
	close(fd);
	accept_job(&j);
}

/* A client that half-closes after its request still gets the answer. */
static void test_half_close(void)
{
	static struct helper_job j;
	uint64_t rid = 0;
	int fd = client_connect("127.0.0.1", PORT);

	CHECK(send_leg(fd, "NTLM TlRMTQE=", &j) && shutdown(fd, SHUT_WR) == 0 &&
	      answer(&j, HTTPSYS_AUTH_STATUS_OK, NULL) == 0 &&
	      (rid = next_request(WAIT_MS)) != 0 &&
	      send_status(rid, 200, "", 0) == 0 &&
	      client_read_response(fd, out, sizeof(out)) == 200,
	      "half-close: a FIN while the job is out does not cancel it");
	close(fd);
	accept_job(&j);
}

static void test_close_while_out(void)
{
	struct linger l = { 1, 0 };
	static struct helper_job j, drop;
	int fd = client_connect("127.0.0.1", PORT);

	CHECK(send_leg(fd, "NTLM TlRMTQE=", &j), "close: a job is out");
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	close(fd);	/* a reset */
	CHECK(accept_job(&drop) == 0 && drop.op == HTTPSYS_AUTH_OP_DROP &&
	      drop.conn_id == j.conn_id,
	      "close: a reset while the job is out drops the connection");
	CHECK(answer(&j, HTTPSYS_AUTH_STATUS_OK, NULL) == -ENOENT && !next_request(200),
	      "close: the job was cancelled, its late answer refused");
}

static void test_handed_over(void)
{
	struct httpsys_request_auth_info *a;
	uint64_t rid = 0;
	static struct helper_job j;
	int fd = client_connect("127.0.0.1", PORT);

	CHECK(send_leg_to(fd, "/mutual/x", "Negotiate YII=", &j) &&
	      j.flags == HTTPSYS_AUTH_F_EXPORT_CONTEXT &&
	      answer(&j, HTTPSYS_AUTH_STATUS_OK, "mutual") == 0 &&
	      (rid = next_request(WAIT_MS)) != 0,
	      "handed over: ReceiveContextHandle asks helperd for the context");
	a = auth_record();
	CHECK(a && a->mutual_auth_data_length == 18 &&
	      !memcmp((char *)(uintptr_t)a->mutual_auth_data,
		      "Negotiate bXV0dWFs", 18) &&
	      a->packed_context_length == 3 &&
	      a->packed_context_type == HTTPSYS_AUTH_TYPE_NEGOTIATE &&
	      !memcmp((char *)(uintptr_t)a->packed_context, "ctx", 3),
	      "handed over: MutualAuthData and PackedContext in the AUTH record");
	CHECK(send_status(rid, 200, "", 0) == 0 &&
	      client_read_response(fd, out, sizeof(out)) == 200 &&
	      !strstr(out, "WWW-Authenticate"),
	      "handed over: the kernel adds no mutual-auth line then");
	close(fd);
	accept_job(&j);
}

struct pending_send {
	uint64_t id;
	const char *lines;
	int err;
};

static void *send_thread(void *arg)
{
	struct pending_send *p = arg;

	p->err = send_status(p->id, 401, p->lines, 0);
	return NULL;
}

static int count_of(const char *text, const char *what)
{
	int n = 0;

	for (; (text = strstr(text, what)); text += strlen(what))
		n++;
	return n;
}

static void test_digest_challenge(void)
{
	struct pending_send p = { .lines = "WWW-Authenticate: Basic\r\n"
					   "WWW-Authenticate: Digest\r\n"
					   "WWW-Authenticate: Digest x\r\n"
					   "WWW-Authenticate: Basic y\r\n" };
	pthread_t t;
	static struct helper_job j;
	int fd = raw_request(PORT, "GET /auth/x HTTP/1.1\r\nHost: a\r\n\r\n");
	double answered;

	p.id = next_request(WAIT_MS);
	if (!CHECK(p.id && !pthread_create(&t, NULL, send_thread, &p),
		   "Digest challenge: a 401 is being sent"))
		return;
	CHECK(accept_job(&j) == 0 && j.op == HTTPSYS_AUTH_OP_CHALLENGE &&
	      j.scheme == HTTPSYS_AUTH_SCHEME_DIGEST &&
	      !strcmp(j.realm, "digestrealm"),
	      "Digest challenge: the send asks helperd, with the Digest realm");
	CHECK(answer(&j, HTTPSYS_AUTH_STATUS_OK, "realm=\"digestrealm\", nonce=\"n1\"")
	      == 0, "Digest challenge: helperd answers");
	answered = now();
	pthread_join(t, NULL);
	CHECK(now() - answered < 2,
	      "Digest challenge: one upcall for the application's two Digest lines (the send ended %.1f s after the answer)",
	      now() - answered);
	if (!CHECK(p.err == 0 && client_read_response(fd, out, sizeof(out)) == 401 &&
		   strstr(out, "WWW-Authenticate: Digest realm=\"digestrealm\", "
			       "nonce=\"n1\"\r\nWWW-Authenticate: Basic realm="),
		   "Digest challenge: the 401 carries helperd's challenge before Basic"))
		printf("# send: %d; response:\n%s\n", p.err, out);
	CHECK(count_of(out, "WWW-Authenticate: Digest") == 1 &&
	      count_of(out, "WWW-Authenticate: Basic") == 1,
	      "Digest challenge: one challenge each for Digest and Basic, as http.sys sends");
	close(fd);
}

static void test_timeout(void)
{
	static struct helper_job j;
	int fd = client_connect("127.0.0.1", PORT);

	set_param("auth_timeout", "1");
	CHECK(send_leg(fd, "NTLM TlRMTQE=", &j) &&
	      client_read_response(fd, out, sizeof(out)) == 503,
	      "timeout: helperd silent past auth_timeout: 503");
	CHECK(answer(&j, HTTPSYS_AUTH_STATUS_OK, NULL) == -ENOENT,
	      "timeout: the late answer is refused");
	set_param("auth_timeout", "10");
	close(fd);
	accept_job(&j);
}

/*
 * Connections waiting for helperd with 40000-character tokens, under a
 * max_buffer_bytes of 1 MiB: how many of 40 are held (the rest get 503 at
 * once).  What a waiting connection holds (its buffers, its job's copy
 * of the credentials, its head's Authorization beyond the usual limits)
 * comes out of that budget, about 130 KiB each: about 8 wait.  Counting
 * the receive buffer alone (about 64 KiB each) let 20 wait.
 */
static void test_budget(void)
{
	struct linger l = { 1, 0 };
	static struct helper_job j;
	char saved[32] = "67108864";
	int fds[40], i, held = 0;
	FILE *f = fopen("/sys/module/httpsys/parameters/max_buffer_bytes", "r");
	char *p;

	if (f) {
		if (!fgets(saved, sizeof(saved), f))
			strcpy(saved, "67108864");
		saved[strcspn(saved, "\n")] = 0;
		fclose(f);
	}
	set_param("max_buffer_bytes", "1048576");
	p = big + sprintf(big, "GET /auth/x HTTP/1.1\r\nHost: a\r\n"
			  "Authorization: Negotiate ");
	memset(p, 'A', 40000);
	strcpy(p + 40000, "\r\n\r\n");
	for (i = 0; i < 40; i++) {
		fds[i] = client_connect("127.0.0.1", PORT);
		client_send(fds[i], big);
	}
	for (i = 0; i < 40; i++) {
		struct pollfd pfd = { .fd = fds[i], .events = POLLIN };

		if (poll(&pfd, 1, i ? 100 : 1000) == 0)
			held++;
	}
	CHECK(held > 0 && held <= 12,
	      "budget: sign-ins waiting for helperd are held within max_buffer_bytes (%d of 40 held)",
	      held);
	for (i = 0; i < 40; i++) {
		setsockopt(fds[i], SOL_SOCKET, SO_LINGER, &l, sizeof(l));
		close(fds[i]);
	}
	set_param("max_buffer_bytes", saved);
	usleep(500000);
	while (accept_job(&j) == 0)
		;	/* the DROPs of the closed connections */
}

/* `auth_flow handshake`: the set-up and one handshake, for tracepoints.sh. */
static int handshake_only;

static void test_with_helper(void)
{
	if (!CHECK(helper_start() == 0, "helper: a fake helper registers"))
		return;
	test_handshake();
	if (handshake_only) {
		nl_socket_free(helper);
		return;
	}
	test_ntlm_cache();
	test_cache_rules();
	test_userns_ids();
	test_per_source();
	test_verdicts();
	test_post_drain();
	test_close_while_out();
	test_half_close();
	test_handed_over();
	test_digest_challenge();
	test_timeout();
	test_budget();
	nl_socket_free(helper);
}

int main(int argc, char **argv)
{
	HTTP_SERVER_SESSION_ID s1 = 0, s2 = 0;
	HTTP_URL_GROUP_ID g, auth_group;

	handshake_only = argc > 1 && !strcmp(argv[1], "handshake");

	if (!CHECK(HttpInitialize(HTTPAPI_VERSION_2, HTTP_INITIALIZE_SERVER, NULL) == 0 &&
		   HttpCreateServerSession(HTTPAPI_VERSION_2, &s1, 0) == 0 &&
		   HttpCreateServerSession(HTTPAPI_VERSION_2, &s2, 0) == 0 &&
		   HttpCreateRequestQueue(HTTPAPI_VERSION_2, NULL, NULL, 0, &q) == 0,
		   "set-up: sessions and a queue"))
		return tap_exit_status();
	qfd = handle_fd(q);
	auth_group = group_for(s1, L"http://+:8093/auth/");
	CHECK(set_auth(s1, auth_group, SCHEMES, FALSE, FALSE) == 0,
	      "set-up: Basic, Digest, NTLM and Negotiate on a group");
	group_for(s1, L"http://+:8093/plain/");
	g = group_for(s1, L"http://+:8093/mutual/");
	CHECK(set_auth(s1, g, HTTP_AUTH_ENABLE_NEGOTIATE, TRUE, FALSE) == 0,
	      "set-up: ReceiveMutualAuth and ReceiveContextHandle on a group");
	group_for(s2, L"http://+:8093/inherit/");
	CHECK(set_auth(s2, 0, HTTP_AUTH_ENABLE_NEGOTIATE, FALSE, FALSE) == 0,
	      "set-up: Negotiate on a session");
	g = group_for(s1, L"http://+:8093/ctx/");
	CHECK(set_auth(s1, g, HTTP_AUTH_ENABLE_NTLM, TRUE, FALSE) == 0,
	      "set-up: NTLM with ReceiveContextHandle on a group");
	g = group_for(s1, L"http://+:8093/nocache/");
	CHECK(set_auth(s1, g, HTTP_AUTH_ENABLE_NTLM, FALSE, TRUE) == 0,
	      "set-up: NTLM with DisableNTLMCredentialCaching on a group");

	if (!handshake_only) {
		test_plain();
		test_settings_swap(s1, auth_group);
		test_untouched();
		test_malformed();
		test_limits();
		test_challenges();
	}
	test_with_helper();
	CloseHandle(q);
	HttpTerminate(HTTP_INITIALIZE_SERVER, NULL);
	return tap_exit_status();
}
