/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The requests the parser micro-benchmark parses: what a load generator
 * sends, and what a desktop browser sends for a page (Chrome 118's header
 * set and order, with a session cookie).
 */
#ifndef HTTPSYS_PARSER_INPUTS_H
#define HTTPSYS_PARSER_INPUTS_H

static const char small_request[] =
	"GET / HTTP/1.1\r\n"
	"Host: localhost:8080\r\n"
	"User-Agent: wrk/4.1.0\r\n"
	"Accept: */*\r\n"
	"\r\n";

static const char browser_request[] =
	"GET /docs/guide/index.html?lang=en HTTP/1.1\r\n"
	"Host: www.example.com\r\n"
	"Connection: keep-alive\r\n"
	"sec-ch-ua: \"Chromium\";v=\"118\", \"Google Chrome\";v=\"118\", \"Not=A?Brand\";v=\"99\"\r\n"
	"sec-ch-ua-mobile: ?0\r\n"
	"sec-ch-ua-platform: \"Linux\"\r\n"
	"Upgrade-Insecure-Requests: 1\r\n"
	"User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36\r\n"
	"Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8\r\n"
	"Sec-Fetch-Site: same-origin\r\n"
	"Sec-Fetch-Mode: navigate\r\n"
	"Sec-Fetch-Dest: document\r\n"
	"Referer: https://www.example.com/docs/\r\n"
	"Accept-Encoding: gzip, deflate, br\r\n"
	"Accept-Language: en-US,en;q=0.9\r\n"
	"Cookie: session=7f3a9c1e5b2d4f60; theme=dark\r\n"
	"\r\n";

#endif /* HTTPSYS_PARSER_INPUTS_H */
