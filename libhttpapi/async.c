// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Win32 asynchronous I/O for the queue handles: events, completion ports,
 * OVERLAPPED operations and their cancellation.
 *
 * Every handle is a file descriptor (handle = fd + 1): an event is an
 * eventfd, a port an eventfd that only holds its number, and a table
 * indexed by fd says which fds are events, ports, or queues associated
 * with a port, so CloseHandle stays close().  An overlapped call first
 * tries once on the caller's thread, non-blocking, and ends there when it
 * can (below, lib_io_submit); otherwise a receive of the next request
 * waits in its handle's dispatcher (dispatch.c), and any other call runs
 * on a detached worker thread with its own dup of the queue's fd (a
 * CloseHandle cannot give the number to another open under it), waiting
 * where it must in poll() beside a per-operation cancel eventfd.  A thread
 * in GetQueuedCompletionStatus whose port is empty first does the waiting
 * receives' dispatch itself, and then sleeps in poll() on their queues,
 * so a request wakes the thread that handles it and no other.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/eventfd.h>

#include "internal.h"

/* Pending overlapped operations at most, a thread each. */
#define MAX_PENDING	1024
/* How often a worker looks again at what poll() cannot wait for. */
#define RETRY_MS	20
/* A worker runs one ioctl and poll(): a small stack will do. */
#define WORKER_STACK	(128 * 1024)
/* Queues a thread in GetQueuedCompletionStatus dispatches for at most. */
#define HELP_MAX	8

struct packet {
	struct packet *next;
	DWORD bytes;
	ULONG_PTR key;
	LPOVERLAPPED ov;
	ULONG error;
};

struct port {
	int refs;		/* its handle, associations, operations, waiters */
	int closed;
	int polling;		/* a waiter sleeps in poll() on its queues */
	int sleepers;		/* waiters asleep on @cond */
	int wake_fd;		/* an eventfd: written for that one */
	pthread_cond_t cond;	/* a packet arrived, or the port closed */
	struct packet *head, **tail;
};

enum kind { KIND_NONE, KIND_EVENT, KIND_PORT, KIND_ASSOCIATED };

struct slot {
	enum kind kind;
	int manual_reset;	/* EVENT */
	struct port *port;	/* PORT: itself; ASSOCIATED: where packets go */
	ULONG_PTR key;		/* ASSOCIATED */
	UCHAR modes;		/* NONE, ASSOCIATED: FILE_SKIP_* set on it */
	struct lib_dispatcher *dispatcher;	/* NONE, ASSOCIATED: or NULL */
};

struct op {
	struct op *next;
	int handle_fd;		/* the caller's fd; -1 once that handle closed */
	int fd;			/* the worker's dup of it; -1: a waiter */
	int cancel_fd;		/* an eventfd: written to cancel; -1: a waiter */
	pthread_t thread;	/* the issuer, for CancelIo */
	LPOVERLAPPED ov;
	struct port *port;	/* with a reference; NULL: not associated */
	ULONG_PTR key;
	struct packet *packet;	/* allocated up front: completion cannot fail */
	struct lib_io io;
	struct lib_waiter waiter;	/* LIB_WAIT_DISPATCH */
};

/* One lock for the table, the ports and the pending list. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t completed = PTHREAD_COND_INITIALIZER;
static struct slot *slots;
static int slot_count;
static struct op *pending;
static int pending_count;
static __thread DWORD last_error;

DWORD GetLastError(void)
{
	return last_error;
}

void SetLastError(DWORD dwErrCode)
{
	last_error = dwErrCode;
}

/* Set the last error; FALSE, for the caller to return. */
static BOOL fail(DWORD err)
{
	last_error = err;
	return FALSE;
}

/*
 * @ms from now; unset for INFINITE, which never reads it: in the guest
 * clock_gettime is a system call, one per GetQueuedCompletionStatus.
 */
static struct timespec deadline(DWORD ms)
{
	struct timespec t = { 0 };

