// SPDX-License-Identifier: GPL-2.0
/*
 * httpcfg: the `netsh http` of httpsys.  URL reservations and the
 * machine-wide timeouts through libhttpapi's service configuration calls
 * (HttpServiceConfigUrlAclInfo, HttpServiceConfigTimeout), and a snapshot
 * of every request queue, process, server session, URL group and URL,
 * and of the response cache, straight from the kernel
 * (HTTPSYS_IOC_SERVICE_STATE).
 *
 * save writes, and restore reads, a text file of one setting a line
 * ('#' starts a comment):
 *
 *	PREFIX SDDL			a URL reservation
 *	timeout TYPE SECONDS		a timeout, TYPE idleconnectiontimeout
 *					or headerwaittimeout
 *
 * save writes a timeout only when it is not the default (120 s).  Files
 * from before timeouts were saved hold reservations only.
 *
 * Exit status: 0 done, 1 a call failed (its Windows error is printed),
 * 2 a usage error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <libgen.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <http.h>

#include "internal.h"	/* the library's SDDL parser and UTF-8 conversion */
#include "url.h"	/* URL prefix matching, shared with the kernel */

#define DEFAULT_FILE	"/etc/httpsys/urlacl.conf"
#define URL_CHARS	(HTTPSYS_MAX_URL_LEN + 2)	/* the kernel may add a '/' */
#define SDDL_CHARS	(HTTPSYS_MAX_SDDL + 1)
#define DEFAULT_TIMEOUT	120	/* seconds: what delete timeout restores */

enum key {
	KEY_URL, KEY_USER, KEY_SDDL, KEY_LISTEN, KEY_DELEGATE,
	KEY_TIMEOUTTYPE, KEY_VALUE, KEY_VIEW, KEYS
};

static const char *const key_names[KEYS] = {
	"url", "user", "sddl", "listen", "delegate", "timeouttype", "value",
	"view",
};

struct args {
	const char *value[KEYS];	/* key=value, each at most once */
	const char *file;		/* save and restore */
};

struct verb {
	const char *name;
	const char *object;	/* "urlacl"...; NULL: an optional FILE follows */
	unsigned int keys;	/* those it takes, 1 << KEY_* */
	unsigned int required;
	const char *syntax;	/* its arguments, for the usage text */
	int (*run)(const struct args *a);
};

static int add_urlacl(const struct args *a);
static int delete_urlacl(const struct args *a);
static int show_urlacl(const struct args *a);
static int set_timeout_cmd(const struct args *a);
static int delete_timeout(const struct args *a);
static int show_timeout(const struct args *a);
static int show_servicestate(const struct args *a);
static int show_cachestate(const struct args *a);
static int save(const struct args *a);
static int restore(const struct args *a);

#define KEY(k)	(1U << KEY_##k)
static const struct verb verbs[] = {
	{ "add", "urlacl", KEY(URL) | KEY(USER) | KEY(SDDL) | KEY(LISTEN) |
	  KEY(DELEGATE), KEY(URL),
	  "url=PREFIX {user=NAME [listen=yes|no] [delegate=yes|no] | sddl=SDDL}",
	  add_urlacl },
	{ "delete", "urlacl", KEY(URL), KEY(URL), "url=PREFIX", delete_urlacl },
	{ "show", "urlacl", KEY(URL), 0, "[url=PREFIX]", show_urlacl },
	/* netsh's verb is add; "set" is what one would guess. */
	{ "add", "timeout", KEY(TIMEOUTTYPE) | KEY(VALUE),
	  KEY(TIMEOUTTYPE) | KEY(VALUE), "timeouttype=TYPE value=SECONDS",
	  set_timeout_cmd },
	{ "set", "timeout", KEY(TIMEOUTTYPE) | KEY(VALUE),
	  KEY(TIMEOUTTYPE) | KEY(VALUE), "timeouttype=TYPE value=SECONDS",
	  set_timeout_cmd },
	{ "delete", "timeout", KEY(TIMEOUTTYPE), KEY(TIMEOUTTYPE),
	  "timeouttype=TYPE", delete_timeout },
	{ "show", "timeout", 0, 0, "", show_timeout },
	{ "show", "servicestate", KEY(VIEW), 0, "[view=session|requestq]",
	  show_servicestate },
	{ "show", "cachestate", KEY(URL), 0, "[url=URL]", show_cachestate },
	{ "save", NULL, 0, 0, "[FILE]", save },
	{ "restore", NULL, 0, 0, "[FILE]", restore },
};
#define VERBS	(sizeof(verbs) / sizeof(verbs[0]))

#define ERR(e)	{ e, #e }
static const struct {
	ULONG code;
	const char *name;
} errors[] = {
	ERR(ERROR_INVALID_FUNCTION), ERR(ERROR_FILE_NOT_FOUND),
	ERR(ERROR_ACCESS_DENIED), ERR(ERROR_INVALID_HANDLE),
	ERR(ERROR_NOT_ENOUGH_MEMORY), ERR(ERROR_INVALID_DATA),
	ERR(ERROR_NOT_SUPPORTED), ERR(ERROR_INVALID_PARAMETER),
	ERR(ERROR_INSUFFICIENT_BUFFER), ERR(ERROR_ALREADY_EXISTS),
	ERR(ERROR_MORE_DATA), ERR(ERROR_NO_MORE_ITEMS), ERR(ERROR_NOACCESS),
	ERR(ERROR_DLL_INIT_FAILED),
};

