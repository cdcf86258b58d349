/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef HELPERD_GSS_STATUS_H
#define HELPERD_GSS_STATUS_H

#include <stdint.h>
#include <gssapi/gssapi.h>

/*
 * A failed gss_accept_sec_context as the kernel's verdict: the client's
 * fault (HTTPSYS_AUTH_STATUS_FAILED and the SECURITY_STATUS Windows would
 * report) or ours (HTTPSYS_AUTH_STATUS_ERROR: the client gets 503).
 */
void gss_map_failure(OM_uint32 major, OM_uint32 minor, uint32_t *status,
		     uint32_t *sec_status);

#endif /* HELPERD_GSS_STATUS_H */
