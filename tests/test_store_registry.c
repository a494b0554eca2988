/*
 * test_store_registry.c - the abuse cases of issue 17, finding 2, in the
 * store: a verification tier does not survive a change of identity (an
 * endorsed organisation renamed, moved to another registry id, country or
 * website drops to self_declared in the same transaction, audited as
 * tier_dropped), while descriptive edits keep it; a registry id another
 * organisation holds raises a duplicate flag for the secretariat and
 * cannot be verified while another verified organisation holds it; an id
 * stored before the registry rules existed cannot be "registry checked".
 * Runs on SQLite, and on PostgreSQL with HAMKOR_TEST_PG set.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"
#include "store_fixture.h"
#include "store_raw.h"

typedef store_fx fx;

static const char COUNTRIES[] = "iso2\tstatus\tname_en\tname_ru\tname_zh\n"
                                "RU\tmember\tRussia\tРоссия\t俄罗斯\n"
                                "UZ\tmember\tUzbekistan\tУзбекистан\t乌兹别克斯坦\n"
                                "KZ\tmember\tKazakhstan\tКазахстан\t哈萨克斯坦\n"
                                "TJ\tmember\tTajikistan\tТаджикистан\t塔吉克斯坦\n"
                                "CN\tmember\tChina\tКитай\t中国\n";

static int setup(void **state) { return store_fixture_setup(state, "registry", COUNTRIES); }
static int teardown(void **state) { return store_fixture_teardown(state); }

/* ---- builders ---- */

static char **strv1(const char *s)
{
    char **v = calloc(1, sizeof *v);
    v[0] = strdup(s);
    return v;
}

/* A Russian organisation with two names, an INN, a website, a capability
 * and a language: every kind of field the tests change. */
static void new_org(organisation *o, const char *inn)
{
    memset(o, 0, sizeof *o);
    o->names = calloc(2, sizeof *o->names);
    o->names[0] = (org_name){.text = strdup("ООО «Уралхим»"), .lang = strdup("ru"), .primary = true};
    o->names[1] = (org_name){.text = strdup("Uralkhim LLC"), .lang = strdup("en")};
    o->n_names = 2;
    o->registry_scheme = strdup("INN");
    o->registry_id = strdup(inn);
    strcpy(o->country, "RU");
    o->city = strdup("Perm");
    o->type = ORG_ENTERPRISE;
    o->size = SIZE_LARGE;
    o->isic = strv1("2012");
    o->n_isic = 1;
    o->capabilities = calloc(1, sizeof *o->capabilities);
    o->capabilities[0] = (capability){.kind = CAP_PROCESS, .text = strdup("ammonia synthesis")};
    o->n_capabilities = 1;
    o->languages = strv1("ru");
    o->n_languages = 1;
    o->website = strdup("https://uralchem.example.ru");
}

static void set_str(char **field, const char *value)
{
    free(*field);
    *field = value ? strdup(value) : NULL;
}

static int64_t create(fx *f, organisation *o, int64_t actor)
{
    hk_err err;
    if (store_org_create(f->st, o, actor, &err))
        fail_msg("create: %s: %s", err.field, err.msg);
    return o->id;
}

static int64_t new_user(fx *f, const char *email, user_role role, const char *state)
{
    user u;
    memset(&u, 0, sizeof u);
    u.email = (char *)email;
    u.display_name = (char *)email;
    u.role = role;
    if (state)
        memcpy(u.country, state, 3);
    hk_err err;
    if (store_user_create(f->st, &u, &err))
        fail_msg("user %s: %s", email, err.msg);
    return u.id;
}

static verification_tier stored_tier(fx *f, int64_t id)
{
    organisation got;
    hk_err err;
    assert_int_equal(store_org_get(f->st, id, &got, &err), 0);
    verification_tier t = got.tier;
    organisation_free(&got);
    return t;
}

/* The audit entries of organisation id with action, and the detail of the
 * last one (copied into detail, cap bytes) when detail is not NULL. */
typedef struct audit_find {
    const char *action;
    int n;
    int64_t actor;
    char detail[512];
} audit_find;

static int find_audit(const audit_entry *a, void *ctx)
{
    audit_find *q = ctx;
    if (strcmp(a->action, q->action))
        return 0;
    q->n++;
    q->actor = a->actor_id;
    snprintf(q->detail, sizeof q->detail, "%s", a->detail ? a->detail : "");
    return 0;
}

