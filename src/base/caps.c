/* caps: the kernel's capability names by number, the one table the loader
 * (validation, "did you mean") and the shell (bits for the child, names for
 * messages) share. */
#include "podinit/caps.h"

#include <stdio.h>
#include <strings.h>

/* include/uapi/linux/capability.h up to Linux 6.x, as Kubernetes spells
 * them.  podinit keeps its own table rather than linking libcap: libcap's
 * constructor probes the bounding set in every process at start, which
 * costs more memory than the few lookups podinit needs. */
static const char *const cap_table[] = {
	"CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID",
	"SETUID", "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST",
	"NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO",
	"SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE",
	"SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE", "AUDIT_WRITE",
	"AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM",
	"BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE",
};
#define CAP_TABLE_COUNT ((int)(sizeof cap_table / sizeof cap_table[0]))

int
caps_from_name(const char *name)
{
	const char *p = name;

	/* Kubernetes writes NET_ADMIN; CAP_NET_ADMIN and cap_net_admin too. */
	if (strncasecmp(p, "CAP_", 4) == 0)
		p += 4;
	if (*p == '\0')
		return -1;
	for (int i = 0; i < CAP_TABLE_COUNT; i++)
		if (strcasecmp(p, cap_table[i]) == 0)
			return i;
	return -1;
}

const char *
caps_name(int cap)
{
	return cap >= 0 && cap < CAP_TABLE_COUNT ? cap_table[cap] : NULL;
}

void
caps_format(int cap, char *out, size_t outsz)
{
	const char *name = caps_name(cap);

	if (outsz == 0)
		return;
	if (name != NULL)
		snprintf(out, outsz, "%s", name);
	else
		snprintf(out, outsz, "%d", cap);
}

const char *const *
caps_names(size_t *n)
{
	*n = (size_t)CAP_TABLE_COUNT;
	return cap_table;
}
