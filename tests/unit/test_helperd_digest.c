// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * helperd's Digest (RFC 7616): the response computation against the RFC's
 * section 3.9.1 examples, issued nonces, stale and forged nonces, nonce
 * counts, credentials, and malformed parameter lists.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "digest_internal.h"
#include "secstatus.h"
#include "../tap.h"
#include "helperd_stubs.h"

#define REALM "http-auth@example.org"
#define URI "/dir/index.html"

static void out_free(struct job_out *out)
{
	free(out->out_token);
	free(out->user);
	free(out->package);
	memset(out, 0, sizeof(*out));
}

static struct helperd_config cfg = {
	.digest_key = "0123456789abcdef0123456789abcdef",
	.digest_key_len = 32,
	.digest_nonce_lifetime = 300,
};

static struct job_in job(uint64_t conn_id, const char *params)
{
	struct job_in in = {
		.op = HTTPSYS_AUTH_OP_AUTHENTICATE,
		.conn_id = conn_id,
		.scheme = HTTPSYS_AUTH_SCHEME_DIGEST,
		.token = (const unsigned char *)params,
		.token_len = strlen(params),
		.method = "GET",
		.uri = URI,
		.realm = REALM,
		.domain = "",
	};
	return in;
}

static void vectors(void)
{
	/* RFC 7616 section 3.9.1. */
	struct digest_answer a = {
		.username = "Mufasa",
		.realm = REALM,
		.nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
		.uri = URI,
		.cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
		.qop = "auth",
		.nc = "00000001",
	};
	char hex[DIGEST_HEX_MAX];
	bool sess;

	CHECK(digest_response_hex(digest_md("MD5", &sess), false, &a, "GET",
				  "Circle of Life", hex) &&
		      !strcmp(hex, "8ca523f5e9506fed4657c9700eebdbec"),
	      "RFC 7616 3.9.1 MD5 response");
	CHECK(digest_response_hex(digest_md("SHA-256", &sess), false, &a, "GET",
				  "Circle of Life", hex) &&
		      !strcmp(hex, "753927fa0e85d155564e2e272a28d180"
				   "2ca10daf4496794697cf8db5856cb6c1"),
	      "RFC 7616 3.9.1 SHA-256 response");
}

/* The value of @name="..." in a challenge, copied to @buf. */
static bool challenge_value(const char *ch, const char *name, char *buf,
			    size_t cap)
{
	char key[64];
	const char *s, *e;

	snprintf(key, sizeof(key), "%s=\"", name);
	s = strstr(ch, key);
	if (!s)
		return false;
	s += strlen(key);
	e = strchr(s, '"');
	if (!e || (size_t)(e - s) >= cap)
		return false;
	memcpy(buf, s, (size_t)(e - s));
	buf[e - s] = '\0';
	return true;
}

/* A challenge for @conn_id as text (static buffer). */
static const char *challenge(uint64_t conn_id, const char *realm,
			     const char *domain)
{
	static __thread char text[4096];
	struct job_in in = job(conn_id, "");
	struct job_out out = { 0 };

	in.op = HTTPSYS_AUTH_OP_CHALLENGE;
	in.realm = realm;
	in.domain = domain;
	digest_challenge(&cfg, &in, &out);
	text[0] = '\0';
	if (out.status == HTTPSYS_AUTH_STATUS_OK &&
	    out.out_token_len < sizeof(text)) {
		memcpy(text, out.out_token, out.out_token_len);
		text[out.out_token_len] = '\0';
	}
	out_free(&out);
	return text;
}

struct answer_spec {
	const char *alg, *user, *password, *realm, *nonce, *uri, *nc, *opaque;
	const char *user_ext; /* username*, sent instead of username */
};

/* The RFC's user, answering a nonce of ours (set per test). */
static const struct answer_spec mufasa = {
	.alg = "SHA-256",
	.user = "Mufasa",
	.password = "Circle of Life",
	.realm = REALM,
	.uri = URI,
	.nc = "00000001",
};

