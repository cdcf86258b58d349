// SPDX-License-Identifier: GPL-2.0
/*
 * The authentication upcall's transport (kmod/auth_upcall.c) seen from a
 * helper: who may register and answer, what a DONE must look like, and
 * that a helper's socket closing, or the module going, leaves things
 * clean.  Runs as root in the test VM with httpsys.ko loaded; with the
 * module's path as argument it also unloads and reloads it while a helper
 * is registered.
 */
#define _GNU_SOURCE	/* unshare */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <netlink/genl/ctrl.h>

#include "../tap.h"
#include "helper_nl.h"

#define TEST_ID 1500	/* httpsys-test, uid and gid (tests/vm/guest.sh) */

/* A well-formed DONE: FAILED for the authentication job @seq. */
static int done(struct nl_sock *sk, uint64_t seq)
{
	return helper_done(sk, seq, HTTPSYS_AUTH_OP_AUTHENTICATE,
			   HTTPSYS_AUTH_STATUS_FAILED);
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	int ok = fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text);

	if (fd >= 0)
		close(fd);
	return ok ? 0 : -1;
}

/* Join the jobs group on @sk's socket: 0 or -errno. */
static int join_jobs_group(struct nl_sock *sk)
{
	int group = genl_ctrl_resolve_grp(sk, HTTPSYS_AUTH_GENL_NAME,
					  HTTPSYS_AUTH_GENL_MCGRP);

	if (group <= 0)
		return -EIO;
	return setsockopt(nl_socket_get_fd(sk), SOL_NETLINK,
			  NETLINK_ADD_MEMBERSHIP, &group, sizeof(group)) ?
	       -errno : 0;
}

/*
 * REGISTER, ACCEPT, DONE and joining the jobs group from uid 1500, then
 * REGISTER as root of a user namespace of its own (CAP_NET_ADMIN there,
 * not in the initial one): their errors, through a pipe.
 */
static void unprivileged(int out)
{
	int errs[5] = { -EIO, -EIO, -EIO, -EIO, -EIO };
	struct nl_sock *sk = NULL;
	char map[32];

	if (!setgroups(0, NULL) && !setgid(TEST_ID) && !setuid(TEST_ID))
		sk = helper_socket();
	if (sk) {
		errs[0] = helper_simple(sk, HTTPSYS_AUTH_CMD_REGISTER);
		errs[1] = helper_simple(sk, HTTPSYS_AUTH_CMD_ACCEPT);
		errs[2] = done(sk, 1);
		errs[4] = join_jobs_group(sk);
		snprintf(map, sizeof(map), "0 %d 1", TEST_ID);
		/* setuid made us undumpable: /proc/self would stay root's. */
		if (!prctl(PR_SET_DUMPABLE, 1) && !unshare(CLONE_NEWUSER) &&
		    !write_file("/proc/self/setgroups", "deny") &&
		    !write_file("/proc/self/uid_map", map) &&
		    !write_file("/proc/self/gid_map", map))
			errs[3] = helper_simple(sk, HTTPSYS_AUTH_CMD_REGISTER);
		nl_socket_free(sk);
	}
	if (write(out, errs, sizeof(errs)) != sizeof(errs))
		_exit(1);
	_exit(0);
}

static void test_unprivileged(void)
{
	int errs[5] = { 0, 0, 0, 0, 0 }, fds[2], status;
	pid_t pid;

	if (!CHECK(pipe(fds) == 0, "unprivileged: pipe"))
		return;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		unprivileged(fds[1]);
	}
	close(fds[1]);
	if (read(fds[0], errs, sizeof(errs)) != sizeof(errs))
		memset(errs, 0, sizeof(errs));
	close(fds[0]);
	waitpid(pid, &status, 0);
	CHECK(errs[0] == -EPERM, "unprivileged: REGISTER refused with EPERM (%d)",
	      errs[0]);
	CHECK(errs[1] == -EPERM, "unprivileged: ACCEPT refused with EPERM (%d)",
	      errs[1]);
	CHECK(errs[2] == -EPERM, "unprivileged: DONE refused with EPERM (%d)",
	      errs[2]);
	CHECK(errs[3] == -EPERM,
	      "unprivileged: REGISTER as root of a user namespace refused with EPERM (%d)",
	      errs[3]);
	CHECK(errs[4] == -EPERM,
	      "unprivileged: joining the jobs group refused with EPERM (%d)",
	      errs[4]);
}

