// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The Generic Netlink side of helperd (uapi/httpsys_auth.h).  Three
 * sockets: the control socket is the helper's port (REGISTER, ACCEPT,
 * DONE, one exchange at a time under ctl_lock, as the workers share it
 * for DONE); the event socket hears READY and the controller's family
 * notices, so a reloaded module is registered with again; the resolver
 * asks the controller for the family's numbers (libnl's own exchanges,
 * whose sequence checks our raw ones on the control socket would upset).
 * Everything the kernel sends is checked before use.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include "job_parse.h"
#include "netlink.h"
#include "pool.h"
#include "secstatus.h"

/* Idle this long, the dispatcher polls for jobs and checks the family. */
#define IDLE_CHECK_MS		5000
#define UNREGISTERED_RETRY_MS	1000
#define CTL_TIMEOUT_S		5

static struct nl_sock *ctl, *events, *resolver;
static pthread_mutex_t ctl_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned char ctl_buf[HTTPSYS_AUTH_RCVBUF];
static unsigned char event_buf[HTTPSYS_AUTH_RCVBUF];
static int family_id;			/* 0: not registered */
static int notify_group;
/* Set by a worker whose DONE was refused: the helper must register. */
static volatile int reregister;

/*
 * Send @msg on the control socket and read up to its acknowledgement.
 * A reply of the family is copied to *@reply (malloc'd) when asked.
 * Returns the kernel's verdict, 0 or -errno.  Called under ctl_lock.
 */
