/// What `replay --check` prints: a diff per drifted cell, every expectation, a summary.
extension NotebookReplay {
  /// A unified diff of each drifted cell, headed by its line and command, with hunk line
  /// numbers that point into the notebook file.
  public var diffs: [String] {
    drifted.map { replay in
      let place = "\(displayPath):\(replay.cell.line)"
      let diff = UnifiedDiff.render(
        old: replay.cell.output, new: replay.output, oldName: place + " (recorded)",
        newName: place + " (replayed)", oldStart: replay.cell.outputLine,
        newStart: replay.cell.outputLine)
      return "drift at \(place): fb> \(replay.cell.command)\n" + diff
    }
  }

  /// One line per expectation: where it is, held or broken, actual and expected values.
  ///
  /// - Parameter updated: number lines as in `updated` (after `--update` wrote it).
  /// - Returns: The lines, in notebook order.
  public func expectationLines(updated: Bool = false) -> [String] {
    zip(cells, updated ? updatedLines : cells.map(\.cell.line)).compactMap { replay, line in
      replay.expectation.map { "\(displayPath):\(line): expectation \($0.summary)" }
    }
  }

  /// The closing line: how many outputs drifted and expectations broke.
  public var summary: String {
    var parts: [String] = []
    let count = cells.count
    if drifted.isEmpty {
      parts.append("\(count) command\(count == 1 ? "" : "s"), all outputs as recorded")
    } else {
      parts.append("\(drifted.count) of \(count) outputs drifted")
    }
    let total = expectations.count
    if total > 0 {
      let broken = brokenExpectations.count
      parts.append(
        broken == 0
          ? "\(total) expectation\(total == 1 ? "" : "s") held"
          : "\(broken) of \(total) expectation\(total == 1 ? "" : "s") broken")
    }
    if !failures.isEmpty {
      parts.append("\(failures.count) command\(failures.count == 1 ? "" : "s") failed")
    }
    return "\(displayPath): " + parts.joined(separator: "; ")
  }

  /// Whether `--check` passes: nothing drifted, nothing failed, no expectation broken.
  public var passes: Bool {
    drifted.isEmpty && failures.isEmpty && brokenExpectations.isEmpty
  }
}