/* An Authorization value a client would send for @s. */
static const char *answer(const struct answer_spec *s)
{
	static __thread char text[4096];
	struct digest_answer a = {
		.username = s->user,
		.realm = s->realm,
		.nonce = s->nonce,
		.uri = s->uri,
		.cnonce = "0a4f113b",
		.qop = "auth",
		.nc = s->nc,
	};
	char hex[DIGEST_HEX_MAX] = "", user[2048];
	bool sess = false;
	const EVP_MD *md = digest_md(s->alg, &sess);

	if (md)
		digest_response_hex(md, sess, &a, "GET", s->password, hex);
	if (s->user_ext)
		snprintf(user, sizeof(user), "username*=%s", s->user_ext);
	else
		snprintf(user, sizeof(user), "username=\"%s\"", s->user);
	snprintf(text, sizeof(text),
		 "%s, realm=\"%s\", nonce=\"%s\", uri=\"%s\", "
		 "algorithm=%s, response=\"%s\", qop=auth, nc=%s, "
		 "cnonce=\"0a4f113b\"%s%s%s",
		 user, s->realm, s->nonce, s->uri, s->alg, hex, s->nc,
		 s->opaque ? ", opaque=\"" : "", s->opaque ? s->opaque : "",
		 s->opaque ? "\"" : "");
	return text;
}

/* digest_job's status and SECURITY_STATUS for @params on @conn_id. */
static uint32_t run(uint64_t conn_id, const char *params, uint32_t *sec,
		    char **user)
{
	struct job_in in = job(conn_id, params);
	struct job_out out = { 0 };
	uint32_t status;

	digest_job(&cfg, &in, &out);
	status = out.status;
	if (sec)
		*sec = out.sec_status;
	if (user) {
		*user = out.user;
		out.user = NULL;
	}
	out_free(&out);
	return status;
}

static bool fails_with(uint64_t conn_id, const char *params, uint32_t want)
{
	uint32_t sec;

	return run(conn_id, params, &sec, NULL) == HTTPSYS_AUTH_STATUS_FAILED &&
	       sec == want;
}

static bool malformed(const char *params)
{
	return run(1, params, NULL, NULL) == HTTPSYS_AUTH_STATUS_MALFORMED;
}

