// SPDX-License-Identifier: GPL-2.0
/*
 * helperd's configuration parser: a full good file, the defaults, and
 * each kind of bad line refused with "path:line: why".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helperd.h"
#include "tap.h"

static char dir[] = "/tmp/helperd-config.XXXXXX";

static const char *write_file(const char *name, const char *text)
{
	static char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	return path;
}

/* Load @text; return whether it was refused with @why on line @line. */
static bool refused(const char *text, unsigned int line, const char *why)
{
	struct helperd_config cfg;
	char expect[600], got[4096] = "";
	const char *path = write_file("bad.conf", text);
	FILE *err = tmpfile();
	int saved = dup(2), ret;

	fflush(stderr);
	dup2(fileno(err), 2);
	ret = config_load(path, &cfg);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(err);
	if (!fgets(got, sizeof(got), err))
		got[0] = '\0';
	fclose(err);
	snprintf(expect, sizeof(expect), "%s:%u: %s", path, line, why);
	if (ret == 0)
		config_free(&cfg);
	return ret == -1 && strstr(got, expect);
}

int main(void)
{
	struct helperd_config cfg;
	const char *key_path, *path;
	char text[2048];

	if (!mkdtemp(dir))
		return 1;
	key_path = write_file("digest.key", "0123456789abcdef0123456789abcdef");
	snprintf(text, sizeof(text),
		 "# every key\n"
		 "\n"
		 "keytab = /etc/httpsys/http.keytab\n"
		 "  ntlm_user_file=/etc/httpsys/ntlm-users   # trailing comment\n"
		 "acceptor_name = HTTP@www.example.test\n"
		 "digest_file = /etc/httpsys/digest\n"
		 "digest_key_file = %s\n"
		 "digest_nonce_lifetime = 120\n"
		 "pam_service = web\n"
		 "map_principal = no\n"
		 "map_strip_realm = EXAMPLE.TEST\n"
		 "basic_workers = 3\n"
		 "threads = 8\n"
		 "context_idle_timeout = 60\n"
		 "log_level = 2\n", key_path);
	path = write_file("good.conf", text);
	CHECK(config_load(path, &cfg) == 0, "good file loads");
	CHECK(cfg.keytab && !strcmp(cfg.keytab, "/etc/httpsys/http.keytab"),
	      "keytab");
	CHECK(cfg.ntlm_user_file &&
	      !strcmp(cfg.ntlm_user_file, "/etc/httpsys/ntlm-users"),
	      "ntlm_user_file: spaces and a trailing comment trimmed");
	CHECK(cfg.acceptor_name &&
	      !strcmp(cfg.acceptor_name, "HTTP@www.example.test"),
	      "acceptor_name");
	CHECK(cfg.digest_file && !strcmp(cfg.digest_file, "/etc/httpsys/digest"),
	      "digest_file");
	CHECK(cfg.digest_key_len == 32 &&
	      !memcmp(cfg.digest_key, "0123456789abcdef", 16),
	      "digest_key_file: the file's 32 bytes");
	CHECK(cfg.digest_nonce_lifetime == 120, "digest_nonce_lifetime");
	CHECK(cfg.pam_service && !strcmp(cfg.pam_service, "web"),
	      "pam_service");
	CHECK(!cfg.map_principal, "map_principal = no");
	CHECK(cfg.map_strip_realm && !strcmp(cfg.map_strip_realm, "EXAMPLE.TEST"),
	      "map_strip_realm");
	CHECK(cfg.threads == 8 && cfg.verbose == 2, "threads, log_level");
	CHECK(cfg.basic_workers == 3,
	      "basic_workers, set before the threads that bound it");
	CHECK(cfg.context_idle_timeout == 60, "context_idle_timeout");
	config_free(&cfg);

	path = write_file("empty.conf", "# nothing\n\n");
	CHECK(config_load(path, &cfg) == 0 && cfg.threads == 4 &&
	      cfg.digest_nonce_lifetime == 300 && cfg.map_principal &&
	      cfg.pam_service && !strcmp(cfg.pam_service, "httpsys") &&
	      !cfg.keytab && cfg.verbose == 1,
	      "defaults: 4 threads, 300 s nonces, map_principal, pam httpsys");
	CHECK(cfg.basic_workers == 2 && cfg.context_idle_timeout == 120,
	      "defaults: 2 of the 4 workers for Basic, 120 s idle contexts");
	config_free(&cfg);
	path = write_file("one.conf", "threads = 1\n");
	CHECK(config_load(path, &cfg) == 0 && cfg.basic_workers == 1,
	      "default basic_workers with 1 thread: 1");
	config_free(&cfg);
	path = write_file("all.conf", "threads = 3\nbasic_workers = 3\n");
	CHECK(config_load(path, &cfg) == 0 && cfg.basic_workers == 3,
	      "basic_workers may be every thread");
	config_free(&cfg);

	CHECK(refused("threads = 2\nbogus = 1\n", 2, "unknown key: bogus"),
	      "an unknown key is refused with its line");
	CHECK(refused("\n\nkeytab /etc/krb5.keytab\n", 3,
		      "expected key = value"), "a line without '='");
	CHECK(refused("threads = 2\nthreads = 3\n", 2, "key set twice: threads"),
	      "a key set twice");
	CHECK(refused("keytab =   # nothing\n", 1, "empty value: keytab"),
	      "an empty value");
	CHECK(refused("threads = 0\n", 1, "out of range: 0 (expected 1..64)"),
	      "threads out of range");
	CHECK(refused("basic_workers = 5\nthreads = 4\n", 1,
		      "out of range: 5 (expected 1..4, at most threads)"),
	      "basic_workers over threads is refused on its own line");
	CHECK(refused("basic_workers = 9\n", 1,
		      "out of range: 9 (expected 1..4, at most threads)"),
	      "basic_workers over the default threads (4) is refused");
	CHECK(refused("basic_workers = 0\n", 1,
		      "out of range: 0 (expected 1..64)"),
	      "basic_workers = 0 is refused");
	CHECK(refused("context_idle_timeout = 0\n", 1,
		      "out of range: 0 (expected 1..86400)"),
	      "context_idle_timeout = 0 is refused");
	CHECK(refused("context_idle_timeout = 86401\n", 1,
		      "out of range: 86401 (expected 1..86400)"),
	      "context_idle_timeout over a day is refused");
	CHECK(refused("threads = 4x\n", 1, "not a number: 4x"),
	      "a number with junk after it");
	CHECK(refused("digest_nonce_lifetime = -5\n", 1, "not a number: -5"),
	      "a negative number");
	CHECK(refused("log_level = 3\n", 1, "out of range: 3 (expected 0..2)"),
	      "log_level out of range");
	CHECK(refused("map_principal = maybe\n", 1,
		      "expected yes or no: maybe"), "a bad boolean");
	snprintf(text, sizeof(text), "digest_key_file = %s\n",
		 write_file("short.key", "too short"));
	CHECK(refused(text, 1, "digest key must hold 16 to 64 bytes"),
	      "a digest key of 9 bytes");
	CHECK(refused("digest_key_file = /nonexistent/key\n", 1,
		      "No such file or directory: /nonexistent/key"),
	      "a missing digest key file");
	{
		char *long_line = malloc(5000);

		memset(long_line, 'k', 4999);
		long_line[4999] = '\0';
		CHECK(refused(long_line, 1, "line too long"),
		      "a line over 4095 bytes");
		free(long_line);
	}
	CHECK(config_load("/nonexistent/helperd.conf", &cfg) == -1,
	      "a missing file is an error");

	snprintf(text, sizeof(text), "rm -rf %s", dir);
	if (system(text) != 0)
		return 1;
	return tap_exit_status();
}
