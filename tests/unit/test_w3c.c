// SPDX-License-Identifier: GPL-2.0
/*
 * The W3C log's formatting (libhttpapi/logging_w3c.c) and the send's log
 * data in the kernel's form (logging_data.c): exact lines, directives
 * and file names for known records and times.
 */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "logging.h"
#include "tap.h"

#define T0	1796573109LL	/* 2026-12-06 16:05:09 UTC, a Sunday */

static char record_buf[HTTPSYS_LOG_MAX_RECORD + 8];

/* A record of time T0 with @strings (NULL for none) in HTTPSYS_LOG_* order. */
static struct httpsys_log_record *record(const char *const *strings)
{
	struct httpsys_log_record *r = (void *)record_buf;
	char *p = (char *)(r + 1);
	int i;

	memset(record_buf, 0, sizeof(record_buf));
	r->version_major = 1;
	r->version_minor = 1;
	r->time = T0 * 1000000000ULL + 123456789;
	r->time_taken = 15;
	r->bytes_sent = 180;
	r->bytes_received = 95;
	r->data.status = 200;
	r->data.server_port = 8080;
	for (i = 0; i < HTTPSYS_LOG_STRINGS; i++) {
		size_t n = strings[i] ? strlen(strings[i]) : 0;

		memcpy(p, strings[i] ? strings[i] : "", n);
		r->data.string_len[i] = n;
		p += n;
	}
	r->size = (p - record_buf + 7) & ~7;
	return r;
}

static const char *const app_strings[HTTPSYS_LOG_STRINGS] = {
	[HTTPSYS_LOG_URI_STEM] = "/app/page one",
	[HTTPSYS_LOG_CLIENT_IP] = "127.0.0.1",
	[HTTPSYS_LOG_SERVER_IP] = "127.0.0.1",
	[HTTPSYS_LOG_METHOD] = "GET",
	[HTTPSYS_LOG_URI_QUERY] = "a=1&b=2",
	[HTTPSYS_LOG_HOST] = "localhost:8080",
	[HTTPSYS_LOG_USER_AGENT] = "curl/8 (x\tlinux)",
	[HTTPSYS_LOG_COOKIE] = "id=\xff\xfe; \xc3\xa9t\xc3\xa9",
};

static void test_header(void)
{
	struct w3c_config c = { .fields = ~0U };
	char out[W3C_MAX_HEADER];
	size_t n;

	n = w3c_header(&c, T0, out, sizeof(out));
	CHECK(n == strlen(out) && !strcmp(out,
		"#Software: Microsoft-HTTPAPI/2.0\r\n#Version: 1.0\r\n"
		"#Date: 2026-12-06 16:05:09\r\n"
		"#Fields: date time s-sitename s-computername s-ip cs-method "
		"cs-uri-stem cs-uri-query s-port cs-username c-ip cs-version "
		"cs(User-Agent) cs(Cookie) cs(Referer) cs-host sc-status "
		"sc-substatus sc-win32-status sc-bytes cs-bytes time-taken\r\n"),
	      "header: every field, in IIS's order, the default #Software");
	c.fields = HTTP_LOG_FIELD_TIME | HTTP_LOG_FIELD_DATE |
		   HTTP_LOG_FIELD_FAULT_CODE;
	strcpy(c.software, "My Server 1.0");
	w3c_header(&c, T0, out, sizeof(out));
	CHECK(!strcmp(out, "#Software: My Server 1.0\r\n#Version: 1.0\r\n"
		      "#Date: 2026-12-06 16:05:09\r\n#Fields: date time\r\n"),
	      "header: the application's #Software; error-log fields left out");
	CHECK(w3c_header(&c, T0, out, 40) == 0, "header: too small a buffer: 0");
}

static void test_lines(void)
{
	struct w3c_config c = { .fields = ~0U };
	struct httpsys_log_record *r = record(app_strings);
	char line[W3C_MAX_LINE];
	size_t n;

	strcpy(c.computer, "builder");
	n = w3c_line(&c, r, line);
	line[n] = '\0';
	CHECK(!strcmp(line, "2026-12-06 16:05:09 - - 127.0.0.1 GET "
		      "/app/page+one a=1&b=2 8080 - 127.0.0.1 HTTP/1.1 "
		      "curl/8+(x+linux) id=??;+\xc3\xa9t\xc3\xa9 - "
		      "localhost:8080 200 0 0 180 95 15\r\n"),
	      "line: the application's values; '+' for spaces, '?' for "
	      "bytes that are not UTF-8, '-' for empty ones");

	c.fields = HTTP_LOG_FIELD_COMPUTER_NAME | HTTP_LOG_FIELD_STATUS;
	r->flags = HTTPSYS_LOG_FROM_CACHE;
	n = w3c_line(&c, r, line);
	line[n] = '\0';
	CHECK(!strcmp(line, "builder 200\r\n"),
	      "line: a cached response's s-computername is this machine's");

	r->flags = 0;
	c.flags = HTTP_LOGGING_FLAG_LOG_ERRORS_ONLY;
	CHECK(w3c_line(&c, r, line) == 0, "errors only: a 200 is left out");
	r->data.status = 404;
	CHECK(w3c_line(&c, r, line) > 0, "errors only: a 404 is logged");
	c.flags = HTTP_LOGGING_FLAG_LOG_SUCCESS_ONLY;
	CHECK(w3c_line(&c, r, line) == 0, "success only: a 404 is left out");
	r->data.status = 200;
	r->data.win32_status = 64;
	CHECK(w3c_line(&c, r, line) == 0,
	      "success only: a response cut short is left out");
}

