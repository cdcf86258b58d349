// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * helperd's configuration: "key = value" lines, '#' starts a comment,
 * blank lines ignored.  Every key is known, set at most once, and
 * checked; the first bad line is reported as "path:line: why".
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helperd.h"

#define CONFIG_MAX_LINE 4096

struct config_ctx {
	const char *path;
	unsigned int line;
	struct helperd_config *cfg;
	/* basic_workers' line: its bound, threads, is known at the end. */
	unsigned int basic_workers_line;
};

static int bad(const struct config_ctx *c, const char *why, const char *what)
{
	log_msg(LOG_ERR_LEVEL, "%s:%u: %s%s%s", c->path, c->line, why,
		what ? ": " : "", what ? what : "");
	return -1;
}

static int set_string(const struct config_ctx *c, char **dst, const char *v)
{
	*dst = strdup(v);
	return *dst ? 0 : bad(c, "out of memory", NULL);
}

static int set_uint(const struct config_ctx *c, unsigned int *dst,
		    const char *v, unsigned int min, unsigned int max)
{
	unsigned long n;
	char *end;

	if (!isdigit((unsigned char)v[0]))
		return bad(c, "not a number", v);
	errno = 0;
	n = strtoul(v, &end, 10);
	if (*end)
		return bad(c, "not a number", v);
	if (errno || n < min || n > max) {
		char range[64];

		snprintf(range, sizeof(range), "%s (expected %u..%u)", v, min,
			 max);
		return bad(c, "out of range", range);
	}
	*dst = n;
	return 0;
}

static int set_bool(const struct config_ctx *c, bool *dst, const char *v)
{
	if (!strcmp(v, "yes") || !strcmp(v, "true")) {
		*dst = true;
		return 0;
	}
	if (!strcmp(v, "no") || !strcmp(v, "false")) {
		*dst = false;
		return 0;
	}
	return bad(c, "expected yes or no", v);
}

/* The Digest nonce key: the raw bytes of a file, 16 to 64 of them. */
static int set_key_file(const struct config_ctx *c, const char *path)
{
	struct helperd_config *cfg = c->cfg;
	unsigned char extra;
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return bad(c, strerror(errno), path);
	n = fread(cfg->digest_key, 1, sizeof(cfg->digest_key), f);
	if (n == sizeof(cfg->digest_key) && fread(&extra, 1, 1, f) == 1)
		n = 0;
	fclose(f);
	if (n < 16) {
		memset(cfg->digest_key, 0, sizeof(cfg->digest_key));
		return bad(c, "digest key must hold 16 to 64 bytes", path);
	}
	cfg->digest_key_len = n;
	return 0;
}

enum config_key {
	K_KEYTAB, K_NTLM_USER_FILE, K_ACCEPTOR_NAME, K_DIGEST_FILE,
	K_DIGEST_KEY_FILE, K_DIGEST_NONCE_LIFETIME, K_PAM_SERVICE,
	K_MAP_PRINCIPAL, K_MAP_STRIP_REALM, K_THREADS, K_BASIC_WORKERS,
	K_CONTEXT_IDLE_TIMEOUT, K_LOG_LEVEL, K_COUNT
};

static const char *const key_names[K_COUNT] = {
	[K_KEYTAB] = "keytab",
	[K_NTLM_USER_FILE] = "ntlm_user_file",
	[K_ACCEPTOR_NAME] = "acceptor_name",
	[K_DIGEST_FILE] = "digest_file",
	[K_DIGEST_KEY_FILE] = "digest_key_file",
	[K_DIGEST_NONCE_LIFETIME] = "digest_nonce_lifetime",
	[K_PAM_SERVICE] = "pam_service",
	[K_MAP_PRINCIPAL] = "map_principal",
	[K_MAP_STRIP_REALM] = "map_strip_realm",
	[K_THREADS] = "threads",
	[K_BASIC_WORKERS] = "basic_workers",
	[K_CONTEXT_IDLE_TIMEOUT] = "context_idle_timeout",
	[K_LOG_LEVEL] = "log_level",
};

