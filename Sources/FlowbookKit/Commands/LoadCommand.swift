import Foundation

/// `load FILE`: read a path model and make it both the current model and the baseline.
enum LoadCommand {
  static let usage = "load FILE"

  static let command = Command(
    name: "load",
    synopsis: usage,
    summary: "load a path model (YAML); it becomes the baseline for diff and reset",
    discussion: """
      FILE is resolved against the working directory, then against the datasets folder \
      (so `load serverless-burst` finds datasets/serverless-burst.yaml). A file with a \
      mistake is reported with its line and column, and the current model stays loaded.
      """,
    example: "load serverless-burst\nload datasets/golden-path.yaml",
    completion: .models,
    run: { arguments, session in
      let (text, span) = arguments.text()
      // Quoted as every file command takes it: load "my models/path.yaml".
      let words = TextWords(text)
      guard words.flags.isEmpty, words.words.count <= 1 else {
        throw Diagnostic(
          "expected one file name (quote a name with spaces: load \"my model.yaml\"); "
            + "usage: \(usage)", span: span)
      }
      guard let name = words.words.first, !name.isEmpty else {
        throw Diagnostic("expected a file name; usage: \(usage)", span: span)
      }
      guard let path = resolve(name, session) else {
        throw Diagnostic(
          "no model file '\(name)' in \(session.environment.workingDirectory)"
            + (session.workspace.datasetsDirectory.map { " or \($0)" } ?? ""), span: span,
          suggestions: Suggestion.nearest(to: name, among: available(session)))
      }
      let real = try session.readablePath(path, typed: name, span: span)
      let model = try ModelLoader.load(
        file: real, displayName: displayName(path, name, session), readGate: session.readGate)
      session.workspace.current = model
      session.workspace.baseline = model
      session.workspace.unavailableReason = nil
      session.notebook.recordInput(path, isModel: true)
      let routes = (try? model.routes().count) ?? 0
      return .line(
        Markup(
          "loaded \(model.name): \(model.components.count) components, "
            + "\(routes) routes; \(model.title)"),
        data: .object([
          ("model", .string(model.name)), ("file", .string(model.file)),
          ("components", .number(Double(model.components.count))),
          ("routes", .number(Double(routes))),
        ]))
    })

  /// The first existing file among NAME, NAME.yaml, and both under the datasets folder.
  static func resolve(_ name: String, _ session: Session) -> String? {
    var bases = [name.hasPrefix("/") ? name : session.environment.workingDirectory + "/" + name]
    if let datasets = session.workspace.datasetsDirectory, !name.hasPrefix("/") {
      bases.append(datasets + "/" + name)
    }
    let candidates = bases.flatMap { [$0, $0 + ".yaml"] }
    return candidates.first { FileManager.default.fileExists(atPath: $0) && !isDirectory($0) }
  }

  private static func displayName(_ path: String, _ typed: String, _ session: Session) -> String {
    if let datasets = session.workspace.datasetsDirectory, path.hasPrefix(datasets + "/") {
      return "datasets/" + path.dropFirst(datasets.count + 1)
    }
    return typed.hasSuffix(".yaml") ? typed : typed + ".yaml"
  }

  private static func available(_ session: Session) -> [String] {
    guard let datasets = session.workspace.datasetsDirectory,
      let names = try? FileManager.default.contentsOfDirectory(atPath: datasets)
    else { return [] }
    return names.filter { $0.hasSuffix(".yaml") }.flatMap { [$0, String($0.dropLast(5))] }
  }

  private static func isDirectory(_ path: String) -> Bool {
    var flag: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
  }
}
