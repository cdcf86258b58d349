// SPDX-License-Identifier: GPL-2.0
/*
 * Properties of sessions, URL groups and queues (HttpSet/Query*Property).
 * A group's unset settings read back as its session's, a session's as the
 * defaults.  Values are validated here, where they enter the kernel.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "core.h"

union property_value {
	u32 word;
	struct httpsys_timeouts timeouts;
	struct httpsys_qos qos;
	struct httpsys_binding binding;
	struct httpsys_auth_info auth;
};

/* Settings change only under httpsys_config_mutex. */
static struct auth_settings *settings_auth(const struct httpsys_settings *s)
{
	return rcu_dereference_protected(s->auth, true);
}

void settings_free(struct httpsys_settings *s)
{
	struct auth_settings *a = settings_auth(s);

	RCU_INIT_POINTER(s->auth, NULL);
	auth_settings_put(a);
	log_detach(s);
}

/* The value's size, or 0 where the property is not valid on the object. */
static u32 property_size(u32 object, u32 property, bool set)
{
	if (object == HTTPSYS_OBJECT_QUEUE) {
		switch (property) {
		case HTTPSYS_PROP_QUEUE_LENGTH:
		case HTTPSYS_PROP_STATE:
		case HTTPSYS_PROP_503_VERBOSITY:
			return sizeof(u32);
		}
		return 0;
	}
	if (object != HTTPSYS_OBJECT_SESSION && object != HTTPSYS_OBJECT_GROUP)
		return 0;
	switch (property) {
	case HTTPSYS_PROP_AUTHENTICATION:
		return sizeof(struct httpsys_auth_info);
	case HTTPSYS_PROP_QOS:
		return sizeof(struct httpsys_qos);
	case HTTPSYS_PROP_TIMEOUTS:
		return sizeof(struct httpsys_timeouts);
	case HTTPSYS_PROP_STATE:
		return sizeof(u32);
	case HTTPSYS_PROP_BINDING:
		/* A binding names a handle: it is set, never read back. */
		return object == HTTPSYS_OBJECT_GROUP && set ?
		       sizeof(struct httpsys_binding) : 0;
	}
	return 0;
}

static bool auth_is_valid(const struct httpsys_auth_info *a)
{
	return !(a->schemes & ~HTTPSYS_AUTH_SCHEMES) && !(a->ex_flags & ~3) &&
	       !a->pad && a->digest_domain_len <= HTTPSYS_MAX_REALM &&
	       a->digest_realm_len <= HTTPSYS_MAX_REALM &&
	       a->basic_realm_len <= HTTPSYS_MAX_REALM;
}

static int settings_set(struct httpsys_settings *s, u32 property,
			const union property_value *v)
{
	struct auth_settings *auth = NULL, *old;

	switch (property) {
	case HTTPSYS_PROP_TIMEOUTS:
		if (v->timeouts.pad)
			return -EINVAL;
		s->timeouts = v->timeouts;
		return 0;
	case HTTPSYS_PROP_QOS:
		if (v->qos.reserved)
			return -EINVAL;
		if (v->qos.type == HTTPSYS_QOS_CONNECTIONS) {
			s->connections = v->qos;
			return 0;
		}
		if (v->qos.type != HTTPSYS_QOS_BANDWIDTH ||
		    (v->qos.present && v->qos.limit < HTTPSYS_MIN_BANDWIDTH))
			return -EINVAL;
		s->bandwidth = v->qos;
		return 0;
	case HTTPSYS_PROP_AUTHENTICATION:
		if (!auth_is_valid(&v->auth))
			return -EINVAL;
		if (v->auth.present) {
			auth = auth_settings_create(&v->auth);
			if (!auth)
				return -ENOMEM;
		}
		/*
		 * Replaced in one store: routing sees the old settings or the
		 * new, never none.  Requests routed with the old keep them.
		 */
		old = settings_auth(s);
		rcu_assign_pointer(s->auth, auth);
		auth_settings_put(old);
		return 0;
	}
	return -EINVAL;
}

/* Read @property from @own, else from @parent, else the default. */
static void settings_get(const struct httpsys_settings *own,
			 const struct httpsys_settings *parent, u32 property,
			 union property_value *v)
{
	const struct httpsys_settings *s[2] = { own, parent };
	u32 type = v->qos.type;
	int i;

	memset(v, 0, sizeof(*v));
	for (i = 0; i < 2 && s[i]; i++) {
		if (property == HTTPSYS_PROP_TIMEOUTS && s[i]->timeouts.present) {
			v->timeouts = s[i]->timeouts;
			return;
		}
		if (property == HTTPSYS_PROP_AUTHENTICATION && settings_auth(s[i])) {
			v->auth = settings_auth(s[i])->info;
			return;
		}
		if (property == HTTPSYS_PROP_QOS) {
			const struct httpsys_qos *q = type == HTTPSYS_QOS_CONNECTIONS ?
				&s[i]->connections : &s[i]->bandwidth;

			if (q->present) {
				v->qos = *q;
				return;
			}
		}
	}
	if (property == HTTPSYS_PROP_TIMEOUTS) {
		v->timeouts.entity_body = LIMIT(entity_body);
		v->timeouts.drain_entity_body = LIMIT(drain_entity_body);
		v->timeouts.request_queue = 120;
		v->timeouts.idle_connection = LIMIT(idle_connection);
		v->timeouts.header_wait = LIMIT(header_wait);
		v->timeouts.min_send_rate = LIMIT(min_send_rate);
	} else if (property == HTTPSYS_PROP_QOS) {
		v->qos.type = type;
		v->qos.limit = HTTPSYS_LIMIT_INFINITE;
	}
}

