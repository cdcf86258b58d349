// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ACCEPT's reply, turned into a job for the scheme code.  The kernel is
 * trusted in nothing here: every length, type and bound is checked
 * before a byte is used (uapi/httpsys_auth.h says what a job holds).
 */
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>
#include <netlink/genl/genl.h>

#include "job_parse.h"

static bool get_u32(const struct nlattr *a, uint32_t *v)
{
	if (!a || nla_len(a) != sizeof(*v))
		return false;
	*v = nla_get_u32(a);
	return true;
}

static bool get_u64(const struct nlattr *a, uint64_t *v)
{
	if (!a || nla_len(a) != sizeof(*v))
		return false;
	memcpy(v, nla_data(a), sizeof(*v));
	return true;
}

bool attr_string_ok(const struct nlattr *a, size_t max)
{
	const char *s;
	int len;

	if (!a)
		return true;
	s = nla_data(a);
	len = nla_len(a);
	return len >= 1 && (size_t)len - 1 <= max && s[len - 1] == '\0' &&
	       strlen(s) == (size_t)len - 1;
}

/*
 * The bytes a field takes in job->data: its own, or one when it has none
 * (an absent string's NUL; an absent or empty token's, which the count
 * and the copy must agree on).
 */
static size_t field_room(const struct nlattr *a)
{
	return a && nla_len(a) ? (size_t)nla_len(a) : 1;
}

static const char *copy_string(const struct nlattr *a, unsigned char **p)
{
	const char *s = (const char *)*p;

	if (!a) {
		*(*p)++ = '\0';
		return s;
	}
	memcpy(*p, nla_data(a), nla_len(a));
	*p += nla_len(a);
	return s;
}

static bool scheme_known(uint32_t scheme)
{
	switch (scheme) {
	case HTTPSYS_AUTH_SCHEME_BASIC:
	case HTTPSYS_AUTH_SCHEME_DIGEST:
	case HTTPSYS_AUTH_SCHEME_NTLM:
	case HTTPSYS_AUTH_SCHEME_NEGOTIATE:
	case HTTPSYS_AUTH_SCHEME_KERBEROS:
		return true;
	}
	return false;
}

/*
 * Index the attributes at @head by type, as nla_parse() would, but refuse
 * what it lets by: bytes left over (an attribute cut short or running
 * past the message, which nla_parse() drops, so a cut TOKEN read as none)
 * and an attribute given twice (which one was meant cannot be known; the
 * kernel refuses the same in DONE).  PAD may repeat: the kernel may put
 * one before each u64.  Types past HTTPSYS_AUTH_A_MAX are a newer
 * kernel's and are skipped.
 */
static bool index_attrs(struct nlattr *tb[], struct nlattr *head,
			int len)
{
	struct nlattr *a;
	int rem, type;

	memset(tb, 0, sizeof(*tb) * (HTTPSYS_AUTH_A_MAX + 1));
	nla_for_each_attr(a, head, len, rem) {
		type = nla_type(a);
		if (type > HTTPSYS_AUTH_A_MAX || type == HTTPSYS_AUTH_A_PAD)
			continue;
		if (tb[type])
			return false;
		tb[type] = a;
	}
	/* Negative: the last attribute's alignment padding was left off. */
	return rem <= 0;
}

