/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Chunked transfer coding decoder (RFC 9112 section 7.1): pure, incremental,
 * allocation-free.  It decodes in place, so the connection's receive buffer
 * holds only body data once a segment has been through it.
 */
#ifndef HTTPSYS_CHUNKED_H
#define HTTPSYS_CHUNKED_H

#include "proto_types.h"

/* Bounds on what a sender may make us read that is not body data. */
#define CHUNKED_MAX_EXT		4096	/* chunk-ext bytes on one size line */
#define CHUNKED_MAX_TRAILERS	16384	/* the whole trailer section */

enum chunked_error {
	CHUNKED_ERR_SYNTAX = 1,		/* not chunked framing */
	CHUNKED_ERR_TOO_BIG,		/* a chunk size that overflows */
	CHUNKED_ERR_TOO_LONG,		/* extensions or trailers too long */
};

struct chunked_decoder {
	u64 chunk_left;			/* data bytes left in this chunk */
	u32 line_bytes;			/* ext or trailer bytes so far */
	u8 state;			/* private */
	u8 size_digits;
	bool empty_line;		/* trailer line with no bytes yet */
};

void chunked_init(struct chunked_decoder *d);

/*
 * Decode @len raw bytes at @buf in place.  The body data among them is
 * moved to the front; *@data_len is how much.  Returns the number of raw
 * bytes used (all of them unless the body ended inside @buf, when the rest
 * belongs to the next request), or -enum chunked_error.
 */
long chunked_decode(struct chunked_decoder *d, char *buf, size_t len,
		    size_t *data_len);

/* True once the last chunk and the trailer section have been read. */
bool chunked_done(const struct chunked_decoder *d);

#endif /* HTTPSYS_CHUNKED_H */