static void round_trips(void)
{
	char nonce[128], opaque[64], ch[4096], *user = NULL;
	struct answer_spec s = mufasa;
	uint32_t status;

	snprintf(ch, sizeof(ch), "%s", challenge(7, REALM, "/dir/"));
	CHECK(!strncmp(ch, "realm=\"" REALM "\", domain=\"/dir/\", nonce=\"",
		       54) &&
		      strstr(ch, ", algorithm=SHA-256, qop=\"auth\"") &&
		      !strstr(ch, "stale"),
	      "challenge: realm, domain, nonce, SHA-256, qop=auth: %s", ch);
	CHECK(!strstr(challenge(7, REALM, ""), "domain="),
	      "challenge without a domain names none");
	CHECK(strstr(challenge(7, "a\"b\\c", ""), "realm=\"a\\\"b\\\\c\""),
	      "challenge escapes the realm as a quoted-string");
	CHECK(!strcmp(challenge(7, "bad\r\nrealm", ""), ""),
	      "challenge refuses a realm with control characters");
	if (!CHECK(challenge_value(ch, "nonce", nonce, sizeof(nonce)) &&
			   challenge_value(ch, "opaque", opaque,
					   sizeof(opaque)),
		   "challenge has a nonce and an opaque"))
		return;
	s.nonce = nonce;
	s.opaque = opaque;

	CHECK(run(7, answer(&s), NULL, &user) == HTTPSYS_AUTH_STATUS_OK &&
		      user && !strcmp(user, "Mufasa"),
	      "issued nonce, SHA-256, right password: OK as Mufasa");
	free(user);
	CHECK(fails_with(7, answer(&s), SEC_E_OUT_OF_SEQUENCE),
	      "the same nonce count again: replay refused");
	s.nc = "00000003";
	CHECK(run(7, answer(&s), NULL, NULL) == HTTPSYS_AUTH_STATUS_OK,
	      "a higher nonce count (3): OK");
	s.nc = "00000002";
	CHECK(fails_with(7, answer(&s), SEC_E_OUT_OF_SEQUENCE),
	      "a lower nonce count (2 after 3): refused");
	s.nc = "00000004";
	s.alg = "MD5";
	CHECK(run(7, answer(&s), NULL, NULL) == HTTPSYS_AUTH_STATUS_OK,
	      "MD5 answer to the same nonce: OK");
	s.nc = "00000005";
	s.alg = "SHA-256-sess";
	CHECK(run(7, answer(&s), NULL, NULL) == HTTPSYS_AUTH_STATUS_OK,
	      "SHA-256-sess answer: OK");
	s.nc = "00000006";
	s.alg = "MD5-sess";
	CHECK(run(7, answer(&s), NULL, NULL) == HTTPSYS_AUTH_STATUS_OK,
	      "MD5-sess answer: OK");
	s.nc = "00000007";
	s.alg = "SHA-256";
	s.opaque = NULL;
	CHECK(run(7, answer(&s), NULL, NULL) == HTTPSYS_AUTH_STATUS_OK,
	      "an answer without the opaque: OK");
	s.nc = "00000008";
	s.opaque = "AAAAAAAAAAAAAAAA";
	CHECK(fails_with(7, answer(&s), SEC_E_INVALID_TOKEN),
	      "another opaque: refused");
	s.opaque = opaque;

	s.password = "Circle of Death";
	CHECK(fails_with(7, answer(&s), SEC_E_LOGON_DENIED),
	      "wrong password: LOGON_DENIED");
	s.password = "Circle of Life";
	s.user = "Simba";
	CHECK(fails_with(7, answer(&s), SEC_E_LOGON_DENIED),
	      "unknown user: LOGON_DENIED");
	s.user = "Scar";
	s.password = "long:live:the:king";
	CHECK(run(7, answer(&s), NULL, NULL) == HTTPSYS_AUTH_STATUS_OK,
	      "a password holding colons: OK");
	s.nc = "00000009";
	s.user = "Mufasa";
	s.password = "Circle of Life";
	s.realm = "other@example.org";
	CHECK(fails_with(7, answer(&s), SEC_E_LOGON_DENIED),
	      "wrong realm: LOGON_DENIED");
	s.realm = REALM;
	s.uri = "/dir/other.html";
	CHECK(run(7, answer(&s), NULL, NULL) == HTTPSYS_AUTH_STATUS_MALFORMED,
	      "a uri other than the request's: MALFORMED (400)");
	s.uri = URI;
	CHECK(run(7, answer(&s), NULL, NULL) == HTTPSYS_AUTH_STATUS_OK,
	      "failed answers do not use up a nonce count");
	{
		char longname[HTTPSYS_AUTH_MAX_NAME + 1];

		memset(longname, 'a', HTTPSYS_AUTH_MAX_NAME);
		longname[HTTPSYS_AUTH_MAX_NAME] = '\0';
		s.user = longname;
		CHECK(fails_with(7, answer(&s), SEC_E_LOGON_DENIED),
		      "a user name of %d bytes: LOGON_DENIED",
		      HTTPSYS_AUTH_MAX_NAME);
	}
	s.nc = "0000000a";
	s.user = "J\xc3\xa4s\xc3\xb8n Doe";
	s.user_ext = "UTF-8''J%C3%A4s%C3%B8n%20Doe";
	status = run(7, answer(&s), NULL, &user);
	CHECK(status == HTTPSYS_AUTH_STATUS_OK && user && !strcmp(user, s.user),
	      "username* (RFC 7616 3.4.4's example name): OK as that name");
	free(user);
	s.user_ext = "utf-8'en'J%c3%a4s%c3%b8n%20Doe";
	CHECK(fails_with(7, answer(&s), SEC_E_OUT_OF_SEQUENCE),
	      "username* with a language tag decodes to the same name "
	      "(the count is used: OUT_OF_SEQUENCE)");
	s.nc = "0000000b";
	s.user_ext = "ISO-8859-1''J%E4s%F8n%20Doe";
	CHECK(run(7, answer(&s), NULL, NULL) == HTTPSYS_AUTH_STATUS_MALFORMED,
	      "username* in another charset: MALFORMED");
	s.user_ext = "UTF-8''J%C3%A4s%C3%B8n%2";
	CHECK(run(7, answer(&s), NULL, NULL) == HTTPSYS_AUTH_STATUS_MALFORMED,
	      "username* with a cut %%-escape: MALFORMED");
	s.user_ext = "UTF-8''a%00b";
	CHECK(run(7, answer(&s), NULL, NULL) == HTTPSYS_AUTH_STATUS_MALFORMED,
	      "username* decoding to a NUL: MALFORMED");
	snprintf(ch, sizeof(ch), "username=\"x\", %s", answer(&s));
	CHECK(run(7, ch, NULL, NULL) == HTTPSYS_AUTH_STATUS_MALFORMED,
	      "both username and username*: MALFORMED");
}

