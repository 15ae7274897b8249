import Foundation
import Testing

/// `flowbook import` through the real binary: the model goes to -o (or stdout), the report
/// to stdout (or stderr); a mistake in the template exits 65 with its place, a file that
/// cannot be read exits 74.
@Suite struct ImportEndToEndTests {
  private static func folder(_ name: String = #function) throws -> String {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("flowbook-import-\(getpid())-\(name.filter(\.isLetter))").path
    try? FileManager.default.removeItem(atPath: path)
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  @Test func importWritesAModelThatLoads() throws {
    let directory = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let model = directory + "/orders.yaml"
    let imported = try BinaryRunner.run(
      ["import", "datasets/templates/api-sqs-lambda-dlq.yaml", "-o", model])
    #expect(imported.status == 0, "\(imported.stderr)")
    #expect(imported.stdout.hasPrefix("imported datasets/templates/api-sqs-lambda-dlq.yaml"))
    #expect(imported.stdout.contains("assumed (measure, or set):"))
    let text = try String(contentsOfFile: model, encoding: .utf8)
    #expect(text.contains("visibility_timeout: 180 s "))
    let run = try BinaryRunner.run(["-e", "load \(model); latency; capacity"])
    #expect(run.status == 0, "\(run.stderr)")
  }

  @Test func withoutAnOutputTheModelGoesToStdout() throws {
    let outcome = try BinaryRunner.run(["import", "datasets/templates/terraform-plan.json"])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    #expect(
      outcome.stdout.hasPrefix("# Imported by flowbook from datasets/templates/terraform-plan.json")
    )
    #expect(outcome.stderr.contains("aws_glue_catalog_database.analytics"))
  }

  @Test func mistakesExit65AndUnreadableFilesExit74() throws {
    let directory = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let bad = directory + "/bad.yaml"
    try "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      X: !Nope 1\n"
      .write(toFile: bad, atomically: true, encoding: .utf8)
    let refused = try BinaryRunner.run(["import", bad])
    #expect(refused.status == 65)
    #expect(refused.stderr.contains("error: unknown tag !Nope"), "\(refused.stderr)")
    #expect(refused.stderr.contains("--> \(bad):5:10"), "\(refused.stderr)")
    let missing = try BinaryRunner.run(["import", directory + "/none.yaml"])
    #expect(missing.status == 74)
    let folder = try BinaryRunner.run(["import", directory])
    #expect(folder.status == 74, "\(folder.stderr)")
    let shell = try BinaryRunner.run(["-e", "import \(directory)"])
    #expect(shell.status == 65)
    #expect(shell.stderr.contains("is a folder"), "\(shell.stderr)")
  }

  @Test func theShellsImportLoadsTheModel() throws {
    let outcome = try BinaryRunner.run(
      ["-e", "import datasets/templates/step-functions.yaml; show path; simulate 5 s"])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    #expect(outcome.stdout.contains("checkout_state_machine"))
  }
}
