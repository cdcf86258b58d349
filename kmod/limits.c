// SPDX-License-Identifier: GPL-2.0
/*
 * Limits and timeouts, as module parameters (root may change them at run
 * time under /sys/module/httpsys/parameters/).  Defaults are http.sys's:
 * MaxRequestBytes and MaxFieldLength from its registry settings, the
 * timeouts from HTTP_TIMEOUT_LIMIT_INFO.  The connection caps and the
 * buffer budget are ours: http.sys has no per-source limit, and its
 * MaxConnections is unlimited, which a remote flood turns into unbounded
 * kernel memory (README, "Limits", has the arithmetic).  Each value is
 * range-checked, so a wrong setting is refused rather than making memory
 * unbounded.
 */
#include <linux/kernel.h>
#include <linux/moduleparam.h>

#include "core.h"

struct httpsys_limits httpsys_limits = {
	.max_request_bytes = 16384,
	.max_field_length = 16384,
	.max_header_count = 128,
	.max_connections = 16384,
	.max_connections_per_source = 2048,
	.auth_jobs_per_source = 16,
	.max_buffer_bytes = 64 << 20,
	.header_wait = HTTPSYS_DEFAULT_TIMEOUT,
	.idle_connection = HTTPSYS_DEFAULT_TIMEOUT,
	.entity_body = HTTPSYS_DEFAULT_TIMEOUT,
	.drain_entity_body = HTTPSYS_DEFAULT_TIMEOUT,
	.min_send_rate = 150,
	.cache_max_bytes = 64 << 20,
	.cache_max_entry_bytes = 256 << 10,
};

#define LIMIT_PARAM(name, lo, hi, desc)					\
static int set_##name(const char *val, const struct kernel_param *kp)	\
{									\
	return param_set_uint_minmax(val, kp, lo, hi);			\
}									\
static const struct kernel_param_ops name##_ops = {			\
	.set = set_##name,						\
	.get = param_get_uint,						\
};									\
module_param_cb(name, &name##_ops, &httpsys_limits.name, 0644);	\
MODULE_PARM_DESC(name, desc)

LIMIT_PARAM(max_request_bytes, 256, HTTPSYS_MAX_REQUEST_BYTES,
	    "Longest request line plus headers, bytes (MaxRequestBytes, 16384)");
LIMIT_PARAM(max_field_length, 64, HTTPSYS_MAX_REQUEST_BYTES,
	    "Longest request target or header line, bytes (MaxFieldLength, 16384)");
LIMIT_PARAM(max_header_count, 8, HTTPSYS_MAX_HEADER_COUNT,
	    "Most header lines in a request (128)");
LIMIT_PARAM(max_connections, 0, UINT_MAX,
	    "Most open connections, 0 for no limit (MaxConnections, 16384)");
LIMIT_PARAM(max_connections_per_source, 0, UINT_MAX,
	    "Most open connections from one IPv4 address or IPv6 /64, 0 for no limit (2048)");
LIMIT_PARAM(auth_jobs_per_source, 0, UINT_MAX,
	    "Most sign-ins from one IPv4 address or IPv6 /64 waiting for helperd, 0 for no limit (16)");
LIMIT_PARAM(max_buffer_bytes, 1 << 20, UINT_MAX,
	    "Most bytes all receive buffers together may grow beyond their first 2 KiB (64 MiB)");
LIMIT_PARAM(header_wait, 0, 86400,
	    "Seconds to receive a request head, 0 for none (HeaderWait, 120)");
LIMIT_PARAM(idle_connection, 0, 86400,
	    "Seconds a kept-alive connection may idle, 0 for none (IdleConnection, 120)");
LIMIT_PARAM(entity_body, 0, 86400,
	    "Seconds between pieces of a request body, 0 for none (EntityBody, 120)");
LIMIT_PARAM(drain_entity_body, 0, 86400,
	    "Seconds to discard an unread body, 0 for none (DrainEntityBody, 120)");
LIMIT_PARAM(min_send_rate, 0, UINT_MAX,
	    "Slowest response send, bytes per second, 0 for none (MinSendRate, 150)");
LIMIT_PARAM(cache_max_bytes, 0, UINT_MAX,
	    "Most bytes the response and fragment cache holds, 0 for none (64 MiB)");
LIMIT_PARAM(cache_max_entry_bytes, 4096, 16 << 20,
	    "Largest cached response body or fragment, bytes (UriMaxUriBytes, 256 KiB)");

module_param_named(max_body_bytes, httpsys_limits.max_body_bytes, ullong, 0644);
MODULE_PARM_DESC(max_body_bytes, "Largest request body, bytes, 0 for no limit (0)");
