/*
 * commands.h - the subcommands of the `hamkor` binary. Each lives in its
 * own file src/cli/cmd_<name>.c, takes the arguments after its name
 * (argv[0] is the command name) and returns the process exit status:
 * 0 success, 1 failure (message already printed on stderr), 2 usage error.
 */
#ifndef HK_CLI_COMMANDS_H
#define HK_CLI_COMMANDS_H

int cmd_init(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_analyze(int argc, char **argv);
int cmd_classify(int argc, char **argv);
int cmd_import_taxonomy(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_match(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_copy(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_reindex(int argc, char **argv);
int cmd_mail(int argc, char **argv);

#endif
