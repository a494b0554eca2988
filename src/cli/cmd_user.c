/*
 * cmd_user.c - `hamkor user add`: make an account from the command line.
 * The API registers members only; national coordinators, financial
 * institutions' staff and the secretariat are made here by an operator,
 * who can also attach the user to an organisation (as its admin, to
 * repair an organisation whose last admin left). The password is read
 * from the first line of standard input, or made at random and printed
 * once; it is hashed in Unicode NFC, as the API hashes it, so that it
 * signs in however the browser composes it.
 */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "cli/cli_util.h"
#include "cli/commands.h"
#include "model/model.h"

static void user_usage(FILE *out)
{
    fprintf(out, "usage: hamkor user add --email EMAIL --name NAME [--role ROLE] [--country XX]\n"
                 "                       [--org ID [--admin]] [--password-stdin] [--db PATH]\n\n"
                 "Makes an account. ROLE is member (default), coordinator (needs --country, the\n"
                 "state it verifies), financial or secretariat. --org makes the user a member of\n"
                 "organisation ID (its admin with --admin). With --password-stdin the password is\n"
                 "the first line of standard input; otherwise a random one is printed once.\n");
}

static int parse_role(const char *s, user_role *out)
{
    static const char *const names[] = {"member", "coordinator", "financial", "secretariat"};
    for (int i = 0; i < ROLE__COUNT; i++)
        if (!strcmp(s, names[i])) {
            *out = (user_role)i;
            return 0;
        }
    return -1;
}

static int read_password(char *out, size_t len, hk_err *err)
{
    if (!fgets(out, (int)len, stdin))
        return hk_err_set(err, HK_EINVAL, "password", "no password on standard input");
    out[strcspn(out, "\r\n")] = '\0';
    return 0;
}

int cmd_user(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "add") != 0) {
        if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
            user_usage(stdout);
            return 0;
        }
        user_usage(stderr);
        return 2;
    }
    const char *db = CLI_DEFAULT_DB, *email = NULL, *name = NULL, *role_s = "member", *state = NULL;
    long org = 0;
    int admin = 0, from_stdin = 0;
    static const struct option opts[] = {{"db", required_argument, 0, 'd'},       {"email", required_argument, 0, 'e'},
                                         {"name", required_argument, 0, 'n'},     {"role", required_argument, 0, 'r'},
                                         {"country", required_argument, 0, 'c'},  {"org", required_argument, 0, 'o'},
                                         {"admin", no_argument, 0, 'a'},          {"password-stdin", no_argument, 0, 'p'},
                                         {"help", no_argument, 0, 'h'},           {0}};
    int c;
    optind = 2;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'e': email = optarg; break;
        case 'n': name = optarg; break;
        case 'r': role_s = optarg; break;
        case 'c': state = optarg; break;
        case 'o': org = strtol(optarg, NULL, 10); break;
        case 'a': admin = 1; break;
        case 'p': from_stdin = 1; break;
        case 'h': user_usage(stdout); return 0;
        default: user_usage(stderr); return 2;
        }
    }
    hk_err err;
    hk_err_clear(&err);
    user u;
    memset(&u, 0, sizeof u);
    if (optind != argc || !email || !name) {
        user_usage(stderr);
        return 2;
    }
    if (parse_role(role_s, &u.role)) {
        hk_err_set(&err, HK_EINVAL, "--role", "must be member, coordinator, financial or secretariat");
        return cli_fail("user", &err);
    }
    if ((u.role == ROLE_COORDINATOR) != (state != NULL) || (state && strlen(state) != 2)) {
        hk_err_set(&err, HK_EINVAL, "--country", "a coordinator needs --country XX (its state); other roles none");
        return cli_fail("user", &err);
    }
    char email_lc[256];
    snprintf(email_lc, sizeof email_lc, "%s", email);
    for (char *p = email_lc; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    char password[1100], hash[AUTH_PWHASH_STRBYTES];
    if (from_stdin) {
        if (read_password(password, sizeof password, &err))
            return cli_fail("user", &err);
    } else {
        auth_token_new(password);
    }
    char *nfc = NULL;
    int bad = auth_password_nfc(password, &nfc, &err) || auth_password_check(nfc, email_lc, &err) ||
              auth_password_hash(NULL, nfc, hash, &err);
    if (nfc) {
        explicit_bzero(nfc, strlen(nfc));
        free(nfc);
    }
    if (bad) {
        explicit_bzero(password, sizeof password);
        return cli_fail("user", &err);
    }
    u.email = email_lc;
    u.display_name = (char *)name;
    u.password_hash = hash;
    if (state)
        memcpy(u.country, state, 3);
    hk_store *st;
    if (cli_open_store(db, &st, &err))
        return cli_fail("user", &err);
    int rc = store_begin(st, &err);
    if (!rc)
        rc = store_user_create(st, &u, &err);
    if (!rc && org > 0) {
        membership m = {.user_id = u.id, .org_id = org, .is_admin = admin};
        rc = store_membership_put(st, &m, 0, &err);
    }
    if (!rc)
        rc = store_commit(st, &err);
    else
        store_rollback(st);
    store_close(st);
    if (rc)
        return cli_fail("user", &err);
    printf("user %lld: %s (%s)\n", (long long)u.id, email_lc, role_s);
    if (!from_stdin)
        printf("password: %s\n", password);
    memset(password, 0, sizeof password);
    return 0;
}