/* "httpcfg: WHAT failed: NAME (CODE)"; returns the exit status, 1. */
__attribute__((format(printf, 2, 3)))
static int failed(ULONG err, const char *fmt, ...)
{
	const char *name = "error";
	va_list ap;
	size_t i;

	for (i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		if (errors[i].code == err)
			name = errors[i].name;
	}
	fputs("httpcfg: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " failed: %s (%u)\n", name, (unsigned int)err);
	return 1;
}

/* The problem, then every verb's syntax; returns the exit status, 2. */
__attribute__((format(printf, 1, 2)))
static int usage(const char *fmt, ...)
{
	va_list ap;
	size_t i;

	fputs("httpcfg: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	for (i = 0; i < VERBS; i++)
		fprintf(stderr, "\n%s httpcfg %s%s%s%s%s", i ? "      " : "usage:",
			verbs[i].name, verbs[i].object ? " " : "",
			verbs[i].object ? verbs[i].object : "",
			*verbs[i].syntax ? " " : "", verbs[i].syntax);
	fputs("\nTYPE is idleconnectiontimeout or headerwaittimeout; FILE is "
	      DEFAULT_FILE " unless given.\n", stderr);
	return 2;
}

/* Command-line UTF-8 as the API's wide strings; false if it cannot be. */
static int widen(const char *s, PWSTR out, size_t count)
{
	return lib_utf8_to_wide(s, strlen(s), out, count) >= 0;
}

/* And back, for printing without depending on the locale. */
static const char *narrow(PCWSTR s, char *out, size_t size)
{
	return lib_wide_to_utf8(s, out, size) < 0 ? "?" : out;
}

static ULONG set_urlacl(const char *url, const char *sddl)
{
	static WCHAR wurl[URL_CHARS], wsddl[SDDL_CHARS];
	HTTP_SERVICE_CONFIG_URLACL_SET set = { { wurl }, { wsddl } };

	if (!widen(url, wurl, URL_CHARS) || !widen(sddl, wsddl, SDDL_CHARS))
		return ERROR_INVALID_PARAMETER;
	return HttpSetServiceConfiguration(NULL, HttpServiceConfigUrlAclInfo,
					   &set, sizeof(set), NULL);
}

/*
 * The reservation for @url, or with @url NULL the @token-th one, in a
 * buffer grown until the answer fits.
 */
static ULONG query(const char *url, DWORD token,
		   HTTP_SERVICE_CONFIG_URLACL_SET **set)
{
	static HTTP_SERVICE_CONFIG_URLACL_SET *buf;
	static ULONG size;
	static WCHAR wurl[URL_CHARS];
	HTTP_SERVICE_CONFIG_URLACL_QUERY q = {
		url ? HttpServiceConfigQueryExact : HttpServiceConfigQueryNext,
		{ url ? wurl : NULL }, token
	};
	ULONG err, needed = 0;

	if (url && !widen(url, wurl, URL_CHARS))
		return ERROR_INVALID_PARAMETER;
	while ((err = HttpQueryServiceConfiguration(NULL,
						    HttpServiceConfigUrlAclInfo,
						    &q, sizeof(q), buf, size,
						    &needed, NULL)) ==
	       ERROR_INSUFFICIENT_BUFFER) {
		free(buf);
		buf = malloc(needed);
		size = buf ? needed : 0;
		if (!buf)
			return ERROR_NOT_ENOUGH_MEMORY;
	}
	*set = buf;
	return err;
}

/* @each on the reservation for @url, or on every one when @url is NULL. */
static ULONG for_each(const char *url,
		      void (*each)(const HTTP_SERVICE_CONFIG_URLACL_SET *set,
				   void *ctx),
		      void *ctx)
{
	HTTP_SERVICE_CONFIG_URLACL_SET *set;
	DWORD token;
	ULONG err;

	for (token = 0;; token++) {
		err = query(url, token, &set);
		if (err)
			return !url && err == ERROR_NO_MORE_ITEMS ? NO_ERROR : err;
		each(set, ctx);
		if (url)
			return NO_ERROR;
	}
}

/*
 * Who an ACE names, by name where there is one.  A group is marked: in
 * user= a user of the same name would win.
 */
static const char *trustee(const struct httpsys_ace *a, char *buf, size_t size)
{
	struct passwd *pw;
	struct group *gr;

	switch (a->type) {
	case HTTPSYS_ACE_USER:
		pw = getpwuid(a->id);
		if (pw)
			return pw->pw_name;
		snprintf(buf, size, "uid %u", a->id);
		return buf;
	case HTTPSYS_ACE_GROUP:
		gr = getgrgid(a->id);
		if (gr)
			snprintf(buf, size, "%s (group)", gr->gr_name);
		else
			snprintf(buf, size, "gid %u (group)", a->id);
		return buf;
	}
	return "Everyone";
}

/* netsh's layout: the prefix, each user's rights, then the SDDL. */
static void show_one(const HTTP_SERVICE_CONFIG_URLACL_SET *set, void *ctx)
{
	static char url[URL_CHARS * 4], sddl[SDDL_CHARS * 4];
	struct httpsys_ace aces[HTTPSYS_MAX_ACES];
	char name[64];
	int i, n;

	(void)ctx;
	narrow(set->ParamDesc.pStringSecurityDescriptor, sddl, sizeof(sddl));
	n = lib_sddl_parse(sddl, strlen(sddl), aces);
	printf("    Reserved URL            : %s\n",
	       narrow(set->KeyDesc.pUrlPrefix, url, sizeof(url)));
	for (i = 0; i < n; i++) {
		printf("        User: %s\n", trustee(&aces[i], name, sizeof(name)));
		printf("            Listen: %s\n",
		       aces[i].rights & HTTPSYS_RIGHT_LISTEN ? "Yes" : "No");
		printf("            Delegate: %s\n",
		       aces[i].rights & HTTPSYS_RIGHT_DELEGATE ? "Yes" : "No");
	}
	printf("            SDDL: %s\n\n", sddl);
}

/* yes or no (any case), @absent when not given; -1 for anything else. */
static int yes_no(const char *value, int absent)
{
	if (!value)
		return absent;
	if (!strcasecmp(value, "yes"))
		return 1;
	return strcasecmp(value, "no") ? -1 : 0;
}

/* The SID for user=: Everyone, a user, a group, or a numeric uid. */
static int sid_of(const char *name, char *sid, size_t size)
{
	struct passwd *pw;
	struct group *gr;
	unsigned long id;
	char *end;

	if (!strcasecmp(name, "Everyone")) {
		snprintf(sid, size, "WD");
		return 0;
	}
	pw = getpwnam(name);
	if (pw) {
		snprintf(sid, size, "S-1-22-1-%u", (unsigned int)pw->pw_uid);
		return 0;
	}
	gr = getgrnam(name);
	if (gr) {
		snprintf(sid, size, "S-1-22-2-%u", (unsigned int)gr->gr_gid);
		return 0;
	}
	if (*name < '0' || *name > '9')
		return -1;
	errno = 0;
	id = strtoul(name, &end, 10);
	if (*end || errno || id >= (uid_t)-1)
		return -1;
	snprintf(sid, size, "S-1-22-1-%lu", id);
	return 0;
}

static int add_urlacl(const struct args *a)
{
	static const char *const rights[] = { NULL, "GX", "GW", "GA" };
	const char *user = a->value[KEY_USER], *sddl = a->value[KEY_SDDL];
	int listen = yes_no(a->value[KEY_LISTEN], 1);
	int delegate = yes_no(a->value[KEY_DELEGATE], 0);
	char sid[32], built[64];
	ULONG err;

	if (!user == !sddl)
		return usage("add urlacl takes one of user= and sddl=");
	if (sddl && (a->value[KEY_LISTEN] || a->value[KEY_DELEGATE]))
		return usage("listen= and delegate= go with user=, not sddl=");
	if (user) {
		if (listen < 0 || delegate < 0)
			return usage("listen= and delegate= take yes or no");
		if (!listen && !delegate)
			return usage("listen=no delegate=no grants nothing");
		if (sid_of(user, sid, sizeof(sid)))
			return usage("no user or group named %s", user);
		snprintf(built, sizeof(built), "D:(A;;%s;;;%s)",
			 rights[listen | delegate << 1], sid);
		sddl = built;
	}
	err = set_urlacl(a->value[KEY_URL], sddl);
	if (err)
		return failed(err, "add urlacl");
	puts("URL reservation successfully added");
	return 0;
}

static int delete_urlacl(const struct args *a)
{
	static WCHAR wurl[URL_CHARS];
	HTTP_SERVICE_CONFIG_URLACL_SET set = { { wurl }, { NULL } };
	ULONG err = ERROR_INVALID_PARAMETER;

	if (widen(a->value[KEY_URL], wurl, URL_CHARS))
		err = HttpDeleteServiceConfiguration(NULL,
						     HttpServiceConfigUrlAclInfo,
						     &set, sizeof(set), NULL);
	if (err)
		return failed(err, "delete urlacl");
	puts("URL reservation successfully deleted");
	return 0;
}

static int show_urlacl(const struct args *a)
{
	ULONG err;

	printf("\nURL Reservations:\n-----------------\n\n");
	err = for_each(a->value[KEY_URL], show_one, NULL);
	return err ? failed(err, "show urlacl") : 0;
}

/* The timeouts by timeouttype= name, and as show timeout prints them. */
static const struct {
	const char *name;
	const char *label;
} timeouts[] = {
	[IdleConnectionTimeout] = { "idleconnectiontimeout",
				    "Idle connection timeout (secs)" },
	[HeaderWaitTimeout] = { "headerwaittimeout",
				"Header wait timeout (secs)" },
};
#define TIMEOUTS	(sizeof(timeouts) / sizeof(timeouts[0]))

/* The key @name (any case) names; -1 for none. */
static int timeout_key(const char *name)
{
	size_t i;

	for (i = 0; i < TIMEOUTS; i++) {
		if (!strcasecmp(name, timeouts[i].name))
			return i;
	}
	return -1;
}

/* Decimal seconds, 0 to 65535 (the API refuses 0); -1 for anything else. */
static long timeout_seconds(const char *value)
{
	unsigned long v;
	char *end;

	if (*value < '0' || *value > '9')
		return -1;
	errno = 0;
	v = strtoul(value, &end, 10);
	return *end || errno || v > 0xffff ? -1 : (long)v;
}

/* Set @key to @seconds (the API refuses 0), or delete it: the default. */
static ULONG set_timeout(int key, USHORT seconds, int delete)
{
	HTTP_SERVICE_CONFIG_TIMEOUT_SET set = { key, seconds };

	if (delete)
		return HttpDeleteServiceConfiguration(NULL, HttpServiceConfigTimeout,
						      &set, sizeof(set), NULL);
	return HttpSetServiceConfiguration(NULL, HttpServiceConfigTimeout, &set,
					   sizeof(set), NULL);
}

static ULONG query_timeout(int key, USHORT *seconds)
{
	HTTP_SERVICE_CONFIG_TIMEOUT_KEY k = key;

	return HttpQueryServiceConfiguration(NULL, HttpServiceConfigTimeout, &k,
					     sizeof(k), seconds, sizeof(*seconds),
					     NULL, NULL);
}

/* add timeout and set timeout. */
static int set_timeout_cmd(const struct args *a)
{
	int key = timeout_key(a->value[KEY_TIMEOUTTYPE]);
	long seconds = timeout_seconds(a->value[KEY_VALUE]);
	ULONG err;

	if (key < 0)
		return usage("timeouttype= takes idleconnectiontimeout or "
			     "headerwaittimeout");
	if (seconds < 0)
		return usage("value= takes seconds, 1 to 65535");
	/* 0 goes to the API, which refuses it as Windows' does. */
	err = set_timeout(key, seconds, 0);
	if (err)
		return failed(err, "set timeout");
	puts("Timeout successfully set");
	return 0;
}

static int delete_timeout(const struct args *a)
{
	int key = timeout_key(a->value[KEY_TIMEOUTTYPE]);
	ULONG err;

	if (key < 0)
		return usage("timeouttype= takes idleconnectiontimeout or "
			     "headerwaittimeout");
	err = set_timeout(key, 0, 1);
	if (err)
		return failed(err, "delete timeout");
	printf("Timeout successfully deleted (%u seconds again)\n",
	       DEFAULT_TIMEOUT);
	return 0;
}

static int show_timeout(const struct args *a)
{
	USHORT seconds[TIMEOUTS];
	size_t i;
	ULONG err;

	(void)a;
	for (i = 0; i < TIMEOUTS; i++) {
		err = query_timeout(i, &seconds[i]);
		if (err)
			return failed(err, "show timeout");
	}
	printf("\nTimeout values:\n---------------\n\n");
	for (i = 0; i < TIMEOUTS; i++)
		printf("    %s: %u\n", timeouts[i].label, seconds[i]);
	putchar('\n');
	return 0;
}

/* The service-state snapshot, as a list of its entries. */
struct snapshot {
	char *buf;
	const struct httpsys_state_entry **e;
	size_t n;
};

/* An entry's text (@e->text_len bytes, no NUL). */
static const char *text(const struct httpsys_state_entry *e)
{
	return (const char *)(e + 1);
}

/* Each entry in @buf (@len bytes) into @s->e; ERROR_INVALID_DATA if torn. */
static ULONG snapshot_index(struct snapshot *s, __u32 len)
{
	const struct httpsys_state_entry *e;
	__u32 at;

	s->e = malloc((len / sizeof(*e) + 1) * sizeof(*s->e));
	if (!s->e)
		return ERROR_NOT_ENOUGH_MEMORY;
	for (at = 0; at < len; at += e->size) {
		e = (const void *)(s->buf + at);
		if (len - at < sizeof(*e) || e->size % 8 || e->size > len - at ||
		    e->size < sizeof(*e) || e->text_len > e->size - sizeof(*e))
			return ERROR_INVALID_DATA;
		s->e[s->n++] = e;
	}
	return NO_ERROR;
}

/* Take the snapshot, in a buffer grown while the kernel says it is short. */
static ULONG snapshot_take(struct snapshot *s)
{
	struct httpsys_state_query q = { 0 };
	__u32 size = 16384;
	int fd, err;
	ULONG result;

	memset(s, 0, sizeof(*s));
	result = lib_open_device(&fd);
	if (result)
		return result;
	do {
		free(s->buf);
		s->buf = malloc(size);
		if (!s->buf) {
			close(fd);
			return ERROR_NOT_ENOUGH_MEMORY;
		}
		q.buffer = (uintptr_t)s->buf;
		q.length = size;
		err = lib_ioctl(fd, HTTPSYS_IOC_SERVICE_STATE, &q);
		/* Room for what appears before the next try, too. */
		size = q.length + 4096;
	} while (err == EOVERFLOW);
	close(fd);
	if (err)
		return lib_errno_to_win32(err, LIB_CALL_SERVICE);
	return snapshot_index(s, q.length);
}

/* The first entry of @type, or NULL. */
static const struct httpsys_state_entry *
snapshot_first(const struct snapshot *s, __u32 type)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		if (s->e[i]->type == type)
			return s->e[i];
	}
	return NULL;
}

