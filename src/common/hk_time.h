/*
 * hk_time.h - deadlines on the monotonic clock, for the threads that wait
 * on condition variables set to it (the engine's follower, the live
 * notification streams' hub).
 */
#ifndef HK_TIME_H
#define HK_TIME_H

#include <stdint.h>
#include <time.h>

/* The CLOCK_MONOTONIC time ms milliseconds from now, for
 * pthread_cond_timedwait on a condition made with that clock. */
struct timespec hk_deadline_ms(int64_t ms);

#endif
