// SPDX-License-Identifier: GPL-2.0-or-later
/* GSS-API failures mapped to SSPI's SECURITY_STATUS. */
#include <errno.h>
#include <krb5/krb5.h>

#include "gss_status.h"
#include "helperd.h"
#include "secstatus.h"

/* Kerberos' reasons first: GSS_S_FAILURE says little on its own. */
static uint32_t krb5_reason(OM_uint32 minor)
{
	switch ((krb5_error_code)minor) {
	case KRB5KRB_AP_ERR_TKT_EXPIRED:
		return SEC_E_CONTEXT_EXPIRED;
	case KRB5KRB_AP_ERR_SKEW:
		return SEC_E_TIME_SKEW;
	case KRB5KRB_AP_ERR_REPEAT:
		return SEC_E_OUT_OF_SEQUENCE;
	case KRB5KRB_AP_WRONG_PRINC:
	case KRB5KRB_AP_ERR_NOT_US:
		return SEC_E_WRONG_PRINCIPAL;
	case KRB5KRB_AP_ERR_BAD_INTEGRITY:
	case KRB5KRB_AP_ERR_MODIFIED:
	case KRB5KRB_AP_ERR_BADKEYVER:
	case KRB5KRB_AP_ERR_NOKEY:
	case KRB5_KT_NOTFOUND:
		return SEC_E_LOGON_DENIED;
	}
	return 0;
}

void gss_map_failure(OM_uint32 major, OM_uint32 minor, uint32_t *status,
		     uint32_t *sec_status)
{
	uint32_t reason = krb5_reason(minor);

	*status = HTTPSYS_AUTH_STATUS_FAILED;
	if (reason) {
		*sec_status = reason;
		return;
	}
	switch (GSS_ROUTINE_ERROR(major)) {
	case GSS_S_DEFECTIVE_TOKEN:
	case GSS_S_BAD_MECH:
	case GSS_S_BAD_SIG:
		*sec_status = SEC_E_INVALID_TOKEN;
		return;
	case GSS_S_CREDENTIALS_EXPIRED:
	case GSS_S_CONTEXT_EXPIRED:
		*sec_status = SEC_E_CONTEXT_EXPIRED;
		return;
	case GSS_S_DUPLICATE_TOKEN:
	case GSS_S_OLD_TOKEN:
		*sec_status = SEC_E_OUT_OF_SEQUENCE;
		return;
	case GSS_S_BAD_NAME:
	case GSS_S_BAD_NAMETYPE:
		*sec_status = SEC_E_WRONG_PRINCIPAL;
		return;
	case GSS_S_BAD_BINDINGS:
		*sec_status = SEC_E_BAD_BINDINGS;
		return;
	case GSS_S_FAILURE:
		if (minor == ENOMEM) {
			*status = HTTPSYS_AUTH_STATUS_ERROR;
			*sec_status = SEC_E_INSUFFICIENT_MEMORY;
			return;
		}
		break;
	}
	/* Bad credentials, an unknown user, a refused NTLM response... */
	*sec_status = SEC_E_LOGON_DENIED;
}
