/* probe_tls: Mbed TLS 3.6 client sessions driven by the loop: the bio
 * callbacks map EAGAIN to WANT_READ/WANT_WRITE so the caller adjusts its
 * watcher instead of blocking.  Verification is off, as kubelet's prober.
 * Each context keeps the last session its server handed out and offers it
 * on the next attempt: a resumed handshake skips the certificate and most
 * of the public-key work that made an HTTPS attempt ~100x a plain one. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/ssl.h>
#include <psa/crypto.h>

#include "probe_net.h"
#include "probe_tls.h"

#define TLS_PEER_MAX	528	/* "sni|authority": two HTTP_HOST_MAX and a port */

struct probe_tls {
	mbedtls_ssl_context ssl;
	int	 fd;
	int	 last_ret;	/* mbed TLS error of the last failure */
	int	 sys_errno;	/* errno of a failed send/recv */
	unsigned char first[5];	/* first bytes from the peer this session */
	size_t	 nfirst;
	/* The session to resume, from the server named by `peer`. */
	mbedtls_ssl_session saved;
	bool	 have_saved;
	bool	 offered;	/* this handshake offered `saved` */
	bool	 retry;		/* this failed handshake is worth a new connection */
	bool	 done;		/* the handshake is over */
	/* Mbed TLS cannot check an RSA-PSS signature in TLS 1.2 (only in
	 * 1.3), yet offers PSS for 1.3's sake: a 1.2 server that insists
	 * on it gets the PSS-free configuration from then on. */
	bool	 nopss, setup_nopss;
	char	 peer[TLS_PEER_MAX];
};

/* Process-wide: one config and one DRBG, seeded lazily on first use. */
static struct {
	bool	 ready;
	int	 ret;
	mbedtls_entropy_context entropy;
	mbedtls_ctr_drbg_context drbg;
	mbedtls_ssl_config conf;
	mbedtls_ssl_config conf12;	/* TLS 1.2 only, no PSS */
} G;

/* Go's crypto/tls preferences (defaults.go): X25519 first, then the NIST
 * curves. */
static const uint16_t groups[] = {
	MBEDTLS_SSL_IANA_TLS_GROUP_X25519,
	MBEDTLS_SSL_IANA_TLS_GROUP_SECP256R1,
	MBEDTLS_SSL_IANA_TLS_GROUP_SECP384R1,
	MBEDTLS_SSL_IANA_TLS_GROUP_SECP521R1,
	MBEDTLS_SSL_IANA_TLS_GROUP_NONE,
};

/* Go's signature schemes (defaults.go), RSA PKCS#1 v1.5 ahead of PSS:
 * a TLS 1.2 server that follows the client's order (OpenSSL's default,
 * Go's) then picks one Mbed TLS can check in 1.2; TLS 1.3 allows only
 * PSS for RSA keys and its servers skip the PKCS#1 entries. */
#define SIG_COMMON \
	MBEDTLS_TLS1_3_SIG_ECDSA_SECP256R1_SHA256, \
	MBEDTLS_TLS1_3_SIG_ECDSA_SECP384R1_SHA384, \
	MBEDTLS_TLS1_3_SIG_ECDSA_SECP521R1_SHA512, \
	MBEDTLS_TLS1_3_SIG_RSA_PKCS1_SHA256, \
	MBEDTLS_TLS1_3_SIG_RSA_PKCS1_SHA384, \
	MBEDTLS_TLS1_3_SIG_RSA_PKCS1_SHA512
static const uint16_t sig_all[] = {
	SIG_COMMON,
	MBEDTLS_TLS1_3_SIG_RSA_PSS_RSAE_SHA256,
	MBEDTLS_TLS1_3_SIG_RSA_PSS_RSAE_SHA384,
	MBEDTLS_TLS1_3_SIG_RSA_PSS_RSAE_SHA512,
	MBEDTLS_TLS1_3_SIG_RSA_PKCS1_SHA1,
	MBEDTLS_TLS1_3_SIG_ECDSA_SHA1,
	MBEDTLS_TLS1_3_SIG_NONE,
};
static const uint16_t sig_nopss[] = {
	SIG_COMMON,
	MBEDTLS_TLS1_3_SIG_RSA_PKCS1_SHA1,
	MBEDTLS_TLS1_3_SIG_ECDSA_SHA1,
	MBEDTLS_TLS1_3_SIG_NONE,
};

