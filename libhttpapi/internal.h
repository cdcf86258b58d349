/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libhttpapi internals: shared by the library's files and its unit tests. */
#ifndef HTTPSYS_LIB_INTERNAL_H
#define HTTPSYS_LIB_INTERNAL_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <http.h>

#include "httpsys.h"

/* ERROR_DLL_INIT_FAILED unless HttpInitialize(SERVER) is in effect. */
ULONG lib_check_server_init(void);

/* The same for HTTP_INITIALIZE_CONFIG (the service configuration calls). */
ULONG lib_check_config_init(void);

/* True for the API versions there are: 1.0 and 2.0. */
int lib_version_ok(HTTPAPI_VERSION v);

/*
 * The checks every call on a queue handle starts with (initialised, a
 * valid handle); sets *@fd.  NO_ERROR or the error.
 */
ULONG lib_queue_call(HANDLE h, int *fd);

/*
 * One I/O on a queue handle: the ioctl of a receive, body read, send,
 * cancel or disconnect wait, run by the caller (synchronous, or the first
 * try of an OVERLAPPED one) or by a worker thread through the same @run.
 */
struct lib_io {
	/*
	 * One try on @fd: NO_ERROR or the error, with *@bytes; a call made
	 * non-blocking (the OVERLAPPED case) says ERROR_IO_PENDING when it
	 * would wait, and the worker waits as @wait says and tries again.
	 */
	ULONG (*run)(struct lib_io *io, int fd, ULONG *bytes);
	enum {
		LIB_WAIT_BLOCKS,	/* @run may block: only on a worker */
		LIB_WAIT_QUEUE,		/* until a request is queued */
		LIB_WAIT_RETRY,		/* a while: not pollable */
		LIB_WAIT_DISPATCH,	/* the next request: the handle's dispatcher */
	} wait;
	unsigned long cmd;	/* HTTPSYS_IOC_* */
	void *owned;		/* freed when the I/O ends */
	/* If set: called once when its result is known, before it is told. */
	void (*end)(struct lib_io *io);
	ULONG done;		/* bytes so far (FILL_BUFFER body reads) */
	union {
		struct httpsys_receive receive;
		struct httpsys_body body;
		struct httpsys_send send;
		struct httpsys_id_op id;
		struct httpsys_cache_flush flush;
		struct httpsys_fragment_add fragment_add;
		struct httpsys_fragment_read fragment_read;
	};
};

/*
 * Run @io on queue @fd.  Without @ov: now, setting *@bytes (if non-NULL)
 * on NO_ERROR, ERROR_MORE_DATA or ERROR_INSUFFICIENT_BUFFER (the size a
 * buffer needs), and returning the result.  With @ov:
 * once now unless it may block; ended there, the result is returned as
 * without @ov and, on NO_ERROR, goes to @ov, its event and the handle's
 * completion port (unless FILE_SKIP_COMPLETION_PORT_ON_SUCCESS); else it
 * goes on on a worker thread, returning ERROR_IO_PENDING, and its result
 * goes to @ov, the port and @ov->hEvent.  Frees @io->owned.
 */
ULONG lib_io_submit(int fd, LPOVERLAPPED ov, struct lib_io *io, PULONG bytes);

/*
 * An overlapped receive of the next request (LIB_WAIT_DISPATCH), waiting
 * in its handle's dispatcher (dispatch.c) for a request to fill @receive
 * with.  async.c owns it; the dispatcher links it through @next.
 */
struct lib_waiter {
	struct lib_waiter *next;
	struct lib_dispatcher *dispatcher;
	const struct httpsys_receive *receive;
	int cancelled;
};

/* A detached thread with every signal blocked: 0 or an errno. */
int lib_thread_start(void *(*fn)(void *), void *arg, size_t stack);

/* A dispatcher for queue @fd, on its own thread; NULL without resources. */
struct lib_dispatcher *lib_dispatcher_start(int fd);

/* Append @w to @d's FIFO; it ends in lib_waiter_done, never before. */
void lib_dispatcher_add(struct lib_dispatcher *d, struct lib_waiter *w);

