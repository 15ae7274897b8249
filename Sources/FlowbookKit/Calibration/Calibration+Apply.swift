import Foundation
import Quantities

extension Calibration {
  /// The parameters this calibration sets, as `set` would: each fitted latency, and the
  /// workload's rate, peak and peak duration.
  public var assignments: [(ParameterAddress, ParameterValue)] {
    var out: [(ParameterAddress, ParameterValue)] = latencies.map {
      (
        ParameterAddress(component: $0.component, parameter: "latency"),
        .distribution($0.fit.distribution)
      )
    }
    if let workload {
      let workloadName = ParameterAddress.workloadName
      out.append(
        (
          ParameterAddress(component: workloadName, parameter: "rate"),
          .quantity(Self.rate(workload.series.mean))
        ))
      out.append(
        (
          ParameterAddress(component: workloadName, parameter: "peak"),
          .quantity(Self.rate(workload.series.peak))
        ))
      out.append(
        (
          ParameterAddress(component: workloadName, parameter: "peak_duration"),
          .quantity(
            Quantity(
              exactly: workload.peakDuration, .time,
              display: UnitTable.lookup(workload.peakDuration >= 60 ? "min" : "s").map(
                DisplayUnit.init)))
        ))
    }
    return out
  }

  /// `model` with every assignment made, each checked as `set` checks it.
  /// - Parameter model: the model to change.
  /// - Returns: The calibrated model.
  /// - Throws: the first assignment the model refuses (a bound, a dimension).
  public func applied(to model: PathModel) throws(Diagnostic) -> PathModel {
    var changed = model
    for (address, value) in assignments {
      do {
        changed = try changed.setting(address, to: value)
      } catch {
        throw Diagnostic("cannot set \(address): \(error.message)")
      }
    }
    return changed
  }

  /// A rate rounded to 3 significant digits, shown in rps.
  static func rate(_ value: Double) -> Quantity {
    let rounded = roundSignificant(value, 3)
    return Quantity(exactly: rounded, .rate, display: UnitTable.lookup("rps").map(DisplayUnit.init))
  }

  /// `value` to `digits` significant digits (0 stays 0).
  static func roundSignificant(_ value: Double, _ digits: Int) -> Double {
    guard value > 0, value.isFinite else { return 0 }
    let scale = pow(10, Double(digits) - (log10(value)).rounded(.up))
    return (value * scale).rounded() / scale
  }

  /// Little's law on the calibrated model: concurrency the model expects at a component at
  /// the observed peak, to set beside the measured peak concurrency.
  /// - Parameters:
  ///   - component: the component.
  ///   - model: the calibrated model.
  ///   - load: the calibrated model's load per request (computed once per report).
  /// - Returns: busy seconds per request × the peak rate, or nil without a workload.
  func expectedConcurrency(at component: String, in model: PathModel, load: CapacityLoad?)
    -> Double?
  {
    guard let peak = model.workload.peak?.value, let load else { return nil }
    return load.busyTime(at: component) * peak
  }
}
