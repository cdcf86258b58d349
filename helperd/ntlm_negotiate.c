// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * NEGOTIATE_MESSAGE (MS-NLMP 2.2.1.1): Signature "NTLMSSP\0",
 * MessageType 1, NegotiateFlags, then two payload descriptors (Len,
 * MaxLen: 16 bits; BufferOffset: 32 bits, from the message's start) for
 * DomainName and Workstation, then the optional 8-byte Version, then the
 * payload.  A message lacks Version when it ends at byte 32, or when its
 * payload starts before byte 40.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ntlm_negotiate.h"

#define NTLM_SIGNATURE		"NTLMSSP"	/* and its NUL: 8 bytes */
#define NTLM_TYPE_OFFSET	8
#define NTLM_FIELDS_OFFSET	16
#define NTLM_FIELD_SIZE		8
#define NTLM_VERSION_SIZE	(NTLM_NEGOTIATE_FULL - NTLM_NEGOTIATE_SHORT)

static uint32_t get_le32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t get_le16(const unsigned char *p)
{
	return p[0] | p[1] << 8;
}

static void put_le32(unsigned char *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

/* Whether @msg's payload begins inside where Version would be. */
static int lacks_version(const unsigned char *msg, size_t len)
{
	int i;

	if (len == NTLM_NEGOTIATE_SHORT)
		return 1;
	for (i = 0; i < 2; i++) {
		const unsigned char *f = msg + NTLM_FIELDS_OFFSET +
					 i * NTLM_FIELD_SIZE;
		uint32_t off = get_le32(f + 4);

		if (get_le16(f) && off < NTLM_NEGOTIATE_FULL)
			return off >= NTLM_NEGOTIATE_SHORT;
	}
	return len < NTLM_NEGOTIATE_FULL;
}

int ntlm_negotiate_normalize(const unsigned char *in, size_t len,
			     unsigned char **out, size_t *out_len)
{
	unsigned char *msg;
	int i;

	if (len < NTLM_NEGOTIATE_SHORT ||
	    memcmp(in, NTLM_SIGNATURE, sizeof(NTLM_SIGNATURE)) ||
	    get_le32(in + NTLM_TYPE_OFFSET) != 1 || !lacks_version(in, len))
		return 0;
	msg = malloc(len + NTLM_VERSION_SIZE);
	if (!msg)
		return -1;
	memcpy(msg, in, NTLM_NEGOTIATE_SHORT);
	memset(msg + NTLM_NEGOTIATE_SHORT, 0, NTLM_VERSION_SIZE);
	memcpy(msg + NTLM_NEGOTIATE_FULL, in + NTLM_NEGOTIATE_SHORT,
	       len - NTLM_NEGOTIATE_SHORT);
	/*
	 * Every offset at or past the old payload start moves with it; one
	 * pointing into the fixed part is left for gss-ntlmssp to refuse.
	 */
	for (i = 0; i < 2; i++) {
		unsigned char *f = msg + NTLM_FIELDS_OFFSET +
				   i * NTLM_FIELD_SIZE;
		uint32_t off = get_le32(f + 4);

		if (off >= NTLM_NEGOTIATE_SHORT && off <= len)
			put_le32(f + 4, off + NTLM_VERSION_SIZE);
	}
	*out = msg;
	*out_len = len + NTLM_VERSION_SIZE;
	return 1;
}
