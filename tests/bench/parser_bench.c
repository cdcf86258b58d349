// SPDX-License-Identifier: GPL-2.0
/*
 * Parser micro-benchmark: parses one request N times with our request
 * parser (kmod/proto, as the module runs it) or with libhttp-parser, with
 * callgrind's collection on around the loop only, so tests/bench/parser.sh
 * can divide the instructions counted by N.  Prints what the parse found
 * (method, target, field count) so the two parsers can be compared.
 *
 *   parser_bench --parser ours|http_parser --input small|browser --iterations N
 */
#include <getopt.h>
#include <http_parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <valgrind/callgrind.h>

#include "http_parse.h"
#include "parser_inputs.h"

/* The module's default max_header_count. */
#define MAX_FIELDS 128

/*
 * What one parse found: the method as our parser saw it, or
 * libhttp-parser's method number (named after the loop), and offsets.
 */
struct parse_result {
	const char *method;
	size_t method_len;
	enum http_method http_parser_method;
	size_t target_off, target_len;
	unsigned int field_count;
};

/* Our parser: request line, fields, known-header ids and the framing checks. */
static int parse_ours(const char *buf, size_t len, struct parse_result *out)
{
	static struct http_field fields[MAX_FIELDS];
	struct http_request_head head;

	if (http_parse_request(buf, len, &head, fields, MAX_FIELDS) != (int)len)
		return -1;
	*out = (struct parse_result){
		.method = buf, .method_len = head.method_len,
		.target_off = head.target_off, .target_len = head.target_len,
		.field_count = head.field_count,
	};
	return 0;
}

/* What a server keeps from libhttp-parser's callbacks: the same offsets. */
struct capture {
	const char *buf;
	size_t target_off, target_len;
	struct http_field fields[MAX_FIELDS];
	unsigned int field_count;
	bool in_value;
	bool complete;
};

static int on_url(http_parser *p, const char *at, size_t len)
{
	struct capture *c = p->data;

	if (c->target_len == 0)
		c->target_off = at - c->buf;
	c->target_len += len;
	return 0;
}

/* A field name may arrive in pieces; a new one starts after a value. */
static int on_header_field(http_parser *p, const char *at, size_t len)
{
	struct capture *c = p->data;
	struct http_field *f;

	if (c->field_count == 0 || c->in_value) {
		if (c->field_count == MAX_FIELDS)
			return -1;
		f = &c->fields[c->field_count++];
		f->name_off = at - c->buf;
		f->name_len = 0;
		f->value_len = 0;
		c->in_value = false;
	}
	c->fields[c->field_count - 1].name_len += len;
	return 0;
}

static int on_header_value(http_parser *p, const char *at, size_t len)
{
	struct capture *c = p->data;
	struct http_field *f = &c->fields[c->field_count - 1];

	if (!c->in_value)
		f->value_off = at - c->buf;
	f->value_len += len;
	c->in_value = true;
	return 0;
}

static int on_headers_complete(http_parser *p)
{
	(void)p;
	return 0;
}

static int on_message_complete(http_parser *p)
{
	struct capture *c = p->data;

	c->complete = true;
	return 0;
}

static const http_parser_settings callbacks = {
	.on_url = on_url,
	.on_header_field = on_header_field,
	.on_header_value = on_header_value,
	.on_headers_complete = on_headers_complete,
	.on_message_complete = on_message_complete,
};

static int parse_http_parser(const char *buf, size_t len,
			     struct parse_result *out)
{
	static struct capture c;
	http_parser p;

	c.buf = buf;
	c.target_len = 0;
	c.field_count = 0;
	c.in_value = false;
	c.complete = false;
	http_parser_init(&p, HTTP_REQUEST);
	p.data = &c;
	if (http_parser_execute(&p, &callbacks, buf, len) != len ||
	    HTTP_PARSER_ERRNO(&p) != HPE_OK || !c.complete)
		return -1;
	*out = (struct parse_result){
		.http_parser_method = p.method,
		.target_off = c.target_off, .target_len = c.target_len,
		.field_count = c.field_count,
	};
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: parser_bench --parser ours|http_parser "
		"--input small|browser --iterations N\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "parser", required_argument, NULL, 'p' },
		{ "input", required_argument, NULL, 'i' },
		{ "iterations", required_argument, NULL, 'n' },
		{ 0 }
	};
	int (*parse)(const char *, size_t, struct parse_result *) = NULL;
	const char *buf = NULL, *parser_name = "", *input_name = "";
	struct parse_result r;
	long iterations = 0, i;
	int opt, failures = 0;
	size_t len = 0;

	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case 'p':
			parser_name = optarg;
			if (!strcmp(optarg, "ours"))
				parse = parse_ours;
			else if (!strcmp(optarg, "http_parser"))
				parse = parse_http_parser;
			break;
		case 'i':
			input_name = optarg;
			if (!strcmp(optarg, "small")) {
				buf = small_request;
				len = sizeof(small_request) - 1;
			} else if (!strcmp(optarg, "browser")) {
				buf = browser_request;
				len = sizeof(browser_request) - 1;
			}
			break;
		case 'n':
			iterations = strtol(optarg, NULL, 10);
			break;
		default:
			usage();
		}
	}
	if (!parse || !buf || iterations <= 0 || optind != argc)
		usage();

	/* Once outside the count: checks the result, binds lazy symbols. */
	if (parse(buf, len, &r)) {
		fprintf(stderr, "%s refused the %s request\n", parser_name, input_name);
		return 1;
	}
	CALLGRIND_TOGGLE_COLLECT;
	for (i = 0; i < iterations; i++)
		failures += parse(buf, len, &r) != 0;
	CALLGRIND_TOGGLE_COLLECT;
	if (failures) {
		fprintf(stderr, "%s refused the %s request %d times\n",
			parser_name, input_name, failures);
		return 1;
	}
	if (!r.method) {
		r.method = http_method_str(r.http_parser_method);
		r.method_len = strlen(r.method);
	}
	printf("parser=%s input=%s bytes=%zu method=%.*s target=%.*s fields=%u\n",
	       parser_name, input_name, len, (int)r.method_len, r.method,
	       (int)r.target_len, buf + r.target_off, r.field_count);
	return 0;
}
