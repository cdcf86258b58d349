/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The application side of the integration tests (app.c).  One request
 * buffer is shared: each receive() overwrites what the last one returned.
 */
#ifndef HTTPSYS_TEST_APP_H
#define HTTPSYS_TEST_APP_H

#include <sys/types.h>
#include <http.h>

/* Upper bounds only: the debug kernel under emulation is slow. */
#define WAIT_MS		30000
#define BUF_SIZE	(64 * 1024)

extern UCHAR request_buffer[BUF_SIZE];
extern PHTTP_REQUEST req;		/* what the last receive() returned */
extern char out[BUF_SIZE];		/* scratch for client output */
extern HTTP_REQUEST_ID seen_ids[64];	/* every request ID received */
extern int seen_count;

/* True when a request is waiting on @h within @ms. */
int readable(HANDLE h, int ms);

/* Receive the next request on @h (waiting up to WAIT_MS); NULL if none. */
PHTTP_REQUEST receive(HANDLE h, ULONG flags);

/* Answer with @status, @reason, Content-Type text/plain and @body. */
ULONG respond(HANDLE h, HTTP_REQUEST_ID id, USHORT status,
	      const char *reason, const char *body, ULONG flags);

/* @s (@bytes long) is the wide string @expect. */
int wide_is(PCWSTR s, USHORT bytes, const wchar_t *expect);

/* Known header @id of @r is exactly @expect. */
int known_is(PHTTP_REQUEST r, HTTP_HEADER_ID id, const char *expect);

/* Send @request on a new connection; returns the socket, or -1. */
int raw_request(int port, const char *request);

/*
 * Wait for answers on @fds (at most 1001) and count the 503s; *@first is
 * the index of the first connection answered.  Stops half a second after
 * the first answer.
 */
int count_503s(const int *fds, int n, int *first);

/*
 * GET @path with Host @host on a new connection to @port.  When the request
 * reaches @h, its UrlContext goes to *@context (else ~0) and it is answered
 * 200 "served".  Returns the status the client got (the kernel's own when
 * the request never reached @h), or -1 for none.
 */
int exchange(HANDLE h, int port, const char *host, const char *path,
	     HTTP_URL_CONTEXT *context);

/*
 * Child processes: this program run again as "@name @mode 3 @arg", with
 * @report_fd, the write end of a pipe, as its fd 3 and nothing else of
 * ours open (the parent's queues must close when it says so).  Children
 * report lines; the parent makes the assertions.
 */
pid_t spawn(int report_fd, const char *name, const char *mode, const char *arg);

/* Kill @pid (none when 0) with @sig and wait for it. */
void reap(pid_t pid, int sig);

/* Child side: one line to the parent (atomic: shorter than PIPE_BUF). */
__attribute__((format(printf, 2, 3)))
void report(int fd, const char *fmt, ...);

/* Parent side: the next line on @fd starting with @prefix, within @ms. */
int report_expect(int fd, const char *prefix, char *line, size_t size, int ms);

/*
 * tools/httpcfg with @fmt's arguments, run from the repository root: its
 * output (stdout and stderr) in out, its exit status.
 */
__attribute__((format(printf, 1, 2)))
int httpcfg(const char *fmt, ...);

/*
 * The module parameter @name (/sys/module/httpsys/parameters/): read, -1
 * when it cannot be; written, 0 or the errno of the refusal.
 */
long get_param(const char *name);
int set_param(const char *name, const char *value);

/* Seconds on the monotonic clock, for timing what the server does. */
double now(void);

/* HttpInitialize, a queue with @prefix; NULL (reported) on failure. */
HANDLE app_start(PCWSTR prefix);

/* Close @h and HttpTerminate. */
void app_finish(HANDLE h);

/* Set a QoS limit of @type on session @s (@g 0) or group @g. */
ULONG qos_set(HTTP_SERVER_SESSION_ID s, HTTP_URL_GROUP_ID g,
	      HTTP_QOS_SETTING_TYPE type, ULONG limit);

/*
 * Register @url for *@h: on a new v1 queue, or (@v2) in a URL group of a
 * new session bound to a new v2 queue.  The first error, or NO_ERROR.
 */
ULONG register_url(int v2, PCWSTR url, HANDLE *h);

#endif /* HTTPSYS_TEST_APP_H */
