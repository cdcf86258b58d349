// SPDX-License-Identifier: GPL-2.0
/*
 * The differential check of the request parser: today's against the
 * frozen one (parser_v1.h) on the seed corpus, then on N random requests
 * built from the pieces that steer the parser (known names in any case,
 * framing values, stray CR, LF, colons, controls, DEL and high bytes),
 * each mutated and also tried cut at a random length.  Deterministic for
 * a seed; the time limit only bounds a slow machine.
 *
 *   parser_diff [--mutations N] [--seconds S] [--seed N] CORPUS_DIR...
 */
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "known_headers.h"
#include "parser_compare.h"
#include "parser_v1.h"

#define INPUT_MAX 4096
#define MAX_SEEDS 64

struct input {
	char bytes[INPUT_MAX];
	size_t len;
};

static struct input seeds[MAX_SEEDS];
static int seed_count;
static u64 rng_state;

/* xorshift64*: fast, and the same sequence for a seed everywhere. */
static u64 next_random(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static size_t below(size_t n)
{
	return n ? next_random() % n : 0;
}

static const char *pick(const char *const *list, size_t n)
{
	return list[below(n)];
}

#define PICK(list) pick(list, sizeof(list) / sizeof(list[0]))

static const char *const methods[] = {
	"GET", "POST", "PUT", "HEAD", "OPTIONS", "DELETE", "PATCH", "get",
	"G@T", "", "PROPPATCH", "M-SEARCH",
};
static const char *const targets[] = {
	"/", "/a/b?c=d", "*", "http://h/x", "HTTPS://h:1/", "http://", "x",
	"/%41", "", "/a b",
};
static const char *const versions[] = {
	"HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/1.x", "http/1.1",
	"HTTP/1.10", "HTTP/1",
};
static const char *const odd_names[] = {
	"X-Y", "", "Host ", " Host", "Ho st", "a_b", "!#$%&'*+-.^_`|~09Az",
	"Content_Length", "Hos", "Hosts", "Content-Lengthh", "sec-ch-ua",
	"Upgrade-Insecure-Requests",
};
static const char *const separators[] = { ":", ": ", ":\t", ":  \t ", " :" };
static const char *const values[] = {
	"", "a", "chunked", " chunked ", "gzip, chunked", "chunked, gzip",
	"Chunked", "chunked,", ", ,", "x y", "close", "keep-alive",
	"Keep-Alive, close", "100-continue", "100-Continue", "0", "5", "0005",
	"4611686018427387903", "4611686018427387904", "18446744073709551616",
	"1,2", "-1", "h:80", "[::1]:8080", "\t x \t", "\x7f", "\x80\xff",
	"a\rb", "a\nb", "\x01", "text/html, */*;q=0.8",
};
static const char *const line_ends[] = {
	"\r\n", "\r\n", "\r\n", "\r\n", "\r\n", "\r\n", "\n", "\r", "\r\r\n",
};
static const char specials[] = "\r\n:\t \x7f\x80\xff\x01,;\"/aZ0-_";

static void append(struct input *in, const char *s, size_t n)
{
	if (n > INPUT_MAX - in->len)
		n = INPUT_MAX - in->len;
	memcpy(in->bytes + in->len, s, n);
	in->len += n;
}

static void append_str(struct input *in, const char *s)
{
	append(in, s, strlen(s));
}

/* A known request header name with each letter's case chosen at random. */
static void append_known_name(struct input *in)
{
	const char *name = v1_httpsys_request_header_name(below(HDR_REQUEST_MAX));
	u64 cases = next_random();
	size_t i;

	for (i = 0; name[i] && in->len < INPUT_MAX; i++, cases >>= 1) {
		char c = name[i];

		if (c >= 'A' && c <= 'Z' && (cases & 1))
			c += 'a' - 'A';
		else if (c >= 'a' && c <= 'z' && (cases & 1))
			c -= 'a' - 'A';
		in->bytes[in->len++] = c;
	}
}

static void build_request(struct input *in)
{
	int fields = below(10), i;

	in->len = 0;
	append_str(in, PICK(methods));
	append_str(in, below(8) ? " " : "  ");
	append_str(in, PICK(targets));
	append_str(in, " ");
	append_str(in, PICK(versions));
	append_str(in, PICK(line_ends));
	for (i = 0; i < fields; i++) {
		if (below(4))
			append_known_name(in);
		else
			append_str(in, PICK(odd_names));
		append_str(in, PICK(separators));
		append_str(in, PICK(values));
		append_str(in, PICK(line_ends));
	}
	append_str(in, PICK(line_ends));
	if (below(2))
		append_str(in, "abc");
}

/* A few byte edits: overwrite, insert, delete, or repeat a stretch. */
static void mutate(struct input *in)
{
	int edits = below(4), i;
	size_t at, n;

	for (i = 0; i < edits && in->len; i++) {
		at = below(in->len);
		switch (below(4)) {
		case 0:
			in->bytes[at] = below(2) ? specials[below(sizeof(specials) - 1)] :
				(char)next_random();
			break;
		case 1:
			if (in->len == INPUT_MAX)
				break;
			memmove(in->bytes + at + 1, in->bytes + at, in->len - at);
			in->bytes[at] = specials[below(sizeof(specials) - 1)];
			in->len++;
			break;
		case 2:
			memmove(in->bytes + at, in->bytes + at + 1, in->len - at - 1);
			in->len--;
			break;
		default:
			n = below(in->len - at) + 1;
			if (n > INPUT_MAX - in->len)
				break;
			memmove(in->bytes + at + n, in->bytes + at, in->len - at);
			in->len += n;
			break;
		}
	}
}

static void load_corpus(const char *dir)
{
	char path[4096];
	struct dirent *e;
	DIR *d = opendir(dir);
	FILE *f;

	if (!d) {
		perror(dir);
		exit(2);
	}
	while ((e = readdir(d)) && seed_count < MAX_SEEDS) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		f = fopen(path, "rb");
		if (!f)
			continue;
		seeds[seed_count].len = fread(seeds[seed_count].bytes, 1,
					      INPUT_MAX, f);
		fclose(f);
		seed_count++;
	}
	closedir(d);
}

