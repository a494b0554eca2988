/*
 * cmd_user.c - `hamkor user add|list|disable|enable|role|reset-password`:
 * accounts from the command line, for the operator.
 *
 * The API registers members only; national coordinators, financial
 * institutions' staff and the secretariat are made here (`add`), which
 * can also attach the user to an organisation (as its admin, to repair an
 * organisation whose last admin left). `list` shows every account;
 * `disable` signs an account out everywhere and keeps it out (its API
 * tokens revoked) until `enable`; `role` changes what it may do;
 * `reset-password` gives it a new password and signs it out. A USER is
 * an id or an email. Passwords are read from the first line of standard
 * input, or made at random and printed once; they are hashed in Unicode
 * NFC, as the API hashes them, so that they sign in however the browser
 * composes them. The store does the work (store_user.c,
 * store_user_admin.c).
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
                 "                       [--org ID [--admin]] [--password-stdin] [--db PATH]\n"
                 "       hamkor user list [--db PATH]\n"
                 "       hamkor user disable|enable USER [--db PATH]\n"
                 "       hamkor user role USER ROLE [--country XX] [--db PATH]\n"
                 "       hamkor user reset-password USER [--password-stdin] [--db PATH]\n\n"
                 "add makes an account. ROLE is member (default), coordinator (needs --country, the\n"
                 "state it verifies), financial or secretariat. --org makes the user a member of\n"
                 "organisation ID (its admin with --admin). With --password-stdin the password is\n"
                 "the first line of standard input; otherwise a random one is printed once.\n"
                 "list prints one account per line: id, email, role, state, status, name.\n"
                 "disable signs the account out everywhere, revokes its API tokens and refuses its\n"
                 "sign-ins until enable (which brings its password back, not its tokens).\n"
                 "role changes the account's role (a coordinator needs --country).\n"
                 "reset-password sets a new password (random and printed, or --password-stdin)\n"
                 "and signs the account out everywhere. USER is an id or an email.\n");
}

/* A usage error: the reason, then the usage; returns 2. */
static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "hamkor user: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n\n");
    user_usage(stderr);
    return 2;
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

#define PASSWORD_MAX 1100 /* bytes of a password read from standard input */

static int read_password(char *out, size_t len, hk_err *err)
{
    if (!fgets(out, (int)len, stdin))
        return hk_err_set(err, HK_EINVAL, "password", "no password on standard input");
    out[strcspn(out, "\r\n")] = '\0';
    return 0;
}

/* The password of email: the first line of standard input (from_stdin) or
 * a random one, into password (PASSWORD_MAX bytes), checked and hashed in
 * NFC into hash. On failure password is wiped. */
static int new_password(int from_stdin, const char *email, char *password, char *hash, hk_err *err)
{
    if (from_stdin) {
        if (read_password(password, PASSWORD_MAX, err))
            return HK_EINVAL;
    } else {
        auth_token_new(password);
    }
    char *nfc = NULL;
    int bad = auth_password_nfc(password, &nfc, err) || auth_password_check(nfc, email, err) ||
              auth_password_hash(NULL, nfc, hash, err);
    if (nfc) {
        explicit_bzero(nfc, strlen(nfc));
        free(nfc);
    }
    if (bad) {
        explicit_bzero(password, PASSWORD_MAX);
        return HK_EINVAL;
    }
    return 0;
}

