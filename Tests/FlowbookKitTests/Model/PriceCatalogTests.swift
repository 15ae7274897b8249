import Foundation
import Testing

@testable import FlowbookKit

/// The shipped datasets, found the way the CLI finds them: walking up from this source file.
enum PricingTestData {
  static func datasets() throws -> URL {
    try DatasetDirectory.locate(
      from: URL(fileURLWithPath: #filePath).deletingLastPathComponent(), environment: [:])
  }

  /// Loaded once per test run: parsing the YAML in a debug build is the slow part of a test.
  private static let loadedPrices = Result { () throws -> PriceCatalog in
    try PriceCatalog.load(datasets: datasets())
  }
  private static let loadedQuotas = Result { () throws -> QuotaCatalog in
    try QuotaCatalog.load(datasets: datasets())
  }

  static func prices() throws -> PriceCatalog { try loadedPrices.get() }

  static func quotas() throws -> QuotaCatalog { try loadedQuotas.get() }
}

extension MarkedText {
  /// The 1-based line and column of marker 1️⃣, columns counted in Unicode scalars as libyaml
  /// counts them (catalog errors report line:column, not byte offsets).
  var lineAndColumn: (line: Int, column: Int) {
    let offset = markers["1️⃣"] ?? 0
    let before = String(decoding: text.utf8.prefix(offset), as: UTF8.self)
    let lines = before.split(separator: "\n", omittingEmptySubsequences: false)
    return (lines.count, (lines.last?.unicodeScalars.count ?? 0) + 1)
  }
}

/// A named malformed catalog and the message fragment expected at its marker.
struct MalformedCase: Sendable, CustomTestStringConvertible {
  var name: String
  var yaml: String
  var message: String
  var testDescription: String { name }
}

private let header = """
  schema: flowbook-prices/1
  region: us-east-1
  currency: USD
  prices:

  """

private let goodEntry = """
    - id: lambda.request
      value: 0.20
      unit: USD per 1M requests
      source: https://aws.amazon.com/lambda/pricing/
      as_of: 2026-11
      as_of_basis: read date
      confidence: A*

  """

private let malformedPrices: [MalformedCase] = [
  MalformedCase(
    name: "YAML syntax: an unclosed flow sequence",
    yaml: header + """
        - id: lambda.request
          tiers: [{from: 0, price: 3.50}
          1️⃣unit: USD per 1M requests
      """,
    message: "YAML syntax"),
  MalformedCase(
    name: "missing source",
    yaml: header + """
        - 1️⃣id: lambda.request
          value: 0.20
          unit: USD per 1M requests
          as_of: 2026-11
          as_of_basis: read date
          confidence: A*
      """,
    message: "has no 'source'"),
  MalformedCase(
    name: "value is not a number",
    yaml: header + goodEntry.replacingOccurrences(of: "value: 0.20", with: "value: 1️⃣0.2O"),
    message: "must be a number, not '0.2O'"),
  MalformedCase(
    name: "value is quoted text",
    yaml: header
      + goodEntry.replacingOccurrences(of: "value: 0.20", with: "value: 1️⃣\"0.20\""),
    message: "plain number, not quoted text"),
  MalformedCase(
    name: "misspelt key",
    yaml: header + goodEntry.replacingOccurrences(of: "confidence:", with: "1️⃣confidense:"),
    message: "unknown key 'confidense' in a price entry; did you mean 'confidence'?"),
  MalformedCase(
    name: "null value without unconfirmed status",
    yaml: header + goodEntry.replacingOccurrences(of: "value: 0.20", with: "value: 1️⃣null"),
    message: "'value: null' needs 'status: unconfirmed'"),
  MalformedCase(
    name: "unit not in USD-per form",
    yaml: header
      + goodEntry.replacingOccurrences(
        of: "unit: USD per 1M requests", with: "unit: 1️⃣dollars a million"),
    message: "'unit' must read 'USD per [count] basis'"),
  MalformedCase(
    name: "as_of is not a date",
    yaml: header + goodEntry.replacingOccurrences(of: "as_of: 2026-11", with: "as_of: 1️⃣soon"),
    message: "'as_of' must be a date"),
  MalformedCase(
    name: "unknown confidence code",
    yaml: header
      + goodEntry.replacingOccurrences(of: "confidence: A*", with: "confidence: 1️⃣B"),
    message: "'confidence' must be one of"),
  MalformedCase(
    name: "source is not a URL",
    yaml: header
      + goodEntry.replacingOccurrences(
        of: "source: https://aws.amazon.com/lambda/pricing/", with: "source: 1️⃣the AWS site"),
    message: "'source' must be the URL"),
  MalformedCase(
    name: "tier bounds not increasing",
    yaml: header + """
        - id: apigateway.rest.request
          tiers:
            - {from: 0, price: 3.50}
            - {from: 1_000_000_000, price: 2.38}
            - {from: 1️⃣333_000_000, price: 2.80}
          unit: USD per 1M requests
          source: https://aws.amazon.com/api-gateway/pricing/
          as_of: 2025-11-02
          as_of_basis: page copy
          confidence: A
      """,
    message: "tier bounds must increase"),
  MalformedCase(
    name: "duplicate id",
    yaml: header + goodEntry + goodEntry.replacingOccurrences(of: "- id:", with: "- 1️⃣id:"),
    message: "duplicate id 'lambda.request' (first at line 5)"),
]

@Suite("Price catalog")
struct PriceCatalogTests {
  /// Every shipped price must be reviewable: a source URL, an as-of date with its basis, a
  /// confidence code, and a number unless it is explicitly unconfirmed.
  @Test func everyShippedPriceHasSourceDateAndValueOrUnconfirmedStatus() throws {
    let catalog = try PricingTestData.prices()
    #expect(catalog.region == "us-east-1")
    #expect(catalog.entries.count > 100)
    for entry in catalog.entries {
      let place = "\(entry.id) at \(entry.provenance.location)"
      #expect(entry.provenance.source.hasPrefix("https://"), "\(place): no https source")
      #expect(CatalogReader.isDate(entry.provenance.asOf), "\(place): no as-of date")
      switch entry.value {
      case .unconfirmed:
        #expect(entry.provenance.status == .unconfirmed, "\(place): null without status")
        #expect(entry.provenance.note?.isEmpty == false, "\(place): unconfirmed without note")
      case .flat(let price):
        #expect(price.isFinite && price >= 0, "\(place)")
      case .tiered(let tiers):
        #expect(tiers.first?.from == 0, "\(place): first tier must start at 0")
        #expect(zip(tiers, tiers.dropFirst()).allSatisfy { $0.from < $1.from }, "\(place)")
      }
      if entry.provenance.confidence == .unconfirmed {
        #expect(entry.provenance.status == .unconfirmed, "\(place)")
      }
    }
  }

  /// The services the cost analysis needs are all present (a rename would break billing).
  @Test(arguments: [
    "lambda.request", "lambda.duration.x86", "lambda.duration.arm",
    "lambda.provisioned_concurrency.x86", "lambda.ephemeral_storage",
    "apigateway.rest.request", "apigateway.http.request", "apigateway.websocket.message",
    "sqs.standard.request", "sqs.fifo.request", "sns.publish.standard",
    "eventbridge.custom_event", "stepfunctions.standard.transition",
    "stepfunctions.express.duration", "dynamodb.ondemand.read", "dynamodb.ondemand.write",
    "dynamodb.provisioned.rcu", "dynamodb.provisioned.wcu", "dynamodb.storage.standard",
    "s3.standard.get", "s3.standard.put", "s3.standard.storage", "cloudfront.data_out.us",
    "cloudfront.request.https.us", "route53.query.standard", "route53.hosted_zone",
    "route53.health_check.aws", "waf.web_acl", "waf.rule", "waf.request", "kinesis.shard_hour",
    "xray.trace_recorded", "cloudwatch.logs.ingest.standard", "alb.hour", "alb.lcu_hour",
    "datatransfer.out.internet", "cognito.essentials.mau", "fargate.vcpu_second",
    "elasticache.node.cache_r6g_large",
  ])
  func shippedCatalogHas(_ id: String) throws {
    #expect(try PricingTestData.prices()[id] != nil)
  }

  /// Figures with no source stay unpriced rather than guessed.
  @Test(arguments: [
    "cognito.essentials.mau",
    "elasticache.node.cache_r6g_large", "lambda.provisioned_duration.arm", "sns.delivery.sqs",
  ])
  func unsourcedFiguresAreUnconfirmed(_ id: String) throws {
    let entry = try #require(try PricingTestData.prices()[id])
    #expect(entry.value == .unconfirmed)
    #expect(entry.provenance.status == .unconfirmed)
  }

  @Test func lambdaRequestEntryReadsAsWritten() throws {
    let entry = try #require(try PricingTestData.prices()["lambda.request"])
    #expect(entry.value == .flat(0.20))
    #expect(entry.unit.scale == 1_000_000)
    #expect(entry.unit.basis == "requests")
    #expect(
      entry.freeTier
        == FreeTier(
          quantity: 1_000_000, offer: .alwaysFree, note: entry.freeTier?.note))
    #expect(entry.provenance.confidence == .awsCopy)
    #expect(entry.provenance.asOfBasis == .readDate)
    #expect(entry.service == "lambda")
  }

  @Test(arguments: [
    ("USD per 1M requests", 1e6, "requests"), ("USD per 10,000 requests", 1e4, "requests"),
    ("USD per GB-s", 1, "GB-s"), ("USD per 128 MB-s", 128, "MB-s"),
    ("USD per hosted zone-month", 1, "hosted zone-month"), ("USD per 100,000 units", 1e5, "units"),
  ])
  func priceUnitParses(text: String, scale: Double, basis: String) throws {
    let unit = try #require(PriceUnit(text))
    #expect(unit.scale == scale)
    #expect(unit.basis == basis)
  }

  /// REST API tiers from the AWS whitepaper, checked against the page's 15B-call example.
  @Test func tieredCostWalksTiersInOrder() throws {
    let entry = try #require(try PricingTestData.prices()["apigateway.rest.request"])
    let slices = entry.tierCharges(from: 0, to: 15e9)
    #expect(slices.map(\.quantity) == [333e6, 667e6, 14e9])
    #expect(slices.map(\.unitPrice) == [3.50, 2.80, 2.38])
    let cost = try #require(entry.cost(of: 15e9))
    #expect(abs(cost - 36_353.10) < 1e-6)
    // A free allowance occupies the bottom of the first tier.
    #expect(entry.cost(of: 1e6, freeUnits: 1e6) == 0)
    #expect(abs((entry.cost(of: 334e6, freeUnits: 1e6) ?? -1) - (332 * 3.5 + 2.8)) < 1e-9)
  }

  @Test func usageInAnUnconfirmedTierHasNoCost() throws {
    let entry = try #require(try PricingTestData.prices()["sqs.fifo.request"])
    #expect(entry.cost(of: 50e9) != nil)
    #expect(entry.cost(of: 150e9) == nil)
    #expect(entry.hasUnconfirmedFigures)
  }

  @Test(arguments: malformedPrices)
  func malformedCatalogIsReportedAtFileLineColumn(_ example: MalformedCase) {
    let marked = MarkedText(example.yaml)
    let (line, column) = marked.lineAndColumn
    do {
      _ = try PriceCatalog(yaml: marked.text, file: "bad.yaml")
      Issue.record("\(example.name): loaded without an error")
    } catch {
      let expected = "bad.yaml:\(line):\(column): error:"
      let hit = error.problems.contains {
        $0.description.hasPrefix(expected) && $0.message.contains(example.message)
      }
      #expect(hit, "expected '\(expected) …\(example.message)…', got:\n\(error)")
    }
  }

  @Test func everyProblemIsReportedNotOnlyTheFirst() {
    let yaml =
      header
      + goodEntry.replacingOccurrences(of: "value: 0.20", with: "value: x")
      .replacingOccurrences(of: "as_of: 2026-11", with: "as_of: later")
    let error = #expect(throws: CatalogError.self) {
      try PriceCatalog(yaml: yaml, file: "two.yaml")
    }
    #expect(error?.problems.count == 2)
  }

