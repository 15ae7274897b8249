import Foundation
import Quantities

/// What `simulate` was asked for, before it runs.
struct SimulateRequest {
  var duration = 60.0
  var rate: Double?
  var spacing = TrafficProfile.Spacing.poisson
  var steps: [TrafficProfile.Step] = []
  var spikes: [TrafficProfile.Spike] = []
  var diurnal: (peak: Double?, period: Double)?
  var replay: (rates: [Double], name: String)?
  var faults: [FaultSpec] = []
  var breakers: [String] = []
  var warmUp = 0.0
  var replications: Int?
  /// Seconds per time-series bucket; nil: 1 s, or longer for runs over an hour.
  var bucket: Double?
  var seed: UInt64
  var compare = false
  var zones = 3
  /// Which replication's random streams a single run uses (a shard's index).
  var replication = 0
  /// The time-series bucket and where it was written, to check against the run's length.
  var bucketPlace: (width: Double, span: Span)?
  /// Where to write the run as a shard file, for `flowbook merge`.
  var shard: (name: String, span: Span)?
  /// Times the command gave that must fall inside the run (warm-up, spikes, steps,
  /// faults), with where each was written, to check once the run's length is known.
  var moments: [(what: String, time: Double, span: Span)] = []

  /// The first moment at or after the run's end, as an error placed where it was typed.
  func momentOutsideTheRun() -> Diagnostic? {
    guard let late = moments.first(where: { $0.time >= duration }) else { return nil }
    let (time, end) = (Quantity.seconds(late.time).formatted, Quantity.seconds(duration).formatted)
    if late.what == "the warm-up" {
      return Diagnostic(
        "a warm-up of \(time) leaves nothing of a \(end) run to measure; make the run longer",
        span: late.span)
    }
    return Diagnostic(
      "\(late.what) at \(time) would never happen: the run ends at \(end)", span: late.span)
  }
}

/// The argument grammar of `simulate` on a path model:
///
///     simulate [DURATION] [rate R | constant R] [step to R at T]… [spike Kx at T for D]…
///              [diurnal [peak R] [period P]] [csv FILE]
///              [fault COMPONENT (down | latency xK | errors P | flush) at T [for D]]…
///              [fault az at T] [fault region at T] [zones N] [breaker COMPONENT]…
///              [warmup W] [replications N] [bucket W] [seed S] [replication K]
///              [shard FILE] [--compare]
extension SimulateCommand {
  static let keywords: Set<String> = [
    "rate", "constant", "step", "spike", "diurnal", "csv", "fault", "breaker", "warmup",
    "replications", "bucket", "seed", "at", "for", "to", "x", "peak", "period", "zones",
    "replication", "shard", "target",
  ]

  /// A scenario as `simulate` writes it, up to the end of the arguments.
  ///
  /// - Parameters:
  ///   - arguments: The words after the command's name.
  ///   - session: For the seed, files and names.
  ///   - model: The model whose components faults and breakers name.
  ///   - extra: Another command's own options: told each word simulate does not know,
  ///     returns whether it took it (and its value).
  /// - Returns: The request, its times checked against the run's length.
  /// - Throws: A diagnostic placed at the word or value that is wrong.
  static func parsePath(
    _ arguments: inout Arguments, session: Session, model: PathModel,
    extra: ((String, Span, inout Arguments) throws(Diagnostic) -> Bool)? = nil
  ) throws(Diagnostic) -> SimulateRequest {
    var request = SimulateRequest(seed: session.environment.seed)
    if !arguments.isAtEnd, arguments.peekWord() == nil {
      let at = arguments.currentSpan
      request.duration = try time(&arguments, "the run's length")
      guard request.duration > 0, request.duration <= SimulationScenario.longestRun else {
        throw Diagnostic(
          "the run's length must be more than 0 s and at most a week",
          span: at.union(arguments.previousSpan))
      }
    }
    while !arguments.isAtEnd {
      if arguments.takeFlag("compare") {
        request.compare = true
        continue
      }
      guard let (word, span) = arguments.word() else {
        throw Diagnostic(
          "expected a keyword such as rate, spike, fault or seed here; usage: "
            + usage, span: arguments.currentSpan)
      }
      if let extra, try extra(word, span, &arguments) { continue }
      try option(word, span, &arguments, &request, session: session, model: model)
    }
    if let late = request.momentOutsideTheRun() { throw late }
    if let (width, span) = request.bucketPlace,
      request.duration / width > SimulationScenario.mostBuckets
    {
      throw Diagnostic(
        "use a time-series bucket of at least duration / 1,000,000 "
          + "(\(Quantity.seconds(request.duration / SimulationScenario.mostBuckets).formatted))",
        span: span)
    }
    return request
  }

