// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * CreateThread over POSIX threads.  The handle is a manual-reset event;
 * the thread signals it through its own duplicate of the event's
 * descriptor, so that the program closing the handle early never leaves
 * the thread writing to a descriptor number reused meanwhile.
 */
#define _GNU_SOURCE	/* gettid */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "win32_internal.h"

struct thread_start {
	LPTHREAD_START_ROUTINE fn;
	LPVOID arg;
	int done_fd;		/* the event's eventfd, duplicated */
	pid_t tid;
	int started;
	pthread_mutex_t lock;
	pthread_cond_t cond;
};

static void *thread_main(void *p)
{
	struct thread_start *ts = p;
	LPTHREAD_START_ROUTINE fn = ts->fn;
	LPVOID arg = ts->arg;
	int done_fd = ts->done_fd;
	uint64_t one = 1;

	/* The creator waits for the ID, then frees nothing of ours. */
	pthread_mutex_lock(&ts->lock);
	ts->tid = gettid();
	ts->started = 1;
	pthread_cond_signal(&ts->cond);
	pthread_mutex_unlock(&ts->lock);
	fn(arg);
	if (write(done_fd, &one, sizeof(one)) != sizeof(one))
		abort();	/* an eventfd takes a 1 unless it overflows */
	close(done_fd);
	return NULL;
}

HANDLE WINAPI CreateThread(LPSECURITY_ATTRIBUTES lpThreadAttributes,
			   SIZE_T dwStackSize,
			   LPTHREAD_START_ROUTINE lpStartAddress,
			   LPVOID lpParameter, DWORD dwCreationFlags,
			   LPDWORD lpThreadId)
{
	struct thread_start ts = {
		.fn = lpStartAddress,
		.arg = lpParameter,
		.lock = PTHREAD_MUTEX_INITIALIZER,
		.cond = PTHREAD_COND_INITIALIZER,
	};
	pthread_attr_t attr;
	pthread_t thread;
	HANDLE h;
	int err;

	(void)lpThreadAttributes;
	if (!lpStartAddress) {
		SetLastError(ERROR_INVALID_PARAMETER);
		return NULL;
	}
	if (dwCreationFlags & CREATE_SUSPENDED) {
		SetLastError(ERROR_NOT_SUPPORTED);
		return NULL;
	}
	h = CreateEventW(NULL, TRUE, FALSE, NULL);
	if (!h)
		return NULL;
	ts.done_fd = fcntl(lib_handle_fd(h), F_DUPFD_CLOEXEC, 0);
	if (ts.done_fd < 0) {
		SetLastError(lib_file_error(errno));
		CloseHandle(h);
		return NULL;
	}
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (dwStackSize)
		pthread_attr_setstacksize(&attr, dwStackSize < (SIZE_T)PTHREAD_STACK_MIN ?
					  (SIZE_T)PTHREAD_STACK_MIN : dwStackSize);
	err = pthread_create(&thread, &attr, thread_main, &ts);
	pthread_attr_destroy(&attr);
	if (err) {
		close(ts.done_fd);
		CloseHandle(h);
		SetLastError(ERROR_NOT_ENOUGH_MEMORY);
		return NULL;
	}
	pthread_mutex_lock(&ts.lock);
	while (!ts.started)
		pthread_cond_wait(&ts.cond, &ts.lock);
	pthread_mutex_unlock(&ts.lock);
	if (lpThreadId)
		*lpThreadId = (DWORD)ts.tid;
	return h;
}

DWORD WINAPI GetCurrentThreadId(void)
{
	return (DWORD)gettid();
}

void WINAPI ExitProcess(UINT uExitCode)
{
	exit((int)uExitCode);
}

void WINAPI Sleep(DWORD dwMilliseconds)
{
	struct timespec ts = {
		.tv_sec = dwMilliseconds / 1000,
		.tv_nsec = (long)(dwMilliseconds % 1000) * 1000000,
	};

	if (dwMilliseconds == INFINITE) {
		for (;;)
			pause();
	}
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}
