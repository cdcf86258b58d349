// SPDX-License-Identifier: GPL-2.0
/*
 * Integration tests of URL reservations: HttpSet/Delete/Query-
 * ServiceConfiguration (HttpServiceConfigUrlAclInfo) and tools/httpcfg,
 * run as root inside the test VM with the module loaded, from the
 * repository root.  What an unprivileged user may do is tried by children
 * ("urlacl MODE 3 URL") that drop to uid and gid 1500 and report the
 * result over a pipe; the parent makes every assertion.  Ports 8200-8219.
 */
#define _GNU_SOURCE
#include <grp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include <http.h>

#include "tap.h"
#include "app.h"
#include "client.h"

#define V2		HTTPAPI_VERSION_2
#define ACL		HttpServiceConfigUrlAclInfo
#define TEST_ID		1500	/* httpsys-test, uid and gid (tests/vm/guest.sh) */
#define USER_SDDL	"D:(A;;GX;;;S-1-22-1-1500)"
#define TWO_ACES	"D:(A;;GA;;;S-1-22-1-1500)(A;;GX;;;WD)"
#define MAX_RESERVED	32

static int report_fd[2];	/* children write lines, the parent reads */

/* The reservations this test holds, as the kernel lists them. */
static char reserved[MAX_RESERVED][64];
static int reserved_count;

/* Query answers land here: aligned, and large enough for every one. */
static union {
	HTTP_SERVICE_CONFIG_URLACL_SET set;
	UCHAR bytes[16384];
} answer;

static void widen(const char *s, PWSTR w, size_t count)
{
	if (mbstowcs(w, s, count) == (size_t)-1)
		w[0] = L'\0';
}

static void track(const char *url, int add)
{
	int i;

	for (i = 0; i < reserved_count && strcmp(reserved[i], url); i++)
		;
	if (add && i == reserved_count && i < MAX_RESERVED)
		snprintf(reserved[reserved_count++], sizeof(reserved[0]), "%s", url);
	else if (!add && i < reserved_count)
		memmove(reserved[i], reserved[i + 1],
			(--reserved_count - i) * sizeof(reserved[0]));
}

static ULONG acl_set(const char *url, const char *sddl)
{
	WCHAR wurl[256], wsddl[256];
	HTTP_SERVICE_CONFIG_URLACL_SET set = { { wurl }, { wsddl } };
	ULONG err;

	widen(url, wurl, 256);
	widen(sddl, wsddl, 256);
	err = HttpSetServiceConfiguration(NULL, ACL, &set, sizeof(set), NULL);
	if (!err)
		track(url, 1);
	return err;
}

static ULONG acl_delete(const char *url)
{
	WCHAR wurl[256];
	HTTP_SERVICE_CONFIG_URLACL_SET set = { { wurl }, { NULL } };
	ULONG err;

	widen(url, wurl, 256);
	err = HttpDeleteServiceConfiguration(NULL, ACL, &set, sizeof(set), NULL);
	if (!err)
		track(url, 0);
	return err;
}

/* QueryExact for @url, or QueryNext at @token when @url is NULL. */
static ULONG acl_query(const char *url, DWORD token, ULONG size, ULONG *needed)
{
	WCHAR wurl[256];
	HTTP_SERVICE_CONFIG_URLACL_QUERY q = {
		url ? HttpServiceConfigQueryExact : HttpServiceConfigQueryNext,
		{ url ? wurl : NULL }, token
	};

	if (url)
		widen(url, wurl, 256);
	memset(&answer, 0, sizeof(answer));
	return HttpQueryServiceConfiguration(NULL, ACL, &q, sizeof(q),
					     size ? &answer : NULL, size, needed,
					     NULL);
}

/* The answer is the reservation @url with descriptor @sddl. */
static int answer_is(const char *url, const char *sddl)
{
	WCHAR wurl[256], wsddl[256];

	widen(url, wurl, 256);
	widen(sddl, wsddl, 256);
	return answer.set.KeyDesc.pUrlPrefix &&
	       answer.set.ParamDesc.pStringSecurityDescriptor &&
	       !wcscmp(answer.set.KeyDesc.pUrlPrefix, wurl) &&
	       !wcscmp(answer.set.ParamDesc.pStringSecurityDescriptor, wsddl);
}

