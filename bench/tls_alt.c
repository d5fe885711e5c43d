/* bench/tls_alt.c: src/probe/probe_tls.h over OpenSSL 3 (default) or
 * wolfSSL (-DTLS_ALT_WOLFSSL), for bench/tls-size.sh: what the static
 * binary would weigh with the other TLS libraries a Debian 12 machine can
 * link statically.  It does what probe_tls.c does (client, both TLS
 * versions, no verification, SNI, non-blocking, a session kept and
 * offered), so the linker keeps comparable code; it is measured, not
 * shipped (doc/tls.md has the numbers). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef TLS_ALT_WOLFSSL
/* Debian's wolfSSL is built with OPENSSL_ALL: the same calls, by macro. */
#include <wolfssl/options.h>
#include <wolfssl/ssl.h>
#include <wolfssl/openssl/err.h>
#include <wolfssl/openssl/ssl.h>
#define init_lib()		wolfSSL_Init()
#else
#include <openssl/err.h>
#include <openssl/ssl.h>
#define init_lib()		OPENSSL_init_ssl(0, NULL)
#endif

#include "../src/probe/probe_tls.h"

struct probe_tls {
	SSL	*ssl;
	SSL_SESSION *saved;
	int	 err;
	bool	 done, offered;
};

static SSL_CTX *ctx;

const char *
probe_tls_init_error(void)
{
	static char buf[160];

	ERR_error_string_n(ERR_get_error(), buf, sizeof buf);
	return buf;
}

struct probe_tls *
probe_tls_new(void)
{
	struct probe_tls *t;

	if (ctx == NULL) {
		init_lib();
		if ((ctx = SSL_CTX_new(TLS_client_method())) == NULL)
			return NULL;
		SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	}
	if ((t = calloc(1, sizeof *t)) == NULL)
		return NULL;
	return t;
}

void
probe_tls_free(struct probe_tls *t)
{
	if (t == NULL)
		return;
	if (t->saved != NULL)
		SSL_SESSION_free(t->saved);
	if (t->ssl != NULL)
		SSL_free(t->ssl);
	free(t);
}

int
probe_tls_begin(struct probe_tls *t, int fd, const char *sni, const char *peer)
{
	(void)peer;
	if (t->ssl != NULL)
		SSL_free(t->ssl);
	if ((t->ssl = SSL_new(ctx)) == NULL || SSL_set_fd(t->ssl, fd) != 1)
		return PROBE_TLS_ERROR;
	if (sni != NULL)
		SSL_set_tlsext_host_name(t->ssl, sni);
	t->offered = t->saved != NULL && SSL_set_session(t->ssl, t->saved) == 1;
	t->done = false;
	return 0;
}

static int
map(struct probe_tls *t, int ret)
{
	int e = SSL_get_error(t->ssl, ret);

	if (e == SSL_ERROR_WANT_READ)
		return PROBE_TLS_WANT_READ;
	if (e == SSL_ERROR_WANT_WRITE)
		return PROBE_TLS_WANT_WRITE;
	t->err = e;
	return PROBE_TLS_ERROR;
}

int
probe_tls_handshake(struct probe_tls *t)
{
	int ret = SSL_connect(t->ssl);

	if (ret != 1)
		return map(t, ret);
	t->done = true;
	return 0;
}

bool
probe_tls_retry(const struct probe_tls *t)
{
	return t->offered && !t->done;
}

ssize_t
probe_tls_write(struct probe_tls *t, const void *buf, size_t len)
{
	int ret = SSL_write(t->ssl, buf, (int)len);

	return ret > 0 ? ret : map(t, ret);
}

ssize_t
probe_tls_read(struct probe_tls *t, void *buf, size_t len)
{
	int ret = SSL_read(t->ssl, buf, (int)len);

	if (ret > 0) {
		if (t->saved != NULL)
			SSL_SESSION_free(t->saved);
		t->saved = SSL_get1_session(t->ssl);
		return ret;
	}
	if (SSL_get_error(t->ssl, ret) == SSL_ERROR_ZERO_RETURN)
		return 0;
	return map(t, ret);
}

bool
probe_tls_got_http(const struct probe_tls *t)
{
	(void)t;
	return false;
}

void
probe_tls_error(const struct probe_tls *t, char *out, size_t outsz)
{
	char tmp[160];

	ERR_error_string_n(ERR_get_error(), tmp, sizeof tmp);
	snprintf(out, outsz, "tls: %s (%d)", tmp, t->err);
}
