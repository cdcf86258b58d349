// SPDX-License-Identifier: GPL-2.0
/*
 * URL reservations (URL ACLs): which users may register which prefixes.
 * Like http.sys, the reservation with the longest path in a prefix's own
 * bucket decides, and where none applies only the administrator
 * (CAP_NET_ADMIN) may register.  A registration made by anyone else is
 * checked again for each request, so a request reaches only a queue whose
 * registrant still holds the request's URL.  Reservations change under
 * httpsys_config_mutex; routing reads them under RCU.
 *
 * An ACE's uid or gid is resolved once, in the adder's user namespace, and
 * kept as a kernel id: a user who maps some id to itself in a namespace of
 * its own gains nothing, and a query reads it back in the querier's.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/uidgid.h>

#include "core.h"

struct reservation_ace {
	u32 type;			/* HTTPSYS_ACE_* */
	u32 rights;
	kuid_t uid;			/* HTTPSYS_ACE_USER */
	kgid_t gid;			/* HTTPSYS_ACE_GROUP */
};

struct url_reservation {
	struct list_head node;		/* RCU */
	struct rcu_head rcu;
	struct url_prefix prefix;
	char *text;			/* the prefix, ending in '/' */
	u32 text_len;
	char *sddl;			/* as given, for queries */
	u32 sddl_len;
	u32 ace_count;
	struct reservation_ace aces[];
};

static LIST_HEAD(reservations);
static u32 reservation_count;

/* in_egroup_p() for any credentials, not only the current task's. */
static bool cred_in_group(const struct cred *cred, kgid_t gid)
{
	const struct group_info *groups = cred->group_info;
	int i;

	if (gid_eq(cred->egid, gid))
		return true;
	for (i = 0; i < groups->ngroups; i++) {
		if (gid_eq(groups->gid[i], gid))
			return true;
	}
	return false;
}

static bool ace_grants(const struct reservation_ace *ace, u32 right,
		       const struct cred *cred)
{
	if (!(ace->rights & right))
		return false;
	switch (ace->type) {
	case HTTPSYS_ACE_EVERYONE:
		return true;
	case HTTPSYS_ACE_USER:
		return uid_eq(cred->euid, ace->uid);
	case HTTPSYS_ACE_GROUP:
		return cred_in_group(cred, ace->gid);
	}
	return false;
}

static bool reservation_grants(const struct url_reservation *r, u32 right,
			       const struct cred *cred)
{
	u32 i;

	for (i = 0; r && i < r->ace_count; i++) {
		if (ace_grants(&r->aces[i], right, cred))
			return true;
	}
	return false;
}

/*
 * The reservation holding @path on the site (scheme, host class, host and
 * port) of prefix @p: the one with the longest path that @path is under,
 * leaving out a reservation of @p itself when @above.  Under the mutex or
 * RCU.
 */
static const struct url_reservation *
reservation_holding(const char *text, const struct url_prefix *p,
		    const char *path, size_t path_len, bool above)
{
	const struct url_reservation *r, *best = NULL;
	int len, best_len = -1;

	list_for_each_entry_rcu(r, &reservations, node,
				lockdep_is_held(&httpsys_config_mutex)) {
		if (!url_prefix_same_site(r->text, &r->prefix, text, p) ||
		    (above && url_prefix_same(r->text, &r->prefix, text, p)))
			continue;
		len = url_prefix_match_path(r->text, &r->prefix, path, path_len);
		if (len > best_len) {
			best = r;
			best_len = len;
		}
	}
	return best;
}

/*
 * May @holder (NULL: an administrator) register the prefix @text?
 * 0 or -EACCES.
 */
int urlacl_check(const struct cred *holder, const char *text,
		 const struct url_prefix *p)
{
	lockdep_assert_held(&httpsys_config_mutex);
	if (!holder ||
	    urlacl_holds(holder, text, p, text + p->path_off, p->path_len))
		return 0;
	return -EACCES;
}

/*
 * Per request, under RCU: does @holder, who registered @text, still hold
 * the request @path?  A reservation added below the registration or one
 * deleted since can take it away.
 */
bool urlacl_holds(const struct cred *holder, const char *text,
		  const struct url_prefix *p, const char *path, size_t path_len)
{
	return reservation_grants(reservation_holding(text, p, path, path_len,
						      false),
				  HTTPSYS_RIGHT_LISTEN, holder);
}

/*
 * A reservation may be added or deleted by an administrator, or by a user
 * whom the reservation strictly above it grants the delegate right.
 */
