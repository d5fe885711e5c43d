/* spawn_stage: the steps between fork and exec, named so a failure in the
 * child can say where it happened ({stage, errno} over spawn's pipe).  Data
 * only, shared by spawn (which runs the steps) and secctx (which applies the
 * security steps among them), so neither needs the other's header. */
#ifndef PODINIT_SPAWN_STAGE_H
#define PODINIT_SPAWN_STAGE_H

enum spawn_stage {
	SPAWN_STAGE_NONE = 0,
	SPAWN_STAGE_FORK,
	SPAWN_STAGE_USERNS,		/* SPEC §7: the user namespace's id maps */
	SPAWN_STAGE_SETNS,		/* joining a running container's namespaces */
	SPAWN_STAGE_CGROUP,
	SPAWN_STAGE_SETSID,
	SPAWN_STAGE_TTY,
	SPAWN_STAGE_STDIO,
	SPAWN_STAGE_PROPAGATION,	/* SPEC §7: "/" made a slave of podinit's mounts */
	SPAWN_STAGE_BIND,		/* a volume's bind mount (spawn_error.index) */
	SPAWN_STAGE_REMOUNT_RO,		/* its read-only remount */
	SPAWN_STAGE_PROC,		/* a fresh /proc for the new PID namespace */
	SPAWN_STAGE_HOSTNAME,		/* sethostname in the new UTS namespace */
	SPAWN_STAGE_CHDIR,
	SPAWN_STAGE_RLIMIT,
	SPAWN_STAGE_MOUNT,
	SPAWN_STAGE_GROUPS,
	SPAWN_STAGE_SETGID,
	SPAWN_STAGE_SETUID,
	SPAWN_STAGE_CAPS,
	SPAWN_STAGE_NO_NEW_PRIVS,
	SPAWN_STAGE_SECCOMP,
	SPAWN_STAGE_SIGNALS,
	SPAWN_STAGE_EXEC,
};

#endif /* PODINIT_SPAWN_STAGE_H */
