#define _GNU_SOURCE
#include "CLinuxIO.h"
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>

const uint32_t clinuxio_epoll_in = EPOLLIN;
const uint32_t clinuxio_epoll_out = EPOLLOUT;
const uint32_t clinuxio_epoll_err = EPOLLERR;
const uint32_t clinuxio_epoll_hup = EPOLLHUP;
const uint32_t clinuxio_epoll_rdhup = EPOLLRDHUP;
const uint32_t clinuxio_epoll_exclusive = EPOLLEXCLUSIVE;
const uint32_t clinuxio_epoll_edge_triggered = EPOLLET;
const int clinuxio_nonblocking = SOCK_NONBLOCK;
const int clinuxio_close_on_exec = SOCK_CLOEXEC;

int clinuxio_epoll_create(void) {
    return epoll_create1(EPOLL_CLOEXEC);
}

int clinuxio_epoll_add(int epoll, int fd, uint32_t events, uint64_t token) {
    struct epoll_event event = { .events = events, .data = { .u64 = token } };
    return epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event);
}

int clinuxio_epoll_remove(int epoll, int fd) {
    struct epoll_event event = { 0 };
    return epoll_ctl(epoll, EPOLL_CTL_DEL, fd, &event);
}

int clinuxio_epoll_wait(int epoll, uint32_t *events, uint64_t *tokens, int capacity, int timeout_milliseconds) {
    struct epoll_event ready[256];
    if (capacity > 256) capacity = 256;
    int count = epoll_wait(epoll, ready, capacity, timeout_milliseconds);
    for (int index = 0; index < count; index++) {
        events[index] = ready[index].events;
        tokens[index] = ready[index].data.u64;
    }
    return count;
}

int clinuxio_eventfd(void) {
    return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
}

int clinuxio_accept(int fd, struct sockaddr *address, socklen_t *length) {
    return accept4(fd, address, length, SOCK_NONBLOCK | SOCK_CLOEXEC);
}
