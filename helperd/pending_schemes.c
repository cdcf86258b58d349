// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Digest and Basic until digest.c and basic.c (branch digest) are merged:
 * weak definitions their strong ones replace, answering 503.  Delete this
 * file with that merge.
 */
#include "helperd.h"
#include "secstatus.h"

static void unavailable(struct job_out *out)
{
	out->status = HTTPSYS_AUTH_STATUS_ERROR;
	out->sec_status = SEC_E_SECPKG_NOT_FOUND;
}

__attribute__((weak)) int digest_init(const struct helperd_config *cfg)
{
	(void)cfg;
	return 0;
}

__attribute__((weak)) void digest_job(const struct helperd_config *cfg,
				      const struct job_in *in,
				      struct job_out *out)
{
	(void)cfg;
	(void)in;
	unavailable(out);
}

__attribute__((weak)) void digest_challenge(const struct helperd_config *cfg,
					    const struct job_in *in,
					    struct job_out *out)
{
	(void)cfg;
	(void)in;
	unavailable(out);
}

__attribute__((weak)) void digest_drop(uint64_t conn_id)
{
	(void)conn_id;
}

__attribute__((weak)) void basic_job(const struct helperd_config *cfg,
				     const struct job_in *in,
				     struct job_out *out)
{
	(void)cfg;
	(void)in;
	unavailable(out);
}
