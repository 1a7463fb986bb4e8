#include "regfile.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"

static char why_buf[160];

static const char *kind_of(mode_t mode)
{
	if (S_ISDIR(mode))
		return "not a regular file (a directory)";
	if (S_ISFIFO(mode))
		return "not a regular file (a FIFO)";
	if (S_ISCHR(mode))
		return "not a regular file (a character device)";
	if (S_ISBLK(mode))
		return "not a regular file (a block device)";
	if (S_ISSOCK(mode))
		return "not a regular file (a socket)";
	return "not a regular file";
}

static const char *open_error(const char *path, int err)
{
	struct stat st;
	if (err == ENOENT && lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
		return "a symbolic link to a file that does not exist";
	snprintf(why_buf, sizeof why_buf, "cannot open: %s", strerror(err));
	return why_buf;
}

int regfile_open(const char *path, const char **why)
{
	struct stat before, after;
	if (stat(path, &before) != 0) {
		*why = open_error(path, errno);
		return -1;
	}
	if (!S_ISREG(before.st_mode)) {
		*why = kind_of(before.st_mode);
		return -1;
	}
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		*why = open_error(path, errno);
		return -1;
	}
	if (fstat(fd, &after) != 0 || !S_ISREG(after.st_mode) || after.st_dev != before.st_dev ||
	    after.st_ino != before.st_ino) {
		*why = fstat(fd, &after) == 0 && !S_ISREG(after.st_mode) ? kind_of(after.st_mode)
									 : "changed while it was being opened";
		close(fd);
		return -1;
	}
	int flags = fcntl(fd, F_GETFL);
	if (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
		snprintf(why_buf, sizeof why_buf, "cannot open: %s", strerror(errno));
		*why = why_buf;
		close(fd);
		return -1;
	}
	return fd;
}

FILE *regfile_fopen(const char *path, const char **why)
{
	int fd = regfile_open(path, why);
	if (fd < 0)
		return NULL;
	FILE *f = fdopen(fd, "rb");
	if (!f) {
		snprintf(why_buf, sizeof why_buf, "cannot open: %s", strerror(errno));
		*why = why_buf;
		close(fd);
	}
	return f;
}

struct regfile_map *regfile_map(const char *path, const char **why)
{
	int fd = regfile_open(path, why);
	if (fd < 0)
		return NULL;
	struct stat st;
	void *data = MAP_FAILED;
	if (fstat(fd, &st) != 0 || st.st_size <= 0) {
		*why = "empty";
	} else if ((data = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0)) == MAP_FAILED) {
		snprintf(why_buf, sizeof why_buf, "cannot map: %s", strerror(errno));
		*why = why_buf;
	}
	close(fd);
	if (data == MAP_FAILED)
		return NULL;
	struct regfile_map *m = xmalloc(sizeof *m);
	*m = (struct regfile_map){ data, (size_t)st.st_size };
	return m;
}

void regfile_unmap(struct regfile_map *m)
{
	if (!m)
		return;
	munmap((void *)m->data, m->size);
	free(m);
}

bool regfile_absent(const char *path)
{
	struct stat st;
	return lstat(path, &st) != 0 && errno == ENOENT;
}
