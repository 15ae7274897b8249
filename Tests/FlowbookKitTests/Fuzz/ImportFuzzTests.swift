import Foundation
import Testing

@testable import FlowbookKit

/// The import surface under hostile input: mutations of every shipped template and plan,
/// and every input that ever crashed the importer.
///
/// Each case is imported; it must succeed or fail with an `error:` (placed in the file when
/// the mistake has a place), never trap, and never take 10 s. An import that succeeds must
/// write a model `load` accepts, with no NaN or infinity in it; one in `analysisStride` is
/// also run through `latency`.
@Suite struct ImportFuzzTests {
  static let mutantsPerTemplate = 150
  static let analysisStride = 25
  static let deadline = 10.0

  static func templates() throws -> [(String, String)] {
    let folder = ModelFixtures.datasets + "/templates"
    return try FileManager.default.contentsOfDirectory(atPath: folder).sorted().map {
      ($0, try String(contentsOfFile: folder + "/" + $0, encoding: .utf8))
    }
  }

  @Test func mutatedTemplatesImportOrErr() throws {
    var mutator = ModelFuzzMutator(seed: 1717)
    var cases = 0
    for (name, text) in try Self.templates() {
      for index in 0..<Self.mutantsPerTemplate {
        check(mutator.mutate(text), name: name, analyse: index % Self.analysisStride == 0)
        cases += 1
      }
    }
    for (index, text) in ImportCrashCorpus.inputs.enumerated() {
      check(text, name: "corpus-\(index).yaml", analyse: true)
      cases += 1
    }
    print("fuzz import: \(cases) cases, 0 traps")
  }

  private func check(_ text: String, name: String, analyse: Bool) {
    let start = Date()
    defer {
      let elapsed = Date().timeIntervalSince(start)
      #expect(elapsed < Self.deadline, "\(name) took \(elapsed) s:\n\(text.prefix(2_000))")
    }
    let result: TemplateImport
    do {
      result = try TemplateImporter.importText(text, name: name)
    } catch {
      let rendered = CaretRenderer.render(error)
      #expect(rendered.hasPrefix("error: "), "\(name): \(rendered)")
      return
    }
    let model: PathModel
    do {
      // importText loads the model itself and refuses what load would: this must pass.
      model = try ModelLoader.load(text: result.yaml, name: name)
    } catch {
      let message =
        "\(name): the import wrote a model load refuses: \(CaretRenderer.render(error))\n"
        + "input:\n\(text.prefix(3_000))\nmodel:\n\(result.yaml)"
      Issue.record("\(message)")
      return
    }
    for bad in [": nan", ": inf", ": -inf", " nan ", " inf "] {
      #expect(!result.yaml.contains(bad), "\(name): \(bad) in\n\(result.yaml)")
    }
    guard analyse else { return }
    let session = ModelFixtures.session()
    session.workspace.current = model
    session.workspace.baseline = model
    let cell = session.execute("latency")
    #expect(!cell.plainOutput.contains("nan"), "\(name): \(cell.plainOutput)")
  }
}