/* Whether @d has waiters not yet completed (a new receive must queue). */
int lib_dispatcher_busy(struct lib_dispatcher *d);

/*
 * Complete @w with ERROR_OPERATION_ABORTED unless it was filled already;
 * between lib_dispatcher_lock and _unlock, so that waiters cancelled
 * together are all seen together and end in issue order.
 */
void lib_dispatcher_lock(void);
void lib_dispatcher_unlock(void);
void lib_dispatcher_cancel(struct lib_waiter *w);

/* The handle closed: @d ends once its waiters (all cancelled) are done. */
void lib_dispatcher_stop(struct lib_dispatcher *d);

/*
 * For a thread in GetQueuedCompletionStatus on @d's port, under async.c's
 * lock: a reference on @d (nonzero) if it has waiters, else 0.
 */
int lib_dispatcher_hold(struct lib_dispatcher *d);
void lib_dispatcher_release(struct lib_dispatcher *d);

/*
 * Do @d's work once on the caller's thread, without blocking: hand the
 * oldest waiters the requests queued.  Nonzero when it had waiters and
 * no request for them: the caller may sleep in poll() on the queue.
 */
int lib_dispatcher_help(struct lib_dispatcher *d);

/*
 * A helper goes to sleep in poll() on @d's queue (@by 1) or woke (-1):
 * meanwhile the dispatcher leaves the queue to it.  The fd to poll.
 */
int lib_dispatcher_cover(struct lib_dispatcher *d, int by);

/* Called by the dispatcher as @w ends (async.c): frees it. */
void lib_waiter_done(struct lib_waiter *w, ULONG result, ULONG bytes);

/*
 * Complete @fd's pending I/O with ERROR_OPERATION_ABORTED (queue
 * shutdown); with @closing also forget the handle (CloseHandle).
 */
void lib_io_abort(int fd, int closing);

/* errno from an ioctl to a Windows error code, per call family. */
enum lib_call {
	LIB_CALL_URL_ADD,
	LIB_CALL_URL_REMOVE,
	LIB_CALL_RECEIVE,	/* and the other calls on a queue's requests */
	LIB_CALL_SEND,
	LIB_CALL_QUEUE,		/* creating or opening a request queue */
	LIB_CALL_CONFIG,	/* sessions, URL groups and properties */
	LIB_CALL_SERVICE,	/* service configuration: reservations, timeouts */
	LIB_CALL_FRAGMENT,	/* the fragment cache */
};
ULONG lib_errno_to_win32(int err, enum lib_call call);

/* ioctl, restarted when a signal interrupts a wait; 0 or the errno. */
int lib_ioctl(int fd, unsigned long cmd, void *arg);

/* Open /dev/httpsys into *@fd; ERROR_FILE_NOT_FOUND without the module. */
ULONG lib_open_device(int *fd);

/*
 * An ioctl on the process's control handle, which owns its server
 * sessions and URL groups; the result mapped for @call.  Without the
 * handle (no session was created) no ID is valid: ERROR_INVALID_PARAMETER.
 */
ULONG lib_control_call(unsigned long cmd, void *arg, enum lib_call call);

/* Close the control handle, freeing the sessions (the last HttpTerminate). */
void lib_control_close(void);
/* A descriptor of the control handle, or -1 (logging's thread waits on it). */
int lib_control_dup(void);

/* The fd behind a handle, or -1.  Handles are fd + 1, so NULL is invalid. */
int lib_handle_fd(HANDLE h);
HANDLE lib_fd_handle(int fd);

/*
 * Convert a NUL-terminated wide string, or @count wide characters, to
 * UTF-8 in @out (@size bytes, NUL-terminated).  Returns the length, or -1
 * for an invalid code point or NUL or a result that does not fit.
 */
int lib_wide_to_utf8(PCWSTR in, char *out, size_t size);
int lib_wide_to_utf8_n(PCWSTR in, size_t count, char *out, size_t size);

/*
 * Convert @len bytes of UTF-8 to a NUL-terminated wide string in @out
 * (@count characters; NULL to measure).  Returns the characters without
 * the NUL, or -1 for invalid UTF-8, NUL or a result that does not fit.
 */
