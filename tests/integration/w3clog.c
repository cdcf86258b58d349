// SPDX-License-Identifier: GPL-2.0
/*
 * W3C request logs (HttpServerLoggingProperty, docs/LOGGING.md) through
 * the API as a Windows program drives it: a URL group's log with every
 * field of a known sequence of requests (a GET with a query, a POST with
 * a body, a user agent, cookie and referer, a response the kernel's
 * cache gives, one sent without log data), compared line by line with
 * the times checked to fall within the run; logging turned off; the
 * errors of a bad directory or format, leaving nothing set; then the
 * session's log with other fields rolling over by size into a second
 * file with its own directives; a daily log rolling over at midnight, the
 * guest's clock set to a year's end.  Run as root in the test VM.  Port
 * 9481.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "client.h"
#include "tap.h"

#define PORT		9481
#define HOST		"127.0.0.1:9481"
#define ROLL_REQUESTS	450	/* of about 2.6 KB each: past 1 MiB */

static HTTP_SERVER_SESSION_ID session;
static HTTP_URL_GROUP_ID group;
static HANDLE queue;
static char dir_group[64], dir_session[64];
static time_t run_start;

/* The session's lines: five strings of 500 bytes each. */
static char long_string[5][501];

/* A session and a group bound to the queue, serving http://+:9481/w3c/. */
static int session_setup(void)
{
	HTTP_BINDING_INFO b = { .Flags.Present = 1,
				.RequestQueueHandle = queue };

	return !HttpCreateServerSession(HTTPAPI_VERSION_2, &session, 0) &&
	       !HttpCreateUrlGroup(session, &group, 0) &&
	       !HttpSetUrlGroupProperty(group, HttpServerBindingProperty, &b,
					sizeof(b)) &&
	       !HttpAddUrlToUrlGroup(group, L"http://+:9481/w3c/", 0, 0);
}

static int setup(void)
{
	return !HttpInitialize(HTTPAPI_VERSION_2, HTTP_INITIALIZE_SERVER,
			       NULL) &&
	       !HttpCreateRequestQueue(HTTPAPI_VERSION_2, NULL, NULL, 0,
				       &queue) &&
	       session_setup();
}

static ULONG logging(int on_session, const wchar_t *dir, ULONG fields,
		     HTTP_LOGGING_TYPE format, const wchar_t *software,
		     ULONG flags)
{
	HTTP_LOGGING_INFO l = {
		.Flags.Present = !!dir, .LoggingFlags = flags,
		.SoftwareName = software,
		.SoftwareNameLength = software ? wcslen(software) * sizeof(WCHAR) : 0,
		.DirectoryName = dir,
		.DirectoryNameLength = dir ? wcslen(dir) * sizeof(WCHAR) : 0,
		.Format = format, .Fields = fields,
		.RolloverType = HttpLoggingRolloverSize,
		.RolloverSize = HTTP_MIN_ALLOWED_LOG_FILE_ROLLOVER_SIZE,
	};

	return on_session ?
	       HttpSetServerSessionProperty(session, HttpServerLoggingProperty,
					    &l, sizeof(l)) :
	       HttpSetUrlGroupProperty(group, HttpServerLoggingProperty, &l,
				       sizeof(l));
}

static const char *header(PHTTP_REQUEST r, HTTP_HEADER_ID id, USHORT *len)
{
	*len = r->Headers.KnownHeaders[id].RawValueLength;
	return r->Headers.KnownHeaders[id].pRawValue;
}

