/*
 * cmd_import_taxonomy.c - `hamkor import-taxonomy [--taxonomy DIR] FILE`:
 * add a fuller official code list (six-digit HS, ISIC classes) from CSV.
 * All or nothing; errors name FILE:LINE.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "taxonomy/taxonomy.h"

static void import_taxonomy_usage(FILE *out)
{
    fprintf(out, "usage: hamkor import-taxonomy [--taxonomy DIR] FILE.csv\n\n"
                 "Adds the codes of FILE that the taxonomy does not have yet (e.g. six-digit HS\n"
                 "subheadings) under DIR/imported/ (default DATA_DIR/taxonomy). The CSV needs a code\n"
                 "column (code or hscode; a column named isic for ISIC) and an English label (en or\n"
                 "description); parent, ru and zh are optional.\n");
}

int cmd_import_taxonomy(int argc, char **argv)
{
    char shipped[CLI_PATH_MAX];
    const char *dir = cli_data_path(NULL, "taxonomy", shipped);
    static const struct option opts[] = {
        {"taxonomy", required_argument, 0, 't'}, {"help", no_argument, 0, 'h'}, {0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 't')
            dir = optarg;
        else if (c == 'h') {
            import_taxonomy_usage(stdout);
            return 0;
        } else {
            import_taxonomy_usage(stderr);
            return 2;
        }
    }
    if (optind + 1 != argc) {
        import_taxonomy_usage(stderr);
        return 2;
    }
    hk_err err;
    hk_err_clear(&err);
    size_t added;
    if (tax_import_csv(dir, argv[optind], &added, &err))
        return cli_fail("import-taxonomy", &err);
    printf("%s: %zu new codes\n", argv[optind], added);
    return 0;
}
