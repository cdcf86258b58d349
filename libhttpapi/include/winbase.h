/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The Win32 base calls beyond handles, events and completion ports
 * (winhttpsys.h): files, the heap, threads, the user name, and wmain.
 */
#ifndef HTTPSYS_WINBASE_H
#define HTTPSYS_WINBASE_H

#include "winhttpsys.h"
#include "fileapi.h"
#include "heapapi.h"
#include "processthreadsapi.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The calling thread's effective user's login name (the client's while
 * ImpersonateLoggedOnUser is in effect).  *@pcbBuffer: characters in
 * @lpBuffer on entry, those written with the NUL on return, or with
 * ERROR_INSUFFICIENT_BUFFER those it takes.  ERROR_NONE_MAPPED for a
 * uid with no account.
 */
BOOL WINAPI GetUserNameW(LPWSTR lpBuffer, LPDWORD pcbBuffer);
BOOL WINAPI GetUserNameA(LPSTR lpBuffer, LPDWORD pcbBuffer);
#ifdef UNICODE
#define GetUserName GetUserNameW
#else
#define GetUserName GetUserNameA
#endif

/*
 * A program's wide entry point.  Linked with -lhttpapi_wmain, whose main()
 * sets the locale from the environment (setlocale(LC_ALL, "")), converts
 * argv with mbstowcs and calls it.
 */
int wmain(int argc, wchar_t *argv[]);

#ifdef __cplusplus
}
#endif

#endif /* HTTPSYS_WINBASE_H */
