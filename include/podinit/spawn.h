/* spawn: fork and exec a fully prepared request.  The child makes syscalls
 * only; if anything fails before or at exec it reports {stage, errno} over a
 * close-on-exec pipe and _exits 126 or 127, and the parent turns that into
 * an error naming the command. */
#ifndef PODINIT_SPAWN_H
#define PODINIT_SPAWN_H
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "podinit/spawn_stage.h"

struct sec_plan;

/* The value of a "LISTEN_PID=" slot in envp: the parent reserves this
 * many characters, the child writes its pid there (at most one less
 * digits, then the end of the string). */
#define SPAWN_LISTEN_PID_WIDTH	16

/* One bind mount the child makes in its own mount namespace before it
 * execs (SPEC §7): source (a host path: a volume's directory, or a file or
 * directory in it for a subPath) at target (absolute, in the container's
 * view; the parent made the mount point when it was missing).  A
 * read-only bind is remounted MS_RDONLY. */
struct spawn_mount {
	const char *source;
	const char *target;
	bool	 read_only;
};

/* SPEC §7: a user namespace for a child created with CLONE_NEWUSER (podinit
 * lacks CAP_SYS_ADMIN): the child writes its own id maps, as `unshare -r`
 * does, before anything else.  Texts as /proc/PID/uid_map takes them. */
struct spawn_userns {
	const char *uid_map;		/* "0 1000 1": podinit's uid is root inside */
	const char *gid_map;
	bool	 deny_setgroups;	/* write "deny" to setgroups first (needed
					   for an unprivileged gid_map) */
};

/* A running container's namespaces, for a child that joins them (exec
 * probes and hooks): descriptors of /proc/PID/ns/... opened O_CLOEXEC after
 * the container's spawn; -1 = stay in podinit's.  The child joins user,
 * mount and UTS itself (setns); the PID namespace is joined by the parent
 * around the clone (setns of pid_for_children, then back), so the exec'd
 * process is a member of the container's PID namespace and podinit's own
 * child.  required: the container runs isolated, so a missing mnt_fd
 * (the container is not running) fails the spawn instead of running the
 * command in podinit's namespaces. */
struct spawn_join {
	int	 user_fd, mnt_fd, uts_fd, pid_fd;
	bool	 required;
};

struct spawn_req {
	char *const *argv;		/* argv[0] is searched in PATH when it has no '/' */
	char *const *envp;		/* NULL = podinit's environ */
	const char *cwd;		/* NULL = do not chdir */
	int	 stdin_fd, stdout_fd, stderr_fd;	/* -1 = inherit podinit's */
	bool	 new_session;		/* setsid(): own session and process group */
	bool	 foreground_tty;	/* make the child's group the terminal's foreground */
	int	 cgroup_procs_fd;	/* -1 = none */
	const struct sec_plan *sec;	/* NULL = none */
	const sigset_t *sigmask;	/* mask restored in the child (NULL = empty) */
	const int *keep_fds;		/* inherited fds passed on (LISTEN_FDS), else closed */
	int	 n_keep_fds;
	int	 pdeathsig;		/* 0 = none */
	/* SPEC §7, the container's own namespaces (0 = podinit's): CLONE_NEW*
	   flags for the child, the mounts it makes when CLONE_NEWNS is among
	   them, and its host name with CLONE_NEWUTS. */
	int	 new_namespaces;
	const struct spawn_mount *mounts;
	size_t	 n_mounts;
	const char *hostname;
	const struct spawn_userns *userns;	/* with CLONE_NEWUSER */
	const struct spawn_join *join;		/* NULL = podinit's namespaces */
};

struct spawn_error {
	enum spawn_stage stage;
	int	 err;			/* errno */
	int	 index;			/* which mount, map or namespace; -1 none */
	char	 message[256];		/* "exec \"foo\": No such file or directory" */
};

void	spawn_req_init(struct spawn_req *r);
void	spawn_join_init(struct spawn_join *j);		/* every fd -1 */
/* Open pid's namespaces that differ from podinit's (flags: the CLONE_NEW*
 * it was created with) into *j, O_CLOEXEC.  0, or -1 with errno. */
int	spawn_join_open(struct spawn_join *j, pid_t pid, int flags);
void	spawn_join_close(struct spawn_join *j);		/* and -1 again */
/* SPEC §8: the last sz - 1 bytes (at most) of the file at path as a
 * container sees it: in the mount namespace of j (joined by a short-lived
 * child, its user namespace first), or podinit's own when j has none.
 * Read non-blocking, not following a final symlink; buf NUL-terminated.
 * Bytes read, or -1 with errno (ENOENT: there is no such file). */
ssize_t	spawn_read_file_in(const struct spawn_join *j, const char *path, char *buf, size_t sz);
/* SPEC §7, the kernel's answer for isolation.c: start a child in flags'
 * namespaces (userns: with CLONE_NEWUSER) that makes a container's
 * namespace setup with no mounts (slave "/", a fresh /proc with
 * CLONE_NEWPID, the host name with CLONE_NEWUTS) and _exits without exec.
 * 0 when it all worked, else -1 with *e naming the stage and errno. */
int	spawn_try_namespaces(int flags, const struct spawn_userns *userns, struct spawn_error *e);
/* Returns the pid, or -1 with *e filled (the failed child is already reaped).
 * The caller registers the pid with the loop right away. */
pid_t	spawn_start(const struct spawn_req *r, struct spawn_error *e);
/* The same without waiting for the exec: the child is forked and its pid
 * returned at once, with the read end of its error pipe (non-blocking,
 * close-on-exec) in *errfd for the caller to watch on the loop.  The child's
 * exit (126/127 after a failed exec) reaches the reaper as usual.  Used for
 * exec probes and hooks, so many of them never stall the loop while their
 * children wait to be scheduled. */
pid_t	spawn_start_async(const struct spawn_req *r, struct spawn_error *e, int *errfd);
/* Read the error pipe: 1 = the child failed (e filled, message naming
 * file), 0 = EOF (exec succeeded), -1 = nothing yet (EAGAIN). */
int	spawn_read_error(int errfd, const char *file, struct spawn_error *e);
/* The same, naming cwd when chdir was what failed. */
int	spawn_read_error_cwd(int errfd, const char *file, const char *cwd, struct spawn_error *e);
/* 127 for "not found", 126 otherwise (SPEC exit codes). */
int	spawn_error_exit_code(const struct spawn_error *e);
const char *spawn_stage_name(enum spawn_stage s);
/* Raise podinit's own soft RLIMIT_NOFILE to the hard limit (a pod holds a
 * few descriptors per container: 300 containers pass the usual 1024) and
 * give every child spawned afterwards the original soft limit back, as Go
 * does for os/exec.  1 raised, 0 already at the hard limit, -1 error. */
int	spawn_raise_nofile(void);

#endif /* PODINIT_SPAWN_H */
