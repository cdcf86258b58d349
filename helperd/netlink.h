/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef HELPERD_NETLINK_H
#define HELPERD_NETLINK_H

#include <signal.h>

#include "helperd.h"

/*
 * Take jobs from the kernel and hand them to the pool until a signal of
 * @sigmask's complement sets *@stop.  Registers as the helper, and again
 * whenever the family reappears (the module reloaded).  -1 on a fatal
 * error.
 */
int netlink_run(const struct helperd_config *cfg, volatile sig_atomic_t *stop,
		const sigset_t *sigmask);

/* Answer job @in with @out (DONE); safe from any worker. */
void netlink_done(const struct job_in *in, const struct job_out *out);

#endif /* HELPERD_NETLINK_H */
