/* metrics: probe counters and histograms as plain structs, Prometheus text
 * format 0.0.4 helpers, and resource sampling from /proc and cgroup v2.
 * The structs live in the view (view.h); this file only counts, formats and
 * reads. */
#include "podinit/metrics.h"

#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "podinit/clock.h"
#include "podinit/fdx.h"

const double metrics_default_buckets[METRICS_BUCKETS] = {
	0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
};

void
metrics_histogram_observe(struct metrics_histogram *h, double v)
{
	for (size_t i = 0; i < METRICS_BUCKETS; i++) {
		if (v <= metrics_default_buckets[i]) {
			h->bucket[i]++;
			break;
		}
	}
	h->count++;
	h->sum += v;
}

void
metrics_probe_observe(struct metrics_probe *m, enum probe_result r, int64_t duration_ns)
{
	if ((unsigned)r >= METRICS_RESULTS)
		return;
	m->total[r]++;
	/* K8S: worker.go observes the duration only when the result is not
	 * a failure. */
	if (r != PROBE_FAILURE)
		metrics_histogram_observe(&m->duration, (double)duration_ns / NS_PER_SEC);
}

/* HELP text escaping: backslash and newline only. */
static void
help_escape(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			buf_adds(b, "\\\\");
		else if (*s == '\n')
			buf_adds(b, "\\n");
		else
			buf_addc(b, *s);
	}
}

void
metrics_family(struct buf *b, const char *name, const char *help, const char *type)
{
	buf_printf(b, "# HELP %s ", name);
	help_escape(b, help);
	buf_printf(b, "\n# TYPE %s %s\n", name, type);
}

void
metrics_label_value(struct buf *b, const char *v)
{
	size_t n;

	if (v == NULL)
		return;
	for (;;) {
		/* Copy runs of ordinary bytes at once: label values rarely
		 * need escaping, and /metrics is rendered per scrape. */
		n = strcspn(v, "\\\"\n");
		buf_add(b, v, n);
		v += n;
		switch (*v) {
		case '\0': return;
		case '\\': buf_adds(b, "\\\\"); break;
		case '"': buf_adds(b, "\\\""); break;
		case '\n': buf_adds(b, "\\n"); break;
		}
		v++;
	}
}

void
metrics_uint(struct buf *b, uint64_t v)
{
	char tmp[24];
	size_t i = sizeof tmp;

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	buf_add(b, tmp + i, sizeof tmp - i);
}

void
metrics_value(struct buf *b, double v)
{
	char tmp[64];

	if (isnan(v))
		buf_adds(b, "NaN");
	else if (isinf(v))
		buf_adds(b, v > 0 ? "+Inf" : "-Inf");
	else if (v == (double)(int64_t)v && fabs(v) < 1e15) {
		if (v < 0)
			buf_addc(b, '-');
		metrics_uint(b, (uint64_t)fabs(v));
	} else {
		/* A scrape formats the same sums and CPU seconds as the one
		 * before (they change a few times a second at most, scrapes
		 * may come a thousand times): remember the recent ones. */
		static struct {
			uint64_t bits;	/* the double's bits: -0.0 is not 0.0 */
			char	 s[32];
		} memo[64];
		uint64_t bits, h;

		memcpy(&bits, &v, sizeof bits);
		h = (bits ^ (bits >> 29)) * 0x9e3779b97f4a7c15ULL;
		size_t slot = (size_t)(h >> 58);
		if (memo[slot].s[0] != '\0' && memo[slot].bits == bits) {
			buf_adds(b, memo[slot].s);
			return;
		}
		/* Shortest form that round-trips, as Go's strconv 'g' -1.
		 * Round-tripping is monotonic in the precision (17 digits
		 * always do), so a binary search finds it in 4-5 tries
		 * rather than 12 for the sums and rates that need 15-17. */
		int lo = 1, hi = 17, n;
		while (lo < hi) {
			int mid = (lo + hi) / 2;
			/* (17 significant digits and an exponent fit in tmp) */
			n = snprintf(tmp, sizeof tmp, "%.*g", mid, v);
			if (n > 0 && (size_t)n < sizeof tmp && strtod(tmp, NULL) == v)
				hi = mid;
			else
				lo = mid + 1;
		}
		n = snprintf(tmp, sizeof tmp, "%.*g", lo, v);
		if (n <= 0 || (size_t)n >= sizeof tmp)
			n = snprintf(tmp, sizeof tmp, "%.17g", v);
		buf_adds(b, tmp);
		if (n > 0 && (size_t)n < sizeof memo[slot].s) {
			memo[slot].bits = bits;
			memcpy(memo[slot].s, tmp, (size_t)n + 1);
		}
	}
}

/* Read a small file relative to dirfd (AT_FDCWD for absolute paths) into
 * out, NUL-terminated.  Returns bytes read or -1. */
static ssize_t
read_small(int dirfd, const char *path, char *out, size_t outsz)
{
	int fd;
	ssize_t n;

	fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return -1;
	n = fdx_read_full(fd, out, outsz - 1);
	fdx_close(&fd);
	if (n < 0)
		return -1;
	out[n] = '\0';
	return n;
}

int
metrics_self_usage(int64_t *rss_bytes, int64_t *open_fds)
{
	char tmp[256];
	long long size, resident;
	DIR *d;
	struct dirent *de;
	int64_t n = 0;

	if (read_small(AT_FDCWD, "/proc/self/statm", tmp, sizeof tmp) < 0 ||
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
	if (read_small(AT_FDCWD, path, tmp, sizeof tmp) < 0 ||
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
metrics_pgrps_usage(const pid_t *pgids, size_t n, double *cpu_seconds, int64_t *memory_bytes,
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