/* The first entry of @type with @id, or NULL. */
static const struct httpsys_state_entry *
snapshot_find(const struct snapshot *s, __u32 type, __u64 id)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		if (s->e[i]->type == type && s->e[i]->id == id)
			return s->e[i];
	}
	return NULL;
}

static const char *state_name(__u32 state)
{
	return state == HTTPSYS_STATE_INACTIVE ? "Inactive" : "Active";
}

/* A user by name where there is one, as a reservation's trustee is. */
static const char *user_name(__u32 uid, char *buf, size_t size)
{
	struct httpsys_ace ace = { .type = HTTPSYS_ACE_USER, .id = uid };

	return trustee(&ace, buf, size);
}

/* netsh's "Max bandwidth: ..." and "Max connections: ..." lines. */
static void print_qos(int indent, const char *label, const struct httpsys_qos *q)
{
	if (q->present)
		printf("%*s%s: %u\n", indent, "", label, q->limit);
	else
		printf("%*s%s: inherited\n", indent, "", label);
}

static void print_timeout(int indent, const char *label, __u32 value)
{
	if (value)
		printf("%*s%s: %u\n", indent, "", label, value);
	else
		printf("%*s%s: inherited\n", indent, "", label);
}

/* A session's or group's own settings; what it does not set, it inherits. */
static void print_properties(int indent, const struct httpsys_state_entry *e)
{
	const struct httpsys_timeouts *t = &e->timeouts;

	printf("%*sProperties:\n", indent, "");
	indent += 4;
	print_qos(indent, "Max bandwidth", &e->bandwidth);
	print_qos(indent, "Max connections", &e->connections);
	printf("%*sTimeouts:\n", indent, "");
	indent += 4;
	if (!t->present) {
		printf("%*sTimeout values inherited\n", indent, "");
		return;
	}
	print_timeout(indent, "Entity body timeout (secs)", t->entity_body);
	print_timeout(indent, "Drain entity body timeout (secs)",
		      t->drain_entity_body);
	print_timeout(indent, "Request queue timeout (secs)", t->request_queue);
	print_timeout(indent, "Idle connection timeout (secs)",
		      t->idle_connection);
	print_timeout(indent, "Header wait timeout (secs)", t->header_wait);
	print_timeout(indent, "Minimum send rate (bytes/sec)", t->min_send_rate);
}

