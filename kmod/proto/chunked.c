// SPDX-License-Identifier: GPL-2.0
/*
 * Chunked transfer coding, decoded byte by byte for the framing and in bulk
 * for the data, so a chunk-size line or trailer split across reads needs no
 * buffering.  Strict: a bare CR or LF, whitespace before a size line's CRLF
 * without an extension, a size without digits or too big, or an obs-fold in
 * the trailers is an error, which is what stops smuggling through framing
 * that another server would read differently.
 */
#include "chunked.h"
#include "http_parse.h"

#define MAX_CHUNK_SIZE		(1ULL << 62)
#define MAX_SIZE_DIGITS		64	/* leading zeros included */

enum {
	ST_SIZE,		/* hex digits of the chunk size */
	ST_SIZE_BWS,		/* whitespace after the size: ';' must follow */
	ST_EXT,			/* chunk extensions, skipped */
	ST_SIZE_LF,
	ST_DATA,
	ST_DATA_CR,
	ST_DATA_LF,
	ST_TRAILER_START,	/* a trailer line, or the CRLF ending them */
	ST_TRAILER_NAME,
	ST_TRAILER_VALUE,
	ST_TRAILER_LF,
	ST_FINAL_LF,
	ST_DONE,
};

static int hex_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

void chunked_init(struct chunked_decoder *d)
{
	memset(d, 0, sizeof(*d));
	d->state = ST_SIZE;
}

bool chunked_done(const struct chunked_decoder *d)
{
	return d->state == ST_DONE;
}

/* One framing byte; returns 0 or -enum chunked_error. */
static int framing_byte(struct chunked_decoder *d, unsigned char c)
{
	int digit;

	switch (d->state) {
	case ST_SIZE:
		digit = hex_value(c);
		if (digit >= 0) {
			if (d->chunk_left > (MAX_CHUNK_SIZE >> 4) ||
			    ++d->size_digits > MAX_SIZE_DIGITS)
				return -CHUNKED_ERR_TOO_BIG;
			d->chunk_left = d->chunk_left << 4 | digit;
			return 0;
		}
		if (!d->size_digits)
			return -CHUNKED_ERR_SYNTAX;
		if (c == '\r')
			d->state = ST_SIZE_LF;
		else if (c == ';')
			d->state = ST_EXT;
		else if (c == ' ' || c == '\t')
			d->state = ST_SIZE_BWS;
		else
			return -CHUNKED_ERR_SYNTAX;
		return 0;
	case ST_SIZE_BWS:
		if (c == ';')
			d->state = ST_EXT;
		else if (c != ' ' && c != '\t')
			return -CHUNKED_ERR_SYNTAX;
		return 0;
	case ST_EXT:
		if (c == '\r') {
			d->state = ST_SIZE_LF;
			d->line_bytes = 0;
			return 0;
		}
		if (!http_is_value_char(c))
			return -CHUNKED_ERR_SYNTAX;
		if (++d->line_bytes > CHUNKED_MAX_EXT)
			return -CHUNKED_ERR_TOO_LONG;
		return 0;
	case ST_SIZE_LF:
		if (c != '\n')
			return -CHUNKED_ERR_SYNTAX;
		d->state = d->chunk_left ? ST_DATA : ST_TRAILER_START;
		d->size_digits = 0;
		return 0;
	case ST_DATA_CR:
		if (c != '\r')
			return -CHUNKED_ERR_SYNTAX;
		d->state = ST_DATA_LF;
		return 0;
	case ST_DATA_LF:
		if (c != '\n')
			return -CHUNKED_ERR_SYNTAX;
		d->state = ST_SIZE;
		return 0;
	case ST_TRAILER_START:
		if (c == '\r') {
			d->state = ST_FINAL_LF;
			return 0;
		}
		if (!http_is_tchar(c))	/* also refuses obs-fold */
			return -CHUNKED_ERR_SYNTAX;
		d->state = ST_TRAILER_NAME;
		break;
	case ST_TRAILER_NAME:
		if (c == ':')
			d->state = ST_TRAILER_VALUE;
		else if (!http_is_tchar(c))
			return -CHUNKED_ERR_SYNTAX;
		break;
	case ST_TRAILER_VALUE:
		if (c == '\r')
			d->state = ST_TRAILER_LF;
		else if (!http_is_value_char(c))
			return -CHUNKED_ERR_SYNTAX;
		break;
	case ST_TRAILER_LF:
		if (c != '\n')
			return -CHUNKED_ERR_SYNTAX;
		d->state = ST_TRAILER_START;
		break;
	case ST_FINAL_LF:
		if (c != '\n')
			return -CHUNKED_ERR_SYNTAX;
		d->state = ST_DONE;
		return 0;
	default:
		return -CHUNKED_ERR_SYNTAX;
	}
	/* Trailer bytes, counted over the whole section. */
	if (++d->line_bytes > CHUNKED_MAX_TRAILERS)
		return -CHUNKED_ERR_TOO_LONG;
	return 0;
}

long chunked_decode(struct chunked_decoder *d, char *buf, size_t len,
		    size_t *data_len)
{
	size_t in = 0, out = 0;
	int err;

	while (in < len && d->state != ST_DONE) {
		if (d->state == ST_DATA) {
			size_t n = min_t(u64, d->chunk_left, len - in);

			memmove(buf + out, buf + in, n);
			in += n;
			out += n;
			d->chunk_left -= n;
			if (!d->chunk_left)
				d->state = ST_DATA_CR;
			continue;
		}
		err = framing_byte(d, buf[in]);
		if (err)
			return err;
		in++;
	}
	*data_len = out;
	return in;
}
