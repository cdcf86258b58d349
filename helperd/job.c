// SPDX-License-Identifier: GPL-2.0-or-later
/* An answer's owned buffers. */
#include <stdlib.h>
#include <string.h>

#include "helperd.h"

void job_out_free(struct job_out *out)
{
	free(out->out_token);
	free(out->user);
	free(out->package);
	free(out->groups);
	free(out->packed);
	memset(out, 0, sizeof(*out));
}
