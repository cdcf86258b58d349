/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * httpsys kernel ABI: the ioctls of /dev/httpsys and the request blob the
 * kernel writes for user space.
 *
 * Every struct here has fixed-width fields and explicit padding, so the
 * ioctl structs are the same for 32- and 64-bit callers.  User pointers
 * travel as __u64.
 *
 * Each open of /dev/httpsys is one request queue.  Errors are returned as
 * negative errno values; libhttpapi maps them to Windows error codes.
 */
#ifndef _UAPI_HTTPSYS_H
#define _UAPI_HTTPSYS_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define HTTPSYS_DEVICE_PATH	"/dev/httpsys"
/*
 * Free in Documentation/userspace-api/ioctl/ioctl-number.rst (Linux 6.1);
 * 0xB7, used before, is nsfs's NSIO.
 */
#define HTTPSYS_IOC_MAGIC	0xD8

/* Longest URL prefix accepted by ADD_URL / REMOVE_URL, in bytes of UTF-8. */
#define HTTPSYS_MAX_URL_LEN	4096

/*
 * Handles.  A fresh open of /dev/httpsys is a control handle: it may own
 * server sessions and URL groups, which live until it closes.  QUEUE
 * attaches it to a request queue, once: a new anonymous queue (the v1
 * HttpCreateHttpHandle), a new named one, or with OPEN_EXISTING the named
 * queue another handle created.  A queue lives while a handle is attached
 * to it; a CONTROLLER handle may configure it but not receive or send.
 * Names are per owner, the effective uid that created the queue: each
 * user has its own, and opens only its own.
 *
 * Errors: -EBUSY the handle already has a queue, -EEXIST (create) the
 * caller has a queue of that name, -ENOENT (open) it has none, -EINVAL
 * bad flags or name.
 */
#define HTTPSYS_QUEUE_OPEN_EXISTING	0x1	/* HTTP_CREATE_REQUEST_QUEUE_FLAG_* */
#define HTTPSYS_QUEUE_CONTROLLER	0x2
#define HTTPSYS_QUEUE_DELEGATION	0x8	/* a target for DELEGATE */
#define HTTPSYS_QUEUE_V1		0x100	/* HttpCreateHttpHandle's queue */
#define HTTPSYS_MAX_QUEUE_NAME		1024	/* bytes of UTF-8 */

struct httpsys_queue_attach {
	__u64 name;		/* UTF-8, no NUL; 0 with @name_len 0: unnamed */
	__u32 name_len;
	__u32 flags;
};

/*
 * Server sessions and URL groups (the v2 object model), owned by the
 * handle that created them.  CREATE_SESSION returns @id; CREATE_GROUP
 * takes the session in @parent and returns @id; the CLOSE calls take @id.
 * Closing a session closes its groups; closing a group removes its URLs.
 * Errors: -ENOENT no such object on this handle, -ENOSPC too many.
 */
struct httpsys_object {
	__u64 id;
	__u64 parent;
	__u32 flags;		/* must be 0 */
	__u32 reserved;		/* must be 0 */
};

#define HTTPSYS_MAX_SESSIONS	64	/* per handle */
#define HTTPSYS_MAX_GROUPS	256	/* per handle */
#define HTTPSYS_MAX_GROUP_URLS	1024	/* per group, and per v1 queue */

/*
 * ADD_URL / REMOVE_URL: @url points at a UTF-8 prefix such as
 * "http://+:80/app/", @url_len bytes long, without a terminating NUL.
 * @group 0 names the handle's own queue (v1 HttpAddUrl); otherwise a URL
 * group of this handle.  @context is returned in each matching request's
 * UrlContext.  REMOVE_URL with HTTPSYS_URL_REMOVE_ALL and no URL empties
 * the group.
 *
 * Errors: -EINVAL malformed prefix, -EEXIST already registered (by any
 * queue), -ENOENT (remove) not registered in this group or queue,
 * -EACCES registered by someone else, -EADDRINUSE the port is bound by a
 * socket that is not ours, -ENOSPC the group holds HTTPSYS_MAX_GROUP_URLS
 * already, -ENXIO no such URL group on this handle,
 * -EBADFD (group 0) the handle has no queue.
 *
 * Every queue call (RECEIVE, RECEIVE_MANY, RECEIVE_BODY, SEND_*, CANCEL,
 * WAIT_DISCONNECT) fails with -EBADFD on a handle without a queue or on a
 * CONTROLLER handle, and with -ESHUTDOWN after SHUTDOWN.
 */
#define HTTPSYS_URL_REMOVE_ALL	0x1	/* HTTP_URL_FLAG_REMOVE_ALL */

struct httpsys_url {
	__u64 url;
	__u32 url_len;
	__u32 flags;
	__u64 context;
	__u64 group;
};

/*
 * SET_PROPERTY / QUERY_PROPERTY on a server session (@object SESSION,
 * @id its ID), a URL group (GROUP) or the handle's queue (QUEUE, @id 0).
 * @property is an HTTP_SERVER_PROPERTY value; @value points at @value_len
 * bytes of the property's struct below.  A query writes the struct and
 * sets @value_len to its size; a setting never made reads back as its
 * default, or for a group as its session's.  A query into a buffer too
 * small fails with -EOVERFLOW and sets @value_len to the size needed.
 *
 * Errors: -EINVAL a property not valid on that object, a wrong size or a
 * value out of range, -ENOENT no such session or group, -EPERM (queue) the
 * handle opened an existing queue and did not create it, -EOPNOTSUPP
 * (queue) a v1 queue, -EBADFD (queue) no queue, -EBADF (binding)
 * @queue_fd is not an httpsys handle with a queue.
 */
#define HTTPSYS_OBJECT_SESSION	1
#define HTTPSYS_OBJECT_GROUP	2
#define HTTPSYS_OBJECT_QUEUE	3

