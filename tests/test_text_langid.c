/*
 * test_text_langid.c - language detection (text_detect_lang): the letters
 * that tell alphabets apart, and the accuracy on the labelled sentences of
 * tests/data/langid.tsv, held above a floor per language. The figures it
 * prints are the ones in docs/text-analysis.md.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "text/text.h"

static void expect(const char *s, const char *lang)
{
    const char *got = text_detect_lang(s, strlen(s));
    if (strcmp(got, lang) != 0)
        fail_msg("'%s' detected as %s, expected %s", s, got, lang);
}

static void test_scripts_decide_first(void **state)
{
    (void)state;
    expect("铝压铸件", "zh");
    expect("इस्पात उत्पादन", "hi");
    expect("aluminium castings", "en");
    expect("литьё алюминия", "ru");
    expect("", "und");
    expect("12345 --", "und");
}

static void test_cyrillic_letters_pick_the_language(void **state)
{
    (void)state;
    expect("Ўзбекистон", "uz");
    expect("Қазақстан өнеркәсібі", "kk");
    expect("өнөр жайы үчүн", "ky");
    expect("ҷумҳурии Тоҷикистон", "tg");
    expect("Мінск і Брэст", "be");
    expect("Тошкент", "ru"); /* nothing Uzbek in it: Russian rules do fine */
}

static void test_arabic_letters_pick_urdu_or_persian(void **state)
{
    (void)state;
    expect("پاکستان میں اسٹیل کی پیداوار ہے", "ur");
    expect("تولید فولاد در ایران", "fa");
}

static void test_uzbek_latin_is_told_from_english(void **state)
{
    (void)state;
    expect("Oʻzbekiston", "uz");
    expect("paxta va ipak ishlab chiqarish", "uz");
    expect("cotton and silk production", "en");
}

/* ---- accuracy on the labelled set ---- */

#define MAX_LABELS 32

typedef struct tally {
    char label[16];
    int n, ok;
} tally;

static void test_accuracy_on_labelled_sentences_is_above_floor(void **state)
{
    (void)state;
    FILE *fp = fopen("tests/data/langid.tsv", "r");
    assert_non_null(fp);
    tally t[MAX_LABELS];
    int nt = 0, total = 0, total_ok = 0;
    char line[2048];
    while (fgets(line, sizeof line, fp)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        char *tab = strchr(line, '\t');
        assert_non_null(tab);
        *tab = '\0';
        char *s = tab + 1;
        s[strcspn(s, "\r\n")] = '\0';
        int k = 0;
        while (k < nt && strcmp(t[k].label, line) != 0)
            k++;
        if (k == nt) {
            assert_true(nt < MAX_LABELS);
            snprintf(t[nt].label, sizeof t[nt].label, "%.15s", line);
            t[nt].n = t[nt].ok = 0;
            nt++;
        }
        /* "uz-Cyrl" is expected to come out as "uz". */
        char want[16];
        snprintf(want, sizeof want, "%.15s", line);
        want[strcspn(want, "-")] = '\0';
        const char *got = text_detect_lang(s, strlen(s));
        t[k].n++;
        total++;
        if (strcmp(got, want) == 0) {
            t[k].ok++;
            total_ok++;
        } else {
            print_message("miss %s -> %s: %s\n", line, got, s);
        }
    }
    fclose(fp);
    assert_true(total >= 30 * 12);
    for (int k = 0; k < nt; k++) {
        print_message("%-8s %2d/%2d  %5.1f%%\n", t[k].label, t[k].ok, t[k].n, 100.0 * t[k].ok / t[k].n);
        assert_true(t[k].n >= 30);
        /* Every language is recognised in at least 9 sentences out of 10. */
        assert_true(t[k].ok * 10 >= t[k].n * 9);
    }
    print_message("all      %d/%d  %5.1f%%\n", total_ok, total, 100.0 * total_ok / total);
    assert_true(total_ok * 100 >= total * 95);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scripts_decide_first),
        cmocka_unit_test(test_cyrillic_letters_pick_the_language),
        cmocka_unit_test(test_arabic_letters_pick_urdu_or_persian),
        cmocka_unit_test(test_uzbek_latin_is_told_from_english),
        cmocka_unit_test(test_accuracy_on_labelled_sentences_is_above_floor),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
