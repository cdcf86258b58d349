/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The authentication upcall to helperd (uapi/httpsys_auth.h): one generic
 * job mechanism.  A caller fills a job, submits it and gets its result
 * through @done, exactly once, in process context with no lock of ours
 * held: the helper's answer, or a failure (no helper, timeout, helper
 * gone, cancelled) as HTTPSYS_AUTH_STATUS_ERROR.  @done must not sleep
 * long: it records the result and wakes whoever waits for it.
 */
#ifndef HTTPSYS_AUTH_UPCALL_H
#define HTTPSYS_AUTH_UPCALL_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/types.h>

#include "httpsys_auth.h"

/* What the helper answered; every length already checked. */
struct auth_result {
	u32 status;		/* enum httpsys_auth_status */
	s32 sec_status;
	u8 *out_token;		/* kmalloc'd, or NULL */
	u32 out_token_len;
	char *user;		/* NUL-terminated, or NULL */
	char *package;
	bool mapped;		/* @uid and @gid are set */
	u32 uid;
	u32 gid;
	u32 *groups;
	u32 group_count;
	u32 context_attrs;
	u8 *packed_context;
	u32 packed_context_len;
	u64 expiry;
};

struct auth_job {
	struct kref ref;
	u64 seq;		/* set by auth_upcall_submit() */
	u32 op;			/* enum httpsys_auth_op */
	u64 conn_id;
	u32 scheme;		/* HTTPSYS_AUTH_SCHEME_* */
	u32 flags;		/* HTTPSYS_AUTH_F_* */
	const u8 *token;	/* owned by the submitter, kept until @done */
	u32 token_len;
	const char *method, *uri, *realm, *domain;	/* likewise; may be NULL */
	u32 method_len, uri_len, realm_len, domain_len;
	void (*done)(struct auth_job *job);
	void *owner;		/* for @done */
	u32 charged;		/* the submitter's: budget its buffers took */
	/* Set before @done runs: */
	struct auth_result result;
	/* The transport's: */
	struct list_head node;
	unsigned long deadline;	/* jiffies */
	u32 state;
};

/* Module load and unload. */
int auth_upcall_init(void);
void auth_upcall_exit(void);

/* A job with one reference; the caller fills it and submits it. */
struct auth_job *auth_job_alloc(gfp_t gfp);
void auth_job_get(struct auth_job *job);
void auth_job_put(struct auth_job *job);	/* frees the result too */

/*
 * Queue @job for the helper.  0: @done will run.  -ENOTCONN no helper is
 * registered, -EBUSY too many jobs waiting, -EINVAL a bad op, a value
 * over its uapi limit (strings shorter than HTTPSYS_AUTH_MAX_NAME and
 * HTTPSYS_AUTH_MAX_URI, for their NUL) or a job submitted before: @done
 * will not run.  The transport holds its own reference until @done has
 * returned.
 */
int auth_upcall_submit(struct auth_job *job);

/*
 * The submitter no longer wants the answer: if @done has not run yet it
 * runs now, with HTTPSYS_AUTH_STATUS_ERROR, unless the answer is being
 * delivered at this moment, in which case that delivery runs it.
 */
void auth_upcall_cancel(struct auth_job *job);

/* Tell the helper connection @conn_id closed (OP_DROP); best effort. */
void auth_upcall_drop(u64 conn_id);

/* Whether a helper is registered (for 503 before any work). */
bool auth_helper_present(void);

#endif /* HTTPSYS_AUTH_UPCALL_H */
