/// Notebooks that once broke flowbook, replayed first by `mutatedShippedNotebooksAnswerOrErr`.
///
/// Each is kept as the smallest text that showed the problem, with what it was.
enum NotebookCrashCorpus {
  static let cases: [String] = [
    // A note holding a fence turned every later cell into prose (issue 13, item 7).
    "# N\n\n\\```\n\n```flowbook\nfb> 1 + 1\n2\n```\n",
    // x/../link/e.md was checked as inside and written through the link (issue 13).
    "```flowbook\nfb> save x/../link/e.md\n```\n",
    // A read outside the folder copied the file into the outputs (issue 13).
    "```flowbook\nfb> load /etc/passwd\n```\n",
    // Escape sequences in the header and outputs.
    "<!-- flowbook-notebook format=1 seed=1 dir=\u{1B}[2J -->\n```flowbook\nfb> 1\n\u{1B}]0;x\u{07}\n```\n",
  ]
}
