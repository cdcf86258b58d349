// SPDX-License-Identifier: GPL-2.0
/*
 * The authentication upcall's transport: the Generic Netlink family of
 * uapi/httpsys_auth.h and the job list behind auth_upcall.h.
 *
 * One spinlock guards everything that changes: the registered helper's
 * port, the queued and accepted lists, each job's state and the count.
 * A job goes NEW -> QUEUED -> ACCEPTED -> DONE; whoever moves it to DONE
 * under the lock (a DONE from the helper, a cancel, the timeout, the
 * helper's socket closing, module unload) detaches it and alone runs its
 * @done, outside the lock, then drops the transport's reference.  So @done
 * runs once, and never on a freed job.
 *
 * Registration: one helper port.  A REGISTER from another port while one
 * is registered fails with -EBUSY; when the helper's socket closes, the
 * netlink notifier forgets it (and fails its jobs), so a restarted helper
 * registers again.  The helper is its port number and its socket: a new
 * socket that takes a closing helper's port number before the notifier
 * has run is refused (-EBUSY, then -EPERM) until it has, and registers
 * again.
 *
 * Validation: genetlink checks DONE against a strict policy (types, the
 * uapi's maximum lengths, NUL-terminated strings) and refuses a DONE that
 * fails it with -EINVAL before we see it, leaving the job alone.  A DONE
 * that passes the policy but breaks our rules (a duplicated attribute,
 * GROUPS not a whole number of gids, UID without GID, a verdict without
 * what it needs) fails its job with STATUS_ERROR at once, and -EINVAL.
 */
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/netlink.h>
#include <linux/notifier.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/netlink.h>

#include "auth_upcall.h"
#include "httpsys_trace.h"

/*
 * At most this many jobs wait or are being worked on at once.  DROPs are
 * not counted: a closing connection's must not be refused, and there is
 * at most one per connection.
 */
#define AUTH_MAX_JOBS	4096
/* How often ACCEPT retries when the oldest job outgrew its reply. */
#define AUTH_ACCEPT_TRIES	4

enum auth_job_state {
	AUTH_JOB_NEW,
	AUTH_JOB_QUEUED,
	AUTH_JOB_ACCEPTED,
	AUTH_JOB_DONE,
};

static unsigned int auth_timeout = 10;

static int auth_timeout_set(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 1, 300);
}

static const struct kernel_param_ops auth_timeout_ops = {
	.set = auth_timeout_set,
	.get = param_get_uint,
};
module_param_cb(auth_timeout, &auth_timeout_ops, &auth_timeout, 0644);
MODULE_PARM_DESC(auth_timeout,
		 "Seconds a job may wait for helperd's answer (1-300, default 10)");

static DEFINE_SPINLOCK(auth_lock);
static LIST_HEAD(auth_queued);		/* oldest first */
static LIST_HEAD(auth_accepted);
static unsigned int auth_count;		/* queued + accepted, but DROPs */
static u64 auth_last_seq;
static u32 auth_helper;			/* the helper's port; 0: none */
static const struct sock *auth_helper_sk;	/* its socket: compared only */
static bool auth_closing;		/* module unload: no new jobs */
static unsigned long auth_next_check;	/* when the timeout work runs */

static void auth_timeout_work(struct work_struct *work);
static DECLARE_DELAYED_WORK(auth_timer, auth_timeout_work);

static struct genl_family auth_family;

struct auth_job *auth_job_alloc(gfp_t gfp)
{
	struct auth_job *job = kzalloc(sizeof(*job), gfp);

	if (!job)
		return NULL;
	kref_init(&job->ref);
	INIT_LIST_HEAD(&job->node);
	job->state = AUTH_JOB_NEW;
	return job;
}

void auth_job_get(struct auth_job *job)
{
	kref_get(&job->ref);
}

static void auth_result_free(struct auth_result *r)
{
	kfree(r->out_token);
	kfree(r->user);
	kfree(r->package);
	kfree(r->groups);
	kfree(r->packed_context);
	memset(r, 0, sizeof(*r));
}

static void auth_job_release(struct kref *ref)
{
	struct auth_job *job = container_of(ref, struct auth_job, ref);

	auth_result_free(&job->result);
	kfree(job);
}

void auth_job_put(struct auth_job *job)
{
	kref_put(&job->ref, auth_job_release);
}