static audit_find audits(fx *f, int64_t id, const char *action)
{
    audit_find q = {.action = action};
    hk_err err;
    assert_int_equal(store_audit_each(f->st, "organisation", id, find_audit, &q, &err), 0);
    return q;
}

/* The duplicate flags raised so far, in id order; free with store_dup_flags_free. */
static store_dup_flag *flags(fx *f, size_t *n)
{
    store_dup_flag *v = NULL;
    hk_err err;
    assert_int_equal(store_dup_flags_list(f->st, 0, 100, &v, n, &err), 0);
    return v;
}

/* ---- a change of identity drops the tier ---- */

/* What each identity change does to the record. */
static void change_names(organisation *o) { set_str(&o->names[1].text, "Uralkhim Holding LLC"); }
static void change_registry_id(organisation *o) { set_str(&o->registry_id, "7736050003"); }
static void change_country(organisation *o)
{
    strcpy(o->country, "KZ");
    set_str(&o->registry_scheme, "BIN");
    set_str(&o->registry_id, "940140000385");
}
static void change_website(organisation *o) { set_str(&o->website, "https://other.example.kz"); }
static void remove_website(organisation *o) { set_str(&o->website, NULL); }
static void add_a_name(organisation *o)
{
    o->names = realloc(o->names, 3 * sizeof *o->names);
    o->names[2] = (org_name){.text = strdup("Уралхим"), .lang = strdup("kk")};
    o->n_names = 3;
}

static const struct {
    void (*change)(organisation *o);
    const char *changed; /* the audit's "changed" list */
} identity_changes[] = {
    {change_names, "[\"names\"]"},
    {add_a_name, "[\"names\"]"},
    {change_registry_id, "[\"registry_id\"]"},
    {change_country, "[\"registry_scheme\",\"registry_id\",\"country\"]"},
    {change_website, "[\"website\"]"},
    {remove_website, "[\"website\"]"},
};

static void an_endorsed_organisation_that_changes_its_identity_drops_to_self_declared(void **state)
{
    fx *f = *state;
    hk_err err;
    int64_t coordinator = new_user(f, "coord@example.ru", ROLE_COORDINATOR, "RU");
    int64_t admin = new_user(f, "admin@example.ru", ROLE_MEMBER, NULL);
    for (size_t i = 0; i < sizeof identity_changes / sizeof identity_changes[0]; i++) {
        organisation o;
        /* Each organisation its own INN, so that none is another's twin. */
        static const char *const inns[] = {"7707083893", "500100732259", "123456789047", "7710140679",
                                           "7702070139", "7727559394"};
        new_org(&o, inns[i]);
        create(f, &o, 0); /* six: more than one account may create in a day */
        assert_int_equal(store_org_set_tier(f->st, o.id, TIER_COORDINATOR_ENDORSED, coordinator, &err), 0);
        identity_changes[i].change(&o);
        if (store_org_update(f->st, &o, 0, admin, &err))
            fail_msg("change %zu: %s: %s", i, err.field, err.msg);
        /* The record handed back and the stored one both say so. */
        assert_int_equal(o.tier, TIER_SELF_DECLARED);
        assert_int_equal(stored_tier(f, o.id), TIER_SELF_DECLARED);
        audit_find a = audits(f, o.id, "tier_dropped");
        assert_int_equal(a.n, 1);
        assert_int_equal(a.actor, admin);
        assert_non_null(strstr(a.detail, "\"from\":\"coordinator_endorsed\""));
        assert_non_null(strstr(a.detail, "\"to\":\"self_declared\""));
        char want[128];
        snprintf(want, sizeof want, "\"changed\":%s", identity_changes[i].changed);
        if (!strstr(a.detail, want))
            fail_msg("change %zu: %s does not say %s", i, a.detail, want);
        /* One update: one version step, one "update" entry beside it. */
        assert_int_equal(o.version, 3);
        assert_int_equal(audits(f, o.id, "update").n, 1);
        organisation_free(&o);
    }
}

