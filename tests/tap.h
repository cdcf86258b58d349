/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal test reporting shared by the userspace unit and integration
 * tests: one "ok - name" or "not ok - name" line per assertion, which
 * tests/run-all.sh counts.  Header-only so each test is one file.
 */
#ifndef HTTPSYS_TAP_H
#define HTTPSYS_TAP_H

#include <stdarg.h>
#include <stdio.h>

static int tap_failed;

/* Report @cond as one assertion; returns @cond so callers can stop early. */
#define CHECK(cond, ...) tap_check(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

__attribute__((format(printf, 4, 5)))
static inline int tap_check(int ok, const char *file, int line,
			    const char *fmt, ...)
{
	va_list ap;

	printf("%s - ", ok ? "ok" : "not ok");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (!ok) {
		printf(" (%s:%d)", file, line);
		tap_failed++;
	}
	printf("\n");
	fflush(stdout);
	return ok;
}

/* Exit status for main(): non-zero when any assertion failed. */
static inline int tap_exit_status(void)
{
	return tap_failed ? 1 : 0;
}

#endif /* HTTPSYS_TAP_H */