/* httpcfg add urlacl url=@url @how, kept track of; the exit status. */
static int httpcfg_add(const char *url, const char *how)
{
	int status = httpcfg("add urlacl url='%s' %s", url, how);

	if (!status)
		track(url, 1);
	return status;
}

/*
 * A child's call: "v1" registers @url on a v1 queue, "v2" in a URL group
 * bound to a v2 queue (*@h: the queue); "set", "delete" and "query" try
 * the reservation calls on @url.
 */
static ULONG child_call(const char *mode, const char *url, HANDLE *h)
{
	WCHAR w[256];
	ULONG needed;

	widen(url, w, 256);
	if (!strcmp(mode, "v1") || !strcmp(mode, "v2"))
		return register_url(!strcmp(mode, "v2"), w, h);
	if (!strcmp(mode, "set"))
		return acl_set(url, USER_SDDL);
	if (!strcmp(mode, "delete"))
		return acl_delete(url);
	return acl_query(url, 0, sizeof(answer), &needed);
}

/*
 * A child, as uid and gid 1500 with no other groups: reports "MODE ERROR"
 * for its call, then a registering child answers requests until killed.
 */
static int child_main(int fd, const char *mode, const char *url)
{
	HANDLE h = NULL;
	ULONG err;

	if (setgroups(0, NULL) || setgid(TEST_ID) || setuid(TEST_ID)) {
		report(fd, "%s -1\n", mode);
		return 1;
	}
	err = HttpInitialize(V2, HTTP_INITIALIZE_SERVER | HTTP_INITIALIZE_CONFIG,
			     NULL);
	if (!err)
		err = child_call(mode, url, &h);
	report(fd, "%s %u\n", mode, (unsigned int)err);
	while (!err && h && receive(h, 0))
		respond(h, req->RequestId, 200, "OK", "uid 1500", 0);
	return 0;
}

/*
 * What uid 1500 gets from @mode on @url (-1: no report).  With @child the
 * child is left to answer a request, else it is reaped at once.
 */
static long as_user(const char *mode, const char *url, pid_t *child)
{
	pid_t pid = spawn(report_fd[1], "urlacl", mode, url);
	char line[256], want[16];
	unsigned int err;
	long result = -1;

	snprintf(want, sizeof(want), "%s ", mode);
	if (report_expect(report_fd[0], want, line, sizeof(line), WAIT_MS) &&
	    sscanf(line + strlen(want), "%u", &err) == 1)
		result = err;
	if (child)
		*child = pid;
	else
		reap(pid, SIGKILL);
	return result;
}

static void check_denied(const char *mode, const char *url, const char *why)
{
	long err = as_user(mode, url, NULL);

	CHECK(err == ERROR_ACCESS_DENIED,
	      "%s: uid 1500 may not register %s (%s, %ld)", why, url, mode, err);
}

static void check_allowed(const char *mode, const char *url, const char *why)
{
	long err = as_user(mode, url, NULL);

	CHECK(err == NO_ERROR, "%s: uid 1500 may register %s (%s, %ld)", why, url,
	      mode, err);
}

/* uid 1500 registers @url and answers curl's GET of @target. */
static void check_served(const char *mode, const char *url, const char *target,
			 const char *why)
{
	pid_t child;
	long err = as_user(mode, url, &child);

	CHECK(err == NO_ERROR, "%s: uid 1500 may register %s (%s, %ld)", why, url,
	      mode, err);
	if (err == NO_ERROR)
		CHECK(curl_finish(curl_start("curl -s --max-time 60 %s", target),
				  out, sizeof(out)) == 0 && !strcmp(out, "uid 1500"),
		      "%s: curl's %s is served by the uid 1500 process", why,
		      target);
	reap(child, SIGKILL);
}

static void test_init(void)
{
	ULONG needed = 0;

	CHECK(HttpInitialize(V2, HTTP_INITIALIZE_SERVER | HTTP_INITIALIZE_CONFIG,
			     NULL) == NO_ERROR,
	      "init: HttpInitialize(SERVER | CONFIG)");
	CHECK(acl_query(NULL, 0, sizeof(answer), &needed) == ERROR_NO_MORE_ITEMS,
	      "init: no reservations to begin with");
}