/* How a Windows program fills HTTP_LOG_FIELDS_DATA from its request. */
static void log_fields(PHTTP_REQUEST r, const char *method, USHORT status,
		       HTTP_LOG_FIELDS_DATA *f, char *client, char *server)
{
	const struct sockaddr_in *remote = (void *)r->Address.pRemoteAddress;
	const struct sockaddr_in *local = (void *)r->Address.pLocalAddress;
	const char *q = memchr(r->pRawUrl, '?', r->RawUrlLength);

	memset(f, 0, sizeof(*f));
	f->Base.Type = HttpLogDataTypeFields;
	inet_ntop(AF_INET, &remote->sin_addr, client, INET_ADDRSTRLEN);
	inet_ntop(AF_INET, &local->sin_addr, server, INET_ADDRSTRLEN);
	f->ClientIp = client;
	f->ClientIpLength = strlen(client);
	f->ServerIp = server;
	f->ServerIpLength = strlen(server);
	f->ServiceName = "W3SVC1";
	f->ServiceNameLength = 6;
	f->ServerName = "testhost";
	f->ServerNameLength = 8;
	f->Method = (PCHAR)method;
	f->MethodLength = strlen(method);
	f->UriStem = (PWSTR)r->CookedUrl.pAbsPath;
	f->UriStemLength = r->CookedUrl.AbsPathLength;
	if (q) {
		f->UriQuery = (PCHAR)q + 1;
		f->UriQueryLength = r->pRawUrl + r->RawUrlLength - q - 1;
	}
	f->Host = (PCHAR)header(r, HttpHeaderHost, &f->HostLength);
	f->UserAgent = (PCHAR)header(r, HttpHeaderUserAgent,
				     &f->UserAgentLength);
	f->Cookie = (PCHAR)header(r, HttpHeaderCookie, &f->CookieLength);
	f->Referrer = (PCHAR)header(r, HttpHeaderReferer, &f->ReferrerLength);
	f->ServerPort = ntohs(local->sin_port);
	f->ProtocolStatus = status;
}

/* Answer @r with @status and @body, its log data in @f (or none). */
static ULONG answer(PHTTP_REQUEST r, USHORT status, const char *body,
		    HTTP_LOG_FIELDS_DATA *f, int cache)
{
	HTTP_CACHE_POLICY policy = { HttpCachePolicyUserInvalidates, 0 };
	HTTP_DATA_CHUNK chunk = { .DataChunkType = HttpDataChunkFromMemory };
	HTTP_RESPONSE resp = { .StatusCode = status, .pReason = "Done",
			       .ReasonLength = 4 };
	ULONG sent;

	chunk.FromMemory.pBuffer = (PVOID)body;
	chunk.FromMemory.BufferLength = strlen(body);
	resp.EntityChunkCount = 1;
	resp.pEntityChunks = &chunk;
	return HttpSendHttpResponse(queue, r->RequestId, 0, &resp,
				    cache ? &policy : NULL, &sent, NULL, 0,
				    NULL, f ? &f->Base : NULL);
}

/* The body of @r, read to its end; its length. */
static ULONG read_body(PHTTP_REQUEST r)
{
	char buf[256];
	ULONG got, total = 0;

	while (!HttpReceiveRequestEntityBody(queue, r->RequestId, 0, buf,
					     sizeof(buf), &got, NULL))
		total += got;
	return total;
}

/*
 * One exchange on a new connection: @request sent, the application's
 * @status answer (logged as a program would, with @win32 and @sub), the
 * response read.  Its bytes go to *@sent; the status the client saw.
 */
static int exchange_logged(const char *request, const char *method,
			   USHORT status, ULONG win32, USHORT sub, int log,
			   int cache, size_t *sent)
{
	char client[INET_ADDRSTRLEN], server[INET_ADDRSTRLEN];
	static char resp[8192];
	HTTP_LOG_FIELDS_DATA f;
	PHTTP_REQUEST r;
	int fd = client_connect("127.0.0.1", PORT), got;

	if (fd < 0 || client_send(fd, request))
		return -1;
	r = receive(queue, 0);
	if (r) {
		if (!strcmp(method, "POST"))
			read_body(r);
		log_fields(r, method, status, &f, client, server);
		f.Win32Status = win32;
		f.SubStatus = sub;
		answer(r, status, "hello", log ? &f : NULL, cache);
	}
	got = client_read_response(fd, resp, sizeof(resp));
	*sent = strlen(resp);
	close(fd);
	return got;
}

/* The contents of @path, NUL-terminated (malloc'd), or NULL. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *s = NULL;
	long n;

	if (!f)
		return NULL;
	if (!fseek(f, 0, SEEK_END) && (n = ftell(f)) >= 0 && !fseek(f, 0, SEEK_SET)) {
		s = malloc(n + 1);
		if (s && fread(s, 1, n, f) == (size_t)n) {
			s[n] = '\0';
			*len = n;
		} else {
			free(s);
			s = NULL;
		}
	}
	fclose(f);
	return s;
}

/* "YYYY-MM-DD HH:MM:SS" at @s within the run: then blanked to "D T". */
static int time_in_run(char *s)
{
	struct tm tm = { 0 };
	char *end = strptime(s, "%Y-%m-%d %H:%M:%S", &tm);
	time_t t = timegm(&tm);

	if (!end || end - s != 19 || t < run_start - 1 || t > time(NULL) + 1)
		return 0;
	memmove(s + 3, s + 19, strlen(s + 19) + 1);
	memcpy(s, "D T", 3);
	return 1;
}

