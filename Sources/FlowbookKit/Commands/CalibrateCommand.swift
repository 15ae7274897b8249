import Foundation
import Quantities

/// `calibrate FILE …`: fit the current model to CloudWatch, X-Ray or access-log data.
enum CalibrateCommand {
  static let usage =
    "calibrate FILE [as COMPONENT | as NAME=COMPONENT …] [fit lognormal|empirical] "
    + "[rates OUT.csv [busiest TIME]] [--dry-run]"

  static let command = Command(
    name: "calibrate",
    synopsis: usage,
    summary: "fit latencies and the workload to CloudWatch, X-Ray or access-log data",
    discussion: """
      FILE is AWS's own output, recognised by its content: the JSON of aws cloudwatch \
      get-metric-data or get-metric-statistics (Duration, Latency, IntegrationLatency as \
      p50/p90/p99; Invocations, Count, Throttles, ConcurrentExecutions, \
      ApproximateAgeOfOldestMessage, IteratorAge), of aws xray batch-get-traces (each \
      segment's end − start) or get-trace-summaries (ResponseTime), an ALB access log \
      (request + response processing time for the load balancer, target processing time \
      for the target group) or an API Gateway access log in JSON (responseLatency − \
      integrationLatency). Resources map to components by name (FunctionName, ApiName, \
      segment, target group; case and punctuation ignored, and a stack prefix such as \
      prod-consumer is allowed), else by as NAME=COMPONENT, else by as COMPONENT. \
      get-metric-statistics names no dimension, so it needs as COMPONENT; get-metric-data \
      reads each result's label as ${PROP('Dim.FunctionName')} ${PROP('MetricName')} \
      ${PROP('Stat')}. Percentiles per period become the window's by mixing the periods \
      weighted by their request counts, and the fit is the lognormal through the window's \
      p50 and p99; samples fit an empirical distribution (1,000 equal-mass bins) from 100 \
      samples on, else a lognormal (fit lognormal|empirical chooses). Request counts give \
      workload.rate (the mean), workload.peak and workload.peak_duration, divided by the \
      component's executions per request; rates OUT.csv writes the series second by \
      second for simulate … csv OUT.csv (busiest TIME: only the busiest stretch). The \
      report gives each fit's quality: the data's and the fit's p50 and p99, the error at \
      other percentiles, the KS distance for samples, N. The changes are made as set \
      makes them (diff shows them; reset undoes them); --dry-run only reports. Files are \
      read within the sandbox, as load reads, at most 64 MiB, and hashed in a saved \
      notebook's header.
      """,
    example: """
      load serverless-burst
      calibrate datasets/telemetry/serverless-burst-day.json
      calibrate alb.log as app/my-alb/50dc6c495c0c9188=cloudfront --dry-run
      """,
    completion: .files,
    run: { arguments, session in
      let model = try session.workspace.requireModel()
      let (text, span) = arguments.text()
      let request = try Request.parse(text, at: span.start)
      guard let path = session.inputFile(request.file.text) else {
        throw Diagnostic("no file '\(request.file.text)'", span: request.file.span)
      }
      let real = try session.readablePath(path, typed: request.file.text, span: request.file.span)
      let file = try TelemetryFile(path: real, name: request.file.text)
      let telemetry = try Telemetry.read(file)
      var plan: Calibration
      do throws(Diagnostic) {
        plan = try Calibration.plan(telemetry, model: model, options: request.options)
      } catch {
        var located = error
        if located.span == nil { located.span = request.file.span }
        throw located
      }
      let calibrated = try plan.applied(to: model)
      session.notebook.recordInput(real)
      if let rates = request.rates {
        guard var series = plan.workload?.series else {
          throw Diagnostic(
            "the file gives no request counts, so there is no rate series to write",
            span: rates.span)
        }
        if let busiest = request.busiest { series = series.busiest(busiest) }
        try session.environment.writeFile(series.perSecondCSV, to: rates.text, span: rates.span)
        plan.notes.append(
          "wrote \(Int(min(series.duration, RateSeries.maximumSeconds))) s of rates to \(rates.text) "
            + "(from \(TelemetryTime.iso(series.start))): simulate \(Int(series.duration)) s csv \(rates.text)"
        )
      }
      if !request.dryRun { session.workspace.current = calibrated }
      return CalibrationReport.render(
        plan, file: request.file.text, model: calibrated, applied: !request.dryRun)
    })

  /// The words of the command, each with its span on the line.
  struct Word {
    var text: String
    var span: Span
  }

