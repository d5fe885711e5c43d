/* client: `podinit status`.  Connects to the status socket, sends one GET,
 * reads the answer until the server closes (it always sends
 * Connection: close), parses it with http_parse's response parser (the
 * prober's), and prints the body.  Rendering happens in the
 * server (/describe), so this side needs no JSON parser. */
#include "podinit/client.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "podinit/api.h"
#include "podinit/fdx.h"
#include "podinit/http_parse.h"
#include "podinit/log.h"

#define ANSWER_MAX (64 * 1024 * 1024)

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: podinit status [--socket PATH] [-o json|text] [--events] [--ready | --live]\n"
	    "  --socket PATH  status socket (default $PODINIT_SOCKET, else %s)\n"
	    "  -o json        print /status (PodStatus JSON), or /events with --events\n"
	    "  --events       only the events\n"
	    "  --ready        exit 0 when the pod is Ready, else 1\n"
	    "  --live         exit 0 when podinit reports live, else 1\n"
	    "exit status: 0 ok, 1 not ready / not live / error answer, 2 unreachable or usage\n",
	    API_DEFAULT_SOCKET);
}

/* The status socket, connected; with `timeout` reads give up after
 * CLIENT_TIMEOUT_SEC (a log follower waits as long as nothing comes). */
int
client_connect(const char *sock, bool timeout)
{
	struct sockaddr_un sun;
	struct timeval tv = { CLIENT_TIMEOUT_SEC, 0 };
	int fd;

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	if (strlen(sock) >= sizeof sun.sun_path) {
		log_warnx("socket path too long: %s", sock);
		return -1;
	}
	memcpy(sun.sun_path, sock, strlen(sock));
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1) {
		log_warn("socket");
		return -1;
	}
	if (timeout)
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	if (connect(fd, (struct sockaddr *)&sun, sizeof sun) == -1) {
		log_warnx("cannot connect to %s: %s\n"
		    "  (is podinit running?  use --socket or PODINIT_SOCKET to point at its socket)",
		    sock, strerror(errno));
		fdx_close(&fd);
		return -1;
	}
	return fd;
}

/* Connected, with the GET of path sent: the fd to read the answer
 * from, or -1 (said). */
int
client_get(const char *sock, const char *path, bool timeout, const char *agent)
{
	char req[1024];
	int fd = client_connect(sock, timeout);

	if (fd == -1)
		return -1;
	snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: podinit\r\nUser-Agent: %s\r\n"
	    "Connection: close\r\n\r\n", path, agent);
	if (fdx_write_full(fd, req, strlen(req)) != (ssize_t)strlen(req)) {
		log_warn("%s: write", sock);
		fdx_close(&fd);
		return -1;
	}
	return fd;
}

int
client_fetch(const char *sock, const char *path, char **body, size_t *body_len)
{
	struct http_resp resp;
	char *p = NULL, *b;
	size_t len = 0, cap = 0;
	ssize_t n;
	int fd;

	if ((fd = client_get(sock, path, true, "podinit-status")) == -1)
		return -1;
	for (;;) {
		if (len + 4096 + 1 > cap) {
			char *q;

			if (cap >= ANSWER_MAX) {
				log_warnx("answer too large");
				goto fail;
			}
			cap = cap ? cap * 2 : 65536;
			if ((q = realloc(p, cap)) == NULL) {
				log_warnx("out of memory");
				goto fail;
			}
			p = q;
		}
		n = read(fd, p + len, cap - len - 1);
		if (n == 0)
			break;
		if (n == -1) {
			if (errno == EINTR)
				continue;
			log_warnx("%s: %s", sock, errno == EAGAIN ? "timed out" : strerror(errno));
			goto fail;
		}
		len += (size_t)n;
	}
	fdx_close(&fd);
	/* The answer is parsed by the prober's parser (fuzzed), the body
	 * copied out of it: at most len bytes. */
	if ((b = malloc(len + 1)) == NULL) {
		log_warnx("out of memory");
		free(p);
		return -1;
	}
	http_resp_init(&resp, b, len);
	if (http_resp_feed(&resp, p, len) == HTTP_PARSE_ERROR ||
	    http_resp_eof(&resp) != HTTP_PARSE_DONE) {
		log_warnx("%s: garbled answer", sock);
		free(p);
		free(b);
		return -2;
	}
	free(p);
	*body = b;
	*body_len = resp.body_len;
	return resp.status;
fail:
	fdx_close(&fd);
	free(p);
	return -1;
}

const char *
client_socket(void)
{
	const char *sock = getenv("PODINIT_SOCKET");

	return sock == NULL || *sock == '\0' ? API_DEFAULT_SOCKET : sock;
}

bool
client_flag(int argc, char **argv, int *i, const char *name, const char **val)
{
	size_t n = strlen(name);
	const char *a = argv[*i];

	if (strcmp(a, name) == 0 && *i + 1 < argc) {
		*val = argv[++*i];
		return true;
	}
	if (strncmp(a, name, n) == 0 && a[n] == '=') {
		*val = a + n + 1;
		return true;
	}
	return false;
}

int
status_command_main(int argc, char **argv)
{
	const char *sock = client_socket(), *output = "text", *path;
	bool ready = false, live = false, events = false;
	char *body = NULL;
	size_t body_len;
	int status;

	log_set_prog("podinit status");
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (client_flag(argc, argv, &i, "--socket", &sock))
			continue;
		if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && i + 1 < argc)
			output = argv[++i];
		else if (strncmp(a, "--output=", 9) == 0)
			output = a + 9;
		else if (strncmp(a, "-o", 2) == 0 && a[2])
			output = a + 2;
		else if (strcmp(a, "--ready") == 0)
			ready = true;
		else if (strcmp(a, "--live") == 0)
			live = true;
		else if (strcmp(a, "--events") == 0)
			events = true;
		else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else {
			log_warnx("unknown argument: %s", a);
			usage(stderr);
			return 2;
		}
	}
	if ((ready && live) || (strcmp(output, "json") != 0 && strcmp(output, "text") != 0)) {
		usage(stderr);
		return 2;
	}
	if (ready || live)
		path = ready ? "/readyz" : "/livez";
	else if (strcmp(output, "json") == 0)
		path = events ? "/events" : "/status";
	else
		path = events ? "/describe?events" : "/describe";

	status = client_fetch(sock, path, &body, &body_len);
	if (status < 0)
		return 2;
	if (ready || live) {
		free(body);
		return status == 200 ? 0 : 1;
	}
	fwrite(body, 1, body_len, status == 200 ? stdout : stderr);
	free(body);
	return status == 200 ? 0 : 1;
}
