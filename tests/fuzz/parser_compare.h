/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Today's request parser against the frozen one (parser_v1.h) on one
 * input: every result must be the same, offsets and ids included.
 */
#ifndef HTTPSYS_PARSER_COMPARE_H
#define HTTPSYS_PARSER_COMPARE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Runs both parsers' request, field-line, token and known-header entry
 * points on @buf[0..@len).  Returns true when they agree; otherwise false
 * with what differed in @why.
 */
bool parser_compare(const char *buf, size_t len, char *why, size_t why_size);

/* The byte classes (tchar, value char) of both, for all 256 bytes. */
bool parser_compare_classes(char *why, size_t why_size);

#endif /* HTTPSYS_PARSER_COMPARE_H */
