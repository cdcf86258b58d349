/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef HELPERD_POOL_H
#define HELPERD_POOL_H

#include "helperd.h"

/* A job taken from the kernel; in's pointers point into data. */
struct job {
	struct job *next;
	/* When the kernel gives up on it (clock_ms()), if it said. */
	bool has_deadline;
	uint64_t deadline_ms;
	struct job_in in;
	unsigned char data[];
};

/* Free @job, its token wiped first: it may hold a Basic password. */
void job_free(struct job *job);

/*
 * The workers.  Jobs of one connection run one at a time and in order
 * (NTLM's legs, then its DROP); others run in parallel.  The queue is
 * bounded: the dispatcher takes jobs from the kernel only while
 * pool_has_room(), and a worker writes a byte to @wake_fd when it frees
 * room, so the dispatcher resumes.
 *
 * Basic (PAM, which may be slow) runs on at most cfg->basic_workers
 * workers and holds at most that many workers' share of the queue, so
 * the other schemes always find a worker and room.  A job whose
 * deadline has passed is not run (the kernel has already answered its
 * client), except a DROP, which frees the connection's contexts.
 */
int pool_start(const struct helperd_config *cfg, int wake_fd);
bool pool_has_room(void);
/*
 * Queue @job.  False when it is a Basic job over Basic's share of the
 * queue: the caller still owns it, and answers it (a busy helper).
 */
bool pool_submit(struct job *job);
/* Let the queued jobs finish, then join the workers. */
void pool_stop(void);

/* What a worker does with one job (dispatch.c). */
void dispatch_job(const struct helperd_config *cfg, const struct job_in *in);

#endif /* HELPERD_POOL_H */
