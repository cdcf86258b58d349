// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Basic (RFC 7617) for helperd: the kernel has decoded "user:password";
 * PAM checks it (pam_authenticate, then pam_acct_mgmt), as LogonUser
 * does on Windows.  The PAM service is the config's pam_service.
 */
#include <stdlib.h>
#include <string.h>

#include <security/pam_appl.h>

#include "helperd.h"
#include "secstatus.h"

/* Answers PAM's prompts: the password when hidden, the user otherwise. */
struct basic_creds {
	const char *user;
	const char *password;
};

static int basic_conv(int n, const struct pam_message **msg,
		      struct pam_response **resp, void *data)
{
	const struct basic_creds *creds = data;
	struct pam_response *r;
	int i;

	if (n <= 0 || n > PAM_MAX_NUM_MSG)
		return PAM_CONV_ERR;
	r = calloc((size_t)n, sizeof(*r));
	if (!r)
		return PAM_BUF_ERR;
	for (i = 0; i < n; i++) {
		const char *answer = NULL;

		switch (msg[i]->msg_style) {
		case PAM_PROMPT_ECHO_OFF:
			answer = creds->password;
			break;
		case PAM_PROMPT_ECHO_ON:
			answer = creds->user;
			break;
		case PAM_ERROR_MSG:
		case PAM_TEXT_INFO:
			continue;
		default:
			goto fail;
		}
		r[i].resp = strdup(answer);
		if (!r[i].resp)
			goto fail;
	}
	*resp = r;
	return PAM_SUCCESS;
fail:
	for (i = 0; i < n; i++) {
		if (r[i].resp) {
			explicit_bzero(r[i].resp, strlen(r[i].resp));
			free(r[i].resp);
		}
	}
	free(r);
	return PAM_CONV_ERR;
}

/*
 * pam_unix asks for about 2 s after each failure, which libpam would
 * sleep in this worker: a few wrong passwords would then hold every
 * worker.  Slowing the client down is the application's choice.
 */
static void no_fail_delay(int status, unsigned int usec, void *data)
{
	(void)status;
	(void)usec;
	(void)data;
}

/* A PAM verdict about the credentials, as opposed to PAM failing. */
static bool pam_denied(int rc)
{
	switch (rc) {
	case PAM_AUTH_ERR:
	case PAM_USER_UNKNOWN:
	case PAM_MAXTRIES:
	case PAM_ACCT_EXPIRED:
	case PAM_NEW_AUTHTOK_REQD:
	case PAM_PERM_DENIED:
		return true;
	default:
		return false;
	}
}

static int pam_check(const char *service, const struct basic_creds *creds,
		     struct job_out *out)
{
	struct pam_conv conv = { basic_conv, (void *)creds };
	pam_handle_t *pamh = NULL;
	int rc;

	rc = pam_start(service, creds->user, &conv, &pamh);
	if (rc != PAM_SUCCESS) {
		log_msg(LOG_ERR_LEVEL, "basic: pam_start(%s): %d", service, rc);
		return rc;
	}
	rc = pam_set_item(pamh, PAM_FAIL_DELAY, (const void *)no_fail_delay);
	if (rc != PAM_SUCCESS) {
		log_msg(LOG_ERR_LEVEL, "basic: PAM_FAIL_DELAY: %s",
			pam_strerror(pamh, rc));
		pam_end(pamh, rc);
		return rc;
	}
	rc = pam_authenticate(pamh, PAM_SILENT | PAM_DISALLOW_NULL_AUTHTOK);
	if (rc == PAM_SUCCESS)
		rc = pam_acct_mgmt(pamh,
				   PAM_SILENT | PAM_DISALLOW_NULL_AUTHTOK);
	if (rc != PAM_SUCCESS && !pam_denied(rc))
		log_msg(LOG_ERR_LEVEL, "basic: PAM service %s: %s", service,
			pam_strerror(pamh, rc));
	if (rc == PAM_SUCCESS) {
		out->user = strdup(creds->user);
		out->package = strdup("Basic");
		if (!out->user || !out->package)
			rc = PAM_BUF_ERR;
	}
	pam_end(pamh, rc);
	return rc;
}

void basic_job(const struct helperd_config *cfg, const struct job_in *in,
	       struct job_out *out)
{
	struct basic_creds creds;
	const char *colon;
	char *copy;
	size_t ulen;
	int rc;

	colon = memchr(in->token, ':', in->token_len);
	if (!colon || memchr(in->token, '\0', in->token_len)) {
		out->status = HTTPSYS_AUTH_STATUS_MALFORMED;
		out->sec_status = SEC_E_INVALID_TOKEN;
		return;
	}
	ulen = (size_t)(colon - (const char *)in->token);
	/* Also a name longer than the kernel takes back (USER). */
	if (!ulen || ulen >= HTTPSYS_AUTH_MAX_NAME) {
		out->status = HTTPSYS_AUTH_STATUS_FAILED;
		out->sec_status = SEC_E_LOGON_DENIED;
		return;
	}
	/* "user\0password\0": one copy, wiped as soon as PAM is done. */
	copy = malloc(in->token_len + 1);
	if (!copy) {
		out->status = HTTPSYS_AUTH_STATUS_ERROR;
		out->sec_status = SEC_E_INSUFFICIENT_MEMORY;
		return;
	}
	memcpy(copy, in->token, in->token_len);
	copy[ulen] = '\0';
	copy[in->token_len] = '\0';
	creds.user = copy;
	creds.password = copy + ulen + 1;
	rc = pam_check(cfg->pam_service, &creds, out);
	explicit_bzero(copy, in->token_len + 1);
	free(copy);

	if (rc == PAM_SUCCESS) {
		out->status = HTTPSYS_AUTH_STATUS_OK;
		out->sec_status = SEC_E_OK;
		account_fill(out, out->user);
	} else if (pam_denied(rc)) {
		out->status = HTTPSYS_AUTH_STATUS_FAILED;
		out->sec_status = SEC_E_LOGON_DENIED;
	} else {
		out->status = HTTPSYS_AUTH_STATUS_ERROR;
		out->sec_status = SEC_E_INTERNAL_ERROR;
	}
}
