// SPDX-License-Identifier: GPL-2.0
/*
 * helperd's worker pool: jobs of one connection run one at a time and in
 * the order they came, other connections' jobs run beside them, a full
 * queue wakes the dispatcher when a worker makes room, Basic keeps to
 * its workers and its share of the queue, and jobs past their deadline
 * are not run (DROPs are).
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
#define MAX_RAN		64
/* How long a Basic job waits to be released: the test's own bound. */
#define BASIC_HOLD_S	3

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static int running[3];		/* jobs of conn 1 and 2 running now */
static int most_at_once[3];
static bool both_at_once;
static uint64_t order[3][JOBS_PER_CONN];
static int done[3];
/* Every job that ran, by seq, in the order they started. */
static uint64_t ran[MAX_RAN];
static int ran_count;
/* Basic jobs: running now, at most at once, started; held until released. */
static int basic_now, basic_most, basic_started;
static bool basic_released;
/* Basic jobs that saw a Negotiate job run while they were running. */
static int basic_saw_negotiate;
static bool negotiate_ran;
static int basic_started_at_negotiate = -1;

/*
 * A Basic job: slow, as PAM can be.  It runs until released (by a
 * Negotiate job or the test), for at most BASIC_HOLD_S.
 */
static void basic_stand_in(void)
{
	struct timespec until;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += BASIC_HOLD_S;
	pthread_mutex_lock(&lock);
	basic_now++;
	basic_started++;
	if (basic_now > basic_most)
		basic_most = basic_now;
	while (!basic_released &&
	       !pthread_cond_timedwait(&changed, &lock, &until))
		;
	if (negotiate_ran)
		basic_saw_negotiate++;
	basic_now--;
	pthread_mutex_unlock(&lock);
}

/* The test's stand-in for dispatch.c: a slow job that records itself. */
void dispatch_job(const struct helperd_config *cfg, const struct job_in *in)
{
	struct timespec pause = { 0, 20 * 1000 * 1000 };
	int c = in->conn_id <= 2 ? in->conn_id : 0;

	(void)cfg;
	pthread_mutex_lock(&lock);
	if (ran_count < MAX_RAN)
		ran[ran_count++] = in->seq;
	if (in->scheme == HTTPSYS_AUTH_SCHEME_NEGOTIATE) {
		basic_started_at_negotiate = basic_started;
		negotiate_ran = true;
		basic_released = true;
		pthread_cond_broadcast(&changed);
	}
	running[c]++;
	if (running[c] > most_at_once[c])
		most_at_once[c] = running[c];
	if (running[1] && running[2])
		both_at_once = true;
	pthread_mutex_unlock(&lock);
	if (in->scheme == HTTPSYS_AUTH_SCHEME_BASIC)
		basic_stand_in();
	else
		nanosleep(&pause, NULL);
	pthread_mutex_lock(&lock);
	running[c]--;
	if (done[c] < JOBS_PER_CONN)
		order[c][done[c]] = in->seq;
	done[c]++;
	pthread_mutex_unlock(&lock);
}

static struct job *new_job_as(uint64_t conn, uint64_t seq, uint32_t op,
			      uint32_t scheme)
{
	struct job *job = calloc(1, sizeof(*job));

	job->in.conn_id = conn;
	job->in.seq = seq;
	job->in.op = op;
	job->in.scheme = scheme;
	return job;
}

static struct job *new_job(uint64_t conn, uint64_t seq)
{
	return new_job_as(conn, seq, 0, 0);
}

/* Where job @seq is in the order the jobs started; -1: it never ran. */
static int ran_at(uint64_t seq)
{
	int i;

	for (i = 0; i < ran_count; i++)
		if (ran[i] == seq)
			return i;
	return -1;
}

static void reset_records(void)
{
	memset(done, 0, sizeof(done));
	ran_count = 0;
	basic_now = basic_most = basic_started = basic_saw_negotiate = 0;
	basic_released = negotiate_ran = false;
	basic_started_at_negotiate = -1;
}

static void test_order(int wake_fd)
{
	struct helperd_config cfg = { .threads = 4, .basic_workers = 2 };
	bool in_order = true;
	int i, c;

	CHECK(pool_start(&cfg, wake_fd) == 0, "the pool starts 4 workers");
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
}

static void test_wake(int wake_fd, int wake_read)
{
	struct helperd_config cfg = { .threads = 1, .basic_workers = 1 };
	bool woken;
	char byte;
	int i, c;

	/* 1 worker: a queue of 8.  Fill it, then a taken job wakes us. */
	reset_records();
	CHECK(pool_start(&cfg, wake_fd) == 0, "a pool of one worker");
	for (i = 0; pool_has_room() && i < 100; i++)
		pool_submit(new_job(1, i + 1));
	CHECK(i >= 8 && i <= 10, "the queue holds 8 jobs per worker (%d taken)",
	      i);
	for (c = 0, woken = false; c < 100 && !woken; c++) {
		struct timespec pause = { 0, 10 * 1000 * 1000 };

		woken = read(wake_read, &byte, 1) == 1;
		nanosleep(&pause, NULL);
	}
	CHECK(woken && pool_has_room(),
	      "a worker making room in a full queue wakes the dispatcher");
	pool_stop();
	CHECK(done[1] == i, "and every queued job still ran at the stop");
}