static int ctl_exchange(struct nl_msg *msg, struct nlmsghdr **reply)
{
	int fd = nl_socket_get_fd(ctl);
	struct nlmsghdr *h;
	uint32_t seq;
	ssize_t n;
	int left;

	nlmsg_hdr(msg)->nlmsg_flags |= NLM_F_ACK;
	if (nl_send_auto(ctl, msg) < 0)
		return -EIO;
	seq = nlmsg_hdr(msg)->nlmsg_seq;
	for (;;) {
		struct sockaddr_nl peer;
		socklen_t peer_len = sizeof(peer);

		n = recvfrom(fd, ctl_buf, sizeof(ctl_buf), MSG_TRUNC,
			     (struct sockaddr *)&peer, &peer_len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if ((size_t)n > sizeof(ctl_buf))
			return -EMSGSIZE;
		if (peer.nl_pid != 0)
			continue;
		left = n;
		for (h = (struct nlmsghdr *)ctl_buf; nlmsg_ok(h, left);
		     h = nlmsg_next(h, &left)) {
			if (h->nlmsg_seq != seq)
				continue;
			if (h->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = nlmsg_data(h);

				if (h->nlmsg_len < (uint32_t)nlmsg_size(sizeof(*e)))
					return -EIO;
				return e->error;
			}
			if (reply && !*reply && h->nlmsg_type == family_id) {
				*reply = malloc(h->nlmsg_len);
				if (!*reply)
					return -ENOMEM;
				memcpy(*reply, h, h->nlmsg_len);
			}
		}
	}
}

/* A message for @cmd with room for @payload bytes of attributes. */
static struct nl_msg *new_msg(uint8_t cmd, size_t payload)
{
	struct nl_msg *msg = nlmsg_alloc_size(NLMSG_HDRLEN + GENL_HDRLEN +
					      payload);

	if (msg && !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family_id, 0,
				0, cmd, HTTPSYS_AUTH_GENL_VERSION)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return msg;
}

/* Resolve the family and its group, join it, and REGISTER. */
static int register_helper(void)
{
	struct nl_msg *msg;
	int id, group, err;

	pthread_mutex_lock(&ctl_lock);
	id = genl_ctrl_resolve(resolver, HTTPSYS_AUTH_GENL_NAME);
	group = id < 0 ? id :
		genl_ctrl_resolve_grp(resolver, HTTPSYS_AUTH_GENL_NAME,
				      HTTPSYS_AUTH_GENL_MCGRP);
	if (id < 0 || group < 0) {
		family_id = 0;
		pthread_mutex_unlock(&ctl_lock);
		return -ENOENT;
	}
	family_id = id;
	err = nl_socket_add_membership(events, group) < 0 ? -EIO : 0;
	msg = err ? NULL : new_msg(HTTPSYS_AUTH_CMD_REGISTER, 0);
	if (!err)
		err = msg ? ctl_exchange(msg, NULL) : -ENOMEM;
	nlmsg_free(msg);
	if (err)
		family_id = 0;
	pthread_mutex_unlock(&ctl_lock);
	return err;
}

/* Whether the family we registered with is still the kernel's. */
static bool family_current(void)
{
	int id = genl_ctrl_resolve(resolver, HTTPSYS_AUTH_GENL_NAME);

	return id > 0 && id == family_id;
}

static int put_done_attrs(struct nl_msg *msg, const struct job_in *in,
			  const struct job_out *out)
{
	int err = 0;

	err |= nla_put_u64(msg, HTTPSYS_AUTH_A_SEQ, in->seq);
	err |= nla_put_u32(msg, HTTPSYS_AUTH_A_OP, in->op);
	err |= nla_put_u32(msg, HTTPSYS_AUTH_A_STATUS, out->status);
	err |= nla_put_u32(msg, HTTPSYS_AUTH_A_SEC_STATUS, out->sec_status);
	if (out->out_token_len &&
	    (out->status == HTTPSYS_AUTH_STATUS_OK ||
	     out->status == HTTPSYS_AUTH_STATUS_CONTINUE))
		err |= nla_put(msg, HTTPSYS_AUTH_A_OUT_TOKEN,
			       out->out_token_len, out->out_token);
	if (out->status != HTTPSYS_AUTH_STATUS_OK ||
	    in->op != HTTPSYS_AUTH_OP_AUTHENTICATE)
		return err;
	if (out->user)
		err |= nla_put_string(msg, HTTPSYS_AUTH_A_USER, out->user);
	if (out->package)
		err |= nla_put_string(msg, HTTPSYS_AUTH_A_PACKAGE,
				      out->package);
	if (out->mapped) {
		uint32_t n = out->group_count;

		if (n > HTTPSYS_AUTH_MAX_GROUPS)
			n = HTTPSYS_AUTH_MAX_GROUPS;
		err |= nla_put_u32(msg, HTTPSYS_AUTH_A_UID, out->uid);
		err |= nla_put_u32(msg, HTTPSYS_AUTH_A_GID, out->gid);
		if (n)
			err |= nla_put(msg, HTTPSYS_AUTH_A_GROUPS,
				       n * sizeof(uint32_t), out->groups);
	}
	err |= nla_put_u32(msg, HTTPSYS_AUTH_A_CONTEXT_ATTRS,
			   out->context_attrs);
	if (out->expiry)
		err |= nla_put_u64(msg, HTTPSYS_AUTH_A_EXPIRY, out->expiry);
	if (out->packed_len)
		err |= nla_put(msg, HTTPSYS_AUTH_A_PACKED_CONTEXT,
			       out->packed_len, out->packed);
	return err;
}

void netlink_done(const struct job_in *in, const struct job_out *out)
{
	/* The variable parts, and room for the fixed attributes. */
	size_t size = 4096 + out->out_token_len + out->packed_len +
		      out->group_count * sizeof(uint32_t);
	struct nl_msg *msg;
	int err;

	_Static_assert(sizeof(gid_t) == sizeof(uint32_t), "gids are u32");
	pthread_mutex_lock(&ctl_lock);
	msg = family_id ? new_msg(HTTPSYS_AUTH_CMD_DONE, size) : NULL;
	if (!family_id)
		err = -ENOTCONN;
	else if (!msg)
		err = -ENOMEM;
	else if (put_done_attrs(msg, in, out))
		err = -EMSGSIZE;
	else
		err = ctl_exchange(msg, NULL);
	pthread_mutex_unlock(&ctl_lock);
	nlmsg_free(msg);
	if (err == -EPERM)
		reregister = 1;
	if (err == -ENOENT)
		log_msg(LOG_INFO_LEVEL, "conn %llu: job %llu gone (timed out or cancelled)",
			(unsigned long long)in->conn_id,
			(unsigned long long)in->seq);
	else if (err)
		log_msg(LOG_ERR_LEVEL, "conn %llu: DONE for job %llu: %s",
			(unsigned long long)in->conn_id,
			(unsigned long long)in->seq, strerror(-err));
}

/* ACCEPT one job: 0 and *@job (NULL when it was unusable), or -errno. */
static int accept_one(struct job **job)
{
	struct nlmsghdr *reply = NULL;
	struct nl_msg *msg;
	uint64_t seq;
	uint32_t op;
	int err;

	*job = NULL;
	pthread_mutex_lock(&ctl_lock);
	msg = new_msg(HTTPSYS_AUTH_CMD_ACCEPT, 0);
	err = msg ? ctl_exchange(msg, &reply) : -ENOMEM;
	/* The reply may hold a Basic password: no copy outlives the job. */
	explicit_bzero(ctl_buf, sizeof(ctl_buf));
	pthread_mutex_unlock(&ctl_lock);
	nlmsg_free(msg);
	if (err || !reply) {
		free(reply);
		return err ? err : -EIO;
	}
	*job = job_parse(reply, reply->nlmsg_len, &seq, &op);
	explicit_bzero(reply, reply->nlmsg_len);
	free(reply);
	if (!*job) {
		struct job_in in = { .seq = seq, .op = op };
		struct job_out out = { .status = HTTPSYS_AUTH_STATUS_ERROR };

		log_msg(LOG_ERR_LEVEL, "a malformed job from the kernel");
		if (seq && op != HTTPSYS_AUTH_OP_DROP)
			netlink_done(&in, &out);
	}
	return 0;
}

/* A Basic job over Basic's share of the queue: the client gets 503. */
static void refuse_busy(struct job *job)
{
	struct job_out out = {
		.status = HTTPSYS_AUTH_STATUS_ERROR,
		.sec_status = SEC_E_INSUFFICIENT_MEMORY,
	};

	log_msg(LOG_DEBUG_LEVEL, "conn %llu: Basic job %llu refused: Basic holds its share of the queue",
		(unsigned long long)job->in.conn_id,
		(unsigned long long)job->in.seq);
	netlink_done(&job->in, &out);
	job_free(job);
}

/* ACCEPT while the pool has room; false when jobs may still be waiting. */
static bool drain(void)
{
	struct job *job;
	int err;

	while (pool_has_room()) {
		err = accept_one(&job);
		if (err == -ENOENT)
			return true;
		if (err) {
			if (err == -EPERM)
				reregister = 1;
			else
				log_msg(LOG_ERR_LEVEL, "ACCEPT: %s",
					strerror(-err));
			return true;
		}
		if (job && !pool_submit(job))
			refuse_busy(job);
	}
	return false;
}

/* The controller's notice of our family coming or going. */
static bool family_notice(struct nlmsghdr *h)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1];
	struct genlmsghdr *gh = nlmsg_data(h);
	const struct nlattr *name;

	if (h->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN ||
	    (gh->cmd != CTRL_CMD_NEWFAMILY && gh->cmd != CTRL_CMD_DELFAMILY) ||
	    nla_parse(tb, CTRL_ATTR_MAX, genlmsg_attrdata(gh, 0),
		      genlmsg_attrlen(gh, 0), NULL) < 0)
		return false;
	name = tb[CTRL_ATTR_FAMILY_NAME];
	return name && attr_string_ok(name, GENL_NAMSIZ) &&
	       !strcmp(nla_data(name), HTTPSYS_AUTH_GENL_NAME);
}

