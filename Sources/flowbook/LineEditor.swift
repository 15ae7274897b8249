import CEditLine
import FlowbookKit
import Foundation

/// Line editing for the interactive shell: libedit with history, Ctrl-R search and tab
/// completion.
///
/// The only file that imports CEditLine; the library never sees a terminal.
final class LineEditor {
  private let editor: OpaquePointer
  private let history: OpaquePointer
  private let historyPath: String?
  private let complete: (String, Int) -> CompletionResult

  /// - Parameters:
  ///   - historyPath: where history persists between runs (nil: not persisted).
  ///   - complete: candidates for (line up to the cursor, cursor byte offset).
  init?(historyPath: String?, complete: @escaping (String, Int) -> CompletionResult) {
    guard let editor = fb_el_init(CommandLine.arguments.first ?? "flowbook"),
      let history = fb_history_init()
    else { return nil }
    self.editor = editor
    self.history = history
    self.historyPath = historyPath
    self.complete = complete
    _ = fb_history_setsize(history, 5_000)
    _ = fb_history_setunique(history, 1)
    if let historyPath { _ = fb_history_load(history, historyPath) }
    _ = fb_el_set_editor(editor, "emacs")
    _ = fb_el_set_signal(editor, 1)
    _ = fb_el_set_prompt(editor)
    _ = fb_el_set_history(editor, history)
    _ = fb_el_set_clientdata(editor, Unmanaged.passUnretained(self).toOpaque())
    _ = fb_el_add_function(
      editor, "fb-complete", "complete a command, parameter, unit or file",
      lineEditorComplete)
    _ = fb_el_bind(editor, "^I", "fb-complete")
    _ = fb_el_bind(editor, "^R", "em-inc-search-prev")
    _ = fb_el_source(editor)
  }

  deinit {
    el_end(editor)
    history_end(history)
  }

  /// Reads one line; nil at end of input (Ctrl-D).
  func readLine(prompt: String) -> String? {
    fb_set_prompt_text(prompt)
    var count: Int32 = 0
    guard let raw = el_gets(editor, &count), count > 0 else { return nil }
    var line = String(cString: raw)
    while line.hasSuffix("\n") || line.hasSuffix("\r") { line.removeLast() }
    return line
  }

  /// Records a line in history and saves the file at once, so a killed shell loses nothing.
  func remember(_ line: String) {
    guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { return }
    _ = fb_history_enter(history, line)
    if let historyPath { _ = fb_history_save(history, historyPath) }
  }

  /// Called by libedit on Tab: insert the unique completion or the common prefix, or list.
  fileprivate func completeAtCursor() -> UInt8 {
    guard let info = el_line(editor) else { return fb_cc_error }
    let cursor = info.pointee.cursor - info.pointee.buffer
    let line = String(
      decoding: UnsafeBufferPointer(
        start: UnsafeRawPointer(info.pointee.buffer).assumingMemoryBound(to: UInt8.self),
        count: cursor), as: UTF8.self)
    let result = complete(line, line.utf8.count)
    guard !result.candidates.isEmpty else { return fb_cc_error }
    let common = result.candidates.dropFirst().reduce(result.candidates[0]) {
      $0.commonPrefix(with: $1)
    }
    if common.count > result.prefix.count {
      var insertion = String(common.dropFirst(result.prefix.count))
      if result.candidates.count == 1 && !common.hasSuffix("/") { insertion += " " }
      _ = el_insertstr(editor, insertion)
      return fb_cc_refresh
    }
    print("")
    for line in result.columns(width: terminalColumns()) {
      print(TerminalSafeText.sanitised(line))
    }
    return fb_cc_redisplay
  }
}

private func lineEditorComplete(_ editor: OpaquePointer?, _ key: Int32) -> UInt8 {
  guard let editor, let data = fb_el_get_clientdata(editor) else { return fb_cc_error }
  return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue().completeAtCursor()
}

/// The terminal's width for laying out completions: the terminal's own, else `COLUMNS`,
/// else 80.
private func terminalColumns() -> Int {
  let columns = Int(fb_terminal_columns())
  if columns > 0 { return columns }
  return ProcessInfo.processInfo.environment["COLUMNS"].flatMap { Int($0) }.map { max($0, 20) }
    ?? 80
}

/// `$XDG_STATE_HOME/flowbook/history`, defaulting to `~/.local/state/flowbook/history`.
func defaultHistoryPath() -> String? {
  let environment = ProcessInfo.processInfo.environment
  let base: String
  if let state = environment["XDG_STATE_HOME"], !state.isEmpty {
    base = state
  } else if let home = environment["HOME"], !home.isEmpty {
    base = home + "/.local/state"
  } else {
    return nil
  }
  let directory = base + "/flowbook"
  try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
  return directory + "/history"
}