static void name_is(const struct w3c_config *c, time_t t, unsigned int seq,
		    const char *want)
{
	char name[W3C_MAX_NAME];

	w3c_file_name(c, t, seq, name);
	CHECK(!strcmp(name, want), "file name %s (got %s)", want, name);
}

static void test_names(void)
{
	struct w3c_config c = { .rollover = HttpLoggingRolloverSize };

	name_is(&c, T0, 1, "extend1.log");
	name_is(&c, T0, 12, "extend12.log");
	c.rollover = HttpLoggingRolloverHourly;
	name_is(&c, T0, 0, "ex26120616.log");
	c.rollover = HttpLoggingRolloverDaily;
	name_is(&c, T0, 0, "ex261206.log");
	c.rollover = HttpLoggingRolloverWeekly;
	name_is(&c, T0, 0, "ex261202.log");
	name_is(&c, T0 - 86400, 0, "ex261201.log");
	c.rollover = HttpLoggingRolloverMonthly;
	name_is(&c, T0, 0, "ex2612.log");
	c.flags = HTTP_LOGGING_FLAG_USE_UTF8_CONVERSION;
	name_is(&c, T0, 0, "u_ex2612.log");

	c.rollover = HttpLoggingRolloverHourly;
	CHECK(w3c_period(&c, 1796576399) != w3c_period(&c, 1796576400) &&
	      w3c_period(&c, T0) == w3c_period(&c, 1796576399),
	      "hourly: the period changes at 17:00:00 UTC, not before");
	c.rollover = HttpLoggingRolloverDaily;
	CHECK(w3c_period(&c, T0) == w3c_period(&c, 1796576400),
	      "daily: same period within the day");
}

static void test_log_data(void)
{
	static WCHAR user[] = L"DOM\\\u00e9ric";
	static WCHAR stem[] = L"/x y";
	static char agent[600];
	HTTP_LOG_FIELDS_DATA f = {
		.Base.Type = HttpLogDataTypeFields,
		.UserName = user, .UserNameLength = 8 * sizeof(WCHAR),
		.UriStem = stem, .UriStemLength = 4 * sizeof(WCHAR),
		.Method = "POST", .MethodLength = 4,
		.UserAgent = agent, .UserAgentLength = sizeof(agent),
		.ServerPort = 80, .ProtocolStatus = 201, .Win32Status = 5,
		.SubStatus = 3,
	};
	size_t size = lib_log_data_size(&f.Base);
	struct httpsys_log_data *k = malloc(size);
	const char *s;
	__u32 len = 0;

	memset(agent, 'a', sizeof(agent));
	CHECK(lib_log_data_size(NULL) == 0, "no log data: no room");
	CHECK(!lib_log_data_build(&f.Base, k, size, &len),
	      "log data: built");
	s = (const char *)(k + 1);
	CHECK(k->string_len[HTTPSYS_LOG_USER_NAME] == 9 &&
	      !memcmp(s, "DOM\\\xc3\xa9ric", 9),
	      "log data: the user name in UTF-8");
	s += 9;
	CHECK(k->string_len[HTTPSYS_LOG_URI_STEM] == 4 && !memcmp(s, "/x y", 4),
	      "log data: the stem");
	CHECK(k->string_len[HTTPSYS_LOG_METHOD] == 4 &&
	      k->string_len[HTTPSYS_LOG_USER_AGENT] == HTTPSYS_LOG_MAX_STRING &&
	      k->string_len[HTTPSYS_LOG_COOKIE] == 0,
	      "log data: a long user agent cut at %d bytes",
	      HTTPSYS_LOG_MAX_STRING);
	CHECK(len == sizeof(*k) + 9 + 4 + 4 + HTTPSYS_LOG_MAX_STRING,
	      "log data: its length adds up (%u)", len);
	CHECK(k->server_port == 80 && k->status == 201 &&
	      k->win32_status == 5 && k->sub_status == 3 && !k->reserved,
	      "log data: the numbers");
	f.CookieLength = 3;
	CHECK(lib_log_data_build(&f.Base, k, size, &len) ==
	      ERROR_INVALID_PARAMETER, "log data: a length without a string");
	f.CookieLength = 0;
	f.Base.Type = 1;
	CHECK(lib_log_data_build(&f.Base, k, size, &len) ==
	      ERROR_INVALID_PARAMETER, "log data: an unknown type");
	free(k);
}

int main(void)
{
	test_header();
	test_lines();
	test_names();
	test_log_data();
	return tap_exit_status();
}
