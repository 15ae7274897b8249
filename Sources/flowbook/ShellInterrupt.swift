import FlowbookKit
import Foundation

/// Ctrl-C in the interactive shell: it stops the running command, or drops the line
/// being typed, and the shell goes on with its session intact.
///
/// The handler only sets the session's `Interruption` flag (one atomic store, which is
/// safe in a signal handler); the library's long loops look at it and stop cleanly. It
/// is installed without `SA_RESTART`, so a Ctrl-C at the prompt also ends libedit's
/// read, and the shell offers a fresh prompt. `-e`, `run` and piped input keep the
/// default: Ctrl-C ends the process, as scripts expect.
enum ShellInterrupt {
  static let interruption = Interruption()

  /// Installs the handler and returns the flag it sets.
  static func install() -> Interruption {
    interruption.clear()  // initialise the global before a signal can reach it
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { _ in ShellInterrupt.interruption.request() }
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0
    sigaction(SIGINT, &action, nil)
    // A parent may hand the shell SIGINT blocked (util-linux `script` does): unblock it,
    // or Ctrl-C would stay pending and never reach the handler.
    var unblock = sigset_t()
    sigemptyset(&unblock)
    sigaddset(&unblock, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    return interruption
  }
}
