// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * helperd: the httpsys authentication helper.
 *
 *   helperd -c <config> [-f] [-v]...
 *
 * -f stays in the foreground (as under systemd); -v raises the log level
 * (repeatable).  SIGTERM or SIGINT stops it: the queued jobs finish, the
 * sockets close, and the kernel fails whatever it still had for us.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helperd.h"
#include "netlink.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(void)
{
	fprintf(stderr, "usage: helperd -c <config> [-f] [-v]...\n");
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct helperd_config cfg;
	const char *config = NULL;
	bool foreground = false;
	unsigned int verbose = 0;
	sigset_t blocked, unblocked;
	int opt, ret;

	while ((opt = getopt(argc, argv, "c:fv")) != -1) {
		switch (opt) {
		case 'c':
			config = optarg;
			break;
		case 'f':
			foreground = true;
			break;
		case 'v':
			verbose++;
			break;
		default:
			usage();
			return 2;
		}
	}
	if (!config || optind != argc) {
		usage();
		return 2;
	}
	if (config_load(config, &cfg))
		return 1;
	log_set_level(cfg.verbose + verbose);
	if (gss_init(&cfg) || digest_init(&cfg)) {
		log_msg(LOG_ERR_LEVEL, "cannot initialise the schemes");
		config_free(&cfg);
		return 1;
	}
	if (!foreground && daemon(0, 1)) {
		log_msg(LOG_ERR_LEVEL, "daemon: %m");
		config_free(&cfg);
		return 1;
	}

	/*
	 * The signals stay blocked except inside the dispatcher's ppoll, so
	 * the workers never see them and a stop is never missed.
	 */
	sigemptyset(&blocked);
	sigaddset(&blocked, SIGTERM);
	sigaddset(&blocked, SIGINT);
	sigprocmask(SIG_BLOCK, &blocked, &unblocked);
	sigdelset(&unblocked, SIGTERM);
	sigdelset(&unblocked, SIGINT);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	ret = netlink_run(&cfg, &stop, &unblocked);
	log_msg(LOG_INFO_LEVEL, "stopped");
	config_free(&cfg);
	return ret ? 1 : 0;
}
