// SPDX-License-Identifier: GPL-2.0
/*
 * Service counters: requests, responses by class, the kernel's own error
 * answers by status, connections and bytes.  Each CPU counts in its own
 * copy (no shared cache line on the request path); a read sums them, so
 * a snapshot taken while requests run may be a few counts behind.
 */
#include <linux/ctype.h>
#include <linux/percpu.h>

#include "core.h"
#include "httpsys.h"

static DEFINE_PER_CPU(struct httpsys_state_counters, stats);

static const u16 counted_errors[] = HTTPSYS_COUNTED_ERRORS;

void stats_bytes_in(u64 n)
{
	this_cpu_add(stats.bytes_in, n);
}

void stats_bytes_out(u64 n)
{
	this_cpu_add(stats.bytes_out, n);
}

void stats_request(void)
{
	this_cpu_inc(stats.requests);
}

void stats_response(u16 status)
{
	if (status >= 100 && status < 600)
		this_cpu_inc(stats.responses[status / 100 - 1]);
}

/* A cached response went out, @sent of its bytes: its head says its status. */
void stats_cache_sent(const char *head, size_t head_len, int sent)
{
	const char *code = head + sizeof("HTTP/1.1 ") - 1;

	if (sent <= 0)
		return;
	stats_bytes_out(sent);
	if (head_len >= sizeof("HTTP/1.1 200") - 1 && isdigit(code[0]))
		stats_response((code[0] - '0') * 100 + (code[1] - '0') * 10 +
			       (code[2] - '0'));
}

/* An answer the kernel wrote itself; @sent of its bytes went out. */
void stats_error(int status, int sent)
{
	size_t i;

	BUILD_BUG_ON(ARRAY_SIZE(counted_errors) != HTTPSYS_COUNTED_ERROR_COUNT);
	for (i = 0; i < ARRAY_SIZE(counted_errors); i++) {
		if (counted_errors[i] == status) {
			this_cpu_inc(stats.errors[i]);
			break;
		}
	}
	if (i == ARRAY_SIZE(counted_errors))
		this_cpu_inc(stats.errors_other);
	if (sent > 0)
		stats_bytes_out(sent);
}

void stats_connection(bool accepted)
{
	if (accepted)
		this_cpu_inc(stats.conns_accepted);
	else
		this_cpu_inc(stats.conns_refused);
}

/* The COUNTERS entry of the service-state snapshot: the sums. */
void stats_state(struct state_buf *b)
{
	struct httpsys_state_counters sum = { 0 };
	const u64 *cpu;
	u64 *total = (u64 *)&sum;
	size_t i, n = sizeof(sum) / sizeof(u64);
	int c;

	BUILD_BUG_ON(sizeof(sum) % sizeof(u64));
	for_each_possible_cpu(c) {
		cpu = (const u64 *)per_cpu_ptr(&stats, c);
		for (i = 0; i < n; i++)
			total[i] += READ_ONCE(cpu[i]);
	}
	state_add(b, HTTPSYS_STATE_COUNTERS, (const char *)&sum, sizeof(sum));
}
