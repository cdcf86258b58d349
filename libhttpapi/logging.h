/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * HttpServerLoggingProperty: W3C extended log files written from the
 * kernel's batches of records (docs/LOGGING.md).
 */
#ifndef LIBHTTPAPI_LOGGING_H
#define LIBHTTPAPI_LOGGING_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "internal.h"

/* The longest line w3c_line() writes, and the directives. */
#define W3C_MAX_LINE	(HTTPSYS_LOG_STRINGS * HTTPSYS_LOG_MAX_STRING + 1024)
#define W3C_MAX_SOFTWARE (MAX_PATH * 3)	/* UTF-8 of MAX_PATH bytes of UTF-32 */
#define W3C_MAX_HEADER	(W3C_MAX_SOFTWARE + 1024)
#define W3C_MAX_NAME	80

/* What a W3C log writes, fixed when the property is set. */
struct w3c_config {
	uint32_t fields;		/* HTTP_LOG_FIELD_* */
	uint32_t flags;			/* HTTP_LOGGING_FLAG_* */
	HTTP_LOGGING_ROLLOVER_TYPE rollover;
	uint64_t rollover_size;		/* bytes; UINT64_MAX: no limit */
	char software[W3C_MAX_SOFTWARE + 1];
	char computer[256];		/* for responses from the cache */
};

/* logging_w3c.c: formatting, no I/O */
/* The #Software, #Version, #Date and #Fields lines for a file begun at @now. */
size_t w3c_header(const struct w3c_config *c, time_t now, char *out,
		  size_t size);
/* The record's line (with CRLF) into @out of W3C_MAX_LINE; 0: not logged. */
size_t w3c_line(const struct w3c_config *c, const struct httpsys_log_record *r,
		char *out);
/* The file for time @t (rollover by time) or sequence @seq (by size). */
void w3c_file_name(const struct w3c_config *c, time_t t, unsigned int seq,
		   char *out);
/* A number that changes when a time rollover's period does. */
long w3c_period(const struct w3c_config *c, time_t t);

/* logging_data.c: HTTP_LOG_FIELDS_DATA for the kernel */
/* Bytes the kernel's form of @data needs; 0 when there is none. */
size_t lib_log_data_size(const HTTP_LOG_DATA *data);
/* Write it into @out (lib_log_data_size() bytes) and its length into *@len. */
ULONG lib_log_data_build(const HTTP_LOG_DATA *data, void *out, size_t size,
			 __u32 *len);

/* logging.c */
/* The property on a session or group: on, changed or off. */
ULONG lib_logging_set(__u32 object, __u64 id, const HTTP_LOGGING_INFO *info);
/* Before a session or group closes: its log written out and stopped. */
void lib_logging_close(__u32 object, __u64 id);
/* Before a session closes (its groups' logs go with it): all written out. */
void lib_logging_flush_all(void);
/* Before the control handle closes: every log written out and stopped. */
void lib_logging_close_all(void);

#endif /* LIBHTTPAPI_LOGGING_H */