static void print_queue_name(int indent, const struct httpsys_state_entry *q)
{
	printf("%*sRequest queue name: ", indent, "");
	if (!q)
		puts("Not bound to a request queue.");
	else if (!q->text_len)
		puts("Request queue is unnamed.");
	else
		printf("%.*s\n", (int)q->text_len, text(q));
}

/* A URL group: its state, queue, settings and URLs. */
static void print_group(const struct snapshot *s, int indent,
			const struct httpsys_state_entry *g)
{
	size_t i, urls = 0;

	printf("%*sURL group ID: %016llX\n", indent, "",
	       (unsigned long long)g->id);
	indent += 4;
	printf("%*sState: %s\n", indent, "", state_name(g->state));
	print_queue_name(indent, g->queue ?
			 snapshot_find(s, HTTPSYS_STATE_QUEUE, g->queue) : NULL);
	print_properties(indent, g);
	indent += 4;
	for (i = 0; i < s->n; i++)
		urls += s->e[i]->type == HTTPSYS_STATE_URL && s->e[i]->parent == g->id;
	printf("%*sNumber of registered URLs: %zu\n", indent, "", urls);
	printf("%*sRegistered URLs:\n", indent, "");
	for (i = 0; i < s->n; i++) {
		if (s->e[i]->type == HTTPSYS_STATE_URL && s->e[i]->parent == g->id)
			printf("%*s%.*s\n", indent + 4, "",
			       (int)s->e[i]->text_len, text(s->e[i]));
	}
}