	if (ms == INFINITE)
		return t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	t.tv_sec += ms / 1000;
	t.tv_nsec += (ms % 1000) * 1000000L;
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	return t;
}

/* Milliseconds left until @end, rounded up; 0 once past. */
static int ms_left(const struct timespec *end)
{
	struct timespec now;
	long long ns;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ns = (end->tv_sec - now.tv_sec) * 1000000000LL + end->tv_nsec - now.tv_nsec;
	return ns > 0 ? (int)((ns + 999999) / 1000000) : 0;
}

/* Signal eventfd @fd: an event set, an operation cancelled. */
static int fd_signal(int fd)
{
	static const uint64_t one = 1;

	return write(fd, &one, sizeof(one)) == sizeof(one);
}

/* Handle @h's slot if it is of @kind, else NULL.  Under the lock. */
static struct slot *slot_find(HANDLE h, enum kind kind)
{
	int fd = lib_handle_fd(h);

	return fd >= 0 && fd < slot_count && slots[fd].kind == kind ?
	       &slots[fd] : NULL;
}

/* @fd's slot, growing the table; NULL without memory.  Under the lock. */
static struct slot *slot_get(int fd)
{
	struct slot *s;
	int n = slot_count ? slot_count : 64;

	if (fd < slot_count)
		return &slots[fd];
	while (n <= fd)
		n *= 2;
	s = realloc(slots, n * sizeof(*s));
	if (!s)
		return NULL;
	memset(s + slot_count, 0, (n - slot_count) * sizeof(*s));
	slots = s;
	slot_count = n;
	return &slots[fd];
}

/* Record @fd as @init; its handle, or NULL (@fd closed) on failure. */
static HANDLE handle_new(int fd, struct slot init)
{
	struct slot *s = NULL;

	if (fd >= 0) {
		pthread_mutex_lock(&lock);
		s = slot_get(fd);
		if (s)
			*s = init;
		pthread_mutex_unlock(&lock);
		if (s)
			return lib_fd_handle(fd);
		close(fd);
	}
	fail(ERROR_NOT_ENOUGH_MEMORY);
	return NULL;
}

/* Under the lock, or before the port is shared. */
static void port_put(struct port *p)
{
	if (--p->refs)
		return;
	pthread_cond_destroy(&p->cond);
	if (p->wake_fd >= 0)
		close(p->wake_fd);
	free(p);
}

/* Queue @k on @p; a closed port drops it.  Under the lock. */
static void port_post(struct port *p, struct packet *k)
{
	if (p->closed) {
		free(k);
		return;
	}
	k->next = NULL;
	*p->tail = k;
	p->tail = &k->next;
	pthread_cond_signal(&p->cond);
	if (p->polling)
		fd_signal(p->wake_fd);
}

/* Its handle is closing: drop its packets, wake its waiters.  Under the lock. */
static void port_close(struct port *p)
{
	struct packet *k;

	while ((k = p->head)) {
		p->head = k->next;
		free(k);
	}
	p->tail = &p->head;
	p->closed = 1;
	pthread_cond_broadcast(&p->cond);
	if (p->polling)
		fd_signal(p->wake_fd);
	port_put(p);
}

static HANDLE port_create(void)
{
	struct port *p = calloc(1, sizeof(*p));
	pthread_condattr_t attr;
	HANDLE h;

	if (!p) {
		fail(ERROR_NOT_ENOUGH_MEMORY);
		return NULL;
	}
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&p->cond, &attr);
	pthread_condattr_destroy(&attr);
	p->refs = 1;
	p->tail = &p->head;
	p->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (p->wake_fd < 0) {
		port_put(p);
		fail(ERROR_NOT_ENOUGH_MEMORY);
		return NULL;
	}
	h = handle_new(eventfd(0, EFD_CLOEXEC),
		       (struct slot){ .kind = KIND_PORT, .port = p });
	if (!h)
		port_put(p);
	return h;
}

