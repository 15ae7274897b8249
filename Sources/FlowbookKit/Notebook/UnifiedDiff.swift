/// A unified diff of two texts, line by line, as `diff -u` prints it.
///
/// Cell outputs are short (a table of tens of lines), so the longest common subsequence
/// is found by the textbook O(m·n) dynamic programme (Hunt & McIlroy 1976 frame the
/// problem; Cormen et al. §15.4 give the table). Past a million cell pairs the diff falls
/// back to "all removed, all added", which is still correct, only less precise.
public enum UnifiedDiff {
  /// The diff of `old` and `new`; empty when they are equal.
  ///
  /// - Parameters:
  ///   - old: the text as recorded.
  ///   - new: the text as it is now.
  ///   - oldName: the `---` header.
  ///   - newName: the `+++` header.
  ///   - oldStart: the line number of `old`'s first line (its place in the notebook), so
  ///     hunk headers point at real lines.
  ///   - newStart: the same for `new`.
  ///   - context: unchanged lines shown around each change.
  /// - Returns: The diff with `---`/`+++` headers and `@@` hunks, or "" for equal texts.
  /// - Complexity: O(m·n) time and memory in the line counts.
  public static func render(
    old: String, new: String, oldName: String, newName: String, oldStart: Int = 1,
    newStart: Int = 1, context: Int = 3
  ) -> String {
    guard old != new else { return "" }
    let a = lines(old)
    let b = lines(new)
    let edits = script(a, b)
    var out = ["--- " + oldName, "+++ " + newName]
    for hunk in hunks(edits, context: context) {
      let slice = edits[hunk]
      let oldLines = slice.filter { $0.kind != .insert }.count
      let newLines = slice.filter { $0.kind != .delete }.count
      let oldFirst = (slice.first { $0.kind != .insert }?.oldIndex ?? slice.first?.oldIndex ?? 0)
      let newFirst = (slice.first { $0.kind != .delete }?.newIndex ?? slice.first?.newIndex ?? 0)
      let oldRange = range(oldFirst + oldStart, oldLines)
      out.append("@@ -\(oldRange) +\(range(newFirst + newStart, newLines)) @@")
      for edit in slice {
        switch edit.kind {
        case .keep: out.append(" " + a[edit.oldIndex])
        case .delete: out.append("-" + a[edit.oldIndex])
        case .insert: out.append("+" + b[edit.newIndex])
        }
      }
    }
    return out.joined(separator: "\n")
  }

  struct Edit {
    enum Kind { case keep, delete, insert }
    var kind: Kind
    /// For a keep or delete, the line of `old`; for an insert, where it goes in `old`.
    var oldIndex: Int
    var newIndex: Int
  }

  private static func lines(_ text: String) -> [String] {
    guard !text.isEmpty else { return [] }
    return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  }

  /// The edit script: keeps, deletions and insertions in order.
  static func script(_ a: [String], _ b: [String]) -> [Edit] {
    let m = a.count
    let n = b.count
    guard m * n <= 1_000_000 else {
      return a.indices.map { Edit(kind: .delete, oldIndex: $0, newIndex: 0) }
        + b.indices.map { Edit(kind: .insert, oldIndex: m, newIndex: $0) }
    }
    // lcs[i][j]: the LCS length of a[i...] and b[j...], flattened.
    var lcs = [Int](repeating: 0, count: (m + 1) * (n + 1))
    for i in stride(from: m - 1, through: 0, by: -1) {
      for j in stride(from: n - 1, through: 0, by: -1) {
        lcs[i * (n + 1) + j] =
          a[i] == b[j]
          ? lcs[(i + 1) * (n + 1) + j + 1] + 1
          : max(lcs[(i + 1) * (n + 1) + j], lcs[i * (n + 1) + j + 1])
      }
    }
    var edits: [Edit] = []
    var i = 0
    var j = 0
    while i < m || j < n {
      if i < m, j < n, a[i] == b[j] {
        edits.append(Edit(kind: .keep, oldIndex: i, newIndex: j))
        i += 1
        j += 1
      } else if i < m, j == n || lcs[(i + 1) * (n + 1) + j] >= lcs[i * (n + 1) + j + 1] {
        edits.append(Edit(kind: .delete, oldIndex: i, newIndex: j))
        i += 1
      } else {
        edits.append(Edit(kind: .insert, oldIndex: i, newIndex: j))
        j += 1
      }
    }
    return edits
  }

  /// Ranges of the edit script to print: each change with `context` lines around it,
  /// merging changes whose context overlaps.
  private static func hunks(_ edits: [Edit], context: Int) -> [Range<Int>] {
    var ranges: [Range<Int>] = []
    for (index, edit) in edits.enumerated() where edit.kind != .keep {
      let lower = max(0, index - context)
      let upper = min(edits.count, index + context + 1)
      if let last = ranges.last, lower <= last.upperBound {
        ranges[ranges.count - 1] = last.lowerBound..<max(last.upperBound, upper)
      } else {
        ranges.append(lower..<upper)
      }
    }
    return ranges
  }

  /// `start,count` as diff prints it (`start` alone when one line; `start-1,0` when none).
  private static func range(_ start: Int, _ count: Int) -> String {
    if count == 1 { return "\(start)" }
    if count == 0 { return "\(start - 1),0" }
    return "\(start),\(count)"
  }
}
