// SPDX-License-Identifier: GPL-2.0
/*
 * helperd's GSS schemes against real parts: a throwaway MIT KDC
 * (tests/auth/kdc.sh), clients made with gss_init_sec_context (krb5,
 * SPNEGO, gss-ntlmssp) and curl (its own NTLM, and --negotiate) through
 * a small loopback HTTP server that hands each Authorization header to
 * gss_job as the kernel would.  The KDC's tools are required: without
 * them this test fails.
 */
#include <arpa/inet.h>
#include <libgen.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>
#include <gssapi/gssapi_krb5.h>
#include <openssl/evp.h>

#include "helperd.h"
#include "ntlm_version.h"
#include "secstatus.h"
#include "tap.h"

/*
 * Leaks of the libraries, not ours: krb5 keeps its plugin handles, and
 * gss-ntlmssp 1.2.0 loses about 6 KiB of OpenSSL state per NT hash it
 * computes (valgrind shows it under gss_acquire_cred_with_password and
 * gss_accept_sec_context; the module is unloaded by exit, so LSan sees
 * only libcrypto's frames).
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libgssapi_krb5\nleak:libkrb5\nleak:gssntlmssp\n"
	       "leak:libk5crypto\nleak:libkrb5support\nleak:libcrypto.so\n";
}

static gss_OID_desc spnego_oid = { 6, (void *)"\x2b\x06\x01\x05\x05\x02" };
static gss_OID_desc ntlmssp_oid = {
	10, (void *)"\x2b\x06\x01\x04\x01\x82\x37\x02\x02\x0a"
};

static char kdc_dir[256];
static char kdc_script[4096];
static struct helperd_config cfg;
static uint64_t next_conn = 1;

static void load_env(const char *path)
{
	char line[1024];
	FILE *f = fopen(path, "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *eq = strchr(line, '=');

		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "export ", 7) || !eq)
			continue;
		*eq = '\0';
		setenv(line + 7, eq + 1, 1);
	}
	fclose(f);
}

static bool start_kdc(void)
{
	char cmd[8192], exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		return false;
	exe[n] = '\0';
	/* bin/test_x -> tests/unit/bin -> tests/auth/kdc.sh */
	snprintf(kdc_script, sizeof(kdc_script), "%s/../../auth/kdc.sh",
		 dirname(exe));
	strcpy(kdc_dir, "/tmp/helperd-gss.XXXXXX");
	if (!mkdtemp(kdc_dir))
		return false;
	snprintf(cmd, sizeof(cmd), "%s start %s httpsys-vm >/dev/null",
		 kdc_script, kdc_dir);
	if (system(cmd) != 0)
		return false;
	snprintf(cmd, sizeof(cmd), "%s/env", kdc_dir);
	load_env(cmd);
	return getenv("HTTPSYS_KEYTAB") != NULL;
}