HANDLE CreateIoCompletionPort(HANDLE FileHandle, HANDLE ExistingCompletionPort,
			      ULONG_PTR CompletionKey,
			      DWORD NumberOfConcurrentThreads)
{
	int fd = lib_handle_fd(FileHandle);
	struct slot *s, *ps;
	DWORD err = NO_ERROR;
	HANDLE port;

	if (FileHandle == INVALID_HANDLE_VALUE) {
		if (!ExistingCompletionPort)
			return port_create();
		fail(ERROR_INVALID_PARAMETER);
		return NULL;
	}
	if (fd < 0 || fcntl(fd, F_GETFD) < 0) {
		fail(ERROR_INVALID_HANDLE);
		return NULL;
	}
	if (!ExistingCompletionPort) {
		port = port_create();
		if (port && !CreateIoCompletionPort(FileHandle, port, CompletionKey,
						    NumberOfConcurrentThreads)) {
			err = GetLastError();
			CloseHandle(port);
			fail(err);
			port = NULL;
		}
		return port;
	}
	pthread_mutex_lock(&lock);
	s = slot_get(fd);	/* first: it may move the table */
	ps = slot_find(ExistingCompletionPort, KIND_PORT);
	if (!s)
		err = ERROR_NOT_ENOUGH_MEMORY;
	else if (!ps)
		err = ERROR_INVALID_HANDLE;
	else if (s->kind != KIND_NONE)	/* associated already, or not a file */
		err = ERROR_INVALID_PARAMETER;
	if (!err) {
		/* Field by field: notification modes set before stay. */
		s->kind = KIND_ASSOCIATED;
		s->port = ps->port;
		s->key = CompletionKey;
		ps->port->refs++;
	}
	pthread_mutex_unlock(&lock);
	if (err) {
		fail(err);
		return NULL;
	}
	return ExistingCompletionPort;
}

BOOL SetFileCompletionNotificationModes(HANDLE FileHandle, UCHAR Flags)
{
	int fd = lib_handle_fd(FileHandle);
	struct slot *s;
	DWORD err = NO_ERROR;

	if (fd < 0 || fcntl(fd, F_GETFD) < 0)
		return fail(ERROR_INVALID_HANDLE);
	if (Flags & ~(FILE_SKIP_COMPLETION_PORT_ON_SUCCESS |
		      FILE_SKIP_SET_EVENT_ON_HANDLE))
		return fail(ERROR_INVALID_PARAMETER);
	pthread_mutex_lock(&lock);
	s = slot_get(fd);
	if (!s)
		err = ERROR_NOT_ENOUGH_MEMORY;
	else if (s->kind == KIND_EVENT || s->kind == KIND_PORT)
		err = ERROR_INVALID_HANDLE;
	else
		s->modes |= Flags;	/* as Windows: a mode set stays set */
	pthread_mutex_unlock(&lock);
	return err ? fail(err) : TRUE;
}

BOOL PostQueuedCompletionStatus(HANDLE CompletionPort,
				DWORD dwNumberOfBytesTransferred,
				ULONG_PTR dwCompletionKey,
				LPOVERLAPPED lpOverlapped)
{
	struct packet *k = malloc(sizeof(*k));
	struct slot *s;

	if (!k)
		return fail(ERROR_NOT_ENOUGH_MEMORY);
	*k = (struct packet){ .bytes = dwNumberOfBytesTransferred,
			      .key = dwCompletionKey, .ov = lpOverlapped };
	pthread_mutex_lock(&lock);
	s = slot_find(CompletionPort, KIND_PORT);
	if (s)
		port_post(s->port, k);
	pthread_mutex_unlock(&lock);
	if (s)
		return TRUE;
	free(k);
	return fail(ERROR_INVALID_HANDLE);
}

/*
 * The dispatchers of the queues associated with @p that have waiters,
 * each held, into @ds (HELP_MAX); how many.  Under the lock.
 */
