// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: today's request parser against the frozen one
 * (parser_compare.h), coverage-guided; any difference aborts.  The input
 * is in a buffer of exactly its size, so ASan also sees any read past it.
 */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>

#include "parser_compare.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char why[256];

	if (!parser_compare((const char *)data, size, why, sizeof(why))) {
		fprintf(stderr, "parser differential: %s\n", why);
		abort();
	}
	return 0;
}
