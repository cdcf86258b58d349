// SPDX-License-Identifier: GPL-2.0
/*
 * http.h from C++, as ported Windows programs use it: the V2 structures
 * derive from the V1 ones (a V2 pointer converts to a V1 pointer without
 * a cast) and keep the C layout the kernel writes; ULARGE_INTEGER byte
 * ranges; the HTTPAPI version macros.
 */
#include <cstddef>

#include "http.h"
#include "httpsys.h"
#include "tap.h"

static_assert(sizeof(HTTP_REQUEST_V2) == sizeof(struct httpsys_request_v2),
	      "HTTP_REQUEST_V2 has the C layout in C++");
static_assert(sizeof(HTTP_RESPONSE_V2) == sizeof(HTTP_RESPONSE_V1) + 16,
	      "HTTP_RESPONSE_V2 adds two fields to V1");
static_assert(sizeof(HTTP_BYTE_RANGE) == 16 && sizeof(ULARGE_INTEGER) == 8,
	      "byte ranges are two 64-bit halves");

static ULONG first_verb(const HTTP_REQUEST_V1 *r)
{
	return r->Verb;
}

static std::ptrdiff_t offset(const void *base, const void *field)
{
	return static_cast<const char *>(field) -
	       static_cast<const char *>(base);
}

int main()
{
	HTTP_REQUEST_V2 req = {};
	HTTP_RESPONSE_V2 resp = {};
	PHTTP_RESPONSE_V1 resp1 = &resp;
	HTTP_BYTE_RANGE range = {};
	HTTPAPI_VERSION v2 = HTTPAPI_VERSION_2;

	req.Verb = HttpVerbGET;
	CHECK(first_verb(&req) == HttpVerbGET,
	      "c++: an HTTP_REQUEST_V2 is passed where an HTTP_REQUEST_V1 is taken");
	CHECK(offset(&req, &req.RequestInfoCount) ==
	      static_cast<std::ptrdiff_t>(sizeof(HTTP_REQUEST_V1)) &&
	      offset(&req, &req.pRequestInfo) ==
	      static_cast<std::ptrdiff_t>(sizeof(HTTP_REQUEST_V1) + 8),
	      "c++: HTTP_REQUEST_V2's own fields follow V1's, as in C");
	CHECK(static_cast<void *>(resp1) == static_cast<void *>(&resp) &&
	      offset(&resp, &resp.ResponseInfoCount) ==
	      static_cast<std::ptrdiff_t>(sizeof(HTTP_RESPONSE_V1)),
	      "c++: HTTP_RESPONSE_V2 converts to V1 in place, its fields after");
	range.StartingOffset.QuadPart = 0x100000002ULL;
	range.Length.QuadPart = HTTP_BYTE_RANGE_TO_EOF;
	CHECK(range.StartingOffset.LowPart == 2 &&
	      range.StartingOffset.HighPart == 1 &&
	      range.StartingOffset.u.HighPart == 1 &&
	      range.Length.LowPart == 0xffffffffu,
	      "c++: ULARGE_INTEGER halves alias QuadPart (little-endian)");
	CHECK(HTTPAPI_EQUAL_VERSION(v2, 2, 0) && HTTPAPI_GREATER_VERSION(v2, 1, 0) &&
	      HTTPAPI_LESS_VERSION(v2, 2, 1) &&
	      HTTPAPI_VERSION_GREATER_OR_EQUAL(v2, 2, 0) &&
	      !HTTPAPI_VERSION_GREATER_OR_EQUAL(v2, 3, 0),
	      "c++: the HTTPAPI version macros compare major, then minor");
	return tap_exit_status();
}
