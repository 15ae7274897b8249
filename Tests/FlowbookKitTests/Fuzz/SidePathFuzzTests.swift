import Foundation
import Testing

@testable import FlowbookKit

/// Fuzzes the `side_paths:` surface, from good and hostile pieces and byte flips.
///
/// The pieces: unknown and repeated names, shares and records out of range or not
/// numbers, paths empty, nested, self-feeding and cyclic. Each must load or be refused with a
/// placed error; whatever loads must give finite capacity and cost figures.
@Suite struct SidePathFuzzTests {
  static let froms = [
    "db", "worker", "hose", "kin", "topic", "api", "nope", "", "\"\"", "[db]", "ü",
  ]
  static let feeds = ["writes", "visits", "write", "", "{}", "1"]
  static let values = [
    "100%", "20%", "0", "1", "0.001", "150%", "-1", ".nan", ".inf", "1e308", "-0", "3 s",
    "topic.subscribers", "db.write_share", "nope.x", "[]", "\"\"", "10001",
  ]
  static let paths = [
    "[changes, worker]", "[bus, topic]", "[kin]", "[hose]", "[lake]", "[]", "[nope]", "worker",
    "[{parallel: {count: 3, path: [kin]}}]", "[{branch: [{p: 50%, path: [kin]}, {p: rest}]}]",
    "[{use: nothing}]", "[[[[kin]]]]", "{}",
  ]

  struct Fuzzer {
    var cases = 0
    var loaded = 0

    mutating func check(_ section: String, label: String) {
      cases += 1
      let head = SidePathFixtures.events.components(separatedBy: "side_paths:")[0]
      let model: PathModel
      do {
        model = try ModelLoader.load(text: head + section, name: "events.yaml")
      } catch {
        #expect(!error.headline.isEmpty, "\(label): an empty error")
        return
      }
      loaded += 1
      do {
        let capacity = try CapacityAnalysis.report(model, quotas: PricingTestData.quotas())
        for demand in capacity.demands {
          #expect(demand.perRate.isFinite, "\(label): \(demand.component) \(demand.measure)")
        }
        for limit in capacity.limits {
          #expect(limit.perRate.isFinite && limit.limit.isFinite, "\(label): \(limit.name)")
        }
        let cost = try CostAnalysis.report(model, prices: PricingTestData.prices())
        #expect(cost.monthly.isFinite, "\(label): monthly")
      } catch let error as Diagnostic {
        #expect(!error.headline.isEmpty, "\(label): an empty error")
      } catch {
        Issue.record("\(label): \(error)")
      }
    }
  }

  /// The good choices first in each list: three picks in four come from them.
  static let good = (froms: 4, feeds: 2, values: 5, paths: 5)

  static func pick<T>(_ list: [T], _ generator: inout SeededGenerator, good: Int? = nil) -> T {
    if let good, generator.next() % 4 != 0 { return list[Int(generator.next() % UInt64(good))] }
    return list[Int(generator.next() % UInt64(list.count))]
  }

  static func section(_ generator: inout SeededGenerator) -> String {
    var text = "side_paths:\n"
    let count = 1 + Int(generator.next() % 4)
    for index in 0..<count {
      var keys: [String] = []
      if generator.next() % 16 != 0 {
        keys.append("from: \(pick(froms, &generator, good: good.froms))")
      }
      if generator.next() % 2 == 0 {
        keys.append("feed: \(pick(feeds, &generator, good: good.feeds))")
      }
      if generator.next() % 2 == 0 {
        keys.append("share: \(pick(values, &generator, good: good.values))")
      }
      if generator.next() % 2 == 0 {
        keys.append("records: \(pick(values, &generator, good: good.values))")
      }
      if generator.next() % 16 != 0 {
        keys.append("path: \(pick(paths, &generator, good: good.paths))")
      }
      if generator.next() % 16 == 0 { keys.append("form: db") }
      let name = generator.next() % 10 == 0 ? "s0" : "s\(index)"
      text += "  \(name): {\(keys.joined(separator: ", "))}\n"
    }
    return text
  }

  @Test func hostileSidePathsLoadOrAreRefused() {
    var fuzzer = Fuzzer()
    for (name, section) in SidePathCrashCorpus.cases { fuzzer.check(section, label: name) }
    var generator = SeededGenerator(seed: 20_261_208)
    for round in 0..<1_000 {
      let section = Self.section(&generator)
      fuzzer.check(section, label: "round \(round): \(section)")
      guard round % 3 == 0 else { continue }
      var bytes = Array(section.utf8)
      let at = Int(generator.next() % UInt64(bytes.count))
      bytes[at] = Self.pick(Array("{}[]:,#&*!|>'\"%@` \n\t-?".utf8), &generator)
      fuzzer.check(String(decoding: bytes, as: UTF8.self), label: "round \(round) flipped")
    }
    #expect(fuzzer.loaded > 30, "so few sections loaded that the analyses went untested")
    print("fuzz side paths: \(fuzzer.cases) cases, 0 traps")
  }
}