bool auth_helper_present(void)
{
	return READ_ONCE(auth_helper) != 0;
}

/* Under auth_lock: take @job off its list; the caller now finishes it. */
static void auth_detach(struct auth_job *job)
{
	list_del_init(&job->node);
	job->state = AUTH_JOB_DONE;
	if (job->op != HTTPSYS_AUTH_OP_DROP)
		auth_count--;
}

/* Outside the lock: hand a detached job its result and drop our hold. */
static void auth_finish(struct auth_job *job)
{
	if (job->done)
		job->done(job);
	auth_job_put(job);
}

static void auth_fail(struct auth_job *job)
{
	auth_result_free(&job->result);
	job->result.status = HTTPSYS_AUTH_STATUS_ERROR;
	auth_finish(job);
}

static void auth_fail_list(struct list_head *jobs)
{
	struct auth_job *job, *next;

	list_for_each_entry_safe(job, next, jobs, node) {
		list_del_init(&job->node);
		auth_fail(job);
	}
}

/* Under auth_lock: detach every job onto @out. */
static void auth_detach_all(struct list_head *out)
{
	struct auth_job *job, *next;

	list_for_each_entry_safe(job, next, &auth_queued, node) {
		auth_detach(job);
		list_add_tail(&job->node, out);
	}
	list_for_each_entry_safe(job, next, &auth_accepted, node) {
		auth_detach(job);
		list_add_tail(&job->node, out);
	}
}

/* Under auth_lock: make the timeout work run by @deadline at the latest. */
static void auth_arm_timer(unsigned long deadline)
{
	unsigned long now = jiffies;

	if (delayed_work_pending(&auth_timer) &&
	    time_before_eq(auth_next_check, deadline))
		return;
	auth_next_check = deadline;
	mod_delayed_work(system_wq, &auth_timer,
			 time_after(deadline, now) ? deadline - now : 0);
}

static void auth_expire(struct list_head *list, struct list_head *out,
			unsigned long now, unsigned long *next)
{
	struct auth_job *job, *tmp;

	list_for_each_entry_safe(job, tmp, list, node) {
		if (time_after_eq(now, job->deadline)) {
			auth_detach(job);
			list_add_tail(&job->node, out);
		} else if (!*next || time_before(job->deadline, *next)) {
			*next = job->deadline;
		}
	}
}

/* Fails the jobs past their deadline; runs again while jobs remain. */
static void auth_timeout_work(struct work_struct *work)
{
	unsigned long now = jiffies, next = 0;
	LIST_HEAD(expired);

	spin_lock_bh(&auth_lock);
	auth_expire(&auth_queued, &expired, now, &next);
	auth_expire(&auth_accepted, &expired, now, &next);
	if (next)
		auth_arm_timer(next);
	spin_unlock_bh(&auth_lock);
	auth_fail_list(&expired);
}

static bool auth_job_fits(const struct auth_job *job)
{
	return job->token_len <= HTTPSYS_AUTH_MAX_TOKEN &&
	       job->method_len < HTTPSYS_AUTH_MAX_NAME &&
	       job->realm_len < HTTPSYS_AUTH_MAX_NAME &&
	       job->domain_len < HTTPSYS_AUTH_MAX_NAME &&
	       job->uri_len < HTTPSYS_AUTH_MAX_URI;
}

/* READY to the group; nobody listening or no memory: the helper polls. */
static void auth_announce(void)
{
	struct sk_buff *skb;
	void *hdr;

	if (!genl_has_listeners(&auth_family, &init_net, 0))
		return;
	skb = genlmsg_new(0, GFP_ATOMIC);
	if (!skb)
		return;
	hdr = genlmsg_put(skb, 0, 0, &auth_family, 0, HTTPSYS_AUTH_CMD_READY);
	if (!hdr) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_end(skb, hdr);
	genlmsg_multicast(&auth_family, skb, 0, 0, GFP_ATOMIC);
}

