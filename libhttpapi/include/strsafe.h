/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Bounded string calls.  Each takes the destination's size in characters
 * (1 to STRSAFE_MAX_CCH), always leaves it NUL-terminated, and returns
 * S_OK, STRSAFE_E_INSUFFICIENT_BUFFER when the result was truncated to
 * fit, or STRSAFE_E_INVALID_PARAMETER (a bad size: the destination is then
 * left alone).  The formats are the C library's: see docs/PORTING.md for
 * how wide formats differ from Windows'.
 */
#ifndef HTTPSYS_STRSAFE_H
#define HTTPSYS_STRSAFE_H

#include <stdarg.h>

#include "winhttpsys.h"

#ifdef __cplusplus
extern "C" {
#endif

#define STRSAFE_MAX_CCH			2147483647
#define STRSAFE_E_INSUFFICIENT_BUFFER	((HRESULT)0x8007007AL)
#define STRSAFE_E_INVALID_PARAMETER	((HRESULT)0x80070057L)

HRESULT StringCchPrintfA(LPSTR pszDest, size_t cchDest, LPCSTR pszFormat, ...)
	__attribute__((format(printf, 3, 4)));
HRESULT StringCchVPrintfA(LPSTR pszDest, size_t cchDest, LPCSTR pszFormat,
			  va_list argList)
	__attribute__((format(printf, 3, 0)));
HRESULT StringCchPrintfW(LPWSTR pszDest, size_t cchDest, LPCWSTR pszFormat, ...);
HRESULT StringCchVPrintfW(LPWSTR pszDest, size_t cchDest, LPCWSTR pszFormat,
			  va_list argList);
HRESULT StringCchCopyA(LPSTR pszDest, size_t cchDest, LPCSTR pszSrc);
HRESULT StringCchCopyW(LPWSTR pszDest, size_t cchDest, LPCWSTR pszSrc);
HRESULT StringCchCatA(LPSTR pszDest, size_t cchDest, LPCSTR pszSrc);
HRESULT StringCchCatW(LPWSTR pszDest, size_t cchDest, LPCWSTR pszSrc);

/*
 * The length of @psz without its NUL in *@pcchLength (if non-NULL);
 * STRSAFE_E_INVALID_PARAMETER when @psz is NULL or has no NUL within
 * @cchMax characters.
 */
HRESULT StringCchLengthA(LPCSTR psz, size_t cchMax, size_t *pcchLength);
HRESULT StringCchLengthW(LPCWSTR psz, size_t cchMax, size_t *pcchLength);

/* The byte-counted forms: the size in bytes, otherwise the same. */
#define StringCbPrintfA(d, cb, ...) StringCchPrintfA((d), (cb), __VA_ARGS__)
#define StringCbPrintfW(d, cb, ...) \
	StringCchPrintfW((d), (cb) / sizeof(WCHAR), __VA_ARGS__)
#define StringCbCopyA(d, cb, s) StringCchCopyA((d), (cb), (s))
#define StringCbCopyW(d, cb, s) StringCchCopyW((d), (cb) / sizeof(WCHAR), (s))
#define StringCbCatA(d, cb, s) StringCchCatA((d), (cb), (s))
#define StringCbCatW(d, cb, s) StringCchCatW((d), (cb) / sizeof(WCHAR), (s))

#ifdef UNICODE
#define StringCchPrintf StringCchPrintfW
#define StringCchVPrintf StringCchVPrintfW
#define StringCchCopy StringCchCopyW
#define StringCchCat StringCchCatW
#define StringCchLength StringCchLengthW
#define StringCbPrintf StringCbPrintfW
#define StringCbCopy StringCbCopyW
#define StringCbCat StringCbCatW
#else
#define StringCchPrintf StringCchPrintfA
#define StringCchVPrintf StringCchVPrintfA
#define StringCchCopy StringCchCopyA
#define StringCchCat StringCchCatA
#define StringCchLength StringCchLengthA
#define StringCbPrintf StringCbPrintfA
#define StringCbCopy StringCbCopyA
#define StringCbCat StringCbCatA
#endif

#ifdef __cplusplus
}
#endif

#endif /* HTTPSYS_STRSAFE_H */
