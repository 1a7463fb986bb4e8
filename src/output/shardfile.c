#include "shardfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hash.h"

#define NAME_MAX_COMPONENTS 4
#define COMPONENT_MAX 128

static bool component_ok(const char *s, size_t n)
{
	if (n == 0 || n > COMPONENT_MAX || s[0] == '.')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
		      c == '_' || c == '-'))
			return false;
	}
	return true;
}

bool shard_name_ok(const char *name)
{
	int parts = 0;
	const char *p = name;
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		if (!component_ok(p, n) || ++parts > NAME_MAX_COMPONENTS)
			return false;
		if (!slash)
			return true;
		p = slash + 1;
	}
}

static const char *kind_of(mode_t mode)
{
	if (S_ISLNK(mode))
		return "a symbolic link (merge takes only regular files)";
	if (S_ISDIR(mode))
		return "not a regular file (a directory)";
	if (S_ISFIFO(mode))
		return "not a regular file (a FIFO)";
	if (S_ISSOCK(mode))
		return "not a regular file (a socket)";
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return "not a regular file (a device)";
	return "not a regular file";
}

/* The type of dir_fd/name itself, a symbolic link not followed. */
static const char *why_not(int dir_fd, const char *name)
{
	struct stat st;
	if (fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return errno == ENOENT ? "not there" : strerror(errno);
	return kind_of(st.st_mode);
}

int shard_open(const char *dir, const char *name, const char **why)
{
	if (!shard_name_ok(name)) {
		*why = "not a name grantdoc writes (it could leave the shard directory)";
		return -1;
	}
	int dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir_fd < 0) {
		*why = strerror(errno);
		return -1;
	}
	char part[COMPONENT_MAX + 1];
	const char *p = name;
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		memcpy(part, p, n);
		part[n] = '\0';
		if (!slash)
			break;
		int next = openat(dir_fd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (next < 0) {
			*why = why_not(dir_fd, part);
			close(dir_fd);
			return -1;
		}
		close(dir_fd);
		dir_fd = next;
		p = slash + 1;
	}
	struct stat st;
	if (fstatat(dir_fd, part, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode)) {
		*why = why_not(dir_fd, part);
		close(dir_fd);
		return -1;
	}
	int fd = openat(dir_fd, part, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		*why = why_not(dir_fd, part);
	close(dir_fd);
	if (fd < 0)
		return -1;
	struct stat now;
	if (fstat(fd, &now) != 0 || !S_ISREG(now.st_mode) || now.st_ino != st.st_ino || now.st_dev != st.st_dev) {
		*why = "changed while it was being opened";
		close(fd);
		return -1;
	}
	return fd;
}

bool shard_hash_fd(int fd, char hex[65])
{
	struct hasher h;
	hasher_init(&h);
	char buf[1 << 16];
	ssize_t n;
	while ((n = read(fd, buf, sizeof buf)) > 0)
		hasher_bytes(&h, buf, (size_t)n);
	hasher_hex(&h, hex);
	return n == 0;
}

bool shard_read(const char *dir, const char *name, size_t limit, struct strbuf *out, const char **why)
{
	int fd = shard_open(dir, name, why);
	if (fd < 0)
		return false;
	char buf[1 << 16];
	ssize_t n;
	while ((n = read(fd, buf, sizeof buf)) > 0 && out->len <= limit)
		sb_append(out, buf, (size_t)n);
	close(fd);
	if (n < 0)
		*why = "read error";
	else if (out->len > limit)
		*why = "too large";
	sb_putc(out, '\0');
	out->len--;
	return n == 0;
}