/* Each line's leading date and time, and a trailing time-taken, checked. */
static int normalise(char *text, int taken)
{
	char *line = text, *end, *sp;
	int ok = 1;

	while (*line) {
		if (!strncmp(line, "#Date: ", 7))
			ok &= time_in_run(line + 7);
		else if (*line != '#')
			ok &= time_in_run(line);
		end = strstr(line, "\r\n");
		if (!end)
			return 0;
		if (taken && *line != '#') {
			for (sp = end; sp > line && sp[-1] != ' '; sp--)
				;
			ok &= strtol(sp, NULL, 10) <= 60000 && sp < end;
			memmove(sp + 2, end, strlen(end) + 1);
			memcpy(sp, "TT", 2);
			end = sp + 2;
		}
		line = end + 2;
	}
	return ok;
}

static void test_errors(void)
{
	char path[80];
	wchar_t file[80];
	FILE *f;

	snprintf(path, sizeof(path), "%s/../w3c-file", dir_group);
	f = fopen(path, "w");
	if (f)
		fclose(f);
	swprintf(file, 80, L"%s", path);
	CHECK(logging(0, L"/nonexistent-w3c/logs", ~0U, HttpLoggingTypeW3C,
		      NULL, 0) == ERROR_PATH_NOT_FOUND,
	      "a directory that does not exist: ERROR_PATH_NOT_FOUND");
	CHECK(logging(0, file, ~0U, HttpLoggingTypeW3C, NULL, 0) ==
	      ERROR_PATH_NOT_FOUND, "a file, not a directory: ERROR_PATH_NOT_FOUND");
	CHECK(logging(0, L"relative/logs", ~0U, HttpLoggingTypeW3C, NULL, 0) ==
	      ERROR_INVALID_PARAMETER,
	      "a relative directory: ERROR_INVALID_PARAMETER");
	CHECK(logging(1, L"/tmp", ~0U, HttpLoggingTypeIIS, NULL, 0) ==
	      ERROR_INVALID_PARAMETER,
	      "IIS format on a session: ERROR_INVALID_PARAMETER");
	CHECK(logging(0, L"/tmp", ~0U, HttpLoggingTypeNCSA, NULL, 0) ==
	      ERROR_NOT_SUPPORTED, "NCSA format: ERROR_NOT_SUPPORTED");
	unlink(path);
}

/*
 * As another user (nobody), logging into root's 0700 directory:
 * ERROR_ACCESS_DENIED, found before the session is looked at (the child
 * shares our control handle: it makes nothing there).  Its exit status
 * is the error.
 */
static void test_access_denied(void)
{
	wchar_t wdir[64];
	int status = -1;
	pid_t pid;

	swprintf(wdir, 64, L"%s", dir_group);
	pid = fork();
	if (pid == 0) {
		if (setgid(65534) || setuid(65534))
			_exit(255);
		_exit(logging(1, wdir, ~0U, HttpLoggingTypeW3C, NULL, 0));
	}
	if (pid > 0)
		waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == ERROR_ACCESS_DENIED,
	      "a directory the process cannot write: ERROR_ACCESS_DENIED "
	      "(status %d)", status);
}

/* Nothing was set by the failures: a logged request writes no file. */
static void test_nothing_set(void)
{
	size_t sent;
	DIR *d;
	int files = 0;
	struct dirent *e;

	exchange_logged("GET /w3c/none HTTP/1.1\r\nHost: " HOST "\r\n\r\n",
			"GET", 200, 0, 0, 1, 0, &sent);
	CHECK(logging(0, NULL, 0, 0, NULL, 0) == NO_ERROR &&
	      logging(1, NULL, 0, 0, NULL, 0) == NO_ERROR,
	      "logging off where it was never on: NO_ERROR");
	d = opendir(dir_group);
	while (d && (e = readdir(d)))
		files += e->d_name[0] != '.';
	if (d)
		closedir(d);
	CHECK(d && !files, "after the failures nothing logs (%d files)", files);
}

