import Foundation

/// Requests per second over a window, one value per period: the workload's shape.
///
/// From CloudWatch sums (Invocations, Count) each period's rate is its sum over the period,
/// the period being the commonest gap between data points (CloudWatch leaves out periods
/// with no data, which count as 0 requests). From logs, arrivals are counted per minute.
/// `simulate … csv FILE` replays a series second by second; `perSecondCSV` writes it so.
public struct RateSeries: Sendable, Hashable {
  /// Seconds since 1970 of the first period's start.
  public var start: Double
  /// Seconds per period.
  public var period: Double
  /// Requests per second in each period.
  public var rates: [Double]

  /// The mean rate over the window.
  public var mean: Double { rates.isEmpty ? 0 : rates.reduce(0, +) / Double(rates.count) }
  /// The highest period's rate.
  public var peak: Double { rates.max() ?? 0 }
  /// The window's length in seconds.
  public var duration: Double { period * Double(rates.count) }

  /// The most periods a series may have (a week of seconds, the simulator's longest run).
  public static let maximumSeconds = 604_800.0

  /// A series from per-period sums (CloudWatch `Sum` of a count metric).
  /// - Parameter points: (time, sum) in any order.
  /// - Returns: The series, or nil for fewer than two points (no period to infer).
  /// - Throws: `FitProblem` for a window longer than a week at that period, or uneven times.
  static func fromSums(_ points: [(time: Double, sum: Double)]) throws(FitProblem) -> RateSeries? {
    let sorted = points.sorted { $0.time < $1.time }
    guard sorted.count >= 2 else { return nil }
    var gaps: [Double: Int] = [:]
    for (a, b) in zip(sorted, sorted.dropFirst()) where b.time > a.time {
      gaps[b.time - a.time, default: 0] += 1
    }
    guard
      let period = gaps.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }
      )?.key,
      period >= 1
    else { throw FitProblem("the data points share one timestamp; no period to infer a rate from") }
    let first = sorted[0].time
    let span = (sorted[sorted.count - 1].time - first) / period
    guard span + 1 <= maximumSeconds else {
      throw FitProblem("the window is over \(Int(maximumSeconds)) periods; ask for a longer period")
    }
    var rates = [Double](repeating: 0, count: Int(span.rounded(.down)) + 1)
    for point in sorted {
      let index = Int(((point.time - first) / period).rounded())
      guard index >= 0, index < rates.count else { continue }
      rates[index] += point.sum / period
    }
    return RateSeries(start: first, period: period, rates: rates)
  }

  /// A series from arrival times, counted per `period` seconds.
  /// - Parameters:
  ///   - arrivals: seconds since 1970, any order.
  ///   - period: the bucket width (a minute by default).
  /// - Returns: The series, or nil with no arrivals.
  /// - Throws: `FitProblem` for a window over a week.
  static func fromArrivals(_ arrivals: [Double], period: Double = 60) throws(FitProblem)
    -> RateSeries?
  {
    guard let low = arrivals.min(), let high = arrivals.max() else { return nil }
    let first = (low / period).rounded(.down) * period
    let span = (high - first) / period
    guard span * period <= maximumSeconds else {
      throw FitProblem("the log spans over a week; calibrate from a week or less at a time")
    }
    var counts = [Double](repeating: 0, count: Int(span.rounded(.down)) + 1)
    for time in arrivals {
      let index = min(counts.count - 1, Int(((time - first) / period).rounded(.down)))
      counts[index] += 1
    }
    return RateSeries(start: first, period: period, rates: counts.map { $0 / period })
  }

  /// The series divided by `factor` (requests at a component → requests on the path).
  func scaled(by factor: Double) -> RateSeries {
    RateSeries(start: start, period: period, rates: rates.map { $0 * factor })
  }

  /// The busiest stretch of `length` seconds (whole periods), by mean rate.
  /// - Parameter length: the stretch's length.
  /// - Returns: The sub-series; the whole series when it is shorter.
  public func busiest(_ length: Double) -> RateSeries {
    let width = max(1, min(rates.count, Int((length / period).rounded(.up))))
    var sum = rates[0..<width].reduce(0, +)
    var best = (sum, 0)
    for end in width..<rates.count {
      sum += rates[end] - rates[end - width]
      if sum > best.0 + 1e-9 { best = (sum, end - width + 1) }
    }
    return RateSeries(
      start: start + Double(best.1) * period, period: period,
      rates: Array(rates[best.1..<best.1 + width]))
  }

  /// One line per second, `second,rate`, for `simulate … csv FILE`.
  public var perSecondCSV: String {
    var out =
      "# second,rate_per_second (\(Int(period)) s periods from \(TelemetryTime.iso(start)))\n"
    let seconds = Int(min(duration, Self.maximumSeconds))
    for second in 0..<seconds {
      let rate = rates[min(rates.count - 1, Int(Double(second) / period))]
      out += "\(second),\(Self.plain(rate))\n"
    }
    return out
  }
}

extension RateSeries {
  /// A rate with at most three decimals and no grouping: `1234.5`.
  static func plain(_ value: Double) -> String {
    let rounded = (min(value, 1e15) * 1_000).rounded() / 1_000
    if rounded == rounded.rounded() { return String(Int(rounded)) }
    return String(rounded)
  }
}

extension TelemetryTime {
  /// `2024-05-01T00:05:00Z` for seconds since 1970 (whole seconds).
  static func iso(_ time: Double) -> String {
    let total = Int(time.rounded(.down))
    let days = Int((Double(total) / 86_400).rounded(.down))
    let rest = total - days * 86_400
    // civil_from_days (Hinnant).
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    return "\(year)-\(two(month))-\(two(day))T\(two(rest / 3600)):\(two(rest % 3600 / 60)):"
      + "\(two(rest % 60))Z"
  }
}