static int user_add(int argc, char **argv)
{
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
    if (optind != argc)
        return usage_error("user add takes no operand ('%s')", argv[optind]);
    if (!email || !name)
        return usage_error("user add needs --email and --name%s", "");
    if (parse_role(role_s, &u.role))
        return usage_error("--role '%s': must be member, coordinator, financial or secretariat", role_s);
    if ((u.role == ROLE_COORDINATOR) != (state != NULL) || (state && strlen(state) != 2))
        return usage_error("--country: a coordinator needs --country XX (its state); other roles none%s", "");
    char email_lc[256];
    snprintf(email_lc, sizeof email_lc, "%s", email);
    for (char *p = email_lc; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    char password[PASSWORD_MAX], hash[AUTH_PWHASH_STRBYTES];
    if (new_password(from_stdin, email_lc, password, hash, &err))
        return cli_fail("user", &err);
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
    explicit_bzero(password, sizeof password);
    return 0;
}

/* ---- list, disable, enable, role, reset-password ---- */

/* Options shared by the subcommands below: --db, --country (role),
 * --password-stdin (reset-password); operands after them. */
typedef struct admin_args {
    const char *db;
    const char *country;
    int from_stdin;
    const char *operand[2];
    int n_operands;
} admin_args;

/* Parses argv (argv[1] is the subcommand) allowing the options in allow
 * ("c" --country, "p" --password-stdin) and exactly want operands.
 * Returns -1 to go on, else the exit status. */
static int parse_admin(int argc, char **argv, const char *allow, int want, admin_args *a)
{
    static const struct option opts[] = {{"db", required_argument, 0, 'd'},
                                         {"country", required_argument, 0, 'c'},
                                         {"password-stdin", no_argument, 0, 'p'},
                                         {"help", no_argument, 0, 'h'},
                                         {0}};
    memset(a, 0, sizeof *a);
    a->db = CLI_DEFAULT_DB;
    int c;
    optind = 2;
    opterr = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'h') {
            user_usage(stdout);
            return 0;
        }
        if (c == '?')
            return usage_error("bad option for user %s", argv[1]);
        if (c == 'd') {
            a->db = optarg;
            continue;
        }
        if (!strchr(allow, c)) {
            fprintf(stderr, "hamkor user %s: --%s is not an option of this command\n", argv[1],
                    c == 'c' ? "country" : "password-stdin");
            return 2;
        }
        if (c == 'c')
            a->country = optarg;
        else
            a->from_stdin = 1;
    }
    a->n_operands = argc - optind;
    if (a->n_operands != want) {
        fprintf(stderr, "hamkor user %s: needs %s\n\n", argv[1],
                want == 0 ? "no operand" : want == 1 ? "one USER (an id or an email)" : "USER and ROLE");
        user_usage(stderr);
        return 2;
    }
    for (int i = 0; i < want; i++)
        a->operand[i] = argv[optind + i];
    return -1;
}

/* Finds the user named by an id or an email. */
static int find_user(hk_store *st, const char *who, user *u, hk_err *err)
{
    char *end;
    long long id = strtoll(who, &end, 10);
    if (*who && !*end && id > 0)
        return store_user_get(st, (int64_t)id, u, err);
    return store_user_get_by_email(st, who, u, err);
}

static const char *role_name(user_role r)
{
    return model_enum_name(ENUM_ROLE, (int)r);
}

static int print_user(const user *u, void *ctx)
{
    (void)ctx;
    printf("%lld\t%s\t%s\t%s\t%s\t%s\n", (long long)u->id, u->email, role_name(u->role),
           u->country[0] ? u->country : "-", store_user_disabled(u) ? "disabled" : "active", u->display_name);
    return 0;
}

static int user_list(int argc, char **argv)
{
    admin_args a;
    int status = parse_admin(argc, argv, "", 0, &a);
    if (status >= 0)
        return status;
    hk_err err;
    hk_err_clear(&err);
    hk_store *st;
    if (cli_open_store(a.db, &st, &err))
        return cli_fail("user", &err);
    printf("id\temail\trole\tstate\tstatus\tname\n");
    int rc = store_user_each(st, print_user, NULL, &err);
    store_close(st);
    return rc ? cli_fail("user", &err) : 0;
}

/* Opens the store and finds a.operand[0]: 0, or the exit status with the
 * message printed (the store closed). */
static int open_and_find(const admin_args *a, hk_store **st, user *u, hk_err *err)
{
    if (cli_open_store(a->db, st, err))
        return cli_fail("user", err);
    if (find_user(*st, a->operand[0], u, err)) {
        store_close(*st);
        return cli_fail("user", err);
    }
    return 0;
}

