/// What a telemetry file says, in flowbook's terms: series of one resource's one metric.
///
/// Every reader (CloudWatch, X-Ray, ALB and API Gateway logs) produces this, so fitting
/// and mapping to components are written once. Times are seconds since 1970 (UTC); latency
/// values are seconds whatever unit the file used.
public struct Telemetry: Sendable {
  /// The AWS output a file was recognised as.
  public enum Format: String, Sendable {
    case metricData = "CloudWatch get-metric-data"
    case metricStatistics = "CloudWatch get-metric-statistics"
    case traceSummaries = "X-Ray get-trace-summaries"
    case traces = "X-Ray batch-get-traces"
    case albLog = "ALB access log"
    case apiGatewayLog = "API Gateway access log"
  }

  public var format: Format
  public var series: [TelemetrySeries]
  /// What the reader skipped or could not use, for the report.
  public var notes: [String]

  init(format: Format, series: [TelemetrySeries], notes: [String] = []) {
    self.format = format
    self.series = series
    self.notes = notes
  }

  /// Reads any supported file, recognising its format from its content.
  /// - Parameter file: the file.
  /// - Returns: The series it holds.
  /// - Throws: a diagnostic placed in the file (`--> name:line:col`).
  static func read(_ file: TelemetryFile) throws(Diagnostic) -> Telemetry {
    do {
      return try TelemetryFormat.read(file)
    } catch {
      throw file.diagnostic(error)
    }
  }
}

/// One resource's one metric: percentiles per period, or samples, or counts.
public struct TelemetrySeries: Sendable {
  /// What the series measures, and so which parameter it can set.
  public enum Role: String, Sendable {
    /// Time in the resource's own hop (Lambda Duration, an X-Ray segment, ALB overhead).
    case latency
    /// API Gateway Latency: the gateway and its integration together.
    case gatewayTotal
    /// API Gateway IntegrationLatency: the backend the gateway waits for.
    case integration
    /// Requests, invocations or calls per period.
    case requests
    /// Throttled requests per period.
    case throttles
    /// Concurrent executions (CloudWatch Maximum).
    case concurrency
    /// Age of the oldest message in a queue (seconds).
    case messageAge
    /// Age of the last record a stream consumer read (seconds).
    case iteratorAge
  }

  /// The statistics of one period (a CloudWatch data point), such as `p99` or `Sum`.
  public struct Period: Sendable {
    public var time: Double
    public var values: [String: Double]
  }

  /// The resource as AWS names it: a FunctionName, ApiName, QueueName, X-Ray segment name,
  /// ELB or target group; empty when the output does not say (get-metric-statistics).
  public var resource: String
  /// The metric or field as AWS names it (`Duration`, `target_processing_time`).
  public var metric: String
  public var role: Role
  /// Per-period statistics, in time order (CloudWatch).
  public var periods: [Period] = []
  /// Latency samples in seconds (traces and logs).
  public var samples: [Double] = []
  /// When each request arrived (logs), for a rate series.
  public var arrivals: [Double] = []
  /// Byte offset in the file where the series starts, for errors about it.
  public var offset: Int = 0

  init(resource: String, metric: String, role: Role, offset: Int = 0) {
    self.resource = resource
    self.metric = metric
    self.role = role
    self.offset = offset
  }
}

/// Timestamps as AWS writes them, to seconds since 1970 (UTC).
enum TelemetryTime {
  /// ISO 8601 as AWS writes it: `2024-05-01T00:05:00Z`, `…+00:00`, `….186641Z`.
  /// - Parameter text: the timestamp.
  /// - Returns: Seconds since 1970, or nil when it is not one.
  static func iso8601(_ text: String) -> Double? {
    let bytes = Array(text.utf8)
    guard bytes.count >= 19, bytes.count <= 40, bytes[4] == 0x2D, bytes[7] == 0x2D,
      bytes[10] == 0x54 || bytes[10] == 0x20, bytes[13] == 0x3A, bytes[16] == 0x3A,
      let year = digits(bytes, 0, 4), let month = digits(bytes, 5, 2),
      let day = digits(bytes, 8, 2), let hour = digits(bytes, 11, 2),
      let minute = digits(bytes, 14, 2), let second = digits(bytes, 17, 2),
      (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
    else { return nil }
    var index = 19
    var fraction = 0.0
    if index < bytes.count, bytes[index] == 0x2E {
      index += 1
      var scale = 0.1
      let start = index
      while index < bytes.count, let digit = digit(bytes[index]) {
        fraction += Double(digit) * scale
        scale /= 10
        index += 1
      }
      guard index > start else { return nil }
    }
    var offset = 0
    if index < bytes.count {
      switch bytes[index] {
      case 0x5A:
        index += 1
      case 0x2B, 0x2D:
        guard index + 6 == bytes.count, bytes[index + 3] == 0x3A,
          let h = digits(bytes, index + 1, 2), let m = digits(bytes, index + 4, 2), h < 24, m < 60
        else { return nil }
        offset = (h * 3600 + m * 60) * (bytes[index] == 0x2B ? 1 : -1)
        index += 6
      default: return nil
      }
    }
    guard index == bytes.count else { return nil }
    let days = daysFromCivil(year, month, day)
    return Double(days * 86_400 + hour * 3600 + minute * 60 + second - offset) + fraction
  }

  /// Common Log Format as API Gateway's `$context.requestTime`: `01/May/2024:00:00:01 +0000`.
  /// - Parameter text: the timestamp.
  /// - Returns: Seconds since 1970, or nil.
  static func commonLog(_ text: String) -> Double? {
    let bytes = Array(text.utf8)
    let months = [
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    guard bytes.count == 26, bytes[2] == 0x2F, bytes[6] == 0x2F, bytes[11] == 0x3A,
      bytes[14] == 0x3A, bytes[17] == 0x3A, bytes[20] == 0x20,
      let day = digits(bytes, 0, 2), let year = digits(bytes, 7, 4),
      let hour = digits(bytes, 12, 2), let minute = digits(bytes, 15, 2),
      let second = digits(bytes, 18, 2),
      let month = months.firstIndex(of: String(decoding: bytes[3..<6], as: UTF8.self)),
      let h = digits(bytes, 22, 2), let m = digits(bytes, 24, 2),
      bytes[21] == 0x2B || bytes[21] == 0x2D, (1...31).contains(day), hour < 24, minute < 60,
      second < 61
    else { return nil }
    let offset = (h * 3600 + m * 60) * (bytes[21] == 0x2B ? 1 : -1)
    let days = daysFromCivil(year, month + 1, day)
    return Double(days * 86_400 + hour * 3600 + minute * 60 + second - offset)
  }

  private static func digit(_ byte: UInt8) -> Int? {
    byte >= 0x30 && byte <= 0x39 ? Int(byte - 0x30) : nil
  }

  private static func digits(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int? {
    guard start + count <= bytes.count else { return nil }
    var value = 0
    for index in start..<start + count {
      guard let d = digit(bytes[index]) else { return nil }
      value = value * 10 + d
    }
    return value
  }

  /// Days since 1970-01-01 of a proleptic Gregorian date (Hinnant, "chrono-Compatible
  /// Low-Level Date Algorithms", days_from_civil).
  static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }
}
