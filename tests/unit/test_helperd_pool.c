// SPDX-License-Identifier: GPL-2.0
/*
 * helperd's worker pool: jobs of one connection run one at a time and in
 * the order they came, other connections' jobs run beside them, and a
 * full queue wakes the dispatcher when a worker makes room.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pool.h"
#include "tap.h"

#define JOBS_PER_CONN	6

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int running[3];		/* jobs of conn 1 and 2 running now */
static int most_at_once[3];
static bool both_at_once;
static uint64_t order[3][JOBS_PER_CONN];
static int done[3];

/* The test's stand-in for dispatch.c: a slow job that records itself. */
void dispatch_job(const struct helperd_config *cfg, const struct job_in *in)
{
	struct timespec pause = { 0, 20 * 1000 * 1000 };
	int c = in->conn_id;

	(void)cfg;
	pthread_mutex_lock(&lock);
	running[c]++;
	if (running[c] > most_at_once[c])
		most_at_once[c] = running[c];
	if (running[1] && running[2])
		both_at_once = true;
	pthread_mutex_unlock(&lock);
	nanosleep(&pause, NULL);
	pthread_mutex_lock(&lock);
	running[c]--;
	if (done[c] < JOBS_PER_CONN)
		order[c][done[c]] = in->seq;
	done[c]++;
	pthread_mutex_unlock(&lock);
}

static struct job *new_job(uint64_t conn, uint64_t seq)
{
	struct job *job = calloc(1, sizeof(*job));

	job->in.conn_id = conn;
	job->in.seq = seq;
	return job;
}

int main(void)
{
	struct helperd_config cfg = { .threads = 4 };
	int wake[2], i, c;
	bool in_order = true, woken;
	char byte;

	if (pipe2(wake, O_NONBLOCK))
		return 1;
	CHECK(pool_start(&cfg, wake[1]) == 0, "the pool starts 4 workers");
	for (i = 0; i < JOBS_PER_CONN; i++)
		for (c = 1; c <= 2; c++)
			pool_submit(new_job(c, i + 1));
	pool_stop();
	CHECK(done[1] == JOBS_PER_CONN && done[2] == JOBS_PER_CONN,
	      "every job ran (%d, %d)", done[1], done[2]);
	CHECK(most_at_once[1] == 1 && most_at_once[2] == 1,
	      "never two jobs of one connection at once (%d, %d)",
	      most_at_once[1], most_at_once[2]);
	for (c = 1; c <= 2; c++)
		for (i = 0; i < JOBS_PER_CONN; i++)
			in_order &= order[c][i] == (uint64_t)i + 1;
	CHECK(in_order, "a connection's jobs ran in the order they came");
	CHECK(both_at_once, "two connections' jobs ran side by side");

	/* 1 worker: a queue of 8.  Fill it, then a taken job wakes us. */
	memset(done, 0, sizeof(done));
	cfg.threads = 1;
	CHECK(pool_start(&cfg, wake[1]) == 0, "a pool of one worker");
	for (i = 0; pool_has_room() && i < 100; i++)
		pool_submit(new_job(1, i + 1));
	CHECK(i >= 8 && i <= 10, "the queue holds 8 jobs per worker (%d taken)",
	      i);
	for (c = 0, woken = false; c < 100 && !woken; c++) {
		struct timespec pause = { 0, 10 * 1000 * 1000 };

		woken = read(wake[0], &byte, 1) == 1;
		nanosleep(&pause, NULL);
	}
	CHECK(woken && pool_has_room(),
	      "a worker making room in a full queue wakes the dispatcher");
	pool_stop();
	CHECK(done[1] == i, "and every queued job still ran at the stop");
	close(wake[0]);
	close(wake[1]);
	return tap_exit_status();
}