long lib_utf8_to_wide(const char *in, size_t len, PWSTR out, size_t count);

/* True when @url is a valid http.sys URL prefix. */
int lib_prefix_is_valid(const char *url, size_t len);

/*
 * A wide URL prefix in UTF-8 in @out (@size bytes, NUL-terminated), as
 * ADD_URL and the reservation calls take it.  Returns the length, or -1
 * when it is not a valid prefix or does not fit.
 */
int lib_prefix_to_utf8(PCWSTR url, char *out, size_t size);

/* The same for @count wide characters (a fragment name in a data chunk). */
int lib_prefix_to_utf8_n(PCWSTR url, size_t count, char *out, size_t size);

/*
 * A FromMemory or FromFileHandle chunk as the kernel takes it; NO_ERROR,
 * ERROR_INVALID_PARAMETER or ERROR_INVALID_HANDLE for a bad one, or
 * ERROR_NOT_SUPPORTED for the other types.
 */
ULONG lib_chunk_to_kernel(const HTTP_DATA_CHUNK *c, struct httpsys_chunk *k);

/*
 * An HTTP_CACHE_POLICY as HTTPSYS_CACHE_* in *@policy and its seconds to
 * live (0 unless TimeToLive) in *@seconds; ERROR_INVALID_PARAMETER for a
 * policy there is not.
 */
ULONG lib_cache_policy_in(const HTTP_CACHE_POLICY *p, __u32 *policy,
			  __u32 *seconds);

/*
 * Parse a reservation's security descriptor, @len bytes of SDDL: "D:"
 * and one or more "(A;;RIGHTS;;;SID)", RIGHTS GX (listen), GW (delegate)
 * or GA (both), alone or combined, SID WD (everyone), S-1-22-1-<uid>,
 * S-1-22-2-<gid>, or BA or SY (root).  Fills @aces (HTTPSYS_MAX_ACES
 * entries); returns the count, or -1 for anything else.
 */
int lib_sddl_parse(const char *sddl, size_t len, struct httpsys_ace *aces);

/*
 * Write a reservation (UTF-8 @url and @sddl, @url_len and @sddl_len bytes)
 * to @out (@len bytes) as HttpQueryServiceConfiguration returns it: an
 * HTTP_SERVICE_CONFIG_URLACL_SET whose strings follow it.  *@needed is
 * the size it takes.  NO_ERROR, ERROR_INSUFFICIENT_BUFFER or
 * ERROR_INVALID_DATA (text that is not UTF-8).
 */
ULONG lib_urlacl_out(const char *url, size_t url_len, const char *sddl,
		     size_t sddl_len, void *out, ULONG len, ULONG *needed);

/*
 * Serialise a response's headers as "Name: value\r\n" lines into @out.
 * Returns the length, -1 for a header with CR, LF or NUL in it or a bad
 * name, -2 when @size is too small.
 */
long lib_serialize_headers(const HTTP_RESPONSE_HEADERS *h, char *out,
			   size_t size);

/* A property's value as the kernel takes it (HTTPSYS_IOC_*_PROPERTY). */
struct lib_property {
	__u32 id;		/* HTTPSYS_PROP_* */
	__u32 len;		/* bytes of @value; 0: not passed to the kernel */
	union {
		__u32 word;
		struct httpsys_timeouts timeouts;
		struct httpsys_qos qos;
		struct httpsys_binding binding;
		struct httpsys_auth_info auth;
	} value;
};

/*
 * Check a Set*Property value for @object (HTTPSYS_OBJECT_*) and translate
 * it into @kp.  NO_ERROR or the error the call returns.
 */
ULONG lib_property_in(__u32 object, HTTP_SERVER_PROPERTY property,
		      const void *info, ULONG len, struct lib_property *kp);

/*
 * Write the kernel's answer @kp to a Query*Property as the Windows struct
 * in @info (@len bytes, strings after it); *@needed is the size it takes.
 * NO_ERROR, ERROR_MORE_DATA or another error.
 */