#define HTTPSYS_PROP_AUTHENTICATION	0	/* struct httpsys_auth_info */
#define HTTPSYS_PROP_QOS		2	/* struct httpsys_qos */
#define HTTPSYS_PROP_TIMEOUTS		3	/* struct httpsys_timeouts */
#define HTTPSYS_PROP_QUEUE_LENGTH	4	/* __u32 */
#define HTTPSYS_PROP_STATE		5	/* __u32: 0 active, 1 inactive */
#define HTTPSYS_PROP_503_VERBOSITY	6	/* __u32: 0 basic .. 2 full */
#define HTTPSYS_PROP_BINDING		7	/* struct httpsys_binding */

#define HTTPSYS_STATE_ACTIVE		0	/* HTTP_ENABLED_STATE */
#define HTTPSYS_STATE_INACTIVE		1
#define HTTPSYS_503_BASIC		0	/* reset the connection */
#define HTTPSYS_503_LIMITED		1	/* 503, the default here */
#define HTTPSYS_503_FULL		2	/* 503 naming the reason */
#define HTTPSYS_MAX_QUEUE_LENGTH	65535

struct httpsys_property {
	__u64 id;
	__u32 object;
	__u32 property;
	__u64 value;
	__u32 value_len;	/* in: buffer size; out (query): size written */
	__u32 reserved;		/* must be 0 */
};

/* HTTP_TIMEOUT_LIMIT_INFO's values: seconds, 0 inherit, 0xffff off. */
struct httpsys_timeouts {
	__u32 present;
	__u16 entity_body;
	__u16 drain_entity_body;
	__u16 request_queue;
	__u16 idle_connection;
	__u16 header_wait;
	__u16 pad;
	__u32 min_send_rate;	/* bytes/s; 0 inherit, 0xffffffff off */
};

/* HTTP_QOS_SETTING_INFO: @type 0 bandwidth (bytes/s), 1 connections. */
#define HTTPSYS_QOS_BANDWIDTH		0
#define HTTPSYS_QOS_CONNECTIONS		1
#define HTTPSYS_LIMIT_INFINITE		0xffffffffU
#define HTTPSYS_MIN_BANDWIDTH		1024

struct httpsys_qos {
	__u32 type;
	__u32 present;
	__u32 limit;		/* HTTPSYS_LIMIT_INFINITE: none */
	__u32 reserved;		/* must be 0 */
};

/* HTTP_BINDING_INFO: bind a URL group to a queue, or unbind it. */
struct httpsys_binding {
	__u32 present;
	__s32 queue_fd;		/* an httpsys handle with a queue */
};

/*
 * HTTP_SERVER_AUTHENTICATION_INFO with its realms in UTF-8.  The schemes
 * are HTTP_AUTH_ENABLE_*; the handshake itself is helperd's.
 */
#define HTTPSYS_AUTH_SCHEMES	0x1f
#define HTTPSYS_MAX_REALM	256

struct httpsys_auth_info {
	__u32 present;
	__u32 schemes;
	__u8 receive_mutual_auth;
	__u8 receive_context_handle;
	__u8 disable_ntlm_credential_caching;
	__u8 ex_flags;
	__u16 digest_domain_len;
	__u16 digest_realm_len;
	__u16 basic_realm_len;
	__u16 pad;
	char digest_domain[HTTPSYS_MAX_REALM];
	char digest_realm[HTTPSYS_MAX_REALM];
	char basic_realm[HTTPSYS_MAX_REALM];
};

/* RECEIVE flags */
#define HTTPSYS_RECEIVE_COPY_BODY	0x1	/* HTTP_RECEIVE_REQUEST_FLAG_COPY_BODY */
#define HTTPSYS_RECEIVE_FLUSH_BODY	0x2	/* HTTP_RECEIVE_REQUEST_FLAG_FLUSH_BODY */
#define HTTPSYS_RECEIVE_NONBLOCK	0x100	/* fail with -EAGAIN, don't wait */

/*
 * RECEIVE: write the next request (or the one named by @request_id) into
 * @buffer as an HTTP_REQUEST_V2 (see below) with every pointer pointing inside @buffer
 * (the LP64 layout below).  Wide strings are UTF-32 (Linux wchar_t).
 *
 * On success @bytes_needed is the number of bytes written.  When the
 * buffer is too small the call fails with -EOVERFLOW, @bytes_needed is the
 * size required, @request_id is set, and the request is thereafter only
 * delivered to a RECEIVE naming that id.
 *
 * Errors: -EINVAL buffer smaller than struct httpsys_request_v1 or bad
 * flags, -EAGAIN nothing waiting (non-blocking), -ENOENT unknown or
 * finished request id, -ENODATA the named request was already received,
 * -EFAULT bad buffer, -EINTR interrupted.
 */
struct httpsys_receive {
	__u64 request_id;	/* in: 0 or an id; out: the request's id */
	__u64 buffer;
	__u32 buffer_len;
	__u32 flags;
	__u32 bytes_needed;	/* out */
	__u32 reserved;		/* must be 0 */
};

/*
 * RECEIVE_MANY: hand over up to HTTPSYS_RECEIVE_MANY_MAX queued requests
 * in one call.  @receives points to @count descriptors, filled in order,
 * each with the next request waiting (oldest first) exactly as a RECEIVE
 * with request_id 0 would fill it.  Only the first waits for a request,
 * and only without HTTPSYS_RECEIVE_NONBLOCK (in @flags) or O_NONBLOCK;
 * the rest take what is queued already.  Returns how many descriptors got
 * an outcome (at least 1); the later ones are untouched.
 *
 * Each filled descriptor's @result is 0 (@bytes_needed bytes written) or
 * -EOVERFLOW (@bytes_needed is the size required and the request is set
 * aside for a RECEIVE naming @request_id, as RECEIVE does); either way
 * @request_id is set.  An -EOVERFLOW does not end the call: the next
 * descriptors are filled too.  Any other failure on a descriptor ends it
 * there: the request goes back first in line, and the call returns the
 * count before it, or the error when it is the first.
 *
 * Errors: -EINVAL @count 0 or above the maximum, unknown @flags, a
 * descriptor with a request_id, flags other than COPY_BODY/FLUSH_BODY,
 * a nonzero @result or a buffer smaller than struct httpsys_request_v1;
 * -EAGAIN nothing waiting (non-blocking), -ESHUTDOWN, -EFAULT, -EINTR.
 */
