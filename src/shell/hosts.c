/* hosts: IP literals and /etc/hosts lookups for probe targets; no DNS. */
#include "podinit/hosts.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "podinit/fdx.h"

#define HOSTS_FILE_MAX (64 * 1024)	/* bigger files are read only this far */

static const char *hosts_path = HOSTS_DEFAULT_PATH;

void
hosts_set_path(const char *path)
{
	hosts_path = path ? path : HOSTS_DEFAULT_PATH;
}

void
hosts_join(char *out, size_t outsz, const char *host, int port)
{
	if (strchr(host, ':') != NULL)
		snprintf(out, outsz, "[%s]:%d", host, port);
	else
		snprintf(out, outsz, "%s:%d", host, port);
}

/* Parse a literal into ss; 0 or -1. */
static int
parse_literal(const char *host, int port, struct sockaddr_storage *ss, socklen_t *sslen)
{
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	char tmp[INET6_ADDRSTRLEN + IF_NAMESIZE + 2];
	const char *pct;

	memset(ss, 0, sizeof *ss);
	if (inet_pton(AF_INET, host, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		*sslen = sizeof *s4;
		return 0;
	}
	if (strlen(host) >= sizeof tmp)
		return -1;
	strcpy(tmp, host);
	pct = strchr(tmp, '%');
	if (pct != NULL)
		tmp[pct - tmp] = '\0';
	if (inet_pton(AF_INET6, tmp, &s6->sin6_addr) != 1)
		return -1;
	if (pct != NULL) {
		/* A zone: interface name or index.  if_nametoindex is an ioctl. */
		unsigned idx = if_nametoindex(pct + 1);

		if (idx == 0 && isdigit((unsigned char)pct[1]))
			idx = (unsigned)atoi(pct + 1);
		if (idx == 0)
			return -1;
		s6->sin6_scope_id = idx;
	}
	s6->sin6_family = AF_INET6;
	s6->sin6_port = htons((uint16_t)port);
	*sslen = sizeof *s6;
	return 0;
}

bool
hosts_is_literal(const char *host)
{
	struct sockaddr_storage ss;
	socklen_t len;

	return parse_literal(host, 0, &ss, &len) == 0;
}

/* Look name up in the hosts file; on a match parse the address.  IPv4
 * answers win over IPv6 ones, whatever their order in the file. */
static int
lookup_file(const char *name, int port, struct sockaddr_storage *ss, socklen_t *sslen)
{
	static char data[HOSTS_FILE_MAX + 1];
	char v6[INET6_ADDRSTRLEN + IF_NAMESIZE + 2] = "";
	ssize_t n;
	char *line, *save = NULL;
	int fd;

	fd = open(hosts_path, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return -1;
	n = fdx_read_full(fd, data, HOSTS_FILE_MAX);
	fdx_close(&fd);
	if (n < 0)
		return -1;
	data[n] = '\0';
	for (line = strtok_r(data, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		char *hash = strchr(line, '#'), *tok, *tsave = NULL, *addr;

		if (hash != NULL)
			*hash = '\0';
		addr = strtok_r(line, " \t\r", &tsave);
		if (addr == NULL)
			continue;
		while ((tok = strtok_r(NULL, " \t\r", &tsave)) != NULL) {
			if (strcasecmp(tok, name) != 0)
				continue;
			if (strchr(addr, ':') == NULL) {
				if (parse_literal(addr, port, ss, sslen) == 0)
					return 0;
			} else if (v6[0] == '\0' && strlen(addr) < sizeof v6)
				strcpy(v6, addr);
			break;
		}
	}
	if (v6[0] != '\0' && parse_literal(v6, port, ss, sslen) == 0)
		return 0;
	errno = ENOENT;
	return -1;
}

int
hosts_resolve(const char *host, int port, struct sockaddr_storage *ss, socklen_t *sslen)
{
	if (parse_literal(host, port, ss, sslen) == 0)
		return 0;
	if (lookup_file(host, port, ss, sslen) == 0)
		return 0;
	if (strcasecmp(host, "localhost") == 0)
		return parse_literal("127.0.0.1", port, ss, sslen);
	errno = ENOENT;
	return -1;
}
