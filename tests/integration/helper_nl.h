/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The helper's side of the httpsys_auth family (uapi/httpsys_auth.h), as
 * the tests play it with libnl-genl-3: each call waits for its ack and
 * returns 0 or the kernel's -errno.
 */
#ifndef HTTPSYS_TEST_HELPER_NL_H
#define HTTPSYS_TEST_HELPER_NL_H

#include <stdint.h>

#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include "httpsys_auth.h"

/* A job as ACCEPT returned it; absent strings are empty. */
struct helper_job {
	uint64_t seq;
	uint64_t conn_id;
	uint32_t op;
	uint32_t scheme;
	uint32_t flags;
	uint32_t token_len;
	uint8_t token[HTTPSYS_AUTH_MAX_TOKEN];
	char method[HTTPSYS_AUTH_MAX_NAME];
	char uri[HTTPSYS_AUTH_MAX_URI];
	char realm[HTTPSYS_AUTH_MAX_NAME];
	char domain[HTTPSYS_AUTH_MAX_NAME];
};

/* The family's id (also kept for helper_msg), or a negative libnl error. */
int helper_resolve(void);

/* A generic netlink socket with the buffers the uapi header asks for. */
struct nl_sock *helper_socket(void);

/* A message of command @cmd asking for an ack; NULL without memory. */
struct nl_msg *helper_msg(int cmd);

/* Sends @msg (consumed); @on_reply sees the replies before the ack. */
int helper_call(struct nl_sock *sk, struct nl_msg *msg,
		nl_recvmsg_msg_cb_t on_reply, void *arg);

/* A command without attributes: REGISTER or ACCEPT. */
int helper_simple(struct nl_sock *sk, int cmd);

/* A DONE with SEQ, OP and STATUS only. */
struct nl_msg *helper_done_msg(uint64_t seq, uint32_t op, uint32_t status);
int helper_done(struct nl_sock *sk, uint64_t seq, uint32_t op, uint32_t status);

/* ACCEPT, the job filled in from the reply. */
int helper_accept(struct nl_sock *sk, struct helper_job *job);

#endif /* HTTPSYS_TEST_HELPER_NL_H */
