/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Threads.  A thread HANDLE is a manual-reset event (winhttpsys.h) that
 * is set when the thread's function returns: WaitForSingleObject waits
 * for the thread, and CloseHandle may come before or after it ends.
 */
#ifndef HTTPSYS_PROCESSTHREADSAPI_H
#define HTTPSYS_PROCESSTHREADSAPI_H

#include "winhttpsys.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef DWORD (WINAPI *PTHREAD_START_ROUTINE)(LPVOID lpThreadParameter);
typedef PTHREAD_START_ROUTINE LPTHREAD_START_ROUTINE;

#define CREATE_SUSPENDED			0x00000004
#define STACK_SIZE_PARAM_IS_A_RESERVATION	0x00010000

/*
 * A POSIX thread running @lpStartAddress(@lpParameter); its return value
 * is not kept (there is no GetExitCodeThread).  @dwStackSize, when not
 * 0, is its stack size (at least PTHREAD_STACK_MIN).  CREATE_SUSPENDED
 * gives ERROR_NOT_SUPPORTED.  *@lpThreadId (if non-NULL): its kernel
 * thread ID.  NULL on failure, with the last error.
 */
HANDLE WINAPI CreateThread(LPSECURITY_ATTRIBUTES lpThreadAttributes,
			   SIZE_T dwStackSize,
			   LPTHREAD_START_ROUTINE lpStartAddress,
			   LPVOID lpParameter, DWORD dwCreationFlags,
			   LPDWORD lpThreadId);

/* The calling thread's kernel thread ID (gettid). */
DWORD WINAPI GetCurrentThreadId(void);

/* exit(3): atexit handlers run and stdio is flushed. */
void WINAPI ExitProcess(UINT uExitCode) __attribute__((noreturn));

/* Sleeps @dwMilliseconds (INFINITE: for ever). */
void WINAPI Sleep(DWORD dwMilliseconds);

#ifdef __cplusplus
}
#endif

#endif /* HTTPSYS_PROCESSTHREADSAPI_H */
