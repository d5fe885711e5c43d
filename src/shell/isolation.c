/* isolation: podinit's privilege and the kernel's answer for SPEC §7's
 * namespaces (see isolation.h). */
#include "podinit/isolation.h"

#include <errno.h>
#include <linux/capability.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

void
isolation_userns_init(struct isolation_userns *u)
{
	snprintf(u->uid_map, sizeof u->uid_map, "0 %u 1", (unsigned)geteuid());
	snprintf(u->gid_map, sizeof u->gid_map, "0 %u 1", (unsigned)getegid());
	u->req.uid_map = u->uid_map;
	u->req.gid_map = u->gid_map;
	/* An unprivileged gid_map is only taken once setgroups is denied. */
	u->req.deny_setgroups = true;
}

static bool
have_cap_sys_admin(void)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];

	memset(data, 0, sizeof data);
	if (syscall(SYS_capget, &hdr, data) == -1)
		return false;
	return (data[CAP_TO_INDEX(CAP_SYS_ADMIN)].effective & CAP_TO_MASK(CAP_SYS_ADMIN)) != 0;
}

int
isolation_clone_flags(const struct isolation_plan *p)
{
	return (p->new_mount ? CLONE_NEWNS : 0) | (p->new_uts ? CLONE_NEWUTS : 0) |
	    (p->new_pid ? CLONE_NEWPID : 0) | (p->new_user ? CLONE_NEWUSER : 0);
}

void
isolation_probe(bool tini_mode, enum isolation_mode requested,
    const struct isolation_userns *u, struct isolation_facts *f)
{
	const int ns = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWPID;
	struct spawn_error e;

	memset(f, 0, sizeof *f);
	f->tini_mode = tini_mode;
	f->requested = requested;
	f->cap_sys_admin = have_cap_sys_admin();
	if (tini_mode || requested == ISOLATION_NONE)
		return;
	/* What a container's child does, without the exec: a kernel (or a
	 * seccomp profile, or a sysctl) may refuse any one step. */
	if (f->cap_sys_admin) {
		f->namespaces_ok = spawn_try_namespaces(ns, NULL, &e) == 0;
		if (f->namespaces_ok)
			return;
		snprintf(f->why, sizeof f->why, "%s", e.message);
	}
	f->userns_ok = spawn_try_namespaces(ns | CLONE_NEWUSER, &u->req, &e) == 0;
	if (!f->userns_ok && f->why[0] == '\0')
		snprintf(f->why, sizeof f->why, "%s", e.message);
}