static int port_dispatchers(struct port *p, struct lib_dispatcher **ds)
{
	int fd, n = 0;

	for (fd = 0; fd < slot_count && n < HELP_MAX; fd++)
		if (slots[fd].kind == KIND_ASSOCIATED && slots[fd].port == p &&
		    slots[fd].dispatcher &&
		    lib_dispatcher_hold(slots[fd].dispatcher))
			ds[n++] = slots[fd].dispatcher;
	return n;
}

/*
 * Sleep in poll() on the @n queues of @ds and on @p's wake_fd, at most
 * @ms (-1: no limit); ETIMEDOUT or 0.  Under the lock, dropped meanwhile.
 */
static int port_poll(struct port *p, struct lib_dispatcher **ds, int n, int ms)
{
	struct pollfd fds[1 + HELP_MAX];
	uint64_t v;
	int i, ready;

	p->polling = 1;
	pthread_mutex_unlock(&lock);
	fds[0] = (struct pollfd){ .fd = p->wake_fd, .events = POLLIN };
	for (i = 0; i < n; i++)
		fds[1 + i] = (struct pollfd){
			.fd = lib_dispatcher_cover(ds[i], 1), .events = POLLIN };
	ready = poll(fds, 1 + n, ms);
	if (ready > 0 && fds[0].revents && read(p->wake_fd, &v, sizeof(v)) < 0)
		ready = -1;	/* reset, or someone else did: look again */
	for (i = 0; i < n; i++)
		lib_dispatcher_cover(ds[i], -1);
	pthread_mutex_lock(&lock);
	p->polling = 0;
	return ready == 0 ? ETIMEDOUT : 0;
}

/*
 * Wait for a packet on @p until @end (@ms INFINITE: no limit).  With the
 * port empty, hand the waiting receives of its queues what is queued, on
 * this thread; with nothing queued either, one thread sleeps in poll() on
 * those queues, the others on the condition.  Returns whether the port
 * had such queues.  Under the lock.
 */
static int port_wait(struct port *p, DWORD ms, const struct timespec *end)
{
	struct lib_dispatcher *ds[HELP_MAX];
	int i, m, n, err = 0, watched = 0;

	while (!p->head && !p->closed && err != ETIMEDOUT) {
		n = port_dispatchers(p, ds);
		watched |= n;
		if (n) {
			pthread_mutex_unlock(&lock);
			/* Kept: the queues found empty, to sleep on. */
			for (i = m = 0; i < n; i++)
				if (lib_dispatcher_help(ds[i]))
					ds[m++] = ds[i];
				else
					lib_dispatcher_release(ds[i]);
			n = m;
			pthread_mutex_lock(&lock);
		}
		if (n && !p->head && !p->closed && !p->polling)
			err = port_poll(p, ds, n, ms == INFINITE ? -1 :
					ms_left(end));
		else if (!p->head && !p->closed) {
			p->sleepers++;
			err = ms == INFINITE ? pthread_cond_wait(&p->cond, &lock) :
			      pthread_cond_timedwait(&p->cond, &lock, end);
			p->sleepers--;
		}
		for (i = 0; i < n; i++)
			lib_dispatcher_release(ds[i]);
	}
	return watched;
}

