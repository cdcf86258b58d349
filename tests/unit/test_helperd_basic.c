// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * helperd's Basic: what basic_job decides before PAM (the split of
 * "user:password"), and a denial from a PAM service that exists nowhere
 * (PAM falls back to /etc/pam.d/other, which denies or fails), without
 * the failure delay pam_unix asks for; with a real service and users
 * when tests/auth/basic_pam.sh runs it in the VM.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <security/pam_appl.h>

#include "helperd.h"
#include "secstatus.h"
#include "../tap.h"
#include "helperd_stubs.h"

static char no_service[] = "httpsys-no-such-service";
static struct helperd_config cfg = { .pam_service = no_service };

static uint32_t basic(const char *token, size_t len, uint32_t *sec, char **user)
{
	struct job_in in = {
		.op = HTTPSYS_AUTH_OP_AUTHENTICATE,
		.scheme = HTTPSYS_AUTH_SCHEME_BASIC,
		.token = (const unsigned char *)token,
		.token_len = len,
		.method = "GET",
		.uri = "/",
		.realm = "",
		.domain = "",
	};
	struct job_out out = { 0 };

	basic_job(&cfg, &in, &out);
	*sec = out.sec_status;
	if (user && out.package && !strcmp(out.package, "Basic")) {
		*user = out.user;
		out.user = NULL;
	}
	free(out.user);
	free(out.package);
	return out.status;
}

static uint32_t basic_str(const char *token, uint32_t *sec, char **user)
{
	return basic(token, strlen(token), sec, user);
}

static double seconds_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) +
	       (now.tv_nsec - start->tv_nsec) / 1e9;
}

static int answer_password(int n, const struct pam_message **msg,
			   struct pam_response **resp, void *data)
{
	struct pam_response *r = calloc((size_t)n, sizeof(*r));
	int i;

	(void)data;
	if (!r)
		return PAM_BUF_ERR;
	for (i = 0; i < n; i++)
		if (msg[i]->msg_style == PAM_PROMPT_ECHO_OFF)
			r[i].resp = strdup("open sesame");
	*resp = r;
	return PAM_SUCCESS;
}

/*
 * The same denial straight from PAM, without helperd's PAM_FAIL_DELAY:
 * how long the service's stack makes a failure wait (pam_unix in
 * Debian's "other": about 2 s).
 */
static double pam_own_delay(void)
{
	struct pam_conv conv = { answer_password, NULL };
	pam_handle_t *pamh = NULL;
	struct timespec start;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &start);
	if (pam_start(no_service, "nosuchuser-httpsys", &conv, &pamh) !=
	    PAM_SUCCESS)
		return 0;
	rc = pam_authenticate(pamh, PAM_SILENT);
	pam_end(pamh, rc);
	return rc == PAM_SUCCESS ? 0 : seconds_since(&start);
}

/*
 * With a real PAM service (tests/auth/basic_pam.sh sets these in the VM):
 * HTTPSYS_PAM_SERVICE, HTTPSYS_PAM_USER with HTTPSYS_PAM_PASSWORD, and
 * HTTPSYS_PAM_EXPIRED, a user whose account has expired (same password).
 */
static void real_pam(char *service)
{
	const char *name = getenv("HTTPSYS_PAM_USER");
	const char *pw = getenv("HTTPSYS_PAM_PASSWORD");
	const char *expired = getenv("HTTPSYS_PAM_EXPIRED");
	char token[512], *user = NULL;
	uint32_t sec;

	if (!CHECK(name && pw && expired, "PAM test users given"))
		return;
	cfg.pam_service = service;
	snprintf(token, sizeof(token), "%s:%s", name, pw);
	CHECK(basic_str(token, &sec, &user) == HTTPSYS_AUTH_STATUS_OK && user &&
		      !strcmp(user, name),
	      "PAM: right password: OK as %s, package Basic", name);
	free(user);
	snprintf(token, sizeof(token), "%s:%s!", name, pw);
	CHECK(basic_str(token, &sec, NULL) == HTTPSYS_AUTH_STATUS_FAILED &&
		      sec == SEC_E_LOGON_DENIED,
	      "PAM: wrong password: LOGON_DENIED");
	snprintf(token, sizeof(token), "%s:", name);
	CHECK(basic_str(token, &sec, NULL) == HTTPSYS_AUTH_STATUS_FAILED &&
		      sec == SEC_E_LOGON_DENIED,
	      "PAM: empty password: LOGON_DENIED");
	snprintf(token, sizeof(token), "nosuchuser-httpsys:%s", pw);
	CHECK(basic_str(token, &sec, NULL) == HTTPSYS_AUTH_STATUS_FAILED &&
		      sec == SEC_E_LOGON_DENIED,
	      "PAM: unknown user: LOGON_DENIED");
	snprintf(token, sizeof(token), "%s:%s", expired, pw);
	CHECK(basic_str(token, &sec, NULL) == HTTPSYS_AUTH_STATUS_FAILED &&
		      sec == SEC_E_LOGON_DENIED,
	      "PAM: expired account (pam_acct_mgmt): LOGON_DENIED");
}

int main(void)
{
	char *service = getenv("HTTPSYS_PAM_SERVICE");
	uint32_t sec, status;

	CHECK(basic_str("Aladdin", &sec, NULL) == HTTPSYS_AUTH_STATUS_MALFORMED,
	      "no colon: MALFORMED");
	CHECK(basic("", 0, &sec, NULL) == HTTPSYS_AUTH_STATUS_MALFORMED,
	      "empty: MALFORMED");
	CHECK(basic("Aladdin:open\0sesame", 19, &sec, NULL) ==
		      HTTPSYS_AUTH_STATUS_MALFORMED,
	      "a NUL byte: MALFORMED");
	CHECK(basic_str(":open sesame", &sec, NULL) ==
			      HTTPSYS_AUTH_STATUS_FAILED &&
		      sec == SEC_E_LOGON_DENIED,
	      "an empty user: FAILED, LOGON_DENIED");
	{
		char token[HTTPSYS_AUTH_MAX_NAME + 16];

		memset(token, 'a', HTTPSYS_AUTH_MAX_NAME);
		strcpy(token + HTTPSYS_AUTH_MAX_NAME, ":pw");
		status = basic_str(token, &sec, NULL);
		CHECK(status == HTTPSYS_AUTH_STATUS_FAILED &&
			      sec == SEC_E_LOGON_DENIED,
		      "a user name of %d bytes: FAILED, LOGON_DENIED",
		      HTTPSYS_AUTH_MAX_NAME);
	}
	{
		struct timespec start;
		double took, control;

		clock_gettime(CLOCK_MONOTONIC, &start);
		status = basic_str("nosuchuser-httpsys:open sesame", &sec,
				   NULL);
		took = seconds_since(&start);
		CHECK(status != HTTPSYS_AUTH_STATUS_OK,
		      "an unknown PAM service: not OK");
		control = pam_own_delay();
		CHECK(control >= 1.0,
		      "control: PAM alone delays that failure (%.2f s)",
		      control);
		CHECK(took < 1.0,
		      "helperd's worker does not sleep PAM's failure delay (%.2f s)",
		      took);
	}
	if (service)
		real_pam(service);
	return tap_exit_status();
}