/*
 * Two workers, one for Basic: two slow Basic jobs, then the second one's
 * DROP, then a Negotiate job.  The Negotiate job gets the other worker
 * while the first Basic job runs; the DROP waits for its Basic job.
 */
static void test_basic_workers(int wake_fd)
{
	struct helperd_config cfg = { .threads = 2, .basic_workers = 1 };

	reset_records();
	CHECK(pool_start(&cfg, wake_fd) == 0, "a pool of 2, 1 for Basic");
	pool_submit(new_job_as(10, 101, HTTPSYS_AUTH_OP_AUTHENTICATE,
			       HTTPSYS_AUTH_SCHEME_BASIC));
	pool_submit(new_job_as(11, 102, HTTPSYS_AUTH_OP_AUTHENTICATE,
			       HTTPSYS_AUTH_SCHEME_BASIC));
	pool_submit(new_job_as(11, 103, HTTPSYS_AUTH_OP_DROP, 0));
	pool_submit(new_job_as(12, 104, HTTPSYS_AUTH_OP_AUTHENTICATE,
			       HTTPSYS_AUTH_SCHEME_NEGOTIATE));
	pool_stop();
	CHECK(ran_count == 4, "all 4 jobs ran (%d)", ran_count);
	CHECK(basic_saw_negotiate >= 1 && basic_started_at_negotiate <= 1,
	      "the Negotiate job ran while a Basic one was still running, "
	      "before the second began (%d Basic had begun)",
	      basic_started_at_negotiate);
	CHECK(basic_most == 1, "never two Basic jobs at once (%d)",
	      basic_most);
	CHECK(ran_at(103) > ran_at(102),
	      "the held Basic job's DROP waited for it (Basic at %d, DROP at %d)",
	      ran_at(102), ran_at(103));
}

/* Basic may fill its workers' share of the queue, 8 each, and no more. */
static void test_basic_share(int wake_fd)
{
	struct helperd_config cfg = { .threads = 2, .basic_workers = 1 };
	struct job *extra;
	int i, taken = 0;
	bool refused, other;

	reset_records();
	CHECK(pool_start(&cfg, wake_fd) == 0, "a pool of 2, 1 for Basic");
	for (i = 0; i < 8; i++)
		taken += pool_submit(new_job_as(20 + i, 201 + i,
						HTTPSYS_AUTH_OP_AUTHENTICATE,
						HTTPSYS_AUTH_SCHEME_BASIC));
	extra = new_job_as(30, 301, HTTPSYS_AUTH_OP_AUTHENTICATE,
			   HTTPSYS_AUTH_SCHEME_BASIC);
	refused = !pool_submit(extra);
	other = pool_submit(new_job_as(31, 302, HTTPSYS_AUTH_OP_AUTHENTICATE,
				       HTTPSYS_AUTH_SCHEME_DIGEST));
	CHECK(taken == 8 && refused,
	      "8 slow Basic jobs are taken (%d), a 9th is refused", taken);
	CHECK(other && pool_has_room(),
	      "a Digest job is still taken, and the queue has room");
	pthread_mutex_lock(&lock);
	basic_released = true;
	pthread_cond_broadcast(&changed);
	pthread_mutex_unlock(&lock);
	pool_stop();
	CHECK(ran_count == 9 && ran_at(301) < 0,
	      "the 8 and the Digest job ran, the refused one did not (%d)",
	      ran_count);
	if (refused)
		job_free(extra);
}

static struct job *job_due(uint64_t seq, uint32_t op, int64_t in_ms)
{
	struct job *job = new_job_as(40 + seq, seq, op,
				     op == HTTPSYS_AUTH_OP_CHALLENGE ?
				     HTTPSYS_AUTH_SCHEME_DIGEST :
				     HTTPSYS_AUTH_SCHEME_NTLM);

	job->has_deadline = true;
	job->deadline_ms = clock_ms() + in_ms;
	return job;
}

static void test_deadlines(int wake_fd)
{
	struct helperd_config cfg = { .threads = 1, .basic_workers = 1 };

	reset_records();
	CHECK(pool_start(&cfg, wake_fd) == 0, "a pool of one worker");
	pool_submit(job_due(1, HTTPSYS_AUTH_OP_AUTHENTICATE, -1));
	pool_submit(job_due(2, HTTPSYS_AUTH_OP_CHALLENGE, -1000));
	pool_submit(job_due(3, HTTPSYS_AUTH_OP_DROP, -1000));
	pool_submit(job_due(4, HTTPSYS_AUTH_OP_AUTHENTICATE, 60000));
	pool_submit(new_job_as(5, 5, HTTPSYS_AUTH_OP_AUTHENTICATE,
			       HTTPSYS_AUTH_SCHEME_NTLM));
	pool_stop();
	CHECK(ran_at(1) < 0 && ran_at(2) < 0,
	      "an AUTHENTICATE and a CHALLENGE past their deadline are not run");
	CHECK(ran_at(3) >= 0, "a DROP past its deadline still runs");
	CHECK(ran_at(4) >= 0 && ran_at(5) >= 0,
	      "a job before its deadline, and one without, run");
}

int main(void)
{
	int wake[2];

	if (pipe2(wake, O_NONBLOCK))
		return 1;
	test_order(wake[1]);
	test_wake(wake[1], wake[0]);
	test_basic_workers(wake[1]);
	test_basic_share(wake[1]);
	test_deadlines(wake[1]);
	close(wake[0]);
	close(wake[1]);
	return tap_exit_status();
}
