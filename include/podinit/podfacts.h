/* podfacts: what kubelet knows of the node and the pod beyond the
 * manifest, gathered by the shell before the load (struct pod_facts): a
 * random UUID v4 for metadata.uid, the creation time, the host name
 * (spec.nodeName), the host's addresses (status.hostIPs; podinit shares
 * the host's network, so they are the pod's too) and the node's capacity
 * (an unset limit of the Downward API).  `podinit check` uses the
 * loader's placeholders instead (envresolve_placeholder_facts). */
#ifndef PODINIT_PODFACTS_H
#define PODINIT_PODFACTS_H
#include <stddef.h>
#include <stdint.h>

#include "podinit/spec.h"

#define PODFACTS_MAX_IPS 2	/* kubelet: one address per IP family */
#define PODFACTS_SUFFIX_LEN 5	/* generateName's random part */

struct podfacts {
	struct pod_facts facts;	/* points into the buffers below */
	char	 uid[37];
	char	 job_uid[37];			/* SPEC §9 */
	char	 suffix[PODFACTS_SUFFIX_LEN + 1];	/* a Job pod's name's end */
	char	 created[32];
	char	 node[65];
	char	 ips[PODFACTS_MAX_IPS][46];	/* INET6_ADDRSTRLEN */
	const char *ip_list[PODFACTS_MAX_IPS];
};

/* Gather the facts; real_ns is the creation time (the loop's realtime:
 * ARCHITECTURE rule 4).  Every call draws a fresh uid and name suffix;
 * job_uid is the Job's, kept across its pods (NULL: draw one).  0, or -1
 * with err filled (where and what) when the kernel gives no random bytes;
 * a missing address or capacity is not an error (loopback, 0).
 * facts.job_index is the caller's (0). */
int	podfacts_gather(struct podfacts *pf, int64_t real_ns, const char *job_uid, char *err,
	    size_t errsz);
/* generateName's random suffix of 5 random bytes, as the API server's. */
void	podfacts_name_suffix(const unsigned char bytes[PODFACTS_SUFFIX_LEN],
	    char out[PODFACTS_SUFFIX_LEN + 1]);

/* The UUID v4 text of 16 random bytes (RFC 4122: version and variant
 * bits set), into out[37]. */
void	podfacts_uuid_format(const unsigned char bytes[16], char out[37]);

#endif /* PODINIT_PODFACTS_H */