static bool may_change(const struct url_reservation *r)
{
	lockdep_assert_held(&httpsys_config_mutex);
	return capable(CAP_NET_ADMIN) ||
	       reservation_grants(reservation_holding(r->text, &r->prefix,
						      r->text + r->prefix.path_off,
						      r->prefix.path_len, true),
				  HTTPSYS_RIGHT_DELEGATE, current_cred());
}

static void reservation_free(struct url_reservation *r)
{
	kfree(r->text);
	kfree(r->sddl);
	kfree(r);
}

static void reservation_free_rcu(struct rcu_head *head)
{
	reservation_free(container_of(head, struct url_reservation, rcu));
}

static struct url_reservation *reservation_find(const char *text,
						const struct url_prefix *p)
{
	struct url_reservation *r;

	list_for_each_entry(r, &reservations, node) {
		if (url_prefix_same(r->text, &r->prefix, text, p))
			return r;
	}
	return NULL;
}

/*
 * @in as the caller's namespace names it, in *@out as kernel ids; -EINVAL
 * when it is malformed or names an id the namespace does not map.
 */
static int ace_resolve(const struct httpsys_ace *in, struct reservation_ace *out)
{
	struct user_namespace *ns = current_user_ns();

	if (in->type > HTTPSYS_ACE_GROUP || in->reserved || !in->rights ||
	    in->rights & ~(HTTPSYS_RIGHT_LISTEN | HTTPSYS_RIGHT_DELEGATE))
		return -EINVAL;
	out->type = in->type;
	out->rights = in->rights;
	out->uid = INVALID_UID;
	out->gid = INVALID_GID;
	if (in->type == HTTPSYS_ACE_USER) {
		out->uid = make_kuid(ns, in->id);
		if (!uid_valid(out->uid))
			return -EINVAL;
	} else if (in->type == HTTPSYS_ACE_GROUP) {
		out->gid = make_kgid(ns, in->id);
		if (!gid_valid(out->gid))
			return -EINVAL;
	}
	return 0;
}

/* The caller's @count ACEs at @uaces, resolved into @aces. */
static int aces_copy_in(u64 uaces, u32 count, struct reservation_ace *aces)
{
	struct httpsys_ace *in;
	int err = 0;
	u32 i;

	in = memdup_user(u64_to_user_ptr(uaces),
			 array_size(count, sizeof(*in)));
	if (IS_ERR(in))
		return PTR_ERR(in);
	for (i = 0; i < count && !err; i++)
		err = ace_resolve(&in[i], &aces[i]);
	kfree(in);
	return err;
}

/* @ace as the caller's namespace names it: unmapped ids as the overflow id. */
static void ace_export(const struct reservation_ace *ace, struct httpsys_ace *out)
{
	struct user_namespace *ns = current_user_ns();

	memset(out, 0, sizeof(*out));
	out->type = ace->type;
	out->rights = ace->rights;
	if (ace->type == HTTPSYS_ACE_USER)
		out->id = from_kuid_munged(ns, ace->uid);
	else if (ace->type == HTTPSYS_ACE_GROUP)
		out->id = from_kgid_munged(ns, ace->gid);
}

/* Copy in a whole reservation for ADD, or only its prefix for DELETE. */
static struct url_reservation *reservation_copy_in(const struct httpsys_urlacl *a,
						   bool whole)
{
	struct url_reservation *r;
	int len;

	if (!a->url_len || a->url_len > HTTPSYS_MAX_URL_LEN ||
	    (whole && (!a->ace_count || a->ace_count > HTTPSYS_MAX_ACES ||
		       !a->sddl_len || a->sddl_len > HTTPSYS_MAX_SDDL)))
		return ERR_PTR(-EINVAL);
	r = kzalloc(struct_size(r, aces, whole ? a->ace_count : 0), GFP_KERNEL);
	if (!r)
		return ERR_PTR(-ENOMEM);
	r->text = kmalloc(a->url_len + 2, GFP_KERNEL);
	len = r->text ? url_prefix_copy_in(a->url, a->url_len, r->text,
					   &r->prefix) : -ENOMEM;
	if (len < 0)
		goto fail;
	r->text_len = len;
	if (!whole)
		return r;
	r->sddl = memdup_user(u64_to_user_ptr(a->sddl), a->sddl_len);
	if (IS_ERR(r->sddl)) {
		len = PTR_ERR(r->sddl);
		r->sddl = NULL;
		goto fail;
	}
	r->sddl_len = a->sddl_len;
	r->ace_count = a->ace_count;
	len = aces_copy_in(a->aces, r->ace_count, r->aces);
	if (len)
		goto fail;
	return r;
fail:
	reservation_free(r);
	return ERR_PTR(len);
}