static void test_grants(void)
{
	check_denied("v1", "http://+:8200/none/", "no reservation");
	check_denied("v2", "http://+:8200/none/", "no reservation");

	CHECK(acl_set("http://+:8201/user/", USER_SDDL) == NO_ERROR,
	      "user: reserve http://+:8201/user/ for S-1-22-1-1500");
	check_served("v1", "http://+:8201/user/", "http://127.0.0.1:8201/user/x",
		     "user");
	check_allowed("v2", "http://+:8201/user/deeper/", "user, a longer path");

	CHECK(acl_set("http://+:8202/grp/", "D:(A;;GX;;;S-1-22-2-1500)") ==
	      NO_ERROR, "group: reserve http://+:8202/grp/ for S-1-22-2-1500");
	check_served("v2", "http://+:8202/grp/", "http://127.0.0.1:8202/grp/",
		     "group");

	CHECK(acl_set("http://+:8203/all/", "D:(A;;GX;;;WD)") == NO_ERROR,
	      "everyone: reserve http://+:8203/all/ for WD");
	check_served("v1", "http://+:8203/all/", "http://127.0.0.1:8203/all/a",
		     "everyone");

	CHECK(acl_set("http://+:8204/deleg/", "D:(A;;GW;;;S-1-22-1-1500)") ==
	      NO_ERROR, "delegate only: reserve http://+:8204/deleg/ with GW");
	check_denied("v1", "http://+:8204/deleg/", "delegate only (no listen)");

	CHECK(acl_set("http://+:8205/app/", USER_SDDL) == NO_ERROR &&
	      acl_set("http://+:8205/app/admin/", "D:(A;;GX;;;S-1-22-1-0)") ==
	      NO_ERROR,
	      "longest match: /app/ for uid 1500, /app/admin/ for uid 0");
	check_denied("v2", "http://+:8205/app/admin/", "longest match");
	check_denied("v2", "http://+:8205/app/admin/x/", "longest match");
	check_allowed("v2", "http://+:8205/app/other/", "longest match");
	check_allowed("v1", "http://+:8205/app/", "longest match");
	check_denied("v1", "http://+:8205/", "longest match, above every reservation");

	CHECK(acl_set("http://+:8206/", USER_SDDL) == NO_ERROR,
	      "host class: reserve http://+:8206/ for uid 1500");
	check_allowed("v2", "http://+:8206/x/", "host class");
	check_denied("v2", "http://localhost:8206/x/", "host class");
	check_denied("v2", "http://*:8206/x/", "host class");
	check_denied("v2", "http://127.0.0.1:8206/x/", "host class");

	CHECK(acl_delete("http://+:8201/user/") == NO_ERROR,
	      "delete: the reservation of http://+:8201/user/");
	check_denied("v1", "http://+:8201/user/", "deleted reservation");
}

/* Root has CAP_NET_ADMIN: reservations never stop it. */
static void test_root(void)
{
	HANDLE h = NULL;

	CHECK(acl_set("http://+:8207/theirs/", USER_SDDL) == NO_ERROR,
	      "root: reserve http://+:8207/theirs/ for uid 1500");
	CHECK(HttpCreateHttpHandle(&h, 0) == NO_ERROR &&
	      HttpAddUrl(h, L"http://+:8207/", NULL) == NO_ERROR &&
	      HttpAddUrl(h, L"http://+:8207/theirs/", NULL) == NO_ERROR &&
	      HttpAddUrl(h, L"http://localhost:8207/", NULL) == NO_ERROR,
	      "root: registers with and without reservations, and under others'");
	if (h)
		CloseHandle(h);
}