  private static func option(
    _ word: String, _ span: Span, _ arguments: inout Arguments, _ request: inout SimulateRequest,
    session: Session, model: PathModel
  ) throws(Diagnostic) {
    switch word {
    case "rate", "constant":
      request.rate = try rate(&arguments, "the request rate")
      request.spacing = word == "constant" ? .constant : .poisson
    case "step":
      try arguments.expect("to", usage: "step to RATE at TIME")
      let rate = try rate(&arguments, "the step's rate")
      try arguments.expect("at", usage: "step to RATE at TIME")
      let at = arguments.currentSpan
      request.steps.append(.init(start: try time(&arguments, "the step's time"), rate: rate))
      request.moments.append(("the step", request.steps[request.steps.count - 1].start, at))
    case "spike":
      let factor = try factor(&arguments, "the spike's factor")
      try arguments.expect("at", usage: "spike 10x at TIME for DURATION")
      let at = arguments.currentSpan
      let start = try time(&arguments, "the spike's start")
      request.moments.append(("the spike", start, at))
      try arguments.expect("for", usage: "spike 10x at TIME for DURATION")
      request.spikes.append(
        .init(factor: factor, start: start, duration: try time(&arguments, "the spike's length")))
    case "diurnal":
      var peak: Double?
      var period = 86_400.0
      if arguments.take("peak") { peak = try rate(&arguments, "the diurnal peak") }
      if arguments.take("period") {
        let at = arguments.currentSpan
        period = try time(&arguments, "the diurnal period")
        guard period > 0 else {
          throw Diagnostic(
            "a diurnal period must be more than 0 s", span: at.union(arguments.previousSpan))
        }
      }
      request.diurnal = (peak, period)
    case "csv":
      request.replay = try replay(&arguments, session: session)
    case "fault":
      let at = arguments.currentSpan
      let fault = try fault(&arguments, model: model)
      if let bad = fault.problem { throw Diagnostic(bad, span: at.union(arguments.previousSpan)) }
      request.faults.append(fault)
      request.moments.append(("the fault", request.faults[request.faults.count - 1].start, at))
    case "breaker":
      request.breakers.append(try componentName(&arguments, model: model))
    case "warmup":
      let at = arguments.currentSpan
      request.warmUp = try time(&arguments, "the warm-up")
      request.moments.append(("the warm-up", request.warmUp, at))
    case "replications":
      request.replications = try arguments.count(
        named: "replications", in: 2...1_000, stopAt: keywords)
    case "bucket":
      let at = arguments.currentSpan
      let width = try time(&arguments, "the time-series bucket")
      guard width > 0 else {
        throw Diagnostic(
          "the time-series bucket must be more than 0 s", span: at.union(arguments.previousSpan))
      }
      request.bucket = width
      request.bucketPlace = (width, at.union(arguments.previousSpan))
    case "seed":
      request.seed = try seed(&arguments)
    case "zones":
      request.zones = try arguments.count(named: "zones", in: 2...6, stopAt: keywords)
    case "replication":
      request.replication = try replicationIndex(&arguments)
    case "shard":
      request.shard = try shardFile(&arguments, session: session)
    default:
      throw Diagnostic(
        "unknown simulate option '\(word)'", span: span,
        suggestions: Suggestion.nearest(to: word, among: Array(keywords).sorted()))
    }
  }

  // MARK: - Values

  /// A value up to the next keyword; a misspelt keyword after it (`10 s rat 2k rps`,
  /// read as 10 s × rat) is reported as the unknown option it is.
  static func value(_ arguments: inout Arguments) throws(Diagnostic) -> (Quantity, Span) {
    do {
      return try arguments.quantity(stopAt: keywords)
    } catch {
      let prefix = "unknown name '"
      guard error.message.hasPrefix(prefix),
        let name = error.message.dropFirst(prefix.count).split(separator: "'").first,
        case let near = Suggestion.nearest(to: String(name), among: Array(keywords).sorted()),
        !near.isEmpty
      else { throw error }
      throw Diagnostic("unknown simulate option '\(name)'", span: error.span, suggestions: near)
    }
  }

  static func time(_ arguments: inout Arguments, _ what: String) throws(Diagnostic) -> Double {
    let (q, span) = try value(&arguments)
    guard q.dimension == .time, q.value >= 0 else {
      throw Diagnostic("\(what) must be a time such as 30 s, not \(q.formatted)", span: span)
    }
    return q.value
  }

  static func rate(_ arguments: inout Arguments, _ what: String) throws(Diagnostic) -> Double {
    let (q, span) = try value(&arguments)
    guard q.dimension == .rate, q.value >= 0 else {
      throw Diagnostic("\(what) must be a rate such as 20k rps, not \(q.formatted)", span: span)
    }
    guard q.value <= TrafficProfile.highestRate else {
      throw Diagnostic("\(what) must be at most 1B rps, not \(q.formatted)", span: span)
    }
    return q.value
  }