struct job *job_parse(const struct nlmsghdr *h, size_t len, uint64_t *seq,
		      uint32_t *op)
{
	struct nlattr *tb[HTTPSYS_AUTH_A_MAX + 1];
	const struct genlmsghdr *gh = nlmsg_data(h);
	struct job_in in = { 0 };
	uint32_t time_left = 0;
	size_t size = 0;
	struct job *job;
	unsigned char *p;
	int i;

	*seq = 0;
	/* The header is read only once @len shows it is there. */
	if (len < NLMSG_HDRLEN + GENL_HDRLEN || h->nlmsg_len > len ||
	    h->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN ||
	    gh->cmd != HTTPSYS_AUTH_CMD_ACCEPT ||
	    !index_attrs(tb, genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0)))
		return NULL;
	if (!get_u64(tb[HTTPSYS_AUTH_A_SEQ], &in.seq) || !in.seq ||
	    !get_u32(tb[HTTPSYS_AUTH_A_OP], &in.op))
		return NULL;
	*seq = in.seq;
	*op = in.op;
	if (!get_u64(tb[HTTPSYS_AUTH_A_CONN_ID], &in.conn_id))
		return NULL;
	if (tb[HTTPSYS_AUTH_A_FLAGS] &&
	    !get_u32(tb[HTTPSYS_AUTH_A_FLAGS], &in.flags))
		return NULL;
	/* Optional: an older kernel sends none, and the job is then run. */
	if (tb[HTTPSYS_AUTH_A_TIME_LEFT_MS] &&
	    !get_u32(tb[HTTPSYS_AUTH_A_TIME_LEFT_MS], &time_left))
		return NULL;
	switch (in.op) {
	case HTTPSYS_AUTH_OP_AUTHENTICATE:
		/* No TOKEN is an empty one: the scheme judges it. */
		if (!get_u32(tb[HTTPSYS_AUTH_A_SCHEME], &in.scheme) ||
		    !scheme_known(in.scheme) || (tb[HTTPSYS_AUTH_A_TOKEN] &&
		    nla_len(tb[HTTPSYS_AUTH_A_TOKEN]) > HTTPSYS_AUTH_MAX_TOKEN))
			return NULL;
		break;
	case HTTPSYS_AUTH_OP_CHALLENGE:
		if (!get_u32(tb[HTTPSYS_AUTH_A_SCHEME], &in.scheme) ||
		    in.scheme != HTTPSYS_AUTH_SCHEME_DIGEST)
			return NULL;
		break;
	case HTTPSYS_AUTH_OP_DROP:
		break;
	default:
		return NULL;
	}
	if (!attr_string_ok(tb[HTTPSYS_AUTH_A_METHOD], HTTPSYS_AUTH_MAX_NAME) ||
	    !attr_string_ok(tb[HTTPSYS_AUTH_A_URI], HTTPSYS_AUTH_MAX_URI) ||
	    !attr_string_ok(tb[HTTPSYS_AUTH_A_REALM], HTTPSYS_AUTH_MAX_NAME) ||
	    !attr_string_ok(tb[HTTPSYS_AUTH_A_DOMAIN], HTTPSYS_AUTH_MAX_URI))
		return NULL;
	for (i = HTTPSYS_AUTH_A_TOKEN; i <= HTTPSYS_AUTH_A_DOMAIN; i++)
		size += field_room(tb[i]);
	job = malloc(sizeof(*job) + size);
	if (!job)
		return NULL;
	p = job->data;
	if (tb[HTTPSYS_AUTH_A_TOKEN]) {
		in.token_len = nla_len(tb[HTTPSYS_AUTH_A_TOKEN]);
		memcpy(p, nla_data(tb[HTTPSYS_AUTH_A_TOKEN]), in.token_len);
	}
	in.token = p;
	p += field_room(tb[HTTPSYS_AUTH_A_TOKEN]);
	in.method = copy_string(tb[HTTPSYS_AUTH_A_METHOD], &p);
	in.uri = copy_string(tb[HTTPSYS_AUTH_A_URI], &p);
	in.realm = copy_string(tb[HTTPSYS_AUTH_A_REALM], &p);
	in.domain = copy_string(tb[HTTPSYS_AUTH_A_DOMAIN], &p);
	job->in = in;
	/* Parsed as it arrives: the time left counts from now. */
	job->has_deadline = tb[HTTPSYS_AUTH_A_TIME_LEFT_MS] != NULL;
	if (job->has_deadline)
		job->deadline_ms = clock_ms() + time_left;
	return job;
}
