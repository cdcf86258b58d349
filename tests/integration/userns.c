// SPDX-License-Identifier: GPL-2.0
/*
 * URL reservations against user namespaces, run as root inside the test VM
 * with the module loaded, from the repository root.  A reservation names
 * users and groups as the adder's namespace sees them; an ordinary user
 * who maps itself to root or to another user in a namespace of its own
 * must gain nothing by it.
 *
 * Children are this program re-executed by uid and gid 1500 through
 * setpriv and unshare ("userns MODE 3 ARG [SDDL]"), so they run in a user
 * namespace mapping one id, 0 or 1600, to 1500.  Each reports "MODE UID
 * RESULT" over fd 3: its uid inside, and its call's Win32 error (or an
 * ACE's id, for "query"); the parent makes every assertion.
 * Ports 8260-8265.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

#include <http.h>

#include "httpsys.h"
#include "tap.h"
#include "app.h"
#include "client.h"

#define V2		HTTPAPI_VERSION_2
#define ACL		HttpServiceConfigUrlAclInfo
#define TEST_ID		1500	/* httpsys-test (tests/vm/guest.sh) */
#define OTHER_ID	1600	/* another user, with no account */
#define OVERFLOW_ID	65534	/* what an unmapped id reads as */

#define BA_ONLY		"http://+:8260/admin/"
#define FOR_1600	"http://+:8261/svc/"
#define GROUP_1600	"http://+:8262/grp/"
#define DELEGATE_BA	"http://+:8263/ba/"
#define DELEGATE_1600	"http://+:8263/u1600/"
#define FOR_1500	"http://+:8264/mine/"
#define EVERYONE	"http://+:8265/"

static int report_fd[2];	/* children write lines, the parent reads */
static char self[PATH_MAX];	/* this program, for children to run */

static void widen(const char *s, PWSTR w, size_t count)
{
	if (mbstowcs(w, s, count) == (size_t)-1)
		w[0] = L'\0';
}

static ULONG acl_set(const char *url, const char *sddl)
{
	WCHAR wurl[256], wsddl[256];
	HTTP_SERVICE_CONFIG_URLACL_SET set = { { wurl }, { wsddl } };

	widen(url, wurl, 256);
	widen(sddl, wsddl, 256);
	return HttpSetServiceConfiguration(NULL, ACL, &set, sizeof(set), NULL);
}

static ULONG acl_delete(const char *url)
{
	WCHAR wurl[256];
	HTTP_SERVICE_CONFIG_URLACL_SET set = { { wurl }, { NULL } };

	widen(url, wurl, 256);
	return HttpDeleteServiceConfiguration(NULL, ACL, &set, sizeof(set), NULL);
}

/*
 * The id of the first ACE of reservation @url as this process's namespace
 * sees it, read with the raw query; -1 when there is no such reservation.
 */
