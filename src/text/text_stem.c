/*
 * text_stem.c - Snowball stemming through libstemmer.
 *
 * An sb_stemmer keeps its working buffer inside the object, so it must not
 * be shared between threads. Each worker (see text_analyzer.c) opens the
 * stemmers it needs on first use and keeps them for later calls; a worker
 * is used by one call at a time, which is what makes this safe without a
 * lock around every stem.
 */
#include <libstemmer.h>

#include "text_int.h"

/* libstemmer's algorithm name per language; NULL where Snowball has none
 * (Uzbek, Kazakh, Kyrgyz, Tajik, Belarusian, Urdu, Persian, Mongolian):
 * those tokens pass through unstemmed. */
static const char *const stemmer_name[TL__COUNT] = {
    [TL_EN] = "english",
    [TL_RU] = "russian",
    [TL_HI] = "hindi",
    [TL_AR] = "arabic",
};

text_lang text_stem_lang(text_lang doc, text_script sc)
{
    switch (sc) {
    case TEXT_SCRIPT_LATIN:
        /* Latin words in an English text, and in texts written in other
         * scripts (brand names, terms: mostly English); Uzbek and other
         * Latin-script languages without a stemmer stay unstemmed. */
        return (doc == TL_UZ || doc == TL_KK || doc == TL_TG || doc == TL_KY) ? TL_UND : TL_EN;
    case TEXT_SCRIPT_CYRILLIC:
        /* Russian words also appear in Chinese or English texts; texts in
         * the other Cyrillic languages have no Snowball stemmer. */
        return (doc == TL_RU || doc == TL_UND || doc == TL_EN || doc == TL_ZH || doc == TL_HI ||
                doc == TL_UR || doc == TL_FA || doc == TL_AR)
                   ? TL_RU
                   : TL_UND;
    case TEXT_SCRIPT_DEVANAGARI:
        return TL_HI;
    case TEXT_SCRIPT_ARABIC:
        return doc == TL_AR ? TL_AR : TL_UND;
    default:
        return TL_UND;
    }
}

int text_stem(text_stemmers *st, text_lang l, const char *norm, int len, const char **out,
              int *out_len)
{
    *out = norm;
    *out_len = len;
    if (l <= TL_UND || l >= TL__COUNT || !stemmer_name[l])
        return 0;
    if (!st->tried[l]) {
        st->tried[l] = true;
        st->s[l] = sb_stemmer_new(stemmer_name[l], "UTF_8");
        if (!st->s[l])
            return HK_ENOMEM; /* the names above all exist in Debian's libstemmer */
    }
    if (!st->s[l])
        return 0;
    const sb_symbol *r = sb_stemmer_stem(st->s[l], (const sb_symbol *)norm, len);
    if (!r)
        return HK_ENOMEM;
    *out = (const char *)r;
    *out_len = sb_stemmer_length(st->s[l]);
    return 0;
}

void text_stemmers_free(text_stemmers *st)
{
    for (int i = 0; i < TL__COUNT; i++) {
        if (st->s[i])
            sb_stemmer_delete(st->s[i]);
        st->s[i] = NULL;
        st->tried[i] = false;
    }
}
