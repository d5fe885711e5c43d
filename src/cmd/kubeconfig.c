/* kubeconfig: `podinit kubeconfig` (SPEC §8).  The running podinit knows
 * its TCP address and its pod's name and namespace, so it renders the
 * kubeconfig (GET /kubeconfig on the socket, k8s_discovery's writer); this
 * side only passes the flags on and prints the answer, so that
 * `KUBECONFIG=<(podinit kubeconfig) kubectl get pods` works. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "podinit/api.h"
#include "podinit/buf.h"
#include "podinit/client.h"
#include "podinit/log.h"

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: podinit kubeconfig [--socket PATH] [--status-addr HOST:PORT] [--name NAME]\n"
	    "  --socket PATH          status socket (default $PODINIT_SOCKET, else %s)\n"
	    "  --status-addr ADDR     the server kubectl is to reach (default: podinit's\n"
	    "                         --status-addr, every interface as the loopback)\n"
	    "  --name NAME            cluster, context and user name (default: the pod's)\n",
	    API_DEFAULT_SOCKET);
}

/* Query-safe: the characters of a host, a port and a DNS name only. */
static bool
plain(const char *s)
{
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_:[]") ==
	    strlen(s);
}

int
kubeconfig_command_main(int argc, char **argv)
{
	const char *sock = client_socket(), *addr = NULL, *name = NULL;
	char path[1024], *body = NULL;
	struct buf b;
	size_t body_len;
	int status;

	log_set_prog("podinit kubeconfig");
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (client_flag(argc, argv, &i, "--socket", &sock) ||
		    client_flag(argc, argv, &i, "--status-addr", &addr) ||
		    client_flag(argc, argv, &i, "--name", &name))
			continue;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else {
			log_warnx("unknown argument: %s", a);
			usage(stderr);
			return 2;
		}
	}
	if ((addr && (!plain(addr) || !*addr)) || (name && (!plain(name) || !*name))) {
		log_warnx("--status-addr and --name take a host:port and a name");
		return 2;
	}
	buf_init(&b, path, sizeof path);
	buf_adds(&b, "/kubeconfig");
	if (addr)
		buf_printf(&b, "?server=%s", addr);
	if (name)
		buf_printf(&b, "%cname=%s", addr ? '&' : '?', name);
	if (b.overflow) {
		log_warnx("arguments too long");
		return 2;
	}
	status = client_fetch(sock, buf_cstr(&b), &body, &body_len);
	if (status < 0)
		return 2;
	fwrite(body, 1, body_len, status == 200 ? stdout : stderr);
	free(body);
	return status == 200 ? 0 : 1;
}