static void a_registry_checked_organisation_drops_too(void **state)
{
    fx *f = *state;
    hk_err err;
    organisation o;
    new_org(&o, "7707083893");
    create(f, &o, 0);
    assert_int_equal(store_org_set_tier(f->st, o.id, TIER_REGISTRY_CHECKED, 0, &err), 0);
    change_registry_id(&o);
    assert_int_equal(store_org_update(f->st, &o, 0, 0, &err), 0);
    assert_int_equal(stored_tier(f, o.id), TIER_SELF_DECLARED);
    assert_non_null(strstr(audits(f, o.id, "tier_dropped").detail, "\"from\":\"registry_checked\""));
    organisation_free(&o);
}

static void descriptive_edits_keep_the_tier(void **state)
{
    fx *f = *state;
    hk_err err;
    organisation o;
    new_org(&o, "7707083893");
    create(f, &o, 0);
    assert_int_equal(store_org_set_tier(f->st, o.id, TIER_COORDINATOR_ENDORSED, 0, &err), 0);
    /* Capabilities, languages, city, codes, size; the same names in
     * another order, with the other one primary and another tag. */
    free(o.capabilities[0].text);
    o.capabilities[0].text = strdup("urea granulation");
    free(o.languages[0]);
    o.languages[0] = strdup("en");
    set_str(&o.city, "Berezniki");
    free(o.isic[0]);
    o.isic[0] = strdup("2011");
    o.size = SIZE_MEDIUM;
    org_name first = o.names[0];
    o.names[0] = o.names[1];
    o.names[1] = first;
    o.names[0].primary = true;
    o.names[1].primary = false;
    set_str(&o.names[0].lang, "en-GB");
    assert_int_equal(store_org_update(f->st, &o, 0, 0, &err), 0);
    assert_int_equal(o.tier, TIER_COORDINATOR_ENDORSED);
    assert_int_equal(stored_tier(f, o.id), TIER_COORDINATOR_ENDORSED);
    assert_int_equal(audits(f, o.id, "tier_dropped").n, 0);
    organisation_free(&o);
}

static void a_self_declared_organisation_has_no_tier_to_drop(void **state)
{
    fx *f = *state;
    hk_err err;
    organisation o;
    new_org(&o, "7707083893");
    create(f, &o, 0);
    change_names(&o);
    change_registry_id(&o);
    assert_int_equal(store_org_update(f->st, &o, 0, 0, &err), 0);
    assert_int_equal(o.tier, TIER_SELF_DECLARED);
    assert_int_equal(audits(f, o.id, "tier_dropped").n, 0);
    organisation_free(&o);
}

static void a_refused_update_keeps_the_tier(void **state)
{
    fx *f = *state;
    hk_err err;
    organisation o;
    new_org(&o, "7707083893");
    create(f, &o, 0);
    assert_int_equal(store_org_set_tier(f->st, o.id, TIER_COORDINATOR_ENDORSED, 0, &err), 0);
    change_names(&o);
    /* A stale version and a wrong check digit change nothing, the tier
     * included. */
    assert_int_equal(store_org_update(f->st, &o, 1, 0, &err), HK_ECONFLICT);
    set_str(&o.registry_id, "7707083894");
    assert_int_equal(store_org_update(f->st, &o, 0, 0, &err), HK_EINVAL);
    assert_string_equal(err.field, "registry_id");
    assert_int_equal(stored_tier(f, o.id), TIER_COORDINATOR_ENDORSED);
    assert_int_equal(audits(f, o.id, "tier_dropped").n, 0);
    organisation_free(&o);
}

static void import_keeps_the_tier_it_is_given(void **state)
{
    fx *f = *state;
    hk_err err;
    organisation o;
    new_org(&o, "7707083893");
    o.id = 42;
    o.tier = TIER_COORDINATOR_ENDORSED;
    assert_int_equal(store_org_create(f->st, &o, 0, &err), 0);
    assert_int_equal(stored_tier(f, 42), TIER_COORDINATOR_ENDORSED);
    organisation_free(&o);
}

/* ---- registry ids held by another organisation ---- */