BOOL GetQueuedCompletionStatus(HANDLE CompletionPort,
			       LPDWORD lpNumberOfBytesTransferred,
			       PULONG_PTR lpCompletionKey,
			       LPOVERLAPPED *lpOverlapped, DWORD dwMilliseconds)
{
	struct timespec end = deadline(dwMilliseconds);
	struct packet *k;
	struct slot *s;
	struct port *p;
	int err, closed, watched;

	if (!lpNumberOfBytesTransferred || !lpCompletionKey || !lpOverlapped)
		return fail(ERROR_INVALID_PARAMETER);
	*lpOverlapped = NULL;
	pthread_mutex_lock(&lock);
	s = slot_find(CompletionPort, KIND_PORT);
	if (!s) {
		pthread_mutex_unlock(&lock);
		return fail(ERROR_INVALID_HANDLE);
	}
	p = s->port;
	p->refs++;	/* a CloseHandle meanwhile must not free it */
	watched = port_wait(p, dwMilliseconds, &end);
	k = p->head;
	if (k) {
		p->head = k->next;
		if (!p->head)
			p->tail = &p->head;
	}
	/* Leaving with work: another waiter watches the queues meanwhile. */
	if (watched && k && !p->head && !p->polling && p->sleepers)
		pthread_cond_signal(&p->cond);
	closed = p->closed;
	port_put(p);
	pthread_mutex_unlock(&lock);
	if (!k)
		return fail(closed ? ERROR_ABANDONED_WAIT_0 : WAIT_TIMEOUT);
	*lpNumberOfBytesTransferred = k->bytes;
	*lpCompletionKey = k->key;
	*lpOverlapped = k->ov;
	err = k->error;
	free(k);
	/* A failed operation's packet: FALSE, with *lpOverlapped set. */
	return err ? fail(err) : TRUE;
}

static HANDLE event_create(LPSECURITY_ATTRIBUTES sa, BOOL manual, BOOL initial,
			   int named)
{
	if (named) {
		fail(ERROR_NOT_SUPPORTED);
		return NULL;
	}
	return handle_new(eventfd(!!initial, EFD_NONBLOCK |
				  (sa && sa->bInheritHandle ? 0 : EFD_CLOEXEC)),
			  (struct slot){ .kind = KIND_EVENT,
					 .manual_reset = !!manual });
}

HANDLE CreateEventW(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset,
		    BOOL bInitialState, LPCWSTR lpName)
{
	return event_create(lpEventAttributes, bManualReset, bInitialState,
			    lpName != NULL);
}

HANDLE CreateEventA(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset,
		    BOOL bInitialState, LPCSTR lpName)
{
	return event_create(lpEventAttributes, bManualReset, bInitialState,
			    lpName != NULL);
}

/* The eventfd behind event @h, and whether it is manual-reset; or -1. */
static int event_fd(HANDLE h, int *manual)
{
	struct slot *s;

	pthread_mutex_lock(&lock);
	s = slot_find(h, KIND_EVENT);
	*manual = s && s->manual_reset;
	pthread_mutex_unlock(&lock);
	return s ? lib_handle_fd(h) : -1;
}

BOOL SetEvent(HANDLE hEvent)
{
	int manual, fd = event_fd(hEvent, &manual);

	return fd >= 0 && fd_signal(fd) ? TRUE : fail(ERROR_INVALID_HANDLE);
}

BOOL ResetEvent(HANDLE hEvent)
{
	int manual, fd = event_fd(hEvent, &manual);
	uint64_t v;

	if (fd < 0)
		return fail(ERROR_INVALID_HANDLE);
	/* Non-blocking: an event already reset reads nothing. */
	return read(fd, &v, sizeof(v)) == sizeof(v) || errno == EAGAIN ?
	       TRUE : fail(ERROR_INVALID_HANDLE);
}

DWORD WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds)
{
	struct timespec end = deadline(dwMilliseconds);
	int manual, n, fd = event_fd(hHandle, &manual);
	struct pollfd p = { .fd = fd, .events = POLLIN };
	uint64_t v;

	if (fd < 0) {
		fail(ERROR_INVALID_HANDLE);
		return WAIT_FAILED;
	}
	for (;;) {
		n = poll(&p, 1, dwMilliseconds == INFINITE ? -1 : ms_left(&end));
		if (n == 0)
			return WAIT_TIMEOUT;
		if (n < 0 && errno != EINTR) {
			fail(ERROR_INVALID_HANDLE);
			return WAIT_FAILED;
		}
		/* An auto-reset event releases one waiter: the one that reads it. */
		if (n > 0 && (manual || read(fd, &v, sizeof(v)) == sizeof(v)))
			return WAIT_OBJECT_0;
	}
}