  /// `10x`, `x10` or `10 x`.
  static func factor(_ arguments: inout Arguments, _ what: String) throws(Diagnostic) -> Double {
    let factor: Double
    let span: Span
    if let word = arguments.peekWord(), word.hasPrefix("x"), let value = Double(word.dropFirst()) {
      span = arguments.currentSpan
      _ = arguments.word()
      factor = value
    } else {
      let (q, valueSpan) = try arguments.quantity(stopAt: keywords)
      _ = arguments.take("x")
      guard q.dimension.isDimensionless else {
        throw Diagnostic("\(what) is written like 10x, not \(q.formatted)", span: valueSpan)
      }
      (factor, span) = (q.value, valueSpan)
    }
    // The simulator's own bound on spikes and slowdowns.
    guard factor > 0, factor <= 1_000 else {
      throw Diagnostic(
        "\(what) must be more than 0 and at most 1,000, as in 10x; "
          + "not \(Quantity.formatNumber(factor))",
        span: span)
    }
    return factor
  }

  static func seed(_ arguments: inout Arguments) throws(Diagnostic) -> UInt64 {
    let (q, span) = try arguments.quantity(stopAt: keywords)
    guard q.dimension.isDimensionless, q.value >= 0, q.value == q.value.rounded(),
      q.value < 9e15
    else {
      throw Diagnostic("a seed is a whole number ≥ 0, not \(q.formatted)", span: span)
    }
    return UInt64(q.value)
  }

  /// `replication K`: an index from 0 to `SimulationShard.largestReplication`, the bound
  /// `flowbook merge` reads.
  static func replicationIndex(_ arguments: inout Arguments) throws(Diagnostic) -> Int {
    let span = arguments.currentSpan
    let index = try seed(&arguments)
    guard index <= UInt64(SimulationShard.largestReplication) else {
      throw Diagnostic(
        "a replication index is from 0 to \(SimulationShard.largestReplication), not \(index)",
        span: span,
        notes: ["flowbook merge lists the replications missing below the highest index"])
    }
    return Int(index)
  }

  static func componentName(_ arguments: inout Arguments, model: PathModel)
    throws(Diagnostic) -> String
  {
    guard let (name, span) = arguments.word() else {
      throw Diagnostic("expected a component name", span: arguments.currentSpan)
    }
    guard model.component(named: name) != nil else {
      throw Diagnostic(
        "no component named '\(name)'", span: span,
        suggestions: Suggestion.nearest(to: name, among: model.addressRoots))
    }
    return name
  }

  /// `fault redis flush at 30 s`, `fault dynamodb latency x5 at 20 s for 10 s`,
  /// `fault lambda errors 20% at 10 s`, `fault api_gateway down at 5 s for 30 s`,
  /// `fault az at 30 s`, `fault region at 30 s`.
  static func fault(_ arguments: inout Arguments, model: PathModel) throws(Diagnostic)
    -> FaultSpec
  {
    let fault = "fault COMPONENT (down | latency xK | errors P | flush) at TIME [for DURATION]"
    if let word = arguments.peekWord(), word == "az" || word == "region" {
      _ = arguments.word()
      let isRegion = word == "region"
      _ = arguments.take("loss") || arguments.take("failover")
      try arguments.expect("at", usage: "fault az at TIME, fault region at TIME")
      return FaultSpec(
        component: nil, kind: isRegion ? .regionFailover : .zoneLoss,
        start: try time(&arguments, "the fault's time"))
    }
    let name = try componentName(&arguments, model: model)
    guard let (word, span) = arguments.word() else {
      throw Diagnostic(
        "expected down, latency, errors or flush; usage: \(fault)",
        span: arguments.currentSpan)
    }
    let kind: FaultSpec.Kind
    switch word {
    case "down": kind = .down
    case "latency": kind = .latency(factor: try factor(&arguments, "a latency factor"))
    case "errors", "error":
      let (q, valueSpan) = try arguments.quantity(stopAt: keywords)
      guard q.dimension.isDimensionless, (0...1).contains(q.value) else {
        throw Diagnostic("an error rate is a share such as 20%", span: valueSpan)
      }
      kind = .errors(rate: q.value)
    case "flush":
      let cacheKinds: [ComponentKind] = [.cache, .cdn]
      guard let component = model.component(named: name), cacheKinds.contains(component.kind)
      else {
        throw Diagnostic("only a cache or CDN can be flushed; \(name) is not one", span: span)
      }
      kind = .flush
    default:
      throw Diagnostic(
        "unknown fault '\(word)'; usage: \(fault)", span: span,
        suggestions: Suggestion.nearest(
          to: word, among: ["down", "latency", "errors", "flush"]))
    }
    try arguments.expect("at", usage: fault)
    let start = try time(&arguments, "the fault's time")
    var duration: Double?
    if arguments.take("for") {
      duration = try time(&arguments, "the fault's length")
    }
    return FaultSpec(component: name, kind: kind, start: start, duration: duration)
  }
}

