/// The one table of shell commands.
///
/// Help, completion and the README's command list are
/// derived from it; a new command is added by appending it to `standard`.
public struct CommandRegistry: Sendable {
  public private(set) var commands: [Command]

  public init(_ commands: [Command]) {
    var seen = Set<String>()
    for command in commands {
      precondition(seen.insert(command.name).inserted, "command \(command.name) registered twice")
    }
    self.commands = commands
  }

  /// Every command flowbook ships, in the order `help` lists them.
  public static let standard = CommandRegistry([
    HelpCommand.command,
    VariablesCommand.command,
    ShowCommand.command,
    SetCommand.command,
    ResetCommand.command,
    LoadCommand.command,
    ImportCommand.command,
    CalibrateCommand.command,
    LatencyCommand.command,
    BudgetCommand.command,
    CostCommand.command,
    CapacityCommand.command,
    CacheCommand.command,
    QueueCommand.command,
    FailoverCommand.command,
    AvailabilityCommand.command,
    DiffCommand.command,
    ExplainCommand.command,
    SweepCommand.command,
    SimulateCommand.command,
    ValidateCommand.command,
    NoteCommand.command,
    ExpectCommand.command,
    SaveCommand.command,
    OpenCommand.command,
    ExportCommand.command,
  ])

  public func command(named name: String) -> Command? {
    commands.first { $0.name == name }
  }

  public var names: [String] { commands.map(\.name) }
}