static int
conf_init(mbedtls_ssl_config *c, bool tls13)
{
	int ret = mbedtls_ssl_config_defaults(c, MBEDTLS_SSL_IS_CLIENT,
	    MBEDTLS_SSL_TRANSPORT_STREAM, MBEDTLS_SSL_PRESET_DEFAULT);

	if (ret != 0)
		return ret;
	/* K8S: InsecureSkipVerify: no chain or name checks. */
	mbedtls_ssl_conf_authmode(c, MBEDTLS_SSL_VERIFY_NONE);
	mbedtls_ssl_conf_rng(c, mbedtls_ctr_drbg_random, &G.drbg);
	mbedtls_ssl_conf_groups(c, groups);
	mbedtls_ssl_conf_sig_algs(c, tls13 ? sig_all : sig_nopss);
	/* Both versions, as Go's client (MinVersion 1.2, MaxVersion 1.3). */
	mbedtls_ssl_conf_min_tls_version(c, MBEDTLS_SSL_VERSION_TLS1_2);
	mbedtls_ssl_conf_max_tls_version(c,
	    tls13 ? MBEDTLS_SSL_VERSION_TLS1_3 : MBEDTLS_SSL_VERSION_TLS1_2);
	mbedtls_ssl_conf_session_tickets(c, MBEDTLS_SSL_SESSION_TICKETS_ENABLED);
	/* TLS 1.3 tickets come after the handshake: be told, to keep them. */
	mbedtls_ssl_conf_tls13_enable_signal_new_session_tickets(c,
	    MBEDTLS_SSL_TLS1_3_SIGNAL_NEW_SESSION_TICKETS_ENABLED);
	/* Offer PSK with (EC)DHE and, for servers that allow it, PSK alone
	 * (the cheaper resumption: no key exchange at all); full handshakes
	 * stay ephemeral. */
	mbedtls_ssl_conf_tls13_key_exchange_modes(c, MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_ALL);
	return 0;
}

static int
global_init(void)
{
	static const char pers[] = "podinit-probe";

	if (G.ready)
		return 0;
	if (G.ret != 0)
		return -1;
	/* TLS 1.3's key schedule and record protection run on PSA. */
	if (psa_crypto_init() != PSA_SUCCESS) {
		G.ret = MBEDTLS_ERR_ERROR_GENERIC_ERROR;
		return -1;
	}
	mbedtls_entropy_init(&G.entropy);
	mbedtls_ctr_drbg_init(&G.drbg);
	mbedtls_ssl_config_init(&G.conf);
	mbedtls_ssl_config_init(&G.conf12);
	G.ret = mbedtls_ctr_drbg_seed(&G.drbg, mbedtls_entropy_func, &G.entropy,
	    (const unsigned char *)pers, sizeof pers - 1);
	if (G.ret == 0)
		G.ret = conf_init(&G.conf, true);
	if (G.ret == 0)
		G.ret = conf_init(&G.conf12, false);
	if (G.ret != 0)
		return -1;
	G.ready = true;
	return 0;
}

const char *
probe_tls_init_error(void)
{
	static char buf[160];

	mbedtls_strerror(G.ret, buf, sizeof buf);
	return buf;
}

static int
bio_send(void *ctx, const unsigned char *buf, size_t len)
{
	struct probe_tls *t = ctx;
	ssize_t n;

	do
		n = send(t->fd, buf, len, MSG_NOSIGNAL);
	while (n == -1 && errno == EINTR);
	if (n >= 0)
		return (int)n;
	if (errno == EAGAIN || errno == EWOULDBLOCK)
		return MBEDTLS_ERR_SSL_WANT_WRITE;
	t->sys_errno = errno;
	return errno == EPIPE || errno == ECONNRESET ? MBEDTLS_ERR_NET_CONN_RESET :
	    MBEDTLS_ERR_NET_SEND_FAILED;
}

