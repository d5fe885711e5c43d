/* env: a container's environment, built once at setup: podinit's own (the
 * image's) overridden by the manifest's env, HOME for the user the
 * container runs as, and a LISTEN_PID slot the child fills in with its pid
 * (spawn.c).  Memory only: no syscalls. */
#ifndef PODINIT_ENV_H
#define PODINIT_ENV_H
#include <stdbool.h>

#include "podinit/spec.h"

/* base: the inherited environment (NULL-terminated, usually environ).
 * home: the HOME of the user the container runs as, or NULL to leave
 * base's; the manifest's own HOME wins over it.  listen_pid: add the
 * LISTEN_PID slot (podinit passes LISTEN_FDS on), dropping base's.
 * NULL when out of memory; free with env_free(). */
char	**env_build(char *const *base, const struct container_spec *spec, const char *home,
	    bool listen_pid);
void	env_free(char **envp);

#endif /* PODINIT_ENV_H */
