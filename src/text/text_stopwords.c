/*
 * text_stopwords.c - stop words per language, as data.
 *
 * The lists hold function words that carry no meaning in a product or
 * capability description (articles, conjunctions, prepositions, pronouns,
 * copulas). Numbers are deliberately absent: quantities matter in
 * listings. Words are written in normalised form (NFKC case-folded,
 * Simplified Chinese, ' for every Uzbek apostrophe) because they are
 * compared with token norms. Russian words appear also in Uzbek, Kazakh,
 * Kyrgyz, Tajik and Belarusian texts less often than one would think, so
 * each language keeps its own list; a token is checked against the list of
 * its text's language and, for Latin and Cyrillic tokens in texts of other
 * scripts, against English or Russian.
 *
 * The analyzer sorts a copy of each list once (text_stopwords_init) and
 * looks words up by binary search.
 */
#include <stdlib.h>
#include <string.h>

#include "text_int.h"

static const char *const stop_en[] = {
    "a", "about", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "being",
    "both", "but", "by", "can", "could", "did", "do", "does", "each", "for", "from", "had", "has",
    "have", "he", "her", "his", "i", "if", "in", "into", "is", "it", "its", "may", "me", "more",
    "most", "my", "no", "not", "of", "on", "only", "or", "other", "our", "out", "over", "she",
    "should", "so", "such", "than", "that", "the", "their", "them", "then", "there", "these",
    "they", "this", "those", "to", "under", "up", "us", "was", "we", "were", "which", "who",
    "whom", "will", "with", "would", "you", "your", NULL};

static const char *const stop_ru[] = {
    "а", "без", "более", "бы", "был", "была", "были", "было", "быть", "в", "вам", "вас", "ведь",
    "во", "вот", "все", "всех", "всего", "вы", "где", "да", "для", "до", "его", "ее", "её", "ей",
    "ему", "если", "есть", "еще", "ещё", "же", "за", "здесь", "и", "из", "или", "им", "их", "к",
    "как", "какой", "когда", "кто", "ли", "либо", "между", "мы", "на", "над", "наш", "наша",
    "наше", "наши", "нашей", "нашего", "не", "него", "нее", "нет", "ни", "них", "но", "ну", "о",
    "об", "однако", "он", "она", "они", "оно", "от", "по", "под", "при", "про", "с", "со", "так",
    "также", "такой", "там", "те", "тем", "то", "того", "тоже", "той", "только", "том", "тот",
    "у", "уже", "чем", "что", "чтобы", "эта", "эти", "это", "этого", "этой", "этом", "этот", "эту",
    "я", NULL};

static const char *const stop_zh[] = {
    "的", "了", "和", "与", "及", "或", "是", "在", "有", "为", "对", "于", "以", "等", "这",
    "那", "其", "之", "也", "就", "都", "而", "并", "但", "把", "被", "从", "由", "向", "到",
    "我们", "我", "你", "他", "她", "它", "他们", "我司", "可", "可以", "将", "该", "各", "每",
    "所", "以及", "或者", "及其", "并且", "如果", "因为", "所以", NULL};

static const char *const stop_uz[] = {
    /* Latin */
    "va", "bilan", "uchun", "ham", "bu", "u", "shu", "esa", "yoki", "lekin", "ammo", "bo'yicha",
    "kabi", "har", "biz", "siz", "ular", "men", "orqali", "hamda",
    /* Cyrillic */
    "ва", "билан", "учун", "ҳам", "бу", "у", "шу", "эса", "ёки", "лекин", "аммо", "бўйича",
    "каби", "ҳар", "биз", "сиз", "улар", "мен", "орқали", "ҳамда", NULL};

static const char *const stop_kk[] = {
    "және", "мен", "бен", "пен", "да", "де", "та", "те", "бұл", "ол", "осы", "сол", "үшін",
    "туралы", "бойынша", "біз", "сіз", "олар", "немесе", "бірақ", "ал", "әр", "ғана", "тағы",
    "арқылы", NULL};

