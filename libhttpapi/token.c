// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Access tokens: who an authenticated client is (the kernel's IDENTITY
 * record, copied out of the request buffer), behind a handle of their own
 * kind (htable.c), read through GetTokenInformation and the Httpsys*
 * accessors, and closed by CloseHandle.
 */
#include <stdlib.h>
#include <string.h>

#include "httpsys_auth.h"
#include "internal.h"

/* "tk": a token handle's tag. */
#define TOKEN_TAG	0x746b

struct token {
	uid_t uid;
	gid_t gid;
	int mapped;
	time_t expiry;
	DWORD group_count;
	gid_t *groups;
	char *user;
	size_t user_len;	/* with the NUL */
};

static struct lib_htable tokens = LIB_HTABLE_INIT(TOKEN_TAG);

static void token_free(struct token *t)
{
	if (!t)
		return;
	free(t->groups);
	free(t->user);
	free(t);
}

HANDLE lib_token_create(const struct httpsys_auth_identity *id,
			const void *buf, size_t len)
{
	const __u32 *groups = (const __u32 *)(uintptr_t)id->groups;
	const char *user = (const char *)(uintptr_t)id->user;
	struct token *t;
	uint64_t h;
	DWORD i;

	/* The upcall's limits: helperd sends no more. */
	if (id->group_count > HTTPSYS_AUTH_MAX_GROUPS ||
	    id->user_length > HTTPSYS_AUTH_MAX_NAME ||
	    (id->group_count &&
	     !lib_in_buffer(id->groups, id->group_count * sizeof(__u32),
			    buf, len)) ||
	    !lib_in_buffer(id->user, id->user_length + 1, buf, len) ||
	    user[id->user_length] != '\0' || memchr(user, 0, id->user_length))
		return NULL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->uid = id->uid;
	t->gid = id->gid;
	t->mapped = id->mapped == 1;
	t->expiry = (time_t)id->expiry;
	t->group_count = id->group_count;
	t->groups = malloc((id->group_count + 1) * sizeof(gid_t));
	t->user = malloc(id->user_length + 1);
	if (!t->groups || !t->user) {
		token_free(t);
		return NULL;
	}
	for (i = 0; i < id->group_count; i++) {
		__u32 gid;

		memcpy(&gid, &groups[i], sizeof(gid));
		t->groups[i] = gid;
	}
	memcpy(t->user, user, id->user_length + 1);
	t->user_len = id->user_length + 1;
	h = lib_htable_add(&tokens, t);
	if (!h)
		token_free(t);
	return (HANDLE)(uintptr_t)h;
}

int lib_token_is_handle(HANDLE h)
{
	return lib_htable_tag((uintptr_t)h) == TOKEN_TAG;
}

BOOL lib_token_close(HANDLE h)
{
	struct token *t = lib_htable_remove(&tokens, (uintptr_t)h);

	if (!t) {
		SetLastError(ERROR_INVALID_HANDLE);
		return FALSE;
	}
	token_free(t);
	return TRUE;
}

/*
 * What a caller wants from a token, copied under the table's lock:
 * @groups gets up to @room gids; @user up to @user_room bytes.
 */
struct token_copy {
	uid_t uid;
	gid_t gid;
	int mapped;
	time_t expiry;
	DWORD group_count;
	gid_t *groups;
	DWORD room;
	char *user;
	size_t user_len, user_room;
};

static int copy_token(void *item, void *arg)
{
	const struct token *t = item;
	struct token_copy *c = arg;

	c->uid = t->uid;
	c->gid = t->gid;
	c->mapped = t->mapped;
	c->expiry = t->expiry;
	c->group_count = t->group_count;
	if (c->groups && c->room >= t->group_count)
		memcpy(c->groups, t->groups, t->group_count * sizeof(gid_t));
	c->user_len = t->user_len;
	if (c->user && c->user_room >= t->user_len)
		memcpy(c->user, t->user, t->user_len);
	return 0;
}

/* Fill @c from token @h: NO_ERROR or ERROR_INVALID_HANDLE. */
static DWORD token_read(HANDLE h, struct token_copy *c)
{
	return lib_htable_with(&tokens, (uintptr_t)h, copy_token, c) ?
	       ERROR_INVALID_HANDLE : NO_ERROR;
}

/* Set the last error to @err (when not NO_ERROR); TRUE when it is. */
static BOOL result(DWORD err)
{
	if (err)
		SetLastError(err);
	return !err;
}

BOOL HttpsysTokenGetIdentity(HANDLE TokenHandle, uid_t *pUid, gid_t *pGid,
			     gid_t *pGroups, DWORD *pGroupCount)
{
	struct token_copy c = { 0 };
	DWORD err;

	if (!pGroupCount || (*pGroupCount && !pGroups))
		return result(ERROR_INVALID_PARAMETER);
	c.groups = pGroups;
	c.room = *pGroupCount;
	err = token_read(TokenHandle, &c);
	if (err)
		return result(err);
	if (!c.mapped)
		return result(ERROR_NONE_MAPPED);
	if (pUid)
		*pUid = c.uid;
	if (pGid)
		*pGid = c.gid;
	*pGroupCount = c.group_count;
	return result(c.room < c.group_count ? ERROR_INSUFFICIENT_BUFFER :
		      NO_ERROR);
}