static void stop_kdc(void)
{
	char cmd[8192];

	snprintf(cmd, sizeof(cmd), "%s stop %s; rm -rf %s", kdc_script,
		 kdc_dir, kdc_dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot stop the KDC\n");
}

static void run_cmd(const char *fmt, const char *arg)
{
	char cmd[8192];

	snprintf(cmd, sizeof(cmd), fmt, arg, arg, arg);
	if (system(cmd) != 0)
		fprintf(stderr, "failed: %s\n", cmd);
}

/* One leg, as the kernel would send it. */
static void job(uint32_t scheme, uint64_t conn, const void *token, size_t len,
		uint32_t flags, struct job_out *out)
{
	struct job_in in = {
		.seq = 1, .op = HTTPSYS_AUTH_OP_AUTHENTICATE, .conn_id = conn,
		.scheme = scheme, .flags = flags, .token = token,
		.token_len = len, .method = "GET", .uri = "/", .realm = "",
		.domain = "",
	};

	gss_job(&cfg, &in, out);
}

struct client {
	gss_ctx_id_t ctx;
	gss_cred_id_t cred;
	gss_name_t target;
	gss_OID mech;
	OM_uint32 flags;
};

static void client_init(struct client *c, gss_OID mech, gss_cred_id_t cred)
{
	gss_buffer_desc name = { 15, (void *)"HTTP@httpsys-vm" };
	OM_uint32 minor;

	c->ctx = GSS_C_NO_CONTEXT;
	c->cred = cred;
	c->mech = mech;
	c->flags = GSS_C_MUTUAL_FLAG | GSS_C_REPLAY_FLAG |
		   GSS_C_SEQUENCE_FLAG | GSS_C_INTEG_FLAG | GSS_C_CONF_FLAG;
	gss_import_name(&minor, &name, GSS_C_NT_HOSTBASED_SERVICE, &c->target);
}

static OM_uint32 client_step(struct client *c, const struct job_out *in,
			     gss_buffer_desc *out)
{
	gss_buffer_desc token = GSS_C_EMPTY_BUFFER;
	OM_uint32 minor;

	if (in) {
		token.value = in->out_token;
		token.length = in->out_token_len;
	}
	return gss_init_sec_context(&minor, c->cred, &c->ctx, c->target,
				    c->mech, c->flags, 0,
				    GSS_C_NO_CHANNEL_BINDINGS,
				    in ? &token : GSS_C_NO_BUFFER, NULL, out,
				    NULL, NULL);
}

static void client_free(struct client *c)
{
	OM_uint32 minor;

	gss_delete_sec_context(&minor, &c->ctx, GSS_C_NO_BUFFER);
	gss_release_name(&minor, &c->target);
	if (c->cred != GSS_C_NO_CREDENTIAL)
		gss_release_cred(&minor, &c->cred);
}

static gss_cred_id_t ntlm_client_cred(const char *user, const char *password,
				      bool spnego)
{
	gss_buffer_desc name = { strlen(user), (void *)user };
	gss_buffer_desc pw = { strlen(password), (void *)password };
	gss_OID_set_desc ntlm = { 1, &ntlmssp_oid };
	gss_OID_set_desc mechs = { 1, spnego ? &spnego_oid : &ntlmssp_oid };
	gss_cred_id_t cred = GSS_C_NO_CREDENTIAL;
	gss_name_t gname;
	OM_uint32 major, minor;

	major = gss_import_name(&minor, &name, GSS_C_NT_USER_NAME, &gname);
	if (GSS_ERROR(major))
		return cred;
	major = gss_acquire_cred_with_password(&minor, gname, &pw,
					       GSS_C_INDEFINITE, &mechs,
					       GSS_C_INITIATE, &cred, NULL,
					       NULL);
	gss_release_name(&minor, &gname);
	if (!GSS_ERROR(major) && spnego)
		gss_set_neg_mechs(&minor, cred, &ntlm);
	return GSS_ERROR(major) ? GSS_C_NO_CREDENTIAL : cred;
}

static void test_kerberos(uint32_t scheme, gss_OID mech, const char *what)
{
	struct client c;
	struct job_out out;
	gss_buffer_desc token, final = GSS_C_EMPTY_BUFFER;
	OM_uint32 major, minor;

	client_init(&c, mech, GSS_C_NO_CREDENTIAL);
	major = client_step(&c, NULL, &token);
	CHECK(major == GSS_S_CONTINUE_NEEDED, "%s: client token", what);
	job(scheme, next_conn++, token.value, token.length,
	    HTTPSYS_AUTH_F_EXPORT_CONTEXT, &out);
	gss_release_buffer(&minor, &token);
	CHECK(out.status == HTTPSYS_AUTH_STATUS_OK,
	      "%s: one leg authenticates (status %u, 0x%08x)", what,
	      out.status, out.sec_status);
	CHECK(out.user && !strcmp(out.user, "alice@HTTPSYS.TEST"),
	      "%s: user alice@HTTPSYS.TEST (%s)", what,
	      out.user ? out.user : "none");
	CHECK(out.package && !strcmp(out.package, "Kerberos"),
	      "%s: package Kerberos", what);
	CHECK(out.context_attrs & 0x2, "%s: ASC_RET_MUTUAL_AUTH", what);
	CHECK(out.expiry > 0, "%s: an expiry", what);
	CHECK(out.packed_len > 0, "%s: an exported context", what);
	CHECK(!out.mapped, "%s: no local account alice here", what);
	CHECK(out.out_token_len > 0, "%s: a mutual authentication token",
	      what);
	major = client_step(&c, &out, &final);
	CHECK(major == GSS_S_COMPLETE,
	      "%s: the client verifies the server (major 0x%x)", what, major);
	gss_release_buffer(&minor, &final);
	job_out_free(&out);
	client_free(&c);
}

/* The same AP-REQ twice, on two connections: the replay cache refuses. */
static void test_replay(void)
{
	struct client c;
	struct job_out out;
	gss_buffer_desc token;
	OM_uint32 minor;

	client_init(&c, (gss_OID)gss_mech_krb5, GSS_C_NO_CREDENTIAL);
	client_step(&c, NULL, &token);
	job(HTTPSYS_AUTH_SCHEME_KERBEROS, next_conn++, token.value,
	    token.length, 0, &out);
	CHECK(out.status == HTTPSYS_AUTH_STATUS_OK, "replay: first use ok");
	job_out_free(&out);
	job(HTTPSYS_AUTH_SCHEME_KERBEROS, next_conn++, token.value,
	    token.length, 0, &out);
	CHECK(out.status == HTTPSYS_AUTH_STATUS_FAILED &&
	      out.sec_status == SEC_E_OUT_OF_SEQUENCE,
	      "replay: second use FAILED, SEC_E_OUT_OF_SEQUENCE (%u, 0x%08x)",
	      out.status, out.sec_status);
	job_out_free(&out);
	gss_release_buffer(&minor, &token);
	client_free(&c);
}

static void test_garbage(void)
{
	static const unsigned char garbage[] = "this is no token at all";
	static const uint32_t schemes[] = {
		HTTPSYS_AUTH_SCHEME_NEGOTIATE, HTTPSYS_AUTH_SCHEME_KERBEROS,
		HTTPSYS_AUTH_SCHEME_NTLM,
	};
	struct job_out out;
	size_t i;

	for (i = 0; i < 3; i++) {
		job(schemes[i], next_conn++, garbage, sizeof(garbage), 0,
		    &out);
		CHECK(out.status == HTTPSYS_AUTH_STATUS_FAILED &&
		      out.sec_status == SEC_E_INVALID_TOKEN,
		      "garbage token, scheme 0x%x: FAILED SEC_E_INVALID_TOKEN (%u, 0x%08x)",
		      schemes[i], out.status, out.sec_status);
		job_out_free(&out);
	}
}

/* Three legs on one connection; @spnego wraps them in Negotiate. */
static void test_ntlm(bool spnego, const char *password, bool expect_ok)
{
	const char *what = spnego ? "Negotiate falling back to NTLM" : "NTLM";
	uint32_t scheme = spnego ? HTTPSYS_AUTH_SCHEME_NEGOTIATE :
				   HTTPSYS_AUTH_SCHEME_NTLM;
	uint64_t conn = next_conn++;
	gss_buffer_desc token;
	struct job_out out;
	struct client c;
	OM_uint32 major, minor;
	int legs = 0;

	client_init(&c, spnego ? &spnego_oid : &ntlmssp_oid,
		    ntlm_client_cred("HTTPSYS\\alice", password, spnego));
	if (!CHECK(c.cred != GSS_C_NO_CREDENTIAL, "%s: client credential",
		   what))
		return;
	major = client_step(&c, NULL, &token);
	memset(&out, 0, sizeof(out));
	while (!GSS_ERROR(major) && token.length && legs < 4) {
		job_out_free(&out);
		job(scheme, conn, token.value, token.length, 0, &out);
		gss_release_buffer(&minor, &token);
		legs++;
		if (out.status != HTTPSYS_AUTH_STATUS_CONTINUE)
			break;
		major = client_step(&c, &out, &token);
	}
	if (expect_ok) {
		CHECK(out.status == HTTPSYS_AUTH_STATUS_OK && legs == 2,
		      "%s: authenticated in two client legs (status %u, 0x%08x, legs %d)",
		      what, out.status, out.sec_status, legs);
		CHECK(out.user && !strcmp(out.user, "HTTPSYS\\alice"),
		      "%s: user HTTPSYS\\alice (%s)", what,
		      out.user ? out.user : "none");
		CHECK(out.package && !strcmp(out.package, "NTLM"),
		      "%s: package NTLM", what);
	} else {
		CHECK(out.status == HTTPSYS_AUTH_STATUS_FAILED &&
		      out.sec_status == SEC_E_LOGON_DENIED,
		      "%s, wrong password: FAILED SEC_E_LOGON_DENIED (%u, 0x%08x)",
		      what, out.status, out.sec_status);
	}
	job_out_free(&out);
	client_free(&c);
	gss_drop(conn);
}

/*
 * An NTLM anonymous (NULL session) client is a failure.  gss-ntlmssp has
 * no anonymous initiator, so the AUTHENTICATE_MESSAGE is made by hand as
 * MS-NLMP 3.2.5.1.2 describes: no user, no NT response, an LM response of
 * one zero byte, NTLMSSP_NEGOTIATE_ANONYMOUS.
 */
static void test_null_session(void)
{
	static const unsigned char negotiate[32] = {
		'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 1, 0, 0, 0,
		0x07, 0x82, 0x08, 0x00,
	};
	/* Header, Version, MIC (gss-ntlmssp wants room for it), payload. */
	unsigned char auth[64 + 8 + 16 + 1] = "NTLMSSP";
	uint64_t conn = next_conn++;
	struct job_out out;
	uint32_t flags;

	job(HTTPSYS_AUTH_SCHEME_NTLM, conn, negotiate, sizeof(negotiate), 0,
	    &out);
	if (!CHECK(out.status == HTTPSYS_AUTH_STATUS_CONTINUE &&
		   out.out_token_len >= 24,
		   "NULL session: a CHALLENGE for the NEGOTIATE"))
		return;
	memcpy(&flags, out.out_token + 20, 4);
	job_out_free(&out);
	flags |= 0x00000800;	/* NTLMSSP_NEGOTIATE_ANONYMOUS */
	auth[8] = 3;
	auth[12] = auth[14] = 1;	/* LmChallengeResponse: 1 byte at 88 */
	auth[16] = 88;
	for (int i = 1; i < 6; i++)	/* the other five: empty, at 89 */
		auth[12 + i * 8 + 4] = 89;
	memcpy(auth + 60, &flags, 4);
	job(HTTPSYS_AUTH_SCHEME_NTLM, conn, auth, sizeof(auth), 0, &out);
	CHECK(out.status == HTTPSYS_AUTH_STATUS_FAILED &&
	      out.sec_status == SEC_E_LOGON_DENIED,
	      "NULL session: FAILED SEC_E_LOGON_DENIED (%u, 0x%08x, user %s)",
	      out.status, out.sec_status, out.user ? out.user : "none");
	job_out_free(&out);
	gss_drop(conn);
}

/* An NTLM client that has sent its NEGOTIATE and has its AUTHENTICATE. */
struct ntlm_half {
	struct client c;
	uint64_t conn;
	gss_buffer_desc authenticate;
	bool ok;
};

static void ntlm_first_leg(struct ntlm_half *h)
{
	gss_buffer_desc token = GSS_C_EMPTY_BUFFER;
	struct job_out out;
	OM_uint32 minor;

	memset(h, 0, sizeof(*h));
	h->conn = next_conn++;
	client_init(&h->c, &ntlmssp_oid,
		    ntlm_client_cred("HTTPSYS\\alice", getenv("HTTPSYS_PASSWORD"),
				     false));
	if (GSS_ERROR(client_step(&h->c, NULL, &token)))
		return;
	job(HTTPSYS_AUTH_SCHEME_NTLM, h->conn, token.value, token.length, 0,
	    &out);
	gss_release_buffer(&minor, &token);
	h->ok = out.status == HTTPSYS_AUTH_STATUS_CONTINUE &&
		!GSS_ERROR(client_step(&h->c, &out, &h->authenticate));
	job_out_free(&out);
}

/* The third leg: the status helperd gives it. */
static uint32_t ntlm_last_leg(struct ntlm_half *h)
{
	struct job_out out;
	uint32_t status;
	OM_uint32 minor;

	job(HTTPSYS_AUTH_SCHEME_NTLM, h->conn, h->authenticate.value,
	    h->authenticate.length, 0, &out);
	status = out.status;
	job_out_free(&out);
	gss_release_buffer(&minor, &h->authenticate);
	client_free(&h->c);
	gss_drop(h->conn);
	return status;
}

/*
 * context_idle_timeout = 1: two NTLM handshakes wait 2 s after their
 * first leg.  The one whose last leg then comes finds its context gone;
 * the other is swept when a fresh handshake is stored, and the fresh one
 * completes.
 */
static void test_aging(void)
{
	struct timespec pause = { 2, 0 };
	struct ntlm_half taken, swept, fresh;
	unsigned int base = gss_pending();
	uint32_t status;
	OM_uint32 minor;

	cfg.context_idle_timeout = 1;
	ntlm_first_leg(&taken);
	ntlm_first_leg(&swept);
	CHECK(taken.ok && swept.ok && gss_pending() == base + 2,
	      "aging: two NTLM handshakes pending after their first leg");
	nanosleep(&pause, NULL);
	status = ntlm_last_leg(&taken);
	CHECK(status != HTTPSYS_AUTH_STATUS_OK &&
	      status != HTTPSYS_AUTH_STATUS_CONTINUE,
	      "aging: an AUTHENTICATE 2 s after its CHALLENGE fails (status %u)",
	      status);
	CHECK(gss_pending() == base + 1, "aging: the other still counted");
	ntlm_first_leg(&fresh);
	CHECK(fresh.ok && gss_pending() == base + 1,
	      "aging: storing a fresh handshake swept the idle one (%u pending)",
	      gss_pending() - base);
	status = ntlm_last_leg(&fresh);
	CHECK(status == HTTPSYS_AUTH_STATUS_OK,
	      "aging: the fresh handshake completes (status %u)", status);
	gss_release_buffer(&minor, &swept.authenticate);
	client_free(&swept.c);
	cfg.context_idle_timeout = 120;
}

/* Some clients send bare NTLM tokens under Negotiate, as SSPI allows. */
static void test_raw_ntlm_in_negotiate(void)
{
	uint64_t conn = next_conn++;
	gss_buffer_desc token;
	struct job_out out = { 0 };
	struct client c;
	OM_uint32 major, minor;
	int legs = 0;

	client_init(&c, &ntlmssp_oid,
		    ntlm_client_cred("HTTPSYS\\alice", getenv("HTTPSYS_PASSWORD"),
				     false));
	major = client_step(&c, NULL, &token);
	while (!GSS_ERROR(major) && token.length && legs < 4) {
		job_out_free(&out);
		job(HTTPSYS_AUTH_SCHEME_NEGOTIATE, conn, token.value,
		    token.length, 0, &out);
		gss_release_buffer(&minor, &token);
		legs++;
		if (out.status != HTTPSYS_AUTH_STATUS_CONTINUE)
			break;
		major = client_step(&c, &out, &token);
	}
	CHECK(out.status == HTTPSYS_AUTH_STATUS_OK && legs == 2 &&
	      out.package && !strcmp(out.package, "NTLM"),
	      "bare NTLM under Negotiate: authenticated, package NTLM (status %u, 0x%08x, legs %d)",
	      out.status, out.sec_status, legs);
	job_out_free(&out);
	client_free(&c);
	gss_drop(conn);
}

/* A ticket for a key the acceptor's keytab does not hold. */
static void test_wrong_key(void)
{
	struct client c;
	struct job_out out;
	gss_buffer_desc token;
	OM_uint32 minor;

	/* New keys for HTTP/httpsys-vm in another keytab; bob's fresh
	 * ticket is under them, the acceptor still has the old ones.
	 */
	run_cmd("kadmin.local -q 'ktadd -k %s/new.keytab HTTP/httpsys-vm' >/dev/null 2>&1"
		" && echo \"$HTTPSYS_PASSWORD2\" | KRB5CCNAME=%s/bob.ccache kinit bob >/dev/null",
		kdc_dir);
	{
		char ccache[512];

		snprintf(ccache, sizeof(ccache), "%s/bob.ccache", kdc_dir);
		setenv("KRB5CCNAME", ccache, 1);
	}
	client_init(&c, &spnego_oid, GSS_C_NO_CREDENTIAL);
	client_step(&c, NULL, &token);
	job(HTTPSYS_AUTH_SCHEME_NEGOTIATE, next_conn++, token.value,
	    token.length, 0, &out);
	CHECK(out.status == HTTPSYS_AUTH_STATUS_FAILED &&
	      out.sec_status == SEC_E_LOGON_DENIED,
	      "wrong service key: FAILED SEC_E_LOGON_DENIED (%u, 0x%08x)",
	      out.status, out.sec_status);
	job_out_free(&out);
	gss_release_buffer(&minor, &token);
	client_free(&c);
}

/* The padding of a NEGOTIATE_MESSAGE without Version (curl's). */
static void test_negotiate_padding(void)
{
	static const unsigned char curl_msg[32] = {
		'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 1, 0, 0, 0,
		0x06, 0x82, 0x08, 0x00,
	};
	unsigned char with_payload[32 + 12], *out;
	unsigned char full[40];
	size_t len;

	CHECK(ntlm_add_version(curl_msg, 32, &out, &len) == 1 &&
	      len == 40 && !memcmp(out, curl_msg, 32) &&
	      !memcmp(out + 32, "\0\0\0\0\0\0\0\0", 8),
	      "padding: 32 bytes become 40, Version zeroed");
	free(out);

	/* Domain "DOM" at 32, workstation "WORKSTAT1" at 35. */
	memcpy(with_payload, curl_msg, 32);
	memcpy(with_payload + 16, "\x03\x00\x03\x00\x20\x00\x00\x00", 8);
	memcpy(with_payload + 24, "\x09\x00\x09\x00\x23\x00\x00\x00", 8);
	memcpy(with_payload + 32, "DOMWORKSTAT1", 12);
	CHECK(ntlm_add_version(with_payload, sizeof(with_payload),
				       &out, &len) == 1 && len == 52 &&
	      out[20] == 40 && out[28] == 43 &&
	      !memcmp(out + 40, "DOM", 3) && !memcmp(out + 43, "WORKSTAT1", 9),
	      "padding: payload moved past Version, offsets follow");
	free(out);

	memcpy(full, curl_msg, 32);
	memset(full + 32, 0, 8);
	CHECK(ntlm_add_version(full, 40, &out, &len) == 0,
	      "padding: a message with Version is left alone");
	CHECK(ntlm_add_version(curl_msg, 31, &out, &len) == 0,
	      "padding: a truncated message is left for gss-ntlmssp to refuse");
	memcpy(full, curl_msg, 32);
	full[8] = 2;
	CHECK(ntlm_add_version(full, 32, &out, &len) == 0,
	      "padding: a CHALLENGE_MESSAGE (type 2) is left alone");
	memcpy(with_payload + 20, "\x10\x00\x00\x00", 4);
	CHECK(ntlm_add_version(with_payload, sizeof(with_payload),
				       &out, &len) == 0,
	      "padding: an offset into the header is left for gss-ntlmssp");
}

/* curl's AUTHENTICATE_MESSAGE: payload right after the 64-byte header. */
static void test_authenticate_padding(void)
{
	unsigned char msg[64 + 10], *out;
	size_t len;
	int i;

	memset(msg, 0, sizeof(msg));
	memcpy(msg, "NTLMSSP\0\3\0\0\0", 12);
	/* Lm (4 bytes at 64), Nt (6 at 68), the other four empty at 74. */
	memcpy(msg + 12, "\x04\x00\x04\x00\x40\x00\x00\x00", 8);
	memcpy(msg + 20, "\x06\x00\x06\x00\x44\x00\x00\x00", 8);
	for (i = 2; i < 6; i++)
		msg[12 + i * 8 + 4] = 74;
	memcpy(msg + 64, "LMLMNTNTNT", 10);
	CHECK(ntlm_add_version(msg, sizeof(msg), &out, &len) == 1 &&
	      len == sizeof(msg) + 8 && out[16] == 72 && out[24] == 76 &&
	      out[40] == 82 && out[60] == msg[60] &&
	      !memcmp(out + 64, "\0\0\0\0\0\0\0\0", 8) &&
	      !memcmp(out + 72, "LMLMNTNTNT", 10),
	      "padding: AUTHENTICATE without Version gets one, offsets follow");
	free(out);
	msg[16] = 88;
	msg[24] = 92;
	CHECK(ntlm_add_version(msg, sizeof(msg), &out, &len) == 0,
	      "padding: an AUTHENTICATE whose payload starts at 88 is left alone");
}

static void test_account(void)
{
	struct job_out out = { 0 };
	uint32_t i;
	bool has_root = false;

	CHECK(account_fill(&out, "root") && out.mapped && out.uid == 0 &&
	      out.gid == 0 && out.group_count >= 1,
	      "account: root is uid 0, gid 0, with groups");
	for (i = 0; i < out.group_count; i++)
		has_root |= out.groups[i] == 0;
	CHECK(has_root, "account: root's groups hold gid 0");
	job_out_free(&out);
	CHECK(!account_fill(&out, "no-such-user-httpsys") && !out.mapped,
	      "account: an unknown name maps to nothing");
}

/* ---- curl through a loopback HTTP server ---- */

struct server {
	int listen_fd;
	uint16_t port;
	char user[256];
};

static size_t b64_decode(const char *in, unsigned char *out)
{
	size_t len = strlen(in);
	int n = EVP_DecodeBlock(out, (const unsigned char *)in, len);

	if (n < 0)
		return 0;
	while (len && in[len - 1] == '=') {
		len--;
		n--;
	}
	return n;
}

static void respond(int fd, const struct job_out *out, const char *scheme,
		    bool challenge)
{
	char head[70000], b64[66000];

	if (out && out->status == HTTPSYS_AUTH_STATUS_OK) {
		snprintf(head, sizeof(head),
			 "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n\r\n%s",
			 strlen(out->user), out->user);
	} else if (challenge) {
		b64[0] = '\0';
		if (out && out->out_token_len)
			b64[EVP_EncodeBlock((unsigned char *)b64 + 1,
					    out->out_token,
					    out->out_token_len) + 1] = '\0',
			b64[0] = ' ';
		snprintf(head, sizeof(head),
			 "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: %s%s\r\n"
			 "Content-Length: 0\r\n\r\n", scheme, b64);
	} else {
		snprintf(head, sizeof(head),
			 "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
	}
	if (write(fd, head, strlen(head)) < 0)
		perror("write");
}

/* Serve one connection: each Authorization leg goes to gss_job. */
static void *serve(void *arg)
{
	struct server *s = arg;
	static char req[70000];
	static unsigned char token[50000];
	uint64_t conn = next_conn++;
	size_t have = 0;
	ssize_t n;
	int fd = accept(s->listen_fd, NULL, NULL);

	if (fd < 0)
		return NULL;
	for (;;) {
		char *end, *auth, *sp, scheme[32];
		struct job_out out;
		size_t len;

		n = read(fd, req + have, sizeof(req) - 1 - have);
		if (n <= 0)
			break;
		have += n;
		req[have] = '\0';
		end = strstr(req, "\r\n\r\n");
		if (!end)
			continue;
		*end = '\0';
		auth = strstr(req, "\r\nAuthorization: ");
		if (!auth) {
			respond(fd, NULL, "NTLM", true);
		} else {
			auth += 17;
			auth[strcspn(auth, "\r")] = '\0';
			sp = strchr(auth, ' ');
			snprintf(scheme, sizeof(scheme), "%.*s",
				 (int)(sp ? sp - auth : 0), auth);
			len = sp ? b64_decode(sp + 1, token) : 0;
			job(!strcmp(scheme, "NTLM") ? HTTPSYS_AUTH_SCHEME_NTLM :
			    HTTPSYS_AUTH_SCHEME_NEGOTIATE, conn, token, len, 0,
			    &out);
			if (out.status == HTTPSYS_AUTH_STATUS_OK)
				snprintf(s->user, sizeof(s->user), "%s",
					 out.user);
			respond(fd, &out, scheme,
				out.status == HTTPSYS_AUTH_STATUS_CONTINUE);
			job_out_free(&out);
		}
		/* No bodies here: the next request follows the head. */
		len = end + 4 - req;
		memmove(req, end + 4, have - len);
		have -= len;
	}
	close(fd);
	gss_drop(conn);
	return NULL;
}

static bool server_start(struct server *s)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t alen = sizeof(a);

	memset(s->user, 0, sizeof(s->user));
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	s->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
	if (s->listen_fd < 0 || bind(s->listen_fd, (void *)&a, sizeof(a)) ||
	    listen(s->listen_fd, 4) ||
	    getsockname(s->listen_fd, (void *)&a, &alen))
		return false;
	s->port = ntohs(a.sin_port);
	return true;
}

static void test_curl(const char *what, const char *options,
		      const char *expect_user)
{
	struct server s;
	pthread_t t;
	char cmd[1024], body[256] = "";
	FILE *p;

	if (!CHECK(server_start(&s), "%s: loopback server", what))
		return;
	pthread_create(&t, NULL, serve, &s);
	snprintf(cmd, sizeof(cmd),
		 "curl -s -m 20 %s --resolve httpsys-vm:%u:127.0.0.1 http://httpsys-vm:%u/",
		 options, s.port, s.port);
	p = popen(cmd, "r");
	if (p) {
		if (!fgets(body, sizeof(body), p))
			body[0] = '\0';
		pclose(p);
	}
	shutdown(s.listen_fd, SHUT_RDWR);
	pthread_join(t, NULL);
	close(s.listen_fd);
	CHECK(!strcmp(body, expect_user) && !strcmp(s.user, expect_user),
	      "%s: authenticated as %s (got \"%s\")", what, expect_user,
	      body);
}

int main(void)
{
	char opts[512];

	test_negotiate_padding();
	test_authenticate_padding();
	test_account();
	if (!CHECK(start_kdc(), "a throwaway KDC starts (tests/auth/kdc.sh)"))
		return tap_exit_status();
	atexit(stop_kdc);
	memset(&cfg, 0, sizeof(cfg));
	cfg.keytab = getenv("HTTPSYS_KEYTAB");
	cfg.ntlm_user_file = getenv("HTTPSYS_NTLM_USER_FILE");
	cfg.acceptor_name = "HTTP@httpsys-vm";
	cfg.map_principal = true;
	cfg.context_idle_timeout = 120;
	CHECK(gss_init(&cfg) == 0, "gss_init");
	if (getenv("HELPERD_TEST_DEBUG"))
		log_set_level(LOG_DEBUG_LEVEL);

	test_kerberos(HTTPSYS_AUTH_SCHEME_NEGOTIATE, &spnego_oid, "Negotiate");
	test_kerberos(HTTPSYS_AUTH_SCHEME_KERBEROS, (gss_OID)gss_mech_krb5,
		      "Kerberos");
	test_replay();
	test_garbage();
	test_ntlm(false, getenv("HTTPSYS_PASSWORD"), true);
	test_ntlm(false, "wrong-password", false);
	test_ntlm(true, getenv("HTTPSYS_PASSWORD"), true);
	test_null_session();
	test_aging();
	snprintf(opts, sizeof(opts), "--ntlm -u 'HTTPSYS\\alice:%s'",
		 getenv("HTTPSYS_PASSWORD"));
	test_curl("curl --ntlm (32-byte NEGOTIATE_MESSAGE)", opts,
		  "HTTPSYS\\alice");
	test_curl("curl --negotiate", "--negotiate -u :",
		  "alice@HTTPSYS.TEST");
	test_raw_ntlm_in_negotiate();
	test_wrong_key();
	return tap_exit_status();
}