/* Every W3C field but the error log's. */
#define FIELDS_ALL	(HTTP_LOG_FIELD_DATE | HTTP_LOG_FIELD_TIME | \
			 HTTP_LOG_FIELD_CLIENT_IP | HTTP_LOG_FIELD_USER_NAME | \
			 HTTP_LOG_FIELD_SITE_NAME | HTTP_LOG_FIELD_COMPUTER_NAME | \
			 HTTP_LOG_FIELD_SERVER_IP | HTTP_LOG_FIELD_METHOD | \
			 HTTP_LOG_FIELD_URI_STEM | HTTP_LOG_FIELD_URI_QUERY | \
			 HTTP_LOG_FIELD_STATUS | HTTP_LOG_FIELD_WIN32_STATUS | \
			 HTTP_LOG_FIELD_BYTES_SENT | HTTP_LOG_FIELD_BYTES_RECV | \
			 HTTP_LOG_FIELD_TIME_TAKEN | HTTP_LOG_FIELD_SERVER_PORT | \
			 HTTP_LOG_FIELD_USER_AGENT | HTTP_LOG_FIELD_COOKIE | \
			 HTTP_LOG_FIELD_REFERER | HTTP_LOG_FIELD_VERSION | \
			 HTTP_LOG_FIELD_HOST | HTTP_LOG_FIELD_SUB_STATUS)

/* A request the kernel answers itself: the status the client got. */
static int kernel_answers(const char *request)
{
	static char resp[8192];
	int fd = client_connect("127.0.0.1", PORT), status = -1;

	if (fd >= 0 && !client_send(fd, request))
		status = client_read_response(fd, resp, sizeof(resp));
	if (fd >= 0)
		close(fd);
	return readable(queue, 100) ? -1 : status;
}

static const char *const requests[] = {
	"GET /w3c/a?x=1&y=two HTTP/1.1\r\nHost: " HOST "\r\n\r\n",
	"POST /w3c/form HTTP/1.1\r\nHost: " HOST "\r\n"
	"Content-Length: 11\r\n\r\nhello world",
	"GET /w3c/agent HTTP/1.1\r\nHost: " HOST "\r\n"
	"User-Agent: Test Agent/1.0 (linux)\r\nCookie: a=1; b=2\r\n"
	"Referer: http://example.com/start page\r\n\r\n",
	"GET /w3c/cached HTTP/1.1\r\nHost: " HOST "\r\n\r\n",
	"GET /w3c/cached HTTP/1.1\r\nHost: " HOST "\r\n\r\n",
	"GET /w3c/nolog HTTP/1.1\r\nHost: " HOST "\r\n\r\n",
};

