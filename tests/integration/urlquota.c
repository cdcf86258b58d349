// SPDX-License-Identifier: GPL-2.0
/*
 * A user other than root holds at most 4096 registrations (security
 * review L7: one reservation must not let a user make routing slow for
 * every tenant).  Run in the test VM as root; the registering side runs as
 * uid 1500 in a child.
 */
#define _GNU_SOURCE
#include <grp.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include <wchar.h>

#include <http.h>

#include "tap.h"
#include "app.h"

#define TEST_ID		1500	/* httpsys-test (tests/vm/guest.sh) */
#define USER_LIMIT	4096	/* HTTPSYS_MAX_USER_URLS */
#define HANDLES		5	/* 1024 URLs each at most */

/*
 * As uid 1500: register http://+:9310/uN/ until refused; the exit status
 * says how many went in (in units of 64) and whether the refusal was the
 * quota's ERROR_NOT_ENOUGH_MEMORY.
 */
static int register_until_refused(void)
{
	HTTPAPI_VERSION v1 = HTTPAPI_VERSION_1;
	HANDLE h[HANDLES];
	wchar_t url[64];
	ULONG err = NO_ERROR;
	int n = 0, i, per;

	if (setgroups(0, NULL) || setgid(TEST_ID) || setuid(TEST_ID) ||
	    HttpInitialize(v1, HTTP_INITIALIZE_SERVER, NULL))
		return 255;
	for (i = 0; i < HANDLES && err == NO_ERROR; i++) {
		if (HttpCreateHttpHandle(&h[i], 0))
			return 254;
		/* A handle holds 1024 URLs at most; the next one goes on. */
		for (per = 0; per < 1024 && err == NO_ERROR; per++) {
			swprintf(url, 64, L"http://+:9310/u%d/", n);
			err = HttpAddUrl(h[i], url, NULL);
			if (err == NO_ERROR)
				n++;
		}
	}
	if (n % 64 || err != ERROR_NOT_ENOUGH_MEMORY)
		return 253;
	return n / 64;
}

static int child_count(void)
{
	pid_t pid = fork();
	int status;

	if (pid == 0)
		_exit(register_until_refused());
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

int main(void)
{
	HTTPAPI_VERSION v1 = HTTPAPI_VERSION_1;
	HANDLE h = NULL;
	int first, second;

	alarm(300);
	CHECK(httpcfg("add urlacl url=http://+:9310/ 'sddl=D:(A;;GX;;;WD)'") == 0,
	      "url quota: a reservation on port 9310 for everyone");
	first = child_count();
	CHECK(first == USER_LIMIT / 64,
	      "url quota: uid 1500 registers %d URLs, then is refused "
	      "(ERROR_NOT_ENOUGH_MEMORY)", first * 64);
	second = child_count();
	CHECK(second == USER_LIMIT / 64,
	      "url quota: its URLs count no more once its handles closed (%d)",
	      second * 64);
	CHECK(!HttpInitialize(v1, HTTP_INITIALIZE_SERVER, NULL) &&
	      !HttpCreateHttpHandle(&h, 0) &&
	      HttpAddUrl(h, L"http://+:9310/root/", NULL) == NO_ERROR,
	      "url quota: root is not counted");
	if (h)
		CloseHandle(h);
	httpcfg("delete urlacl url=http://+:9310/");
	return tap_exit_status();
}
