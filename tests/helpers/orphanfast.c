/* orphanfast N [hold]: make N orphans quickly, print "done N", then exit
 * (or with "hold", wait until signalled).  Each round clones a child that
 * shares our memory (CLONE_VM: no page-table copy, far cheaper than fork
 * on a busy machine); the child clones a grandchild and exits, so the
 * grandchild is reparented to the init (or subreaper), exits, and is a
 * zombie until the init reaps it.  Grandchild stacks are reused only
 * after the kernel cleared the slot's tid (CLONE_CHILD_CLEARTID), i.e.
 * after that grandchild stopped running. */
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define STACK	16384
#define SLOTS	256

static char *stacks;		/* SLOTS grandchild stacks, then the child's */
static volatile pid_t tid[SLOTS];	/* non-zero while a grandchild runs */

static int
grandchild(void *arg)
{
	(void)arg;
	return 0;
}

static int
child(void *arg)
{
	long s = (long)arg;

	if (clone(grandchild, stacks + (s + 1) * STACK,
	    CLONE_VM | CLONE_CHILD_CLEARTID | SIGCHLD, NULL, NULL, NULL,
	    (pid_t *)&tid[s]) == -1)
		tid[s] = 0;
	return 0;
}

int
main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1;

	stacks = mmap(NULL, (SLOTS + 1) * STACK, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (stacks == MAP_FAILED)
		return 1;
	for (long i = 0; i < n; i++) {
		long s = i % SLOTS;
		while (tid[s] != 0)
			sched_yield();
		tid[s] = -1;
		pid_t p = clone(child, stacks + (SLOTS + 1) * STACK, CLONE_VM | SIGCHLD, (void *)s);
		if (p == -1) {
			perror("clone");
			return 1;
		}
		while (waitpid(p, NULL, 0) == -1)
			;
	}
	/* Every grandchild has exited (its tid cleared) before we say done
	 * or exit, so the init has all N zombies to reap by then. */
	for (long s = 0; s < SLOTS; s++)
		while (tid[s] != 0)
			sched_yield();
	printf("done %ld\n", n);
	fflush(stdout);
	if (argc > 2 && strcmp(argv[2], "hold") == 0)
		for (;;)
			pause();
	return 0;
}
