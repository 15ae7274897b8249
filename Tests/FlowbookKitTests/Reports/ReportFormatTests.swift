import Foundation
import Testing

@testable import FlowbookKit

@Suite struct ReportFormatTests {
  static let report = ReportBuilder(session: ReportFixtures.session()).build()

  // MARK: - CSV

  /// RFC 4180 fields of one CSV record (the tests' own reader, independent of the writer).
  static func fields(_ line: String) -> [String] {
    var fields: [String] = []
    var current = ""
    var quoted = false
    var characters = Array(line)[...]
    while let character = characters.popFirst() {
      if quoted && character == "\"" {
        if characters.first == "\"" {
          current.append("\"")
          characters = characters.dropFirst()
        } else {
          quoted = false
        }
      } else if character == "\"" {
        quoted = true
      } else if character == "," && !quoted {
        fields.append(current)
        current = ""
      } else {
        current.append(character)
      }
    }
    return fields + [current]
  }

  @Test func csvFollowsItsSchema() {
    let csv = CSVReport.render(Self.report)
    let lines = csv.components(separatedBy: "\n")
    #expect(lines.first == "table,item,measure,value,unit,text")
    #expect(lines.last == "", "ends with a newline")
    let units = Set(ReportUnit.allCases.map(\.rawValue))
    let ids = Set(Self.report.tables.map(\.table.id))
    for line in lines.dropFirst().dropLast() {
      let f = Self.fields(line)
      #expect(f.count == 6, "\(line)")
      guard f.count == 6 else { continue }
      #expect(ids.contains(f[0]))
      #expect(units.contains(f[4]))
      #expect(f[3].isEmpty == f[4].isEmpty, "a unit exactly when there is a value: \(line)")
      if !f[3].isEmpty { #expect(Double(f[3]) != nil, "\(line)") }
    }
    #expect(lines.contains("latency,end to end,p99,0.087,s,87 ms"))
    #expect(lines.contains("cost,lambda,monthly,97600,USD,$97600.00"))
    #expect(lines.contains("simulate-2,25,rate,2500000,1/s,2.5M rps"))
    #expect(lines.contains { $0.hasPrefix("failover,region stops answering,at,0,s,") })
  }

  @Test func csvQuotesOnlyWhatItMust() {
    #expect(CSVReport.field("plain") == "plain")
    #expect(CSVReport.field("a, b") == "\"a, b\"")
    #expect(CSVReport.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
    #expect(Self.fields(CSVReport.field("x,\"y\"")) == ["x,\"y\""])
  }

  // MARK: - JSON

  @Test func jsonFollowsItsSchema() throws {
    let text = JSONReport.render(Self.report)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(object["schema"] as? String == "flowbook.report/1")
    #expect(object["title"] as? String == "Prime Day at 2.5M rps")
    let provenance = try #require(object["provenance"] as? [String: Any])
    #expect(provenance["seed"] as? Int == 7)
    #expect(provenance["flowbook"] as? String == FlowbookVersion.current)
    let tables = try #require(object["tables"] as? [[String: Any]])
    #expect(tables.count == Self.report.tables.count)
    let units = Set(ReportUnit.allCases.map(\.rawValue))
    for table in tables {
      let columns = try #require(table["columns"] as? [[String: String]])
      let keys = columns.compactMap { $0["key"] }
      for column in columns { #expect(units.contains(column["unit"] ?? "?")) }
      #expect(keys.contains(table["label"] as? String ?? "?"))
      for row in try #require(table["rows"] as? [[String: Any]]) {
        #expect(Set(row.keys) == Set(keys))
      }
    }
    let cells = try #require(object["cells"] as? [[String: Any]])
    #expect(
      cells.map { $0["input"] as? String } == [
        "let peak = 2.5M rps", "peak * 45 ms",
        "simulate", "failover",
      ])
    #expect(text.hasPrefix("{\n  \"schema\": \"flowbook.report/1\",\n  \"title\""))
  }

  @Test func jsonNumbersAreInBaseUnits() {
    let document = JSONReport.document(Self.report)
    guard case .array(let tables)? = document["tables"], case .array(let rows)? = tables[0]["rows"],
      case .number(let p99)? = rows.last?["p99"]
    else {
      Issue.record("no latency rows")
      return
    }
    #expect(p99 == 0.087)
  }

  // MARK: - HTML

