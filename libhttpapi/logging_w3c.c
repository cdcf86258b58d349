// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The W3C extended log format as http.sys writes it: directives, one line
 * per request with the fields the application chose, and the files'
 * names.  What is followed, and where the documentation is silent and a
 * choice was made, is in docs/LOGGING.md.
 */
#include <stdio.h>
#include <string.h>

#include "logging.h"

#define DEFAULT_SOFTWARE	"Microsoft-HTTPAPI/2.0"

/* The fields in the order IIS 7 and later (whose logs http.sys writes) use. */
static const struct {
	uint32_t field;
	const char *name;
} w3c_fields[] = {
	{ HTTP_LOG_FIELD_DATE, "date" },
	{ HTTP_LOG_FIELD_TIME, "time" },
	{ HTTP_LOG_FIELD_SITE_NAME, "s-sitename" },
	{ HTTP_LOG_FIELD_COMPUTER_NAME, "s-computername" },
	{ HTTP_LOG_FIELD_SERVER_IP, "s-ip" },
	{ HTTP_LOG_FIELD_METHOD, "cs-method" },
	{ HTTP_LOG_FIELD_URI_STEM, "cs-uri-stem" },
	{ HTTP_LOG_FIELD_URI_QUERY, "cs-uri-query" },
	{ HTTP_LOG_FIELD_SERVER_PORT, "s-port" },
	{ HTTP_LOG_FIELD_USER_NAME, "cs-username" },
	{ HTTP_LOG_FIELD_CLIENT_IP, "c-ip" },
	{ HTTP_LOG_FIELD_VERSION, "cs-version" },
	{ HTTP_LOG_FIELD_USER_AGENT, "cs(User-Agent)" },
	{ HTTP_LOG_FIELD_COOKIE, "cs(Cookie)" },
	{ HTTP_LOG_FIELD_REFERER, "cs(Referer)" },
	{ HTTP_LOG_FIELD_HOST, "cs-host" },
	{ HTTP_LOG_FIELD_STATUS, "sc-status" },
	{ HTTP_LOG_FIELD_SUB_STATUS, "sc-substatus" },
	{ HTTP_LOG_FIELD_WIN32_STATUS, "sc-win32-status" },
	{ HTTP_LOG_FIELD_BYTES_SENT, "sc-bytes" },
	{ HTTP_LOG_FIELD_BYTES_RECV, "cs-bytes" },
	{ HTTP_LOG_FIELD_TIME_TAKEN, "time-taken" },
};

#define FIELD_COUNT	(sizeof(w3c_fields) / sizeof(w3c_fields[0]))

/* Where a field's string is in a record; -1: not a string field. */
static int field_string(uint32_t field)
{
	switch (field) {
	case HTTP_LOG_FIELD_SITE_NAME: return HTTPSYS_LOG_SERVICE_NAME;
	case HTTP_LOG_FIELD_COMPUTER_NAME: return HTTPSYS_LOG_SERVER_NAME;
	case HTTP_LOG_FIELD_SERVER_IP: return HTTPSYS_LOG_SERVER_IP;
	case HTTP_LOG_FIELD_METHOD: return HTTPSYS_LOG_METHOD;
	case HTTP_LOG_FIELD_URI_STEM: return HTTPSYS_LOG_URI_STEM;
	case HTTP_LOG_FIELD_URI_QUERY: return HTTPSYS_LOG_URI_QUERY;
	case HTTP_LOG_FIELD_USER_NAME: return HTTPSYS_LOG_USER_NAME;
	case HTTP_LOG_FIELD_CLIENT_IP: return HTTPSYS_LOG_CLIENT_IP;
	case HTTP_LOG_FIELD_USER_AGENT: return HTTPSYS_LOG_USER_AGENT;
	case HTTP_LOG_FIELD_COOKIE: return HTTPSYS_LOG_COOKIE;
	case HTTP_LOG_FIELD_REFERER: return HTTPSYS_LOG_REFERRER;
	case HTTP_LOG_FIELD_HOST: return HTTPSYS_LOG_HOST;
	}
	return -1;
}

