import ArgumentParser
import FlowbookKit
import Foundation

/// `flowbook import FILE [-o MODEL]`: a template or plan as a path model file.
///
/// Without -o the model's YAML goes to stdout and the report (what is assumed, what is
/// not modelled) to stderr, so `flowbook import t.yaml > model.yaml` keeps both apart.
/// With -o the model is written atomically and the report goes to stdout.
struct ImportTemplate: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Import a CloudFormation or SAM template, or a Terraform plan, as a path model.",
    discussion: """
      FILE is a template in YAML or JSON (SAM's Transform is expanded), or the output of \
      `terraform show -json PLAN`. The model is checked by loading it, as `load` would. \
      Figures the template cannot state are marked `# assumed:` and listed.
      """)

  @Argument(help: "The template or plan.")
  var file: String

  @Option(name: .shortAndLong, help: "Write the model to this file (default: stdout).")
  var output: String?

  @Flag(help: "Print the report as one JSON document.")
  var json = false

  func run() throws {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory),
      !isDirectory.boolValue, FileManager.default.isReadableFile(atPath: file)
    else {
      Output.error("error: cannot read \(file): no such file, a folder, or not readable")
      throw FlowbookExit.ioError
    }
    let result: TemplateImport
    let routes: Int
    do {
      result = try TemplateImporter.importFile(
        file, displayName: file,
        modelName: TemplateImporter.stem(output ?? file))
      let model = try ModelLoader.load(text: result.yaml, name: output ?? file)
      routes = (try? model.routes().count) ?? 0
    } catch {
      Output.error(TerminalSafeText.sanitised(CaretRenderer.render(error)))
      throw FlowbookExit.badInput
    }
    if let output {
      do {
        try AtomicFile.write(result.yaml, to: output)
      } catch {
        Output.error("error: \(error.diagnostic.message)")
        throw FlowbookExit.ioError
      }
    }
    let report = ImportReport.result(result, routes: routes, written: output)
    let text = json ? report.data.serialized() : PlainTextRenderer.render(report)
    if output == nil {
      Output.standardRaw(result.yaml, safe: false)
      Output.error(text)
    } else {
      Output.standard(text)
    }
  }
}