static int apply(struct config_ctx *c, enum config_key k, const char *v)
{
	struct helperd_config *cfg = c->cfg;

	switch (k) {
	case K_KEYTAB:
		return set_string(c, &cfg->keytab, v);
	case K_NTLM_USER_FILE:
		return set_string(c, &cfg->ntlm_user_file, v);
	case K_ACCEPTOR_NAME:
		return set_string(c, &cfg->acceptor_name, v);
	case K_DIGEST_FILE:
		return set_string(c, &cfg->digest_file, v);
	case K_DIGEST_KEY_FILE:
		return set_key_file(c, v);
	case K_DIGEST_NONCE_LIFETIME:
		return set_uint(c, &cfg->digest_nonce_lifetime, v, 1, 86400);
	case K_PAM_SERVICE:
		return set_string(c, &cfg->pam_service, v);
	case K_MAP_PRINCIPAL:
		return set_bool(c, &cfg->map_principal, v);
	case K_MAP_STRIP_REALM:
		return set_string(c, &cfg->map_strip_realm, v);
	case K_THREADS:
		return set_uint(c, &cfg->threads, v, 1, 64);
	case K_BASIC_WORKERS:
		c->basic_workers_line = c->line;
		return set_uint(c, &cfg->basic_workers, v, 1, 64);
	case K_CONTEXT_IDLE_TIMEOUT:
		return set_uint(c, &cfg->context_idle_timeout, v, 1, 86400);
	case K_LOG_LEVEL:
		return set_uint(c, &cfg->verbose, v, 0, 2);
	case K_COUNT:
		break;
	}
	return bad(c, "unknown key", NULL);
}

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

static int parse_line(struct config_ctx *c, char *line, bool *seen)
{
	char *hash = strchr(line, '#');
	char *eq, *key, *value;
	int k;

	if (hash)
		*hash = '\0';
	key = trim(line);
	if (!*key)
		return 0;
	eq = strchr(key, '=');
	if (!eq)
		return bad(c, "expected key = value", key);
	*eq = '\0';
	value = trim(eq + 1);
	key = trim(key);
	for (k = 0; k < K_COUNT; k++)
		if (!strcmp(key, key_names[k]))
			break;
	if (k == K_COUNT)
		return bad(c, "unknown key", key);
	if (seen[k])
		return bad(c, "key set twice", key);
	if (!*value)
		return bad(c, "empty value", key);
	seen[k] = true;
	return apply(c, k, value);
}

/*
 * Basic may have at most every worker (PAM can be slow: LDAP, sssd); by
 * default half of them, so the other schemes always have one.
 */
static int check_basic_workers(struct config_ctx *c)
{
	struct helperd_config *cfg = c->cfg;
	char range[64];

	if (!c->basic_workers_line) {
		cfg->basic_workers = cfg->threads > 1 ? cfg->threads / 2 : 1;
		return 0;
	}
	if (cfg->basic_workers <= cfg->threads)
		return 0;
	c->line = c->basic_workers_line;
	snprintf(range, sizeof(range), "%u (expected 1..%u, at most threads)",
		 cfg->basic_workers, cfg->threads);
	return bad(c, "out of range", range);
}

static void config_defaults(struct helperd_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->digest_nonce_lifetime = 300;
	cfg->threads = 4;
	cfg->context_idle_timeout = 120;
	cfg->verbose = LOG_INFO_LEVEL;
	cfg->map_principal = true;
}

int config_load(const char *path, struct helperd_config *cfg)
{
	struct config_ctx c = { .path = path, .cfg = cfg };
	bool seen[K_COUNT] = { false };
	char line[CONFIG_MAX_LINE];
	FILE *f;
	int ret = 0;

	config_defaults(cfg);
	f = fopen(path, "r");
	if (!f) {
		log_msg(LOG_ERR_LEVEL, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (ret == 0 && fgets(line, sizeof(line), f)) {
		c.line++;
		if (!strchr(line, '\n') && !feof(f))
			ret = bad(&c, "line too long", NULL);
		else
			ret = parse_line(&c, line, seen);
	}
	if (ret == 0 && ferror(f))
		ret = bad(&c, "read error", NULL);
	fclose(f);
	if (ret == 0 && !cfg->pam_service)
		ret = set_string(&c, &cfg->pam_service, "httpsys");
	if (ret == 0)
		ret = check_basic_workers(&c);
	if (ret)
		config_free(cfg);
	return ret;
}

void config_free(struct helperd_config *cfg)
{
	free(cfg->keytab);
	free(cfg->ntlm_user_file);
	free(cfg->acceptor_name);
	free(cfg->digest_file);
	free(cfg->pam_service);
	free(cfg->map_strip_realm);
	memset(cfg, 0, sizeof(*cfg));
}