/* Read the event socket: true when jobs may be waiting. */
static bool read_events(void)
{
	int fd = nl_socket_get_fd(events);
	bool wanted = false;
	struct nlmsghdr *h;
	ssize_t n;
	int left;

	for (;;) {
		n = recv(fd, event_buf, sizeof(event_buf), MSG_DONTWAIT);
		if (n < 0 && errno == ENOBUFS) {
			/* READYs were lost: ask until the kernel has none. */
			wanted = true;
			continue;
		}
		if (n <= 0)
			return wanted;
		left = n;
		for (h = (struct nlmsghdr *)event_buf; nlmsg_ok(h, left);
		     h = nlmsg_next(h, &left)) {
			if (h->nlmsg_type == GENL_ID_CTRL && family_notice(h))
				reregister = 1;
			else if (family_id && h->nlmsg_type == family_id)
				wanted = true;
		}
	}
}

static int open_sockets(void)
{
	struct timeval timeout = { .tv_sec = CTL_TIMEOUT_S };

	ctl = nl_socket_alloc();
	events = nl_socket_alloc();
	resolver = nl_socket_alloc();
	if (!ctl || !events || !resolver || genl_connect(ctl) ||
	    genl_connect(events) || genl_connect(resolver))
		return -1;
	nl_socket_disable_seq_check(events);
	if (nl_socket_set_buffer_size(ctl, HTTPSYS_AUTH_RCVBUF * 2,
				      HTTPSYS_AUTH_RCVBUF * 2) ||
	    nl_socket_set_buffer_size(events, HTTPSYS_AUTH_RCVBUF,
				      HTTPSYS_AUTH_RCVBUF) ||
	    nl_socket_set_msg_buf_size(ctl, HTTPSYS_AUTH_RCVBUF) ||
	    setsockopt(nl_socket_get_fd(ctl), SOL_SOCKET, SO_RCVTIMEO,
		       &timeout, sizeof(timeout)))
		return -1;
	notify_group = genl_ctrl_resolve_grp(resolver, "nlctrl", "notify");
	if (notify_group < 0 ||
	    nl_socket_add_membership(events, notify_group) < 0)
		return -1;
	return 0;
}

