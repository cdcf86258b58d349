// SPDX-License-Identifier: GPL-2.0-or-later
/* One job to the scheme that handles it, its answer back to the kernel. */
#include "netlink.h"
#include "pool.h"

static const char *scheme_name(uint32_t scheme)
{
	switch (scheme) {
	case HTTPSYS_AUTH_SCHEME_BASIC:
		return "Basic";
	case HTTPSYS_AUTH_SCHEME_DIGEST:
		return "Digest";
	case HTTPSYS_AUTH_SCHEME_NTLM:
		return "NTLM";
	case HTTPSYS_AUTH_SCHEME_NEGOTIATE:
		return "Negotiate";
	case HTTPSYS_AUTH_SCHEME_KERBEROS:
		return "Kerberos";
	}
	return "?";
}

static const char *status_name(uint32_t status)
{
	static const char *const names[] = {
		[HTTPSYS_AUTH_STATUS_OK] = "ok",
		[HTTPSYS_AUTH_STATUS_CONTINUE] = "continue",
		[HTTPSYS_AUTH_STATUS_FAILED] = "failed",
		[HTTPSYS_AUTH_STATUS_MALFORMED] = "malformed",
		[HTTPSYS_AUTH_STATUS_ERROR] = "error",
	};

	if (status < sizeof(names) / sizeof(names[0]) && names[status])
		return names[status];
	return "?";
}

static void authenticate(const struct helperd_config *cfg,
			 const struct job_in *in, struct job_out *out)
{
	switch (in->scheme) {
	case HTTPSYS_AUTH_SCHEME_NEGOTIATE:
	case HTTPSYS_AUTH_SCHEME_KERBEROS:
	case HTTPSYS_AUTH_SCHEME_NTLM:
		gss_job(cfg, in, out);
		break;
	case HTTPSYS_AUTH_SCHEME_DIGEST:
		digest_job(cfg, in, out);
		break;
	case HTTPSYS_AUTH_SCHEME_BASIC:
		basic_job(cfg, in, out);
		break;
	default:
		out->status = HTTPSYS_AUTH_STATUS_ERROR;
		break;
	}
}

void dispatch_job(const struct helperd_config *cfg, const struct job_in *in)
{
	struct job_out out = { .status = HTTPSYS_AUTH_STATUS_ERROR };
	int level;

	switch (in->op) {
	case HTTPSYS_AUTH_OP_DROP:
		gss_drop(in->conn_id);
		digest_drop(in->conn_id);
		log_msg(LOG_DEBUG_LEVEL, "conn %llu: dropped",
			(unsigned long long)in->conn_id);
		return;
	case HTTPSYS_AUTH_OP_CHALLENGE:
		digest_challenge(cfg, in, &out);
		break;
	case HTTPSYS_AUTH_OP_AUTHENTICATE:
		authenticate(cfg, in, &out);
		break;
	}
	netlink_done(in, &out);
	level = out.status == HTTPSYS_AUTH_STATUS_ERROR ? LOG_ERR_LEVEL :
		out.status == HTTPSYS_AUTH_STATUS_CONTINUE ? LOG_DEBUG_LEVEL :
		LOG_INFO_LEVEL;
	log_msg(level, "conn %llu: %s %s: %s 0x%08x%s%s%s%s",
		(unsigned long long)in->conn_id, scheme_name(in->scheme),
		in->op == HTTPSYS_AUTH_OP_CHALLENGE ? "challenge" : "auth",
		status_name(out.status), out.sec_status,
		out.user ? " user " : "", out.user ? out.user : "",
		out.package ? " package " : "", out.package ? out.package : "");
	job_out_free(&out);
}