static void test_group_log(void)
{
	char path[128], expect[4096], host[256] = "";
	wchar_t wdir[64];
	size_t sent[6], len = 0, after;
	char *text;
	int i, ok = 1;

	swprintf(wdir, 64, L"%s", dir_group);
	CHECK(logging(0, wdir, FIELDS_ALL, HttpLoggingTypeW3C, L"w3clog test",
		      HTTP_LOGGING_FLAG_USE_UTF8_CONVERSION) == NO_ERROR,
	      "logging on for the URL group");
	ok &= exchange_logged(requests[0], "GET", 200, 0, 0, 1, 0, &sent[0]) == 200;
	ok &= exchange_logged(requests[1], "POST", 201, 0, 0, 1, 0, &sent[1]) == 201;
	ok &= exchange_logged(requests[2], "GET", 404, 2, 3, 1, 0, &sent[2]) == 404;
	ok &= exchange_logged(requests[3], "GET", 200, 0, 0, 1, 1, &sent[3]) == 200;
	/* The kernel's cache answers this one: the queue sees nothing. */
	{
		int fd = client_connect("127.0.0.1", PORT);
		static char resp[8192];

		ok &= fd >= 0 && !client_send(fd, requests[4]) &&
		      client_read_response(fd, resp, sizeof(resp)) == 200 &&
		      !readable(queue, 200);
		sent[4] = strlen(resp);
		if (fd >= 0)
			close(fd);
	}
	ok &= exchange_logged(requests[5], "GET", 200, 0, 0, 0, 0, &sent[5]) == 200;
	CHECK(ok, "the six requests answered (the fifth from the cache)");
	CHECK(kernel_answers("GET /elsewhere HTTP/1.1\r\nHost: " HOST
			     "\r\n\r\n") == 404 &&
	      kernel_answers("GET /w3c/ HTTP/1.1\r\nHost: " HOST
			     "\r\nBad header\r\n\r\n") == 400,
	      "the kernel's own 404 and 400 (HTTPERR's, not in the log)");
	CHECK(logging(0, NULL, 0, 0, NULL, 0) == NO_ERROR, "logging off");
	after = 0;
	exchange_logged(requests[0], "GET", 200, 0, 0, 1, 0, &after);

	snprintf(path, sizeof(path), "%s/u_extend1.log", dir_group);
	text = slurp(path, &len);
	if (!CHECK(text, "the log is %s", path))
		return;
	CHECK(normalise(text, 1),
	      "#Date, each line's date and time within the run, time-taken "
	      "a number of ms");
	gethostname(host, sizeof(host) - 1);
	snprintf(expect, sizeof(expect),
		 "#Software: w3clog test\r\n#Version: 1.0\r\n#Date: D T\r\n"
		 "#Fields: date time s-sitename s-computername s-ip cs-method "
		 "cs-uri-stem cs-uri-query s-port cs-username c-ip cs-version "
		 "cs(User-Agent) cs(Cookie) cs(Referer) cs-host sc-status "
		 "sc-substatus sc-win32-status sc-bytes cs-bytes time-taken\r\n"
		 "D T W3SVC1 testhost 127.0.0.1 GET /w3c/a x=1&y=two 9481 - "
		 "127.0.0.1 HTTP/1.1 - - - " HOST " 200 0 0 %zu %zu TT\r\n"
		 "D T W3SVC1 testhost 127.0.0.1 POST /w3c/form - 9481 - "
		 "127.0.0.1 HTTP/1.1 - - - " HOST " 201 0 0 %zu %zu TT\r\n"
		 "D T W3SVC1 testhost 127.0.0.1 GET /w3c/agent - 9481 - "
		 "127.0.0.1 HTTP/1.1 Test+Agent/1.0+(linux) a=1;+b=2 "
		 "http://example.com/start+page " HOST " 404 3 2 %zu %zu TT\r\n"
		 "D T W3SVC1 testhost 127.0.0.1 GET /w3c/cached - 9481 - "
		 "127.0.0.1 HTTP/1.1 - - - " HOST " 200 0 0 %zu %zu TT\r\n"
		 "D T - %s 127.0.0.1 GET /w3c/cached - 9481 - "
		 "127.0.0.1 HTTP/1.1 - - - " HOST " 200 0 0 %zu %zu TT\r\n",
		 sent[0], strlen(requests[0]), sent[1], strlen(requests[1]),
		 sent[2], strlen(requests[2]), sent[3], strlen(requests[3]),
		 host, sent[4], strlen(requests[4]));
	for (i = 0; expect[i] && expect[i] == text[i]; i++)
		;
	CHECK(!strcmp(text, expect),
	      "the group's log, field by field (first difference at byte %d)",
	      i);
	if (strcmp(text, expect))
		fprintf(stderr, "got:\n%s\nwant:\n%s\n", text, expect);
	CHECK(after, "a request after logging went off is answered");
	free(text);
}

/* Requests on one connection, each logged with long strings of its own. */
static int roll_requests(int n)
{
	char client[INET_ADDRSTRLEN], server[INET_ADDRSTRLEN];
	static char resp[8192];
	HTTP_LOG_FIELDS_DATA f;
	PHTTP_REQUEST r;
	int fd = client_connect("127.0.0.1", PORT), i;

	for (i = 0; fd >= 0 && i < n; i++) {
		if (client_send(fd, "GET /w3c/roll?q=1 HTTP/1.1\r\nHost: "
			       HOST "\r\n\r\n"))
			break;
		r = receive(queue, 0);
		if (!r)
			break;
		log_fields(r, "GET", 200, &f, client, server);
		f.UriQuery = long_string[0];
		f.Host = long_string[1];
		f.UserAgent = long_string[2];
		f.Cookie = long_string[3];
		f.Referrer = long_string[4];
		f.UriQueryLength = f.HostLength = f.UserAgentLength =
			f.CookieLength = f.ReferrerLength = 500;
		if (answer(r, 200, "ok", &f, 0) ||
		    client_read_response(fd, resp, sizeof(resp)) != 200)
			break;
	}
	if (fd >= 0)
		close(fd);
	return i;
}

