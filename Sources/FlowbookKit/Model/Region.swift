import Quantities

/// One AWS Region a model's path is deployed in, active-active: its share of the clients
/// and the limits it sets apart from the model's.
///
/// Latency-based routing (Route 53) sends each region its `share` of the clients; every
/// component of the path runs in every region, except the global ones (`dns`, `cdn`:
/// Route 53 and CloudFront are not regional services), which see the whole load. AWS sets
/// quotas such as API Gateway's throttle and Lambda's concurrency per account *per Region*,
/// so each region checks its own limits at its own share, and a region may set them apart
/// (`overrides`).
///
/// ```yaml
/// regions:
///   - name: us-east-1
///     share: 60%
///   - name: eu-west-1
///     share: 40%
///     overrides:
///       api_gateway.rate_limit: 5k rps
/// ```
public struct Region: Sendable, Hashable {
  /// The region's name (`us-east-1`): letters, digits and `-`.
  public var name: String
  /// The share of all clients routing sends it (0 to 1; the shares sum to 1).
  public var share: Double
  /// Parameters of the path's components this region sets apart from the model's.
  public var overrides: [Override]
  /// Where the region was declared in the model file.
  public var position: FilePosition?

  /// One parameter a region sets for its own copy of a component.
  public struct Override: Sendable, Hashable {
    /// `api_gateway.rate_limit`.
    public var address: ParameterAddress
    /// The value, checked against the component's schema.
    public var value: ParameterValue
    /// The comment written beside it in the model file (its source).
    public var origin: String?
  }

  /// Creates a region.
  ///
  /// - Parameters:
  ///   - name: the region's name.
  ///   - share: its share of the clients, 0 to 1.
  ///   - overrides: parameters it sets apart from the model's.
  ///   - position: where it was declared.
  public init(
    name: String, share: Double, overrides: [Override] = [], position: FilePosition? = nil
  ) {
    self.name = name
    self.share = share
    self.overrides = overrides
    self.position = position
  }

  /// Component kinds that are global, not deployed per region: Route 53 and CloudFront.
  public static let globalKinds: Set<ComponentKind> = [.dns, .cdn]
}

/// flowbook's bounds on a `regions:` declaration, stated once.
///
/// AWS has fewer than 40 Regions; 32 regions in one model is far above any real
/// deployment, and keeps `capacity`'s N+1 view (each region lost in turn, each survivor
/// checked) at about a thousand capacity reports at most.
public enum RegionLimits {
  /// Most regions one model declares.
  public static let maximumRegions = 32
  /// Longest region name, in characters.
  public static let maximumNameLength = 64
  /// Most overrides one region declares.
  public static let maximumOverrides = 256
  /// How far the shares' sum may stray from 100 % (rounding in written percentages).
  public static let shareTolerance = 1e-9
}

extension PathModel {
  /// The region called `name`, if the model declares it.
  ///
  /// - Parameter name: a region's name.
  /// - Returns: the region, or nil.
  public func region(named name: String) -> Region? {
    regions.first { $0.name == name }
  }

  /// The model as deployed in `region`: its overrides applied, each with the region's name
  /// in its provenance, so the limit registry reports `model (eu-west-1 override; …)`.
  ///
  /// - Parameter region: one of the model's regions.
  /// - Returns: the model with the region's parameters and no regions of its own.
  /// - Throws: a diagnostic when an override no longer fits the model (after `set`).
  public func deployed(in region: Region) throws(Diagnostic) -> PathModel {
    var copy = self
    copy.regions = []
    for override in region.overrides {
      copy = try copy.setting(override.address, to: override.value)
      if let index = copy.components.firstIndex(where: { $0.name == override.address.component }) {
        let origin = region.name + " override" + (override.origin.map { "; \($0)" } ?? "")
        copy.components[index].set(
          override.address.parameter,
          to: copy.components[index][override.address.parameter] ?? override.value,
          origin: origin)
      }
    }
    return copy
  }

  /// The shares each survivor carries once `lost` is gone.
  ///
  /// The lost region's share moves to the survivors in proportion to their shares, so a
  /// 60/40 split that loses the 60 % region puts 100 % on the other. When every survivor
  /// had 0 % (standbys, active-passive), they split the load evenly.
  ///
  /// - Parameter lost: the name of the region lost.
  /// - Returns: each survivor with its new share, in declaration order; empty when `lost`
  ///   is not a region of the model or is the only one.
  public func survivorShares(losing lost: String) -> [(region: Region, share: Double)] {
    let survivors = regions.filter { $0.name != lost }
    guard survivors.count < regions.count, !survivors.isEmpty else { return [] }
    let total = survivors.reduce(0) { $0 + $1.share }
    return survivors.map { survivor in
      (survivor, total > 0 ? survivor.share / total : 1 / Double(survivors.count))
    }
  }
}