static void nonces(void)
{
	char nonce[DIGEST_NONCE_TEXT_LEN + 1], old[DIGEST_NONCE_TEXT_LEN + 1];
	unsigned char id[DIGEST_NONCE_ID_LEN];
	int64_t issued;
	struct answer_spec s = mufasa;

	CHECK(digest_nonce_make(REALM, 1234567, nonce) &&
		      digest_nonce_check(nonce, REALM, id, &issued) &&
		      issued == 1234567,
	      "a nonce verifies and carries its time");
	CHECK(!digest_nonce_check(nonce, "other", id, &issued),
	      "a nonce is bound to its realm");
	nonce[10] = nonce[10] == 'A' ? 'B' : 'A';
	CHECK(!digest_nonce_check(nonce, REALM, id, &issued),
	      "an altered nonce does not verify");
	s.nonce = nonce;
	CHECK(fails_with(8, answer(&s), SEC_E_INVALID_TOKEN),
	      "forged nonce: INVALID_TOKEN");
	s.nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
	CHECK(fails_with(8, answer(&s), SEC_E_INVALID_TOKEN),
	      "a nonce not of this server (RFC example): INVALID_TOKEN");

	digest_nonce_make(REALM, (int64_t)time(NULL) - 301, old);
	s.nonce = old;
	s.password = "wrong";
	CHECK(fails_with(8, answer(&s), SEC_E_LOGON_DENIED) &&
		      !strstr(challenge(8, REALM, ""), "stale"),
	      "expired nonce with a wrong password: LOGON_DENIED, not stale");
	s.password = "Circle of Life";
	CHECK(fails_with(8, answer(&s), SEC_E_CONTEXT_EXPIRED),
	      "expired nonce with the right password: CONTEXT_EXPIRED");
	CHECK(strstr(challenge(8, REALM, ""), ", stale=true"),
	      "the next challenge on that connection says stale=true");
	CHECK(!strstr(challenge(9, REALM, ""), "stale"),
	      "another connection's challenge does not");
	digest_drop(8);
	CHECK(!strstr(challenge(8, REALM, ""), "stale"),
	      "after DROP the connection's stale hint is gone");
	fails_with(8, answer(&s), SEC_E_CONTEXT_EXPIRED);
	digest_nonce_make(REALM, (int64_t)time(NULL), nonce);
	s.nonce = nonce;
	CHECK(run(8, answer(&s), NULL, NULL) == HTTPSYS_AUTH_STATUS_OK &&
		      !strstr(challenge(8, REALM, ""), "stale"),
	      "success with a fresh nonce clears the stale hint");
}

#define WORKERS 4
#define WORKER_ROUNDS 100

/* One connection's client: a challenge, then counts 1..WORKER_ROUNDS. */
static void *worker(void *arg)
{
	uint64_t conn_id = 100 + (uintptr_t)arg;
	char ch[4096], nonce[128], old[DIGEST_NONCE_TEXT_LEN + 1], nc[9];
	struct answer_spec s = mufasa;
	uintptr_t ok = 0;
	unsigned int i;

	snprintf(ch, sizeof(ch), "%s", challenge(conn_id, REALM, ""));
	if (!challenge_value(ch, "nonce", nonce, sizeof(nonce)))
		return NULL;
	digest_nonce_make(REALM, (int64_t)time(NULL) - 1000, old);
	s.nc = nc;
	for (i = 1; i <= WORKER_ROUNDS; i++) {
		snprintf(nc, sizeof(nc), "%08x", i);
		s.nonce = nonce;
		ok += run(conn_id, answer(&s), NULL, NULL) ==
		      HTTPSYS_AUTH_STATUS_OK;
		/* The stale hints change under the other threads too. */
		s.nonce = old;
		ok += fails_with(conn_id, answer(&s), SEC_E_CONTEXT_EXPIRED);
		digest_drop(conn_id);
	}
	return (void *)ok;
}