/* The input that differed, escaped, so it can be turned into a test. */
static void print_input(const struct input *in)
{
	size_t i;

	printf("# input (%zu bytes): \"", in->len);
	for (i = 0; i < in->len; i++) {
		unsigned char c = in->bytes[i];

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
			putchar(c);
		else
			printf("\\x%02x", c);
	}
	printf("\"\n");
}

/* Whether the request parser takes @in: how deep the inputs reach. */
static bool accepts(const struct input *in)
{
	static struct http_field fields[128];
	struct http_request_head req;

	return http_parse_request(in->bytes, in->len, &req, fields, 128) > 0;
}

/*
 * Lines at the 64 KiB limits of a name and a value (the mutated inputs
 * stay far shorter): GET, then a name or a value of 0xffff or 0x10000
 * bytes, with and without the line's CRLF and the head's end.
 */
static bool agree_on_long_lines(char *why, size_t size)
{
	static const char start[] = "GET / HTTP/1.0\r\n";
	size_t n, cut, at, long_len, total;
	int long_value;
	bool ok = true;
	char *buf;

	for (long_len = 0xffff; long_len <= 0x10000; long_len++) {
		for (long_value = 0; long_value <= 1; long_value++) {
			buf = malloc(long_len + 64);
			at = sizeof(start) - 1;
			memcpy(buf, start, at);
			if (long_value) {
				memcpy(buf + at, "X: ", 3);
				at += 3;
			}
			memset(buf + at, long_value ? 'v' : 'n', long_len);
			at += long_len;
			n = long_value ? 0 : 3;
			memcpy(buf + at, ": v", n);
			at += n;
			memcpy(buf + at, "\r\n\r\n", 4);
			total = at + 4;
			for (cut = at; cut <= total && ok; cut++)
				ok = parser_compare(buf, cut, why, size);
			free(buf);
			if (!ok)
				return false;
		}
	}
	return true;
}

/* Both parsers on @in whole and on @in cut at @cut bytes. */
static bool agree(const struct input *in, size_t cut, char *why, size_t size)
{
	return parser_compare(in->bytes, in->len, why, size) &&
	       parser_compare(in->bytes, cut, why, size);
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "mutations", required_argument, NULL, 'm' },
		{ "seconds", required_argument, NULL, 's' },
		{ "seed", required_argument, NULL, 'r' },
		{ 0 }
	};
	long mutations = 1000000, seconds = 25, done = 0, accepted = 0;
	u64 seed = 1;
	struct input in;
	time_t deadline;
	char why[256];
	int opt, i;

	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case 'm':
			mutations = strtol(optarg, NULL, 10);
			break;
		case 's':
			seconds = strtol(optarg, NULL, 10);
			break;
		case 'r':
			seed = strtoull(optarg, NULL, 10);
			break;
		default:
			fprintf(stderr, "usage: parser_diff [--mutations N] "
				"[--seconds S] [--seed N] CORPUS_DIR...\n");
			return 2;
		}
	}
	for (i = optind; i < argc; i++)
		load_corpus(argv[i]);
	rng_state = seed * 0x9e3779b97f4a7c15ULL + 1;

	if (!parser_compare_classes(why, sizeof(why))) {
		printf("not ok - parser differential: %s\n", why);
		return 1;
	}
	if (!agree_on_long_lines(why, sizeof(why))) {
		printf("not ok - parser differential: long lines: %s\n", why);
		return 1;
	}
	for (i = 0; i < seed_count; i++) {
		if (!agree(&seeds[i], below(seeds[i].len + 1), why, sizeof(why))) {
			printf("not ok - parser differential: corpus input %d: %s\n",
			       i, why);
			print_input(&seeds[i]);
			return 1;
		}
	}
	deadline = time(NULL) + seconds;
	for (done = 0; done < mutations; done++) {
		if (seed_count && below(2))
			in = seeds[below(seed_count)];
		else
			build_request(&in);
		mutate(&in);
		accepted += accepts(&in);
		if (!agree(&in, below(in.len + 1), why, sizeof(why))) {
			printf("not ok - parser differential: mutation %ld (seed %llu): %s\n",
			       done, (unsigned long long)seed, why);
			print_input(&in);
			return 1;
		}
		if ((done & 0xfff) == 0 && time(NULL) > deadline)
			break;
	}
	printf("ok - parser differential: all 256 byte classes, 64 KiB lines, %d "
	       "corpus inputs and %ld mutated requests (%ld of them accepted; seed %llu; each "
	       "also cut short) agree with the frozen parser%s\n", seed_count,
	       done, accepted, (unsigned long long)seed,
	       done < mutations ? " (stopped at the time limit)" : "");
	return 0;
}