  /// What the command line asks.
  struct Request {
    var file: Word
    var options = CalibrationOptions()
    var rates: Word?
    var busiest: Double?
    var dryRun = false

    /// Parses the text after `calibrate`.
    /// - Parameters:
    ///   - text: the arguments as typed.
    ///   - start: the byte offset of `text` on the line.
    /// - Returns: The request.
    /// - Throws: a diagnostic at the word that is wrong.
    static func parse(_ text: String, at start: Int) throws(Diagnostic) -> Request {
      var words = CalibrateCommand.words(text, at: start)
      guard !words.isEmpty else {
        throw Diagnostic("expected a telemetry file; usage: \(usage)", span: Span(start, start))
      }
      var request = Request(file: words.removeFirst())
      while !words.isEmpty {
        let word = words.removeFirst()
        switch word.text {
        case "as":
          guard let target = words.first, !["fit", "rates", "--dry-run"].contains(target.text)
          else {
            throw Diagnostic("as takes COMPONENT or NAME=COMPONENT", span: word.span)
          }
          words.removeFirst()
          if let equals = target.text.lastIndex(of: "=") {
            let name = String(target.text[..<equals])
            let component = String(target.text[target.text.index(after: equals)...])
            guard !name.isEmpty, !component.isEmpty else {
              throw Diagnostic("as takes NAME=COMPONENT, with both sides", span: target.span)
            }
            request.options.mapping[name] = component
          } else {
            guard request.options.fallback == nil else {
              throw Diagnostic(
                "as COMPONENT is given twice; use as NAME=COMPONENT for more", span: target.span)
            }
            request.options.fallback = target.text
          }
        case "fit":
          guard let method = words.first.flatMap({ LatencyFit.Method(rawValue: $0.text) }) else {
            throw Diagnostic(
              "fit takes lognormal or empirical", span: words.first?.span ?? word.span)
          }
          words.removeFirst()
          request.options.method = method
        case "rates":
          guard let name = words.first, !name.text.hasPrefix("--") else {
            throw Diagnostic("rates takes a file name to write, such as rates.csv", span: word.span)
          }
          request.rates = words.removeFirst()
        case "busiest":
          request.busiest = try duration(&words, after: word)
        case "--dry-run":
          request.dryRun = true
        default:
          throw Diagnostic(
            "unexpected '\(word.text.prefix(40))'; usage: \(usage)", span: word.span,
            suggestions: Suggestion.nearest(
              to: word.text, among: ["as", "fit", "rates", "busiest", "--dry-run"]))
        }
      }
      if request.busiest != nil && request.rates == nil {
        throw Diagnostic(
          "busiest TIME goes with rates OUT.csv", span: Span(start, start + text.utf8.count))
      }
      return request
    }

    /// `busiest 1 h`, `busiest 10min`: a time of at least a second and at most a week.
    private static func duration(_ words: inout [Word], after keyword: Word) throws(Diagnostic)
      -> Double
    {
      guard let first = words.first else {
        throw Diagnostic("busiest takes a time such as 1 h", span: keyword.span)
      }
      words.removeFirst()
      var number = first.text
      var unit = ""
      while let last = number.last, last.isLetter {
        unit = String(last) + unit
        number.removeLast()
      }
      if unit.isEmpty, let next = words.first, next.text.allSatisfy(\.isLetter) {
        unit = next.text
        words.removeFirst()
      }
      let factors: [String: Double] = ["s": 1, "min": 60, "h": 3600, "d": 86_400]
      guard let value = Double(number), let factor = factors[unit], value * factor >= 1,
        value * factor <= RateSeries.maximumSeconds
      else {
        throw Diagnostic(
          "busiest takes a time from 1 s to 7 d, such as 1 h or 10 min", span: first.span)
      }
      return value * factor
    }
  }

  /// Splits on blanks; `"…"` keeps blanks in a word.
  static func words(_ text: String, at start: Int) -> [Word] {
    let bytes = Array(text.utf8)
    var out: [Word] = []
    var index = 0
    while index < bytes.count {
      if bytes[index] == 0x20 || bytes[index] == 0x09 {
        index += 1
        continue
      }
      let begin = index
      var word: [UInt8] = []
      var quoted = false
      while index < bytes.count, quoted || (bytes[index] != 0x20 && bytes[index] != 0x09) {
        if bytes[index] == 0x22 {
          quoted.toggle()
        } else {
          word.append(bytes[index])
        }
        index += 1
      }
      out.append(
        Word(text: String(decoding: word, as: UTF8.self), span: Span(start + begin, start + index)))
    }
    return out
  }
}