static void print_sessions(const struct snapshot *s)
{
	const struct httpsys_state_entry *e;
	size_t i, j;

	puts("Snapshot of HTTP service state (Server Session View):");
	puts("-----------------------------------------------------\n");
	for (i = 0; i < s->n; i++) {
		e = s->e[i];
		if (e->type != HTTPSYS_STATE_SESSION)
			continue;
		printf("Server session ID: %016llX\n", (unsigned long long)e->id);
		puts("    Version: 2.0");
		printf("    State: %s\n", state_name(e->state));
		printf("    Process ID: %u\n", e->pid);
		print_properties(4, e);
		puts("    URL groups:");
		for (j = 0; j < s->n; j++) {
			if (s->e[j]->type == HTTPSYS_STATE_GROUP &&
			    s->e[j]->parent == e->id)
				print_group(s, 4, s->e[j]);
		}
		putchar('\n');
	}
}

/* Whether an earlier entry than @i is a process @pid attached to @queue. */
static int seen_process(const struct snapshot *s, size_t i, __u64 queue,
			__u32 pid)
{
	while (i--) {
		if (s->e[i]->type == HTTPSYS_STATE_PROCESS &&
		    s->e[i]->parent == queue && s->e[i]->pid == pid)
			return 1;
	}
	return 0;
}

