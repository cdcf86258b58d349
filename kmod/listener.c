// SPDX-License-Identifier: GPL-2.0
/*
 * Listening sockets: one dual-stack (IPv6 with v4-mapped) socket per port,
 * opened by the first prefix on the port and closed with the last.
 * Called with the URL registry's mutex held.
 */
#include <linux/slab.h>
#include <linux/in6.h>
#include <net/sock.h>

#include "core.h"

#define LISTEN_BACKLOG	1024

struct httpsys_listener {
	struct list_head node;
	u16 port;
	unsigned int users;
	struct socket *sock;
	struct work_struct accept_work;
	void (*saved_data_ready)(struct sock *sk);
};

static LIST_HEAD(listeners);

static void listener_accept_work(struct work_struct *work)
{
	struct httpsys_listener *l =
		container_of(work, struct httpsys_listener, accept_work);
	struct socket *newsock;

	while (kernel_accept(l->sock, &newsock, O_NONBLOCK) == 0)
		conn_accept(newsock);
}

static void listener_data_ready(struct sock *sk)
{
	struct httpsys_listener *l;

	read_lock_bh(&sk->sk_callback_lock);
	l = sk->sk_user_data;
	if (l)
		queue_work(httpsys_wq, &l->accept_work);
	read_unlock_bh(&sk->sk_callback_lock);
}

static int listener_open(struct httpsys_listener *l)
{
	struct sockaddr_in6 addr = {
		.sin6_family = AF_INET6,
		.sin6_port = htons(l->port),
		.sin6_addr = IN6ADDR_ANY_INIT,
	};
	struct sock *sk;
	int err;

	err = sock_create_kern(&init_net, PF_INET6, SOCK_STREAM, IPPROTO_TCP,
			       &l->sock);
	if (err)
		return err;
	sk = l->sock->sk;
	sock_set_reuseaddr(sk);
	err = kernel_bind(l->sock, (struct sockaddr *)&addr, sizeof(addr));
	if (!err)
		err = kernel_listen(l->sock, LISTEN_BACKLOG);
	if (err) {
		sock_release(l->sock);
		return err;
	}
	write_lock_bh(&sk->sk_callback_lock);
	l->saved_data_ready = sk->sk_data_ready;
	sk->sk_user_data = l;
	sk->sk_data_ready = listener_data_ready;
	write_unlock_bh(&sk->sk_callback_lock);
	return 0;
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

void listener_put(struct httpsys_listener *l)
{
	struct sock *sk = l->sock->sk;

	if (--l->users)
		return;
	list_del(&l->node);
	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_user_data = NULL;
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
