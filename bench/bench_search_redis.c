/*
 * bench_search_redis.c - the RediSearch peer of bench_search.c (see
 * bench_search_redis.h): one index, hamkor_bench, over hashes that are not
 * kept (NOSAVE); loaded by pipelined FT.ADD; queried with FT.SEARCH ...
 * VERBATIM NOCONTENT LIMIT 0 20 and, for facets, FT.AGGREGATE ... GROUPBY
 * over the sortable TAG columns.
 *
 * The Redis protocol here is what the peer needs: commands go out as
 * arrays of bulk strings; a reply is read whole (simple strings, errors,
 * integers, bulk strings, arrays, nested) and, for FT.SEARCH, its length
 * counted.
 */
#include "bench_search_redis.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define RS_INDEX "hamkor_bench"
#define RS_PIPELINE 4096 /* adds sent before their replies are read */

struct redis_peer {
    int fd;
    char *out;         /* commands not yet sent; from malloc() */
    size_t out_n, out_cap;
    char in[65536];    /* replies read, from in_at to in_n not yet parsed */
    size_t in_at, in_n;
    size_t pending;    /* replies owed for commands sent */
    long added;
    char err[256];     /* the first error reply of the load */
};

static int rs_fail(hk_err *err, const char *what)
{
    return hk_err_set(err, HK_EIO, "redis", "%s", what);
}

static int out_put(redis_peer *p, const void *s, size_t n)
{
    if (p->out_n + n > p->out_cap) {
        size_t cap = (p->out_n + n) * 2;
        char *o = realloc(p->out, cap);
        if (!o)
            return -1;
        p->out = o;
        p->out_cap = cap;
    }
    memcpy(p->out + p->out_n, s, n);
    p->out_n += n;
    return 0;
}

/* Appends one command (argc arguments, lengths in len or strlen when
 * len is NULL or len[i] is SIZE_MAX). */
static int cmd(redis_peer *p, int argc, const char *const *argv, const size_t *len)
{
    char head[32];
    int rc = out_put(p, head, (size_t)snprintf(head, sizeof head, "*%d\r\n", argc));
    for (int i = 0; i < argc && !rc; i++) {
        size_t n = len && len[i] != SIZE_MAX ? len[i] : strlen(argv[i]);
        rc = out_put(p, head, (size_t)snprintf(head, sizeof head, "$%zu\r\n", n));
        if (!rc)
            rc = out_put(p, argv[i], n);
        if (!rc)
            rc = out_put(p, "\r\n", 2);
    }
    p->pending++;
    return rc;
}

static int flush_out(redis_peer *p)
{
    for (size_t at = 0; at < p->out_n;) {
        ssize_t w = write(p->fd, p->out + at, p->out_n - at);
        if (w <= 0)
            return -1;
        at += (size_t)w;
    }
    p->out_n = 0;
    return 0;
}

static int in_byte(redis_peer *p, char *c)
{
    if (p->in_at == p->in_n) {
        ssize_t r = read(p->fd, p->in, sizeof p->in);
        if (r <= 0)
            return -1;
        p->in_at = 0;
        p->in_n = (size_t)r;
    }
    *c = p->in[p->in_at++];
    return 0;
}

/* Reads one line without its CRLF into buf (truncated to cap). */
static int in_line(redis_peer *p, char *buf, size_t cap)
{
    size_t n = 0;
    char c;
    for (;;) {
        if (in_byte(p, &c))
            return -1;
        if (c == '\r')
            continue;
        if (c == '\n')
            break;
        if (n + 1 < cap)
            buf[n++] = c;
    }
    buf[n] = '\0';
    return 0;
}

/* Reads one reply, whole. *len is an array's length or an integer's
 * value; an error reply's text goes to errbuf (when not NULL) and makes
 * the result 1; a broken connection -1. */
static int reply(redis_peer *p, long long *len, char *errbuf, size_t errcap)
{
    char line[512];
    if (in_line(p, line, sizeof line))
        return -1;
    long long v = strtoll(line + 1, NULL, 10);
    if (len)
        *len = v;
    switch (line[0]) {
    case '+':
    case ':':
        return 0;
    case '-':
        if (errbuf)
            snprintf(errbuf, errcap, "%.200s", line + 1);
        return 1;
    case '$':
        for (long long i = 0; i < v + 2 && v >= 0; i++) {
            char c;
            if (in_byte(p, &c))
                return -1;
        }
        return 0;
    case '*': {
        int rc = 0;
        for (long long i = 0; i < v; i++) {
            int r = reply(p, NULL, errbuf, errcap);
            if (r < 0)
                return -1;
            rc |= r;
        }
        return rc;
    }
    default:
        return -1;
    }
}

/* Sends what is queued and reads every reply owed; the first error reply
 * goes to p->err. */
static int drain(redis_peer *p, hk_err *err)
{
    if (flush_out(p))
        return rs_fail(err, "cannot write to the server");
    for (; p->pending; p->pending--) {
        char e[256];
        int r = reply(p, NULL, e, sizeof e);
        if (r < 0)
            return rs_fail(err, "the server closed the connection");
        if (r && !p->err[0])
            snprintf(p->err, sizeof p->err, "%s", e);
    }
    return 0;
}