static void close_sockets(void)
{
	nl_socket_free(ctl);
	nl_socket_free(events);
	nl_socket_free(resolver);
	ctl = events = resolver = NULL;
}

static void try_register(bool *announced)
{
	int err = register_helper();

	if (!err) {
		log_msg(LOG_INFO_LEVEL, "registered as the httpsys auth helper");
		*announced = false;
	} else if (!*announced) {
		log_msg(err == -ENOENT ? LOG_INFO_LEVEL : LOG_ERR_LEVEL,
			"cannot register: %s; retrying",
			err == -ENOENT ? "httpsys module not loaded" :
			strerror(-err));
		*announced = true;
	}
}

int netlink_run(const struct helperd_config *cfg, volatile sig_atomic_t *stop,
		const sigset_t *sigmask)
{
	bool announced = false, wanted = true;
	int wake[2] = { -1, -1 }, ret = -1;
	struct pollfd fds[2];
	struct timespec ts;
	unsigned char sink[64];

	if (open_sockets() || pipe2(wake, O_NONBLOCK | O_CLOEXEC)) {
		log_msg(LOG_ERR_LEVEL, "cannot open netlink sockets");
		goto out;
	}
	if (pool_start(cfg, wake[1])) {
		log_msg(LOG_ERR_LEVEL, "cannot start the workers");
		goto stop_pool;
	}
	while (!*stop) {
		if (reregister || !family_id) {
			reregister = 0;
			try_register(&announced);
			wanted = true;
		}
		if (family_id && wanted && pool_has_room())
			wanted = !drain();
		fds[0] = (struct pollfd){ nl_socket_get_fd(events), POLLIN, 0 };
		fds[1] = (struct pollfd){ wake[0], POLLIN, 0 };
		ts.tv_sec = (family_id ? IDLE_CHECK_MS : UNREGISTERED_RETRY_MS) /
			    1000;
		ts.tv_nsec = 0;
		switch (ppoll(fds, 2, &ts, sigmask)) {
		case -1:
			if (errno != EINTR) {
				log_msg(LOG_ERR_LEVEL, "poll: %s",
					strerror(errno));
				goto stop_pool;
			}
			break;
		case 0:
			/* Idle: a lost READY or a missed reload is caught. */
			if (family_id && !family_current())
				reregister = 1;
			wanted = true;
			break;
		default:
			if (fds[0].revents)
				wanted |= read_events();
			if (fds[1].revents && read(wake[0], sink, sizeof(sink)) > 0)
				wanted = true;
		}
	}
	ret = 0;
stop_pool:
	pool_stop();
out:
	close_sockets();
	if (wake[0] >= 0) {
		close(wake[0]);
		close(wake[1]);
	}
	return ret;
}