#define HTTPSYS_RECEIVE_MANY_MAX	64

struct httpsys_receive_slot {
	__u64 request_id;	/* in: 0; out: the request's id */
	__u64 buffer;
	__u32 buffer_len;
	__u32 flags;		/* COPY_BODY, FLUSH_BODY */
	__u32 bytes_needed;	/* out */
	__s32 result;		/* in: 0; out: 0 or -EOVERFLOW */
};

struct httpsys_receive_many {
	__u64 receives;		/* struct httpsys_receive_slot[@count] */
	__u32 count;
	__u32 flags;		/* HTTPSYS_RECEIVE_NONBLOCK */
};

/* RECEIVE_BODY flags */
#define HTTPSYS_BODY_FILL_BUFFER	0x1
#define HTTPSYS_BODY_NONBLOCK		0x100

/*
 * RECEIVE_BODY: copy up to @buffer_len bytes of the request's entity body.
 * Errors: -ENODATA the body is exhausted (ERROR_HANDLE_EOF), -ENOENT
 * unknown or finished request, -ECONNRESET the client went away.
 */
struct httpsys_body {
	__u64 request_id;
	__u64 buffer;
	__u32 buffer_len;
	__u32 flags;
	__u32 bytes_read;	/* out */
	__u32 reserved;		/* must be 0 */
};

/* Data chunk types, as HTTP_DATA_CHUNK_TYPE. */
#define HTTPSYS_CHUNK_FROM_MEMORY	0
#define HTTPSYS_CHUNK_FROM_FILE		1
#define HTTPSYS_CHUNK_FROM_FRAGMENT	2	/* both FromFragmentCache kinds */

/* A FROM_FILE @length meaning "to the end of the file". */
#define HTTPSYS_LENGTH_TO_EOF		(~(__u64)0)

/*
 * FROM_MEMORY: @length bytes at user address @data; @fd must be 0.
 * FROM_FILE: @length bytes of the open file @fd from offset @data, sent
 * from the page cache without passing through user space.
 * FROM_FRAGMENT: @data points at a struct httpsys_fragment_range naming a
 * fragment of the cache and the bytes of it to send; @fd and @length must
 * be 0.  A send naming a fragment that is not (or no longer) cached fails
 * with -ESTALE before any byte goes (ERROR_PATH_NOT_FOUND).
 */
struct httpsys_chunk {
	__u32 type;
	__s32 fd;
	__u64 data;
	__u64 length;
};

struct httpsys_fragment_range {
	__u64 name;		/* the fragment's URL, UTF-8, no NUL */
	__u32 name_len;
	__u32 reserved;		/* must be 0 */
	__u64 offset;
	__u64 length;		/* HTTPSYS_LENGTH_TO_EOF: to its end */
};

/* Send flags: the HTTP_SEND_RESPONSE_FLAG_* values. */
#define HTTPSYS_SEND_DISCONNECT		0x1
#define HTTPSYS_SEND_MORE_DATA		0x2
#define HTTPSYS_SEND_BUFFER_DATA	0x4	/* hold back a MORE_DATA send's tail */
/* Send WWW-Authenticate values in the given order (PRESERVE_ORDER). */
#define HTTPSYS_SEND_AUTH_PRESERVE_ORDER 0x1000

/* Limits on what one send may carry. */
#define HTTPSYS_MAX_RESPONSE_HEADERS_LEN	65536
#define HTTPSYS_MAX_CHUNKS			1024
#define HTTPSYS_MAX_REASON_LEN			255

/*
 * SEND_RESPONSE: the status line and headers, then the chunks.
 * @headers holds "Name: value\r\n" lines, @headers_len bytes; the kernel
 * validates each line, replaces Date, and adds Content-Length when neither
 * it nor Transfer-Encoding is given and MORE_DATA is not set.
 * SEND_BODY: more chunks of a response begun with MORE_DATA; @status,
 * @reason and @headers must be empty.
 *
 * On a request to a URL with authentication enabled, the kernel rewrites
 * the WWW-Authenticate lines of SEND_RESPONSE: they go out together, where
 * the first was, in the order Negotiate, NTLM, Digest, Basic, then others
 * as given, unless HTTPSYS_SEND_AUTH_PRESERVE_ORDER; a value whose scheme
 * is enabled and is Basic becomes Basic realm="<BasicParams realm, else
 * the request's host>"; one that is an enabled Digest becomes a fresh
 * challenge from helperd, or is left out when helperd gives none within
 * auth_timeout (the other lines still go out); any other value is sent as
 * given.  A 2xx to a request whose Negotiate handshake ended with a token
 * also carries "WWW-Authenticate: Negotiate <token>", unless the URL's
 * ReceiveMutualAuth handed the token over in the AUTH record instead.
 *
 * @log_data, when set, is the response's log data (HttpServerLoggingProperty,
 * struct httpsys_log_data below); the last send that carries some wins.
 *
 * Errors: -EINVAL malformed arguments or a file range past the end,
 * -EBADF a file chunk's fd is not open for reading, -ENOENT unknown or
 * finished request, -EALREADY (SEND_RESPONSE) the response was already
 * begun, -ECONNRESET/-EPIPE the client went away, -ETIMEDOUT the client
 * read slower than min_send_rate.
 */
struct httpsys_send {
	__u64 request_id;
	__u32 flags;
	__u16 status;
	__u16 reason_len;
	__u64 reason;
	__u64 headers;
	__u32 headers_len;
	__u32 chunk_count;
	__u64 chunks;		/* array of struct httpsys_chunk */
	__u64 bytes_sent;	/* out */
	__u32 cache_policy;	/* SEND_RESPONSE: HTTPSYS_CACHE_* */
	__u32 cache_seconds;	/* TIME_TO_LIVE's SecondsToLive */
	__u64 log_data;		/* struct httpsys_log_data, or 0 */
	__u32 log_data_len;
	__u32 reserved;		/* must be 0 */
};