/*
 * Cancel @fd's pending operations for @ov (NULL: all of them) issued by
 * @thread (NULL: by any); with @closing, the handle is going.  Returns how
 * many.  Under the lock.
 */
static int cancel(int fd, LPOVERLAPPED ov, const pthread_t *thread, int closing)
{
	struct op *op;
	int n = 0;

	lib_dispatcher_lock();
	for (op = pending; op; op = op->next) {
		if (op->handle_fd != fd || (ov && op->ov != ov) ||
		    (thread && !pthread_equal(op->thread, *thread)))
			continue;
		if (op->io.wait == LIB_WAIT_DISPATCH)
			lib_dispatcher_cancel(&op->waiter);
		else
			fd_signal(op->cancel_fd);
		if (closing)
			op->handle_fd = -1;
		n++;
	}
	lib_dispatcher_unlock();
	return n;
}

BOOL CancelIoEx(HANDLE hFile, LPOVERLAPPED lpOverlapped)
{
	int n, fd = lib_handle_fd(hFile);

	if (fd < 0)
		return fail(ERROR_INVALID_HANDLE);
	pthread_mutex_lock(&lock);
	n = cancel(fd, lpOverlapped, NULL, 0);
	pthread_mutex_unlock(&lock);
	return n ? TRUE : fail(ERROR_NOT_FOUND);
}

BOOL CancelIo(HANDLE hFile)
{
	pthread_t self = pthread_self();
	int fd = lib_handle_fd(hFile);

	if (fd < 0)
		return fail(ERROR_INVALID_HANDLE);
	pthread_mutex_lock(&lock);
	cancel(fd, NULL, &self, 0);
	pthread_mutex_unlock(&lock);
	return TRUE;
}

void lib_io_abort(int fd, int closing)
{
	struct slot *s;

	pthread_mutex_lock(&lock);
	cancel(fd, NULL, NULL, closing);
	if (closing && fd < slot_count) {
		s = &slots[fd];
		if (s->dispatcher)
			lib_dispatcher_stop(s->dispatcher);
		if (s->kind == KIND_PORT)
			port_close(s->port);
		else if (s->kind == KIND_ASSOCIATED)
			port_put(s->port);
		memset(s, 0, sizeof(*s));
	}
	pthread_mutex_unlock(&lock);
}

BOOL GetOverlappedResult(HANDLE hFile, LPOVERLAPPED lpOverlapped,
			 LPDWORD lpNumberOfBytesTransferred, BOOL bWait)
{
	ULONG_PTR status;

	if (lib_handle_fd(hFile) < 0)
		return fail(ERROR_INVALID_HANDLE);
	if (!lpOverlapped || !lpNumberOfBytesTransferred)
		return fail(ERROR_INVALID_PARAMETER);
	status = __atomic_load_n(&lpOverlapped->Internal, __ATOMIC_ACQUIRE);
	if (status == STATUS_PENDING && bWait) {
		pthread_mutex_lock(&lock);
		while ((status = __atomic_load_n(&lpOverlapped->Internal,
						 __ATOMIC_ACQUIRE)) == STATUS_PENDING)
			pthread_cond_wait(&completed, &lock);
		pthread_mutex_unlock(&lock);
	}
	if (status == STATUS_PENDING)
		return fail(ERROR_IO_INCOMPLETE);
	*lpNumberOfBytesTransferred = lpOverlapped->InternalHigh;
	return status == NO_ERROR ? TRUE : fail(status);
}

static void op_free(struct op *op)
{
	if (op->fd >= 0)
		close(op->fd);
	if (op->cancel_fd >= 0)
		close(op->cancel_fd);
	free(op->packet);
	free(op->io.owned);
	free(op);
}

/* Wait until @op may try again; nonzero when it was cancelled instead. */
static int op_cancelled(struct op *op)
{
	struct pollfd p[2] = {
		{ .fd = op->cancel_fd, .events = POLLIN },
		{ .fd = op->fd, .events = POLLIN },
	};
	int queue = op->io.wait == LIB_WAIT_QUEUE;

	poll(p, queue ? 2 : 1, queue ? -1 : RETRY_MS);
	return p[0].revents != 0;
}