static void a_second_organisation_with_the_same_registry_id_raises_a_flag_and_cannot_be_verified(void **state)
{
    fx *f = *state;
    hk_err err;
    int64_t sec = new_user(f, "sec@example.org", ROLE_SECRETARIAT, NULL);
    int64_t coordinator = new_user(f, "coord@example.ru", ROLE_COORDINATOR, "RU");
    int64_t mallory = new_user(f, "mallory@example.ru", ROLE_MEMBER, NULL);
    organisation real, copy;
    new_org(&real, "7707083893");
    create(f, &real, 0);
    assert_int_equal(store_org_set_tier(f->st, real.id, TIER_REGISTRY_CHECKED, coordinator, &err), 0);
    size_t n;
    store_dup_flag *v = flags(f, &n);
    assert_int_equal(n, 0);
    store_dup_flags_free(v, n);

    /* The write succeeds: branches and records entered twice exist. */
    new_org(&copy, "7707083893");
    set_str(&copy.names[0].text, "ООО «Уралхим-Трейд»");
    create(f, &copy, mallory);
    v = flags(f, &n);
    assert_int_equal(n, 1);
    assert_int_equal(v[0].org_id, copy.id);
    assert_int_equal(v[0].duplicate_of, real.id);
    assert_int_equal(v[0].flagged_by, mallory);
    assert_string_equal(v[0].note, "same registry id INN 7707083893");
    store_dup_flags_free(v, n);
    audit_find a = audits(f, copy.id, "flag_duplicate");
    assert_int_equal(a.n, 1);
    assert_int_equal(a.actor, mallory);
    assert_non_null(strstr(a.detail, "\"by_store\":true"));

    /* Neither the coordinator nor the secretariat can vouch for a second
     * holder of a verified id; the first keeps its tier. */
    assert_int_equal(store_org_set_tier(f->st, copy.id, TIER_REGISTRY_CHECKED, coordinator, &err), HK_ECONFLICT);
    assert_string_equal(err.field, "tier");
    assert_non_null(strstr(err.msg, "holds the same registry id"));
    assert_int_equal(store_org_set_tier(f->st, copy.id, TIER_COORDINATOR_ENDORSED, sec, &err), HK_ECONFLICT);
    assert_int_equal(stored_tier(f, copy.id), TIER_SELF_DECLARED);
    assert_int_equal(stored_tier(f, real.id), TIER_REGISTRY_CHECKED);
    /* Setting it back to self_declared is always allowed. */
    assert_int_equal(store_org_set_tier(f->st, copy.id, TIER_SELF_DECLARED, sec, &err), 0);
    organisation_free(&real);
    organisation_free(&copy);
}

static void taking_a_verified_id_by_update_raises_a_flag_and_blocks_verification(void **state)
{
    fx *f = *state;
    hk_err err;
    int64_t sec = new_user(f, "sec@example.org", ROLE_SECRETARIAT, NULL);
    organisation real, other;
    new_org(&real, "7707083893");
    create(f, &real, 0);
    assert_int_equal(store_org_set_tier(f->st, real.id, TIER_COORDINATOR_ENDORSED, sec, &err), 0);
    new_org(&other, "7736050003");
    create(f, &other, 0);
    assert_int_equal(store_org_set_tier(f->st, other.id, TIER_REGISTRY_CHECKED, sec, &err), 0);
    /* The verified other organisation takes the first one's INN: its tier
     * drops (a change of identity) and it cannot get it back. */
    set_str(&other.registry_id, "7707083893");
    assert_int_equal(store_org_update(f->st, &other, 0, 0, &err), 0);
    assert_int_equal(other.tier, TIER_SELF_DECLARED);
    size_t n;
    store_dup_flag *v = flags(f, &n);
    assert_int_equal(n, 1);
    assert_int_equal(v[0].org_id, other.id);
    assert_int_equal(v[0].duplicate_of, real.id);
    store_dup_flags_free(v, n);
    assert_int_equal(store_org_set_tier(f->st, other.id, TIER_REGISTRY_CHECKED, sec, &err), HK_ECONFLICT);
    assert_string_equal(err.field, "tier");
    organisation_free(&real);
    organisation_free(&other);
}

static void a_pair_is_flagged_once_whoever_writes(void **state)
{
    fx *f = *state;
    hk_err err;
    int64_t alice = new_user(f, "alice@example.ru", ROLE_MEMBER, NULL);
    int64_t bob = new_user(f, "bob@example.ru", ROLE_MEMBER, NULL);
    organisation a, b;
    new_org(&a, "7707083893");
    create(f, &a, alice);
    new_org(&b, "7707083893");
    create(f, &b, alice);
    set_str(&b.city, "Kazan");
    assert_int_equal(store_org_update(f->st, &b, 0, bob, &err), 0);
    set_str(&a.city, "Ufa");
    assert_int_equal(store_org_update(f->st, &a, 0, bob, &err), 0);
    size_t n;
    store_dup_flag *v = flags(f, &n);
    assert_int_equal(n, 1);
    assert_int_equal(v[0].flagged_by, alice);
    store_dup_flags_free(v, n);
    organisation_free(&a);
    organisation_free(&b);
}