int auth_upcall_submit(struct auth_job *job)
{
	if (job->op < HTTPSYS_AUTH_OP_AUTHENTICATE ||
	    job->op > HTTPSYS_AUTH_OP_DROP || !auth_job_fits(job) ||
	    WARN_ON_ONCE(job->state != AUTH_JOB_NEW))
		return -EINVAL;
	spin_lock_bh(&auth_lock);
	if (!auth_helper || auth_closing) {
		spin_unlock_bh(&auth_lock);
		return -ENOTCONN;
	}
	if (job->op != HTTPSYS_AUTH_OP_DROP) {
		if (auth_count >= AUTH_MAX_JOBS) {
			spin_unlock_bh(&auth_lock);
			return -EBUSY;
		}
		auth_count++;
	}
	kref_get(&job->ref);
	job->seq = ++auth_last_seq;
	job->state = AUTH_JOB_QUEUED;
	job->deadline = jiffies + READ_ONCE(auth_timeout) * HZ;
	list_add_tail(&job->node, &auth_queued);
	auth_arm_timer(job->deadline);
	spin_unlock_bh(&auth_lock);
	auth_announce();
	return 0;
}

void auth_upcall_cancel(struct auth_job *job)
{
	bool mine = false;

	spin_lock_bh(&auth_lock);
	if (job->state == AUTH_JOB_QUEUED || job->state == AUTH_JOB_ACCEPTED) {
		auth_detach(job);
		mine = true;
	}
	spin_unlock_bh(&auth_lock);
	if (mine)
		auth_fail(job);
}

void auth_upcall_drop(u64 conn_id)
{
	struct auth_job *job;

	if (!auth_helper_present())
		return;
	job = auth_job_alloc(GFP_KERNEL);
	if (!job)
		return;
	job->op = HTTPSYS_AUTH_OP_DROP;
	job->conn_id = conn_id;
	auth_upcall_submit(job);
	auth_job_put(job);
}

/* The helper's socket closed: forget it and fail everything it had. */
static int auth_netlink_event(struct notifier_block *nb, unsigned long event,
			      void *ptr)
{
	struct netlink_notify *n = ptr;
	LIST_HEAD(failed);
	u32 port = READ_ONCE(auth_helper);

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC ||
	    !net_eq(n->net, &init_net) || !port || n->portid != port)
		return NOTIFY_DONE;
	spin_lock_bh(&auth_lock);
	if (auth_helper == n->portid) {
		WRITE_ONCE(auth_helper, 0);
		auth_helper_sk = NULL;
		auth_detach_all(&failed);
	}
	spin_unlock_bh(&auth_lock);
	auth_fail_list(&failed);
	return NOTIFY_DONE;
}

static struct notifier_block auth_netlink_notifier = {
	.notifier_call = auth_netlink_event,
};

/*
 * Under auth_lock: whether @port and @sk are the registered helper's.  The
 * socket tells a new socket that took a closing one's port number (before
 * the notifier forgot the old one) from the helper itself.
 */
static bool auth_is_helper(u32 port, const struct sock *sk)
{
	return auth_helper && auth_helper == port && auth_helper_sk == sk;
}

static int auth_cmd_register(struct sk_buff *skb, struct genl_info *info)
{
	const struct sock *sk = NETLINK_CB(skb).sk;
	int err = 0;

	spin_lock_bh(&auth_lock);
	if (auth_closing || !info->snd_portid) {
		err = -ENOTCONN;
	} else if (!auth_helper) {
		WRITE_ONCE(auth_helper, info->snd_portid);
		auth_helper_sk = sk;
	} else if (!auth_is_helper(info->snd_portid, sk)) {
		err = -EBUSY;
	}
	spin_unlock_bh(&auth_lock);
	return err;
}

/* A first look without the lock; the lock holder checks again. */
static bool auth_from_helper(const struct genl_info *info)
{
	return info->snd_portid && READ_ONCE(auth_helper) == info->snd_portid;
}

static size_t auth_string_size(const char *s, u32 len)
{
	return s ? nla_total_size(len + 1) : 0;
}

/* The size of the ACCEPT reply that carries @job. */
static size_t auth_job_msg_size(const struct auth_job *job)
{
	return 2 * nla_total_size_64bit(sizeof(u64)) +	/* SEQ, CONN_ID */
	       4 * nla_total_size(sizeof(u32)) +	/* OP, SCHEME, FLAGS,
							 * TIME_LEFT_MS
							 */
	       (job->token ? nla_total_size(job->token_len) : 0) +
	       auth_string_size(job->method, job->method_len) +
	       auth_string_size(job->uri, job->uri_len) +
	       auth_string_size(job->realm, job->realm_len) +
	       auth_string_size(job->domain, job->domain_len);
}