  @Test func missingFileIsACatalogErrorNamingThePath() {
    let url = URL(fileURLWithPath: "/nonexistent/flowbook/prices.yaml")
    let error = #expect(throws: CatalogError.self) {
      try PriceCatalog.load(contentsOf: url)
    }
    let text = error.map { "\($0)" } ?? ""
    #expect(text.hasPrefix("/nonexistent/flowbook/prices.yaml:1:1: error: cannot read"))
  }
}

@Suite("Dataset directory")
struct DatasetDirectoryTests {
  private func makeTree() throws -> (root: URL, deep: URL) {
    let root = FileManager.default.temporaryDirectory
      .appendingPathComponent("flowbook-datasets-\(UUID().uuidString)")
    let deep = root.appendingPathComponent("notebooks/incidents/2026", isDirectory: true)
    try FileManager.default.createDirectory(at: deep, withIntermediateDirectories: true)
    for folder in ["datasets/pricing", "datasets/quotas"] {
      try FileManager.default.createDirectory(
        at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
    }
    return (root, deep)
  }

  @Test func passesOverAnotherProjectsDatasetsFolder() throws {
    let tree = try makeTree()
    defer { try? FileManager.default.removeItem(at: tree.root) }
    let other = tree.deep.appendingPathComponent("datasets", isDirectory: true)
    try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
    let found = try DatasetDirectory.locate(from: tree.deep, environment: [:])
    #expect(
      found.resolvingSymlinksInPath().path
        == tree.root.appendingPathComponent("datasets").resolvingSymlinksInPath().path)
  }