static const char *const stop_ky[] = {
    "жана", "менен", "үчүн", "бул", "ал", "ошол", "бирок", "же", "да", "дагы", "биз", "силер",
    "алар", "боюнча", "аркылуу", "ар", NULL};

static const char *const stop_tg[] = {
    "ва", "дар", "бо", "аз", "ба", "барои", "ки", "ин", "он", "то", "ҳам", "ё", "аммо", "вале",
    "мо", "шумо", "онҳо", "низ", "ҳар", "аст", "мебошад", NULL};

static const char *const stop_be[] = {
    "і", "й", "ў", "у", "на", "з", "са", "да", "для", "па", "што", "гэта", "як", "але", "ці",
    "не", "ад", "аб", "мы", "вы", "яны", "ён", "яна", "таксама", "пры", "праз", "пра", "або",
    "наш", "наша", NULL};

static const char *const stop_hi[] = {
    "का", "के", "की", "है", "हैं", "में", "से", "और", "को", "पर", "यह", "वह", "ये", "वे", "था",
    "थे", "थी", "हो", "भी", "तक", "लिए", "द्वारा", "साथ", "जो", "कि", "या", "एवं", "तथा", "हम",
    "आप", "नहीं", "ने", NULL};

static const char *const stop_ur[] = {
    "کا", "کے", "کی", "ہے", "ہیں", "میں", "سے", "اور", "کو", "پر", "یہ", "وہ", "کہ", "بھی",
    "تک", "لیے", "لئے", "ساتھ", "جو", "یا", "ہم", "آپ", "نہیں", "نے", "تھا", "تھے", NULL};

static const char *const stop_fa[] = {
    "و", "در", "به", "از", "با", "که", "این", "آن", "را", "برای", "است", "هست", "یا", "تا",
    "بر", "ما", "شما", "آنها", "هم", "نیز", "اما", "می", "شود", NULL};

static const char *const stop_mn[] = {
    "ба", "болон", "нь", "юм", "энэ", "тэр", "бол", "бид", "та", "тэд", "ч", "мөн", "эсвэл",
    "зэрэг", "тул", NULL};

static const char *const stop_ar[] = {
    "و", "في", "من", "على", "إلى", "عن", "مع", "هذا", "هذه", "التي", "الذي", "أن", "إن", "أو",
    "كان", "ما", "لا", "هو", "هي", NULL};

static const char *const *const stop_lists[TL__COUNT] = {
    [TL_EN] = stop_en, [TL_RU] = stop_ru, [TL_ZH] = stop_zh, [TL_UZ] = stop_uz,
    [TL_KK] = stop_kk, [TL_KY] = stop_ky, [TL_TG] = stop_tg, [TL_BE] = stop_be,
    [TL_HI] = stop_hi, [TL_UR] = stop_ur, [TL_FA] = stop_fa, [TL_MN] = stop_mn,
    [TL_AR] = stop_ar,
};

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int text_stopwords_init(text_stopset sets[TL__COUNT], hk_err *err)
{
    memset(sets, 0, sizeof(text_stopset) * TL__COUNT);
    for (int l = 0; l < TL__COUNT; l++) {
        const char *const *src = stop_lists[l];
        if (!src)
            continue;
        size_t n = 0;
        while (src[n])
            n++;
        sets[l].w = malloc(n * sizeof *sets[l].w);
        if (!sets[l].w) {
            text_stopwords_free(sets);
            return hk_err_set(err, HK_ENOMEM, "text", "out of memory for stop words");
        }
        memcpy(sets[l].w, src, n * sizeof *sets[l].w);
        qsort(sets[l].w, n, sizeof *sets[l].w, cmp_str);
        sets[l].n = n;
    }
    return 0;
}

void text_stopwords_free(text_stopset sets[TL__COUNT])
{
    for (int l = 0; l < TL__COUNT; l++) {
        free(sets[l].w);
        sets[l].w = NULL;
        sets[l].n = 0;
    }
}

bool text_is_stopword(const text_stopset *set, const char *norm)
{
    size_t lo = 0, hi = set->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(set->w[mid], norm);
        if (c == 0)
            return true;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}