/* A queue: netsh's lines, then ours (owner, requests), then its groups. */
static void print_queue(const struct snapshot *s,
			const struct httpsys_state_entry *q)
{
	static const char *const verbosity[] = { "Basic", "Limited", "Full" };
	const struct httpsys_state_entry *e;
	size_t i, processes = 0;
	char name[64];

	print_queue_name(4, q);
	printf("        Version: %s\n", q->flags & HTTPSYS_STATE_FLAG_V1 ?
	       "1.0" : "2.0");
	printf("        State: %s\n", state_name(q->state));
	printf("        Request queue 503 verbosity level: %s\n",
	       q->verbosity < 3 ? verbosity[q->verbosity] : "?");
	printf("        Max requests: %u\n", q->max_length);
	for (i = 0; i < s->n; i++)
		processes += s->e[i]->type == HTTPSYS_STATE_PROCESS &&
			     s->e[i]->parent == q->id &&
			     !seen_process(s, i, q->id, s->e[i]->pid);
	printf("        Number of active processes attached: %zu\n", processes);
	puts("        Process IDs:");
	for (i = 0; i < s->n; i++) {
		e = s->e[i];
		if (e->type != HTTPSYS_STATE_PROCESS || e->parent != q->id ||
		    seen_process(s, i, q->id, e->pid))
			continue;
		printf("            %u%s%s\n", e->pid,
		       e->flags & HTTPSYS_STATE_FLAG_CONTROLLER ? " (controller)" : "",
		       e->flags & HTTPSYS_STATE_FLAG_SHUT_DOWN ? " (shut down)" : "");
	}
	printf("        Owner: %s\n", user_name(q->uid, name, sizeof(name)));
	printf("        Requests waiting to be received: %u\n", q->count_a);
	printf("        Requests received, not yet answered: %u\n", q->count_b);
	/* A request keeps its connection to itself until it is answered. */
	printf("        Active connections: %u\n", q->count_a + q->count_b);
	puts("        URL groups:");
	for (i = 0; i < s->n; i++) {
		if (s->e[i]->type == HTTPSYS_STATE_GROUP && s->e[i]->queue == q->id)
			print_group(s, 8, s->e[i]);
	}
	putchar('\n');
}

/* The response cache's counters, under the service's (none: no cache). */
static void print_cache_counters(const struct httpsys_state_entry *c)
{
	if (!c)
		return;
	printf("    Response cache hits: %llu\n", (unsigned long long)c->id);
	/* Requests the cache might have answered but did not hold. */
	printf("    Response cache misses: %llu\n",
	       (unsigned long long)c->parent);
	printf("    Cached responses: %u\n", c->count_a);
	printf("    Cached fragments: %u\n", c->count_b);
	printf("    Cache bytes held: %llu\n", (unsigned long long)c->queue);
	printf("    Cache evictions for room: %u\n", c->max_length);
}

/* The service's counters, when the snapshot has them whole. */
static void print_counters(const struct httpsys_state_entry *c)
{
	static const unsigned int statuses[] = HTTPSYS_COUNTED_ERRORS;
	struct httpsys_state_counters n;
	unsigned int i;

	if (!c || c->text_len != sizeof(n))
		return;
	memcpy(&n, text(c), sizeof(n));
	printf("    Requests received: %llu\n", (unsigned long long)n.requests);
	for (i = 0; i < 5; i++)
		printf("    Responses %ux: %llu\n", i + 1,
		       (unsigned long long)n.responses[i]);
	for (i = 0; i < HTTPSYS_COUNTED_ERROR_COUNT; i++)
		printf("    Kernel answers %u: %llu\n", statuses[i],
		       (unsigned long long)n.errors[i]);
	printf("    Kernel answers, other: %llu\n",
	       (unsigned long long)n.errors_other);
	printf("    Connections accepted: %llu\n",
	       (unsigned long long)n.conns_accepted);
	printf("    Connections refused: %llu\n",
	       (unsigned long long)n.conns_refused);
	printf("    Bytes received: %llu\n", (unsigned long long)n.bytes_in);
	printf("    Bytes sent: %llu\n", (unsigned long long)n.bytes_out);
}

/*
 * netsh's two views, sessions and then request queues (or the one asked
 * for), and the service's connections, listening ports, cache and
 * counters.
 */