/* Directives then lines, each its own: how many data lines. */
static int file_lines(const char *text, const char *fields, int *ok)
{
	char want[256];
	const char *p;
	int lines = 0;

	snprintf(want, sizeof(want),
		 "#Software: Microsoft-HTTPAPI/2.0\r\n#Version: 1.0\r\n"
		 "#Date: D T\r\n#Fields: %s\r\n", fields);
	*ok = !strncmp(text, want, strlen(want));
	for (p = text + strlen(want); *ok && *p; p = strstr(p, "\r\n") + 2) {
		if (*p == '#' || !strstr(p, "\r\n")) {
			*ok = 0;
			break;
		}
		lines++;
	}
	return lines;
}

static void test_session_rollover(void)
{
	const char *fields = "date time cs-method cs-uri-stem cs-uri-query "
			     "cs(User-Agent) cs(Cookie) cs(Referer) cs-host "
			     "sc-status";
	char path[128], *one, *two;
	size_t len1 = 0, len2 = 0;
	int done, i, ok1 = 0, ok2 = 0, n1 = 0, n2 = 0;
	wchar_t wdir[64];

	for (i = 0; i < 5; i++)
		memset(long_string[i], "qhucr"[i], 500);
	swprintf(wdir, 64, L"%s", dir_session);
	CHECK(logging(1, wdir, HTTP_LOG_FIELD_DATE | HTTP_LOG_FIELD_TIME |
		      HTTP_LOG_FIELD_METHOD | HTTP_LOG_FIELD_URI_STEM |
		      HTTP_LOG_FIELD_URI_QUERY | HTTP_LOG_FIELD_USER_AGENT |
		      HTTP_LOG_FIELD_COOKIE | HTTP_LOG_FIELD_REFERER |
		      HTTP_LOG_FIELD_HOST | HTTP_LOG_FIELD_STATUS,
		      HttpLoggingTypeW3C, NULL, 0) ==
	      NO_ERROR, "logging on for the session, other fields");
	done = roll_requests(ROLL_REQUESTS);
	CHECK(done == ROLL_REQUESTS, "%d requests of %d answered", done,
	      ROLL_REQUESTS);
	/* Closing the session writes out what its log still holds. */
	CHECK(HttpCloseServerSession(session) == NO_ERROR, "session closed");
	snprintf(path, sizeof(path), "%s/extend1.log", dir_session);
	one = slurp(path, &len1);
	snprintf(path, sizeof(path), "%s/extend2.log", dir_session);
	two = slurp(path, &len2);
	if (!CHECK(one && two, "extend1.log (%zu bytes) and extend2.log are "
		   "there", len1))
		goto out;
	CHECK(len1 >= HTTP_MIN_ALLOWED_LOG_FILE_ROLLOVER_SIZE &&
	      len1 < HTTP_MIN_ALLOWED_LOG_FILE_ROLLOVER_SIZE + 4096,
	      "extend1.log rolled over at 1 MiB (%zu bytes)", len1);
	CHECK(normalise(one, 0) && normalise(two, 0),
	      "dates and times within the run in both files");
	n1 = file_lines(one, fields, &ok1);
	n2 = file_lines(two, fields, &ok2);
	CHECK(ok1 && ok2, "each file begins with its own directives");
	CHECK(n1 + n2 == ROLL_REQUESTS && n2 > 0,
	      "every request logged once: %d + %d lines", n1, n2);
	CHECK(strstr(two, "D T GET /w3c/roll qqqq") != NULL,
	      "the second file's lines are the session's fields");
out:
	free(one);
	free(two);
}

/* Sets the guest's clock to @t (the test VM's own kernel: root may). */
static int clock_set(time_t t)
{
	struct timespec ts = { .tv_sec = t };

	return !clock_settime(CLOCK_REALTIME, &ts);
}

/* Blanks the seconds after each "YYYY-MM-DD HH:MM" @minute in @text. */
static void blank_seconds(char *text, const char *minute)
{
	char *p = text;

	while ((p = strstr(p, minute))) {
		p += strlen(minute);
		if (p[0] == ':' && isdigit(p[1]) && isdigit(p[2]))
			memcpy(p, ":ss", 3);
	}
}