static int auth_put_string(struct sk_buff *skb, int type, const char *s,
			   u32 len)
{
	struct nlattr *nla;

	if (!s)
		return 0;
	nla = nla_reserve(skb, type, len + 1);
	if (!nla)
		return -EMSGSIZE;
	memcpy(nla_data(nla), s, len);
	((char *)nla_data(nla))[len] = '\0';
	return 0;
}

static u32 auth_time_left_ms(const struct auth_job *job)
{
	unsigned long now = jiffies;

	if (time_after_eq(now, job->deadline))
		return 0;
	return jiffies_to_msecs(job->deadline - now);
}

/* Under auth_lock, so the submitter's buffers are still there. */
static int auth_put_job(struct sk_buff *skb, const struct auth_job *job)
{
	if (nla_put_u64_64bit(skb, HTTPSYS_AUTH_A_SEQ, job->seq,
			      HTTPSYS_AUTH_A_PAD) ||
	    nla_put_u32(skb, HTTPSYS_AUTH_A_OP, job->op) ||
	    nla_put_u32(skb, HTTPSYS_AUTH_A_TIME_LEFT_MS,
			auth_time_left_ms(job)) ||
	    nla_put_u64_64bit(skb, HTTPSYS_AUTH_A_CONN_ID, job->conn_id,
			      HTTPSYS_AUTH_A_PAD))
		return -EMSGSIZE;
	if (job->op == HTTPSYS_AUTH_OP_DROP)
		return 0;
	if (nla_put_u32(skb, HTTPSYS_AUTH_A_SCHEME, job->scheme) ||
	    nla_put_u32(skb, HTTPSYS_AUTH_A_FLAGS, job->flags) ||
	    (job->token && nla_put(skb, HTTPSYS_AUTH_A_TOKEN, job->token_len,
				   job->token)) ||
	    auth_put_string(skb, HTTPSYS_AUTH_A_METHOD, job->method,
			    job->method_len) ||
	    auth_put_string(skb, HTTPSYS_AUTH_A_URI, job->uri, job->uri_len) ||
	    auth_put_string(skb, HTTPSYS_AUTH_A_REALM, job->realm,
			    job->realm_len) ||
	    auth_put_string(skb, HTTPSYS_AUTH_A_DOMAIN, job->domain,
			    job->domain_len))
		return -EMSGSIZE;
	return 0;
}

/* The size of the oldest queued job's reply, or 0 if none. */
static size_t auth_oldest_size(void)
{
	struct auth_job *job;
	size_t size = 0;

	spin_lock_bh(&auth_lock);
	job = list_first_entry_or_null(&auth_queued, struct auth_job, node);
	if (job)
		size = auth_job_msg_size(job);
	spin_unlock_bh(&auth_lock);
	return size;
}

/*
 * Fill @skb with the oldest queued job and move it to the accepted set.
 * Returns the job, referenced, or NULL with *err: -ENOENT (none),
 * -EAGAIN (it outgrew @room), -EPERM (the caller is not the helper).
 */
static struct auth_job *auth_take_oldest(struct sk_buff *skb, size_t room,
					 u32 port, const struct sock *sk,
					 int *err)
{
	struct auth_job *job;

	spin_lock_bh(&auth_lock);
	job = list_first_entry_or_null(&auth_queued, struct auth_job, node);
	if (!auth_is_helper(port, sk)) {
		*err = -EPERM;
		job = NULL;
	} else if (!job) {
		*err = -ENOENT;
	} else if (auth_job_msg_size(job) > room) {
		*err = -EAGAIN;
		job = NULL;
	} else if (auth_put_job(skb, job)) {
		*err = -EMSGSIZE;
		job = NULL;
	} else {
		kref_get(&job->ref);
		job->state = AUTH_JOB_ACCEPTED;
		list_move_tail(&job->node, &auth_accepted);
	}
	spin_unlock_bh(&auth_lock);
	return job;
}

/*
 * After the ACCEPT reply: a job whose reply could not be sent goes back to
 * the head of the queue; a DROP that reached the helper is finished, as it
 * expects no DONE.
 */