static int show_servicestate(const struct args *a)
{
	const char *view = a->value[KEY_VIEW];
	int sessions = !view || !strcasecmp(view, "session");
	int queues = !view || !strcasecmp(view, "requestq");
	struct snapshot s;
	size_t i;
	ULONG err;

	if (!sessions && !queues)
		return usage("view= takes session or requestq");
	err = snapshot_take(&s);
	if (!err && (!s.n || s.e[0]->type != HTTPSYS_STATE_SERVICE))
		err = ERROR_INVALID_DATA;
	if (err) {
		free(s.buf);
		free(s.e);
		return failed(err, "show servicestate");
	}
	putchar('\n');
	if (sessions)
		print_sessions(&s);
	if (queues) {
		if (!sessions) {
			puts("Snapshot of HTTP service state (Request Queue View):");
			puts("----------------------------------------------------\n");
		}
		puts("Request queues:");
		for (i = 0; i < s.n; i++) {
			if (s.e[i]->type == HTTPSYS_STATE_QUEUE)
				print_queue(&s, s.e[i]);
		}
	}
	puts("HTTP service:");
	printf("    Open connections: %u\n", s.e[0]->count_a);
	printf("    Listening ports: %u\n", s.e[0]->count_b);
	print_cache_counters(snapshot_first(&s, HTTPSYS_STATE_CACHE));
	print_counters(snapshot_first(&s, HTTPSYS_STATE_COUNTERS));
	putchar('\n');
	free(s.buf);
	free(s.e);
	return 0;
}

/* True when cache entry @e's URL lies under @filter (parsed as @f). */
static int cache_entry_under(const struct httpsys_state_entry *e,
			     const char *filter, const struct url_prefix *f)
{
	const char *url = text(e);
	struct url_prefix u;

	if (url_prefix_parse(url, e->text_len, &u) || u.https != f->https ||
	    u.port != f->port)
		return 0;
	return url_prefix_match_host(filter, f, url + u.host_off, u.host_len) &&
	       url_prefix_match_path(filter, f, url + u.path_off, u.path_len) >= 0;
}

static void print_cache_entry(const struct snapshot *s,
			      const struct httpsys_state_entry *e)
{
	printf("URL: %.*s\n", (int)e->text_len, text(e));
	printf("    Entry type: %s\n", e->flags & HTTPSYS_STATE_FLAG_FRAGMENT ?
	       "Fragment" : "Response");
	if (e->count_a == 0xffffffff)
		puts("    Cache policy type: User invalidates");
	else
		printf("    Cache policy type: Time to live (%u s left)\n",
		       e->count_a);
	print_queue_name(4, snapshot_find(s, HTTPSYS_STATE_QUEUE, e->parent));
	printf("    Bytes held: %llu\n", (unsigned long long)e->queue);
	printf("    Hit count: %llu\n\n", (unsigned long long)e->id);
}

/*
 * netsh's cachestate: every cached response and fragment (root's view;
 * others see their own queues'), or those under url=, which matches as
 * a registration would ("+" and "*" hosts match every host).
 */
static int show_cachestate(const struct args *a)
{
	const char *url = a->value[KEY_URL];
	struct url_prefix filter;
	struct snapshot s;
	size_t i, shown = 0;
	ULONG err;

	if (url && url_prefix_parse(url, strlen(url), &filter))
		return usage("url= takes a URL such as http://+:80/path");
	err = snapshot_take(&s);
	if (err) {
		free(s.buf);
		free(s.e);
		return failed(err, "show cachestate");
	}
	puts("\nSnapshot of HTTP response cache:");
	puts("--------------------------------\n");
	for (i = 0; i < s.n; i++) {
		if (s.e[i]->type != HTTPSYS_STATE_CACHE_ENTRY ||
		    (url && !cache_entry_under(s.e[i], url, &filter)))
			continue;
		print_cache_entry(&s, s.e[i]);
		shown++;
	}
	if (!shown)
		puts("No cached entries.\n");
	free(s.buf);
	free(s.e);
	return 0;
}

/* One line of the file: "PREFIX SDDL". */
static void save_one(const HTTP_SERVICE_CONFIG_URLACL_SET *set, void *ctx)
{
	static char url[URL_CHARS * 4], sddl[SDDL_CHARS * 4];

	fprintf(ctx, "%s %s\n", narrow(set->KeyDesc.pUrlPrefix, url, sizeof(url)),
		narrow(set->ParamDesc.pStringSecurityDescriptor, sddl,
		       sizeof(sddl)));
}

/*
 * A "timeout TYPE SECONDS" line for each timeout not at its default; one
 * switched off through the module parameter (0) cannot be set through the
 * API, so it is left out too.
 */
static ULONG save_timeouts(FILE *f)
{
	USHORT seconds;
	size_t i;
	ULONG err;

	for (i = 0; i < TIMEOUTS; i++) {
		err = query_timeout(i, &seconds);
		if (err)
			return err;
		if (seconds && seconds != DEFAULT_TIMEOUT)
			fprintf(f, "timeout %s %u\n", timeouts[i].name, seconds);
	}
	return NO_ERROR;
}

