// SPDX-License-Identifier: GPL-2.0
/*
 * httpcfg: URL reservations from the command line, as `netsh http` keeps
 * them on Windows, through libhttpapi's service configuration calls.
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <http.h>

#include "internal.h"	/* the library's SDDL parser and UTF-8 conversion */

#define DEFAULT_FILE	"/etc/httpsys/urlacl.conf"
#define URL_CHARS	(HTTPSYS_MAX_URL_LEN + 2)	/* the kernel may add a '/' */
#define SDDL_CHARS	(HTTPSYS_MAX_SDDL + 1)

enum key { KEY_URL, KEY_USER, KEY_SDDL, KEY_LISTEN, KEY_DELEGATE, KEYS };

static const char *const key_names[KEYS] = {
	"url", "user", "sddl", "listen", "delegate",
};

struct args {
	const char *value[KEYS];	/* key=value, each at most once */
	const char *file;		/* save and restore */
};

struct verb {
	const char *name;
	const char *object;	/* "urlacl"; NULL: an optional FILE follows */
	unsigned int keys;	/* those it takes, 1 << KEY_* */
	unsigned int required;
	const char *syntax;	/* its arguments, for the usage text */
	int (*run)(const struct args *a);
};

static int add_urlacl(const struct args *a);
static int delete_urlacl(const struct args *a);
static int show_urlacl(const struct args *a);
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
		fprintf(stderr, "\n%s httpcfg %s %s%s%s", i ? "      " : "usage:",
			verbs[i].name, verbs[i].object ? verbs[i].object : "",
			verbs[i].object ? " " : "", verbs[i].syntax);
	fputs("\nFILE is " DEFAULT_FILE " unless given.\n", stderr);
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

/* One line of the file: "PREFIX SDDL". */
static void save_one(const HTTP_SERVICE_CONFIG_URLACL_SET *set, void *ctx)
{
	static char url[URL_CHARS * 4], sddl[SDDL_CHARS * 4];

	fprintf(ctx, "%s %s\n", narrow(set->KeyDesc.pUrlPrefix, url, sizeof(url)),
		narrow(set->ParamDesc.pStringSecurityDescriptor, sddl,
		       sizeof(sddl)));
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
	fprintf(f, "# URL reservations (httpcfg save): PREFIX SDDL\n");
	err = for_each(NULL, save_one, f);
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

/* Add each line's reservation; one already there is reported and kept. */
static int restore(const struct args *a)
{
	const char *path = a->file ? a->file : DEFAULT_FILE;
	const char *space = " \t\r\n";
	char *line = NULL, *url, *sddl, *extra;
	unsigned int lineno = 0;
	size_t cap = 0;
	int status = 0;
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
		sddl = strtok(NULL, space);
		extra = sddl ? strtok(NULL, space) : NULL;
		if (!sddl || (extra && *extra != '#')) {
			fprintf(stderr, "httpcfg: %s:%u: not \"PREFIX SDDL\"\n",
				path, lineno);
			status = 1;
			continue;
		}
		err = set_urlacl(url, sddl);
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
