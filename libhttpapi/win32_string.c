// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * strsafe.h's bounded string calls: the result always fits and is
 * NUL-terminated, cut where the destination ends.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <strsafe.h>

#include "win32_internal.h"

static int bad_size(size_t cch)
{
	return !cch || cch > STRSAFE_MAX_CCH;
}

HRESULT StringCchVPrintfA(LPSTR pszDest, size_t cchDest, LPCSTR pszFormat,
			  va_list argList)
{
	int n;

	if (bad_size(cchDest))
		return STRSAFE_E_INVALID_PARAMETER;
	n = vsnprintf(pszDest, cchDest, pszFormat, argList);
	if (n < 0) {
		*pszDest = '\0';
		return STRSAFE_E_INVALID_PARAMETER;
	}
	return (size_t)n < cchDest ? S_OK : STRSAFE_E_INSUFFICIENT_BUFFER;
}

HRESULT StringCchPrintfA(LPSTR pszDest, size_t cchDest, LPCSTR pszFormat, ...)
{
	va_list ap;
	HRESULT hr;

	va_start(ap, pszFormat);
	hr = StringCchVPrintfA(pszDest, cchDest, pszFormat, ap);
	va_end(ap);
	return hr;
}

/*
 * vswprintf says only "did not fit" (-1), leaving the buffer undefined:
 * a memory stream gives the whole result, whose head is then copied.
 */
HRESULT StringCchVPrintfW(LPWSTR pszDest, size_t cchDest, LPCWSTR pszFormat,
			  va_list argList)
{
	wchar_t *all = NULL;
	size_t len = 0;
	FILE *f;
	int n;

	if (bad_size(cchDest))
		return STRSAFE_E_INVALID_PARAMETER;
	*pszDest = L'\0';
	f = open_wmemstream(&all, &len);
	if (!f)
		return STRSAFE_E_INSUFFICIENT_BUFFER;
	n = vfwprintf(f, pszFormat, argList);
	fclose(f);
	if (n < 0) {
		free(all);
		return STRSAFE_E_INVALID_PARAMETER;
	}
	if (len >= cchDest) {
		wmemcpy(pszDest, all, cchDest - 1);
		pszDest[cchDest - 1] = L'\0';
		free(all);
		return STRSAFE_E_INSUFFICIENT_BUFFER;
	}
	wmemcpy(pszDest, all, len + 1);
	free(all);
	return S_OK;
}

HRESULT StringCchPrintfW(LPWSTR pszDest, size_t cchDest, LPCWSTR pszFormat, ...)
{
	va_list ap;
	HRESULT hr;

	va_start(ap, pszFormat);
	hr = StringCchVPrintfW(pszDest, cchDest, pszFormat, ap);
	va_end(ap);
	return hr;
}

HRESULT StringCchCopyA(LPSTR pszDest, size_t cchDest, LPCSTR pszSrc)
{
	size_t len;

	if (bad_size(cchDest))
		return STRSAFE_E_INVALID_PARAMETER;
	len = strnlen(pszSrc, cchDest);
	if (len == cchDest) {
		memcpy(pszDest, pszSrc, cchDest - 1);
		pszDest[cchDest - 1] = '\0';
		return STRSAFE_E_INSUFFICIENT_BUFFER;
	}
	memcpy(pszDest, pszSrc, len + 1);
	return S_OK;
}

HRESULT StringCchCopyW(LPWSTR pszDest, size_t cchDest, LPCWSTR pszSrc)
{
	size_t len;

	if (bad_size(cchDest))
		return STRSAFE_E_INVALID_PARAMETER;
	len = wcsnlen(pszSrc, cchDest);
	if (len == cchDest) {
		wmemcpy(pszDest, pszSrc, cchDest - 1);
		pszDest[cchDest - 1] = L'\0';
		return STRSAFE_E_INSUFFICIENT_BUFFER;
	}
	wmemcpy(pszDest, pszSrc, len + 1);
	return S_OK;
}

HRESULT StringCchCatA(LPSTR pszDest, size_t cchDest, LPCSTR pszSrc)
{
	size_t len;

	if (bad_size(cchDest))
		return STRSAFE_E_INVALID_PARAMETER;
	len = strnlen(pszDest, cchDest);
	/* A destination with no NUL in its size is no string. */
	if (len == cchDest)
		return STRSAFE_E_INVALID_PARAMETER;
	return StringCchCopyA(pszDest + len, cchDest - len, pszSrc);
}

HRESULT StringCchCatW(LPWSTR pszDest, size_t cchDest, LPCWSTR pszSrc)
{
	size_t len;

	if (bad_size(cchDest))
		return STRSAFE_E_INVALID_PARAMETER;
	len = wcsnlen(pszDest, cchDest);
	if (len == cchDest)
		return STRSAFE_E_INVALID_PARAMETER;
	return StringCchCopyW(pszDest + len, cchDest - len, pszSrc);
}

HRESULT StringCchLengthA(LPCSTR psz, size_t cchMax, size_t *pcchLength)
{
	size_t len;

	if (pcchLength)
		*pcchLength = 0;
	if (!psz || cchMax > STRSAFE_MAX_CCH)
		return STRSAFE_E_INVALID_PARAMETER;
	len = strnlen(psz, cchMax);
	if (len == cchMax)
		return STRSAFE_E_INVALID_PARAMETER;
	if (pcchLength)
		*pcchLength = len;
	return S_OK;
}

HRESULT StringCchLengthW(LPCWSTR psz, size_t cchMax, size_t *pcchLength)
{
	size_t len;

	if (pcchLength)
		*pcchLength = 0;
	if (!psz || cchMax > STRSAFE_MAX_CCH)
		return STRSAFE_E_INVALID_PARAMETER;
	len = wcsnlen(psz, cchMax);
	if (len == cchMax)
		return STRSAFE_E_INVALID_PARAMETER;
	if (pcchLength)
		*pcchLength = len;
	return S_OK;
}
