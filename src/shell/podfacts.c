/* podfacts: the pod's facts from the kernel: getrandom for the uid,
 * uname for the node name, getifaddrs for the addresses, sysconf, sysinfo
 * and statvfs for the capacity.  Run once, before the load.
 * K8S: the uid is the API server's (a UUID v4); status.hostIPs and
 * podIPs carry at most one address per family, the node's preferred
 * family (IPv4) first; node allocatable is what an unset limit becomes
 * for the Downward API (defaultPodLimitsForDownwardAPI). */
#include "podinit/podfacts.h"
#include "podinit/units.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/statvfs.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "podinit/clock.h"

void
podfacts_uuid_format(const unsigned char bytes[16], char out[37])
{
	unsigned char b[16];
	size_t k = 0;

	memcpy(b, bytes, sizeof b);
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);	/* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);	/* variant RFC 4122 */
	for (size_t i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[k++] = '-';
		k += (size_t)snprintf(out + k, 37 - k, "%02x", b[i]);
	}
	out[36] = '\0';
}

/* The first address of family af that is up and not loopback (nor an
 * IPv6 link-local one), as text into out; false when there is none. */
static bool
first_address(const struct ifaddrs *ifs, int af, char *out, size_t outsz)
{
	for (const struct ifaddrs *i = ifs; i != NULL; i = i->ifa_next) {
		const void *addr;

		if (i->ifa_addr == NULL || i->ifa_addr->sa_family != af || !(i->ifa_flags & IFF_UP))
			continue;
		if (i->ifa_flags & IFF_LOOPBACK)
			continue;
		if (af == AF_INET) {
			addr = &((const struct sockaddr_in *)(const void *)i->ifa_addr)->sin_addr;
		} else {
			const struct in6_addr *a6 =
			    &((const struct sockaddr_in6 *)(const void *)i->ifa_addr)->sin6_addr;
			if (IN6_IS_ADDR_LINKLOCAL(a6))
				continue;
			addr = a6;
		}
		if (inet_ntop(af, addr, out, (socklen_t)outsz) != NULL)
			return true;
	}
	return false;
}

static void
gather_addresses(struct podfacts *pf)
{
	struct ifaddrs *ifs = NULL;
	size_t n = 0;

	if (getifaddrs(&ifs) == 0) {
		if (first_address(ifs, AF_INET, pf->ips[n], sizeof pf->ips[n]))
			n++;
		if (first_address(ifs, AF_INET6, pf->ips[n], sizeof pf->ips[n]))
			n++;
		freeifaddrs(ifs);
	}
	/* Loopback only when the network has nothing else (a container
	 * started with --network none). */
	if (n == 0)
		snprintf(pf->ips[n++], sizeof pf->ips[0], "127.0.0.1");
	for (size_t i = 0; i < n; i++)
		pf->ip_list[i] = pf->ips[i];
	pf->facts.host_ips = pf->ip_list;
	pf->facts.n_host_ips = n;
	pf->facts.pod_ips = pf->ip_list;
	pf->facts.n_pod_ips = n;
}

static void
gather_capacity(struct podfacts *pf)
{
	struct sysinfo si;
	struct statvfs vfs;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	if (cpus > 0)
		pf->facts.cpu_milli = (int64_t)cpus * 1000;
	/* MemTotal of /proc/meminfo */
	if (sysinfo(&si) == 0)
		pf->facts.memory_bytes = (int64_t)si.totalram * (int64_t)si.mem_unit;
	/* kubelet: the capacity of the node's root (imagefs) filesystem */
	if (statvfs("/", &vfs) == 0)
		pf->facts.ephemeral_storage_bytes = (int64_t)vfs.f_blocks * (int64_t)vfs.f_frsize;
}

/* K8S: apimachinery util/rand String: generateName's alphabet, no
 * vowels (no words) and no 0, 1, 3 (no look-alikes). */
void
podfacts_name_suffix(const unsigned char bytes[PODFACTS_SUFFIX_LEN], char out[PODFACTS_SUFFIX_LEN + 1])
{
	static const char alphanums[] = "bcdfghjklmnpqrstvwxz2456789";

	for (size_t i = 0; i < PODFACTS_SUFFIX_LEN; i++)
		out[i] = alphanums[bytes[i] % (sizeof alphanums - 1)];
	out[PODFACTS_SUFFIX_LEN] = '\0';
}

int
podfacts_gather(struct podfacts *pf, int64_t real_ns, const char *job_uid, char *err,
    size_t errsz)
{
	unsigned char rnd[16 + PODFACTS_SUFFIX_LEN + 16];
	struct utsname u;
	size_t got = 0;

	memset(pf, 0, sizeof *pf);
	while (got < sizeof rnd) {
		ssize_t r = getrandom(rnd + got, sizeof rnd - got, 0);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0) {
			snprintf(err, errsz, "pod uid: getrandom: %s", strerror(errno));
			return -1;
		}
		got += (size_t)r;
	}
	podfacts_uuid_format(rnd, pf->uid);
	podfacts_name_suffix(rnd + 16, pf->suffix);
	/* A Job keeps its uid across its pods (SPEC §9). */
	if (job_uid != NULL)
		snprintf(pf->job_uid, sizeof pf->job_uid, "%s", job_uid);
	else
		podfacts_uuid_format(rnd + 16 + PODFACTS_SUFFIX_LEN, pf->job_uid);
	clock_rfc3339_sec(real_ns, pf->created, sizeof pf->created);
	if (uname(&u) == 0)
		snprintf(pf->node, sizeof pf->node, "%s", u.nodename);
	gather_addresses(pf);
	gather_capacity(pf);
	pf->facts.uid = pf->uid;
	pf->facts.creation_timestamp = pf->created;
	pf->facts.node_name = pf->node;
	pf->facts.job_uid = pf->job_uid;
	pf->facts.name_suffix = pf->suffix;
	pf->facts.scheduled_minutes = real_ns / (60 * NS_PER_SEC);
	return 0;
}
