// SPDX-License-Identifier: GPL-2.0
/*
 * Listening sockets: one dual-stack (IPv6 with v4-mapped) socket per port,
 * opened by the first http:// prefix on the port and closed with the last.
 * They live in the initial network namespace only (url_add() refuses
 * callers from others).  Called with the URL registry's mutex held.
 */
#include <linux/cred.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <net/sock.h>

#include "core.h"

#define LISTEN_BACKLOG	1024
#define ACCEPT_BATCH	64	/* connections accepted per work run */

struct httpsys_listener {
	struct list_head node;
	u16 port;
	unsigned int users;
	struct socket *sock;
	struct work_struct accept_work;
	void (*saved_data_ready)(struct sock *sk);
};

static LIST_HEAD(listeners);

/*
 * Accept a batch, then queue the work again if more may wait, so that a
 * connection flood cannot keep one worker busy for ever.
 */
static void listener_accept_work(struct work_struct *work)
{
	struct httpsys_listener *l =
		container_of(work, struct httpsys_listener, accept_work);
	struct socket *newsock;
	int n;

	for (n = 0; n < ACCEPT_BATCH; n++) {
		if (kernel_accept(l->sock, &newsock, O_NONBLOCK))
			return;
		conn_accept(newsock, l->saved_data_ready);
	}
	queue_work(httpsys_wq, &l->accept_work);
}

/*
 * Only the listening socket queues accept work.  Its children inherit this
 * callback when cloned, but not the pointer (tagged NOCOPY), and their
 * state is never TCP_LISTEN: a child that gets data before it is accepted
 * must not reach a listener that may already be gone.
 */
static void listener_data_ready(struct sock *sk)
{
	struct httpsys_listener *l;

	if (READ_ONCE(sk->sk_state) != TCP_LISTEN)
		return;
	read_lock_bh(&sk->sk_callback_lock);
	l = __locked_read_sk_user_data_with_flags(sk, SK_USER_DATA_NOCOPY);
	if (l)
		queue_work(httpsys_wq, &l->accept_work);
	read_unlock_bh(&sk->sk_callback_lock);
}

static void listener_set_callbacks(struct httpsys_listener *l)
{
	struct sock *sk = l->sock->sk;

	write_lock_bh(&sk->sk_callback_lock);
	l->saved_data_ready = sk->sk_data_ready;
	__rcu_assign_sk_user_data_with_flags(sk, l, SK_USER_DATA_NOCOPY);
	sk->sk_data_ready = listener_data_ready;
	write_unlock_bh(&sk->sk_callback_lock);
}

/*
 * Bind with the kernel's credentials: as on Windows, a registration the
 * URL reservations allow opens its port whoever makes it, so a port below
 * 1024 does not depend on who registered first.
 */
static int listener_bind(struct socket *sock, struct sockaddr *addr, int len)
{
	struct cred *kcred = prepare_kernel_cred(&init_task);
	const struct cred *old;
	int err;

	if (!kcred)
		return -ENOMEM;
	old = override_creds(kcred);
	err = kernel_bind(sock, addr, len);
	revert_creds(old);
	put_cred(kcred);
	return err;
}

/*
 * Dual-stack: IPv6 with v4-mapped addresses, V6ONLY cleared whatever
 * net.ipv6.bindv6only says; plain IPv4 when IPv6 is disabled.
 */
static int listener_bind_any(struct httpsys_listener *l)
{
	struct sockaddr_in6 addr6 = {
		.sin6_family = AF_INET6,
		.sin6_port = htons(l->port),
		.sin6_addr = IN6ADDR_ANY_INIT,
	};
	struct sockaddr_in addr4 = {
		.sin_family = AF_INET,
		.sin_port = htons(l->port),
		.sin_addr.s_addr = htonl(INADDR_ANY),
	};
	int err;

	err = sock_create_kern(&init_net, PF_INET6, SOCK_STREAM, IPPROTO_TCP,
			       &l->sock);
	if (!err) {
		lock_sock(l->sock->sk);
		l->sock->sk->sk_ipv6only = false;
		release_sock(l->sock->sk);
		sock_set_reuseaddr(l->sock->sk);
		err = listener_bind(l->sock, (struct sockaddr *)&addr6,
				    sizeof(addr6));
		if (err)
			sock_release(l->sock);
		return err;
	}
	if (err != -EAFNOSUPPORT)
		return err;
	err = sock_create_kern(&init_net, PF_INET, SOCK_STREAM, IPPROTO_TCP,
			       &l->sock);
	if (err)
		return err;
	sock_set_reuseaddr(l->sock->sk);
	err = listener_bind(l->sock, (struct sockaddr *)&addr4, sizeof(addr4));
	if (err)
		sock_release(l->sock);
	return err;
}

static int listener_open(struct httpsys_listener *l)
{
	int err = listener_bind_any(l);

	if (err)
		return err;
	/* Before listening, so no connection completes unnoticed. */
	listener_set_callbacks(l);
	err = kernel_listen(l->sock, LISTEN_BACKLOG);
	if (err)
		sock_release(l->sock);
	return err;
}

struct httpsys_listener *listener_get(u16 port, int *err)
{
	struct httpsys_listener *l;

	list_for_each_entry(l, &listeners, node) {
		if (l->port == port) {
			l->users++;
			return l;
		}
	}
	l = kzalloc(sizeof(*l), GFP_KERNEL);
	if (!l) {
		*err = -ENOMEM;
		return NULL;
	}
	l->port = port;
	l->users = 1;
	INIT_WORK(&l->accept_work, listener_accept_work);
	*err = listener_open(l);
	if (*err) {
		kfree(l);
		return NULL;
	}
	list_add(&l->node, &listeners);
	return l;
}

/*
 * Teardown order: unhook the callback, so nothing queues the accept work
 * any more (children never carry the pointer); wait for the work; release
 * the socket, which resets the connections still in its accept queue;
 * then free.
 */
void listener_put(struct httpsys_listener *l)
{
	struct sock *sk = l->sock->sk;

	if (--l->users)
		return;
	list_del(&l->node);
	write_lock_bh(&sk->sk_callback_lock);
	rcu_assign_sk_user_data(sk, NULL);
	sk->sk_data_ready = l->saved_data_ready;
	write_unlock_bh(&sk->sk_callback_lock);
	cancel_work_sync(&l->accept_work);
	sock_release(l->sock);
	kfree(l);
}

u32 listener_count(void)
{
	struct httpsys_listener *l;
	u32 n = 0;

	list_for_each_entry(l, &listeners, node)
		n++;
	return n;
}