BOOL HttpsysTokenGetPrincipal(HANDLE TokenHandle, char *Buffer, DWORD *pSize)
{
	struct token_copy c = { 0 };
	DWORD err;

	if (!pSize || (*pSize && !Buffer))
		return result(ERROR_INVALID_PARAMETER);
	c.user = Buffer;
	c.user_room = *pSize;
	err = token_read(TokenHandle, &c);
	if (err)
		return result(err);
	*pSize = c.user_len;
	return result(c.user_room < c.user_len ? ERROR_INSUFFICIENT_BUFFER :
		      NO_ERROR);
}

BOOL HttpsysTokenGetExpiry(HANDLE TokenHandle, time_t *pExpiry)
{
	struct token_copy c = { 0 };
	DWORD err;

	if (!pExpiry)
		return result(ERROR_INVALID_PARAMETER);
	err = token_read(TokenHandle, &c);
	if (!err)
		*pExpiry = c.expiry;
	return result(err);
}

/* Write S-1-22-@kind-@id at @sid (SID_SIZE bytes). */
#define SID_SIZE	(offsetof(SID, SubAuthority) + 2 * sizeof(DWORD))

static PSID unix_sid(void *sid, DWORD kind, DWORD id)
{
	SID *s = sid;

	memset(s, 0, SID_SIZE);
	s->Revision = 1;
	s->SubAuthorityCount = 2;
	s->IdentifierAuthority.Value[5] = 22;
	s->SubAuthority[0] = kind;
	s->SubAuthority[1] = id;
	return s;
}

/* The size @class's answer takes for @c. */
static DWORD info_size(TOKEN_INFORMATION_CLASS class, const struct token_copy *c)
{
	switch (class) {
	case TokenUser:
		return sizeof(TOKEN_USER) + SID_SIZE;
	case TokenPrimaryGroup:
		return sizeof(TOKEN_PRIMARY_GROUP) + SID_SIZE;
	default:
		return offsetof(TOKEN_GROUPS, Groups) +
		       c->group_count * (sizeof(SID_AND_ATTRIBUTES) + SID_SIZE);
	}
}

static void info_write(TOKEN_INFORMATION_CLASS class,
		       const struct token_copy *c, void *out)
{
	TOKEN_GROUPS *g = out;
	/* Groups is declared [1] and holds GroupCount entries. */
	SID_AND_ATTRIBUTES *entry = g->Groups;
	char *sids;
	DWORD i;

	switch (class) {
	case TokenUser:
		((TOKEN_USER *)out)->User.Sid =
			unix_sid((TOKEN_USER *)out + 1, 1, c->uid);
		((TOKEN_USER *)out)->User.Attributes = 0;
		return;
	case TokenPrimaryGroup:
		((TOKEN_PRIMARY_GROUP *)out)->PrimaryGroup =
			unix_sid((TOKEN_PRIMARY_GROUP *)out + 1, 2, c->gid);
		return;
	default:
		g->GroupCount = c->group_count;
		sids = (char *)(entry + c->group_count);
		for (i = 0; i < c->group_count; i++) {
			entry[i].Sid = unix_sid(sids + i * SID_SIZE, 2,
						c->groups[i]);
			entry[i].Attributes = SE_GROUP_MANDATORY |
					      SE_GROUP_ENABLED_BY_DEFAULT |
					      SE_GROUP_ENABLED;
		}
	}
}

BOOL GetTokenInformation(HANDLE TokenHandle,
			 TOKEN_INFORMATION_CLASS TokenInformationClass,
			 LPVOID TokenInformation, DWORD TokenInformationLength,
			 PDWORD ReturnLength)
{
	gid_t groups[HTTPSYS_AUTH_MAX_GROUPS];
	struct token_copy c = { .groups = groups, .room = HTTPSYS_AUTH_MAX_GROUPS };
	DWORD err, size;

	if (!ReturnLength || (TokenInformationLength && !TokenInformation) ||
	    (TokenInformationClass != TokenUser &&
	     TokenInformationClass != TokenGroups &&
	     TokenInformationClass != TokenPrimaryGroup))
		return result(ERROR_INVALID_PARAMETER);
	err = token_read(TokenHandle, &c);
	if (!err && !c.mapped)
		err = ERROR_NONE_MAPPED;
	if (!err) {
		size = info_size(TokenInformationClass, &c);
		*ReturnLength = size;
		if (TokenInformationLength < size)
			err = ERROR_INSUFFICIENT_BUFFER;
		else
			info_write(TokenInformationClass, &c, TokenInformation);
	}
	return result(err);
}