static long first_ace_id(const char *url)
{
	struct httpsys_ace aces[HTTPSYS_MAX_ACES];
	char text[HTTPSYS_MAX_URL_LEN + 2], sddl[HTTPSYS_MAX_SDDL];
	struct httpsys_urlacl a;
	int fd = open(HTTPSYS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	long id = -1;
	__u32 i;

	for (i = 0; fd >= 0 && id < 0; i++) {
		memset(&a, 0, sizeof(a));
		a.url = (uintptr_t)text;
		a.url_len = sizeof(text);
		a.sddl = (uintptr_t)sddl;
		a.sddl_len = sizeof(sddl);
		a.aces = (uintptr_t)aces;
		a.ace_count = HTTPSYS_MAX_ACES;
		a.index = i;
		if (ioctl(fd, HTTPSYS_IOC_URLACL_QUERY, &a))
			break;
		if (a.url_len == strlen(url) && !memcmp(text, url, a.url_len) &&
		    a.ace_count)
			id = aces[0].id;
	}
	if (fd >= 0)
		close(fd);
	return id;
}

/* The SDDL that HttpQueryServiceConfiguration gives for @url, or "". */
static void sddl_of(const char *url, char *sddl, size_t size)
{
	static union {
		HTTP_SERVICE_CONFIG_URLACL_SET set;
		UCHAR bytes[4096];
	} answer;
	WCHAR wurl[256];
	HTTP_SERVICE_CONFIG_URLACL_QUERY q = {
		HttpServiceConfigQueryExact, { wurl }, 0
	};
	ULONG needed;

	widen(url, wurl, 256);
	sddl[0] = '\0';
	if (!HttpQueryServiceConfiguration(NULL, ACL, &q, sizeof(q), &answer,
					   sizeof(answer), &needed, NULL) &&
	    wcstombs(sddl, answer.set.ParamDesc.pStringSecurityDescriptor,
		     size) == (size_t)-1)
		sddl[0] = '\0';
}

/*
 * A child, inside its namespace: "v1" and "v2" register @url and answer
 * requests until killed; "set" reserves @url with @sddl; "delete" deletes
 * it; "query" reports its first ACE's id.
 */
static int child_main(int fd, const char *mode, const char *url,
		      const char *sddl)
{
	HANDLE h = NULL;
	WCHAR wurl[256];
	long result;

	widen(url, wurl, 256);
	if (!strcmp(mode, "query")) {
		report(fd, "%s %d %ld\n", mode, (int)getuid(), first_ace_id(url));
		return 0;
	}
	result = HttpInitialize(V2, HTTP_INITIALIZE_SERVER |
				HTTP_INITIALIZE_CONFIG, NULL);
	if (!result && !strcmp(mode, "set"))
		result = acl_set(url, sddl);
	else if (!result && !strcmp(mode, "delete"))
		result = acl_delete(url);
	else if (!result)
		result = register_url(!strcmp(mode, "v2"), wurl, &h);
	report(fd, "%s %d %ld\n", mode, (int)getuid(), result);
	while (!result && h && receive(h, 0))
		respond(h, req->RequestId, 200, "OK", "userns", 0);
	return 0;
}

/*
 * Run "@mode @url @sddl" as uid 1500 in a user namespace mapping @inside
 * (0 or 1600) to it, uid and gid alike.  Its result, or -1 when it gave
 * none or ran as another uid.  With @child it is left running.
 */
static long in_userns(int inside, const char *mode, const char *url,
		      const char *sddl, pid_t *child)
{
	char line[256], want[16], map_user[32], map_group[32];
	long result = -1;
	int uid;
	pid_t pid;

	snprintf(map_user, sizeof(map_user), "--map-user=%d", inside);
	snprintf(map_group, sizeof(map_group), "--map-group=%d", inside);
	fflush(stdout);
	pid = fork();
	if (!pid) {
		if (dup2(report_fd[1], 3) != 3)
			_exit(127);
		close_range(4, ~0U, 0);
		execlp("setpriv", "setpriv", "--reuid=1500", "--regid=1500",
		       "--clear-groups", "unshare", map_user, map_group, self,
		       mode, "3", url, sddl, (char *)NULL);
		_exit(127);
	}
	snprintf(want, sizeof(want), "%s ", mode);
	if (report_expect(report_fd[0], want, line, sizeof(line), WAIT_MS) &&
	    sscanf(line + strlen(want), "%d %ld", &uid, &result) == 2 &&
	    uid != inside)
		result = -1;
	if (child)
		*child = pid;
	else
		reap(pid, SIGKILL);
	return result;
}

/* GET @target: its status, with the body in out[]. */
static int curl_status(const char *target)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd),
		 "curl -s --max-time 60 -o /tmp/userns.body -w '%%{http_code}' %s"
		 " && echo && cat /tmp/userns.body", target);
	if (curl_finish(curl_start("%s", cmd), out, sizeof(out)) != 0)
		return -1;
	return atoi(out);
}

/* The body curl_status() got: what follows its status line. */
static const char *body(void)
{
	const char *nl = strchr(out, '\n');

	return nl ? nl + 1 : "";
}

