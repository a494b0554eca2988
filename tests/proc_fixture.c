/*
 * proc_fixture.c - running the real binary from a test (proc_fixture.h).
 */
#include "proc_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

void proc_find_binary(char *out, size_t len, char *build_dir, size_t build_len)
{
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    assert_true(n > 0);
    self[n] = '\0';
    *strrchr(self, '/') = '\0'; /* BUILD/tests */
    *strrchr(self, '/') = '\0'; /* BUILD */
    snprintf(out, len, "%s/hamkor", self);
    if (build_dir)
        snprintf(build_dir, build_len, "%s", self);
    if (access(out, X_OK) != 0)
        fail_msg("%s: not built (make test builds it)", out);
}

void proc_source_tree(char *out, size_t len)
{
    char bin[PATH_MAX], build[PATH_MAX - 8];
    proc_find_binary(bin, sizeof bin, build, sizeof build);
    char *slash = strrchr(build, '/');
    assert_non_null(slash);
    *slash = '\0';
    snprintf(out, len, "%s", build);
}

/* In the child: the environment, folder and descriptors, then exec. */
static void child_exec(const char *cwd, const char *const *env, const char *const *unset, int in_fd, int out_fd,
                       const char *const *argv)
{
    for (const char *const *u = unset; u && *u; u++)
        unsetenv(*u);
    for (const char *const *e = env; e && *e; e++)
        putenv((char *)*e);
    if (cwd && chdir(cwd) != 0)
        _exit(126);
    dup2(in_fd, 0);
    dup2(out_fd, 1);
    dup2(out_fd, 2);
    execv(argv[0], (char *const *)argv);
    _exit(127);
}

int proc_run(const char *cwd, const char *const *env, const char *const *unset, const char *stdin_text,
             const char *const *argv, char *out, size_t out_len)
{
    int outp[2], inp[2];
    if (pipe(outp) || pipe(inp))
        fail_msg("pipe: %s", strerror(errno));
    pid_t pid = fork();
    if (pid == 0) {
        close(outp[0]);
        close(inp[1]);
        child_exec(cwd, env, unset, inp[0], outp[1], argv);
    }
    close(outp[1]);
    close(inp[0]);
    if (stdin_text) {
        size_t n = strlen(stdin_text);
        if (write(inp[1], stdin_text, n) != (ssize_t)n)
            fail_msg("cannot write the child's standard input");
    }
    close(inp[1]);
    size_t used = 0;
    char buf[4096];
    ssize_t k;
    while ((k = read(outp[0], buf, sizeof buf)) > 0) {
        size_t room = out_len - 1 - used;
        size_t take = (size_t)k < room ? (size_t)k : room;
        memcpy(out + used, buf, take);
        used += take;
    }
    out[used] = '\0';
    close(outp[0]);
    int st;
    if (waitpid(pid, &st, 0) != pid)
        return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* A loopback port nothing listens on now. */
static uint16_t free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    socklen_t len = sizeof sa;
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) || getsockname(fd, (struct sockaddr *)&sa, &len))
        fail_msg("no free port");
    close(fd);
    return ntohs(sa.sin_port);
}

typedef struct body_sink {
    char *data;
    size_t len, cap;
} body_sink;

static size_t on_body(char *p, size_t size, size_t n, void *ctx)
{
    body_sink *b = ctx;
    size_t k = size * n;
    if (b->data && b->cap > 0) {
        size_t room = b->cap - 1 - b->len;
        size_t take = k < room ? k : room;
        memcpy(b->data + b->len, p, take);
        b->len += take;
        b->data[b->len] = '\0';
    }
    return k;
}

long proc_get(uint16_t port, const char *path, char *body, size_t body_len)
{
    CURL *h = curl_easy_init();
    char url[512];
    snprintf(url, sizeof url, "http://127.0.0.1:%u%s", (unsigned)port, path);
    body_sink b = {.data = body, .cap = body_len};
    if (body && body_len)
        body[0] = '\0';
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 5000L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    long status = 0;
    if (curl_easy_perform(h) == CURLE_OK)
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(h);
    return status;
}

int proc_serve(proc_server *s, const char *bin, const char *cwd, const char *const *env,
               const char *const *args, const char *log_path)
{
    s->port = free_port();
    char listen[32];
    snprintf(listen, sizeof listen, "127.0.0.1:%u", (unsigned)s->port);
    const char *argv[32] = {bin, "serve", "--listen", listen};
    int n = 4;
    for (const char *const *a = args; a && *a && n < 31; a++)
        argv[n++] = *a;
    argv[n] = NULL;
    int log = open(log_path ? log_path : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int null = open("/dev/null", O_RDONLY);
    s->pid = fork();
    if (s->pid == 0)
        child_exec(cwd, env, NULL, null, log, argv);
    close(log);
    close(null);
    for (int waited = 0; waited < 20000; waited += 20) {
        if (proc_get(s->port, "/healthz", NULL, 0) == 200)
            return 0;
        int st;
        if (waitpid(s->pid, &st, WNOHANG) == s->pid) {
            fprintf(stderr, "the server exited at start (status %d; log %s)\n", WEXITSTATUS(st),
                    log_path ? log_path : "none");
            s->pid = 0;
            return -1;
        }
        usleep(20000);
    }
    fprintf(stderr, "the server did not answer within 20 s\n");
    proc_serve_stop(s);
    return -1;
}

int proc_serve_stop(proc_server *s)
{
    if (s->pid <= 0)
        return -1;
    kill(s->pid, SIGTERM);
    int st;
    waitpid(s->pid, &st, 0);
    s->pid = 0;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}
