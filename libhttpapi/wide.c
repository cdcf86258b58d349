// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Wide strings (WCHAR is wchar_t, UTF-32 on Linux) to the UTF-8 the kernel
 * takes, and back.  Both ways refuse what is not a Unicode scalar value,
 * and NUL, which the kernel's counted strings cannot carry.
 */
#include <stdint.h>
#include <wchar.h>

#include "internal.h"

int lib_wide_to_utf8_n(PCWSTR in, size_t count, char *out, size_t size)
{
	size_t n = 0, i, k;

	for (i = 0; i < count; i++) {
		uint32_t c = (uint32_t)in[i];
		char buf[4];
		size_t len;

		if (!c || (c >= 0xd800 && c <= 0xdfff))
			return -1;
		if (c < 0x80) {
			buf[0] = c;
			len = 1;
		} else if (c < 0x800) {
			buf[0] = 0xc0 | c >> 6;
			buf[1] = 0x80 | (c & 0x3f);
			len = 2;
		} else if (c < 0x10000) {
			buf[0] = 0xe0 | c >> 12;
			buf[1] = 0x80 | ((c >> 6) & 0x3f);
			buf[2] = 0x80 | (c & 0x3f);
			len = 3;
		} else if (c < 0x110000) {
			buf[0] = 0xf0 | c >> 18;
			buf[1] = 0x80 | ((c >> 12) & 0x3f);
			buf[2] = 0x80 | ((c >> 6) & 0x3f);
			buf[3] = 0x80 | (c & 0x3f);
			len = 4;
		} else {
			return -1;
		}
		if (n + len >= size)
			return -1;
		for (k = 0; k < len; k++)
			out[n++] = buf[k];
	}
	out[n] = '\0';
	return (int)n;
}

int lib_wide_to_utf8(PCWSTR in, char *out, size_t size)
{
	return lib_wide_to_utf8_n(in, wcslen(in), out, size);
}

long lib_utf8_to_wide(const char *in, size_t len, PWSTR out, size_t count)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, n = 0, extra, k;

	if (out && !count)
		return -1;
	while (i < len) {
		uint32_t c = s[i], min;

		if (c < 0x80) {
			extra = 0;
			min = 1;
		} else if ((c & 0xe0) == 0xc0) {
			extra = 1;
			min = 0x80;
			c &= 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			extra = 2;
			min = 0x800;
			c &= 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			extra = 3;
			min = 0x10000;
			c &= 0x07;
		} else {
			return -1;
		}
		if (extra >= len - i)
			return -1;
		for (k = 1; k <= extra; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return -1;
			c = c << 6 | (s[i + k] & 0x3f);
		}
		/* Overlong forms, surrogates and NUL are not text here. */
		if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return -1;
		if (out) {
			if (n + 1 >= count)
				return -1;
			out[n] = c;
		}
		n++;
		i += extra + 1;
	}
	if (out)
		out[n] = L'\0';
	return (long)n;
}