/* Report @op's end to its OVERLAPPED, event and port, then free it. */
static void op_complete(struct op *op, ULONG result, ULONG bytes)
{
	LPOVERLAPPED ov = op->ov;
	HANDLE event = ov->hEvent;
	struct op **p;

	if (op->io.end)
		op->io.end(&op->io);
	ov->InternalHigh = bytes;
	__atomic_store_n(&ov->Internal, result, __ATOMIC_RELEASE);
	/* No longer pending once its event says so: CancelIoEx finds nothing. */
	pthread_mutex_lock(&lock);
	for (p = &pending; *p != op; p = &(*p)->next)
		;
	*p = op->next;
	pending_count--;
	pthread_mutex_unlock(&lock);
	/* As Windows: the event first, then the packet.  @ov may go now. */
	if (event)
		SetEvent(event);
	pthread_mutex_lock(&lock);
	if (op->port) {
		*op->packet = (struct packet){ .bytes = bytes, .key = op->key,
					       .ov = ov, .error = result };
		port_post(op->port, op->packet);
		op->packet = NULL;
		port_put(op->port);
	}
	pthread_cond_broadcast(&completed);
	pthread_mutex_unlock(&lock);
	op_free(op);
}

void lib_waiter_done(struct lib_waiter *w, ULONG result, ULONG bytes)
{
	op_complete((struct op *)((char *)w - offsetof(struct op, waiter)),
		    result, bytes);
}

static void *worker(void *arg)
{
	struct op *op = arg;
	ULONG bytes = 0, result;

	while ((result = op->io.run(&op->io, op->fd, &bytes)) == ERROR_IO_PENDING) {
		if (op_cancelled(op)) {
			result = ERROR_OPERATION_ABORTED;
			break;
		}
	}
	op_complete(op, result, bytes);
	return NULL;
}

int lib_thread_start(void *(*fn)(void *), void *arg, size_t stack)
{
	pthread_attr_t attr;
	sigset_t all, old;
	pthread_t t;
	int err;

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, stack);
	/* The application's signals are for its own threads. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = pthread_create(&t, &attr, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	return err;
}

/*
 * Start @io on a worker, with @k for its packet: ERROR_IO_PENDING, or
 * ERROR_NOT_ENOUGH_MEMORY with @io and @k still the caller's.
 */
static ULONG op_start(int fd, LPOVERLAPPED ov, const struct lib_io *io,
		      struct packet *k)
{
	struct op *op = calloc(1, sizeof(*op));
	int dispatched = io->wait == LIB_WAIT_DISPATCH;
	struct slot *s, *q;
	ULONG result = ERROR_NOT_ENOUGH_MEMORY;

	if (!op)
		return result;
	op->io = *io;
	op->handle_fd = fd;
	op->thread = pthread_self();
	op->ov = ov;
	op->packet = k;
	op->fd = op->cancel_fd = -1;
	if (!dispatched) {
		op->fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
		op->cancel_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	}
	ov->InternalHigh = 0;
	ov->Internal = STATUS_PENDING;
	pthread_mutex_lock(&lock);
	q = dispatched ? slot_get(fd) : NULL;
	if (q && !q->dispatcher)
		q->dispatcher = lib_dispatcher_start(fd);
	if ((dispatched ? q && q->dispatcher :
			  op->fd >= 0 && op->cancel_fd >= 0) &&
	    pending_count < MAX_PENDING) {
		s = slot_find(lib_fd_handle(fd), KIND_ASSOCIATED);
		if (s) {
			op->port = s->port;
			op->key = s->key;
			op->port->refs++;
		}
		op->next = pending;
		pending = op;
		pending_count++;
		if (dispatched) {
			op->waiter.receive = &op->io.receive;
			lib_dispatcher_add(q->dispatcher, &op->waiter);
			result = ERROR_IO_PENDING;
		} else if (lib_thread_start(worker, op, WORKER_STACK)) {
			/* Under the lock, so a failure finds it still first. */
			pending = op->next;
			pending_count--;
			if (op->port)
				port_put(op->port);
		} else {
			result = ERROR_IO_PENDING;
		}
	}
	pthread_mutex_unlock(&lock);
	if (result != ERROR_IO_PENDING) {
		op->io.owned = NULL;
		op->packet = NULL;
		op_free(op);
	}
	return result;
}

