// SPDX-License-Identifier: GPL-2.0
/*
 * The application side of the integration tests: receive a request through
 * libhttpapi, answer it, and compare what arrived.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "tap.h"
#include "app.h"
#include "client.h"

UCHAR request_buffer[BUF_SIZE] __attribute__((aligned(8)));
PHTTP_REQUEST req = (PHTTP_REQUEST)request_buffer;
char out[BUF_SIZE];
HTTP_REQUEST_ID seen_ids[64];
int seen_count;

int readable(HANDLE h, int ms)
{
	struct pollfd p = { .fd = HttpQueueFd(h), .events = POLLIN };

	return poll(&p, 1, ms) == 1;
}

/* Receive the next request on @h (waiting up to WAIT_MS); NULL if none. */
PHTTP_REQUEST receive(HANDLE h, ULONG flags)
{
	ULONG got = 0;

	if (!readable(h, WAIT_MS))
		return NULL;
	memset(request_buffer, 0xcc, sizeof(HTTP_REQUEST));
	if (HttpReceiveHttpRequest(h, HTTP_NULL_ID, flags, req, BUF_SIZE, &got,
				   NULL) != NO_ERROR)
		return NULL;
	if (seen_count < 64)
		seen_ids[seen_count++] = req->RequestId;
	return req;
}

ULONG respond(HANDLE h, HTTP_REQUEST_ID id, USHORT status,
		     const char *reason, const char *body, ULONG flags)
{
	HTTP_RESPONSE resp;
	HTTP_DATA_CHUNK chunk;

	memset(&resp, 0, sizeof(resp));
	resp.StatusCode = status;
	resp.pReason = reason;
	resp.ReasonLength = strlen(reason);
	resp.Headers.KnownHeaders[HttpHeaderContentType].pRawValue = "text/plain";
	resp.Headers.KnownHeaders[HttpHeaderContentType].RawValueLength = 10;
	if (body) {
		chunk.DataChunkType = HttpDataChunkFromMemory;
		chunk.FromMemory.pBuffer = (PVOID)body;
		chunk.FromMemory.BufferLength = strlen(body);
		resp.EntityChunkCount = 1;
		resp.pEntityChunks = &chunk;
	}
	return HttpSendHttpResponse(h, id, flags, &resp, NULL, NULL, NULL, 0,
				    NULL, NULL);
}

int wide_is(PCWSTR s, USHORT bytes, const wchar_t *expect)
{
	return s && bytes == wcslen(expect) * sizeof(WCHAR) &&
	       !wmemcmp(s, expect, wcslen(expect));
}

int known_is(PHTTP_REQUEST r, HTTP_HEADER_ID id, const char *expect)
{
	const HTTP_KNOWN_HEADER *k = &r->Headers.KnownHeaders[id];

	return k->pRawValue && k->RawValueLength == strlen(expect) &&
	       !memcmp(k->pRawValue, expect, k->RawValueLength);
}

/* A raw request on a new connection; returns the client socket. */
int raw_request(int port, const char *request)
{
	int fd = client_connect("127.0.0.1", port);

	if (fd >= 0 && client_send(fd, request)) {
		close(fd);
		return -1;
	}
	return fd;
}


