// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libhttpapi_wmain.a: main() for programs written with Windows' wmain.
 * The arguments are converted from the locale's multibyte encoding (the
 * environment's, as setlocale(LC_ALL, "") selects; UTF-8 on most
 * systems) to wide strings, which wmain receives as on Windows.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

#include <winbase.h>

int main(int argc, char *argv[])
{
	wchar_t **wargv = calloc((size_t)argc + 1, sizeof(*wargv));
	int i;

	setlocale(LC_ALL, "");
	if (!wargv) {
		fputs("wmain: out of memory\n", stderr);
		return EXIT_FAILURE;
	}
	for (i = 0; i < argc; i++) {
		size_t len = mbstowcs(NULL, argv[i], 0);

		if (len == (size_t)-1) {
			fprintf(stderr, "wmain: argument %d is not text in this locale\n", i);
			return EXIT_FAILURE;
		}
		wargv[i] = calloc(len + 1, sizeof(wchar_t));
		if (!wargv[i]) {
			fputs("wmain: out of memory\n", stderr);
			return EXIT_FAILURE;
		}
		mbstowcs(wargv[i], argv[i], len + 1);
	}
	return wmain(argc, wargv);
}