static int
bio_recv(void *ctx, unsigned char *buf, size_t len)
{
	struct probe_tls *t = ctx;
	ssize_t n;

	do
		n = recv(t->fd, buf, len, 0);
	while (n == -1 && errno == EINTR);
	if (n > 0) {
		size_t k = (size_t)n;

		if (k > sizeof t->first - t->nfirst)
			k = sizeof t->first - t->nfirst;
		memcpy(t->first + t->nfirst, buf, k);
		t->nfirst += k;
		return (int)n;
	}
	if (n == 0)
		return 0;
	if (errno == EAGAIN || errno == EWOULDBLOCK)
		return MBEDTLS_ERR_SSL_WANT_READ;
	t->sys_errno = errno;
	return errno == ECONNRESET ? MBEDTLS_ERR_NET_CONN_RESET : MBEDTLS_ERR_NET_RECV_FAILED;
}

struct probe_tls *
probe_tls_new(void)
{
	struct probe_tls *t;

	if (global_init() == -1)
		return NULL;
	t = calloc(1, sizeof *t);
	if (t == NULL)
		return NULL;
	mbedtls_ssl_init(&t->ssl);
	mbedtls_ssl_session_init(&t->saved);
	if ((G.ret = mbedtls_ssl_setup(&t->ssl, &G.conf)) != 0) {
		mbedtls_ssl_free(&t->ssl);
		free(t);
		G.ret = 0;	/* not sticky: only this context failed */
		return NULL;
	}
	t->fd = -1;
	return t;
}

static void
drop_saved(struct probe_tls *t)
{
	if (!t->have_saved)
		return;
	mbedtls_ssl_session_free(&t->saved);
	mbedtls_ssl_session_init(&t->saved);
	t->have_saved = false;
}

/* Keep the connection's session for the next attempt (replacing the one
 * kept); a session that cannot be exported leaves none. */
static void
keep_session(struct probe_tls *t)
{
	drop_saved(t);
	if (mbedtls_ssl_get_session(&t->ssl, &t->saved) == 0)
		t->have_saved = true;
	else
		drop_saved(t);
}

void
probe_tls_free(struct probe_tls *t)
{
	if (t == NULL)
		return;
	drop_saved(t);
	mbedtls_ssl_free(&t->ssl);
	free(t);
}

int
probe_tls_begin(struct probe_tls *t, int fd, const char *sni, const char *peer)
{
	char key[TLS_PEER_MAX];
	int ret;

	t->fd = fd;
	t->last_ret = 0;
	t->sys_errno = 0;
	t->nfirst = 0;
	t->offered = t->done = t->retry = false;
	snprintf(key, sizeof key, "%s|%s", sni ? sni : "", peer);
	if (strcmp(key, t->peer) != 0) {
		/* A redirect to another port: that server's session, if ever. */
		drop_saved(t);
		t->nopss = false;
		snprintf(t->peer, sizeof t->peer, "%s", key);
	}
	if (t->nopss != t->setup_nopss) {
		drop_saved(t);
		mbedtls_ssl_free(&t->ssl);
		mbedtls_ssl_init(&t->ssl);
		if ((ret = mbedtls_ssl_setup(&t->ssl, t->nopss ? &G.conf12 : &G.conf)) != 0) {
			t->last_ret = ret;
			return PROBE_TLS_ERROR;
		}
		t->setup_nopss = t->nopss;
	}
	if ((ret = mbedtls_ssl_session_reset(&t->ssl)) != 0 ||
	    (ret = mbedtls_ssl_set_hostname(&t->ssl, sni)) != 0) {
		t->last_ret = ret;
		return PROBE_TLS_ERROR;
	}
	if (t->have_saved) {
		/* A session it cannot take (expired ticket) is not an error:
		 * that attempt does a full handshake. */
		if (mbedtls_ssl_set_session(&t->ssl, &t->saved) == 0)
			t->offered = true;
		else
			drop_saved(t);
	}
	mbedtls_ssl_set_bio(&t->ssl, t, bio_send, bio_recv, NULL);
	return 0;
}

