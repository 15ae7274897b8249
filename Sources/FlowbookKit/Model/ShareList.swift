import Foundation
import Quantities

/// A text parameter that splits traffic by name: `us 40%, europe 35%, india 25%`.
///
/// Used where a price differs by where the traffic goes (CloudFront's data transfer by
/// viewer geography). Names come from a fixed list, each at most once, and the shares sum
/// to 100 %, so no traffic is dropped or counted twice.
public enum ShareList {
  /// The shares `text` gives, in the order written.
  ///
  /// - Parameters:
  ///   - text: `NAME SHARE` pairs separated by commas; a share is `40%` or `0.4`.
  ///   - names: the names allowed.
  /// - Returns: each name with its share (0–1), summing to 1.
  /// - Throws: a diagnostic naming the pair at fault, or the sum when it is not 100 %.
  public static func parse(_ text: String, among names: [String]) throws(Diagnostic)
    -> [(name: String, share: Double)]
  {
    var out: [(name: String, share: Double)] = []
    for part in text.split(separator: ",") {
      let words = part.split(whereSeparator: \.isWhitespace).map(String.init)
      guard words.count == 2 else {
        throw Diagnostic("write each share as NAME SHARE (us 40%), not \"\(part)\"")
      }
      let name = words[0].lowercased()
      guard names.contains(name) else {
        throw Diagnostic(
          "'\(words[0])' is not one of \(names.joined(separator: ", "))",
          suggestions: Suggestion.nearest(to: name, among: names))
      }
      guard !out.contains(where: { $0.name == name }) else {
        throw Diagnostic("'\(name)' is given twice")
      }
      let percent = words[1].hasSuffix("%")
      guard let number = Double(percent ? String(words[1].dropLast()) : words[1]),
        number.isFinite
      else {
        throw Diagnostic("'\(words[1])' is not a share: write 40% or 0.4")
      }
      let share = percent ? number / 100 : number
      guard (0...1).contains(share) else {
        throw Diagnostic("the share of '\(name)' must be between 0% and 100%, not \(words[1])")
      }
      out.append((name, share))
    }
    let total = out.reduce(0) { $0 + $1.share }
    guard !out.isEmpty, abs(total - 1) <= 1e-6 else {
      throw Diagnostic(
        "the shares must add up to 100%, not \(Quantity.formatNumber(total * 100))%")
    }
    return out
  }
}

/// CloudFront's data-transfer pricing regions, as `cdn.geography` names them; each is a
/// catalog price `cloudfront.data_out.NAME`.
public enum CDNGeography {
  /// The region names, US first.
  public static let regions = [
    "us", "europe", "middle_east_africa", "south_america", "japan", "australia", "asia", "india",
  ]
}