static void setup(void)
{
	CHECK(HttpInitialize(V2, HTTP_INITIALIZE_SERVER | HTTP_INITIALIZE_CONFIG,
			     NULL) == NO_ERROR, "init: HttpInitialize");
	CHECK(acl_set(BA_ONLY, "D:(A;;GX;;;BA)") == NO_ERROR &&
	      acl_set(FOR_1600, "D:(A;;GX;;;S-1-22-1-1600)") == NO_ERROR &&
	      acl_set(GROUP_1600, "D:(A;;GX;;;S-1-22-2-1600)") == NO_ERROR &&
	      acl_set(DELEGATE_BA, "D:(A;;GW;;;BA)") == NO_ERROR &&
	      acl_set(DELEGATE_BA "kept/", "D:(A;;GX;;;WD)") == NO_ERROR &&
	      acl_set(DELEGATE_1600, "D:(A;;GW;;;S-1-22-1-1600)") == NO_ERROR &&
	      acl_set(DELEGATE_1600 "kept/", "D:(A;;GX;;;WD)") == NO_ERROR &&
	      acl_set(FOR_1500, "D:(A;;GA;;;S-1-22-1-1500)") == NO_ERROR &&
	      acl_set(EVERYONE, "D:(A;;GX;;;WD)") == NO_ERROR,
	      "set-up: root reserves for BA, uid 1600, gid 1600, delegates to "
	      "BA and uid 1600, uid 1500 and everyone");
	CHECK(curl_finish(curl_start("setpriv --reuid=1500 --regid=1500 "
				     "--clear-groups unshare -Ur id -u"),
			  out, sizeof(out)) == 0 && !strcmp(out, "0\n"),
	      "set-up: uid 1500 may make a user namespace (unshare -Ur: id -u "
	      "says %.1s)", out);
}

/* @mode on @url in a namespace mapping @inside to uid 1500 is refused. */
static void check_denied(int inside, const char *mode, const char *url,
			 const char *sddl, const char *why)
{
	long err = in_userns(inside, mode, url, sddl, NULL);

	CHECK(err == ERROR_ACCESS_DENIED,
	      "%s: uid 1500 as %d inside may not %s %s (%ld)", why, inside,
	      mode, url, err);
}

/* Root mapped to uid 1500 is not the administrator BA names. */
static void test_mapped_root(void)
{
	check_denied(0, "v1", BA_ONLY, "", "unshare -Ur, reserved for BA");
	check_denied(0, "v2", BA_ONLY "deep/", "", "unshare -Ur, below BA's");
}

/* Nor is another user's uid, or gid, mapped to uid 1500 that user. */
static void test_mapped_other(void)
{
	check_denied(OTHER_ID, "v1", FOR_1600 "login/", "",
		     "map 1600, below uid 1600's");
	check_denied(OTHER_ID, "v2", GROUP_1600 "x/", "",
		     "map 1600, below gid 1600's");
}

/* The delegate right of BA or uid 1600 is not uid 1500's in a namespace. */
static void test_delegate(void)
{
	check_denied(0, "set", DELEGATE_BA "sub/", "D:(A;;GX;;;WD)",
		     "delegate to BA, unshare -Ur");
	check_denied(0, "delete", DELEGATE_BA "kept/", "",
		     "delegate to BA, unshare -Ur");
	check_denied(OTHER_ID, "set", DELEGATE_1600 "sub/", "D:(A;;GX;;;WD)",
		     "delegate to uid 1600, map 1600");
	check_denied(OTHER_ID, "delete", DELEGATE_1600 "kept/", "",
		     "delegate to uid 1600, map 1600");
	CHECK(first_ace_id(DELEGATE_BA "kept/") == 0 &&
	      first_ace_id(DELEGATE_1600 "kept/") == 0 &&
	      first_ace_id(DELEGATE_BA "sub/") == -1 &&
	      first_ace_id(DELEGATE_1600 "sub/") == -1,
	      "delegate: the reservations below are as root left them");
}

/* What a grant names is still uid 1500's from inside its namespace. */
static void test_own_grant(void)
{
	pid_t child;
	long err = in_userns(0, "v1", FOR_1500, "", &child), id;
	char sddl[256];

	CHECK(err == NO_ERROR && curl_status("http://127.0.0.1:8264/mine/a") ==
	      200 && !strcmp(body(), "userns"),
	      "own grant: under unshare -Ur, uid 1500 registers " FOR_1500
	      " and serves it (%ld)", err);
	reap(child, SIGKILL);
	err = in_userns(0, "set", FOR_1500 "sub/", "D:(A;;GX;;;S-1-22-1-0)",
			NULL);
	id = first_ace_id(FOR_1500 "sub/");
	CHECK(err == NO_ERROR && id == TEST_ID,
	      "own grant: its delegate right adds " FOR_1500 "sub/ for its "
	      "uid 0 inside, which root reads as uid 1500 (%ld, %ld)", err, id);
	sddl_of(FOR_1500 "sub/", sddl, sizeof(sddl));
	CHECK(!strcmp(sddl, "D:(A;;GX;;;S-1-22-1-1500)"),
	      "own grant: root's query (and so httpcfg show and save) gives its "
	      "SDDL as D:(A;;GX;;;S-1-22-1-1500) (%s)", sddl);
	err = in_userns(0, "set", FOR_1500 "bad/", "D:(A;;GX;;;S-1-22-1-1600)",
			NULL);
	CHECK(err == ERROR_INVALID_PARAMETER && first_ace_id(FOR_1500 "bad/") == -1,
	      "own grant: a grant to a uid its namespace does not map is "
	      "refused (ERROR_INVALID_PARAMETER, %ld)", err);
	CHECK(in_userns(0, "delete", FOR_1500 "sub/", "", NULL) == NO_ERROR,
	      "own grant: and it deletes what it added");
}

