import Foundation

/// Builds a `Report` from a session: one section per topic that has results, then the
/// notebook (prose and cells) as the session recorded it.
///
/// The builder knows analyses only through `ReportTopic` rows and table column keys. It
/// asks the session's own commands for the current model's figures, running them without
/// recording a cell, so making a report never changes what `save` would write.
///
///     let report = ReportBuilder(session: session).build(notebookPath: "prime-day.md")
public struct ReportBuilder {
  public let session: Session
  public var topics: [ReportTopic]

  public init(session: Session, topics: [ReportTopic] = ReportTopic.standard) {
    self.session = session
    self.topics = topics
  }

  /// Commands whose cells a report leaves out: they manage files, not the analysis.
  static let hiddenCommands: Set<String> = NotebookWriter.sessionCommands.union(["export"])

  /// The report of the session as it stands.
  /// - Parameters:
  ///   - title: the report's title; by default the notebook's first `# heading`, else
  ///     one naming flowbook.
  ///   - notebookPath: the notebook the session replayed, for the provenance line.
  ///   - modelFile: the model file, when the session's recording does not know it.
  /// - Returns: The report: provenance, one section per topic the session touched, and
  ///   the notebook's prose and cells.
  public func build(title: String? = nil, notebookPath: String? = nil, modelFile: String? = nil)
    -> Report
  {
    var narrative = self.narrative()
    let heading = title == nil ? Self.takeTitle(from: &narrative) : nil
    var sections = Self.sharingObjective(topics.compactMap(section))
    if !narrative.isEmpty {
      let fromNotebook = notebookPath != nil
      sections.append(
        Report.Section(
          title: fromNotebook ? "Notebook" : "Session",
          id: fromNotebook ? "notebook" : "session", blocks: narrative))
    }
    let provenance = Report.Provenance(
      notebook: notebookPath, model: recordedModel ?? session.workspace.current?.file ?? modelFile,
      seed: session.environment.seed)
    return Report(
      title: title ?? heading ?? "flowbook report", provenance: provenance,
      sections: sections)
  }

  /// The model file the session read, relative to its working directory so the report is
  /// the same on every machine.
  private var recordedModel: String? {
    guard let model = session.notebook.modelFile else { return nil }
    let base = PathResolver.canonical(session.environment.workingDirectory, relativeTo: ".")
    return PathResolver.relative(model, from: base)
  }

  // MARK: - Topics

  /// The topic's section, or nil when the session has no result for it.
  func section(_ topic: ReportTopic) -> Report.Section? {
    guard let (result, origin) = result(for: topic) else { return nil }
    let tables = result.blocks.compactMap { block -> ResultTable? in
      if case .table(let table) = block { return table }
      return nil
    }
    guard !tables.isEmpty else { return nil }
    let reportTables = tables.enumerated().map { index, table in
      ReportTable(id: index == 0 ? topic.command : "\(topic.command)-\(index + 1)", table: table)
    }
    var blocks: [Report.Block] = [.prose(origin)]
    for table in reportTables {
      for spec in topic.charts {
        blocks += spec.charts(from: table).map(Report.Block.chart)
      }
    }
    blocks += reportTables.map(Report.Block.table)
    return Report.Section(title: topic.title, id: topic.command, blocks: blocks)
  }

  /// Sections whose latency line charts (a sweep of p99) carry the objective that some
  /// table states (`objective p99 < 100 ms`), so a reader sees where the line crosses it.
  static func sharingObjective(_ sections: [Report.Section]) -> [Report.Section] {
    let texts = sections.flatMap(\.tables).flatMap { [$0.table.title ?? ""] + $0.table.notes }
    guard let objective = ObjectiveText.find(in: texts) else { return sections }
    return sections.map { section in
      var copy = section
      copy.blocks = section.blocks.map { block in
        guard case .chart(var chart) = block, chart.kind == .line, chart.reference == nil,
          chart.y.unit == .seconds
        else { return block }
        chart.reference = objective
        chart.caption += " The dashed line is the objective."
        return .chart(chart)
      }
      return copy
    }
  }

  /// The topic's result and a sentence saying where it came from.
  private func result(for topic: ReportTopic) -> (CommandResult, String)? {
    if topic.source == .currentModel, let result = runQuietly(topic.command) {
      return (result, "From `\(topic.command)` on the session's model when the report was made.")
    }
    let last = session.cells.last { cell in
      cell.succeeded && Self.commandName(cell.input) == topic.command
    }
    guard let last, case .success(let result) = last.outcome else { return nil }
    return (result, "From the last `\(topic.command)` cell: `\(last.input)`.")
  }

  /// Runs a command with no arguments without recording it, as `save` must not see it.
  private func runQuietly(_ name: String) -> CommandResult? {
    guard let command = session.registry.command(named: name) else { return nil }
    let source = Source(name, name: "<report>")
    do {
      let tokens = try Lexer.tokenize(name)
      var arguments = Arguments(source: source, tokens: tokens, startIndex: 1, resolver: session)
      return try command.run(&arguments, session)
    } catch {
      return nil
    }
  }

  static func commandName(_ input: String) -> String {
    String(
      input.drop { $0 == " " || $0 == "\t" }.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
  }

  // MARK: - Narrative

  /// Prose and cells in the order the session recorded them.
  private func narrative() -> [Report.Block] {
    var blocks: [Report.Block] = []
    func add(cell index: Int) {
      guard index < session.cells.count else { return }
      let cell = session.cells[index]
      if Self.hiddenCommands.contains(Self.commandName(cell.input)) { return }
      blocks.append(.cell(ReportCell(cell)))
    }
    for entry in session.notebook.entries {
      switch entry {
      case .prose(let text), .note(let text):
        if !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
          blocks.append(.prose(text))
        }
      case .cell(let index): add(cell: index)
      case .block(_, let cells): cells.forEach(add)
      }
    }
    return blocks
  }

  /// Removes the first `# heading` of the prose and returns its text: the report's title.
  static func takeTitle(from blocks: inout [Report.Block]) -> String? {
    for (index, block) in blocks.enumerated() {
      guard case .prose(let text) = block else { continue }
      var lines = text.components(separatedBy: "\n")
      guard let at = lines.firstIndex(where: { $0.hasPrefix("# ") }) else { return nil }
      let title = lines[at].dropFirst(2).trimmingCharacters(in: .whitespaces)
      lines.remove(at: at)
      let rest = lines.joined(separator: "\n")
      if rest.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
        blocks.remove(at: index)
      } else {
        blocks[index] = .prose(rest)
      }
      return title.isEmpty ? nil : title
    }
    return nil
  }
}
