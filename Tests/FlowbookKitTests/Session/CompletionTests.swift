import Foundation
import Testing

@testable import FlowbookKit

/// Tab completion offers what each command takes: model names for `load`, component names
/// for `show`, `failover` and `queue`, quoted paths anywhere; candidates lay out in columns.
@Suite struct CompletionTests {
  private func candidates(_ line: String, _ session: Session = ModelFixtures.session())
    -> [String]
  {
    session.completions(for: line, cursor: line.utf8.count).candidates
  }

  @Test func loadCompletesDatasetNamesAndFiles() {
    let names = candidates("load ")
    #expect(names.contains("golden-path") && names.contains("serverless-burst"), "\(names)")
    #expect(names.contains("examples/aws-lambda-mobile-backend"), "\(names)")
    #expect(names.contains("datasets/"), "files of the working directory too: \(names)")
    #expect(!names.contains("ms"), "no units after load: \(names)")
    #expect(candidates("load serv") == ["serverless-burst"])
    #expect(candidates("load examples/aws-lambda-mo") == ["examples/aws-lambda-mobile-backend"])
    #expect(candidates("load datasets/golden-path.") == ["datasets/golden-path.yaml"])
  }

  @Test func showFailoverAndQueueCompleteComponentNames() {
    let show = candidates("show ")
    #expect(show.contains("lambda") && show.contains("dynamodb") && show.contains("path"))
    #expect(!show.contains("cdn.hit_rate") && !show.contains("ms"), "\(show)")
    #expect(candidates("show dyn") == ["dynamodb"])
    #expect(candidates("failover cache re").contains("redis"))
    #expect(candidates("failover reg") == ["region"])
    #expect(candidates("queue ec") == ["ecs"])
    #expect(candidates("queue ecs at 10k r").contains("rps"), "units for values")
    #expect(candidates("latency; show lam") == ["lambda"], "the command of this statement")
  }

  @Test func aQuotedPathCompletesInsideItsQuote() {
    #expect(candidates(#"load "datasets/golden-path."#) == [#""datasets/golden-path.yaml"#])
    #expect(candidates(#"save "notebo"#) == [#""notebooks/"#])
    #expect(candidates(#"open "notebooks/retry-st"#) == [#""notebooks/retry-storm.md"#])
  }

  @Test func candidatesLayOutInColumnsDownThenAcross() {
    let result = CompletionResult(
      wordStart: 0, prefix: "",
      candidates: ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta"])
    // Widest 7 + 2 spaces = 9 a column: 3 columns fit in 27 characters.
    #expect(
      result.columns(width: 27) == [
        "alpha    delta    eta",
        "beta     epsilon",
        "gamma    zeta",
      ])
    #expect(result.columns(width: 5).count == 7, "one column when nothing else fits")
    #expect(
      result.columns(width: 200) == ["alpha    beta     gamma    delta    epsilon  zeta     eta"])
    #expect(CompletionResult(wordStart: 0, prefix: "", candidates: []).columns(width: 80) == [])
    #expect(result.columns(width: 0).count == 7)
  }
}
