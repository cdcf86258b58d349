// SPDX-License-Identifier: GPL-2.0-or-later
/* helperd's log: one line per message on stderr, which the journal keeps. */
#include <stdarg.h>
#include <stdio.h>

#include "helperd.h"

static unsigned int log_level = LOG_INFO_LEVEL;

void log_set_level(unsigned int level)
{
	log_level = level;
}

void log_msg(int level, const char *fmt, ...)
{
	static const char *const names[] = { "error", "info", "debug" };
	char line[1024];
	va_list ap;
	int n;

	if (level > (int)log_level)
		return;
	n = snprintf(line, sizeof(line), "helperd: %s: ", names[level]);
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	va_end(ap);
	/* One call per line keeps the threads' lines whole. */
	fprintf(stderr, "%s\n", line);
}
