/*
 * cli_util.c - helpers shared by the subcommands (see cli_util.h).
 */
#include "cli/cli_util.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "engine/engine.h"

void cli_show_progress(void *label, long records)
{
    fprintf(stderr, "\r%s: %ld records", (const char *)label, records);
}

int cli_fail(const char *cmd, const hk_err *err)
{
    if (err->field[0])
        fprintf(stderr, "hamkor %s: %s: %s\n", cmd, err->field, err->msg);
    else
        fprintf(stderr, "hamkor %s: %s\n", cmd, err->msg[0] ? err->msg : hk_err_name(err->code));
    return 1;
}

int cli_ensure_parent_dir(const char *path, hk_err *err)
{
    const char *slash = strrchr(path, '/');
    if (!slash || slash == path)
        return 0;
    char dir[4096];
    size_t n = (size_t)(slash - path);
    if (n >= sizeof dir)
        return hk_err_set(err, HK_EINVAL, "--db", "path is too long");
    memcpy(dir, path, n);
    dir[n] = '\0';
    if (mkdir(dir, 0775) != 0 && errno != EEXIST)
        return hk_err_set(err, HK_EIO, "--db", "cannot create folder %s: %s", dir, strerror(errno));
    return 0;
}

const char *cli_data_path(const char *data_dir, const char *name, char buf[CLI_PATH_MAX])
{
    /* A path longer than CLI_PATH_MAX is cut, and then names no file:
     * opening it fails with a message naming it. */
    snprintf(buf, CLI_PATH_MAX, "%s/%s", data_dir ? data_dir : engine_data_dir(), name);
    return buf;
}

int cli_open_store(const char *path, hk_store **out, hk_err *err)
{
    return cli_open_store_in(path, NULL, out, err);
}

int cli_open_store_in(const char *path, const char *data_dir, hk_store **out, hk_err *err)
{
    const char *file;
    int rc = store_driver_is_file(path, &file) ? cli_ensure_parent_dir(file, err) : 0;
    if (rc)
        return rc;
    hk_store *st;
    rc = store_open(path, &st, err);
    if (rc)
        return rc;
    char countries[CLI_PATH_MAX];
    rc = store_seed_countries(st, cli_data_path(data_dir, "countries.tsv", countries), err);
    if (rc) {
        store_close(st);
        return rc;
    }
    *out = st;
    return 0;
}

int cli_alerts_start_now(hk_store *st, hk_err *err)
{
    int64_t seq = 0;
    int rc = store_changes_last_seq(st, &seq, err);
    return rc ? rc : store_consumer_set(st, ENGINE_ALERTS_CONSUMER, seq, err);
}

int cli_open_store_checked(const char *path, hk_store **out, tax **tax_out, hk_err *err)
{
    tax *t;
    char dir[CLI_PATH_MAX];
    int rc = tax_load(cli_data_path(NULL, "taxonomy", dir), NULL, &t, err);
    if (rc)
        return rc;
    rc = cli_open_store(path, out, err);
    /* Only codes are checked here, but the taxonomy is the same one the
     * server would use: with the secretariat's labels from the store. */
    if (!rc && (rc = tax_apply_store(t, *out, err)))
        store_close(*out);
    if (rc) {
        tax_free(t);
        return rc;
    }
    store_set_code_check(*out, tax_code_known, t);
    *tax_out = t;
    return 0;
}

int cli_parse_db_only(int argc, char **argv, const char **db, void (*usage)(FILE *out))
{
    static const struct option opts[] = {{"db", required_argument, 0, 'd'}, {"help", no_argument, 0, 'h'}, {0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'd') {
            *db = optarg;
        } else if (c == 'h') {
            usage(stdout);
            return 0;
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (optind != argc) {
        usage(stderr);
        return 2;
    }
    return -1;
}