static void auth_accepted_sent(struct auth_job *job, bool sent)
{
	bool finished = false;

	if (sent)
		trace_httpsys_auth_upcall_sent(job->seq, job->conn_id, job->op,
					       job->scheme);
	spin_lock_bh(&auth_lock);
	if (job->state == AUTH_JOB_ACCEPTED) {
		if (!sent) {
			list_move(&job->node, &auth_queued);
			job->state = AUTH_JOB_QUEUED;
		} else if (job->op == HTTPSYS_AUTH_OP_DROP) {
			auth_detach(job);
			finished = true;
		}
	}
	spin_unlock_bh(&auth_lock);
	if (finished)
		auth_finish(job);
}

static int auth_cmd_accept(struct sk_buff *skb, struct genl_info *info)
{
	u32 port = info->snd_portid;
	struct auth_job *job = NULL;
	struct sk_buff *msg;
	int tries, err = -ENOENT;
	size_t room;
	void *hdr;

	if (!auth_from_helper(info))
		return -EPERM;
	for (tries = 0; tries < AUTH_ACCEPT_TRIES; tries++) {
		room = auth_oldest_size();
		if (!room)
			return -ENOENT;
		msg = genlmsg_new(room, GFP_KERNEL);
		if (!msg)
			return -ENOMEM;
		hdr = genlmsg_put_reply(msg, info, &auth_family, 0,
					HTTPSYS_AUTH_CMD_ACCEPT);
		if (!hdr) {
			nlmsg_free(msg);
			return -EMSGSIZE;
		}
		job = auth_take_oldest(msg, room, port, NETLINK_CB(skb).sk,
				       &err);
		if (job)
			break;
		nlmsg_free(msg);
		if (err != -EAGAIN)
			return err;
	}
	if (!job)
		return err;
	genlmsg_end(msg, hdr);
	err = genlmsg_reply(msg, info);
	auth_accepted_sent(job, !err);
	auth_job_put(job);
	return err;
}

/* Rejects an attribute given twice: the policy would take the last. */
static bool auth_has_duplicates(const struct genl_info *info)
{
	DECLARE_BITMAP(seen, HTTPSYS_AUTH_A_MAX + 1) = { 0 };
	const struct nlattr *nla;
	int rem, type;

	nlmsg_for_each_attr(nla, info->nlhdr, GENL_HDRLEN, rem) {
		type = nla_type(nla);
		if (type > HTTPSYS_AUTH_A_MAX)
			return true;	/* the policy already refused it */
		if (__test_and_set_bit(type, seen))
			return true;
	}
	return false;
}

static int auth_dup_attr(struct nlattr **tb, int type, void **dst, u32 *len,
			 bool string)
{
	const struct nlattr *nla = tb[type];

	if (!nla)
		return 0;
	if (string)
		*dst = kstrdup(nla_data(nla), GFP_KERNEL);	/* NUL: policy */
	else
		*dst = kmemdup(nla_data(nla), nla_len(nla), GFP_KERNEL);
	if (!*dst)
		return -ENOMEM;
	if (len)
		*len = nla_len(nla);
	return 0;
}

/* Whether the verdict comes with what the job's caller needs. */
static bool auth_verdict_complete(struct nlattr **tb, u32 op, u32 status)
{
	if (op == HTTPSYS_AUTH_OP_CHALLENGE)
		return status != HTTPSYS_AUTH_STATUS_CONTINUE &&
		       (status != HTTPSYS_AUTH_STATUS_OK ||
			tb[HTTPSYS_AUTH_A_OUT_TOKEN]);
	if (status == HTTPSYS_AUTH_STATUS_CONTINUE)
		return tb[HTTPSYS_AUTH_A_OUT_TOKEN];
	if (status == HTTPSYS_AUTH_STATUS_OK)
		return tb[HTTPSYS_AUTH_A_USER] && tb[HTTPSYS_AUTH_A_PACKAGE];
	return true;
}

/* Copy a checked DONE into @r; -EINVAL if it breaks the rules. */
static int auth_parse_done(struct genl_info *info, u32 op,
			   struct auth_result *r)
{
	struct nlattr **tb = info->attrs;
	u32 groups_len = 0;
	int err;

