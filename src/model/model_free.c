/*
 * model_free.c - releasing what each record of model.h owns. Every
 * function accepts a partly filled struct (as left by a failed
 * *_from_json or store read) and leaves the struct zeroed, so calling it
 * twice is harmless.
 */
#include "model/model.h"

#include <stdlib.h>
#include <string.h>

static void strv_free(char **v, size_t n)
{
    if (!v)
        return;
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void country_free(country *c)
{
    if (!c)
        return;
    free(c->name_en);
    free(c->name_ru);
    free(c->name_zh);
    memset(c, 0, sizeof *c);
}

void organisation_free(organisation *o)
{
    if (!o)
        return;
    for (size_t i = 0; o->names && i < o->n_names; i++) {
        free(o->names[i].text);
        free(o->names[i].lang);
    }
    free(o->names);
    free(o->registry_scheme);
    free(o->registry_id);
    free(o->city);
    strv_free(o->isic, o->n_isic);
    strv_free(o->hs, o->n_hs);
    for (size_t i = 0; o->capabilities && i < o->n_capabilities; i++) {
        free(o->capabilities[i].text);
        free(o->capabilities[i].unit);
    }
    free(o->capabilities);
    for (size_t i = 0; o->certifications && i < o->n_certifications; i++) {
        free(o->certifications[i].name);
        free(o->certifications[i].scope);
    }
    free(o->certifications);
    strv_free(o->languages, o->n_languages);
    free(o->website);
    memset(o, 0, sizeof *o);
}

void user_free(user *u)
{
    if (!u)
        return;
    free(u->email);
    free(u->display_name);
    free(u->password_hash);
    memset(u, 0, sizeof *u);
}

void listing_free(listing *l)
{
    if (!l)
        return;
    for (size_t i = 0; l->texts && i < l->n_texts; i++) {
        free(l->texts[i].lang);
        free(l->texts[i].title);
        free(l->texts[i].description);
    }
    free(l->texts);
    strv_free(l->hs, l->n_hs);
    strv_free(l->isic, l->n_isic);
    for (size_t i = 0; l->quantities && i < l->n_quantities; i++) {
        free(l->quantities[i].unit);
        free(l->quantities[i].period);
    }
    free(l->quantities);
    free(l->targets);
    memset(l, 0, sizeof *l);
}

void interest_free(interest *i)
{
    if (!i)
        return;
    free(i->offered);
    free(i->sought);
    free(i->why);
    memset(i, 0, sizeof *i);
}

void message_free(message *m)
{
    if (!m)
        return;
    free(m->body);
    memset(m, 0, sizeof *m);
}

void audit_entry_free(audit_entry *a)
{
    if (!a)
        return;
    free(a->action);
    free(a->entity);
    free(a->detail);
    memset(a, 0, sizeof *a);
}
