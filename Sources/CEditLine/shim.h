// Non-variadic wrappers over libedit for Swift.
//
// el_set() and history() are C variadic functions, which Swift cannot call, and a
// system-library target may not contain .c files; so each operation flowbook uses gets a
// `static inline` wrapper here. The C globals stdin/stdout/stderr are also reached only
// from here, because Swift 6 strict concurrency rejects them as shared mutable state.
#ifndef FLOWBOOK_CEDITLINE_SHIM_H
#define FLOWBOOK_CEDITLINE_SHIM_H

#include <histedit.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/// The prompt lives in C storage so the prompt callback captures nothing from Swift.
static char fb_prompt_text[256] = "fb> ";

static inline char *fb_prompt_callback(EditLine *el) {
  (void)el;
  return fb_prompt_text;
}

static inline void fb_set_prompt_text(const char *text) {
  strncpy(fb_prompt_text, text, sizeof fb_prompt_text - 1);
  fb_prompt_text[sizeof fb_prompt_text - 1] = '\0';
}

static inline EditLine *fb_el_init(const char *program) {
  return el_init(program, stdin, stdout, stderr);
}

static inline int fb_el_set_prompt(EditLine *el) {
  return el_set(el, EL_PROMPT, fb_prompt_callback);
}

static inline int fb_el_set_editor(EditLine *el, const char *mode) {
  return el_set(el, EL_EDITOR, mode);
}

static inline int fb_el_set_signal(EditLine *el, int on) {
  return el_set(el, EL_SIGNAL, on);
}

static inline int fb_el_set_history(EditLine *el, History *h) {
  return el_set(el, EL_HIST, history, h);
}

static inline int fb_el_set_clientdata(EditLine *el, void *data) {
  return el_set(el, EL_CLIENTDATA, data);
}

static inline void *fb_el_get_clientdata(EditLine *el) {
  void *data = NULL;
  el_get(el, EL_CLIENTDATA, &data);
  return data;
}

typedef unsigned char (*fb_el_function)(EditLine *, int);

static inline int fb_el_add_function(EditLine *el, const char *name, const char *help,
                                     fb_el_function fn) {
  return el_set(el, EL_ADDFN, name, help, fn);
}

static inline int fb_el_bind(EditLine *el, const char *key, const char *command) {
  return el_set(el, EL_BIND, key, command, NULL);
}

static inline int fb_el_source(EditLine *el) {
  return el_source(el, NULL);
}

static inline History *fb_history_init(void) {
  return history_init();
}

static inline int fb_history_setsize(History *h, int size) {
  HistEvent ev;
  return history(h, &ev, H_SETSIZE, size);
}

static inline int fb_history_setunique(History *h, int unique) {
  HistEvent ev;
  return history(h, &ev, H_SETUNIQUE, unique);
}

static inline int fb_history_enter(History *h, const char *line) {
  HistEvent ev;
  return history(h, &ev, H_ENTER, line);
}

static inline int fb_history_load(History *h, const char *path) {
  HistEvent ev;
  return history(h, &ev, H_LOAD, path);
}

static inline int fb_history_save(History *h, const char *path) {
  HistEvent ev;
  return history(h, &ev, H_SAVE, path);
}

/// The terminal's width in columns (ioctl is variadic too); 0 when stdout is no terminal.
static inline int fb_terminal_columns(void) {
  struct winsize size;
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 0;
}

/// Completion return codes (CC_REFRESH etc.) as plain values for Swift.
static const unsigned char fb_cc_refresh = CC_REFRESH;
static const unsigned char fb_cc_redisplay = CC_REDISPLAY;
static const unsigned char fb_cc_error = CC_ERROR;

#endif