#define HTTPSYS_IOC_ADD_URL	 _IOW(HTTPSYS_IOC_MAGIC, 1, struct httpsys_url)
#define HTTPSYS_IOC_REMOVE_URL	 _IOW(HTTPSYS_IOC_MAGIC, 2, struct httpsys_url)
#define HTTPSYS_IOC_RECEIVE	 _IOWR(HTTPSYS_IOC_MAGIC, 3, struct httpsys_receive)
#define HTTPSYS_IOC_RECEIVE_BODY _IOWR(HTTPSYS_IOC_MAGIC, 4, struct httpsys_body)
#define HTTPSYS_IOC_SEND_RESPONSE _IOWR(HTTPSYS_IOC_MAGIC, 5, struct httpsys_send)
#define HTTPSYS_IOC_SEND_BODY	 _IOWR(HTTPSYS_IOC_MAGIC, 6, struct httpsys_send)

/*
 * The kernel response cache (HTTP_CACHE_POLICY).  A SEND_RESPONSE with
 * a policy other than NONE also stores the response for its request's
 * URL when the request and the response are cacheable (the rules are in
 * docs/CACHE.md; a response that is not is sent and not stored, with no
 * error); later requests for that URL that may be answered from the
 * cache are answered by the kernel without reaching the queue.
 * USER_INVALIDATES keeps an entry until it is flushed, TIME_TO_LIVE for
 * @cache_seconds; either may be evicted sooner (least recently used
 * first) when the cache is full, and goes when the URL's registration
 * goes.
 *
 * FLUSH_CACHE (HttpFlushResponseCache): drop the responses and fragments
 * this queue stored for the URL @url (a full URL as in requests,
 * "http://host:port/path"; host "+" or "*" matches every host), and with
 * HTTPSYS_FLUSH_RECURSIVE those under it too.  Flushing nothing is not an
 * error.  Errors: -EINVAL malformed URL or flags.
 *
 * FRAGMENT_ADD (HttpAddFragmentToCache): store @chunk (FROM_MEMORY or
 * FROM_FILE) as the fragment named @url, replacing this queue's fragment
 * of that name.  @url must fall under a prefix registered to this queue.
 * Errors: -EINVAL malformed, -EACCES @url is not this queue's or the name
 * is another queue's fragment, -EFBIG larger than the cache's largest
 * entry, -ENOMEM.
 *
 * FRAGMENT_READ (HttpReadFragmentFromCache): copy bytes @offset.. of the
 * fragment @url (@length of them, or HTTPSYS_LENGTH_TO_EOF) into @buffer;
 * @bytes_read is set to the bytes copied, or with -EOVERFLOW to the size
 * needed.  Errors: -ENOENT no such fragment (ERROR_PATH_NOT_FOUND),
 * -EINVAL a range past its end.
 */
#define HTTPSYS_CACHE_NONE		0	/* HttpCachePolicyNocache */
#define HTTPSYS_CACHE_USER_INVALIDATES	1
#define HTTPSYS_CACHE_TIME_TO_LIVE	2

#define HTTPSYS_FLUSH_RECURSIVE		0x1	/* HTTP_FLUSH_RESPONSE_FLAG_RECURSIVE */

struct httpsys_cache_flush {
	__u64 url;
	__u32 url_len;
	__u32 flags;
};

struct httpsys_fragment_add {
	__u64 url;
	__u32 url_len;
	__u32 cache_policy;	/* HTTPSYS_CACHE_*; NONE is -EINVAL */
	__u32 cache_seconds;
	__u32 reserved;		/* must be 0 */
	struct httpsys_chunk chunk;
};

struct httpsys_fragment_read {
	__u64 url;
	__u32 url_len;
	__u32 flags;		/* must be 0 */
	__u64 offset;
	__u64 length;
	__u64 buffer;
	__u32 buffer_len;
	__u32 bytes_read;	/* out */
};

#define HTTPSYS_IOC_FLUSH_CACHE	 _IOW(HTTPSYS_IOC_MAGIC, 23, struct httpsys_cache_flush)
#define HTTPSYS_IOC_FRAGMENT_ADD _IOW(HTTPSYS_IOC_MAGIC, 24, struct httpsys_fragment_add)
#define HTTPSYS_IOC_FRAGMENT_READ _IOWR(HTTPSYS_IOC_MAGIC, 25, struct httpsys_fragment_read)
#define HTTPSYS_IOC_RECEIVE_MANY _IOW(HTTPSYS_IOC_MAGIC, 26, struct httpsys_receive_many)

/*
 * CANCEL: abandon a received request and reset its connection
 * (HttpCancelHttpRequest).  WAIT_DISCONNECT: wait until the connection
 * that carried one of this queue's requests is gone (HttpWaitForDisconnect).
 * Errors: -ENOENT unknown request or connection, -EINTR interrupted,
 * -EAGAIN (WAIT_DISCONNECT with HTTPSYS_WAIT_NONBLOCK) still connected.
 */
#define HTTPSYS_WAIT_NONBLOCK	0x100

struct httpsys_id_op {
	__u64 id;		/* a request ID (CANCEL) or connection ID */
	__u32 flags;
	__u32 reserved;		/* must be 0 */
};

#define HTTPSYS_IOC_CANCEL	 _IOW(HTTPSYS_IOC_MAGIC, 7, struct httpsys_id_op)
#define HTTPSYS_IOC_WAIT_DISCONNECT _IOW(HTTPSYS_IOC_MAGIC, 8, struct httpsys_id_op)

