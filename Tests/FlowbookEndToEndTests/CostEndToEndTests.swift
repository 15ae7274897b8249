import Foundation
import Testing

/// `flowbook --json -e 'cost'` with the real binary: what a script reads.
@Test func costJSONGivesTotalAndPerComponentDollarsPerMillion() throws {
  let outcome = try BinaryRunner.run(["--json", "-e", "cost"])
  #expect(outcome.status == 0, "\(outcome.stderr)")
  let document = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8))
  let result = try #require(document as? [String: Any])
  let total = try #require(result["per_million"] as? Double)
  #expect(total > 1 && total < 100, "$\(total) per 1M requests")
  let components = try #require(result["components"] as? [[String: Any]])
  #expect(components.compactMap { $0["component"] as? String }.contains("lambda"))
  let perMillion = components.compactMap { $0["per_million"] as? Double }
  #expect(perMillion.count == components.count)
  #expect(abs(perMillion.reduce(0, +) - total) < 1e-4)
  #expect(result["unpriced"] as? [String] == ["ecs", "redis"])
}

/// `capacity --max` through the binary names the rate and its reason.
@Test func capacityMaxThroughTheBinary() throws {
  let outcome = try BinaryRunner.run(["-e", "capacity --max"])
  #expect(outcome.status == 0, "\(outcome.stderr)")
  #expect(outcome.stdout.hasPrefix("capacity --max: golden-path sustains up to 81,989 rps"))
  #expect(outcome.stdout.contains("quota cloudfront.distribution.data_transfer_rate: 150 Gbps"))
}
