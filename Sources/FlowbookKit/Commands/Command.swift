/// A shell command: its name, its documentation and what it does, in one value.
///
/// `help`, tab completion and the README's command list are all derived from the
/// registry of these, so a command documented here is documented everywhere.
public struct Command: Sendable {
  /// What the words after the command name are, for tab completion.
  public enum Completion: Sendable, Hashable {
    case none
    /// Parameter addresses (`cdn.hit_rate`), variables and units.
    case parameters
    /// File names.
    case files
    /// Command names (for `help`).
    case commands
    /// A fixed set of words, plus parameters and units.
    case words([String])
    /// The current model's component names and a fixed set of words; after the first
    /// argument, units too (for values such as `at 10k rps`).
    case components([String])
    /// Model files: the datasets' model names (`serverless-burst`) and file names.
    case models
  }

  public typealias Run = @Sendable (inout Arguments, Session) throws -> CommandResult

  public var name: String
  /// The usage line, such as `sweep PARAM from A to B [steps N] [show WHAT]`.
  public var synopsis: String
  /// One line for `help`.
  public var summary: String
  /// Paragraphs for `help NAME`: what it computes, from which formula, with which caveats.
  public var discussion: String
  /// A worked example (one or more command lines) shown by `help NAME`.
  public var example: String
  public var completion: Completion
  public var run: Run

  public init(
    name: String, synopsis: String, summary: String, discussion: String = "",
    example: String, completion: Completion = .none, run: @escaping Run
  ) {
    self.name = name
    self.synopsis = synopsis
    self.summary = summary
    self.discussion = discussion
    self.example = example
    self.completion = completion
    self.run = run
  }
}