static long urlacl_change(const struct httpsys_urlacl *a, bool add)
{
	struct url_reservation *r, *old;
	long err = 0;

	r = reservation_copy_in(a, add);
	if (IS_ERR(r))
		return PTR_ERR(r);
	mutex_lock(&httpsys_config_mutex);
	old = reservation_find(r->text, &r->prefix);
	if (!may_change(r)) {
		err = -EPERM;
	} else if (add && old) {
		err = -EEXIST;
	} else if (add && reservation_count >= HTTPSYS_MAX_RESERVATIONS) {
		err = -ENOSPC;
	} else if (add) {
		list_add_tail_rcu(&r->node, &reservations);
		reservation_count++;
		r = NULL;
	} else if (!old) {
		err = -ENOENT;
	} else {
		list_del_rcu(&old->node);
		reservation_count--;
		call_rcu(&old->rcu, reservation_free_rcu);
	}
	mutex_unlock(&httpsys_config_mutex);
	if (r)
		reservation_free(r);
	return err;
}

/* Copy @len bytes out to a buffer of *@size; store @len in *@size. */
static int copy_out_sized(u64 dst, u32 *size, const void *src, u32 len)
{
	bool fits = dst && len <= *size;

	*size = len;
	if (fits && copy_to_user(u64_to_user_ptr(dst), src, len))
		return -EFAULT;
	return fits ? 0 : -EOVERFLOW;
}

/* A copy of the @index-th reservation, so nothing faults under the lock. */
static struct url_reservation *reservation_snapshot(u32 index)
{
	struct url_reservation *r, *copy = ERR_PTR(-ENOENT);

	mutex_lock(&httpsys_config_mutex);
	list_for_each_entry(r, &reservations, node) {
		if (index--)
			continue;
		copy = kmemdup(r, struct_size(r, aces, r->ace_count), GFP_KERNEL);
		if (copy) {
			copy->text = kmemdup(r->text, r->text_len, GFP_KERNEL);
			copy->sddl = kmemdup(r->sddl, r->sddl_len, GFP_KERNEL);
		}
		if (!copy || !copy->text || !copy->sddl) {
			if (copy)
				reservation_free(copy);
			copy = ERR_PTR(-ENOMEM);
		}
		break;
	}
	mutex_unlock(&httpsys_config_mutex);
	return copy;
}

/* Up to @count of @r's ACEs to @uaces, in the caller's namespace. */
static int aces_copy_out(u64 uaces, u32 count, const struct url_reservation *r)
{
	struct httpsys_ace __user *out = u64_to_user_ptr(uaces);
	struct httpsys_ace ace;
	u32 i;

	for (i = 0; uaces && i < min(count, r->ace_count); i++) {
		ace_export(&r->aces[i], &ace);
		if (copy_to_user(&out[i], &ace, sizeof(ace)))
			return -EFAULT;
	}
	return 0;
}

static long urlacl_query(struct httpsys_urlacl __user *uarg,
			 struct httpsys_urlacl *a)
{
	struct url_reservation *r = reservation_snapshot(a->index);
	long err, err2;

	if (IS_ERR(r))
		return PTR_ERR(r);
	err = copy_out_sized(a->url, &a->url_len, r->text, r->text_len);
	err2 = copy_out_sized(a->sddl, &a->sddl_len, r->sddl, r->sddl_len);
	err = err ?: err2;
	if (aces_copy_out(a->aces, a->ace_count, r))
		err = -EFAULT;
	a->ace_count = r->ace_count;
	reservation_free(r);
	if (err != -EFAULT &&
	    (put_user(a->url_len, &uarg->url_len) ||
	     put_user(a->sddl_len, &uarg->sddl_len) ||
	     put_user(a->ace_count, &uarg->ace_count)))
		err = -EFAULT;
	return err;
}

long urlacl_ioctl(unsigned int cmd, void __user *arg)
{
	struct httpsys_urlacl a;

	if (copy_from_user(&a, arg, sizeof(a)))
		return -EFAULT;
	switch (cmd) {
	case HTTPSYS_IOC_URLACL_ADD:
		return urlacl_change(&a, true);
	case HTTPSYS_IOC_URLACL_DELETE:
		return urlacl_change(&a, false);
	}
	return urlacl_query(arg, &a);
}

/* At unload: the reservations go with the module. */
void urlacl_clear(void)
{
	struct url_reservation *r, *tmp;

	mutex_lock(&httpsys_config_mutex);
	list_for_each_entry_safe(r, tmp, &reservations, node)
		reservation_free(r);
	INIT_LIST_HEAD(&reservations);
	reservation_count = 0;
	mutex_unlock(&httpsys_config_mutex);
}