#define HTTPSYS_IOC_QUEUE	 _IOW(HTTPSYS_IOC_MAGIC, 9, struct httpsys_queue_attach)
#define HTTPSYS_IOC_CREATE_SESSION _IOWR(HTTPSYS_IOC_MAGIC, 10, struct httpsys_object)
#define HTTPSYS_IOC_CLOSE_SESSION _IOW(HTTPSYS_IOC_MAGIC, 11, struct httpsys_object)
#define HTTPSYS_IOC_CREATE_GROUP _IOWR(HTTPSYS_IOC_MAGIC, 12, struct httpsys_object)
#define HTTPSYS_IOC_CLOSE_GROUP	 _IOW(HTTPSYS_IOC_MAGIC, 13, struct httpsys_object)
#define HTTPSYS_IOC_SET_PROPERTY _IOW(HTTPSYS_IOC_MAGIC, 14, struct httpsys_property)
#define HTTPSYS_IOC_QUERY_PROPERTY _IOWR(HTTPSYS_IOC_MAGIC, 15, struct httpsys_property)

/*
 * Request logging (HttpServerLoggingProperty, docs/LOGGING.md).  As in
 * http.sys, a response is logged when its send carries the application's
 * log data (struct httpsys_log_data, HTTP_LOG_FIELDS_DATA's values) and
 * its request was routed to a server session or URL group with a log on;
 * the group's own log wins over its session's.  A response the kernel's
 * cache gives is logged too, with the values the kernel knows.  When the
 * request ends, the kernel appends a struct httpsys_log_record to that
 * log's buffer; a full buffer drops the record and counts it.
 *
 * LOG_SET on a session or group of this handle: HTTPSYS_LOG_ON in @flags
 * turns its log on, with @buffer_bytes of records (0: the default), or
 * keeps the one there; without it, turns the log off (records not read
 * yet are lost; read them first).  LOG_READ copies out as many whole
 * records as fit in @buf_len bytes, oldest first, and stores their
 * count, their bytes, and the records dropped since the last read.  With
 * @timeout_ms, it first waits that long, or until a quarter of the buffer
 * is full or the log is turned off, so a reader wakes once per batch.
 *
 * Errors: -ENOENT no such session or group on this handle, or (READ) no
 * log on it; -EINVAL bad @object, @flags, size or reserved field;
 * -ENOMEM no memory for the buffer; -EINTR interrupted while waiting;
 * -EFAULT (READ) @buf not writable: the batch taken is lost.
 */
#define HTTPSYS_LOG_ON			0x1
#define HTTPSYS_LOG_DEFAULT_BUFFER	(256 << 10)
#define HTTPSYS_LOG_MIN_BUFFER		(8 << 10)
#define HTTPSYS_LOG_MAX_BUFFER		(4 << 20)
#define HTTPSYS_LOG_MAX_STRING		512	/* bytes, each string */

/* The strings of log data, in HTTP_LOG_FIELDS_DATA's order. */
#define HTTPSYS_LOG_USER_NAME		0
#define HTTPSYS_LOG_URI_STEM		1
#define HTTPSYS_LOG_CLIENT_IP		2
#define HTTPSYS_LOG_SERVER_NAME		3
#define HTTPSYS_LOG_SERVICE_NAME	4
#define HTTPSYS_LOG_SERVER_IP		5
#define HTTPSYS_LOG_METHOD		6
#define HTTPSYS_LOG_URI_QUERY		7
#define HTTPSYS_LOG_HOST		8
#define HTTPSYS_LOG_USER_AGENT		9
#define HTTPSYS_LOG_COOKIE		10
#define HTTPSYS_LOG_REFERRER		11
#define HTTPSYS_LOG_STRINGS		12

/*
 * A send's log data (its @log_data, @log_data_len bytes): this, then the
 * strings, UTF-8 without NULs, each at most HTTPSYS_LOG_MAX_STRING bytes;
 * an empty one is not logged ("-").  -EINVAL when the lengths do not add
 * up to @log_data_len or a reserved field is set.
 */
struct httpsys_log_data {
	__u16 string_len[HTTPSYS_LOG_STRINGS];
	__u16 server_port;
	__u16 status;		/* ProtocolStatus */
	__u16 sub_status;
	__u16 reserved;		/* must be 0 */
	__u32 win32_status;
	__u32 reserved2;	/* must be 0 */
};

#define HTTPSYS_LOG_MAX_DATA	(sizeof(struct httpsys_log_data) + \
				 HTTPSYS_LOG_STRINGS * HTTPSYS_LOG_MAX_STRING)

struct httpsys_log_set {
	__u64 id;
	__u32 object;		/* HTTPSYS_OBJECT_SESSION or _GROUP */
	__u32 flags;		/* HTTPSYS_LOG_ON */
	__u32 buffer_bytes;	/* MIN_BUFFER .. MAX_BUFFER, or 0 */
	__u32 reserved;		/* must be 0 */
};

struct httpsys_log_read {
	__u64 id;
	__u32 object;
	__u32 timeout_ms;	/* 0: do not wait; at most 60000 */
	__u64 buf;
	__u32 buf_len;		/* at least HTTPSYS_LOG_MAX_RECORD */
	__u32 records;		/* out; must be 0 in */
	__u32 bytes;		/* out; must be 0 in */
	__u32 dropped;		/* out; must be 0 in */
};

/* The response came from the kernel's cache: the kernel wrote @data. */
#define HTTPSYS_LOG_FROM_CACHE	0x1

/*
 * One request, @size bytes: this, then @data's strings, then zeros up to
 * a multiple of 8.
 */
struct httpsys_log_record {
	__u16 size;
	__u16 flags;		/* HTTPSYS_LOG_FROM_CACHE */
	__u8 version_major;	/* the request's HTTP version */
	__u8 version_minor;
	__u16 family;		/* AF_INET or AF_INET6 */
	__u16 local_port;	/* host byte order */
	__u16 remote_port;
	__u32 time_taken;	/* ms, from routing to the request's end */
	__u64 time;		/* ns since 1970 UTC: the request's end */
	__u64 bytes_sent;
	__u64 bytes_received;
	__u8 local_addr[16];	/* network byte order; IPv4 in the first 4 */
	__u8 remote_addr[16];
	struct httpsys_log_data data;
};

#define HTTPSYS_LOG_MAX_RECORD	(sizeof(struct httpsys_log_record) + \
				 HTTPSYS_LOG_STRINGS * HTTPSYS_LOG_MAX_STRING)

