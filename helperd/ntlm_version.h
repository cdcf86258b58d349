/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef HELPERD_NTLM_VERSION_H
#define HELPERD_NTLM_VERSION_H

#include <stddef.h>

/*
 * gss-ntlmssp 1.2.0 cannot decode an NTLM NEGOTIATE_MESSAGE or
 * AUTHENTICATE_MESSAGE without the Version field (MS-NLMP 2.2.1.1 and
 * 2.2.1.3 make it optional; curl omits it from both).  When @in is such
 * a message, store in *@out (malloc'd) the same message with a zeroed
 * Version inserted after the fixed fields and the payload offsets moved
 * past it, and return 1; return 0 when @in needs no change (any other
 * token, or one that is malformed: gss-ntlmssp refuses it), -1 out of
 * memory.  No signature covers the header: a client that sends a MIC
 * sends Version too, and is left alone.
 */
int ntlm_add_version(const unsigned char *in, size_t len, unsigned char **out,
		     size_t *out_len);

#endif /* HELPERD_NTLM_VERSION_H */