/*
 * An overlapped call that ended at once, as Windows ends one: a success
 * sets @ov's event and queues a packet (@k) to the port unless
 * the handle skips that on success (SetFileCompletionNotificationModes'
 * documentation; "Don't worry, be happy", The Old New Thing, 2010-10-08);
 * a failure, ERROR_MORE_DATA and ERROR_HANDLE_EOF too, is only returned:
 * no event, no packet (.NET's HttpListener frees the OVERLAPPED of such a
 * call).  @ov gets the result either way: GetOverlappedResult won't wait.
 */
static void op_end_inline(int fd, LPOVERLAPPED ov, ULONG result, ULONG bytes,
			  struct packet *k)
{
	struct slot *s;

	ov->InternalHigh = bytes;
	__atomic_store_n(&ov->Internal, result, __ATOMIC_RELEASE);
	if (!result && ov->hEvent)
		SetEvent(ov->hEvent);
	pthread_mutex_lock(&lock);
	s = result ? NULL : slot_find(lib_fd_handle(fd), KIND_ASSOCIATED);
	if (s && !(s->modes & FILE_SKIP_COMPLETION_PORT_ON_SUCCESS)) {
		*k = (struct packet){ .bytes = bytes, .key = s->key, .ov = ov };
		port_post(s->port, k);
		k = NULL;
	}
	pthread_mutex_unlock(&lock);
	free(k);
}

/* Whether receives of the next request wait in @fd's dispatcher. */
static int receives_waiting(int fd)
{
	int busy;

	pthread_mutex_lock(&lock);
	busy = fd < slot_count && slots[fd].dispatcher &&
	       lib_dispatcher_busy(slots[fd].dispatcher);
	pthread_mutex_unlock(&lock);
	return busy;
}

ULONG lib_io_submit(int fd, LPOVERLAPPED ov, struct lib_io *io, PULONG bytes)
{
	struct packet *k = NULL;
	ULONG done = 0, result = ERROR_IO_PENDING;

	if (ov) {
		/* Up front: a completion cannot fail once the I/O is done. */
		k = malloc(sizeof(*k));
		if (!k) {
			if (io->end)
				io->end(io);
			free(io->owned);
			return ERROR_NOT_ENOUGH_MEMORY;
		}
		/* As Windows: the event is reset when the operation starts. */
		if (ov->hEvent)
			ResetEvent(ov->hEvent);
	}
	/*
	 * Overlapped, @run does not wait: one try here, unless it may block
	 * or older receives wait for the next request before this one.
	 */
	if (!ov || (io->wait != LIB_WAIT_BLOCKS &&
		    !(io->wait == LIB_WAIT_DISPATCH && receives_waiting(fd))))
		result = io->run(io, fd, &done);
	if (ov && result == ERROR_IO_PENDING) {
		result = op_start(fd, ov, io, k);
		if (result == ERROR_IO_PENDING)
			return result;
		/* No worker: what a FILL_BUFFER read took is its result. */
		if (io->done) {
			result = NO_ERROR;
			done = io->done;
		}
	}
	if (io->end)
		io->end(io);
	free(io->owned);
	if (bytes && (result == NO_ERROR || result == ERROR_MORE_DATA ||
		      result == ERROR_INSUFFICIENT_BUFFER))
		*bytes = done;
	if (ov)
		op_end_inline(fd, ov, result, done, k);
	return result;
}
