/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * helperd: the userspace half of httpsys authentication (SSPI's part).
 * The kernel hands it jobs over Generic Netlink (uapi/httpsys_auth.h);
 * each scheme's code turns one job into one answer.
 */
#ifndef HELPERD_H
#define HELPERD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "httpsys_auth.h"

/* config.c: one file, "key = value" lines, '#' comments. */
struct helperd_config {
	char *keytab;			/* keytab: the acceptor's keys */
	char *ntlm_user_file;		/* ntlm_user_file: gss-ntlmssp's users */
	char *acceptor_name;		/* acceptor_name: e.g. HTTP@host; NULL any */
	char *digest_file;		/* digest_file: user:realm:password lines */
	unsigned char digest_key[64];	/* digest_key_file: the nonce HMAC key */
	size_t digest_key_len;
	unsigned int digest_nonce_lifetime;	/* seconds, default 300 */
	char *pam_service;		/* pam_service, default "httpsys" */
	bool map_principal;		/* map_principal = yes|no: gss_localname */
	char *map_strip_realm;		/* map_strip_realm: realm to strip */
	unsigned int threads;		/* threads, default 4 */
	/* basic_workers: Basic jobs at once, default max(1, threads / 2) */
	unsigned int basic_workers;
	/* context_idle_timeout: seconds a pending handshake waits, 120 */
	unsigned int context_idle_timeout;
	unsigned int verbose;		/* log_level: 0 errors .. 2 debug */
};

/*
 * Read @path into @cfg.  0, or -1 after logging "<path>:<line>: <why>"
 * for the first bad line.
 */
int config_load(const char *path, struct helperd_config *cfg);
void config_free(struct helperd_config *cfg);

/* One job, as the kernel sent it; strings NUL-terminated. */
struct job_in {
	uint64_t seq;
	uint32_t op;			/* enum httpsys_auth_op */
	uint64_t conn_id;
	uint32_t scheme;		/* HTTPSYS_AUTH_SCHEME_* */
	uint32_t flags;			/* HTTPSYS_AUTH_F_* */
	const unsigned char *token;
	size_t token_len;
	const char *method, *uri, *realm, *domain;	/* "" when absent */
};

/* One answer; the out_* buffers are malloc'd and freed by job_out_free. */
struct job_out {
	uint32_t status;		/* enum httpsys_auth_status */
	uint32_t sec_status;		/* SECURITY_STATUS (secstatus.h) */
	unsigned char *out_token;
	size_t out_token_len;
	char *user;
	char *package;
	bool mapped;
	uid_t uid;
	gid_t gid;
	gid_t *groups;
	uint32_t group_count;
	uint32_t context_attrs;
	unsigned char *packed;
	size_t packed_len;
	uint64_t expiry;
};

void job_out_free(struct job_out *out);

/* account.c: fill uid, gid and groups for local account @name. */
bool account_fill(struct job_out *out, const char *name);

/* gss.c: Negotiate, Kerberos and NTLM; contexts kept per connection. */
int gss_init(const struct helperd_config *cfg);
void gss_job(const struct helperd_config *cfg, const struct job_in *in,
	     struct job_out *out);
void gss_drop(uint64_t conn_id);
/* Handshakes waiting for their next leg. */
unsigned int gss_pending(void);

/* digest.c: RFC 7616 Digest, MD5 and SHA-256, qop=auth. */
int digest_init(const struct helperd_config *cfg);
void digest_job(const struct helperd_config *cfg, const struct job_in *in,
		struct job_out *out);
void digest_challenge(const struct helperd_config *cfg, const struct job_in *in,
		      struct job_out *out);
void digest_drop(uint64_t conn_id);

/* basic.c: Basic through PAM (LogonUser's part). */
void basic_job(const struct helperd_config *cfg, const struct job_in *in,
	       struct job_out *out);

/* CLOCK_MONOTONIC in milliseconds: job deadlines, context ages. */
static inline uint64_t clock_ms(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (uint64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

/* log.c: to stderr (the journal under systemd). */
void log_msg(int level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void log_set_level(unsigned int level);
#define LOG_ERR_LEVEL	0
#define LOG_INFO_LEVEL	1
#define LOG_DEBUG_LEVEL	2

#endif /* HELPERD_H */
