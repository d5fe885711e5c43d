/* mbedtls-config.h: the Mbed TLS 3.6 build podinit links (MBEDTLS_CONFIG_FILE
 * for the library and for podinit's own files alike, so both agree on every
 * struct).  A TLS client only, with what kubelet's Go client offers and
 * nothing else: TLS 1.3 and 1.2, ECDHE key exchange (Go dropped RSA key
 * exchange from its defaults), X25519 and P-256/384/521, AES-GCM,
 * ChaCha20-Poly1305 and AES-CBC, RSA (PKCS#1 v1.5 and PSS) and ECDSA
 * server keys, session tickets and IDs for resumption.  No server side, no
 * DTLS, no PEM, no certificate writing, no renegotiation: every feature
 * left out is code out of the 2,000,000-byte static binary
 * (doc/tls.md gives the measurements). */
#ifndef PODINIT_MBEDTLS_CONFIG_H
#define PODINIT_MBEDTLS_CONFIG_H

/* Platform. */
#define MBEDTLS_HAVE_ASM
#define MBEDTLS_HAVE_TIME		/* ticket lifetimes */
#define MBEDTLS_AESNI_C			/* a full handshake's AES at native speed */
#define MBEDTLS_PLATFORM_C

/* TLS: client, 1.2 and 1.3. */
#define MBEDTLS_SSL_TLS_C
#define MBEDTLS_SSL_CLI_C
#define MBEDTLS_SSL_PROTO_TLS1_2
#define MBEDTLS_SSL_PROTO_TLS1_3
#define MBEDTLS_SSL_TLS1_3_COMPATIBILITY_MODE	/* middleboxes, as Go */
#define MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_EPHEMERAL_ENABLED
#define MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_PSK_EPHEMERAL_ENABLED	/* resumption */
#define MBEDTLS_SSL_KEEP_PEER_CERTIFICATE	/* required by TLS 1.3 */
#define MBEDTLS_SSL_SESSION_TICKETS
#define MBEDTLS_SSL_SERVER_NAME_INDICATION
#define MBEDTLS_SSL_EXTENDED_MASTER_SECRET
#define MBEDTLS_SSL_ENCRYPT_THEN_MAC
#define MBEDTLS_KEY_EXCHANGE_ECDHE_RSA_ENABLED
#define MBEDTLS_KEY_EXCHANGE_ECDHE_ECDSA_ENABLED
/* A probe's request is a few hundred bytes (HTTP_REQ_MAX at most, written
 * in pieces): a 4 KB output buffer instead of 16 KB, per probe.  Input
 * stays 16 KB: the server chooses its record size. */
#define MBEDTLS_SSL_OUT_CONTENT_LEN	4096

/* TLS 1.3's key schedule runs on PSA Crypto.  Its key store grows as
 * needed: every probe keeps a context, and each context holds keys
 * between attempts (a fixed store of 32 slots ran out at ~15 probes). */
#define MBEDTLS_PSA_CRYPTO_C
#define MBEDTLS_USE_PSA_CRYPTO
#define MBEDTLS_PSA_KEY_STORE_DYNAMIC

/* Randomness: getrandom(2), through a CTR-DRBG. */
#define MBEDTLS_ENTROPY_C
#define MBEDTLS_CTR_DRBG_C

/* Ciphers and MACs. */
#define MBEDTLS_CIPHER_C
#define MBEDTLS_AES_C
#define MBEDTLS_GCM_C
#define MBEDTLS_CHACHA20_C
#define MBEDTLS_POLY1305_C
#define MBEDTLS_CHACHAPOLY_C
#define MBEDTLS_CIPHER_MODE_CBC
#define MBEDTLS_MD_C
#define MBEDTLS_SHA1_C		/* CBC suites' HMAC, SHA-1 certificate signatures */
#define MBEDTLS_SHA224_C
#define MBEDTLS_SHA256_C
#define MBEDTLS_SHA384_C
#define MBEDTLS_SHA512_C
#define MBEDTLS_HKDF_C

/* Public keys: the server's certificate is parsed for its key (the
 * handshake's signature is checked with it), never verified. */
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_RSA_C
#define MBEDTLS_PKCS1_V15
#define MBEDTLS_PKCS1_V21		/* RSA-PSS: TLS 1.3 with an RSA key */
#define MBEDTLS_X509_RSASSA_PSS_SUPPORT	/* ... offered in signature_algorithms */
#define MBEDTLS_ECP_C
#define MBEDTLS_ECP_NIST_OPTIM
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECP_DP_SECP384R1_ENABLED
#define MBEDTLS_ECP_DP_SECP521R1_ENABLED
#define MBEDTLS_ECP_DP_CURVE25519_ENABLED
#define MBEDTLS_ECDH_C
#define MBEDTLS_ECDSA_C
#define MBEDTLS_PK_C
#define MBEDTLS_PK_PARSE_C
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C
#define MBEDTLS_OID_C
#define MBEDTLS_X509_USE_C
#define MBEDTLS_X509_CRT_PARSE_C

/* Messages: mbedtls_strerror for the texts podinit has no word of its own for. */
#define MBEDTLS_ERROR_C

#endif /* PODINIT_MBEDTLS_CONFIG_H */