static void threads(void)
{
	pthread_t t[WORKERS];
	uintptr_t i, ok = 0;
	void *ret;

	for (i = 0; i < WORKERS; i++)
		pthread_create(&t[i], NULL, worker, (void *)i);
	for (i = 0; i < WORKERS; i++) {
		pthread_join(t[i], &ret);
		ok += (uintptr_t)ret;
	}
	CHECK(ok == 2 * WORKERS * WORKER_ROUNDS,
	      "%d threads, %d answers each on their own connection: all as "
	      "expected (%zu of %d)",
	      WORKERS, 2 * WORKER_ROUNDS, (size_t)ok,
	      2 * WORKERS * WORKER_ROUNDS);
}

/* Run on an empty table: fills it and one more. */
static void nc_bounds(void)
{
	int64_t now = (int64_t)time(NULL);
	unsigned char id[DIGEST_NONCE_ID_LEN] = { 0 };
	unsigned char keep[DIGEST_NONCE_ID_LEN], lost[DIGEST_NONCE_ID_LEN];
	uint32_t i;
	bool ok = true;

	/* Distinct ids spread over the buckets (the last bytes pick one). */
	for (i = 0; i <= DIGEST_NC_MAX_ENTRIES && ok; i++) {
		id[DIGEST_NONCE_ID_LEN - 4] = i >> 24;
		id[DIGEST_NONCE_ID_LEN - 3] = i >> 16;
		id[DIGEST_NONCE_ID_LEN - 2] = i >> 8;
		id[DIGEST_NONCE_ID_LEN - 1] = i;
		ok = digest_nc_advance(id, i % 2 ? now - 100 : now - 200, 1,
				       now, 300) == DIGEST_NC_OK;
		if (i == 0)
			memcpy(lost, id, sizeof(id));
		if (i == 1)
			memcpy(keep, id, sizeof(id));
	}
	CHECK(ok, "a full nonce-count table takes one more nonce");
	CHECK(digest_nc_advance(lost, now - 200, 2, now, 300) ==
		      DIGEST_NC_FORGOTTEN,
	      "a nonce it forgot (the oldest) is stale, not new");
	CHECK(digest_nc_advance(keep, now - 100, 1, now, 300) ==
		      DIGEST_NC_REPLAY,
	      "a nonce it kept still refuses a replayed count");
	CHECK(digest_nc_advance(keep, now - 100, 2, now, 300) == DIGEST_NC_OK,
	      "and takes a higher one");
}