/* Written beside the file and renamed over it: never half a file. */
static int save(const struct args *a)
{
	const char *path = a->file ? a->file : DEFAULT_FILE;
	char tmp[4096], dir[4096];
	FILE *f = NULL;
	ULONG err;
	int fd;

	snprintf(dir, sizeof(dir), "%s", path);
	mkdir(dirname(dir), 0755);	/* the first save; mkstemp reports failures */
	snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0 || fchmod(fd, 0644) || !(f = fdopen(fd, "w"))) {
		fprintf(stderr, "httpcfg: %s: %s\n", tmp, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		return 1;
	}
	fprintf(f, "# httpcfg save: URL reservations (PREFIX SDDL) and the "
		"timeouts not at\n# their default (timeout TYPE SECONDS)\n");
	err = for_each(NULL, save_one, f);
	if (!err)
		err = save_timeouts(f);
	if (err) {
		fclose(f);
		unlink(tmp);
		return failed(err, "save");
	}
	if (fflush(f) || fsync(fd) || fclose(f) || rename(tmp, path)) {
		fprintf(stderr, "httpcfg: %s: %s\n", path, strerror(errno));
		unlink(tmp);
		return 1;
	}
	return 0;
}

/*
 * One "timeout TYPE SECONDS" line, its words after "timeout" in @words;
 * 0 or the exit status.
 */
static int restore_timeout(char *words[3], const char *path,
			   unsigned int lineno)
{
	int key = words[0] ? timeout_key(words[0]) : -1;
	long seconds = words[1] ? timeout_seconds(words[1]) : -1;
	ULONG err;

	if (key < 0 || seconds < 0 || (words[2] && *words[2] != '#')) {
		fprintf(stderr, "httpcfg: %s:%u: not \"timeout TYPE SECONDS\"\n",
			path, lineno);
		return 1;
	}
	err = set_timeout(key, seconds, 0);
	return err ? failed(err, "restore %s (%s:%u)", words[0], path, lineno) :
		     0;
}

/*
 * Add each line's reservation (one already there is reported and kept)
 * and set each line's timeout.
 */
static int restore(const struct args *a)
{
	const char *path = a->file ? a->file : DEFAULT_FILE;
	const char *space = " \t\r\n";
	char *line = NULL, *url, *words[3];
	unsigned int lineno = 0;
	size_t cap = 0;
	int status = 0, i;
	ULONG err;
	FILE *f = fopen(path, "r");

	if (!f) {
		fprintf(stderr, "httpcfg: %s: %s\n", path, strerror(errno));
		return 1;
	}
	while (getline(&line, &cap, f) > 0) {
		lineno++;
		url = strtok(line, space);
		if (!url || *url == '#')
			continue;
		for (i = 0; i < 3; i++)
			words[i] = strtok(NULL, space);
		if (!strcmp(url, "timeout")) {
			status |= restore_timeout(words, path, lineno);
			continue;
		}
		if (!words[0] || (words[1] && *words[1] != '#')) {
			fprintf(stderr, "httpcfg: %s:%u: not \"PREFIX SDDL\"\n",
				path, lineno);
			status = 1;
			continue;
		}
		err = set_urlacl(url, words[0]);
		if (err == ERROR_ALREADY_EXISTS)
			printf("%s is already reserved: skipped\n", url);
		else if (err)
			status = failed(err, "restore %s (%s:%u)", url, path, lineno);
	}
	free(line);
	fclose(f);
	return status;
}

/* key=value arguments for @v into @a; 0 or the usage error's status. */
static int parse(const struct verb *v, int argc, char **argv, struct args *a)
{
	const char *eq;
	unsigned int k;
	int i;

	if (!v->object) {
		if (argc > 1)
			return usage("%s takes one FILE at most", v->name);
		a->file = argc ? argv[0] : NULL;
		return 0;
	}
	for (i = 0; i < argc; i++) {
		eq = strchr(argv[i], '=');
		for (k = 0; eq && k < KEYS; k++) {
			if (strlen(key_names[k]) == (size_t)(eq - argv[i]) &&
			    !strncasecmp(argv[i], key_names[k], eq - argv[i]))
				break;
		}
		if (!eq || k == KEYS || !(v->keys & 1U << k))
			return usage("%s %s does not take %s", v->name, v->object,
				     argv[i]);
		if (a->value[k])
			return usage("%s= given twice", key_names[k]);
		a->value[k] = eq + 1;
	}
	for (k = 0; k < KEYS; k++) {
		if ((v->required & 1U << k) && !a->value[k])
			return usage("%s %s needs %s=", v->name, v->object,
				     key_names[k]);
	}
	return 0;
}

int main(int argc, char **argv)
{
	const struct verb *v = NULL;
	struct args a;
	size_t i;
	int status, skip;
	ULONG err;

	memset(&a, 0, sizeof(a));
	for (i = 0; i < VERBS && !v; i++) {
		if (argc > 1 && !strcasecmp(argv[1], verbs[i].name) &&
		    (!verbs[i].object ||
		     (argc > 2 && !strcasecmp(argv[2], verbs[i].object))))
			v = &verbs[i];
	}
	if (!v)
		return usage(argc > 1 ? "unknown command" : "no command");
	skip = v->object ? 3 : 2;
	status = parse(v, argc - skip, argv + skip, &a);
	if (status)
		return status;
	err = HttpInitialize(HTTPAPI_VERSION_1, HTTP_INITIALIZE_CONFIG, NULL);
	if (err)
		return failed(err, "HttpInitialize");
	status = v->run(&a);
	HttpTerminate(HTTP_INITIALIZE_CONFIG, NULL);
	return status;
}
