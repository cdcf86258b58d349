// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The syntax of a Digest credentials value (RFC 7616 3.4, with RFC 9110's
 * auth-param, token and quoted-string): parsed into name/value pairs, and
 * the quoting of a challenge's values.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "digest_internal.h"

static bool is_tchar(unsigned char c)
{
	return isalnum(c) || (c && strchr("!#$%&'*+-.^_`|~", c));
}

static bool is_ows(unsigned char c)
{
	return c == ' ' || c == '\t';
}

/* qdtext and the octets a quoted-pair may escape (RFC 9110 5.6.4). */
static bool is_qchar(unsigned char c)
{
	return c == '\t' || (c >= 0x20 && c != 0x7f);
}

void digest_params_free(struct digest_params *p)
{
	free(p->storage);
	p->storage = NULL;
}

/*
 * Parse "name=value, name="quoted", ..." (empty list elements allowed).
 * false when the list is malformed: a name without "=", an unterminated
 * quoted-string, junk after a value, a repeated name, too many names.
 */
bool digest_params_parse(const char *text, size_t len, struct digest_params *p)
{
	size_t i = 0;
	char *out;

	memset(p, 0, sizeof(*p));
	out = malloc(2 * len + 2);
	if (!out)
		return false;
	p->storage = out;
	for (;;) {
		size_t k;

		while (i < len && (is_ows(text[i]) || text[i] == ','))
			i++;
		if (i == len)
			return p->count > 0;
		if (p->count == DIGEST_MAX_PARAMS)
			return false;
		p->name[p->count] = out;
		if (!is_tchar(text[i]))
			return false;
		while (i < len && is_tchar(text[i]))
			*out++ = text[i++];
		*out++ = '\0';
		while (i < len && is_ows(text[i]))
			i++;
		if (i == len || text[i++] != '=')
			return false;
		while (i < len && is_ows(text[i]))
			i++;
		p->value[p->count] = out;
		if (i < len && text[i] == '"') {
			for (i++; i < len && text[i] != '"'; i++) {
				if (text[i] == '\\' && ++i == len)
					return false;
				if (!is_qchar(text[i]))
					return false;
				*out++ = text[i];
			}
			if (i++ == len)
				return false;
		} else {
			if (i == len || !is_tchar(text[i]))
				return false;
			while (i < len && is_tchar(text[i]))
				*out++ = text[i++];
		}
		*out++ = '\0';
		while (i < len && is_ows(text[i]))
			i++;
		if (i < len && text[i] != ',')
			return false;
		for (k = 0; k < p->count; k++)
			if (!strcasecmp(p->name[k], p->name[p->count]))
				return false;
		p->count++;
	}
}

const char *digest_param(const struct digest_params *p, const char *name)
{
	size_t k;

	for (k = 0; k < p->count; k++)
		if (!strcasecmp(p->name[k], name))
			return p->value[k];
	return NULL;
}

/* Append @s as a quoted-string; false if it holds a control character. */
bool digest_quote(char **pos, const char *s)
{
	char *o = *pos;

	*o++ = '"';
	for (; *s; s++) {
		if (!is_qchar((unsigned char)*s))
			return false;
		if (*s == '"' || *s == '\\')
			*o++ = '\\';
		*o++ = *s;
	}
	*o++ = '"';
	*pos = o;
	return true;
}

static int hex_digit(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (unsigned char)tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static bool is_attr_char(unsigned char c)
{
	return isalnum(c) || (c && strchr("!#$&+-.^_`|~", c));
}

/*
 * Decode an RFC 8187 ext-value (username*): "UTF-8'" [language] "'"
 * then attr-chars and %XX escapes, into @out of @cap bytes.  false when
 * malformed, in another charset, decoding to a NUL, or too long.
 */
bool digest_ext_value(const char *v, char *out, size_t cap)
{
	const char *quote;
	size_t n = 0;

	if (strncasecmp(v, "UTF-8'", 6))
		return false;
	quote = strchr(v + 6, '\'');
	if (!quote)
		return false;
	for (v = quote + 1; *v; v++) {
		int c = (unsigned char)*v;

		if (*v == '%') {
			int hi = hex_digit((unsigned char)v[1]), lo;

			lo = hi < 0 ? -1 : hex_digit((unsigned char)v[2]);
			if (lo < 0)
				return false;
			c = hi << 4 | lo;
			v += 2;
		} else if (!is_attr_char((unsigned char)c)) {
			return false;
		}
		if (!c || n + 1 >= cap)
			return false;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return n > 0;
}
