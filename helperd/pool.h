/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef HELPERD_POOL_H
#define HELPERD_POOL_H

#include "helperd.h"

/* A job taken from the kernel; in's pointers point into data. */
struct job {
	struct job *next;
	struct job_in in;
	unsigned char data[];
};

/*
 * The workers.  Jobs of one connection run one at a time and in order
 * (NTLM's legs, then its DROP); others run in parallel.  The queue is
 * bounded: the dispatcher takes jobs from the kernel only while
 * pool_has_room(), and a worker writes a byte to @wake_fd when it frees
 * room, so the dispatcher resumes.
 */
int pool_start(const struct helperd_config *cfg, int wake_fd);
bool pool_has_room(void);
void pool_submit(struct job *job);
/* Let the queued jobs finish, then join the workers. */
void pool_stop(void);

/* What a worker does with one job (dispatch.c). */
void dispatch_job(const struct helperd_config *cfg, const struct job_in *in);

#endif /* HELPERD_POOL_H */