static void test_second_socket(void)
{
	struct nl_sock *other = helper_socket();

	if (!CHECK(other, "second socket: opened"))
		return;
	CHECK(helper_simple(other, HTTPSYS_AUTH_CMD_REGISTER) == -EBUSY,
	      "second socket: REGISTER while a live helper is registered: EBUSY");
	CHECK(helper_simple(other, HTTPSYS_AUTH_CMD_ACCEPT) == -EPERM,
	      "second socket: ACCEPT refused with EPERM");
	CHECK(done(other, 1) == -EPERM, "second socket: DONE refused with EPERM");
	nl_socket_free(other);
}

/*
 * One malformed DONE; @build adds its attributes after the header.  The
 * policy answers a value out of its range or a value too long with
 * ERANGE, everything else with EINVAL.
 */
struct bad_done {
	const char *what;
	void (*build)(struct nl_msg *msg);
	int err;
};

static void seq_short(struct nl_msg *msg)
{
	uint32_t seq = 12345;

	nla_put(msg, HTTPSYS_AUTH_A_SEQ, sizeof(seq), &seq);
	nla_put_u32(msg, HTTPSYS_AUTH_A_OP, HTTPSYS_AUTH_OP_AUTHENTICATE);
	nla_put_u32(msg, HTTPSYS_AUTH_A_STATUS, HTTPSYS_AUTH_STATUS_FAILED);
}

static void valid_head(struct nl_msg *msg)
{
	nla_put_u64(msg, HTTPSYS_AUTH_A_SEQ, 12345);
	nla_put_u32(msg, HTTPSYS_AUTH_A_OP, HTTPSYS_AUTH_OP_AUTHENTICATE);
}

static void status_out_of_range(struct nl_msg *msg)
{
	valid_head(msg);
	nla_put_u32(msg, HTTPSYS_AUTH_A_STATUS, 9);
}

static void op_out_of_range(struct nl_msg *msg)
{
	nla_put_u64(msg, HTTPSYS_AUTH_A_SEQ, 12345);
	nla_put_u32(msg, HTTPSYS_AUTH_A_OP, 7);
	nla_put_u32(msg, HTTPSYS_AUTH_A_STATUS, HTTPSYS_AUTH_STATUS_FAILED);
}

static void no_status(struct nl_msg *msg)
{
	valid_head(msg);
}

static void user_too_long(struct nl_msg *msg)
{
	char user[HTTPSYS_AUTH_MAX_NAME + 16];

	memset(user, 'u', sizeof(user) - 1);
	user[sizeof(user) - 1] = '\0';
	valid_head(msg);
	nla_put_u32(msg, HTTPSYS_AUTH_A_STATUS, HTTPSYS_AUTH_STATUS_OK);
	nla_put_string(msg, HTTPSYS_AUTH_A_USER, user);
	nla_put_string(msg, HTTPSYS_AUTH_A_PACKAGE, "Basic");
}

static void user_unterminated(struct nl_msg *msg)
{
	valid_head(msg);
	nla_put_u32(msg, HTTPSYS_AUTH_A_STATUS, HTTPSYS_AUTH_STATUS_OK);
	nla_put(msg, HTTPSYS_AUTH_A_USER, 5, "alice");
	nla_put_string(msg, HTTPSYS_AUTH_A_PACKAGE, "Basic");
}

static void token_too_long(struct nl_msg *msg)
{
	static char token[HTTPSYS_AUTH_MAX_OUT_TOKEN + 1];

	valid_head(msg);
	nla_put_u32(msg, HTTPSYS_AUTH_A_STATUS, HTTPSYS_AUTH_STATUS_CONTINUE);
	nla_put(msg, HTTPSYS_AUTH_A_OUT_TOKEN, sizeof(token), token);
}

static void groups_ragged(struct nl_msg *msg)
{
	uint32_t groups[2] = { 100, 101 };

	valid_head(msg);
	nla_put_u32(msg, HTTPSYS_AUTH_A_STATUS, HTTPSYS_AUTH_STATUS_FAILED);
	nla_put(msg, HTTPSYS_AUTH_A_GROUPS, 6, groups);
}

