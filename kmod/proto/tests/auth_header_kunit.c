// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for Base64 and the authentication header pieces, built as
 * kernel code: the same vectors the userspace tests use.
 */
#include <kunit/test.h>

#include "../base64.c"
#include "../auth_header.c"

static void base64_vectors(struct kunit *test)
{
	static const char text[] = "Aladdin:open sesame";
	char enc[32];
	u8 dec[32];

	KUNIT_EXPECT_EQ(test, base64_encode((const u8 *)text, 19, enc), 28);
	KUNIT_EXPECT_EQ(test, memcmp(enc, "QWxhZGRpbjpvcGVuIHNlc2FtZQ==", 28), 0);
	KUNIT_EXPECT_EQ(test, base64_decode(enc, 28, dec), 19);
	KUNIT_EXPECT_EQ(test, memcmp(dec, text, 19), 0);
	KUNIT_EXPECT_EQ(test, base64_decode("Zm9vYg", 6, dec), 4);
	KUNIT_EXPECT_LT(test, base64_decode("Zm9vYg=", 7, dec), 0);
	KUNIT_EXPECT_LT(test, base64_decode("Zm9v YmFy", 9, dec), 0);
	KUNIT_EXPECT_LT(test, base64_decode("Zm9vYh==", 8, dec), 0);
}

static void credentials_split(struct kunit *test)
{
	struct auth_credentials a;

	KUNIT_ASSERT_EQ(test, auth_credentials_parse("NTLM TlRMTQ==", 13, &a), 0);
	KUNIT_EXPECT_EQ(test, a.scheme, (u32)HTTPSYS_AUTH_SCHEME_NTLM);
	KUNIT_EXPECT_EQ(test, a.params_off, 5U);
	KUNIT_EXPECT_EQ(test, a.params_len, 8U);
	KUNIT_EXPECT_LT(test, auth_credentials_parse("", 0, &a), 0);
	KUNIT_EXPECT_LT(test, auth_credentials_parse("(x", 2, &a), 0);
	KUNIT_EXPECT_EQ(test, auth_challenge_rank("Basic realm=\"r\"", 15), 3);
	KUNIT_EXPECT_EQ(test, auth_challenge_rank("negotiate", 9), 0);
	KUNIT_EXPECT_EQ(test, auth_challenge_rank("Other", 5), 4);
}

static struct kunit_case auth_header_cases[] = {
	KUNIT_CASE(base64_vectors),
	KUNIT_CASE(credentials_split),
	{}
};

static struct kunit_suite auth_header_suite = {
	.name = "httpsys_auth_header",
	.test_cases = auth_header_cases,
};

kunit_test_suites(&auth_header_suite);