#define HTTPSYS_IOC_LOG_SET	 _IOW(HTTPSYS_IOC_MAGIC, 27, struct httpsys_log_set)
#define HTTPSYS_IOC_LOG_READ	 _IOWR(HTTPSYS_IOC_MAGIC, 28, struct httpsys_log_read)

/*
 * URL reservations (URL ACLs, HttpServiceConfigUrlAclInfo).  A prefix may
 * be registered by a process without CAP_NET_ADMIN only when the
 * reservation with the longest matching path in the prefix's host class
 * (same scheme, host and port) grants its effective user, one of its
 * groups, or everyone the listen right; otherwise ADD_URL fails with
 * -EACCES.  Such a registration delivers a request only while that still
 * holds for the request's URL: a reservation added below it for someone
 * else, or the deletion of its own, turns those requests into 503s.
 * Reservations are added and deleted with CAP_NET_ADMIN, or by a user
 * whom the reservation with the longest path strictly above grants the
 * delegate right (else -EPERM); anyone may list them.
 *
 * @sddl is the caller's security descriptor string, kept verbatim for
 * queries (at most HTTPSYS_MAX_SDDL bytes, no NUL); @aces is what it
 * grants, HTTPSYS_MAX_ACES at most.  An ACE's uid or gid is resolved in
 * the adder's user namespace when the reservation is added (-EINVAL when
 * that namespace does not map it) and a query gives it in the querier's
 * (an unmapped id reads as the overflow id, 65534).
 *
 * URLACL_ADD: -EEXIST a reservation for that prefix exists.
 * URLACL_DELETE (@sddl and @aces unused): -ENOENT none.
 * URLACL_QUERY: the @index-th reservation (in the order added): the
 * prefix and SDDL are copied into @url/@sddl, their buffer sizes in
 * @url_len/@sddl_len, and the lengths written stored back; @aces (if
 * non-zero) receives up to @ace_count entries and @ace_count is set to
 * the reservation's count.  -ENOENT past the last one, -EOVERFLOW (with
 * the lengths needed stored) when a buffer is too small.
 */
#define HTTPSYS_MAX_SDDL	1024
#define HTTPSYS_MAX_ACES	32
#define HTTPSYS_MAX_RESERVATIONS 4096

#define HTTPSYS_ACE_EVERYONE	0	/* WD */
#define HTTPSYS_ACE_USER	1	/* S-1-22-1-<uid> */
#define HTTPSYS_ACE_GROUP	2	/* S-1-22-2-<gid> */

#define HTTPSYS_RIGHT_LISTEN	0x1	/* GX */
#define HTTPSYS_RIGHT_DELEGATE	0x2	/* GW */

struct httpsys_ace {
	__u32 type;
	__u32 id;		/* uid or gid; 0 for EVERYONE */
	__u32 rights;
	__u32 reserved;		/* must be 0 */
};

struct httpsys_urlacl {
	__u64 url;
	__u32 url_len;
	__u32 sddl_len;
	__u64 sddl;
	__u64 aces;		/* array of struct httpsys_ace */
	__u32 ace_count;
	__u32 index;		/* QUERY */
};

#define HTTPSYS_IOC_URLACL_ADD	 _IOW(HTTPSYS_IOC_MAGIC, 17, struct httpsys_urlacl)
#define HTTPSYS_IOC_URLACL_DELETE _IOW(HTTPSYS_IOC_MAGIC, 18, struct httpsys_urlacl)
#define HTTPSYS_IOC_URLACL_QUERY _IOWR(HTTPSYS_IOC_MAGIC, 19, struct httpsys_urlacl)

/*
 * The machine-wide timeouts (HttpServiceConfigTimeout, `httpcfg show|set
 * timeout`): IdleConnection and HeaderWait, in seconds.  These are the
 * idle_connection and header_wait module parameters.  TIMEOUT_SET needs
 * CAP_NET_ADMIN; @seconds 0 restores the default (120).  Anyone may query.
 * Errors: -EINVAL unknown @key or @seconds above HTTPSYS_MAX_TIMEOUT,
 * -EPERM not privileged.
 */
#define HTTPSYS_TIMEOUT_IDLE_CONNECTION	0	/* HTTP_SERVICE_CONFIG_TIMEOUT_KEY */
#define HTTPSYS_TIMEOUT_HEADER_WAIT	1
#define HTTPSYS_MAX_TIMEOUT		65535

struct httpsys_service_timeout {
	__u32 key;
	__u32 seconds;
};

#define HTTPSYS_IOC_TIMEOUT_SET	 _IOW(HTTPSYS_IOC_MAGIC, 20, struct httpsys_service_timeout)
#define HTTPSYS_IOC_TIMEOUT_QUERY _IOWR(HTTPSYS_IOC_MAGIC, 21, struct httpsys_service_timeout)

/*
 * SERVICE_STATE (`httpcfg show servicestate`): a snapshot of every
 * request queue, the processes attached to each, and every server
 * session with its URL groups and their URLs.  The kernel writes a
 * sequence of entries into @buffer: each a struct httpsys_state_entry
 * followed by @text_len bytes of UTF-8 (no NUL), padded so the next entry
 * starts @size bytes on, at an 8-byte boundary.  The SERVICE entry comes
 * first, then every queue (one with HttpAddUrl prefixes followed by a
 * GROUP of parent 0 and its URLs), then a PROCESS entry for every handle
 * attached to a queue (the process that opened the handle), then each
 * session followed by its groups, each group followed by its URLs.
 * @length is set to the bytes written, or with -EOVERFLOW to the bytes
 * needed; a snapshot over 64 MiB fails with -E2BIG.  Anyone may ask, but
 * without CAP_NET_ADMIN the snapshot holds only the queues, processes and
 * sessions of handles opened with the caller's effective uid, and fails
 * with -E2BIG over 1 MiB.
 */
