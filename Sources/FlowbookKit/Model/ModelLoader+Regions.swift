import Quantities
import Yams

/// Reading `regions:`: the regions a path is deployed in, their shares and overrides.
extension ModelLoader {
  static let regionKeys = ["name", "share", "overrides"]

  /// Reads the `regions:` list, checking names, shares and overrides against the model.
  ///
  /// - Parameter node: the `regions:` node.
  /// - Returns: the regions, in the order written.
  /// - Throws: a diagnostic under the offending node: not a list, fewer than two or more
  ///   than `RegionLimits.maximumRegions` regions, a bad or repeated name, a share that is
  ///   not a finite fraction, shares that do not sum to 100 %, or a bad override.
  mutating func readRegions(_ node: Node) throws(Diagnostic) -> [Region] {
    guard let list = node.sequence else {
      throw error(
        "regions: must be a list of regions (- name: us-east-1, share: 60%)", at: node)
    }
    guard list.count >= 2 else {
      throw error(
        "regions: names two or more regions; a model in one region leaves regions: out",
        at: node)
    }
    guard list.count <= RegionLimits.maximumRegions else {
      throw error(
        "regions: declares \(list.count) regions; flowbook takes at most "
          + "\(RegionLimits.maximumRegions)", at: node)
    }
    var regions: [Region] = []
    for item in list {
      let region = try readRegion(item)
      if regions.contains(where: { $0.name == region.name }) {
        throw error("region '\(region.name)' is declared twice", at: item.mapping?["name"] ?? item)
      }
      regions.append(region)
    }
    let total = regions.reduce(0) { $0 + $1.share }
    guard abs(total - 1) <= RegionLimits.shareTolerance else {
      throw error(
        "the regions' shares sum to \(Quantity.formatNumber(total * 100))%, not 100%: "
          + "routing sends every client somewhere", at: node)
    }
    return regions
  }

  private mutating func readRegion(_ node: Node) throws(Diagnostic) -> Region {
    guard let mapping = node.mapping else {
      throw error("a region is a mapping with name: and share:", at: node)
    }
    try checkKeys(mapping, allowed: Self.regionKeys, what: "region key")
    guard let nameNode = mapping["name"] else {
      throw error("a region needs a name: (such as us-east-1)", at: node)
    }
    let name = try string(nameNode, what: "region name")
    let valid =
      !name.isEmpty && name.count <= RegionLimits.maximumNameLength
      && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    guard valid else {
      throw error(
        "a region's name is 1 to \(RegionLimits.maximumNameLength) ASCII letters, digits "
          + "and - (such as us-east-1)", at: nameNode)
    }
    guard let shareNode = mapping["share"] else {
      throw error("region '\(name)' needs a share: of the clients (such as 60%)", at: node)
    }
    let share = try regionShare(shareNode, name: name)
    var overrides: [Region.Override] = []
    if let overridesNode = mapping["overrides"] {
      overrides = try readOverrides(overridesNode, region: name)
    }
    return Region(
      name: name, share: share, overrides: overrides, position: text.position(of: node))
  }

  private func regionShare(_ node: Node, name: String) throws(Diagnostic) -> Double {
    let value = try scalarValue(node)
    guard let share = value.quantity, share.dimension.isDimensionless, share.value.isFinite,
      (0...1).contains(share.value)
    else {
      throw error(
        "region '\(name)'.share must be a share from 0% to 100%, not \(value.formatted)",
        at: node)
    }
    return share.value
  }

  /// Reads `component.parameter: value` pairs a region sets for its own deployment.
  private mutating func readOverrides(_ node: Node, region: String) throws(Diagnostic)
    -> [Region.Override]
  {
    guard let mapping = node.mapping else {
      throw error(
        "overrides: maps addresses to values (api_gateway.rate_limit: 5k rps)", at: node)
    }
    guard mapping.count <= RegionLimits.maximumOverrides else {
      throw error(
        "region '\(region)' has \(mapping.count) overrides; flowbook takes at most "
          + "\(RegionLimits.maximumOverrides)", at: node)
    }
    var out: [Region.Override] = []
    for (key, value) in mapping {
      let written = try string(key, what: "override address")
      guard let address = ParameterAddress(written), address.field == nil else {
        throw error("an override is component.parameter, such as api_gateway.rate_limit", at: key)
      }
      guard let component = components.first(where: { $0.name == address.component }) else {
        throw error(
          "region '\(region)' overrides '\(address.component)', which is not a component",
          at: key,
          suggestions: Suggestion.nearest(
            to: address.component, among: components.map(\.name)))
      }
      guard !Region.globalKinds.contains(component.kind) else {
        throw error(
          "\(component.name) (\(component.kind.rawValue)) is global, not deployed per region; "
            + "set it once in components:", at: key)
      }
      guard let spec = component.kind.schema.first(where: { $0.name == address.parameter }) else {
        throw error(
          "a \(component.kind.rawValue) component (\(component.name)) has no parameter "
            + "'\(address.parameter)'", at: key,
          suggestions: Suggestion.nearest(
            to: address.parameter, among: component.kind.schema.map(\.name)))
      }
      let checked = try checkedValue(value, spec: spec, address: address)
      out.append(
        Region.Override(
          address: address, value: checked, origin: text.comment(on: value) ?? text.comment(on: key)
        ))
    }
    return out
  }
}
