/* SPDX-License-Identifier: GPL-2.0 */
/*
 * httpsys tracepoints (events/httpsys/ in tracefs; perf trace, trace-cmd):
 * a request's arrival, its dispatch to a queue, its response's end, a
 * response cache hit, and the authentication upcalls to helperd.  Off,
 * each costs a static branch.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM httpsys

#if !defined(HTTPSYS_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define HTTPSYS_TRACE_H

#include <linux/tracepoint.h>

/* A parsed head, before routing: its connection, method and target. */
TRACE_EVENT(httpsys_request_arrive,
	TP_PROTO(u64 conn_id, u64 request_id, const char *method,
		 u16 method_len, u16 url_len),
	TP_ARGS(conn_id, request_id, method, method_len, url_len),
	TP_STRUCT__entry(
		__field(u64, conn_id)
		__field(u64, request_id)
		__dynamic_array(char, method, method_len + 1)
		__field(u16, url_len)
	),
	TP_fast_assign(
		__entry->conn_id = conn_id;
		__entry->request_id = request_id;
		memcpy(__get_dynamic_array(method), method, method_len);
		__get_str(method)[method_len] = '\0';
		__entry->url_len = url_len;
	),
	TP_printk("conn=%llu request=%llu method=%s url_len=%u",
		  __entry->conn_id, __entry->request_id, __get_str(method),
		  __entry->url_len)
);

/* A request queued for receivers (routed, or delegated). */
TRACE_EVENT(httpsys_request_dispatch,
	TP_PROTO(u64 queue_id, u64 request_id),
	TP_ARGS(queue_id, request_id),
	TP_STRUCT__entry(
		__field(u64, queue_id)
		__field(u64, request_id)
	),
	TP_fast_assign(
		__entry->queue_id = queue_id;
		__entry->request_id = request_id;
	),
	TP_printk("queue=%llu request=%llu", __entry->queue_id,
		  __entry->request_id)
);

/* The final send of a response, or the one that failed it. */
TRACE_EVENT(httpsys_response_done,
	TP_PROTO(u64 request_id, u16 status, u64 bytes, int error),
	TP_ARGS(request_id, status, bytes, error),
	TP_STRUCT__entry(
		__field(u64, request_id)
		__field(u64, bytes)
		__field(int, error)
		__field(u16, status)
	),
	TP_fast_assign(
		__entry->request_id = request_id;
		__entry->bytes = bytes;
		__entry->error = error;
		__entry->status = status;
	),
	TP_printk("request=%llu status=%u bytes=%llu error=%d",
		  __entry->request_id, __entry->status, __entry->bytes,
		  __entry->error)
);

/* A request answered from the response cache, in the kernel. */
TRACE_EVENT(httpsys_cache_hit,
	TP_PROTO(u64 conn_id, u64 queue_id, u64 bytes),
	TP_ARGS(conn_id, queue_id, bytes),
	TP_STRUCT__entry(
		__field(u64, conn_id)
		__field(u64, queue_id)
		__field(u64, bytes)
	),
	TP_fast_assign(
		__entry->conn_id = conn_id;
		__entry->queue_id = queue_id;
		__entry->bytes = bytes;
	),
	TP_printk("conn=%llu queue=%llu bytes=%llu", __entry->conn_id,
		  __entry->queue_id, __entry->bytes)
);

/* An authentication job handed to helperd. */
TRACE_EVENT(httpsys_auth_upcall_sent,
	TP_PROTO(u64 seq, u64 conn_id, u32 op, u32 scheme),
	TP_ARGS(seq, conn_id, op, scheme),
	TP_STRUCT__entry(
		__field(u64, seq)
		__field(u64, conn_id)
		__field(u32, op)
		__field(u32, scheme)
	),
	TP_fast_assign(
		__entry->seq = seq;
		__entry->conn_id = conn_id;
		__entry->op = op;
		__entry->scheme = scheme;
	),
	TP_printk("seq=%llu conn=%llu op=%u scheme=0x%x", __entry->seq,
		  __entry->conn_id, __entry->op, __entry->scheme)
);

/* helperd's answer to a job: its status, or the error it was refused with. */
TRACE_EVENT(httpsys_auth_upcall_answered,
	TP_PROTO(u64 seq, u64 conn_id, u32 status, int error),
	TP_ARGS(seq, conn_id, status, error),
	TP_STRUCT__entry(
		__field(u64, seq)
		__field(u64, conn_id)
		__field(u32, status)
		__field(int, error)
	),
	TP_fast_assign(
		__entry->seq = seq;
		__entry->conn_id = conn_id;
		__entry->status = status;
		__entry->error = error;
	),
	TP_printk("seq=%llu conn=%llu status=%u error=%d", __entry->seq,
		  __entry->conn_id, __entry->status, __entry->error)
);

#endif /* HTTPSYS_TRACE_H */

/* Out of tree: the header is found beside this file. */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE httpsys_trace
#include <trace/define_trace.h>