static void a_write_without_a_user_flags_in_the_name_of_the_first_secretariat_account(void **state)
{
    fx *f = *state;
    organisation a, b, c;
    /* No secretariat account yet: no one to tell, nothing raised. */
    new_org(&a, "7707083893");
    create(f, &a, 0);
    new_org(&b, "7707083893");
    create(f, &b, 0);
    size_t n;
    store_dup_flag *v = flags(f, &n);
    assert_int_equal(n, 0);
    store_dup_flags_free(v, n);
    /* Then the import of a third copy (actor 0) and a write by an actor id
     * that is no user are flagged in the name of the first secretariat
     * account. */
    new_user(f, "member@example.org", ROLE_MEMBER, NULL);
    int64_t sec1 = new_user(f, "sec1@example.org", ROLE_SECRETARIAT, NULL);
    new_user(f, "sec2@example.org", ROLE_SECRETARIAT, NULL);
    new_org(&c, "7707083893");
    c.id = 500;
    create(f, &c, 0);
    v = flags(f, &n);
    assert_int_equal(n, 1);
    assert_int_equal(v[0].org_id, 500);
    assert_int_equal(v[0].duplicate_of, a.id);
    assert_int_equal(v[0].flagged_by, sec1);
    store_dup_flags_free(v, n);
    /* The audit says who wrote: the system, not the secretariat. */
    assert_int_equal(audits(f, 500, "flag_duplicate").actor, 0);
    hk_err err;
    set_str(&b.city, "Kazan");
    assert_int_equal(store_org_update(f->st, &b, 0, 99999, &err), 0);
    v = flags(f, &n);
    assert_int_equal(n, 2);
    assert_int_equal(v[1].org_id, b.id);
    assert_int_equal(v[1].flagged_by, sec1);
    store_dup_flags_free(v, n);
    organisation_free(&a);
    organisation_free(&b);
    organisation_free(&c);
}

static void a_self_declared_twin_does_not_block_the_verification_of_the_real_one(void **state)
{
    fx *f = *state;
    hk_err err;
    /* A squatter who registers a known company's INN first must not be
     * able to keep the real company from being verified. */
    organisation squatter, real;
    new_org(&squatter, "7707083893");
    create(f, &squatter, 0);
    new_org(&real, "7707083893");
    create(f, &real, 0);
    assert_int_equal(store_org_set_tier(f->st, real.id, TIER_REGISTRY_CHECKED, 0, &err), 0);
    /* From then on the squatter cannot be verified. */
    assert_int_equal(store_org_set_tier(f->st, squatter.id, TIER_REGISTRY_CHECKED, 0, &err), HK_ECONFLICT);
    organisation_free(&squatter);
    organisation_free(&real);
}

static void ids_of_shared_scheme_names_are_compared_within_a_country(void **state)
{
    fx *f = *state;
    hk_err err;
    organisation tj, uz, cn, kz;
    /* "INN 301234567" is a Tajik INN in Tajikistan and a STIR in
     * Uzbekistan: two registries, two organisations. */
    new_org(&tj, "301234567");
    strcpy(tj.country, "TJ");
    create(f, &tj, 0);
    assert_int_equal(store_org_set_tier(f->st, tj.id, TIER_REGISTRY_CHECKED, 0, &err), 0);
    new_org(&uz, "301234567");
    strcpy(uz.country, "UZ");
    create(f, &uz, 0);
    assert_int_equal(store_org_set_tier(f->st, uz.id, TIER_REGISTRY_CHECKED, 0, &err), 0);
    /* A USCC is China's wherever the organisation is. */
    new_org(&cn, "x");
    set_str(&cn.registry_scheme, "USCC");
    set_str(&cn.registry_id, "91350100M000100Y43");
    strcpy(cn.country, "CN");
    create(f, &cn, 0);
    assert_int_equal(store_org_set_tier(f->st, cn.id, TIER_REGISTRY_CHECKED, 0, &err), 0);
    new_org(&kz, "x");
    set_str(&kz.registry_scheme, "USCC");
    set_str(&kz.registry_id, "91350100M000100Y43");
    strcpy(kz.country, "KZ");
    create(f, &kz, 0);
    assert_int_equal(store_org_set_tier(f->st, kz.id, TIER_REGISTRY_CHECKED, 0, &err), HK_ECONFLICT);
    organisation_free(&tj);
    organisation_free(&uz);
    organisation_free(&cn);
    organisation_free(&kz);
}