#define HTTPSYS_STATE_SERVICE	1	/* the whole service: one, first */
#define HTTPSYS_STATE_QUEUE	2
#define HTTPSYS_STATE_PROCESS	3	/* a handle attached to a queue */
#define HTTPSYS_STATE_SESSION	4
#define HTTPSYS_STATE_GROUP	5
#define HTTPSYS_STATE_URL	6
/*
 * CACHE, after SERVICE (one): @id requests answered from the cache, @parent
 * cacheable requests that were not, @queue bytes held, @count_a responses
 * and @count_b fragments held, @max_length evictions for room.
 * CACHE_ENTRY, after it (only those of the caller's queues, unless
 * CAP_NET_ADMIN): @id its hits, @parent the queue that stored it, @queue
 * its bytes, @count_a seconds left (0xffffffff: until flushed), the URL
 * in the text; HTTPSYS_STATE_FLAG_FRAGMENT for a fragment.
 */
#define HTTPSYS_STATE_CACHE	7
#define HTTPSYS_STATE_CACHE_ENTRY 8
/*
 * COUNTERS, after CACHE (one): machine-wide counts since the module was
 * loaded; its text is a struct httpsys_state_counters, not UTF-8.
 */
#define HTTPSYS_STATE_COUNTERS	9

/* The statuses the kernel answers with, counted each in errors[]. */
#define HTTPSYS_COUNTED_ERRORS	{ 400, 404, 408, 411, 413, 414, 501, 503, 505 }
#define HTTPSYS_COUNTED_ERROR_COUNT 9

struct httpsys_state_counters {
	__u64 requests;		/* request heads received */
	__u64 responses[5];	/* final responses sent, by class 1xx-5xx:
				 * the applications' and the cache's */
	__u64 errors[HTTPSYS_COUNTED_ERROR_COUNT];	/* the kernel's own */
	__u64 errors_other;	/* the kernel's own, any other status */
	__u64 conns_accepted;
	__u64 conns_refused;	/* over MaxConnections or a source limit */
	__u64 bytes_in;		/* read from clients */
	__u64 bytes_out;	/* sent to clients */
};

#define HTTPSYS_STATE_FLAG_V1		0x1	/* queue: HttpCreateHttpHandle's */
#define HTTPSYS_STATE_FLAG_CONTROLLER	0x2	/* process: a controller */
#define HTTPSYS_STATE_FLAG_SHUT_DOWN	0x4	/* process: shut down */
#define HTTPSYS_STATE_FLAG_FRAGMENT	0x8	/* cache entry: a fragment */

struct httpsys_state_entry {
	__u32 type;		/* HTTPSYS_STATE_* */
	__u32 size;		/* this entry and its text, padded */
	__u64 id;		/* queue, session or group ID; URL: its context */
	__u64 parent;		/* process: its queue; group: its session
				 * (0: a v1 queue's); URL: its group
				 */
	__u64 queue;		/* group: the bound queue, 0 none */
	__u32 pid;		/* process, session, group: the owner's tgid */
	__u32 uid;		/* queue: owner; process: the opener's euid */
	__u32 state;		/* HTTPSYS_STATE_ACTIVE / _INACTIVE */
	__u32 flags;		/* HTTPSYS_STATE_FLAG_* */
	/* SERVICE: open connections and listening ports; QUEUE: requests
	 * waiting for a receiver and requests received, not yet answered.
	 */
	__u32 count_a;
	__u32 count_b;
	__u32 max_length;	/* queue: QueueLength */
	__u32 verbosity;	/* queue: 503 verbosity */
	struct httpsys_timeouts timeouts;	/* session, group: as set */
	struct httpsys_qos bandwidth;
	struct httpsys_qos connections;
	__u32 text_len;		/* queue: its name; URL: the prefix */
	__u32 pad[2];
};

struct httpsys_state_query {
	__u64 buffer;
	__u32 length;		/* in: buffer size; out: see above */
	__u32 reserved;		/* must be 0 */
};

#define HTTPSYS_IOC_SERVICE_STATE _IOWR(HTTPSYS_IOC_MAGIC, 22, struct httpsys_state_query)

/*
 * SHUTDOWN: HttpShutdownRequestQueue for this handle: its waiting
 * receives fail with -ESHUTDOWN, the requests it received are abandoned,
 * and it receives nothing more.  No argument.
 */
#define HTTPSYS_IOC_SHUTDOWN	 _IO(HTTPSYS_IOC_MAGIC, 16)

/*
 * DELEGATE (HttpDelegateRequestEx): move request @request_id, received on
 * this handle's queue, with its connection to the queue of handle
 * @target_fd, for URL group @group_id.  The request waits there as a new
 * one, with the UrlContext of the group's URL it routes to; this queue can
 * no longer answer it or read its body.  @target_fd must be an httpsys
 * handle attached with HTTPSYS_QUEUE_DELEGATION to another queue, and
 * @group_id a URL group bound to that queue with a URL the request routes
 * to.  Only a request whose response has not begun and of whose entity
 * body nothing was read can move.
 *
 * Errors: -EINVAL bad flags or the same queue, -EBADF @target_fd is not
 * an httpsys handle with a queue, -EPERM it was not attached with
 * HTTPSYS_QUEUE_DELEGATION, -ENXIO no such group bound to the target, or
 * none of its URLs takes the request, -ENOENT no such request received
 * on this queue (or its connection is gone), -EALREADY its response has
 * begun, -EBUSY some of its body was read, -EAGAIN the target queue is
 * full, disabled or closing.  On error nothing changed.
 */
struct httpsys_delegate {
	__u64 request_id;
	__u64 group_id;
	__s32 target_fd;
	__u32 flags;		/* must be 0 */
};

#define HTTPSYS_IOC_DELEGATE	_IOW(HTTPSYS_IOC_MAGIC, 29, struct httpsys_delegate)

/*
 * QUEUE_ID: the ID of this handle's queue, as the SERVICE_STATE snapshot
 * shows it (controllers' handles too).  Errors: -EBADFD no queue.
 */
struct httpsys_queue_id {
	__u64 id;
};

#define HTTPSYS_IOC_QUEUE_ID	_IOR(HTTPSYS_IOC_MAGIC, 30, struct httpsys_queue_id)