	r->status = nla_get_u32(tb[HTTPSYS_AUTH_A_STATUS]);
	if (auth_has_duplicates(info) ||
	    !tb[HTTPSYS_AUTH_A_UID] != !tb[HTTPSYS_AUTH_A_GID] ||
	    (tb[HTTPSYS_AUTH_A_GROUPS] &&
	     nla_len(tb[HTTPSYS_AUTH_A_GROUPS]) % sizeof(u32)) ||
	    op == HTTPSYS_AUTH_OP_DROP ||
	    !auth_verdict_complete(tb, op, r->status))
		return -EINVAL;
	if (tb[HTTPSYS_AUTH_A_SEC_STATUS])
		r->sec_status = nla_get_u32(tb[HTTPSYS_AUTH_A_SEC_STATUS]);
	if (tb[HTTPSYS_AUTH_A_UID]) {
		r->mapped = true;
		r->uid = nla_get_u32(tb[HTTPSYS_AUTH_A_UID]);
		r->gid = nla_get_u32(tb[HTTPSYS_AUTH_A_GID]);
	}
	if (tb[HTTPSYS_AUTH_A_CONTEXT_ATTRS])
		r->context_attrs = nla_get_u32(tb[HTTPSYS_AUTH_A_CONTEXT_ATTRS]);
	if (tb[HTTPSYS_AUTH_A_EXPIRY])
		r->expiry = nla_get_u64(tb[HTTPSYS_AUTH_A_EXPIRY]);
	err = auth_dup_attr(tb, HTTPSYS_AUTH_A_OUT_TOKEN,
			    (void **)&r->out_token, &r->out_token_len, false) ?:
	      auth_dup_attr(tb, HTTPSYS_AUTH_A_USER, (void **)&r->user,
			    NULL, true) ?:
	      auth_dup_attr(tb, HTTPSYS_AUTH_A_PACKAGE, (void **)&r->package,
			    NULL, true) ?:
	      auth_dup_attr(tb, HTTPSYS_AUTH_A_GROUPS, (void **)&r->groups,
			    &groups_len, false) ?:
	      auth_dup_attr(tb, HTTPSYS_AUTH_A_PACKED_CONTEXT,
			    (void **)&r->packed_context,
			    &r->packed_context_len, false);
	r->group_count = groups_len / sizeof(u32);
	return err;
}

/*
 * Under auth_lock: the accepted job @seq doing @op, detached, or NULL.
 * A job of another op is not touched: one id space, but no confusion.
 */
static struct auth_job *auth_claim(u64 seq, u32 op, u32 port,
				   const struct sock *sk)
{
	struct auth_job *job;

	if (!auth_is_helper(port, sk))
		return NULL;
	list_for_each_entry(job, &auth_accepted, node) {
		if (job->seq != seq)
			continue;
		if (job->op != op)
			return NULL;
		auth_detach(job);
		return job;
	}
	return NULL;
}

static int auth_cmd_done(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	struct auth_result r = { };
	struct auth_job *job;
	int err;
	u64 seq;
	u32 op;

	if (!auth_from_helper(info))
		return -EPERM;
	if (!tb[HTTPSYS_AUTH_A_SEQ] || !tb[HTTPSYS_AUTH_A_OP] ||
	    !tb[HTTPSYS_AUTH_A_STATUS])
		return -EINVAL;
	seq = nla_get_u64(tb[HTTPSYS_AUTH_A_SEQ]);
	op = nla_get_u32(tb[HTTPSYS_AUTH_A_OP]);
	err = auth_parse_done(info, op, &r);

	spin_lock_bh(&auth_lock);
	job = auth_claim(seq, op, info->snd_portid, NETLINK_CB(skb).sk);
	spin_unlock_bh(&auth_lock);

	if (!job) {
		auth_result_free(&r);
		return err ?: -ENOENT;
	}
	/* Basic and Digest have one leg: another is the helper's error. */
	if (!err && r.status == HTTPSYS_AUTH_STATUS_CONTINUE &&
	    (job->scheme & (HTTPSYS_AUTH_SCHEME_BASIC |
			    HTTPSYS_AUTH_SCHEME_DIGEST)))
		err = -EINVAL;
	trace_httpsys_auth_upcall_answered(job->seq, job->conn_id, r.status,
					   err);
	if (err) {
		auth_result_free(&r);
		auth_fail(job);
		return err;
	}
	auth_result_free(&job->result);
	job->result = r;
	auth_finish(job);
	return 0;
}

