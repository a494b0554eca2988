/*
 * proc_fixture.h - running the real `hamkor` binary from a test, the way
 * an operator runs it: in a chosen current folder, with extra environment
 * variables, its output captured; and `hamkor serve` started on a free
 * loopback port, waited for (GET /healthz) and stopped with SIGTERM.
 * The tests of the command line (data folder, install, backup, admin
 * commands) share it; http_fixture.h serves in-process instead.
 */
#ifndef HK_TESTS_PROC_FIXTURE_H
#define HK_TESTS_PROC_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define PROC_OUT_MAX 65536         /* bytes of output kept; more is dropped */

/* The binary beside this test's build folder (BUILD/tests/test_x ->
 * BUILD/hamkor) into out; the folder holding it (BUILD) into build_dir
 * when not NULL. Fails the test when it is missing. */
void proc_find_binary(char *out, size_t len, char *build_dir, size_t build_len);
/* The source tree this test was built from (BUILD/..) into out. */
void proc_source_tree(char *out, size_t len);

/* Runs argv (argv[0] is the program) in folder cwd (NULL = this one),
 * with env ("NAME=value" strings, NULL-ended; NULL = none) added to the
 * environment and the variables named in unset (NULL-ended) removed, its
 * standard input from stdin_text (NULL = /dev/null); standard output and
 * error together into out (out_len bytes, NUL-terminated). Returns the
 * exit status, or -1 when it did not exit normally. */
int proc_run(const char *cwd, const char *const *env, const char *const *unset, const char *stdin_text,
             const char *const *argv, char *out, size_t out_len);

typedef struct proc_server {
    pid_t pid;                 /* 0 when not running */
    uint16_t port;             /* its loopback port */
} proc_server;

/* Starts bin serve --listen 127.0.0.1:PORT with the extra arguments (NULL-
 * ended) in cwd, and waits until GET /healthz answers 200 (20 s at most).
 * Output goes to log_path (NULL = /dev/null). Returns 0, or -1 with the
 * reason on stderr (the server is stopped then). */
int proc_serve(proc_server *s, const char *bin, const char *cwd, const char *const *env,
               const char *const *args, const char *log_path);
/* SIGTERM, then waits for it; returns its exit status (-1 if killed). */
int proc_serve_stop(proc_server *s);
/* GET path on the loopback port: the status (0 when nothing answered);
 * the body into body (NUL-terminated, cut to body_len) when not NULL. */
long proc_get(uint16_t port, const char *path, char *body, size_t body_len);

#endif