static struct tm utc(time_t t)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	return tm;
}

/* The time a rollover goes by: UTC, or local with LOCAL_TIME_ROLLOVER. */
static struct tm rollover_time(const struct w3c_config *c, time_t t)
{
	struct tm tm;

	if (c->flags & HTTP_LOGGING_FLAG_LOCAL_TIME_ROLLOVER)
		localtime_r(&t, &tm);
	else
		gmtime_r(&t, &tm);
	return tm;
}

/* Weeks of the month begin on Sunday; the first is the one with the 1st. */
static int week_of_month(const struct tm *tm)
{
	int first = ((tm->tm_wday - (tm->tm_mday - 1)) % 7 + 7) % 7;

	return (tm->tm_mday - 1 + first) / 7 + 1;
}

size_t w3c_header(const struct w3c_config *c, time_t now, char *out,
		  size_t size)
{
	struct tm tm = utc(now);
	size_t i, n;

	n = snprintf(out, size,
		     "#Software: %s\r\n#Version: 1.0\r\n"
		     "#Date: %04d-%02d-%02d %02d:%02d:%02d\r\n#Fields:",
		     c->software[0] ? c->software : DEFAULT_SOFTWARE,
		     tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		     tm.tm_min, tm.tm_sec);
	for (i = 0; i < FIELD_COUNT && n < size; i++) {
		if (c->fields & w3c_fields[i].field)
			n += snprintf(out + n, size - n, " %s",
				      w3c_fields[i].name);
	}
	if (n < size)
		n += snprintf(out + n, size - n, "\r\n");
	return n < size ? n : 0;
}

