// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * helperd's Basic: what basic_job decides before PAM (the split of
 * "user:password"), and a denial from a PAM service that exists nowhere
 * (PAM falls back to /etc/pam.d/other, which denies or fails).  PAM with
 * a real service is checked in the VM by tests/auth/basic_pam.sh.
 */
#include <stdlib.h>
#include <string.h>

#include "helperd.h"
#include "secstatus.h"
#include "../tap.h"
#include "helperd_stubs.h"

static struct helperd_config cfg = { .pam_service = "httpsys-no-such-service" };

static uint32_t basic(const char *token, size_t len, uint32_t *sec)
{
	struct job_in in = {
		.op = HTTPSYS_AUTH_OP_AUTHENTICATE,
		.scheme = HTTPSYS_AUTH_SCHEME_BASIC,
		.token = (const unsigned char *)token,
		.token_len = len,
		.method = "GET", .uri = "/", .realm = "", .domain = "",
	};
	struct job_out out = { 0 };

	basic_job(&cfg, &in, &out);
	*sec = out.sec_status;
	free(out.user);
	free(out.package);
	return out.status;
}

int main(void)
{
	uint32_t sec;

	CHECK(basic("Aladdin", 7, &sec) == HTTPSYS_AUTH_STATUS_MALFORMED,
	      "no colon: MALFORMED");
	CHECK(basic("", 0, &sec) == HTTPSYS_AUTH_STATUS_MALFORMED,
	      "empty: MALFORMED");
	CHECK(basic("Aladdin:open\0sesame", 19, &sec) ==
	      HTTPSYS_AUTH_STATUS_MALFORMED, "a NUL byte: MALFORMED");
	CHECK(basic(":open sesame", 12, &sec) == HTTPSYS_AUTH_STATUS_FAILED &&
	      sec == SEC_E_LOGON_DENIED, "an empty user: FAILED, LOGON_DENIED");
	CHECK(basic("nosuchuser-httpsys:open sesame", 30, &sec) !=
	      HTTPSYS_AUTH_STATUS_OK,
	      "an unknown service and user: not OK (status %u)",
	      basic("nosuchuser-httpsys:open sesame", 30, &sec));
	return tap_exit_status();
}
