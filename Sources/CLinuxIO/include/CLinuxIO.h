#ifndef NEUROCARDS_CLINUXIO_H
#define NEUROCARDS_CLINUXIO_H
#include <stdint.h>
#include <sys/socket.h>

// epoll, eventfd and accept4 are Linux-only (and accept4 needs _GNU_SOURCE), so Swift's Glibc module does not
// export them; these wrappers do, and they hide struct epoll_event, which is packed on x86_64 only.

extern const uint32_t clinuxio_epoll_in;
extern const uint32_t clinuxio_epoll_out;
extern const uint32_t clinuxio_epoll_err;
extern const uint32_t clinuxio_epoll_hup;
extern const uint32_t clinuxio_epoll_rdhup;
extern const uint32_t clinuxio_epoll_exclusive;
extern const uint32_t clinuxio_epoll_edge_triggered;
extern const int clinuxio_nonblocking;
extern const int clinuxio_close_on_exec;

int clinuxio_epoll_create(void);
int clinuxio_epoll_add(int epoll, int fd, uint32_t events, uint64_t token);
int clinuxio_epoll_remove(int epoll, int fd);
/// Waits for up to `capacity` events, writing each one's event mask and token; returns the count or -1.
int clinuxio_epoll_wait(int epoll, uint32_t *events, uint64_t *tokens, int capacity, int timeout_milliseconds);
int clinuxio_eventfd(void);
int clinuxio_accept(int fd, struct sockaddr *address, socklen_t *length);

#endif
