import Foundation

/// `note`: prose for the notebook, typed in the shell.
enum NoteCommand {
  static let usage = "note [--title | --section] TEXT"

  static let command = Command(
    name: "note",
    synopsis: usage,
    summary: "add a paragraph of prose (Markdown) to the notebook",
    discussion: """
      The text is kept as typed, after the commands run so far, and appears as prose when \
      the session is saved. --title makes it the notebook's heading (# TEXT) and \
      --section a section heading (## TEXT): a # typed in the shell starts a comment, and \
      a ; separates commands, so neither can appear in the text.
      """,
    example: "note --title Prime Day capacity\nnote Can Lambda keep up with 2.5M rps?",
    run: { arguments, session in
      let (typed, span) = arguments.text()
      var text = typed
      var marker = ""
      for (flag, heading) in [("--title", "# "), ("--section", "## ")] where text.hasPrefix(flag) {
        let rest = text.dropFirst(flag.count)
        guard rest.isEmpty || rest.first == " " else { continue }
        marker = heading
        text = rest.trimmingCharacters(in: .whitespaces)
      }
      guard !text.isEmpty else {
        throw Diagnostic("nothing to note; usage: \(usage)", span: span)
      }
      // Escaped so that a fence in the text cannot swallow the cells after it.
      session.notebook.addNote(NotebookWriter.escapedNote(marker + text))
      return .silent(.object([("note", .string(marker + text))]))
    })
}