  @Test func findsAnInstallationsShareFolder() throws {
    let prefix = FileManager.default.temporaryDirectory
      .appendingPathComponent("flowbook-prefix-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: prefix) }
    let installed = prefix.appendingPathComponent(DatasetDirectory.installedRelativePath)
    for folder in ["bin", DatasetDirectory.installedRelativePath + "/pricing"]
      + [DatasetDirectory.installedRelativePath + "/quotas"]
    {
      try FileManager.default.createDirectory(
        at: prefix.appendingPathComponent(folder), withIntermediateDirectories: true)
    }
    let found = try DatasetDirectory.locate(
      from: URL(fileURLWithPath: "/"), environment: [:],
      executablePath: prefix.appendingPathComponent("bin/flowbook").path)
    #expect(found.resolvingSymlinksInPath().path == installed.resolvingSymlinksInPath().path)
  }

  @Test func walksUpFromTheStartDirectory() throws {
    let tree = try makeTree()
    defer { try? FileManager.default.removeItem(at: tree.root) }
    let found = try DatasetDirectory.locate(from: tree.deep, environment: [:])
    #expect(
      found.resolvingSymlinksInPath().path
        == tree.root.appendingPathComponent("datasets").resolvingSymlinksInPath().path)
  }

  @Test func environmentVariableWins() throws {
    let tree = try makeTree()
    defer { try? FileManager.default.removeItem(at: tree.root) }
    let elsewhere = tree.root.appendingPathComponent("notebooks")
    let found = try DatasetDirectory.locate(
      from: tree.deep, environment: ["FLOWBOOK_DATASETS": elsewhere.path])
    #expect(found.path == elsewhere.standardizedFileURL.path)
  }

  @Test func environmentVariableNamingNothingIsAnError() {
    let error = #expect(throws: DatasetDirectoryError.self) {
      try DatasetDirectory.locate(environment: ["FLOWBOOK_DATASETS": "/nonexistent/datasets"])
    }
    #expect(error.map { "\($0)" }?.contains("FLOWBOOK_DATASETS") == true)
  }

  @Test func fallsBackToTheExecutablesDirectory() throws {
    let tree = try makeTree()
    defer { try? FileManager.default.removeItem(at: tree.root) }
    let executable = tree.deep.appendingPathComponent("flowbook").path
    let found = try DatasetDirectory.locate(
      from: URL(fileURLWithPath: "/"), environment: [:], executablePath: executable)
    #expect(found.lastPathComponent == "datasets")
  }

  @Test func nothingFoundNamesWhereItLooked() {
    let error = #expect(throws: DatasetDirectoryError.self) {
      try DatasetDirectory.locate(
        from: URL(fileURLWithPath: "/"), environment: [:], executablePath: "/flowbook")
    }
    #expect(error == .notFound(searched: ["/", "/share/flowbook/datasets", "/"]))
  }
}
