/* SPDX-License-Identifier: MIT */
/*
 * args.c - the command line of xsock-addr: the options, the one mode they
 * choose, and how many operands that mode takes. Prints nothing (args.h).
 */
#include <stdio.h>
#include <string.h>

#include "args.h"

enum {
  OPT_JSON,
  OPT_CONTAINS,
  OPT_SPLIT,
  OPT_SUMMARIZE,
  OPT_RESOLVE,
  OPT_INTERFACES,
  OPT_HELP,
  OPT_VERSION
};

static const app_option options[] = {
    {"json", 0, 0, OPT_JSON},       {"contains", 0, 1, OPT_CONTAINS},
    {"split", 0, 1, OPT_SPLIT},     {"summarize", 0, 0, OPT_SUMMARIZE},
    {"resolve", 0, 1, OPT_RESOLVE}, {"interfaces", 0, 0, OPT_INTERFACES},
    {"help", 'h', 0, OPT_HELP},     {"version", 'V', 0, OPT_VERSION},
};

typedef struct seen {
  int help, version;
  const char *mode_opt; /* the option that chose the mode, or NULL */
} seen;

static int fail(app_msg *msg, const char *text) {
  app_msg_set(msg, text, NULL, NULL);
  return -1;
}

/* A mode option: the first one chooses the mode, any second one (even the
 * same again) is an error. */
static int take_mode(addr_config *cfg, seen *s, addr_mode mode,
                     const char *name, const char *value, app_msg *msg) {
  char text[sizeof msg->head];
  if (s->mode_opt != NULL) {
    if (strcmp(s->mode_opt, name) == 0)
      snprintf(text, sizeof text, "option '%s' given twice", name);
    else
      snprintf(text, sizeof text, "options '%s' and '%s' exclude each other",
               s->mode_opt, name);
    return fail(msg, text);
  }
  s->mode_opt = name;
  cfg->mode = mode;
  cfg->value = value;
  return 0;
}

static int take_option(int id, const char *v, addr_config *cfg, seen *s,
                       app_msg *msg) {
  switch (id) {
  case OPT_JSON:
    cfg->json = 1;
    return 0;
  case OPT_HELP:
    s->help = 1;
    return 0;
  case OPT_VERSION:
    s->version = 1;
    return 0;
  case OPT_CONTAINS:
    return take_mode(cfg, s, MODE_CONTAINS, "--contains", v, msg);
  case OPT_SPLIT:
    return take_mode(cfg, s, MODE_SPLIT, "--split", v, msg);
  case OPT_SUMMARIZE:
    return take_mode(cfg, s, MODE_SUMMARIZE, "--summarize", NULL, msg);
  case OPT_RESOLVE:
    return take_mode(cfg, s, MODE_RESOLVE, "--resolve", v, msg);
  case OPT_INTERFACES:
    return take_mode(cfg, s, MODE_INTERFACES, "--interfaces", NULL, msg);
  default:
    return fail(msg, "unknown option");
  }
}

static int parse_args(int argc, char **argv, const char **args,
                      addr_config *cfg, seen *s, app_msg *msg) {
  app_opts p;
  int id;
  app_opts_init(&p, argc, argv);
  while (
      (id = app_opts_next(&p, options, sizeof(options) / sizeof(options[0]))) !=
      APP_OPT_END) {
    if (id == APP_OPT_ERROR)
      return fail(msg, p.error);
    if (id == APP_OPT_OPERAND)
      args[cfg->nargs++] = p.operand;
    else if (take_option(id, p.value, cfg, s, msg) != 0)
      return -1;
  }
  return 0;
}

/* How many operands the mode takes. */
static int check_operands(const addr_config *cfg, const seen *s, app_msg *msg) {
  char text[sizeof msg->head];
  const char *opt = s->mode_opt;
  switch (cfg->mode) {
  case MODE_SHOW:
    return cfg->nargs > 0 ? 0 : fail(msg, "missing ARG (try '--help')");
  case MODE_CONTAINS:
  case MODE_SUMMARIZE:
    if (cfg->nargs > 0)
      return 0;
    snprintf(text, sizeof text, "option '%s' needs at least one ARG", opt);
    return fail(msg, text);
  case MODE_SPLIT:
    if (cfg->nargs == 1)
      return 0;
    return fail(msg, cfg->nargs == 0
                         ? "option '--split' needs a PREFIX"
                         : "option '--split' takes one PREFIX only");
  default: /* --resolve, --interfaces */
    if (cfg->nargs == 0)
      return 0;
    snprintf(text, sizeof text, "' (option '%s' takes no ARG)", opt);
    app_msg_set(msg, "unexpected argument '", cfg->args[0], text);
    return -1;
  }
}

int addr_args_parse(int argc, char **argv, const char **args, addr_config *cfg,
                    app_msg *msg) {
  seen s;
  memset(&s, 0, sizeof s);
  memset(cfg, 0, sizeof *cfg);
  app_msg_set(msg, NULL, NULL, NULL);
  cfg->mode = MODE_SHOW;
  cfg->args = args;
  if (parse_args(argc, argv, args, cfg, &s, msg) != 0)
    return ADDR_ARGS_USAGE;
  if (s.help)
    return ADDR_ARGS_HELP;
  if (s.version)
    return ADDR_ARGS_VERSION;
  return check_operands(cfg, &s, msg) == 0 ? ADDR_ARGS_RUN : ADDR_ARGS_USAGE;
}
