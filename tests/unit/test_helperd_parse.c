// SPDX-License-Identifier: GPL-2.0
/*
 * helperd's parser of ACCEPT's reply (helperd/job_parse.c), fed good jobs
 * and hostile ones.  Each message is parsed from a heap copy of exactly
 * its length, so ASan reports any byte read past it.
 */
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>

#include "job_parse.h"
#include "tap.h"

#define MUTATIONS	5000

/* A message being built: the kernel's layout, written by hand. */
struct msg {
	unsigned char buf[HTTPSYS_AUTH_RCVBUF];
	size_t len;
};

/* Each test's message, rebuilt for every case. */
static struct msg scratch;

static struct nlmsghdr *msg_hdr(struct msg *m)
{
	return (struct nlmsghdr *)m->buf;
}

static void msg_start(struct msg *m, uint8_t cmd)
{
	struct genlmsghdr gh = { .cmd = cmd,
				 .version = HTTPSYS_AUTH_GENL_VERSION };

	memset(m->buf, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	memcpy(m->buf + NLMSG_HDRLEN, &gh, sizeof(gh));
	m->len = NLMSG_HDRLEN + GENL_HDRLEN;
	msg_hdr(m)->nlmsg_len = m->len;
}

/* Append an attribute whose header says @nla_len; @len bytes follow. */
static struct nlattr *put_raw(struct msg *m, int type, uint16_t nla_len,
			      const void *data, size_t len)
{
	struct nlattr *a = (struct nlattr *)(m->buf + m->len);

	a->nla_type = type;
	a->nla_len = nla_len;
	memcpy(m->buf + m->len + NLA_HDRLEN, data, len);
	memset(m->buf + m->len + NLA_HDRLEN + len, 0,
	       NLA_ALIGN(len) - len);
	m->len += NLA_HDRLEN + NLA_ALIGN(len);
	msg_hdr(m)->nlmsg_len = m->len;
	return a;
}

static struct nlattr *put(struct msg *m, int type, const void *data,
			  size_t len)
{
	return put_raw(m, type, NLA_HDRLEN + len, data, len);
}

static void put_u32(struct msg *m, int type, uint32_t v)
{
	put(m, type, &v, sizeof(v));
}

static void put_u64(struct msg *m, int type, uint64_t v)
{
	put(m, type, &v, sizeof(v));
}

static void put_str(struct msg *m, int type, const char *s)
{
	put(m, type, s, strlen(s) + 1);
}

/* A job's first attributes, as auth_put_job() in the kernel writes them. */
static void put_head(struct msg *m, uint64_t seq, uint32_t op)
{
	msg_start(m, HTTPSYS_AUTH_CMD_ACCEPT);
	put_u64(m, HTTPSYS_AUTH_A_SEQ, seq);
	put_u32(m, HTTPSYS_AUTH_A_OP, op);
	put_u64(m, HTTPSYS_AUTH_A_CONN_ID, 42);
}

static const unsigned char token[] = { 0x60, 0x00, 0x06, 0xff, 0x2b };

/* An AUTHENTICATE job with every attribute. */
static void good_authenticate(struct msg *m)
{
	put_head(m, 7, HTTPSYS_AUTH_OP_AUTHENTICATE);
	put_u32(m, HTTPSYS_AUTH_A_SCHEME, HTTPSYS_AUTH_SCHEME_NEGOTIATE);
	put_u32(m, HTTPSYS_AUTH_A_FLAGS, HTTPSYS_AUTH_F_EXPORT_CONTEXT);
	put(m, HTTPSYS_AUTH_A_TOKEN, token, sizeof(token));
	put_str(m, HTTPSYS_AUTH_A_METHOD, "POST");
	put_str(m, HTTPSYS_AUTH_A_URI, "/a/b?c=d");
	put_str(m, HTTPSYS_AUTH_A_REALM, "EXAMPLE");
	put_str(m, HTTPSYS_AUTH_A_DOMAIN, "/a/");
}

/*
 * Parse @len bytes of @bytes from a heap copy of exactly that size, freed
 * before the job is looked at: the job must own what it points to.
 */
static struct job *parse_bytes(const void *bytes, size_t len, uint64_t *seq,
			       uint32_t *op)
{
	void *copy = malloc(len ? len : 1);
	struct job *job;

	memcpy(copy, bytes, len);
	job = job_parse(copy, len, seq, op);
	free(copy);
	return job;
}

static struct job *parse(struct msg *m, uint64_t *seq, uint32_t *op)
{
	return parse_bytes(m->buf, m->len, seq, op);
}

/* The job @m makes, when what a refusal would answer does not matter. */
static struct job *take(struct msg *m)
{
	uint64_t seq;
	uint32_t op;

	return parse(m, &seq, &op);
}

/* Whether @m is refused, answerably (a non-zero *seq) as @answerable says. */
static bool refused(struct msg *m, bool answerable)
{
	uint64_t seq;
	uint32_t op;
	struct job *job = parse(m, &seq, &op);

	free(job);
	return !job && (seq != 0) == answerable;
}

static bool accepted(struct msg *m)
{
	struct job *job = take(m);

	free(job);
	return job;
}

static void test_good_authenticate(void)
{
	struct msg *m = &scratch;
	const struct job_in *in;
	struct job *job;

	good_authenticate(m);
	job = take(m);
	if (!CHECK(job, "a full AUTHENTICATE job is accepted"))
		return;
	in = &job->in;
	CHECK(in->seq == 7 && in->op == HTTPSYS_AUTH_OP_AUTHENTICATE &&
	      in->conn_id == 42, "its seq, op and connection are read");
	CHECK(in->scheme == HTTPSYS_AUTH_SCHEME_NEGOTIATE &&
	      in->flags == HTTPSYS_AUTH_F_EXPORT_CONTEXT,
	      "its scheme and flags are read");
	CHECK(in->token_len == sizeof(token) &&
	      !memcmp(in->token, token, sizeof(token)),
	      "its binary token is copied whole, NUL bytes and all");
	CHECK(!strcmp(in->method, "POST") && !strcmp(in->uri, "/a/b?c=d") &&
	      !strcmp(in->realm, "EXAMPLE") && !strcmp(in->domain, "/a/"),
	      "its method, URI, realm and domain are copied");
	free(job);
}

/* TIME_LEFT_MS: the job's deadline, counted from its parsing. */
static void test_time_left(void)
{
	struct msg *m = &scratch;
	uint64_t before, after;
	struct job *job;

	good_authenticate(m);
	job = take(m);
	CHECK(job && !job->has_deadline,
	      "without TIME_LEFT_MS a job has no deadline");
	free(job);

	good_authenticate(m);
	put_u32(m, HTTPSYS_AUTH_A_TIME_LEFT_MS, 5000);
	before = clock_ms();
	job = take(m);
	after = clock_ms();
	CHECK(job && job->has_deadline && job->deadline_ms >= before + 5000 &&
	      job->deadline_ms <= after + 5000,
	      "TIME_LEFT_MS 5000: the deadline is 5 s after its parsing");
	free(job);

	put_head(m, 7, HTTPSYS_AUTH_OP_DROP);
	put_u32(m, HTTPSYS_AUTH_A_TIME_LEFT_MS, 0);
	before = clock_ms();
	job = take(m);
	CHECK(job && job->has_deadline && job->deadline_ms <= clock_ms() &&
	      job->deadline_ms >= before,
	      "TIME_LEFT_MS 0: the deadline is already here");
	free(job);

	good_authenticate(m);
	put(m, HTTPSYS_AUTH_A_TIME_LEFT_MS, "\x10\x27", 2);
	CHECK(refused(m, true), "a u32 (TIME_LEFT_MS) of 2 bytes is refused");
	good_authenticate(m);
	put_u64(m, HTTPSYS_AUTH_A_TIME_LEFT_MS, 5000);
	CHECK(refused(m, true), "a u32 (TIME_LEFT_MS) of 8 bytes is refused");
}

/* An empty TOKEN: the kernel sends none today, the format allows it. */
static void test_empty_token(void)
{
	struct msg *m = &scratch;
	struct job *job;

	put_head(m, 7, HTTPSYS_AUTH_OP_AUTHENTICATE);
	put_u32(m, HTTPSYS_AUTH_A_SCHEME, HTTPSYS_AUTH_SCHEME_BASIC);
	put(m, HTTPSYS_AUTH_A_TOKEN, "", 0);
	put_str(m, HTTPSYS_AUTH_A_METHOD, "GET");
	put_str(m, HTTPSYS_AUTH_A_URI, "/");
	put_str(m, HTTPSYS_AUTH_A_REALM, "r");
	put_str(m, HTTPSYS_AUTH_A_DOMAIN, "/d");
	job = take(m);
	if (CHECK(job, "an AUTHENTICATE job with an empty TOKEN is accepted"))
		CHECK(job->in.token_len == 0 && !strcmp(job->in.method, "GET") &&
		      !strcmp(job->in.domain, "/d"),
		      "its token is empty, its strings fit the job");
	free(job);
}

static void test_challenge_and_drop(void)
{
	struct msg *m = &scratch;
	struct job *job;

	put_head(m, 8, HTTPSYS_AUTH_OP_CHALLENGE);
	put_u32(m, HTTPSYS_AUTH_A_SCHEME, HTTPSYS_AUTH_SCHEME_DIGEST);
	put_u32(m, HTTPSYS_AUTH_A_FLAGS, 0);
	put_str(m, HTTPSYS_AUTH_A_REALM, "users@example.com");
	job = take(m);
	if (CHECK(job, "a Digest CHALLENGE job is accepted"))
		CHECK(job->in.op == HTTPSYS_AUTH_OP_CHALLENGE &&
		      job->in.token_len == 0 && !*job->in.method &&
		      !*job->in.uri && !*job->in.domain &&
		      !strcmp(job->in.realm, "users@example.com"),
		      "absent strings are empty, the realm is copied");
	free(job);

	put_head(m, 9, HTTPSYS_AUTH_OP_CHALLENGE);
	put_u32(m, HTTPSYS_AUTH_A_SCHEME, HTTPSYS_AUTH_SCHEME_BASIC);
	CHECK(refused(m, true), "a CHALLENGE for Basic is refused, answerably");

	put_head(m, 10, HTTPSYS_AUTH_OP_DROP);
	job = take(m);
	if (CHECK(job, "a DROP job (seq, op, connection alone) is accepted"))
		CHECK(job->in.op == HTTPSYS_AUTH_OP_DROP &&
		      job->in.conn_id == 42 && !*job->in.uri,
		      "DROP names its connection");
	free(job);
}

static void test_truncated(void)
{
	struct msg *m = &scratch;
	uint64_t seq;
	uint32_t op;

	good_authenticate(m);
	CHECK(!parse_bytes(m->buf, 0, &seq, &op) && !seq,
	      "a zero-length message is refused");
	CHECK(!parse_bytes(m->buf, NLMSG_HDRLEN - 1, &seq, &op),
	      "a message shorter than its netlink header is refused");
	CHECK(!parse_bytes(m->buf, NLMSG_HDRLEN + 2, &seq, &op),
	      "a message shorter than its genetlink header is refused");
	CHECK(!parse_bytes(m->buf, m->len - 6, &seq, &op),
	      "a message shorter than its nlmsg_len is refused");
	/* Cut inside TOKEN, nlmsg_len and all: not a job with no token. */
	put_head(m, 7, HTTPSYS_AUTH_OP_AUTHENTICATE);
	put_u32(m, HTTPSYS_AUTH_A_SCHEME, HTTPSYS_AUTH_SCHEME_NTLM);
	put(m, HTTPSYS_AUTH_A_TOKEN, token, sizeof(token));
	m->len -= 4;
	msg_hdr(m)->nlmsg_len = m->len;
	CHECK(refused(m, false), "a message cut inside an attribute is refused");
	msg_hdr(m)->nlmsg_len = NLMSG_HDRLEN + 1;
	CHECK(refused(m, false), "an nlmsg_len shorter than the headers is refused");
	good_authenticate(m);
	msg_hdr(m)->nlmsg_len = m->len + 4;
	CHECK(refused(m, false), "an nlmsg_len past the bytes is refused");
}

static void test_bad_lengths(void)
{
	struct msg *m = &scratch;
	struct nlattr *a;

	good_authenticate(m);
	a = (struct nlattr *)(m->buf + m->len - NLA_HDRLEN - 4);
	a->nla_len += 100;
	CHECK(refused(m, false), "an nla_len past the message's end is refused");
	a->nla_len = 2;
	CHECK(refused(m, false), "an nla_len shorter than its own header is refused");

	put_head(m, 7, HTTPSYS_AUTH_OP_AUTHENTICATE);
	put_u32(m, HTTPSYS_AUTH_A_SCHEME, HTTPSYS_AUTH_SCHEME_NTLM);
	put(m, HTTPSYS_AUTH_A_FLAGS, "\1\0", 2);
	CHECK(refused(m, true), "a u32 (FLAGS) of 2 bytes is refused");

	put_head(m, 7, HTTPSYS_AUTH_OP_AUTHENTICATE);
	put(m, HTTPSYS_AUTH_A_SCHEME, "\4\0", 2);
	CHECK(refused(m, true), "a u32 (SCHEME) of 2 bytes is refused");

	msg_start(m, HTTPSYS_AUTH_CMD_ACCEPT);
	put_u32(m, HTTPSYS_AUTH_A_SEQ, 7);
	put_u32(m, HTTPSYS_AUTH_A_OP, HTTPSYS_AUTH_OP_DROP);
	put_u64(m, HTTPSYS_AUTH_A_CONN_ID, 42);
	CHECK(refused(m, false), "a u64 (SEQ) of 4 bytes is refused");

	msg_start(m, HTTPSYS_AUTH_CMD_ACCEPT);
	put_u64(m, HTTPSYS_AUTH_A_SEQ, 7);
	put(m, HTTPSYS_AUTH_A_OP, "\3\0", 2);
	put_u64(m, HTTPSYS_AUTH_A_CONN_ID, 42);
	CHECK(refused(m, false), "a u32 (OP) of 2 bytes is refused");

	msg_start(m, HTTPSYS_AUTH_CMD_ACCEPT);
	put_u64(m, HTTPSYS_AUTH_A_SEQ, 7);
	put_u32(m, HTTPSYS_AUTH_A_OP, HTTPSYS_AUTH_OP_DROP);
	put(m, HTTPSYS_AUTH_A_CONN_ID, "\x2a\0\0\0", 4);
	CHECK(refused(m, true), "a u64 (CONN_ID) of 4 bytes is refused");
}

static void test_bad_strings(void)
{
	struct msg *m = &scratch;

	put_head(m, 7, HTTPSYS_AUTH_OP_AUTHENTICATE);
	put_u32(m, HTTPSYS_AUTH_A_SCHEME, HTTPSYS_AUTH_SCHEME_BASIC);
	put(m, HTTPSYS_AUTH_A_METHOD, "GET", 3);
	CHECK(refused(m, true), "a string without its NUL is refused");

	put_head(m, 7, HTTPSYS_AUTH_OP_AUTHENTICATE);
	put_u32(m, HTTPSYS_AUTH_A_SCHEME, HTTPSYS_AUTH_SCHEME_BASIC);
	put(m, HTTPSYS_AUTH_A_URI, "/a\0b", 5);
	CHECK(refused(m, true), "a string with a NUL inside is refused");

	put_head(m, 7, HTTPSYS_AUTH_OP_CHALLENGE);
	put_u32(m, HTTPSYS_AUTH_A_SCHEME, HTTPSYS_AUTH_SCHEME_DIGEST);
	put(m, HTTPSYS_AUTH_A_REALM, "", 0);
	CHECK(refused(m, true), "a string of no bytes at all is refused");
}

/* A job whose @type attribute is @len bytes of 'x' (a string: then NUL). */
static void job_with_long(struct msg *m, int type, size_t len, bool string)
{
	char *s = malloc(len + 1);

	memset(s, 'x', len);
	s[len] = '\0';
	put_head(m, 7, HTTPSYS_AUTH_OP_AUTHENTICATE);
	put_u32(m, HTTPSYS_AUTH_A_SCHEME, HTTPSYS_AUTH_SCHEME_KERBEROS);
	put(m, type, s, len + string);
	free(s);
}

static void test_bounds(void)
{
	struct msg *m = &scratch;

	job_with_long(m, HTTPSYS_AUTH_A_TOKEN, HTTPSYS_AUTH_MAX_TOKEN, false);
	CHECK(accepted(m), "a token of HTTPSYS_AUTH_MAX_TOKEN bytes is accepted");
	job_with_long(m, HTTPSYS_AUTH_A_TOKEN, HTTPSYS_AUTH_MAX_TOKEN + 1, false);
	CHECK(refused(m, true), "a token over HTTPSYS_AUTH_MAX_TOKEN is refused");
	job_with_long(m, HTTPSYS_AUTH_A_URI, HTTPSYS_AUTH_MAX_URI, true);
	CHECK(accepted(m), "a URI of HTTPSYS_AUTH_MAX_URI bytes is accepted");
	job_with_long(m, HTTPSYS_AUTH_A_URI, HTTPSYS_AUTH_MAX_URI + 1, true);
	CHECK(refused(m, true), "a URI over HTTPSYS_AUTH_MAX_URI is refused");
	job_with_long(m, HTTPSYS_AUTH_A_METHOD, HTTPSYS_AUTH_MAX_NAME + 1, true);
	CHECK(refused(m, true), "a method over HTTPSYS_AUTH_MAX_NAME is refused");
	job_with_long(m, HTTPSYS_AUTH_A_REALM, HTTPSYS_AUTH_MAX_NAME + 1, true);
	CHECK(refused(m, true), "a realm over HTTPSYS_AUTH_MAX_NAME is refused");
}

/*
 * An attribute given twice is refused, as the kernel refuses it in DONE:
 * which one was meant cannot be known.  PAD is the exception: the kernel
 * may put one before each u64 to align it.
 */
static void test_duplicates(void)
{
	struct msg *m = &scratch;

	put_head(m, 7, HTTPSYS_AUTH_OP_DROP);
	put_u64(m, HTTPSYS_AUTH_A_SEQ, 8);
	CHECK(refused(m, false), "a job with SEQ twice is refused, unanswerably");

	good_authenticate(m);
	put(m, HTTPSYS_AUTH_A_TOKEN, token, 2);
	CHECK(refused(m, false), "a job with TOKEN twice is refused");

	msg_start(m, HTTPSYS_AUTH_CMD_ACCEPT);
	put(m, HTTPSYS_AUTH_A_PAD, "", 0);
	put_u64(m, HTTPSYS_AUTH_A_SEQ, 7);
	put_u32(m, HTTPSYS_AUTH_A_OP, HTTPSYS_AUTH_OP_DROP);
	put(m, HTTPSYS_AUTH_A_PAD, "", 0);
	put_u64(m, HTTPSYS_AUTH_A_CONN_ID, 42);
	CHECK(accepted(m), "a job with PAD before each u64 is accepted");
}

static void test_missing_and_unknown(void)
{
	struct msg *m = &scratch;

	msg_start(m, HTTPSYS_AUTH_CMD_ACCEPT);
	put_u32(m, HTTPSYS_AUTH_A_OP, HTTPSYS_AUTH_OP_DROP);
	put_u64(m, HTTPSYS_AUTH_A_CONN_ID, 42);
	CHECK(refused(m, false), "a job without SEQ is refused, unanswerably");

	msg_start(m, HTTPSYS_AUTH_CMD_ACCEPT);
	put_u64(m, HTTPSYS_AUTH_A_SEQ, 7);
	put_u64(m, HTTPSYS_AUTH_A_CONN_ID, 42);
	CHECK(refused(m, false), "a job without OP is refused, unanswerably");

	msg_start(m, HTTPSYS_AUTH_CMD_ACCEPT);
	put_u64(m, HTTPSYS_AUTH_A_SEQ, 7);
	put_u32(m, HTTPSYS_AUTH_A_OP, HTTPSYS_AUTH_OP_DROP);
	CHECK(refused(m, true), "a job without CONN_ID is refused, answerably");

	put_head(m, 0, HTTPSYS_AUTH_OP_DROP);
	CHECK(refused(m, false), "a job of seq 0 is refused, unanswerably");

	put_head(m, 7, 99);
	CHECK(refused(m, true), "an unknown OP is refused");

	put_head(m, 7, HTTPSYS_AUTH_OP_AUTHENTICATE);
	CHECK(refused(m, true), "an AUTHENTICATE without SCHEME is refused");
	put_u32(m, HTTPSYS_AUTH_A_SCHEME, 0x20);
	CHECK(refused(m, true), "an unknown SCHEME is refused");
	put_head(m, 7, HTTPSYS_AUTH_OP_AUTHENTICATE);
	put_u32(m, HTTPSYS_AUTH_A_SCHEME,
		HTTPSYS_AUTH_SCHEME_NTLM | HTTPSYS_AUTH_SCHEME_BASIC);
	CHECK(refused(m, true), "two schemes at once are refused");

	good_authenticate(m);
	((struct genlmsghdr *)NLMSG_DATA(m->buf))->cmd = HTTPSYS_AUTH_CMD_READY;
	CHECK(refused(m, false), "a command other than ACCEPT is refused");

	good_authenticate(m);
	put_u32(m, HTTPSYS_AUTH_A_MAX + 1, 5);
	CHECK(accepted(m), "an attribute newer than this helper is ignored");
}

/* Small, fixed, and the same on every run: xorshift32. */
static uint32_t next_random(uint32_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 17;
	*state ^= *state << 5;
	return *state;
}

/* One to four changes: a byte, a 16-bit length field, or the length. */
static size_t mutate(unsigned char *buf, size_t len, uint32_t *state)
{
	int changes = 1 + next_random(state) % 4;
	uint16_t v;
	size_t at;

	while (changes--) {
		at = next_random(state) % len;
		switch (next_random(state) % 3) {
		case 0:
			buf[at] = next_random(state);
			break;
		case 1:
			v = next_random(state) % 64;
			at &= ~(size_t)3;	/* where nla_len fields lie */
			memcpy(buf + at, &v, sizeof(v));
			break;
		default:
			len = at ? at : 1;
		}
	}
	return len;
}

static void test_mutations(void)
{
	struct msg *good = &scratch;
	unsigned char *buf = malloc(sizeof(good->buf));
	uint32_t state = 0x5eed1234, op;
	int i, taken = 0, sane = 0;
	struct job *job;
	uint64_t seq;
	size_t len;

	good_authenticate(good);
	for (i = 0; i < MUTATIONS; i++) {
		memcpy(buf, good->buf, good->len);
		len = mutate(buf, good->len, &state);
		job = parse_bytes(buf, len, &seq, &op);
		if (job) {
			taken++;
			sane += job->in.seq && job->in.token_len <=
				HTTPSYS_AUTH_MAX_TOKEN;
		}
		free(job);
	}
	CHECK(taken == sane, "%d mutated messages parsed without a crash, "
	      "%d accepted, each with a seq and a bounded token",
	      MUTATIONS, taken);
	free(buf);
}

int main(void)
{
	test_good_authenticate();
	test_empty_token();
	test_time_left();
	test_challenge_and_drop();
	test_truncated();
	test_bad_lengths();
	test_bad_strings();
	test_bounds();
	test_duplicates();
	test_missing_and_unknown();
	test_mutations();
	return tap_exit_status();
}