/*
 * The request blob RECEIVE writes: HTTP_REQUEST_V1 in its LP64 layout
 * (the same as x64 Windows), pointers as __u64 user addresses.
 */
#define HTTPSYS_HEADER_REQUEST_MAX	41	/* HttpHeaderRequestMaximum */

/* Request flags, as HTTP_REQUEST_FLAG_*. */
#define HTTPSYS_REQUEST_MORE_ENTITY_BODY	0x1

struct httpsys_known_header {
	__u16 raw_value_length;
	__u16 pad[3];
	__u64 raw_value;
};

struct httpsys_unknown_header {
	__u16 name_length;
	__u16 raw_value_length;
	__u32 pad;
	__u64 name;
	__u64 raw_value;
};

struct httpsys_data_chunk {
	__u32 type;		/* HTTPSYS_CHUNK_FROM_MEMORY */
	__u32 pad;
	__u64 buffer;
	__u32 buffer_length;
	__u32 pad2;
	__u64 pad3;
};

struct httpsys_request_v1 {
	__u32 flags;
	__u32 pad0;
	__u64 connection_id;
	__u64 request_id;
	__u64 url_context;
	__u16 version_major;
	__u16 version_minor;
	__u32 verb;			/* HTTP_VERB */
	__u16 unknown_verb_length;
	__u16 raw_url_length;
	__u32 pad1;
	__u64 unknown_verb;
	__u64 raw_url;
	/* HTTP_COOKED_URL: lengths in bytes of wide characters */
	__u16 full_url_length;
	__u16 host_length;
	__u16 abs_path_length;
	__u16 query_string_length;
	__u64 full_url;
	__u64 host;
	__u64 abs_path;
	__u64 query_string;
	/* HTTP_TRANSPORT_ADDRESS: struct sockaddr_in or sockaddr_in6 */
	__u64 remote_address;
	__u64 local_address;
	/* HTTP_REQUEST_HEADERS */
	__u16 unknown_header_count;
	__u16 pad2[3];
	__u64 unknown_headers;
	__u16 trailer_count;
	__u16 pad3[3];
	__u64 trailers;
	struct httpsys_known_header known_headers[HTTPSYS_HEADER_REQUEST_MAX];
	__u64 bytes_received;
	__u16 entity_chunk_count;
	__u16 pad4[3];
	__u64 entity_chunks;
	__u64 raw_connection_id;
	__u64 ssl_info;
};

/*
 * The kernel always writes the HTTP_REQUEST_V2 fixed part (V1 plus the
 * request-info array) so V1 and V2 callers share one blob layout; strings
 * and arrays follow it.
 */
struct httpsys_request_v2 {
	struct httpsys_request_v1 v1;
	__u16 request_info_count;
	__u16 pad[3];
	__u64 request_info;	/* array of struct httpsys_request_info */
};

/*
 * Request information (HTTP_REQUEST_INFO).  A request to a URL whose
 * group or session has authentication enabled carries an AUTH record
 * (HttpRequestInfoTypeAuth), and, when the client was authenticated, an
 * IDENTITY record after it, which libhttpapi turns into the AUTH
 * record's AccessToken and removes from the array it hands on.
 */
#define HTTPSYS_REQUEST_INFO_AUTH	0	/* HttpRequestInfoTypeAuth */
#define HTTPSYS_REQUEST_INFO_IDENTITY	0x48530001	/* ours */

struct httpsys_request_info {
	__u32 type;
	__u32 length;		/* of the record @info points at */
	__u64 info;
};

/* HTTP_AUTH_STATUS */
#define HTTPSYS_AUTH_SUCCESS		0
#define HTTPSYS_AUTH_NOT_AUTHENTICATED	1
#define HTTPSYS_AUTH_FAILURE		2

/* HTTP_REQUEST_AUTH_TYPE */
#define HTTPSYS_AUTH_TYPE_NONE		0
#define HTTPSYS_AUTH_TYPE_BASIC		1
#define HTTPSYS_AUTH_TYPE_DIGEST	2
#define HTTPSYS_AUTH_TYPE_NTLM		3
#define HTTPSYS_AUTH_TYPE_NEGOTIATE	4
#define HTTPSYS_AUTH_TYPE_KERBEROS	5

/* HTTP_REQUEST_AUTH_FLAG_TOKEN_FOR_CACHED_CRED */
#define HTTPSYS_AUTH_FLAG_CACHED_CRED	0x1

/* HTTP_REQUEST_AUTH_INFO in its LP64 layout; strings inside the blob. */
struct httpsys_request_auth_info {
	__u32 auth_status;	/* HTTPSYS_AUTH_SUCCESS .. FAILURE */
	__s32 sec_status;	/* SECURITY_STATUS of a failure */
	__u32 flags;		/* HTTPSYS_AUTH_FLAG_* */
	__u32 auth_type;	/* HTTPSYS_AUTH_TYPE_* */
	__u64 access_token;	/* 0 from the kernel: libhttpapi fills it */
	__u32 context_attributes;
	__u32 packed_context_length;
	__u32 packed_context_type;	/* the AuthType's, when present */
	__u32 pad;
	__u64 packed_context;
	__u32 mutual_auth_data_length;
	__u32 pad2;
	__u64 mutual_auth_data;	/* "Negotiate <base64>", no NUL */
	__u16 package_name_length;	/* bytes of wide characters */
	__u16 pad3[3];
	__u64 package_name;	/* UTF-32, NUL-terminated */
};

/* Who the client is: the IDENTITY record. */
struct httpsys_auth_identity {
	__u32 uid;		/* the local account, when mapped */
	__u32 gid;
	__u32 mapped;		/* 1: @uid and @gid are set */
	__u32 group_count;
	__u64 groups;		/* array of __u32 gids */
	__u64 expiry;		/* Unix seconds; 0 unknown */
	__u32 user_length;	/* bytes, without the NUL */
	__u32 pad;
	__u64 user;		/* UTF-8, NUL-terminated */
};

#endif /* _UAPI_HTTPSYS_H */