extension SimulateCommand {
  /// The arguments with every `--flag` taken out, and the flags with where each is.
  ///
  /// A flag after an expression would otherwise parse as part of it: `seed 7 --compare` is
  /// 7 − (−compare) to the expression parser. Flags are `-`, `-` and a word written
  /// together; spans point into the unchanged source, so carets stay right.
  static func separatingFlags(_ arguments: Arguments, session: Session)
    -> (Arguments, [String: Span])
  {
    guard let tokens = try? Lexer.tokenize(arguments.source.text) else { return (arguments, [:]) }
    var kept: [Token] = []
    var flags: [String: Span] = [:]
    var index = 0
    while index < tokens.count {
      if index + 2 < tokens.count, tokens[index].isSymbol("-"), tokens[index + 1].isSymbol("-"),
        let word = tokens[index + 2].identifier,
        tokens[index].span.end == tokens[index + 1].span.start,
        tokens[index + 1].span.end == tokens[index + 2].span.start
      {
        flags[word] = tokens[index].span.union(tokens[index + 2].span)
        index += 3
        continue
      }
      kept.append(tokens[index])
      index += 1
    }
    return (
      Arguments(source: arguments.source, tokens: kept, startIndex: 1, resolver: session),
      flags
    )
  }

  /// A file name: a word (`traffic.csv`) or a quoted string (`"shards/3.shard"`).
  static func fileName(_ arguments: inout Arguments, session: Session) throws(Diagnostic)
    -> (name: String, span: Span)
  {
    let span = arguments.currentSpan
    if let (word, wordSpan) = arguments.word() { return (word, wordSpan) }
    if case .string = arguments.current.kind {
      let expression = try arguments.expression(stopAt: keywords)
      if case .text(let text) = try arguments.evaluator.evaluate(expression) {
        return (text, expression.span)
      }
    }
    throw Diagnostic("expected a file name, e.g. traffic.csv or \"shards/3.shard\"", span: span)
  }

  /// `shard FILE`: a file name checked before the run, so that a minute-long simulation
  /// does not end in "cannot write" (a missing folder, a notebook's sandbox).
  static func shardFile(_ arguments: inout Arguments, session: Session) throws(Diagnostic)
    -> (name: String, span: Span)
  {
    let file = try fileName(&arguments, session: session)
    let path = try session.environment.writablePath(file.name, span: file.span)
    let folder = (path as NSString).deletingLastPathComponent
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory),
      isDirectory.boolValue
    else {
      throw Diagnostic(
        "cannot write \(file.name): there is no folder \(folder)", span: file.span,
        notes: ["create it first (mkdir -p); shards of one run usually share a folder"])
    }
    return file
  }

  /// Writes `shard`, labelled with its run and replication, where the session may write.
  ///
  /// The label lets `flowbook merge` refuse shards of another run: `title` for people,
  /// then 12 hex digits of SHA-256 over `inputs` (the model and scenario as Swift prints
  /// them, with the model's file path cleared so every checkout agrees).
  static func write(
    _ shard: SimulationShard, run title: String, inputs: [Any], replication: Int,
    to file: (name: String, span: Span), session: Session
  ) throws(Diagnostic) {
    var shard = shard
    var hash = SHA256()
    for input in inputs { hash.update(Array(String(reflecting: input).utf8)) }
    shard.run = title + " · " + SHA256.hex(hash.finalize()).prefix(12)
    shard.replications = [replication]
    shard.estimates = [replication: shard.replicationEstimates()]
    try session.environment.writeFile(shard.text(), to: file.name, span: file.span)
  }

  /// `csv FILE`: rates per second, one a line (`rate` or `time,rate`: the last number on
  /// each line; lines without a number, such as a header, are skipped).
  static func replay(_ arguments: inout Arguments, session: Session) throws(Diagnostic)
    -> (rates: [Double], name: String)
  {
    let (name, span) = try fileName(&arguments, session: session)
    let path = try session.readablePath(name, span: span)
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw Diagnostic("cannot read \(name)", span: span)
    }
    var rates: [Double] = []
    for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false)
      .enumerated()
    {
      let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
      guard let last = fields.last, let value = Double(last) else { continue }
      guard value >= 0, value.isFinite else {
        throw Diagnostic(
          "\(name) line \(number + 1): a rate must be ≥ 0, not \(last)", span: span)
      }
      rates.append(value)
    }
    guard !rates.isEmpty else { throw Diagnostic("\(name) has no rates", span: span) }
    session.notebook.recordInput(path)
    return (rates, name)
  }
}
