// SPDX-License-Identifier: GPL-2.0
/* The helper's side of the httpsys_auth family, for the tests. */
#include <errno.h>
#include <string.h>

#include <netlink/genl/ctrl.h>

#include "helper_nl.h"

static int family;

struct nl_sock *helper_socket(void)
{
	struct nl_sock *sk = nl_socket_alloc();

	if (!sk)
		return NULL;
	if (genl_connect(sk)) {
		nl_socket_free(sk);
		return NULL;
	}
	/* A DONE may carry two 48 KiB blobs: the send buffer must hold it. */
	nl_socket_set_buffer_size(sk, HTTPSYS_AUTH_RCVBUF, HTTPSYS_AUTH_RCVBUF);
	return sk;
}

int helper_resolve(void)
{
	struct nl_sock *sk = helper_socket();

	if (!sk)
		return -NLE_NOMEM;
	family = genl_ctrl_resolve(sk, HTTPSYS_AUTH_GENL_NAME);
	nl_socket_free(sk);
	return family;
}

static int on_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	(void)who;
	*(int *)arg = e->error;
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	(void)msg;
	*(int *)arg = 0;
	return NL_STOP;
}

int helper_call(struct nl_sock *sk, struct nl_msg *msg,
		nl_recvmsg_msg_cb_t on_reply, void *arg)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_CUSTOM);
	int err = 1;

	if (!cb || nl_send_auto(sk, msg) < 0) {
		err = -EIO;
	} else {
		nl_cb_err(cb, NL_CB_CUSTOM, on_error, &err);
		nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &err);
		if (on_reply)
			nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_reply, arg);
		while (err > 0)
			if (nl_recvmsgs(sk, cb) < 0 && err > 0)
				err = -EIO;
	}
	nl_cb_put(cb);
	nlmsg_free(msg);
	return err;
}

struct nl_msg *helper_msg(int cmd)
{
	struct nl_msg *msg = nlmsg_alloc_size(HTTPSYS_AUTH_RCVBUF);

	if (msg && !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0,
				NLM_F_ACK, cmd, HTTPSYS_AUTH_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

int helper_simple(struct nl_sock *sk, int cmd)
{
	struct nl_msg *msg = helper_msg(cmd);

	return msg ? helper_call(sk, msg, NULL, NULL) : -ENOMEM;
}

struct nl_msg *helper_done_msg(uint64_t seq, uint32_t op, uint32_t status)
{
	struct nl_msg *msg = helper_msg(HTTPSYS_AUTH_CMD_DONE);

	if (!msg)
		return NULL;
	nla_put_u64(msg, HTTPSYS_AUTH_A_SEQ, seq);
	nla_put_u32(msg, HTTPSYS_AUTH_A_OP, op);
	nla_put_u32(msg, HTTPSYS_AUTH_A_STATUS, status);
	return msg;
}

int helper_done(struct nl_sock *sk, uint64_t seq, uint32_t op, uint32_t status)
{
	struct nl_msg *msg = helper_done_msg(seq, op, status);

	return msg ? helper_call(sk, msg, NULL, NULL) : -ENOMEM;
}

static void copy_string(char *dst, size_t size, const struct nlattr *nla)
{
	size_t len = nla ? (size_t)nla_len(nla) : 0;

	if (len >= size)
		len = size - 1;
	if (len)
		memcpy(dst, nla_data(nla), len);
	dst[len] = '\0';
}

static int on_job(struct nl_msg *msg, void *arg)
{
	struct helper_job *job = arg;
	struct nlattr *tb[HTTPSYS_AUTH_A_MAX + 1];
	struct nlattr *token;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, HTTPSYS_AUTH_A_MAX, NULL))
		return NL_SKIP;
	job->seq = tb[HTTPSYS_AUTH_A_SEQ] ? nla_get_u64(tb[HTTPSYS_AUTH_A_SEQ]) : 0;
	job->conn_id = tb[HTTPSYS_AUTH_A_CONN_ID] ?
		       nla_get_u64(tb[HTTPSYS_AUTH_A_CONN_ID]) : 0;
	job->op = tb[HTTPSYS_AUTH_A_OP] ? nla_get_u32(tb[HTTPSYS_AUTH_A_OP]) : 0;
	job->scheme = tb[HTTPSYS_AUTH_A_SCHEME] ?
		      nla_get_u32(tb[HTTPSYS_AUTH_A_SCHEME]) : 0;
	job->flags = tb[HTTPSYS_AUTH_A_FLAGS] ?
		     nla_get_u32(tb[HTTPSYS_AUTH_A_FLAGS]) : 0;
	token = tb[HTTPSYS_AUTH_A_TOKEN];
	job->token_len = 0;
	if (token && (size_t)nla_len(token) <= sizeof(job->token)) {
		job->token_len = nla_len(token);
		memcpy(job->token, nla_data(token), job->token_len);
	}
	copy_string(job->method, sizeof(job->method), tb[HTTPSYS_AUTH_A_METHOD]);
	copy_string(job->uri, sizeof(job->uri), tb[HTTPSYS_AUTH_A_URI]);
	copy_string(job->realm, sizeof(job->realm), tb[HTTPSYS_AUTH_A_REALM]);
	copy_string(job->domain, sizeof(job->domain), tb[HTTPSYS_AUTH_A_DOMAIN]);
	return NL_OK;
}

int helper_accept(struct nl_sock *sk, struct helper_job *job)
{
	struct nl_msg *msg = helper_msg(HTTPSYS_AUTH_CMD_ACCEPT);

	memset(job, 0, sizeof(*job));
	return msg ? helper_call(sk, msg, on_job, job) : -ENOMEM;
}