static int
map_ret(struct probe_tls *t, int ret)
{
	if (ret == MBEDTLS_ERR_SSL_WANT_READ)
		return PROBE_TLS_WANT_READ;
	if (ret == MBEDTLS_ERR_SSL_WANT_WRITE)
		return PROBE_TLS_WANT_WRITE;
	t->last_ret = ret;
	return PROBE_TLS_ERROR;
}

int
probe_tls_handshake(struct probe_tls *t)
{
	int ret = mbedtls_ssl_handshake(&t->ssl);

	if (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE)
		return map_ret(t, ret);
	if (ret != 0) {
		t->retry = false;
		if (t->offered) {
			drop_saved(t);
			t->retry = true;
		}
		if (ret == MBEDTLS_ERR_SSL_ILLEGAL_PARAMETER && !t->nopss &&
		    mbedtls_ssl_get_version_number(&t->ssl) == MBEDTLS_SSL_VERSION_TLS1_2) {
			t->nopss = true;
			t->retry = true;
		}
		return map_ret(t, ret);
	}
	t->done = true;
	/* TLS 1.2: the session (ID or ticket) is known now, and a resumed
	 * one may come back with a new ticket.  TLS 1.3's come later, in
	 * probe_tls_read. */
	if (mbedtls_ssl_get_version_number(&t->ssl) == MBEDTLS_SSL_VERSION_TLS1_2)
		keep_session(t);
	return 0;
}

bool
probe_tls_retry(const struct probe_tls *t)
{
	return !t->done && t->retry;
}

ssize_t
probe_tls_write(struct probe_tls *t, const void *buf, size_t len)
{
	int ret = mbedtls_ssl_write(&t->ssl, buf, len);

	return ret >= 0 ? ret : map_ret(t, ret);
}

ssize_t
probe_tls_read(struct probe_tls *t, void *buf, size_t len)
{
	int ret;

	/* TLS 1.3: each NewSessionTicket is signalled once; the latest is
	 * the one kept (a server may make its tickets single-use). */
	while ((ret = mbedtls_ssl_read(&t->ssl, buf, len)) ==
	    MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET)
		keep_session(t);
	if (ret >= 0)
		return ret;
	/* A peer that just closes (no close_notify) ends the body the
	 * same way Go's client sees it: EOF. */
	if (ret == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY || ret == MBEDTLS_ERR_SSL_CONN_EOF)
		return 0;
	return map_ret(t, ret);
}

bool
probe_tls_got_http(const struct probe_tls *t)
{
	return t->nfirst >= 5 && memcmp(t->first, "HTTP/", 5) == 0;
}

void
probe_tls_error(const struct probe_tls *t, char *out, size_t outsz)
{
	char tmp[160];

	if (probe_tls_got_http(t)) {
		/* Go's transport recognises this case by the same bytes. */
		snprintf(out, outsz, "http: server gave HTTP response to HTTPS client");
		return;
	}
	if (t->sys_errno != 0) {
		snprintf(out, outsz, "read tcp: %s",
		    probe_net_strerror(t->sys_errno, tmp, sizeof tmp));
		return;
	}
	if (t->last_ret == MBEDTLS_ERR_SSL_CONN_EOF) {
		snprintf(out, outsz, "EOF");
		return;
	}
	if (t->last_ret == MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE) {
		snprintf(out, outsz, "remote error: tls: handshake failure");
		return;
	}
	/* Go's conn.readRecord: the first record is not a handshake (22)
	 * or an alert (21) record. */
	if (!t->done && t->nfirst > 0 && t->first[0] != 22 && t->first[0] != 21) {
		snprintf(out, outsz, "tls: first record does not look like a TLS handshake");
		return;
	}
	mbedtls_strerror(t->last_ret, tmp, sizeof tmp);
	snprintf(out, outsz, "tls: %s", tmp);
}
