import Foundation
import Quantities

/// A month's error budget: the failed requests an availability objective allows, and the
/// share of it an incident burns.
///
/// One place for the objective, so that `availability`, `failover` and `simulate` measure
/// against the same figure: the command's, else the model's
/// `workload.availability_objective`, else 99.9 % (assumed, and said so). The budget is
/// counted in requests, (1 − objective) × rate × a 730-hour month, as the request-based
/// SLAs of CloudFront, API Gateway and S3 count it.
public struct ErrorBudget: Sendable, Hashable {
  /// The objective in (0, 1).
  public var objective: Double
  /// Where it came from.
  public var source: String
  /// The model's `workload.rate`, requests/s: the traffic a month's budget is counted on
  /// for a failure anywhere on the path (every failed call fails a client's request).
  public var requestRate: Double?

  /// The objective used when neither the command nor the model gives one.
  public static let defaultObjective = 0.999

  /// The budget for `model`.
  ///
  /// - Parameters:
  ///   - model: the path model, whose `workload.availability_objective` is used if set.
  ///   - objective: a command's objective in (0, 1), which wins; nil for the model's.
  /// - Returns: the objective and its source.
  public static func of(_ model: PathModel, objective: Double? = nil) -> ErrorBudget {
    var budget = objectiveOf(model, objective: objective)
    if let rate = model.workload.rate?.value, rate.isFinite, rate > 0 {
      budget.requestRate = rate
    }
    return budget
  }

  private static func objectiveOf(_ model: PathModel, objective: Double?) -> ErrorBudget {
    if let objective {
      return ErrorBudget(objective: objective, source: "given")
    }
    if let parameter = model.workload.parameters.first(where: {
      $0.name == "availability_objective"
    }),
      let value = parameter.value.quantity?.value, value > 0, value < 1
    {
      return ErrorBudget(objective: value, source: LimitRegistry.modelSource(parameter))
    }
    return ErrorBudget(
      objective: defaultObjective,
      source: "assumed: the model states no availability objective; set "
        + "workload.availability_objective")
  }

  /// Failed requests a month the objective allows at `rate` requests a second.
  ///
  /// - Parameter rate: the sustained rate, requests/s.
  /// - Returns: (1 − objective) × rate × a month; 0 for a rate that is not positive.
  public func allowedRequests(rate: Double) -> Double {
    guard rate.isFinite, rate > 0 else { return 0 }
    return (1 - objective) * rate * UnitTable.monthSeconds
  }

  /// The share of a month's budget that `failed` requests burn at `rate`.
  ///
  /// - Parameters:
  ///   - failed: requests that failed (not counting the ones a WAF rule blocked on purpose).
  ///   - rate: the traffic the month's budget is counted on, requests/s.
  /// - Returns: the share (1 = the whole month's budget), or nil when nothing is allowed.
  public func burn(failed: Double, rate: Double) -> Double? {
    let allowed = allowedRequests(rate: rate)
    guard allowed > 0, failed.isFinite else { return nil }
    return max(0, failed) / allowed
  }

  /// `error budget: 6.47M failed requests burn 29.4% of a month's 22.3M at 99.9% (…)`.
  ///
  /// - Parameters:
  ///   - failed: the failed requests.
  ///   - rate: the traffic the month is counted on, requests/s.
  /// - Returns: the line, or nil when the rate allows no budget.
  public func line(failed: Double, rate: Double) -> String? {
    guard let share = burn(failed: failed, rate: rate) else { return nil }
    return "error budget: \(IncidentFormat.count(failed)) failed requests burn "
      + "\(TimeFormat.share(share)) of a month's \(IncidentFormat.count(allowedRequests(rate: rate))) "
      + "at \(AvailabilityAnalysis.percent(objective)) (\(source))"
  }
}