/* Bytes of the well-formed UTF-8 sequence at @s, or 0. */
static size_t utf8_sequence(const unsigned char *s, size_t left)
{
	size_t len, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (left < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return len;
}

/*
 * A string field: "-" when empty; a space (or any control byte, which
 * would end the line) becomes '+', as http.sys writes spaces; a byte
 * that is not UTF-8 becomes '?'.
 */
static size_t put_string(char *out, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n = 0, seq;

	if (!len) {
		out[0] = '-';
		return 1;
	}
	while (i < len) {
		if (u[i] <= ' ' || u[i] == 0x7f) {
			out[n++] = '+';
			i++;
			continue;
		}
		seq = utf8_sequence(u + i, len - i);
		if (!seq) {
			out[n++] = '?';
			i++;
			continue;
		}
		memcpy(out + n, u + i, seq);
		n += seq;
		i += seq;
	}
	return n;
}

/* Errors are 4xx and 5xx responses and responses cut short. */
static int record_wanted(const struct w3c_config *c,
			 const struct httpsys_log_record *r)
{
	int error = r->data.status >= 400 || r->data.win32_status;

	if (c->flags & HTTP_LOGGING_FLAG_LOG_ERRORS_ONLY)
		return error;
	if (c->flags & HTTP_LOGGING_FLAG_LOG_SUCCESS_ONLY)
		return !error;
	return 1;
}

static size_t put_number(char *out, uint64_t v)
{
	return sprintf(out, "%llu", (unsigned long long)v);
}

/* The value of @field, not a string one, into @out. */
static size_t put_fixed(const struct httpsys_log_record *r, uint32_t field,
			char *out)
{
	struct tm tm = utc((time_t)(r->time / 1000000000ULL));

	switch (field) {
	case HTTP_LOG_FIELD_DATE:
		return sprintf(out, "%04d-%02d-%02d", tm.tm_year + 1900,
			       tm.tm_mon + 1, tm.tm_mday);
	case HTTP_LOG_FIELD_TIME:
		return sprintf(out, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min,
			       tm.tm_sec);
	case HTTP_LOG_FIELD_SERVER_PORT:
		return put_number(out, r->data.server_port);
	case HTTP_LOG_FIELD_VERSION:
		return sprintf(out, "HTTP/%u.%u", r->version_major,
			       r->version_minor);
	case HTTP_LOG_FIELD_STATUS:
		return put_number(out, r->data.status);
	case HTTP_LOG_FIELD_SUB_STATUS:
		return put_number(out, r->data.sub_status);
	case HTTP_LOG_FIELD_WIN32_STATUS:
		return put_number(out, r->data.win32_status);
	case HTTP_LOG_FIELD_BYTES_SENT:
		return put_number(out, r->bytes_sent);
	case HTTP_LOG_FIELD_BYTES_RECV:
		return put_number(out, r->bytes_received);
	}
	return put_number(out, r->time_taken);	/* TIME_TAKEN */
}

size_t w3c_line(const struct w3c_config *c, const struct httpsys_log_record *r,
		char *out)
{
	const char *strings[HTTPSYS_LOG_STRINGS];
	const char *p = (const char *)(r + 1);
	size_t i, n = 0;
	int s;

	if (!record_wanted(c, r))
		return 0;
	for (i = 0; i < HTTPSYS_LOG_STRINGS; i++) {
		strings[i] = p;
		p += r->data.string_len[i];
	}
	for (i = 0; i < FIELD_COUNT; i++) {
		uint32_t field = w3c_fields[i].field;

		if (!(c->fields & field))
			continue;
		if (n)
			out[n++] = ' ';
		s = field_string(field);
		/* A cached response's server name: the kernel does not know it. */
		if (s == HTTPSYS_LOG_SERVER_NAME &&
		    (r->flags & HTTPSYS_LOG_FROM_CACHE))
			n += put_string(out + n, c->computer,
					strlen(c->computer));
		else if (s >= 0)
			n += put_string(out + n, strings[s],
					r->data.string_len[s]);
		else
			n += put_fixed(r, field, out + n);
	}
	out[n++] = '\r';
	out[n++] = '\n';
	return n;
}

void w3c_file_name(const struct w3c_config *c, time_t t, unsigned int seq,
		   char *out)
{
	const char *prefix = (c->flags & HTTP_LOGGING_FLAG_USE_UTF8_CONVERSION) ?
			     "u_" : "";
	struct tm tm = rollover_time(c, t);
	int yy = tm.tm_year % 100, mm = tm.tm_mon + 1;

	switch (c->rollover) {
	case HttpLoggingRolloverHourly:
		snprintf(out, W3C_MAX_NAME, "%sex%02d%02d%02d%02d.log", prefix,
			 yy, mm, tm.tm_mday, tm.tm_hour);
		break;
	case HttpLoggingRolloverDaily:
		snprintf(out, W3C_MAX_NAME, "%sex%02d%02d%02d.log", prefix, yy,
			 mm, tm.tm_mday);
		break;
	case HttpLoggingRolloverWeekly:
		snprintf(out, W3C_MAX_NAME, "%sex%02d%02d%02d.log", prefix, yy,
			 mm, week_of_month(&tm));
		break;
	case HttpLoggingRolloverMonthly:
		snprintf(out, W3C_MAX_NAME, "%sex%02d%02d.log", prefix, yy, mm);
		break;
	default:
		snprintf(out, W3C_MAX_NAME, "%sextend%u.log", prefix, seq);
		break;
	}
}

long w3c_period(const struct w3c_config *c, time_t t)
{
	struct tm tm = rollover_time(c, t);
	long month = (tm.tm_year + 1900L) * 100 + tm.tm_mon + 1;

	switch (c->rollover) {
	case HttpLoggingRolloverHourly:
		return (month * 100 + tm.tm_mday) * 100 + tm.tm_hour;
	case HttpLoggingRolloverDaily:
		return month * 100 + tm.tm_mday;
	case HttpLoggingRolloverWeekly:
		return month * 100 + week_of_month(&tm);
	case HttpLoggingRolloverMonthly:
		return month;
	default:
		return 0;
	}
}
