/* Unit tests for hostport: the one HOST:PORT / [IPv6]:PORT / URL dialect
 * (the handler flags, `podinit probe`, --status-addr) and the canonical
 * form of HTTP header names (the loader and `podinit probe --header`). */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <string.h>

#include "podinit/hostport.h"

struct hp_case {
	char	in[48];
	int	min_port, default_port;
	int	rc;
	char	host[24];	/* on success */
	int	port;
	char	err[40];	/* on failure: a part of the message */
};

ParameterizedTestParameters(hostport, parse)
{
	static struct hp_case c[] = {
		/* IPv4, names, an empty host */
		{ "127.0.0.1:8080", 1, 0, 0, "127.0.0.1", 8080, "" },
		{ "localhost:1", 1, 0, 0, "localhost", 1, "" },
		{ ":8080", 1, 0, 0, "", 8080, "" },
		{ "h:65535", 1, 0, 0, "h", 65535, "" },
		{ "h:00080", 1, 0, 0, "h", 80, "" },
		/* [v6]:port; an unbracketed v6 splits at the last colon */
		{ "[::1]:443", 1, 0, 0, "::1", 443, "" },
		{ "[fe80::1%eth0]:80", 1, 0, 0, "fe80::1%eth0", 80, "" },
		{ "[]:80", 1, 0, 0, "", 80, "" },
		{ "::1:80", 1, 0, 0, "::1", 80, "" },
		{ "[::1]", 1, 0, -1, "", 0, "\"[::1]\": expected [IPv6]:PORT" },
		{ "[::1]x:80", 1, 0, -1, "", 0, "expected [IPv6]:PORT" },
		{ "[::1", 1, 0, -1, "", 0, "expected [IPv6]:PORT" },
		/* missing port */
		{ "host", 1, 0, -1, "", 0, "\"host\": expected HOST:PORT" },
		{ "", 1, 0, -1, "", 0, "expected HOST:PORT" },
		{ "host:", 1, 0, -1, "", 0, "\"\": port must be 1..65535" },
		/* ... which a URL's scheme supplies */
		{ "host", 1, 80, 0, "host", 80, "" },
		{ "host:", 1, 80, 0, "host", 80, "" },
		{ "[::1]", 1, 443, 0, "::1", 443, "" },
		{ "[::1]:", 1, 443, 0, "::1", 443, "" },
		{ "host:81", 1, 80, 0, "host", 81, "" },
		{ "", 1, 80, -1, "", 0, "\"\": expected HOST:PORT" },
		/* bad ports: digits only, min..65535 */
		{ "h:0", 1, 0, -1, "", 0, "\"0\": port must be 1..65535" },
		{ "h:0", 0, 0, 0, "h", 0, "" },
		{ "h:65536", 1, 0, -1, "", 0, "port must be 1..65535" },
		{ "h:99999999999999999999", 1, 0, -1, "", 0, "port must be" },
		{ "h:+80", 1, 0, -1, "", 0, "port must be" },
		{ "h:-1", 0, 0, -1, "", 0, "\"-1\": port must be 0..65535" },
		{ "h: 80", 1, 0, -1, "", 0, "port must be" },
		{ "h:8o", 1, 0, -1, "", 0, "port must be" },
		{ "h:80/x", 1, 0, -1, "", 0, "\"80/x\": port must be" },
	};
	return cr_make_param_array(struct hp_case, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct hp_case *tc, hostport, parse)
{
	struct hostport hp;
	char err[128] = "";
	int rc = hostport_parse(tc->in, strlen(tc->in), tc->min_port, tc->default_port, &hp,
	    err, sizeof err);

	cr_assert_eq(rc, tc->rc, "\"%s\": rc %d (%s)", tc->in, rc, err);
	if (rc == 0) {
		cr_assert_eq(hp.host_len, strlen(tc->host), "\"%s\": host \"%.*s\"", tc->in,
		    (int)hp.host_len, hp.host);
		cr_assert(strncmp(hp.host, tc->host, hp.host_len) == 0, "\"%s\": host \"%.*s\"",
		    tc->in, (int)hp.host_len, hp.host);
		cr_assert_eq(hp.port, tc->port, "\"%s\": port %d", tc->in, hp.port);
	} else {
		cr_assert(strstr(err, tc->err) != NULL, "\"%s\": \"%s\" lacks \"%s\"", tc->in, err,
		    tc->err);
	}
}

/* The span is s[0..len): what follows is not looked at. */
Test(hostport, parse_stops_at_len)
{
	struct hostport hp;
	char err[128];

	cr_assert_eq(hostport_parse("h:80/path", 4, 1, 0, &hp, err, sizeof err), 0, "%s", err);
	cr_assert_eq(hp.port, 80);
	cr_assert_eq(hp.host_len, 1);
}

Test(hostport, too_long)
{
	struct hostport hp;
	char in[HOSTPORT_MAX + 8], err[128];

	memset(in, 'a', sizeof in);
	memcpy(in + HOSTPORT_MAX - 4, ":80", 4);	/* HOSTPORT_MAX - 1 bytes */
	cr_assert_eq(hostport_parse(in, strlen(in), 1, 0, &hp, err, sizeof err), 0, "%s", err);
	memcpy(in + HOSTPORT_MAX - 3, ":80", 4);	/* HOSTPORT_MAX bytes */
	cr_assert_eq(hostport_parse(in, strlen(in), 1, 0, &hp, err, sizeof err), -1);
	cr_assert_str_eq(err, "address too long");
	/* No message buffer: the listener only wants the answer. */
	cr_assert_eq(hostport_parse("x", 1, 1, 0, &hp, NULL, 0), -1);
}

struct url_case {
	char	in[48];
	int	rc;
	bool	https;
	char	host[16];
	int	port;
	char	path[16];
	char	err[40];
};

ParameterizedTestParameters(hostport, url)
{
	static struct url_case c[] = {
		{ "http://127.0.0.1:8080/healthz", 0, false, "127.0.0.1", 8080, "/healthz", "" },
		{ "https://example.com/ready", 0, true, "example.com", 443, "/ready", "" },
		{ "http://example.com", 0, false, "example.com", 80, "", "" },
		{ "HTTP://h:81/", 0, false, "h", 81, "/", "" },
		{ "HttpS://h", 0, true, "h", 443, "", "" },
		{ "http://h:81?x=1", 0, false, "h", 81, "?x=1", "" },
		{ "http://h:81/a?b=/c", 0, false, "h", 81, "/a?b=/c", "" },
		{ "http://[::1]:8080/a?b", 0, false, "::1", 8080, "/a?b", "" },
		{ "http://[::1]/", 0, false, "::1", 80, "/", "" },
		{ "https://h:/p", 0, true, "h", 443, "/p", "" },
		{ "http://:8080/x", 0, false, "", 8080, "/x", "" },
		{ "http:///x", -1, false, "", 0, "", "\"\": expected HOST:PORT" },
		{ "ftp://h:1/", -1, false, "", 0, "", "expected http:// or https://" },
		{ "http:/h:1/", -1, false, "", 0, "", "expected http://" },
		{ "tcp://h:1", -1, false, "", 0, "", "expected http://" },
		{ "http://h:0/", -1, false, "", 0, "", "\"0\": port must be 1..65535" },
		{ "http://h:x/", -1, false, "", 0, "", "port must be" },
		{ "http://[::1/", -1, false, "", 0, "", "expected [IPv6]:PORT" },
	};
	return cr_make_param_array(struct url_case, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct url_case *tc, hostport, url)
{
	struct hostport_url u;
	char err[128] = "";
	int rc = hostport_parse_url(tc->in, &u, err, sizeof err);

	cr_assert_eq(rc, tc->rc, "\"%s\": rc %d (%s)", tc->in, rc, err);
	cr_assert_eq(hostport_is_url(tc->in), strncasecmp(tc->in, "http", 4) == 0 &&
	    strstr(tc->in, "://") != NULL, "\"%s\"", tc->in);
	if (rc != 0) {
		cr_assert(strstr(err, tc->err) != NULL, "\"%s\": \"%s\" lacks \"%s\"", tc->in, err,
		    tc->err);
		return;
	}
	cr_assert_eq(u.https, tc->https, "\"%s\"", tc->in);
	cr_assert_eq(u.authority.host_len, strlen(tc->host), "\"%s\"", tc->in);
	cr_assert(strncmp(u.authority.host, tc->host, u.authority.host_len) == 0, "\"%s\"", tc->in);
	cr_assert_eq(u.authority.port, tc->port, "\"%s\": port %d", tc->in, u.authority.port);
	cr_assert_eq(u.path_len, strlen(tc->path), "\"%s\"", tc->in);
	cr_assert_str_eq(u.path, tc->path, "\"%s\"", tc->in);
}

struct header_case {
	char	in[24];
	char	want[24];
};

ParameterizedTestParameters(hostport, canonical_header)
{
	static struct header_case c[] = {
		{ "x-custom-HEADER", "X-Custom-Header" },
		{ "HOST", "Host" },
		{ "host", "Host" },
		{ "content-md5", "Content-Md5" },
		{ "x--y", "X--Y" },
		{ "-x", "-X" },
		{ "X_Y-z", "X_y-Z" },
		{ "", "" },
		/* Go leaves a name with a non-token byte as it is */
		{ "bad header", "bad header" },
		{ "tab\there", "tab\there" },
		{ "a\x01-b", "a\x01-b" },
		{ "caf\xc3\xa9-x", "caf\xc3\xa9-x" },
	};
	return cr_make_param_array(struct header_case, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct header_case *tc, hostport, canonical_header)
{
	char out[64], in_place[64];

	hostport_canonical_header(tc->in, out);
	cr_assert_str_eq(out, tc->want, "\"%s\"", tc->in);
	snprintf(in_place, sizeof in_place, "%s", tc->in);
	hostport_canonical_header(in_place, in_place);
	cr_assert_str_eq(in_place, tc->want, "\"%s\" in place", tc->in);
}