  @Test func htmlIsWellFormedSelfContainedAndHasEveryChart() {
    let html = HTMLReport.render(Self.report)
    let xml = XMLCheck.parse(html)
    #expect(xml.counts["svg"] == Self.report.charts.count)
    #expect(xml.counts["table"] == Self.report.tables.count)
    #expect(xml.counts["script"] == nil)
    for outside in ["src=", "href=\"http", "url(", "@import", "<link"] {
      #expect(!html.contains(outside), "\(outside)")
    }
    #expect(
      html.components(separatedBy: "http").count - 1 == Self.report.charts.count,
      "the only URLs are the SVG namespaces")
    #expect(html.contains("@media print"))
  }

  @Test func htmlShowsProseAsTextAndCellsAsCode() {
    let html = HTMLReport.render(Self.report)
    #expect(
      html.contains(
        "<p>Can the &lt;golden path&gt; keep its <code>p99 &lt; 100 ms</code>"
          + " budget?</p>"))
    #expect(
      html.contains(
        "<span class=\"prompt\">fb&gt; </span><span class=\"input\">"
          + "peak * 45 ms</span>"))
    #expect(html.contains("<h1>Prime Day at 2.5M rps</h1>"))
  }

  @Test func proseIsSimpleMarkdownAndNothingElse() {
    let prose = """
      # Incident
      <!-- reviewer: check this -->
      The **CDN** hit rate fell to `60%`. <script>alert(1)</script>

      - origin load x8
      - lambda throttles
        after 40 s
      1. page the on-call
      > quoted
      ```
      <b>raw</b>
      ```
      """
    let html = ProseHTML.render(prose, headingShift: 1)
    XMLCheck.parse("<div>" + html + "</div>")
    #expect(
      html == """
        <h2>Incident</h2>
        <p>The <strong>CDN</strong> hit rate fell to <code>60%</code>. \
        &lt;script&gt;alert(1)&lt;/script&gt;</p>
        <ul><li>origin load x8</li><li>lambda throttles after 40 s</li></ul>
        <ol><li>page the on-call</li></ol>
        <blockquote><p>quoted</p></blockquote>
        <pre><code>&lt;b&gt;raw&lt;/b&gt;</code></pre>
        """)
  }

  // MARK: - Markdown and determinism

  @Test func markdownSnapshot() {
    expectSnapshot(MarkdownReport.render(Self.report), named: "prime-day.md")
  }

  @Test func csvSnapshot() {
    expectSnapshot(CSVReport.render(Self.report), named: "prime-day.csv")
  }

  @Test func reportsOfTheSameSessionAreByteIdentical() {
    let again = ReportBuilder(session: ReportFixtures.session()).build()
    for format in ReportFormat.allCases {
      #expect(format.render(again) == format.render(Self.report), "\(format)")
    }
  }

  @Test(arguments: [
    ("r.html", ReportFormat.html), ("r.HTM", .html), ("a/b.md", .markdown), ("x.csv", .csv),
    ("x.json", .json), ("x.txt", nil), ("x", nil),
  ])
  func formatComesFromTheExtension(_ path: String, _ format: ReportFormat?) {
    #expect(ReportFormat(path: path) == format)
  }
}

@Suite struct LongTableTests {
  /// An hour of one-second buckets: pages show the start, CSV and JSON keep every row.
  static let hour: ReportTable = {
    var table = ResultTable(columns: [.init("t"), .init("rate")])
    for second in 0..<3_600 {
      table.append([
        .init("\(second) s", number: Double(second)),
        .init("1000 rps", number: 1_000),
      ])
    }
    return ReportTable(id: "simulate", table: table)
  }()

  static let report = Report(
    title: "hour", provenance: .init(seed: 1),
    sections: [.init(title: "Simulation", id: "simulate", blocks: [.table(hour)])])

  @Test func pagesShortenLongTablesAndSaySo() {
    let html = HTMLReport.render(Self.report)
    #expect(html.components(separatedBy: "<tr>").count - 1 == ReportTable.pageRows + 1)
    #expect(html.contains("… and 3560 more rows; the CSV and JSON reports have every row."))
    let markdown = MarkdownReport.render(Self.report)
    #expect(markdown.contains("- … and 3560 more rows"))
    #expect(CSVReport.render(Self.report).components(separatedBy: "\n").count == 3_600 + 2)
  }
}

@Suite struct MixedUnitTests {
  /// A `diff`-shaped table: its rows are metrics, and one of them is a share, not a time.
  static let diff: ReportTable = {
    var table = ResultTable(columns: [
      .init("metric", alignment: .left), .init("baseline"), .init("now"),
    ])
    table.append([
      .init("latency.p99"), .init("87 ms", number: 0.087),
      .init("132 ms", number: 0.132),
    ])
    table.append([
      .init("latency.failure"), .init("0.5%", number: 0.005),
      .init("0", number: 0),
    ])
    return ReportTable(id: "diff", table: table)
  }()

  @Test func csvNamesEachCellsOwnUnit() {
    let rows = CSVReport.rows(Self.diff).map { $0.joined(separator: ",") }
    #expect(
      rows == [
        "diff,latency.p99,baseline,0.087,s,87 ms", "diff,latency.p99,now,0.132,s,132 ms",
        "diff,latency.failure,baseline,0.005,1,0.5%", "diff,latency.failure,now,0,s,0",
      ])
  }

  @Test func jsonAddsRowUnitsOnlyWhenRowsDiffer() {
    let mixed = JSONReport.table(Self.diff, section: "diff")
    guard case .array(let units)? = mixed["row_units"] else {
      Issue.record("no row_units")
      return
    }
    #expect(units[1]["baseline"] == .string("1"))
    let plain = JSONReport.table(
      ReportTable(id: "latency", table: ReportFixtures.latency),
      section: "latency")
    #expect(plain["row_units"] == nil)
  }
}