/* Each request is checked again with kernel ids. */
static void test_per_request(void)
{
	pid_t child;
	long err = in_userns(0, "v1", EVERYONE, "", &child);
	int status;

	CHECK(err == NO_ERROR && curl_status("http://127.0.0.1:8265/a") == 200 &&
	      !strcmp(body(), "userns"),
	      "per request: under unshare -Ur, uid 1500 registers " EVERYONE
	      " (everyone's) and serves /a (%ld)", err);
	status = acl_set(EVERYONE "admin/", "D:(A;;GX;;;BA)") == NO_ERROR ?
		 curl_status("http://127.0.0.1:8265/admin/x") : -1;
	CHECK(status == 503,
	      "per request: root reserves /admin/ for BA; /admin/x no longer "
	      "reaches it: 503 (got %d)", status);
	CHECK(curl_status("http://127.0.0.1:8265/b") == 200 &&
	      !strcmp(body(), "userns"), "per request: /b still does");
	reap(child, SIGKILL);
}

/* Ids read back in the querier's namespace. */
static void test_query(void)
{
	long id, other, own;

	CHECK(first_ace_id(FOR_1600) == OTHER_ID,
	      "query: root reads " FOR_1600 "'s grant as uid 1600");
	id = in_userns(0, "query", FOR_1600, "", NULL);
	CHECK(id == OVERFLOW_ID,
	      "query: under unshare -Ur, which does not map 1600, it reads as "
	      "65534 (%ld)", id);
	other = in_userns(OTHER_ID, "query", FOR_1500, "", NULL);
	own = in_userns(0, "query", FOR_1500, "", NULL);
	CHECK(other == OTHER_ID && own == 0,
	      "query: uid 1500's own grant reads as the id mapped to uid 1500: "
	      "1600 under map 1600, 0 under unshare -Ur (%ld, %ld)", other, own);
}

static void cleanup(void)
{
	static const char *const urls[] = {
		BA_ONLY, FOR_1600, GROUP_1600, DELEGATE_BA, DELEGATE_BA "kept/",
		DELEGATE_1600, DELEGATE_1600 "kept/", FOR_1500, EVERYONE,
		EVERYONE "admin/",
	};
	size_t i;
	int ok = 1;

	for (i = 0; i < sizeof(urls) / sizeof(urls[0]); i++)
		ok &= acl_delete(urls[i]) == NO_ERROR;
	/* Left behind only if a refusal above failed. */
	acl_delete(DELEGATE_BA "sub/");
	acl_delete(DELEGATE_1600 "sub/");
	acl_delete(FOR_1500 "sub/");
	acl_delete(FOR_1500 "bad/");
	CHECK(ok && first_ace_id(FOR_1500) == -1 &&
	      HttpTerminate(HTTP_INITIALIZE_SERVER | HTTP_INITIALIZE_CONFIG,
			    NULL) == NO_ERROR,
	      "cleanup: every reservation deleted, HttpTerminate");
}

int main(int argc, char **argv)
{
	ssize_t n;

	if (argc == 5)
		return child_main(atoi(argv[2]), argv[1], argv[3], argv[4]);
	alarm(600);	/* the harness bounds the run too */
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0 || pipe(report_fd))
		return 1;
	self[n] = '\0';
	setup();
	test_mapped_root();
	test_mapped_other();
	test_delegate();
	test_own_grant();
	test_per_request();
	test_query();
	cleanup();
	return tap_exit_status();
}
