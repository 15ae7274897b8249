import Foundation
import Testing

@testable import FlowbookKit

/// The `regions:` surface of a model file under hostile input.
///
/// Region lists are generated from pieces that are each valid or hostile (names empty, too
/// long, non-ASCII or repeated; shares negative, above 100 %, non-finite, of the wrong
/// dimension or not summing to 100 %; overrides of unknown, global or badly typed
/// parameters; lists of the wrong shape or over the bound), then byte-mutated. Each case
/// must load or be refused with an `error:` placed in the file; a model that loads must
/// answer `capacity`, `capacity --without R`, `capacity --region R` and `failover region
/// R` or fail with an `error:` line, and never print a non-finite number.
@Suite struct RegionFuzzTests {
  static let cases = 500

  @Test func generatedRegionDeclarationsLoadAndAnswerOrErr() throws {
    var fuzzer = RegionFuzzer()
    var generator = SeededGenerator(seed: 20_261_207)
    for _ in 0..<Self.cases {
      fuzzer.check(RegionFuzzer.declaration(using: &generator), using: &generator)
    }
    #expect(fuzzer.loaded > 100, "so few cases loaded that the analyses went untested")
    #expect(fuzzer.refused > 100, "so few cases were refused that the checks went untested")
    print("fuzz regions: \(fuzzer.cases) cases, 0 traps")
  }
}

/// Builds region declarations and checks what loading and analysing them does.
private struct RegionFuzzer {
  static let base =
    ModelFixtures.small + """

      workload:
        rate: 10k rps
        peak: 30k rps
      """

  private(set) var cases = 0
  private(set) var loaded = 0
  private(set) var refused = 0
  private var failures = 0
  private let session = ModelFixtures.session()

  static let names = [
    "us-east-1", "eu-west-1", "ap-south-1", "a", "", "us east", "é-1", "-", "x--y",
    String(repeating: "r", count: 65), "us-east-1",
  ]
  static let shares = [
    "50%", "100%", "0%", "60%", "40%", "1/3", "-10%", "140%", "nan", "inf", "1e999",
    "1/0", "5 ms", "0.5", "\"50%\"", "[50%]", "{a: 1}", "",
  ]
  static let overrides = [
    "api.rate_limit: 500 rps", "api.rate_limit: 0 rps", "api.rate_limit: -5 rps",
    "api.rate_limit: 1e308 rps", "api.rate_limit: 5 ms", "api.burst_limit: 100",
    "db.read_capacity: 1000", "db.capacity_mode: provisioned", "cdn.hit_rate: 50%",
    "apii.rate_limit: 1", "api.rate_limt: 1", "rate_limit: 1", "api.rate_limit.p99: 1",
    "db.latency: {p50: 1 ms, p99: 2 ms}", "db.parallel_queries: 0",
    "db.parallel_queries: 2.5",
  ]

  /// A `regions:` block of 0 to 40 regions from the pieces above, sometimes mis-shaped.
  static func declaration(using generator: inout SeededGenerator) -> String {
    let shape = Int.random(in: 0..<20, using: &generator)
    if shape == 0 { return "regions: us-east-1\n" }
    if shape == 1 { return "regions: {name: a, share: 100%}\n" }
    let count =
      shape == 2
      ? Int.random(in: 30...40, using: &generator) : Int.random(in: 0...4, using: &generator)
    var text = "regions:\n"
    let balanced = Int.random(in: 0..<4, using: &generator) > 0
    for index in 0..<count {
      let name =
        Int.random(in: 0..<8, using: &generator) > 0
        ? "r\(index)" : names.randomElement(using: &generator) ?? "a"
      let share =
        balanced ? "1/\(count)" : shares.randomElement(using: &generator) ?? "50%"
      text += "  - name: \(name)\n    share: \(share)\n"
      if Int.random(in: 0..<6, using: &generator) == 0 {
        text += "    overrides:\n"
        for _ in 0..<Int.random(in: 1...2, using: &generator) {
          let pick =
            Bool.random(using: &generator)
            ? overrides[0] : overrides.randomElement(using: &generator) ?? ""
          text += "      " + pick + "\n"
        }
      }
    }
    return text
  }

  mutating func check(_ regions: String, using generator: inout SeededGenerator) {
    var text = Self.base + "\n" + regions
    if Int.random(in: 0..<6, using: &generator) == 0 {
      var bytes = Array(text.utf8)
      let at = Int.random(in: (bytes.count - regions.utf8.count)..<bytes.count, using: &generator)
      bytes[at] =
        [UInt8(ascii: " "), UInt8(ascii: ":"), UInt8(ascii: "-"), 0xFF, 0x0A][
          Int.random(in: 0..<5, using: &generator)]
      text = String(decoding: bytes, as: UTF8.self)
    }
    cases += 1
    let model: PathModel
    do {
      model = try ModelLoader.load(text: text, name: "fuzz.yaml")
    } catch {
      refused += 1
      let rendered = CaretRenderer.render(error)
      if !rendered.hasPrefix("error: ") || !rendered.contains("--> fuzz.yaml:")
        || !rendered.contains("^")
      {
        fail("a load error without its place", rendered, text)
      }
      return
    }
    loaded += 1
    guard !model.regions.isEmpty else { return }
    session.workspace = ModelWorkspace(current: model, datasetsDirectory: ModelFixtures.datasets)
    let name = model.regions.randomElement(using: &generator)?.name ?? "a"
    for command in [
      "capacity", "capacity --without \(name)", "capacity --region \(name)",
      "failover region \(name)", "capacity --max --without \(name)",
    ] {
      let cell = session.execute(command)
      let output = cell.plainOutput
      if !cell.succeeded && !output.hasPrefix("error: ") {
        fail("\(command) failed without an error line", output, text)
      }
      let words = output.lowercased().split { !$0.isLetter }
      if cell.succeeded, words.contains(where: { ["nan", "inf", "infinity"].contains($0) }) {
        fail("\(command) printed a non-finite number", output, text)
      }
    }
  }

  private mutating func fail(_ what: String, _ output: String, _ text: String) {
    failures += 1
    guard failures <= 10 else { return }
    Issue.record("\(what):\n\(output)\n--- input ---\n\(text)")
  }
}