ULONG lib_property_out(__u32 object, HTTP_SERVER_PROPERTY property,
		       const struct lib_property *kp, void *info, ULONG len,
		       ULONG *needed);

/*
 * A table of the library's own handles (htable.c): a handle is the
 * table's @tag, a slot's generation and its index, never a pointer.
 */
struct lib_hslot {
	void *item;		/* NULL: free */
	uint32_t gen;
	uint32_t next_free;	/* index + 1 of the next free slot; 0: none */
};

struct lib_htable {
	pthread_mutex_t lock;
	unsigned int tag;	/* 15 bits, nonzero */
	uint32_t count, cap, free_head;
	struct lib_hslot *slots;
};

#define LIB_HTABLE_INIT(t) { .lock = PTHREAD_MUTEX_INITIALIZER, .tag = (t) }

/* The tag bits of a handle value. */
unsigned int lib_htable_tag(uint64_t h);

/* A new handle for @item (non-NULL); 0 when out of memory or slots. */
uint64_t lib_htable_add(struct lib_htable *t, void *item);

/* Forget handle @h; its item, or NULL when @h names nothing in @t. */
void *lib_htable_remove(struct lib_htable *t, uint64_t h);

/*
 * Run @fn on @h's item with @t locked (so no close frees it meanwhile);
 * @fn's result, or -1 when @h names nothing in @t.
 */
int lib_htable_with(struct lib_htable *t, uint64_t h,
		    int (*fn)(void *item, void *arg), void *arg);

/* True when the @n bytes at address @p lie inside the @len bytes at @buf. */
static inline int lib_in_buffer(uint64_t p, size_t n, const void *buf,
				size_t len)
{
	uintptr_t start = (uintptr_t)buf;

	return p >= start && p - start <= len && n <= len - (p - start);
}

/*
 * An access token from the IDENTITY record @id that the kernel wrote into
 * a request buffer of @len bytes at @buf (its pointers must lie inside
 * it): the handle, or NULL when the record is malformed or memory ran out.
 */
HANDLE lib_token_create(const struct httpsys_auth_identity *id,
			const void *buf, size_t len);

/* True when @h has a token handle's tag (valid or not). */
int lib_token_is_handle(HANDLE h);

/* CloseHandle of a token: TRUE, or FALSE with ERROR_INVALID_HANDLE. */
BOOL lib_token_close(HANDLE h);

/*
 * After a receive of @len bytes into @req: give each AUTH record that an
 * IDENTITY record follows its AccessToken, and drop the IDENTITY records
 * from pRequestInfo so the application sees Windows' array.  A token
 * that cannot be made leaves the request failed (HttpAuthStatusFailure,
 * SEC_E_INSUFFICIENT_MEMORY) rather than lost.
 */
void lib_request_auth_fixup(HTTP_REQUEST_V2 *req, size_t len);

/*
 * Append @resp's pResponseInfo header lines (HTTP_MULTIPLE_KNOWN_HEADERS:
 * one line per value) to @out, which holds @pos bytes of @size, and add
 * HTTPSYS_SEND_AUTH_PRESERVE_ORDER to *@flags when a WWW-Authenticate
 * record asks for it.  Returns the new length, -1 for an invalid record
 * or value, -2 when @size is too small, -3 for a record type not
 * implemented (Authentication, QoS, ChannelBind).
 */
long lib_serialize_response_info(const HTTP_RESPONSE *resp, char *out,
				 size_t size, long pos, __u32 *flags);

/*
 * Memory returned to the application that Windows allocates with
 * HeapAlloc(GetProcessHeap()) (heap.c): free() or HeapFree releases it.
 */
void *lib_heap_alloc(size_t size);

/*
 * The canonical form of UTF-8 URL prefix @url (@len bytes) in @out (@size
 * bytes, NUL-terminated), as HttpPrepareUrl returns it: scheme and host
 * in lower case, the scheme's default port made explicit, leading zeros
 * of the port dropped, "/" for an empty path.  Returns its length, or -1
 * when it is no valid prefix or does not fit.
 */
int lib_prefix_canonical(const char *url, size_t len, char *out, size_t size);

#endif /* HTTPSYS_LIB_INTERNAL_H */