static void test_calls(void)
{
	static const char *const bad[] = {
		"", "D:", "D:(A;;GX;;;NS)", "D:(D;;GX;;;WD)", "D:(A;;GR;;;WD)",
		"D:(A;CI;GX;;;WD)", "D:(A;;GX;;;S-1-5-18)", "O:BAG:BA",
		"D:(A;;GX;;;WD) ",
	};
	const char *url = "http://+:8208/dup/";
	ULONG needed = 0, size;
	size_t i;
	int ok = 1;

	CHECK(acl_set(url, TWO_ACES) == NO_ERROR,
	      "set: http://+:8208/dup/ with two ACEs");
	CHECK(acl_set(url, USER_SDDL) == ERROR_ALREADY_EXISTS,
	      "set: the same prefix twice gives ERROR_ALREADY_EXISTS");
	CHECK(acl_set("http://+:8208/DUP", USER_SDDL) == ERROR_ALREADY_EXISTS,
	      "set: the same prefix in another case, without its '/', too");
	CHECK(acl_delete("http://+:8208/unknown/") == ERROR_FILE_NOT_FOUND,
	      "delete: an unknown prefix gives ERROR_FILE_NOT_FOUND");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok &= acl_set("http://+:8208/bad/", bad[i]) == ERROR_INVALID_PARAMETER;
	CHECK(ok, "set: %zu malformed SDDLs give ERROR_INVALID_PARAMETER",
	      sizeof(bad) / sizeof(bad[0]));
	CHECK(acl_set("http://+:8208", USER_SDDL) == ERROR_INVALID_PARAMETER &&
	      acl_delete("http://+:8208") == ERROR_INVALID_PARAMETER,
	      "set, delete: a prefix without a path gives ERROR_INVALID_PARAMETER");

	CHECK(acl_query(url, 0, sizeof(answer), &needed) == NO_ERROR &&
	      answer_is(url, TWO_ACES),
	      "query exact: the prefix and the SDDL given");
	CHECK(acl_query("http://+:8208/Dup", 0, sizeof(answer), &needed) ==
	      NO_ERROR && answer_is(url, TWO_ACES),
	      "query exact: found in another case and without its '/'");
	CHECK(acl_query("http://+:8208/none/", 0, sizeof(answer), &needed) ==
	      ERROR_FILE_NOT_FOUND &&
	      acl_query("http://localhost:8208/dup/", 0, sizeof(answer), &needed) ==
	      ERROR_FILE_NOT_FOUND,
	      "query exact: an unknown prefix gives ERROR_FILE_NOT_FOUND");
	size = sizeof(HTTP_SERVICE_CONFIG_URLACL_SET) +
	       (strlen(url) + 1 + strlen(TWO_ACES) + 1) * sizeof(WCHAR);
	needed = 0;
	CHECK(acl_query(url, 0, 0, &needed) == ERROR_INSUFFICIENT_BUFFER &&
	      needed == size,
	      "query: no buffer gives ERROR_INSUFFICIENT_BUFFER and the size (%u)",
	      (unsigned int)needed);
	needed = 0;
	CHECK(acl_query(url, 0, size - 1, &needed) == ERROR_INSUFFICIENT_BUFFER &&
	      needed == size && !answer.set.KeyDesc.pUrlPrefix,
	      "query: one byte short gives ERROR_INSUFFICIENT_BUFFER, nothing written");
	needed = 0;
	CHECK(acl_query(url, 0, size, &needed) == NO_ERROR && needed == size &&
	      answer_is(url, TWO_ACES),
	      "query: exactly the size needed succeeds");

	CHECK(as_user("set", "http://+:8209/mine/", NULL) == ERROR_ACCESS_DENIED,
	      "non-root: setting a reservation gives ERROR_ACCESS_DENIED");
	CHECK(as_user("delete", url, NULL) == ERROR_ACCESS_DENIED,
	      "non-root: deleting one gives ERROR_ACCESS_DENIED");
	CHECK(as_user("query", url, NULL) == NO_ERROR,
	      "non-root: anyone may query");
	CHECK(acl_query("http://+:8209/mine/", 0, sizeof(answer), &needed) ==
	      ERROR_FILE_NOT_FOUND, "non-root: nothing was reserved");
}

