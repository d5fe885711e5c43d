/* hostport: the text forms of a network target, parsed one way for every
 * caller.  HOST:PORT and [IPv6]:PORT (the handler flags --liveness ...,
 * `podinit probe`, --status-addr), http:// and https:// URLs, and the
 * canonical form of an HTTP header name.  Pure: no allocation and no name
 * lookups; results point into the caller's string. */
#ifndef PODINIT_HOSTPORT_H
#define PODINIT_HOSTPORT_H
#include <stdbool.h>
#include <stddef.h>

#define HOSTPORT_MAX	300	/* longest HOST:PORT accepted */

struct hostport {
	const char *host;	/* into the input, host_len bytes, brackets stripped */
	size_t	 host_len;	/* 0: none written (":8080"), the caller's default applies */
	int	 port;
};

/* A port: decimal digits only (no sign, no blanks, as Go's URL parser
 * wants them), min..65535.  The port, or -1. */
int	hostport_parse_port(const char *s, size_t len, int min);

/* Parse s[0..len): "HOST:PORT", "[IPv6]:PORT" or ":PORT"; when
 * default_port > 0 also "HOST", "HOST:" and "[IPv6]", which mean that port
 * (never "": an empty authority is an error).
 * The port is decimal digits, min_port..65535.  0, or -1 with the reason in
 * err ("\"x\": expected HOST:PORT", "\"0\": port must be 1..65535", ...). */
int	hostport_parse(const char *s, size_t len, int min_port, int default_port,
	    struct hostport *out, char *err, size_t errsz);

struct hostport_url {
	bool	 https;
	struct hostport authority;	/* port 80 or 443 when the URL has none */
	const char *path;	/* into the input: from the '/' or '?' after the authority */
	size_t	 path_len;	/* 0: none ("http://h:80"), which means "/" */
};

/* True when s starts with "http://" or "https://", in any case. */
bool	hostport_is_url(const char *s);
/* Parse "http://HOST[:PORT][/PATH][?QUERY]" or "https://..." (the scheme
 * in any case; the authority ends at the first '/' or '?').  0, or -1 with
 * the reason in err. */
int	hostport_parse_url(const char *s, struct hostport_url *out, char *err, size_t errsz);

/* The canonical form of an HTTP header name, as Go's
 * CanonicalMIMEHeaderKey writes it and kubelet sends it: "x-custom-HEADER"
 * -> "X-Custom-Header".  A name with a space, a control or a non-ASCII byte
 * is copied unchanged, as Go leaves it.  out may be in; it has room for
 * strlen(in) + 1 bytes. */
void	hostport_canonical_header(const char *in, char *out);

#endif /* PODINIT_HOSTPORT_H */
