/// The flowbook version, recorded in notebooks for provenance.
public enum FlowbookVersion {
  public static let current = "0.1.0"
}