/* A delegate right lets its holder reserve and release what is below. */
static void test_delegation(void)
{
	ULONG needed;

	CHECK(acl_set("http://+:8215/team/", "D:(A;;GA;;;S-1-22-1-1500)") ==
	      NO_ERROR && acl_set("http://+:8215/ro/", USER_SDDL) == NO_ERROR,
	      "delegate: /team/ grants uid 1500 GA, /ro/ only GX");
	CHECK(as_user("set", "http://+:8215/team/sub/", NULL) == NO_ERROR,
	      "delegate: uid 1500 reserves http://+:8215/team/sub/ below its GA");
	track("http://+:8215/team/sub/", 1);
	CHECK(acl_query("http://+:8215/team/sub/", 0, sizeof(answer), &needed) ==
	      NO_ERROR && answer_is("http://+:8215/team/sub/", USER_SDDL),
	      "delegate: the new reservation is listed with its SDDL");
	CHECK(as_user("set", "http://+:8215/other/", NULL) == ERROR_ACCESS_DENIED,
	      "delegate: but nothing outside it");
	CHECK(as_user("set", "http://+:8215/ro/sub/", NULL) == ERROR_ACCESS_DENIED,
	      "delegate: the listen right alone delegates nothing");
	CHECK(as_user("delete", "http://+:8215/team/", NULL) ==
	      ERROR_ACCESS_DENIED,
	      "delegate: nor may it delete the reservation that grants it");
	CHECK(as_user("delete", "http://+:8215/team/sub/", NULL) == NO_ERROR,
	      "delegate: it deletes what it reserved below");
	track("http://+:8215/team/sub/", 0);
}

/* GET @target: its status, with the body in out[]. */
static int curl_status(const char *target)
{
	char cmd[256];
	FILE *f;
	int status = -1;

	snprintf(cmd, sizeof(cmd),
		 "curl -s --max-time 60 -o /tmp/urlacl.body -w '%%{http_code}' %s",
		 target);
	f = popen(cmd, "r");
	if (f && fscanf(f, "%d", &status) != 1)
		status = -1;
	if (f)
		pclose(f);
	f = fopen("/tmp/urlacl.body", "r");
	out[0] = '\0';
	if (f) {
		out[fread(out, 1, sizeof(out) - 1, f)] = '\0';
		fclose(f);
	}
	return status;
}

/*
 * A request reaches a queue only while its registrant holds the request's
 * URL: reservations added below a registration, or the deletion of its
 * own, take requests away from it (503); root's registrations are not
 * affected.
 */
static void test_routing(void)
{
	const char *admin_sddl = "D:(A;;GX;;;S-1-22-1-0)";
	pid_t child;
	HANDLE h;

	CHECK(acl_set("http://+:8216/", USER_SDDL) == NO_ERROR,
	      "routing: reserve http://+:8216/ for uid 1500");
	CHECK(as_user("v1", "http://+:8216/", &child) == NO_ERROR &&
	      curl_status("http://127.0.0.1:8216/a") == 200 &&
	      !strcmp(out, "uid 1500"),
	      "routing: uid 1500 registers it and serves /a");
	CHECK(acl_set("http://+:8216/admin/", admin_sddl) == NO_ERROR,
	      "routing: root reserves /admin/ below it for uid 0");
	CHECK(curl_status("http://127.0.0.1:8216/admin/x") == 503,
	      "routing: /admin/x no longer reaches uid 1500's queue: 503");
	CHECK(curl_status("http://127.0.0.1:8216/b") == 200,
	      "routing: the rest of its prefix still does");
	CHECK(acl_delete("http://+:8216/admin/") == NO_ERROR &&
	      curl_status("http://127.0.0.1:8216/admin/x") == 200,
	      "routing: with /admin/'s reservation deleted, /admin/x is served again");
	CHECK(acl_delete("http://+:8216/") == NO_ERROR &&
	      curl_status("http://127.0.0.1:8216/a") == 503,
	      "routing: with its own reservation deleted, nothing reaches it");
	reap(child, SIGKILL);

	h = app_start(L"http://+:8217/");
	CHECK(acl_set("http://+:8217/theirs/", USER_SDDL) == NO_ERROR,
	      "routing: root's registration, with /theirs/ reserved for uid 1500");
	{
		HTTP_URL_CONTEXT context;

		CHECK(exchange(h, 8217, "localhost", "/theirs/x", &context) == 200,
		      "routing: root's queue still gets /theirs/x");
	}
	app_finish(h);
}

