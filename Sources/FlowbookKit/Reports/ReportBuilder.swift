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
  ///
  /// A topic read from cells (`simulate`, `diff`, `sweep`, `failover`) shows every
  /// successful cell of its command, in order, each under the notebook heading it was run
  /// beneath, so a notebook of three simulations reports three.
  func section(_ topic: ReportTopic) -> Report.Section? {
    if topic.source == .currentModel, let result = runQuietly(topic.command) {
      let origin = "From `\(topic.command)` on the session's model when the report was made."
      let blocks = Self.blocks(topic, result, origin: origin, id: topic.command)
      return blocks.isEmpty
        ? nil : Report.Section(title: topic.title, id: topic.command, blocks: blocks)
    }
    let headings = cellHeadings()
    var blocks: [Report.Block] = []
    var shownHeading: String?
    var count = 0
    for (index, cell) in session.cells.enumerated()
    where cell.succeeded && Self.commandName(cell.input) == topic.command {
      guard case .success(let result) = cell.outcome else { continue }
      let id = count == 0 ? topic.command : "\(topic.command)-cell\(count + 1)"
      let found = Self.blocks(
        topic, result, origin: "From the `\(topic.command)` cell: `\(cell.input)`.", id: id)
      guard !found.isEmpty else { continue }
      if let heading = headings[index], heading != shownHeading {
        blocks.append(.prose("## " + heading))
        shownHeading = heading
      }
      blocks += found
      count += 1
    }
    return blocks.isEmpty
      ? nil : Report.Section(title: topic.title, id: topic.command, blocks: blocks)
  }

  /// One result's origin line, charts and tables; empty when it has no table.
  private static func blocks(
    _ topic: ReportTopic, _ result: CommandResult, origin: String, id: String
  ) -> [Report.Block] {
    let tables = result.blocks.compactMap { block -> ResultTable? in
      if case .table(let table) = block { return table }
      return nil
    }
    guard !tables.isEmpty else { return [] }
    let reportTables = tables.enumerated().map { index, table in
      ReportTable(id: index == 0 ? id : "\(id)-\(index + 1)", table: table)
    }
    var blocks: [Report.Block] = [.prose(origin)]
    for table in reportTables {
      for spec in topic.charts {
        blocks += spec.charts(from: table).map(Report.Block.chart)
      }
    }
    return blocks + reportTables.map(Report.Block.table)
  }

  /// The notebook heading each cell was run beneath, by cell index.
  ///
  /// Headings are `##`, `###` … in the prose or notes; cells before any have none. The
  /// `#` title is the report's own.
  private func cellHeadings() -> [Int: String] {
    var current: String?
    var out: [Int: String] = [:]
    func read(_ text: String) {
      for line in text.components(separatedBy: "\n") where line.hasPrefix("##") {
        let title = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
        if !title.isEmpty, line.dropFirst(line.prefix { $0 == "#" }.count).hasPrefix(" ") {
          current = title
        }
      }
    }
    for entry in session.notebook.entries {
      switch entry {
      case .prose(let text), .note(let text): read(text)
      case .cell(let index): out[index] = current
      case .block(_, let cells): for index in cells { out[index] = current }
      }
    }
    return out
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
          chart.y.unit == .seconds, plots(objective, chart)
        else { return block }
        chart.reference = objective
        chart.caption += " The dashed line is the objective."
        return .chart(chart)
      }
      return copy
    }
  }

  /// Whether `chart` plots the percentile an objective is about.
  ///
  /// `latency.p99`, `simulate.latency_p99` and `p99` are what `objective p99 < 100 ms`
  /// is about: only then is the objective on the chart's axis. A time that is not that
  /// percentile (a failover RTO, a drain time) is in seconds too, but an objective line
  /// across it would mean nothing.
  ///
  /// - Parameters:
  ///   - objective: the reference line, labelled `objective pNN < LIMIT`.
  ///   - chart: a line chart in seconds.
  /// - Returns: true when some series is that percentile.
  static func plots(_ objective: Chart.Reference, _ chart: Chart) -> Bool {
    let words = objective.label.split(separator: " ")
    guard words.count > 1 else { return false }
    let percentile = words[1].replacingOccurrences(of: ".", with: "").lowercased()
    return chart.series.contains { series in
      let name = series.name.lowercased()
      let last = name.split(whereSeparator: { $0 == "." || $0 == "_" || $0 == " " }).last
      return last.map(String.init) == percentile
    }
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