/*
 * Time rollover across a year's end: with the clock 30 s before midnight
 * UTC on 31 December a request is logged, then with the clock just past
 * midnight another; each lands in its own day's file (u_exYYMMDD.log with
 * UTF-8 conversion), with its own directives dated by its first record.
 * The clock is put back afterwards, advanced by the time the test took.
 */
static void test_time_rollover(void)
{
	HTTP_LOGGING_INFO l = {
		.Flags.Present = 1,
		.LoggingFlags = HTTP_LOGGING_FLAG_USE_UTF8_CONVERSION,
		.Format = HttpLoggingTypeW3C,
		.Fields = HTTP_LOG_FIELD_DATE | HTTP_LOG_FIELD_TIME |
			  HTTP_LOG_FIELD_URI_STEM | HTTP_LOG_FIELD_STATUS,
		.RolloverType = HttpLoggingRolloverDaily,
	};
	char dir[64], path[128], name[2][32], minute[2][24], want[256], *text;
	struct timespec mono_start, mono_end;
	time_t now = time(NULL), t[2];
	size_t len, sent;
	wchar_t wdir[64];
	struct tm tm;
	int i;

	strcpy(dir, "/tmp/w3c-time-XXXXXX");
	swprintf(wdir, 64, L"%s", mkdtemp(dir) ? dir : "");
	l.DirectoryName = wdir;
	l.DirectoryNameLength = wcslen(wdir) * sizeof(WCHAR);
	if (!CHECK(session_setup() &&
		   !HttpSetUrlGroupProperty(group, HttpServerLoggingProperty,
					    &l, sizeof(l)),
		   "time rollover: a group logging daily into %s", dir))
		return;
	gmtime_r(&now, &tm);
	tm = (struct tm){ .tm_year = tm.tm_year + 1, .tm_mday = 1 };
	t[0] = timegm(&tm) - 30;	/* 31 December, 23:59:30 */
	t[1] = t[0] + 31;		/* 1 January, 00:00:01 */
	clock_gettime(CLOCK_MONOTONIC, &mono_start);
	for (i = 0; i < 2; i++) {
		gmtime_r(&t[i], &tm);
		strftime(name[i], sizeof(name[i]), "u_ex%y%m%d.log", &tm);
		strftime(minute[i], sizeof(minute[i]), "%Y-%m-%d %H:%M", &tm);
		CHECK(clock_set(t[i]) &&
		      exchange_logged("GET /w3c/day HTTP/1.1\r\nHost: " HOST
				      "\r\n\r\n", "GET", 200, 0, 0, 1, 0,
				      &sent) == 200,
		      "time rollover: a request answered at %s", minute[i]);
	}
	/* Closing the session writes out what its log still holds. */
	CHECK(HttpCloseServerSession(session) == NO_ERROR,
	      "time rollover: session closed");
	clock_gettime(CLOCK_MONOTONIC, &mono_end);
	CHECK(clock_set(now + 1 + mono_end.tv_sec - mono_start.tv_sec),
	      "time rollover: the clock put back");
	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, name[i]);
		text = slurp(path, &len);
		snprintf(want, sizeof(want),
			 "#Software: Microsoft-HTTPAPI/2.0\r\n#Version: 1.0\r\n"
			 "#Date: %s:ss\r\n"
			 "#Fields: date time cs-uri-stem sc-status\r\n"
			 "%s:ss /w3c/day 200\r\n", minute[i], minute[i]);
		if (text)
			blank_seconds(text, minute[i]);
		CHECK(text && !strcmp(text, want),
		      "time rollover: %s holds its directives and its one "
		      "request", name[i]);
		if (text && strcmp(text, want))
			fprintf(stderr, "got:\n%s\nwant:\n%s\n", text, want);
		free(text);
	}
}

int main(void)
{
	run_start = time(NULL);
	strcpy(dir_group, "/tmp/w3c-group-XXXXXX");
	strcpy(dir_session, "/tmp/w3c-session-XXXXXX");
	if (!CHECK(mkdtemp(dir_group) && mkdtemp(dir_session) && setup(),
		   "set-up: a session, a group bound to a queue, directories"))
		return tap_exit_status();
	test_errors();
	test_access_denied();
	test_nothing_set();
	test_group_log();
	test_session_rollover();
	test_time_rollover();
	HttpTerminate(HTTP_INITIALIZE_SERVER, NULL);
	return tap_exit_status();
}