static void groups_too_many(struct nl_msg *msg)
{
	static uint32_t groups[HTTPSYS_AUTH_MAX_GROUPS + 1];

	valid_head(msg);
	nla_put_u32(msg, HTTPSYS_AUTH_A_STATUS, HTTPSYS_AUTH_STATUS_FAILED);
	nla_put(msg, HTTPSYS_AUTH_A_GROUPS, sizeof(groups), groups);
}

static void uid_without_gid(struct nl_msg *msg)
{
	valid_head(msg);
	nla_put_u32(msg, HTTPSYS_AUTH_A_STATUS, HTTPSYS_AUTH_STATUS_FAILED);
	nla_put_u32(msg, HTTPSYS_AUTH_A_UID, 1000);
}

static void seq_twice(struct nl_msg *msg)
{
	valid_head(msg);
	nla_put_u32(msg, HTTPSYS_AUTH_A_STATUS, HTTPSYS_AUTH_STATUS_FAILED);
	nla_put_u64(msg, HTTPSYS_AUTH_A_SEQ, 12346);
}

static void kernel_attribute(struct nl_msg *msg)
{
	valid_head(msg);
	nla_put_u32(msg, HTTPSYS_AUTH_A_STATUS, HTTPSYS_AUTH_STATUS_FAILED);
	nla_put(msg, HTTPSYS_AUTH_A_TOKEN, 4, "abcd");
}

static void unknown_attribute(struct nl_msg *msg)
{
	valid_head(msg);
	nla_put_u32(msg, HTTPSYS_AUTH_A_STATUS, HTTPSYS_AUTH_STATUS_FAILED);
	nla_put_u32(msg, HTTPSYS_AUTH_A_MAX + 1, 0);
}

static void ok_without_user(struct nl_msg *msg)
{
	valid_head(msg);
	nla_put_u32(msg, HTTPSYS_AUTH_A_STATUS, HTTPSYS_AUTH_STATUS_OK);
}

static void continue_without_token(struct nl_msg *msg)
{
	valid_head(msg);
	nla_put_u32(msg, HTTPSYS_AUTH_A_STATUS, HTTPSYS_AUTH_STATUS_CONTINUE);
}

static const struct bad_done bad_dones[] = {
	{ "SEQ of 4 bytes", seq_short, -EINVAL },
	{ "STATUS out of range", status_out_of_range, -ERANGE },
	{ "OP out of range", op_out_of_range, -ERANGE },
	{ "no STATUS", no_status, -EINVAL },
	{ "USER over HTTPSYS_AUTH_MAX_NAME", user_too_long, -EINVAL },
	{ "USER not NUL-terminated", user_unterminated, -EINVAL },
	{ "OUT_TOKEN over HTTPSYS_AUTH_MAX_OUT_TOKEN", token_too_long, -ERANGE },
	{ "GROUPS of 6 bytes", groups_ragged, -EINVAL },
	{ "GROUPS over HTTPSYS_AUTH_MAX_GROUPS", groups_too_many, -ERANGE },
	{ "UID without GID", uid_without_gid, -EINVAL },
	{ "SEQ twice", seq_twice, -EINVAL },
	{ "a kernel-only attribute (TOKEN)", kernel_attribute, -EINVAL },
	{ "an attribute past the last", unknown_attribute, -EINVAL },
	{ "OK without USER and PACKAGE", ok_without_user, -EINVAL },
	{ "CONTINUE without OUT_TOKEN", continue_without_token, -EINVAL },
};

static void test_malformed(struct nl_sock *sk)
{
	struct nl_msg *msg;
	size_t i;
	int err;

	for (i = 0; i < sizeof(bad_dones) / sizeof(bad_dones[0]); i++) {
		msg = helper_msg(HTTPSYS_AUTH_CMD_DONE);
		if (!msg)
			continue;
		bad_dones[i].build(msg);
		err = helper_call(sk, msg, NULL, NULL);
		CHECK(err == bad_dones[i].err, "malformed DONE (%s): %s (%d)",
		      bad_dones[i].what,
		      bad_dones[i].err == -ERANGE ? "ERANGE" : "EINVAL", err);
	}

	msg = helper_msg(HTTPSYS_AUTH_CMD_REGISTER);
	if (msg) {
		nla_put_u32(msg, HTTPSYS_AUTH_A_STATUS, 1);
		CHECK(helper_call(sk, msg, NULL, NULL) == -EINVAL,
		      "REGISTER with an attribute: EINVAL");
	}
	msg = helper_done_msg(12345, HTTPSYS_AUTH_OP_AUTHENTICATE,
			      HTTPSYS_AUTH_STATUS_FAILED);
	if (msg) {
		((struct genlmsghdr *)nlmsg_data(nlmsg_hdr(msg)))->reserved = 1;
		CHECK(helper_call(sk, msg, NULL, NULL) == -EINVAL,
		      "DONE with the reserved header field set: EINVAL");
	}
}

