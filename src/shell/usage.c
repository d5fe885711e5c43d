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
#include "podinit/strconv.h"

int
usage_self(int64_t *rss_bytes, int64_t *open_fds)
{
	char tmp[256], *w[2];
	int64_t resident;
	DIR *d;
	struct dirent *de;
	int64_t n = 0;

	/* size resident shared text lib data dt, in pages */
	if (fdx_read_small(AT_FDCWD, "/proc/self/statm", tmp, sizeof tmp) < 0 ||
	    strconv_split_words(tmp, w, 2) != 2 ||
	    strconv_int64(w[1], 0, INT64_MAX / 65536, &resident) == -1)
		return -1;
	*rss_bytes = resident * sysconf(_SC_PAGESIZE);
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
	/* after the comm: 0 state, 2 pgrp, 11 utime, 12 stime, 13 cutime,
	 * 14 cstime, 21 rss (proc(5), counted from 0) */
	static const size_t used[] = { 2, 11, 12, 13, 14, 21 };
	char path[64], tmp[1024], *p, *w[22];
	int64_t v[22];

	snprintf(path, sizeof path, "/proc/%s/stat", pid);
	if (fdx_read_small(AT_FDCWD, path, tmp, sizeof tmp) < 0 ||
	    (p = strrchr(tmp, ')')) == NULL)
		return -1;
	/* state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt
	 * cmajflt utime stime cutime cstime priority nice num_threads
	 * itrealvalue starttime vsize rss */
	if (strconv_split_words(p + 1, w, 22) != 22)
		return -1;
	/* (a clock-tick or page count fits an int64 with room for the sum) */
	for (size_t i = 0; i < sizeof used / sizeof used[0]; i++)
		if (strconv_int64(w[used[i]], -1, INT64_MAX / 8, &v[used[i]]) == -1)
			return -1;
	*pgrp = v[2];
	/* Children the container's processes reaped themselves count too,
	 * so a shell script's finished commands do not vanish from the sum. */
	*ticks = v[11] + v[12] + v[13] + v[14];
	*rss_pages = v[21];
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
