/* probe_tls: non-blocking TLS client over an fd the loop watches, for
 * httpGet with scheme HTTPS.  Mbed TLS 3.6 (TLS 1.3 and 1.2; doc/tls.md);
 * certificates are not verified (K8S: http.go, TLSClientConfig{
 * InsecureSkipVerify: true}).  One context per probe run, reset per
 * attempt, which also keeps the last session the server gave (a TLS 1.3
 * ticket, a TLS 1.2 ticket or session ID) and offers it on the next
 * attempt to the same server; the DRBG is seeded once per process.
 * Private to src/probe/. */
#ifndef PODINIT_PROBE_TLS_H
#define PODINIT_PROBE_TLS_H
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define PROBE_TLS_WANT_READ	(-2)
#define PROBE_TLS_WANT_WRITE	(-3)
#define PROBE_TLS_ERROR		(-1)

struct probe_tls;

struct probe_tls *probe_tls_new(void);	/* NULL on failure (message in probe_tls_init_error) */
void	probe_tls_free(struct probe_tls *t);
const char *probe_tls_init_error(void);
/* Start a session on fd; sni is NULL or a host name (not an IP literal),
 * peer the server's "host:port".  The kept session is offered when it
 * came from the same peer and SNI, and dropped otherwise. */
int	probe_tls_begin(struct probe_tls *t, int fd, const char *sni, const char *peer);
/* 0 when done, PROBE_TLS_WANT_*, or PROBE_TLS_ERROR. */
int	probe_tls_handshake(struct probe_tls *t);
/* After a failed handshake: whether a new connection may succeed where
 * this one failed, because the context changed what it offers: the kept
 * session was offered (it is dropped: a server that chokes on
 * resumption costs a reconnect, never a failure), or a TLS 1.2 server
 * chose RSA-PSS, which Mbed TLS checks only in 1.3 (the context offers
 * 1.2 without PSS to this server from then on).  Each happens once. */
bool	probe_tls_retry(const struct probe_tls *t);
/* Bytes moved (> 0), 0 at EOF (reads only), PROBE_TLS_WANT_*, PROBE_TLS_ERROR. */
ssize_t	probe_tls_write(struct probe_tls *t, const void *buf, size_t len);
ssize_t	probe_tls_read(struct probe_tls *t, void *buf, size_t len);
/* Whether the peer's first bytes were "HTTP/": a plain HTTP server
 * answered the ClientHello (Go: "server gave HTTP response to HTTPS
 * client"). */
bool	probe_tls_got_http(const struct probe_tls *t);
/* Text of the last error, Go-like where one exists. */
void	probe_tls_error(const struct probe_tls *t, char *out, size_t outsz);

#endif /* PODINIT_PROBE_TLS_H */