static const struct nla_policy auth_done_policy[HTTPSYS_AUTH_A_MAX + 1] = {
	[HTTPSYS_AUTH_A_SEQ] = { .type = NLA_U64 },
	[HTTPSYS_AUTH_A_OP] = NLA_POLICY_RANGE(NLA_U32,
					       HTTPSYS_AUTH_OP_AUTHENTICATE,
					       HTTPSYS_AUTH_OP_DROP),
	[HTTPSYS_AUTH_A_STATUS] = NLA_POLICY_RANGE(NLA_U32,
						   HTTPSYS_AUTH_STATUS_OK,
						   HTTPSYS_AUTH_STATUS_ERROR),
	[HTTPSYS_AUTH_A_SEC_STATUS] = { .type = NLA_U32 },
	[HTTPSYS_AUTH_A_OUT_TOKEN] = { .type = NLA_BINARY,
				       .len = HTTPSYS_AUTH_MAX_OUT_TOKEN },
	[HTTPSYS_AUTH_A_USER] = { .type = NLA_NUL_STRING,
				  .len = HTTPSYS_AUTH_MAX_NAME - 1 },
	[HTTPSYS_AUTH_A_UID] = { .type = NLA_U32 },
	[HTTPSYS_AUTH_A_GID] = { .type = NLA_U32 },
	[HTTPSYS_AUTH_A_GROUPS] = { .type = NLA_BINARY,
				    .len = HTTPSYS_AUTH_MAX_GROUPS *
					   sizeof(u32) },
	[HTTPSYS_AUTH_A_CONTEXT_ATTRS] = { .type = NLA_U32 },
	[HTTPSYS_AUTH_A_PACKAGE] = { .type = NLA_NUL_STRING,
				     .len = HTTPSYS_AUTH_MAX_NAME - 1 },
	[HTTPSYS_AUTH_A_PACKED_CONTEXT] = { .type = NLA_BINARY,
					    .len = HTTPSYS_AUTH_MAX_PACKED },
	[HTTPSYS_AUTH_A_EXPIRY] = { .type = NLA_U64 },
	/* The job's own attributes come from the kernel only: NLA_UNSPEC,
	 * which strict validation refuses.
	 */
};

static const struct genl_ops auth_ops[] = {
	{
		.cmd = HTTPSYS_AUTH_CMD_REGISTER,
		.doit = auth_cmd_register,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = HTTPSYS_AUTH_CMD_ACCEPT,
		.doit = auth_cmd_accept,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = HTTPSYS_AUTH_CMD_DONE,
		.doit = auth_cmd_done,
		.flags = GENL_ADMIN_PERM,
		.policy = auth_done_policy,
		.maxattr = HTTPSYS_AUTH_A_MAX,
	},
};

static const struct genl_multicast_group auth_mcgrps[] = {
	/* When sign-ins happen is the helper's business alone. */
	{ .name = HTTPSYS_AUTH_GENL_MCGRP, .flags = GENL_MCAST_CAP_NET_ADMIN },
};

static struct genl_family auth_family = {
	.name = HTTPSYS_AUTH_GENL_NAME,
	.version = HTTPSYS_AUTH_GENL_VERSION,
	.maxattr = HTTPSYS_AUTH_A_MAX,
	.netnsok = false,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.ops = auth_ops,
	.n_ops = ARRAY_SIZE(auth_ops),
	.mcgrps = auth_mcgrps,
	.n_mcgrps = ARRAY_SIZE(auth_mcgrps),
	/* Every command is new: reserved header bits and flags checked,
	 * and no attributes where there is no policy.
	 */
	.resv_start_op = HTTPSYS_AUTH_CMD_REGISTER,
};

int auth_upcall_init(void)
{
	int err = netlink_register_notifier(&auth_netlink_notifier);

	if (err)
		return err;
	err = genl_register_family(&auth_family);
	if (err)
		netlink_unregister_notifier(&auth_netlink_notifier);
	return err;
}

void auth_upcall_exit(void)
{
	LIST_HEAD(failed);

	/* First no new job, so none is announced on a family going away. */
	spin_lock_bh(&auth_lock);
	auth_closing = true;
	WRITE_ONCE(auth_helper, 0);
	auth_helper_sk = NULL;
	spin_unlock_bh(&auth_lock);
	/* Waits for the commands in progress; no new one starts. */
	genl_unregister_family(&auth_family);
	netlink_unregister_notifier(&auth_netlink_notifier);
	spin_lock_bh(&auth_lock);
	auth_detach_all(&failed);
	spin_unlock_bh(&auth_lock);
	auth_fail_list(&failed);
	cancel_delayed_work_sync(&auth_timer);
}
