import Testing

@testable import FlowbookKit

/// Region declarations: what the loader accepts, and where it places each refusal.
@Suite struct RegionLoaderTests {
  /// `ModelFixtures.small` (21 lines) in two regions; line numbers matter to the cases.
  static let twoRegions =
    ModelFixtures.small + """

      regions:
        - name: us-east-1
          share: 60%
        - name: eu-west-1
          share: 40%
          overrides:
            api.rate_limit: 500 rps   # assumed: a test figure
      """

  static let badCases: [BadModelCase] = [
    BadModelCase(
      id: "shares do not sum to 100%", replace: "share: 40%", with: "share: 50%",
      message: "the regions' shares sum to 110%, not 100%", line: 23, column: 3),
    BadModelCase(
      id: "duplicate name", replace: "name: eu-west-1", with: "name: us-east-1",
      message: "region 'us-east-1' is declared twice", line: 25, column: 11),
    BadModelCase(
      id: "bad name", replace: "name: eu-west-1", with: "name: eu west!",
      message: "a region's name is 1 to 64 ASCII letters, digits and -", line: 25, column: 11),
    BadModelCase(
      id: "unknown region key", replace: "share: 40%", with: "shares: 40%",
      message: "unknown region key 'shares'; did you mean share?", line: 26, column: 5),
    BadModelCase(
      id: "share of the wrong kind", replace: "share: 40%", with: "share: 40 ms",
      message: "region 'eu-west-1'.share must be a share from 0% to 100%, not 40 ms",
      line: 26, column: 12),
    BadModelCase(
      id: "share above 100%", replace: "share: 40%", with: "share: 140%",
      message: "must be a share from 0% to 100%", line: 26, column: 12),
    BadModelCase(
      id: "unknown component", replace: "api.rate_limit:", with: "apii.rate_limit:",
      message: "region 'eu-west-1' overrides 'apii', which is not a component; "
        + "did you mean api?", line: 28, column: 7),
    BadModelCase(
      id: "unknown parameter", replace: "api.rate_limit:", with: "api.rate_limt:",
      message: "a gateway component (api) has no parameter 'rate_limt'; "
        + "did you mean rate_limit?", line: 28, column: 7),
    BadModelCase(
      id: "global component", replace: "api.rate_limit: 500 rps", with: "cdn.hit_rate: 80%",
      message: "cdn (cdn) is global, not deployed per region", line: 28, column: 7),
    BadModelCase(
      id: "override of the wrong dimension", replace: "500 rps", with: "5 ms",
      message: "api.rate_limit must be", line: 28, column: 23),
    BadModelCase(
      id: "override that is not an address", replace: "api.rate_limit:", with: "rate_limit:",
      message: "an override is component.parameter", line: 28, column: 7),
    BadModelCase(
      id: "missing share", replace: "    share: 40%\n", with: "",
      message: "region 'eu-west-1' needs a share:", line: 25, column: 5),
    BadModelCase(
      id: "one region", replace: "  - name: us-east-1\n    share: 60%\n", with: "",
      message: "regions: names two or more regions", line: 23, column: 3),
  ]

  @Test(arguments: badCases)
  func badRegionIsReportedWithItsPlace(_ bad: BadModelCase) {
    #expect(Self.twoRegions.contains(bad.replace), "fixture lacks \(bad.replace)")
    let text = Self.twoRegions.replacingOccurrences(of: bad.replace, with: bad.with)
    do {
      _ = try ModelLoader.load(text: text, name: "small.yaml")
      Issue.record("expected an error containing \(bad.message)")
    } catch {
      #expect(error.headline.contains(bad.message), "\(error.headline)")
      guard let span = error.span, let source = error.source else {
        Issue.record("no place in \(error.headline)")
        return
      }
      let place = source.location(ofByte: span.start)
      #expect("\(place.line):\(place.column)" == "\(bad.line):\(bad.column)", "\(error.headline)")
    }
  }

  @Test func twoRegionsLoadWithSharesAndOverrides() throws {
    let model = try ModelLoader.load(text: Self.twoRegions, name: "small.yaml")
    #expect(model.regions.map(\.name) == ["us-east-1", "eu-west-1"])
    #expect(model.regions.map(\.share) == [0.6, 0.4])
    let eu = try #require(model.region(named: "eu-west-1"))
    #expect(eu.overrides.map(\.address.description) == ["api.rate_limit"])
    let deployed = try model.deployed(in: eu)
    #expect(deployed.component(named: "api")?["rate_limit"]?.quantity?.value == 500)
    #expect(
      deployed.component(named: "api")?.parameter("rate_limit")?.origin
        == "eu-west-1 override; assumed: a test figure")
    #expect(deployed.regions.isEmpty)
    let us = try #require(model.region(named: "us-east-1"))
    #expect(try model.deployed(in: us).component(named: "api")?["rate_limit"] == nil)
  }

  @Test func regionsThatAreNotAListAreRefusedInPlace() {
    do {
      _ = try ModelLoader.load(text: ModelFixtures.small + "\nregions: us-east-1", name: "s.yaml")
      Issue.record("a scalar regions: loaded")
    } catch {
      #expect(error.headline.contains("regions: must be a list of regions"), "\(error.headline)")
      let place = error.span.flatMap { span in error.source?.location(ofByte: span.start) }
      #expect(place.map { "\($0.line):\($0.column)" } == "22:10")
    }
  }

  @Test func tooManyRegionsAreRefusedWithTheBound() {
    let count = RegionLimits.maximumRegions + 1
    var text = ModelFixtures.small + "\nregions:\n"
    for index in 0..<count { text += "  - {name: r\(index), share: 1 / \(count)}\n" }
    do {
      _ = try ModelLoader.load(text: text, name: "small.yaml")
      Issue.record("\(count) regions loaded")
    } catch {
      #expect(error.headline.contains("flowbook takes at most 32"), "\(error.headline)")
    }
  }

  @Test func sharesWrittenAsThirdsSumTo100Percent() throws {
    var text = ModelFixtures.small + "\nregions:\n"
    for index in 0..<3 { text += "  - {name: r\(index), share: 1 / 3}\n" }
    let model = try ModelLoader.load(text: text, name: "small.yaml")
    #expect(model.regions.count == 3)
  }
}