/* Many answers for jobs that do not exist: each refused, nothing breaks. */
static void test_done_storm(struct nl_sock *sk)
{
	int i, refused = 0;

	for (i = 0; i < 2000; i++)
		refused += done(sk, 1000000 + i) == -ENOENT;
	CHECK(refused == 2000, "DONE storm: 2000 DONEs for unknown jobs all ENOENT (%d)",
	      refused);
}

static int run(const char *cmd, const char *module)
{
	char line[512];

	snprintf(line, sizeof(line), "%s %s", cmd, module);
	return system(line);
}

/* rmmod with a helper registered, then insmod: clean both ways. */
static void test_unload(struct nl_sock *sk, const char *module)
{
	CHECK(run("rmmod", "httpsys") == 0, "unload: rmmod with a helper registered");
	CHECK(helper_resolve() < 0, "unload: the family is gone");
	CHECK(helper_simple(sk, HTTPSYS_AUTH_CMD_ACCEPT) != 0,
	      "unload: the old helper's ACCEPT fails");
	CHECK(run("insmod", module) == 0, "unload: insmod again");
	CHECK(helper_resolve() > 0, "unload: the family is back");
	CHECK(helper_simple(sk, HTTPSYS_AUTH_CMD_ACCEPT) == -EPERM,
	      "unload: the new module does not know the old helper (EPERM)");
	CHECK(helper_simple(sk, HTTPSYS_AUTH_CMD_REGISTER) == 0,
	      "unload: the helper registers with the new module");
}

int main(int argc, char **argv)
{
	struct nl_sock *sk, *next;
	int group;

	sk = helper_socket();
	if (!CHECK(sk, "netlink: a generic netlink socket"))
		return tap_exit_status();
	if (!CHECK(helper_resolve() > 0, "family: %s resolves", HTTPSYS_AUTH_GENL_NAME))
		return tap_exit_status();
	group = genl_ctrl_resolve_grp(sk, HTTPSYS_AUTH_GENL_NAME,
				      HTTPSYS_AUTH_GENL_MCGRP);
	CHECK(group > 0, "family: multicast group %s resolves",
	      HTTPSYS_AUTH_GENL_MCGRP);

	test_unprivileged();
	CHECK(helper_simple(sk, HTTPSYS_AUTH_CMD_ACCEPT) == -EPERM,
	      "ACCEPT before REGISTER: EPERM");
	CHECK(helper_simple(sk, HTTPSYS_AUTH_CMD_REGISTER) == 0, "REGISTER as root works");
	CHECK(helper_simple(sk, HTTPSYS_AUTH_CMD_REGISTER) == 0,
	      "REGISTER again from the same socket works");
	test_second_socket();
	CHECK(helper_simple(sk, HTTPSYS_AUTH_CMD_ACCEPT) == -ENOENT,
	      "ACCEPT with no job: ENOENT");
	CHECK(done(sk, 12345) == -ENOENT, "DONE for seq 12345: ENOENT");
	test_malformed(sk);
	test_done_storm(sk);

	nl_socket_free(sk);
	next = helper_socket();
	if (!CHECK(next, "restart: a new socket"))
		return tap_exit_status();
	CHECK(helper_simple(next, HTTPSYS_AUTH_CMD_REGISTER) == 0,
	      "restart: once the helper's socket closed, a new one registers");
	CHECK(helper_simple(next, HTTPSYS_AUTH_CMD_ACCEPT) == -ENOENT,
	      "restart: the new helper ACCEPTs (ENOENT: no job)");
	if (argc > 1)
		test_unload(next, argv[1]);
	nl_socket_free(next);
	return tap_exit_status();
}
