import Foundation
import Testing

@testable import FlowbookKit

/// A bill never shows `inf` or `nan`: a report with a figure beyond a `Double` is refused
/// with an error naming the line, and `cost` prints that error (issue 13; the command
/// fuzzer once found `cost` printing "inf" after extreme `set`s).
@Suite struct CostFiniteTests {
  static func goldenReport() throws -> CostAnalysis.Report {
    try CostAnalysis.report(ModelFixtures.golden(), prices: PricingTestData.prices())
  }

  @Test func theGoldenBillIsFinite() throws {
    try Self.goldenReport().checkFinite()
  }

  @Test func anInfiniteLineIsRefusedByName() throws {
    var report = try Self.goldenReport()
    let name = try #require(report.bill.items.first).description
    report.bill.items[0].cost = .infinity
    let error = try #require(throws: Diagnostic.self) { try report.checkFinite() }
    #expect(error.message.contains("the line '\(name)'"), "\(error.message)")
    #expect(error.message.contains("beyond what can be priced"))
  }

  @Test func aNaNComponentOrRouteOrTotalIsRefused() throws {
    var component = try Self.goldenReport()
    component.components[0].variableMonthly = .nan
    #expect(throws: Diagnostic.self) { try component.checkFinite() }
    var route = try Self.goldenReport()
    try #require(!route.routes.isEmpty)
    route.routes[0].perMillion = .infinity
    #expect(throws: Diagnostic.self) { try route.checkFinite() }
    var total = try Self.goldenReport()
    total.requestsPerMonth = 1e-320  // a rate too small to spread the bill over
    #expect(throws: Diagnostic.self) { try total.checkFinite() }
  }
}
