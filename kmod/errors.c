// SPDX-License-Identifier: GPL-2.0
/*
 * Responses the kernel sends itself, shaped like http.sys's: a short HTML
 * page naming the status, then the connection is closed.  They are sent
 * best-effort and never wait: they go out from the shared work queue and
 * from an application's close, where a client that does not read must
 * not hold anyone.
 */
#include <linux/slab.h>
#include <linux/time64.h>
#include <linux/timekeeping.h>

#include "core.h"

struct status_text {
	int status;
	const char *reason;
	const char *text;
};

static const struct status_text statuses[] = {
	{ 400, "Bad Request", "The request is badly formed." },
	{ 404, "Not Found", "The requested resource is not found." },
	{ 408, "Request Timeout", "The request did not arrive in time." },
	{ 411, "Length Required",
	  "The request must be chunked or have a content length." },
	{ 413, "Request Entity Too Large", "The request body is too large." },
	{ 414, "Request URL Too Long", "The request URL is too long." },
	{ 501, "Not Implemented", "The server does not support the requested feature." },
	{ 503, "Service Unavailable", "The service is unavailable." },
	{ 505, "HTTP Version Not Supported", "The HTTP version is not supported." },
};

int error_status_for_parse(int parse_error, const char **detail)
{
	switch (parse_error) {
	case HTTP_ERR_BAD_HEADER:
		*detail = "Invalid Header Name";
		return 400;
	case HTTP_ERR_BAD_VERB:
		*detail = "Invalid Verb";
		return 400;
	case HTTP_ERR_BAD_URL:
		*detail = "Invalid URL";
		return 400;
	case HTTP_ERR_NO_HOST:
		*detail = "Invalid Hostname";
		return 400;
	case HTTP_ERR_TOO_MANY_HEADERS:
		*detail = "Request Header Too Long";
		return 400;
	case HTTP_ERR_LENGTH_REQUIRED:
		return 411;
	case HTTP_ERR_NOT_IMPLEMENTED:
		return 501;
	case HTTP_ERR_VERSION:
		return 505;
	}
	*detail = NULL;
	return 400;
}

void format_http_date(char *buf, size_t len)
{
	static const char *const days[] = {
		"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const months[] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;

	time64_to_tm(ktime_get_real_seconds(), 0, &tm);
	scnprintf(buf, len, "Date: %s, %02d %s %ld %02d:%02d:%02d GMT\r\n",
		  days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
		  tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Answer @status on @c without waiting; the caller then closes @c. */
void error_respond(struct httpsys_conn *c, int status, const char *detail)
{
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL };
	const struct status_text *st = &statuses[0];
	char date[64], *page;
	struct kvec vec;
	int body_len, len;
	size_t i;

	if (status == HTTPSYS_STATUS_RESET)
		return;
	for (i = 0; i < ARRAY_SIZE(statuses); i++) {
		if (statuses[i].status == status)
			st = &statuses[i];
	}
	page = kmalloc(1024, GFP_KERNEL);
	if (!page)
		return;
	format_http_date(date, sizeof(date));
	/* The body is printed after the head, whose length depends on it. */
	body_len = scnprintf(page + 512, 512,
			     "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\" \"http://www.w3.org/TR/html4/strict.dtd\">\r\n"
			     "<HTML><HEAD><TITLE>%s</TITLE>\r\n"
			     "<META HTTP-EQUIV=\"Content-Type\" Content=\"text/html; charset=us-ascii\"></HEAD>\r\n"
			     "<BODY><h2>%s%s%s</h2>\r\n"
			     "<hr><p>HTTP Error %d. %s</p>\r\n"
			     "</BODY></HTML>\r\n",
			     st->reason, st->reason, detail ? " - " : "",
			     detail ? detail : "", st->status, st->text);
	len = scnprintf(page, 512,
			"HTTP/1.1 %d %s\r\n"
			"Content-Type: text/html; charset=us-ascii\r\n"
			HTTPSYS_SERVER_LINE
			"%s"
			"Connection: close\r\n"
			"Content-Length: %d\r\n\r\n",
			st->status, st->reason, date, body_len);
	memmove(page + len, page + 512, body_len);
	vec.iov_base = page;
	vec.iov_len = len + body_len;
	/* A sender busy, or no room: the caller's close is the answer. */
	len = 0;
	if (mutex_trylock(&c->tx_lock)) {
		if (!conn_dead(c))
			len = kernel_sendmsg(c->sock, &msg, &vec, 1, vec.iov_len);
		mutex_unlock(&c->tx_lock);
	}
	stats_error(status, len);
	kfree(page);
}