/* The second of two verifications of twins, on a connection of its own. */
typedef struct verifier {
    const char *path;
    int64_t org;
    int rc;
    hk_err err;
} verifier;

static void *verify_twin(void *arg)
{
    verifier *v = arg;
    hk_store *st;
    if ((v->rc = store_open(v->path, &st, &v->err)))
        return NULL;
    v->rc = store_org_set_tier(st, v->org, TIER_REGISTRY_CHECKED, 0, &v->err);
    store_close(st);
    return NULL;
}

static void two_verifications_of_twins_at_once_verify_one(void **state)
{
    fx *f = *state;
    hk_err err;
    organisation a, b;
    new_org(&a, "7707083893");
    create(f, &a, 0);
    new_org(&b, "7707083893");
    create(f, &b, 0);
    /* The first verification is written but not committed when the
     * second starts on another connection (another node, on PostgreSQL):
     * the second waits for it, then sees it and is refused. */
    assert_int_equal(store_begin(f->st, &err), 0);
    assert_int_equal(store_org_set_tier(f->st, a.id, TIER_REGISTRY_CHECKED, 0, &err), 0);
    verifier v = {.path = f->path, .org = b.id};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, verify_twin, &v), 0);
    usleep(300 * 1000);
    assert_int_equal(store_commit(f->st, &err), 0);
    pthread_join(t, NULL);
    if (v.rc != HK_ECONFLICT)
        fail_msg("the second verification gave %d: %s: %s", v.rc, v.err.field, v.err.msg);
    assert_string_equal(v.err.field, "tier");
    assert_int_equal(stored_tier(f, a.id), TIER_REGISTRY_CHECKED);
    assert_int_equal(stored_tier(f, b.id), TIER_SELF_DECLARED);
    organisation_free(&a);
    organisation_free(&b);
}

static void an_id_stored_before_the_rules_cannot_be_registry_checked(void **state)
{
    fx *f = *state;
    hk_err err;
    organisation o;
    new_org(&o, "7707083893");
    create(f, &o, 0);
    /* As a database written before model_registry.c would hold it. */
    char sql[160];
    snprintf(sql, sizeof sql, "UPDATE organisations SET registry_id = '7707083894' WHERE id = %lld",
             (long long)o.id);
    assert_int_equal(raw_exec(f->path, sql), 0);
    assert_int_equal(store_org_set_tier(f->st, o.id, TIER_REGISTRY_CHECKED, 0, &err), HK_ECONFLICT);
    assert_string_equal(err.field, "tier");
    assert_non_null(strstr(err.msg, "the check digit should be 3"));
    assert_int_equal(store_org_set_tier(f->st, o.id, TIER_SELF_DECLARED, 0, &err), 0);
    organisation_free(&o);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(an_endorsed_organisation_that_changes_its_identity_drops_to_self_declared),
        T(a_registry_checked_organisation_drops_too),
        T(descriptive_edits_keep_the_tier),
        T(a_self_declared_organisation_has_no_tier_to_drop),
        T(a_refused_update_keeps_the_tier),
        T(import_keeps_the_tier_it_is_given),
        T(a_second_organisation_with_the_same_registry_id_raises_a_flag_and_cannot_be_verified),
        T(taking_a_verified_id_by_update_raises_a_flag_and_blocks_verification),
        T(a_pair_is_flagged_once_whoever_writes),
        T(a_write_without_a_user_flags_in_the_name_of_the_first_secretariat_account),
        T(a_self_declared_twin_does_not_block_the_verification_of_the_real_one),
        T(ids_of_shared_scheme_names_are_compared_within_a_country),
        T(two_verifications_of_twins_at_once_verify_one),
        T(an_id_stored_before_the_rules_cannot_be_registry_checked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
