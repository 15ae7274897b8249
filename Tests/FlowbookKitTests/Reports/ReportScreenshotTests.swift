import Foundation
import Testing

@testable import FlowbookKit

/// Each shipped notebook's HTML report, rendered by headless Chromium: the picture has the
/// window's size and is neither blank nor a page of solid colour.
///
/// Skipped, saying so, when no Chromium is installed (`apt-get install chromium`).
@Suite(.enabled(if: ReportScreenshot.browser != nil, ReportScreenshot.skipReason))
struct ReportScreenshotTests {
  static var notebooks: [String] {
    let folder = ModelFixtures.packageRoot + "/notebooks"
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return names.filter { $0.hasSuffix(".md") }.sorted()
  }

  @Test(arguments: notebooks)
  func reportRendersToAPicture(_ name: String) throws {
    let clock = ContinuousClock()
    let start = clock.now
    let html = HTMLReport.render(try ReportScreenshot.report(notebook: name))
    let replayed = clock.now
    let folder =
      FileManager.default.temporaryDirectory.path
      + "/flowbook-screenshot-\(getpid())-\(name)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let page = folder + "/report.html"
    try Data(html.utf8).write(to: URL(fileURLWithPath: page))
    let png = try ReportScreenshot.shoot(page, in: folder)
    let shot = clock.now
    let image = try PNGImage(png)
    // Half scale: a 1,000 × 4,000 px window becomes a 500 × 2,000 px picture.
    #expect(image.width == 500 && image.height == 2_000, "\(image.width)×\(image.height)")
    let ink = image.inkShare
    print(
      "screenshot \(name): \(png.count) bytes, ink \(Int(ink * 1_000)) ‰; report "
        + "\(replayed - start), chromium \(shot - replayed), decode \(clock.now - shot)")
    #expect(ink > 0.03, "\(name): the page is nearly blank (\(ink))")
    #expect(ink < 0.6, "\(name): the page is mostly solid (\(ink))")
    #expect(image.lastInkRow > image.height / 2, "\(name): content ends at \(image.lastInkRow)")
  }
}

/// Finding Chromium and running it.
enum ReportScreenshot {
  static let browser: String? = {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
      for folder in ["/usr/bin", "/usr/local/bin", "/snap/bin"]
      where FileManager.default.isExecutableFile(atPath: folder + "/" + name) {
        return folder + "/" + name
      }
    }
    return nil
  }()

  static let skipReason: Comment =
    "chromium is not installed: install Debian's chromium package to render reports"

  /// Replays a shipped notebook in a session, as `flowbook report` does, and builds its
  /// report.
  static func report(notebook name: String) throws -> Report {
    let folder = ModelFixtures.packageRoot + "/notebooks"
    let path = folder + "/" + name
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let notebook = try NotebookParser.parse(text, path: path)
    let session = Session(
      environment: SessionEnvironment(
        workingDirectory: folder, seed: notebook.header.seed, writePolicy: .within([folder])))
    let replays = session.open(notebook, at: path)
    #expect(replays.allSatisfy { $0.failure == nil }, "\(name) replays")
    return ReportBuilder(session: session)
      .build(notebookPath: name, modelFile: notebook.header.model)
  }

  /// A PNG of `page` at half scale, from a 1,000 × 4,000 px window.
  static func shoot(_ page: String, in folder: String) throws -> Data {
    guard let browser else { throw CocoaError(.fileNoSuchFile) }
    let out = folder + "/shot.png"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: browser)
    process.arguments = [
      "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
      "--force-device-scale-factor=0.5", "--user-data-dir=\(folder)/profile",
      "--screenshot=\(out)", "--window-size=1000,4000", "file://" + page,
    ]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return try Data(contentsOf: URL(fileURLWithPath: out))
  }
}
