/* usage: resource sampling for the status API and /metrics: podinit's own
 * RSS and open fds, and the CPU and memory of process groups from /proc
 * (a container with a cgroup is read by cgroup_usage()). */
#include "podinit/usage.h"

#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "podinit/fdx.h"

int
usage_self(int64_t *rss_bytes, int64_t *open_fds)
{
	char tmp[256];
	long long size, resident;
	DIR *d;
	struct dirent *de;
	int64_t n = 0;

	if (fdx_read_small(AT_FDCWD, "/proc/self/statm", tmp, sizeof tmp) < 0 ||
	    sscanf(tmp, "%lld %lld", &size, &resident) != 2)
		return -1;
	*rss_bytes = (int64_t)resident * sysconf(_SC_PAGESIZE);
	/* opendir uses O_CLOEXEC in glibc and musl. */
	if ((d = opendir("/proc/self/fd")) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	*open_fds = n - 1;	/* the directory's own fd */
	return 0;
}

/* /proc/<pid>/stat: fields after the last ')' (the comm may contain any
 * byte, including spaces and parentheses). */
static int
proc_stat(const char *pid, long long *pgrp, long long *ticks, long long *rss_pages)
{
	char path[64], tmp[1024], *p;
	unsigned long long utime, stime;
	long long ppid, rss, cutime, cstime;
	char state;

	snprintf(path, sizeof path, "/proc/%s/stat", pid);
	if (fdx_read_small(AT_FDCWD, path, tmp, sizeof tmp) < 0 ||
	    (p = strrchr(tmp, ')')) == NULL)
		return -1;
	/* state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt
	 * cmajflt utime stime cutime cstime priority nice num_threads
	 * itrealvalue starttime vsize rss */
	if (sscanf(p + 1, " %c %lld %lld %*s %*s %*s %*s %*s %*s %*s %*s %llu %llu"
	    " %lld %lld %*s %*s %*s %*s %*s %*s %lld",
	    &state, &ppid, pgrp, &utime, &stime, &cutime, &cstime, &rss) != 8)
		return -1;
	/* Children the container's processes reaped themselves count too,
	 * so a shell script's finished commands do not vanish from the sum. */
	*ticks = (long long)(utime + stime) + cutime + cstime;
	*rss_pages = rss;
	return 0;
}

int
usage_process_groups(const pid_t *pgids, size_t n, double *cpu_seconds, int64_t *memory_bytes,
    bool *found)
{
	DIR *d;
	struct dirent *de;
	long long pgrp, ticks, rss;
	long hz = sysconf(_SC_CLK_TCK);
	long page = sysconf(_SC_PAGESIZE);

	for (size_t i = 0; i < n; i++) {
		cpu_seconds[i] = 0;
		memory_bytes[i] = 0;
		found[i] = false;
	}
	/* One pass over /proc for every group: a status request must not
	 * cost a /proc scan per container. */
	if ((d = opendir("/proc")) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		if (proc_stat(de->d_name, &pgrp, &ticks, &rss) == -1)
			continue;
		for (size_t i = 0; i < n; i++) {
			if (pgids[i] <= 0 || pgrp != pgids[i])
				continue;
			cpu_seconds[i] += (double)ticks / (double)(hz > 0 ? hz : 100);
			memory_bytes[i] += (int64_t)rss * page;
			found[i] = true;
			break;
		}
	}
	closedir(d);
	return 0;
}
