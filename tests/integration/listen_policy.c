// SPDX-License-Identifier: GPL-2.0
/*
 * Where and how listeners open (review finding L3), run as root in the
 * test VM: a caller in another network namespace is refused, a port below
 * 1024 opens for any user a reservation allows, an https prefix opens no
 * plaintext port, and net.ipv6.bindv6only=1 does not drop IPv4.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <http.h>

#include "tap.h"
#include "app.h"
#include "client.h"

#define TEST_ID		1500	/* httpsys-test, uid and gid (tests/vm/guest.sh) */

static int other_netns(void)
{
	return unshare(CLONE_NEWNET);
}

static int unprivileged(void)
{
	return setgroups(0, NULL) || setgid(TEST_ID) || setuid(TEST_ID);
}

/*
 * A child process runs @setup, then adds @prefix on a queue of its own,
 * reports the error to the parent and answers one request.  *@status is
 * what a client GET of @port got meanwhile (-1: nothing, refused).
 */
static ULONG add_in_child(int (*setup)(void), PCWSTR prefix, int port,
			  int *status)
{
	int pipefd[2], fd;
	char line[64];
	ULONG err = ~0U;
	HANDLE h;
	pid_t pid;

	*status = -1;
	if (pipe(pipefd))
		return err;
	fflush(stdout);
	pid = fork();
	if (!pid) {
		if (setup())
			_exit(1);
		err = HttpInitialize(HTTPAPI_VERSION_1, HTTP_INITIALIZE_SERVER,
				     NULL);
		if (!err)
			err = HttpCreateHttpHandle(&h, 0);
		if (!err)
			err = HttpAddUrl(h, prefix, NULL);
		report(pipefd[1], "err %lu\n", (unsigned long)err);
		if (!err && receive(h, 0))
			respond(h, req->RequestId, 200, "OK", "child", 0);
		_exit(0);
	}
	if (report_expect(pipefd[0], "err ", line, sizeof(line), WAIT_MS))
		err = strtoul(line + 4, NULL, 10);
	fd = raw_request(port, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
	if (fd >= 0) {
		*status = client_read_response(fd, out, sizeof(out));
		close(fd);
	}
	reap(pid, SIGKILL);
	close(pipefd[0]);
	close(pipefd[1]);
	return err;
}

static void test_netns(void)
{
	int status;
	ULONG err = add_in_child(other_netns, L"http://+:8093/", 8093, &status);

	CHECK(err == ERROR_NOT_SUPPORTED && status == -1,
	      "netns: a caller in another network namespace may not register "
	      "(error %lu), no port opens in the host's (client got %d)",
	      (unsigned long)err, status);
}

static void test_low_port(void)
{
	int status;
	ULONG err;

	CHECK(httpcfg("add urlacl url=http://+:81/ user=httpsys-test") == 0,
	      "low port: reserve http://+:81/ for httpsys-test");
	err = add_in_child(unprivileged, L"http://+:81/", 81, &status);
	CHECK(err == NO_ERROR && status == 200,
	      "low port: uid 1500 with a reservation opens port 81 and serves "
	      "(error %lu, client got %d)", (unsigned long)err, status);
	httpcfg("delete urlacl url=http://+:81/");
}

static void test_https(void)
{
	HANDLE h = app_start(L"https://+:8443/");
	int fd = client_connect("127.0.0.1", 8443);

	CHECK(h && fd < 0,
	      "https: an https prefix registers and opens no plaintext port");
	if (fd >= 0)
		close(fd);
	if (h)
		app_finish(h);
}

static int set_bindv6only(const char *value)
{
	FILE *f = fopen("/proc/sys/net/ipv6/bindv6only", "w");

	if (!f)
		return -1;
	fputs(value, f);
	return fclose(f);
}

static void test_bindv6only(void)
{
	HTTP_URL_CONTEXT ctx;
	HANDLE h;
	int v4 = -1, v6 = -1;

	set_bindv6only("1");
	h = app_start(L"http://+:8094/");
	if (h) {
		v4 = exchange(h, 8094, "a", "/v4", &ctx);
		v6 = -1;
		if (client_connect("::1", 8094) >= 0)
			v6 = 200;
		app_finish(h);
	}
	set_bindv6only("0");
	CHECK(v4 == 200 && v6 == 200,
	      "bindv6only=1: a listener still serves IPv4 (%d) and IPv6", v4);
}

int main(void)
{
	alarm(300);	/* the harness bounds the run too */
	test_netns();
	test_low_port();
	test_https();
	test_bindv6only();
	return tap_exit_status();
}