static int user_set_disabled(int argc, char **argv, bool disabled)
{
    admin_args a;
    int status = parse_admin(argc, argv, "", 1, &a);
    if (status >= 0)
        return status;
    hk_err err;
    hk_err_clear(&err);
    hk_store *st;
    user u;
    if ((status = open_and_find(&a, &st, &u, &err)))
        return status;
    bool changed = false;
    int rc = store_user_set_disabled(st, u.id, disabled, 0, &changed, &err);
    store_close(st);
    if (!rc)
        printf("user %lld: %s %s\n", (long long)u.id, u.email,
               !changed ? (disabled ? "was already disabled" : "was already enabled")
                        : disabled ? "disabled (signed out everywhere, API tokens revoked)"
                                   : "enabled (its password works again)");
    user_free(&u);
    return rc ? cli_fail("user", &err) : 0;
}

static int user_change_role(int argc, char **argv)
{
    admin_args a;
    int status = parse_admin(argc, argv, "c", 2, &a);
    if (status >= 0)
        return status;
    user_role role;
    if (parse_role(a.operand[1], &role))
        return usage_error("ROLE '%s': must be member, coordinator, financial or secretariat", a.operand[1]);
    if ((role == ROLE_COORDINATOR) != (a.country != NULL) || (a.country && strlen(a.country) != 2))
        return usage_error("--country: a coordinator needs --country XX (its state); other roles none%s", "");
    hk_err err;
    hk_err_clear(&err);
    hk_store *st;
    user u;
    if ((status = open_and_find(&a, &st, &u, &err)))
        return status;
    char state[3] = "";
    for (int i = 0; a.country && i < 2; i++)
        state[i] = (char)toupper((unsigned char)a.country[i]);
    int rc = store_user_set_role(st, u.id, role, state, 0, &err);
    store_close(st);
    if (!rc)
        printf("user %lld: %s is now %s%s%s (was %s)\n", (long long)u.id, u.email, role_name(role),
               state[0] ? " of " : "", state, role_name(u.role));
    user_free(&u);
    return rc ? cli_fail("user", &err) : 0;
}

static int user_reset_password(int argc, char **argv)
{
    admin_args a;
    int status = parse_admin(argc, argv, "p", 1, &a);
    if (status >= 0)
        return status;
    hk_err err;
    hk_err_clear(&err);
    hk_store *st;
    user u;
    if ((status = open_and_find(&a, &st, &u, &err)))
        return status;
    int rc = 0;
    /* A new password would take the disabled mark off: enabling is its
     * own, deliberate step. */
    if (store_user_disabled(&u))
        rc = hk_err_set(&err, HK_ECONFLICT, NULL, "user %lld (%s) is disabled: enable it first", (long long)u.id,
                        u.email);
    char password[PASSWORD_MAX], hash[AUTH_PWHASH_STRBYTES];
    if (!rc)
        rc = new_password(a.from_stdin, u.email, password, hash, &err);
    /* The new password and the sign-out of every session in one commit. */
    if (!rc && !(rc = store_begin(st, &err))) {
        rc = store_user_set_password(st, u.id, hash, &err);
        if (!rc)
            rc = store_sessions_delete_for_user(st, u.id, 0, NULL, &err);
        if (!rc)
            rc = store_commit(st, &err);
        else
            store_rollback(st);
    }
    store_close(st);
    if (!rc) {
        printf("user %lld: %s has a new password (signed out everywhere)\n", (long long)u.id, u.email);
        if (!a.from_stdin)
            printf("password: %s\n", password);
    }
    explicit_bzero(password, sizeof password);
    user_free(&u);
    return rc ? cli_fail("user", &err) : 0;
}

int cmd_user(int argc, char **argv)
{
    const char *sub = argc >= 2 ? argv[1] : "";
    if (!strcmp(sub, "--help") || !strcmp(sub, "-h")) {
        user_usage(stdout);
        return 0;
    }
    if (!*sub || *sub == '-')
        return usage_error("name a subcommand first: add, list, disable, enable, role or reset-password%s", "");
    if (!strcmp(sub, "add"))
        return user_add(argc, argv);
    if (!strcmp(sub, "list"))
        return user_list(argc, argv);
    if (!strcmp(sub, "disable") || !strcmp(sub, "enable"))
        return user_set_disabled(argc, argv, !strcmp(sub, "disable"));
    if (!strcmp(sub, "role"))
        return user_change_role(argc, argv);
    if (!strcmp(sub, "reset-password"))
        return user_reset_password(argc, argv);
    return usage_error("unknown subcommand '%s' (add, list, disable, enable, role, reset-password)", sub);
}