static int state_check(u32 state)
{
	return state == HTTPSYS_STATE_ACTIVE || state == HTTPSYS_STATE_INACTIVE ?
	       0 : -EINVAL;
}

static int session_property(struct httpsys_session *s, u32 property,
			    union property_value *v, bool set)
{
	if (property != HTTPSYS_PROP_STATE) {
		if (set)
			return settings_set(&s->settings, property, v);
		settings_get(&s->settings, NULL, property, v);
		return 0;
	}
	if (!set) {
		v->word = s->state;
		return 0;
	}
	if (state_check(v->word))
		return -EINVAL;
	WRITE_ONCE(s->state, v->word);
	return 0;
}

static int group_binding(struct httpsys_group *g,
			 const struct httpsys_binding *b)
{
	struct httpsys_queue *q;

	if (!b->present) {
		group_bind(g, NULL);
		return 0;
	}
	q = handle_queue_from_fd(b->queue_fd);
	if (IS_ERR(q))
		return PTR_ERR(q);
	group_bind(g, q);
	queue_put(q);
	return 0;
}

static int group_property(struct httpsys_group *g, u32 property,
			  union property_value *v, bool set)
{
	switch (property) {
	case HTTPSYS_PROP_BINDING:
		return group_binding(g, &v->binding);
	case HTTPSYS_PROP_STATE:
		if (!set) {
			v->word = g->state;
			return 0;
		}
		if (state_check(v->word))
			return -EINVAL;
		WRITE_ONCE(g->state, v->word);
		return 0;
	}
	if (set)
		return settings_set(&g->settings, property, v);
	settings_get(&g->settings, &g->session->settings, property, v);
	return 0;
}

static int queue_property(struct httpsys_handle *h, u32 property,
			  union property_value *v, bool set)
{
	struct httpsys_queue *q = h->queue;
	u32 *field;

	if (!q)
		return -EBADFD;
	if (q->v1)
		return -EOPNOTSUPP;
	switch (property) {
	case HTTPSYS_PROP_QUEUE_LENGTH:
		field = &q->max_length;
		if (set && (!v->word || v->word > HTTPSYS_MAX_QUEUE_LENGTH))
			return -EINVAL;
		break;
	case HTTPSYS_PROP_STATE:
		field = &q->state;
		if (set && state_check(v->word))
			return -EINVAL;
		break;
	default:
		field = &q->verbosity;
		if (set && v->word > HTTPSYS_503_FULL)
			return -EINVAL;
		break;
	}
	if (!set) {
		v->word = READ_ONCE(*field);
		return 0;
	}
	/* Workers that opened the queue may not configure it. */
	if ((h->queue_flags & HTTPSYS_QUEUE_OPEN_EXISTING) &&
	    !(h->queue_flags & HTTPSYS_QUEUE_CONTROLLER))
		return -EPERM;
	WRITE_ONCE(*field, v->word);
	return 0;
}

static int property_apply(struct httpsys_handle *h,
			  const struct httpsys_property *p,
			  union property_value *v, bool set)
{
	struct httpsys_session *s;
	struct httpsys_group *g;

	lockdep_assert_held(&httpsys_config_mutex);
	switch (p->object) {
	case HTTPSYS_OBJECT_SESSION:
		s = session_find(h, p->id);
		return s ? session_property(s, p->property, v, set) : -ENOENT;
	case HTTPSYS_OBJECT_GROUP:
		g = group_find(h, p->id);
		return g ? group_property(g, p->property, v, set) : -ENOENT;
	}
	return p->id ? -EINVAL : queue_property(h, p->property, v, set);
}

long property_ioctl(struct httpsys_handle *h, void __user *arg, bool set)
{
	struct httpsys_property __user *uarg = arg;
	void __user *uvalue;
	struct httpsys_property p;
	union property_value *v;
	u32 size;
	long err;

	if (copy_from_user(&p, uarg, sizeof(p)))
		return -EFAULT;
	size = property_size(p.object, p.property, set);
	if (p.reserved || !size || (set && p.value_len != size))
		return -EINVAL;
	if (p.value_len < size)
		return put_user(size, &uarg->value_len) ? -EFAULT : -EOVERFLOW;
	uvalue = u64_to_user_ptr(p.value);
	/* A query reads the value too: a QoS query names its type. */
	v = kzalloc(sizeof(*v), GFP_KERNEL_ACCOUNT);
	if (!v)
		return -ENOMEM;
	if (copy_from_user(v, uvalue, size)) {
		err = -EFAULT;
		goto out;
	}
	mutex_lock(&httpsys_config_mutex);
	err = property_apply(h, &p, v, set);
	mutex_unlock(&httpsys_config_mutex);
	if (!err && !set &&
	    (copy_to_user(uvalue, v, size) || put_user(size, &uarg->value_len)))
		err = -EFAULT;
out:
	kfree(v);
	return err;
}