/* QueryNext lists exactly the reservations held, then ERROR_NO_MORE_ITEMS. */
static int lists_reserved(void)
{
	char url[256];
	ULONG needed;
	int token, i, seen = 0;
	ULONG err = NO_ERROR;

	for (token = 0; token <= reserved_count; token++) {
		err = acl_query(NULL, token, sizeof(answer), &needed);
		if (err)
			break;
		if (wcstombs(url, answer.set.KeyDesc.pUrlPrefix, sizeof(url)) ==
		    (size_t)-1)
			return 0;
		for (i = 0; i < reserved_count && strcmp(reserved[i], url); i++)
			;
		seen += i < reserved_count;
	}
	return err == ERROR_NO_MORE_ITEMS && token == reserved_count &&
	       seen == reserved_count;
}

static void test_enumeration(void)
{
	ULONG needed;

	CHECK(lists_reserved(),
	      "query next: lists exactly the %d reservations added, then "
	      "ERROR_NO_MORE_ITEMS", reserved_count);
	CHECK(acl_query(NULL, 1000, sizeof(answer), &needed) ==
	      ERROR_NO_MORE_ITEMS, "query next: a token far past the end");
}

static void test_httpcfg(void)
{
	static const char *const lines[] = {
		"    Reserved URL            : http://+:8210/cfg/\n",
		"        User: httpsys-test\n",
		"            Listen: Yes\n",
		"            Delegate: No\n",
		"            SDDL: " USER_SDDL "\n",
	};
	const char *url = "http://+:8210/cfg/";
	ULONG needed;
	size_t i;
	int ok;

	CHECK(httpcfg_add(url, "user=httpsys-test") == 0,
	      "httpcfg: add urlacl url=%s user=httpsys-test", url);
	CHECK(acl_query(url, 0, sizeof(answer), &needed) == NO_ERROR &&
	      answer_is(url, USER_SDDL),
	      "httpcfg: the reservation reads back as " USER_SDDL);
	check_served("v1", url, "http://127.0.0.1:8210/cfg/y", "httpcfg");
	CHECK(httpcfg("show urlacl url=%s", url) == 0,
	      "httpcfg: show urlacl url=%s", url);
	for (i = 0, ok = 1; i < sizeof(lines) / sizeof(lines[0]); i++)
		ok &= !!strstr(out, lines[i]);
	CHECK(ok, "httpcfg: show prints the URL, the user, Listen: Yes, "
	      "Delegate: No and the SDDL");
	CHECK(httpcfg_add(url, "user=httpsys-test") == 1 &&
	      strstr(out, "add urlacl failed: ERROR_ALREADY_EXISTS (183)"),
	      "httpcfg: adding it again fails with ERROR_ALREADY_EXISTS (183)");

	CHECK(httpcfg_add("http://+:8211/d/",
			  "user=httpsys-test listen=no delegate=yes") == 0 &&
	      httpcfg("show urlacl url=http://+:8211/d/") == 0 &&
	      strstr(out, "Listen: No\n") && strstr(out, "Delegate: Yes\n") &&
	      strstr(out, "SDDL: D:(A;;GW;;;S-1-22-1-1500)\n"),
	      "httpcfg: listen=no delegate=yes is GW");
	CHECK(httpcfg_add("http://+:8212/e/", "user=Everyone") == 0 &&
	      httpcfg("show urlacl url=http://+:8212/e/") == 0 &&
	      strstr(out, "User: Everyone\n") &&
	      strstr(out, "SDDL: D:(A;;GX;;;WD)\n"),
	      "httpcfg: user=Everyone is WD");
	CHECK(httpcfg_add("http://+:8213/s/", "sddl='D:(A;;GA;;;S-1-22-2-1500)'") ==
	      0 &&
	      httpcfg("show urlacl url=http://+:8213/s/") == 0 &&
	      strstr(out, "User: httpsys-test (group)\n") &&
	      strstr(out, "Listen: Yes\n") && strstr(out, "Delegate: Yes\n"),
	      "httpcfg: sddl= with a group, shown by name with both rights");

	CHECK(httpcfg_add("http://+:8214/u/", "") == 2 &&
	      httpcfg_add("http://+:8214/u/", "user=no-such-user-x") == 2 &&
	      httpcfg_add("http://+:8214/u/", "user=root listen=maybe") == 2 &&
	      httpcfg("frobnicate") == 2,
	      "httpcfg: usage errors exit with status 2");
	CHECK(httpcfg_add("http://+:8214/u/", "sddl='D:(A;;GX;;;XX)'") == 1 &&
	      strstr(out, "ERROR_INVALID_PARAMETER (87)"),
	      "httpcfg: a bad SDDL fails with ERROR_INVALID_PARAMETER (87)");

	ok = httpcfg("delete urlacl url=%s", url) == 0;
	if (ok)
		track(url, 0);
	CHECK(ok, "httpcfg: delete urlacl url=%s", url);
	CHECK(httpcfg("show urlacl url=%s", url) == 1 &&
	      strstr(out, "ERROR_FILE_NOT_FOUND (2)") &&
	      httpcfg("delete urlacl url=%s", url) == 1 &&
	      strstr(out, "delete urlacl failed: ERROR_FILE_NOT_FOUND (2)"),
	      "httpcfg: then show and delete fail with ERROR_FILE_NOT_FOUND (2)");
	check_denied("v1", url, "httpcfg, deleted");
}