int httpcfg(const char *fmt, ...)
{
	char args[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	return curl_finish(curl_start("tools/httpcfg %s 2>&1", args), out,
			   sizeof(out));
}

#define PARAMS	"/sys/module/httpsys/parameters/"

long get_param(const char *name)
{
	char path[128], buf[32] = "";
	FILE *f;

	snprintf(path, sizeof(path), PARAMS "%s", name);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	return buf[0] ? strtol(buf, NULL, 10) : -1;
}

double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

int set_param(const char *name, const char *value)
{
	char path[128];
	int fd, err = 0;

	snprintf(path, sizeof(path), PARAMS "%s", name);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return errno;
	if (write(fd, value, strlen(value)) < 0)
		err = errno;
	close(fd);
	return err;
}

HANDLE app_start(PCWSTR prefix)
{
	HANDLE h;

	if (HttpInitialize(HTTPAPI_VERSION_1, HTTP_INITIALIZE_SERVER, NULL) ||
	    HttpCreateHttpHandle(&h, 0) || HttpAddUrl(h, prefix, NULL)) {
		CHECK(0, "set-up: initialize, create a queue, add %ls", prefix);
		return NULL;
	}
	return h;
}

void app_finish(HANDLE h)
{
	CloseHandle(h);
	HttpTerminate(HTTP_INITIALIZE_SERVER, NULL);
}

int count_503s(const int *fds, int n, int *first)
{
	static struct pollfd p[1001];
	int i, count = 0, wait = WAIT_MS;

	*first = -1;
	if (n > 1001)
		return -1;
	for (i = 0; i < n; i++) {
		p[i].fd = fds[i];
		p[i].events = POLLIN;
	}
	while (poll(p, n, wait) > 0) {
		for (i = 0; i < n; i++) {
			if (!(p[i].revents & POLLIN))
				continue;
			p[i].fd = -1;
			count += client_read_response(fds[i], out, sizeof(out)) == 503;
			if (*first < 0)
				*first = i;
		}
		wait = 500;
	}
	return count;
}

int exchange(HANDLE h, int port, const char *host, const char *path,
	     HTTP_URL_CONTEXT *context)
{
	struct pollfd p[2];
	char request[512];
	int fd, status;

	*context = ~0ULL;
	snprintf(request, sizeof(request), "GET %s HTTP/1.1\r\nHost: %s\r\n\r\n",
		 path, host);
	fd = raw_request(port, request);
	if (fd < 0)
		return -1;
	p[0].fd = fd;
	p[0].events = POLLIN;
	p[1].fd = HttpQueueFd(h);
	p[1].events = POLLIN;
	/* Either the kernel answers the client or the request reaches @h. */
	if (poll(p, 2, WAIT_MS) > 0 && (p[1].revents & POLLIN) &&
	    receive(h, 0)) {
		*context = req->UrlContext;
		respond(h, req->RequestId, 200, "OK", "served", 0);
	}
	status = client_read_response(fd, out, sizeof(out));
	close(fd);
	return status;
}

pid_t spawn(int report_fd, const char *name, const char *mode, const char *arg)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid)
		return pid;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (dup2(report_fd, 3) != 3)
		_exit(127);
	close_range(4, ~0U, 0);
	execl("/proc/self/exe", name, mode, "3", arg, (char *)NULL);
	_exit(127);
}

void reap(pid_t pid, int sig)
{
	if (pid <= 0)
		return;
	kill(pid, sig);
	waitpid(pid, NULL, 0);
}

void report(int fd, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (write(fd, line, n) != n)
		_exit(2);
}

int report_expect(int fd, const char *prefix, char *line, size_t size, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	struct timespec end, now;
	size_t got = 0;
	int left;

	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += ms / 1000;
	end.tv_nsec += (ms % 1000) * 1000000L;
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		left = (end.tv_sec - now.tv_sec) * 1000 +
		       (end.tv_nsec - now.tv_nsec) / 1000000;
		if (left <= 0 || poll(&p, 1, left) != 1 ||
		    read(fd, line + got, 1) != 1)
			return 0;
		if (line[got] != '\n') {
			if (got + 2 < size)
				got++;
			continue;
		}
		line[got] = '\0';
		if (!strncmp(line, prefix, strlen(prefix)))
			return 1;
		got = 0;
	}
}

/* Set a QoS limit of @type on session @s (@g 0) or group @g. */
ULONG qos_set(HTTP_SERVER_SESSION_ID s, HTTP_URL_GROUP_ID g,
		     HTTP_QOS_SETTING_TYPE type, ULONG limit)
{
	HTTP_CONNECTION_LIMIT_INFO conn;
	HTTP_BANDWIDTH_LIMIT_INFO bw;
	HTTP_QOS_SETTING_INFO qos;

	memset(&conn, 0, sizeof(conn));
	memset(&bw, 0, sizeof(bw));
	conn.Flags.Present = bw.Flags.Present = 1;
	conn.MaxConnections = bw.MaxBandwidth = limit;
	qos.QosType = type;
	qos.QosSetting = type == HttpQosSettingTypeBandwidth ? (PVOID)&bw :
			 (PVOID)&conn;
	return g ? HttpSetUrlGroupProperty(g, HttpServerQosProperty, &qos,
					   sizeof(qos)) :
		   HttpSetServerSessionProperty(s, HttpServerQosProperty, &qos,
						sizeof(qos));
}

ULONG register_url(int v2, PCWSTR url, HANDLE *h)
{
	HTTP_SERVER_SESSION_ID s = 0;
	HTTP_URL_GROUP_ID g = 0;
	HTTP_BINDING_INFO b;
	ULONG err;

	if (!v2) {
		err = HttpCreateHttpHandle(h, 0);
		return err ? err : HttpAddUrl(*h, url, NULL);
	}
	err = HttpCreateServerSession(HTTPAPI_VERSION_2, &s, 0);
	if (!err)
		err = HttpCreateUrlGroup(s, &g, 0);
	if (!err)
		err = HttpCreateRequestQueue(HTTPAPI_VERSION_2, NULL, NULL, 0, h);
	memset(&b, 0, sizeof(b));
	b.Flags.Present = 1;
	b.RequestQueueHandle = *h;
	if (!err)
		err = HttpSetUrlGroupProperty(g, HttpServerBindingProperty, &b,
					      sizeof(b));
	return err ? err : HttpAddUrlToUrlGroup(g, url, 0, 0);
}