/* One command and its reply; an error reply becomes err. */
static int call(redis_peer *p, int argc, const char *const *argv, long long *len, hk_err *err)
{
    char e[256];
    if (cmd(p, argc, argv, NULL) || flush_out(p))
        return rs_fail(err, "cannot write to the server");
    p->pending--;
    int r = reply(p, len, e, sizeof e);
    if (r < 0)
        return rs_fail(err, "the server closed the connection");
    if (r)
        return hk_err_set(err, HK_EIO, "redis", "%s: %s", argv[0], e);
    return 0;
}

int redis_peer_open(int port, redis_peer **out, hk_err *err)
{
    *out = NULL;
    redis_peer *p = calloc(1, sizeof *p);
    if (!p)
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    p->fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int one = 1;
    if (p->fd < 0 || connect(p->fd, (struct sockaddr *)&a, sizeof a)) {
        if (p->fd >= 0)
            close(p->fd);
        free(p);
        return hk_err_set(err, HK_EIO, "redis", "cannot connect to 127.0.0.1:%d", port);
    }
    setsockopt(p->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    const char *drop[] = {"FT.DROP", RS_INDEX};
    hk_err ignored;
    call(p, 2, drop, NULL, &ignored); /* "Unknown Index name" on a fresh server */
    const char *create[] = {"FT.CREATE", RS_INDEX,  "STOPWORDS", "0",         "SCHEMA",   "body",
                            "TEXT",      "NOSTEM",  "country",   "TAG",       "SORTABLE", "direction",
                            "TAG",       "SORTABLE", "chapter",  "TAG",       "SORTABLE"};
    int rc = call(p, (int)(sizeof create / sizeof *create), create, NULL, err);
    if (rc) {
        redis_peer_close(p);
        return rc;
    }
    *out = p;
    return 0;
}

int redis_peer_add(redis_peer *p, int64_t id, const char *body, size_t n, const char *country,
                   const char *direction, const char *chapter, hk_err *err)
{
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)id);
    const char *argv[] = {"FT.ADD", RS_INDEX, key,         "1.0",     "NOSAVE",  "FIELDS", "body",
                          body,     "country", country,    "direction", direction, "chapter", chapter};
    size_t len[sizeof argv / sizeof *argv];
    for (size_t i = 0; i < sizeof len / sizeof *len; i++)
        len[i] = SIZE_MAX;
    len[7] = n;
    int argc = chapter[0] ? 14 : 12; /* an empty tag is left out */
    if (cmd(p, argc, argv, len))
        return hk_err_set(err, HK_ENOMEM, NULL, "out of memory");
    p->added++;
    return p->pending >= RS_PIPELINE ? drain(p, err) : 0;
}

int redis_peer_load_end(redis_peer *p, long *docs, int64_t *memory, hk_err *err)
{
    *docs = 0;
    *memory = 0;
    int rc = drain(p, err);
    if (rc)
        return rc;
    if (p->err[0])
        return hk_err_set(err, HK_EIO, "redis", "FT.ADD: %s", p->err);
    *docs = p->added;
    /* used_memory from INFO memory: a bulk string of "key:value" lines. */
    const char *info[] = {"INFO", "memory"};
    if (cmd(p, 2, info, NULL) || flush_out(p))
        return rs_fail(err, "cannot write to the server");
    p->pending--;
    char line[512];
    if (in_line(p, line, sizeof line) || line[0] != '$')
        return rs_fail(err, "INFO: unexpected reply");
    long long left = strtoll(line + 1, NULL, 10) + 2;
    while (left > 0) {
        if (in_line(p, line, sizeof line))
            return rs_fail(err, "the server closed the connection");
        left -= (long long)strlen(line) + 2;
        if (!strncmp(line, "used_memory:", 12))
            *memory = strtoll(line + 12, NULL, 10);
    }
    return 0;
}

int redis_peer_search(redis_peer *p, const char *query, const char *country, bool facets, size_t *hits,
                      hk_err *err)
{
    char q[2048];
    if (country)
        snprintf(q, sizeof q, "@country:{%s} %s", country, query);
    else
        snprintf(q, sizeof q, "%s", query);
    const char *search[] = {"FT.SEARCH", RS_INDEX, q, "VERBATIM", "NOCONTENT", "LIMIT", "0", "20"};
    long long n = 0;
    int rc = call(p, 8, search, &n, err);
    *hits = n > 0 ? (size_t)(n - 1) : 0; /* the total, then the ids */
    /* RediSearch 1.2 answers an aggregation over no matches with an error
     * ("Internal error processing QueryParseCtx"); with no hits the counts
     * are empty, so they are not asked for. */
    static const char *const by[] = {"@country", "@direction", "@chapter"};
    for (int k = 0; facets && *hits && !rc && k < 3; k++) {
        const char *agg[] = {"FT.AGGREGATE", RS_INDEX, q,  "VERBATIM", "GROUPBY", "1",   by[k],
                             "REDUCE",       "COUNT",  "0", "AS",       "n",       "LIMIT", "0", "1000"};
        rc = call(p, 15, agg, NULL, err);
    }
    return rc;
}

void redis_peer_close(redis_peer *p)
{
    if (!p)
        return;
    const char *drop[] = {"FT.DROP", RS_INDEX};
    hk_err ignored;
    p->out_n = 0;
    p->pending = 0;
    call(p, 2, drop, NULL, &ignored);
    close(p->fd);
    free(p->out);
    free(p);
}