static void parsing(void)
{
	struct digest_params p;
	const char *text = " ,a=b ,, c = \"x\\\"y\\\\z\", D=\"\"";

	CHECK(digest_params_parse(text, strlen(text), &p) && p.count == 3 &&
		      !strcmp(digest_param(&p, "a"), "b") &&
		      !strcmp(digest_param(&p, "c"), "x\"y\\z") &&
		      !strcmp(digest_param(&p, "d"), ""),
	      "parameters: tokens, quoted-pairs, empty elements, any case");
	digest_params_free(&p);

	CHECK(malformed("username=\"Mufasa, realm=\"" REALM "\""),
	      "unterminated quoted-string: MALFORMED");
	CHECK(malformed("username=\"Mufasa\", realm=\"" REALM
			"\", nonce=\"x\", "
			"uri=\"" URI "\", qop=auth, nc=00000001, cnonce=\"c\""),
	      "missing response: MALFORMED");
	CHECK(malformed("username=\"Mufasa\", username=\"Scar\", realm=\"r\", "
			"nonce=\"x\", uri=\"" URI
			"\", response=\"0\", qop=auth, "
			"nc=00000001, cnonce=\"c\""),
	      "duplicate parameter: MALFORMED");
	CHECK(malformed("Realm=\"a\", realm=\"b\""),
	      "duplicate parameter in another case: MALFORMED");
	CHECK(malformed("\x01\x02garbage"), "garbage: MALFORMED");
	CHECK(malformed("username"), "a name without a value: MALFORMED");
	CHECK(malformed("a=b c=d"), "junk after a value: MALFORMED");
	CHECK(malformed("a=\"b\\"), "a quoted-pair at the end: MALFORMED");
	CHECK(malformed(""), "an empty list: MALFORMED");
	CHECK(malformed("a=\"\x7f\""), "a control character: MALFORMED");
	CHECK(malformed("username=\"Mufasa\", realm=\"" REALM
			"\", nonce=\"x\", "
			"uri=\"" URI "\", response=\"0\", qop=auth, nc=1, "
			"cnonce=\"c\""),
	      "a nonce count that is not 8 hex digits: MALFORMED");
	CHECK(malformed("username=\"Mufasa\", realm=\"" REALM
			"\", nonce=\"x\", "
			"uri=\"" URI "\", response=\"0\", qop=auth, "
			"nc=00000000, cnonce=\"c\""),
	      "nonce count 0: MALFORMED");
	{
		struct job_in in = job(1, "a=b");
		struct job_out out = { 0 };
		static const char nul[] = "username=\"a\0b\"";

		in.token = (const unsigned char *)nul;
		in.token_len = sizeof(nul) - 1;
		digest_job(&cfg, &in, &out);
		CHECK(out.status == HTTPSYS_AUTH_STATUS_MALFORMED,
		      "a NUL byte in the parameters: MALFORMED");
		out_free(&out);
	}
	CHECK(fails_with(1,
			 "username=\"Mufasa\", realm=\"" REALM "\", "
			 "nonce=\"x\", uri=\"" URI "\", response=\"0\", "
			 "qop=auth-int, nc=00000001, cnonce=\"c\"",
			 SEC_E_UNSUPPORTED_FUNCTION),
	      "qop=auth-int: UNSUPPORTED_FUNCTION");
	CHECK(fails_with(1,
			 "username=\"Mufasa\", realm=\"" REALM "\", "
			 "nonce=\"x\", uri=\"" URI "\", response=\"0\", "
			 "qop=auth, nc=00000001, cnonce=\"c\", userhash=true",
			 SEC_E_UNSUPPORTED_FUNCTION),
	      "userhash=true: UNSUPPORTED_FUNCTION");
	CHECK(fails_with(1,
			 "username=\"Mufasa\", realm=\"" REALM "\", "
			 "nonce=\"x\", uri=\"" URI "\", response=\"0\", "
			 "algorithm=SHA-512-256, qop=auth, nc=00000001, "
			 "cnonce=\"c\"",
			 SEC_E_UNSUPPORTED_FUNCTION),
	      "an unsupported algorithm: UNSUPPORTED_FUNCTION");
}

static char *write_file(const char *content)
{
	static char path[] = "/tmp/httpsys-digest-XXXXXX";
	char *copy = strdup(path);
	int fd = mkstemp(copy);

	if (fd < 0 || write(fd, content, strlen(content)) < 0) {
		perror("creds");
		exit(2);
	}
	close(fd);
	return copy;
}

int main(void)
{
	char *good = write_file("# users\n\n"
				"Mufasa:" REALM ":Circle of Life\n"
				"Mufasa:other@example.org:Circle of Life\n"
				"Scar:" REALM ":long:live:the:king\n"
				"J\xc3\xa4s\xc3\xb8n Doe:" REALM
				":Circle of Life\n");
	char *bad = write_file("Mufasa:" REALM ":Circle of Life\n"
			       "no-colon-here\n");

	cfg.digest_file = bad;
	CHECK(digest_init(&cfg) == -1,
	      "a credential file with a bad line is refused (see stderr)");
	cfg.digest_file = good;
	if (!CHECK(digest_init(&cfg) == 0, "digest_init"))
		return tap_exit_status();
	nc_bounds();
	vectors();
	round_trips();
	nonces();
	threads();
	parsing();
	unlink(good);
	unlink(bad);
	free(good);
	free(bad);
	return tap_exit_status();
}
