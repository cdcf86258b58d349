/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef HELPERD_JOB_PARSE_H
#define HELPERD_JOB_PARSE_H

#include <linux/netlink.h>
#include <netlink/attr.h>

#include "pool.h"

/*
 * Check ACCEPT's reply @h, @len bytes that came from the kernel and are
 * trusted in nothing, and copy it into a malloc'd job.  NULL when it is
 * unusable; *@seq is then non-zero, with *@op, if the kernel can still be
 * answered.  No socket: netlink.c reads, this judges.  Called as the
 * reply arrives: the job's deadline is the time left from now.
 */
struct job *job_parse(const struct nlmsghdr *h, size_t len, uint64_t *seq,
		      uint32_t *op);

/* An optional string: NUL-terminated, no NUL inside, at most @max long. */
bool attr_string_ok(const struct nlattr *a, size_t max);

#endif /* HELPERD_JOB_PARSE_H */
