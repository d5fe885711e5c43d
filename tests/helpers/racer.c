/* racer: fork a grandchild that exits at the same moment as this process
 * (catatonit#4: the init must not hang when the main child's exit and an
 * orphan's exit arrive in one SIGCHLD). */
#include <stdlib.h>
#include <unistd.h>

int
main(void)
{
	if (fork() == 0)
		_exit(3);
	_exit(7);
}
