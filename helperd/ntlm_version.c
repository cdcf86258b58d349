// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * NTLM messages (MS-NLMP 2.2.1) start with "NTLMSSP\0" and a 32-bit
 * MessageType; their variable parts are payload descriptors (Len and
 * MaxLen: 16 bits; BufferOffset: 32 bits from the message's start).
 * NEGOTIATE_MESSAGE (1) has two descriptors and its fixed part ends at
 * 32; AUTHENTICATE_MESSAGE (3) has six and ends at 64.  The optional
 * 8-byte Version follows the fixed part.  A message lacks it when its
 * payload starts before the end of where Version would be, or when it
 * ends at its fixed part.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ntlm_version.h"

#define NTLM_SIGNATURE		"NTLMSSP"	/* and its NUL: 8 bytes */
#define NTLM_TYPE_OFFSET	8
#define NTLM_FIELD_SIZE		8
#define NTLM_VERSION_SIZE	8

struct ntlm_layout {
	uint32_t type;
	size_t fixed;		/* where Version goes */
	size_t first_field;
	int fields;
};

static const struct ntlm_layout layouts[] = {
	{ 1, 32, 16, 2 },	/* NEGOTIATE: DomainName, Workstation */
	{ 3, 64, 12, 6 },	/* AUTHENTICATE: Lm, Nt, Domain, User,
				 * Workstation, EncryptedRandomSessionKey */
};

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

/* Whether @msg lacks Version: the lowest non-empty offset decides. */
static int lacks_version(const struct ntlm_layout *l,
			 const unsigned char *msg, size_t len)
{
	uint32_t lowest = UINT32_MAX;
	int i;

	for (i = 0; i < l->fields; i++) {
		const unsigned char *f = msg + l->first_field +
					 i * NTLM_FIELD_SIZE;

		if (get_le16(f) && get_le32(f + 4) < lowest)
			lowest = get_le32(f + 4);
	}
	if (lowest == UINT32_MAX)
		return len < l->fixed + NTLM_VERSION_SIZE;
	return lowest >= l->fixed && lowest < l->fixed + NTLM_VERSION_SIZE;
}

int ntlm_add_version(const unsigned char *in, size_t len, unsigned char **out,
		     size_t *out_len)
{
	const struct ntlm_layout *l = NULL;
	unsigned char *msg;
	size_t i;

	if (len < NTLM_TYPE_OFFSET + 4 ||
	    memcmp(in, NTLM_SIGNATURE, sizeof(NTLM_SIGNATURE)))
		return 0;
	for (i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++)
		if (get_le32(in + NTLM_TYPE_OFFSET) == layouts[i].type)
			l = &layouts[i];
	if (!l || len < l->fixed || !lacks_version(l, in, len))
		return 0;
	msg = malloc(len + NTLM_VERSION_SIZE);
	if (!msg)
		return -1;
	memcpy(msg, in, l->fixed);
	memset(msg + l->fixed, 0, NTLM_VERSION_SIZE);
	memcpy(msg + l->fixed + NTLM_VERSION_SIZE, in + l->fixed,
	       len - l->fixed);
	/*
	 * Every offset into the payload moves with it; one pointing into
	 * the fixed part or past the end stays, for gss-ntlmssp to refuse.
	 */
	for (i = 0; i < (size_t)l->fields; i++) {
		unsigned char *f = msg + l->first_field + i * NTLM_FIELD_SIZE;
		uint32_t off = get_le32(f + 4);

		if (off >= l->fixed && off <= len)
			put_le32(f + 4, off + NTLM_VERSION_SIZE);
	}
	*out = msg;
	*out_len = len + NTLM_VERSION_SIZE;
	return 1;
}
