// SPDX-License-Identifier: GPL-2.0
/*
 * An impostor on the httpsys_auth Generic Netlink family: tries to
 * register as the helper, pull a job and answer one, and prints one line
 * per attempt with the kernel's answer ("register: EPERM").
 *
 *   auth_intruder [--uid N]
 *
 * With --uid it first becomes that user (all ids, no capabilities), as
 * an unprivileged local process is.  Exit 0 when every attempt was
 * refused, 1 when one was accepted, 2 when the family is missing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include "httpsys_auth.h"

static int family;

static int ack_error(struct sockaddr_nl *who, struct nlmsgerr *err, void *arg)
{
	(void)who;
	*(int *)arg = err->error;
	return NL_STOP;
}

static int ack_ok(struct nl_msg *msg, void *arg)
{
	(void)msg;
	*(int *)arg = 0;
	return NL_STOP;
}

/* Send @cmd with what @fill adds; the kernel's answer: 0 or -errno. */
static int attempt(struct nl_sock *sk, int cmd, void (*fill)(struct nl_msg *))
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int result = 1, rc;

	genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, NLM_F_ACK, cmd,
		    HTTPSYS_AUTH_GENL_VERSION);
	if (fill)
		fill(msg);
	nl_cb_err(cb, NL_CB_CUSTOM, ack_error, &result);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, ack_ok, &result);
	/* ACCEPT's answer is a message of its own: accepted, a job leaked. */
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, ack_ok, &result);
	rc = nl_send_auto(sk, msg);
	while (rc >= 0 && result == 1)
		rc = nl_recvmsgs(sk, cb);
	nlmsg_free(msg);
	nl_cb_put(cb);
	return rc < 0 && result == 1 ? -EIO : result;
}

/* A verdict for job 1, as if it were the helper's: OK, user root. */
static void fill_done(struct nl_msg *msg)
{
	nla_put_u64(msg, HTTPSYS_AUTH_A_SEQ, 1);
	nla_put_u32(msg, HTTPSYS_AUTH_A_OP, HTTPSYS_AUTH_OP_AUTHENTICATE);
	nla_put_u32(msg, HTTPSYS_AUTH_A_STATUS, HTTPSYS_AUTH_STATUS_OK);
	nla_put_string(msg, HTTPSYS_AUTH_A_USER, "root");
	nla_put_string(msg, HTTPSYS_AUTH_A_PACKAGE, "NTLM");
	nla_put_u32(msg, HTTPSYS_AUTH_A_UID, 0);
	nla_put_u32(msg, HTTPSYS_AUTH_A_GID, 0);
}

static int report(const char *what, int rc)
{
	printf("%s: %s\n", what, rc == -EPERM ? "EPERM" :
	       rc == 0 ? "accepted" : strerror(-rc));
	return rc == 0;
}

int main(int argc, char **argv)
{
	struct nl_sock *sk;
	int accepted = 0;

	if (argc == 3 && !strcmp(argv[1], "--uid")) {
		uid_t uid = (uid_t)atoi(argv[2]);

		if (setgroups(0, NULL) || setresgid(uid, uid, uid) ||
		    setresuid(uid, uid, uid)) {
			perror("dropping privileges");
			return 2;
		}
	}
	sk = nl_socket_alloc();
	if (!sk || genl_connect(sk)) {
		fprintf(stderr, "no generic netlink socket\n");
		return 2;
	}
	family = genl_ctrl_resolve(sk, HTTPSYS_AUTH_GENL_NAME);
	if (family < 0) {
		fprintf(stderr, "no %s family\n", HTTPSYS_AUTH_GENL_NAME);
		return 2;
	}
	accepted += report("register", attempt(sk, HTTPSYS_AUTH_CMD_REGISTER, NULL));
	accepted += report("accept", attempt(sk, HTTPSYS_AUTH_CMD_ACCEPT, NULL));
	accepted += report("done", attempt(sk, HTTPSYS_AUTH_CMD_DONE, fill_done));
	nl_socket_free(sk);
	return accepted ? 1 : 0;
}