/* @path holds one "PREFIX SDDL" line for each of @count prefixes. */
static int saved_lines(const char *path, char saved[][64], int count)
{
	char line[256], url[128], sddl[128];
	int i, lines = 0, found = 0;
	FILE *f = fopen(path, "r");

	while (f && fgets(line, sizeof(line), f)) {
		if (line[0] == '#')
			continue;
		lines++;
		if (sscanf(line, "%127s %127s", url, sddl) != 2)
			continue;
		for (i = 0; i < count && strcmp(url, saved[i]); i++)
			;
		found += i < count;
	}
	if (f)
		fclose(f);
	return lines == count && found == count;
}

static void test_save_restore(void)
{
	char path[] = "/tmp/urlacl-XXXXXX", line[128], saved[MAX_RESERVED][64];
	int fd = mkstemp(path), count = reserved_count, i, ok;

	if (fd >= 0)
		close(fd);
	memcpy(saved, reserved, sizeof(saved));
	CHECK(fd >= 0 && httpcfg("save %s", path) == 0,
	      "save: httpcfg save %s", path);
	CHECK(saved_lines(path, saved, count),
	      "save: one \"PREFIX SDDL\" line for each of %d reservations", count);
	for (i = 0, ok = 1; i < count; i++)
		ok &= acl_delete(saved[i]) == NO_ERROR;
	CHECK(ok && lists_reserved() && reserved_count == 0,
	      "save: every reservation deleted");
	CHECK(httpcfg("show urlacl") == 0 && !strstr(out, "Reserved URL"),
	      "save: show lists none");
	CHECK(httpcfg("restore %s", path) == 0, "restore: httpcfg restore %s",
	      path);
	for (i = 0; i < count; i++)
		track(saved[i], 1);
	CHECK(lists_reserved(), "restore: the %d reservations are back", count);
	CHECK(httpcfg("show urlacl") == 0, "restore: httpcfg show urlacl");
	for (i = 0, ok = 1; i < count; i++) {
		snprintf(line, sizeof(line), "Reserved URL            : %.63s\n",
			 saved[i]);
		ok &= !!strstr(out, line);
	}
	CHECK(ok, "restore: show lists every one");
	CHECK(httpcfg("restore %s", path) == 0 &&
	      strstr(out, "already reserved: skipped") && lists_reserved(),
	      "restore: again, each already there is reported and skipped");
	unlink(path);
}

static void test_finish(void)
{
	int ok = 1;

	while (ok && reserved_count)
		ok = acl_delete(reserved[0]) == NO_ERROR;
	CHECK(ok && lists_reserved(), "cleanup: every reservation deleted");
	CHECK(HttpTerminate(HTTP_INITIALIZE_SERVER | HTTP_INITIALIZE_CONFIG,
			    NULL) == NO_ERROR, "cleanup: HttpTerminate");
}

int main(int argc, char **argv)
{
	if (argc == 4)
		return child_main(atoi(argv[2]), argv[1], argv[3]);
	alarm(600);	/* the harness bounds the run too */
	if (pipe(report_fd))
		return 1;
	test_init();
	test_grants();
	test_root();
	test_calls();
	test_delegation();
	test_routing();
	test_enumeration();
	test_httpcfg();
	test_save_restore();
	test_finish();
	return tap_exit_status();
}
