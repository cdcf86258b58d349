/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef HELPERD_NTLM_NEGOTIATE_H
#define HELPERD_NTLM_NEGOTIATE_H

#include <stddef.h>

/* The fixed part of an NTLM NEGOTIATE_MESSAGE without and with Version. */
#define NTLM_NEGOTIATE_SHORT	32
#define NTLM_NEGOTIATE_FULL	40

/*
 * gss-ntlmssp 1.2.0 rejects a NEGOTIATE_MESSAGE without the optional
 * Version field (MS-NLMP 2.2.1.1), which curl sends.  When @in is such a
 * message, store in *@out (malloc'd) the same message with a zeroed
 * Version inserted and the payload offsets moved past it, and return 1;
 * return 0 when @in needs no change (any other token), -1 out of memory.
 */
int ntlm_negotiate_normalize(const unsigned char *in, size_t len,
			     unsigned char **out, size_t *out_len);

#endif /* HELPERD_NTLM_NEGOTIATE_H */
