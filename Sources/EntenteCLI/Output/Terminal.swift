import EntenteActions
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Where command output goes, and whether it may use colour: only on a terminal, and never
/// when `NO_COLOR` is set (https://no-color.org).
struct Terminal {
    var colour: Bool
    /// The width output must fit (``TextFit/width(environment:)``); nil: do not wrap.
    var width: Int? = nil

    static var standard: Terminal {
        let environment = ProcessInfo.processInfo.environment
        let noColour = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return Terminal(colour: isatty(STDOUT_FILENO) == 1 && !noColour && environment["TERM"] != "dumb",
                        width: TextFit.width(environment: environment))
    }

    /// `text` with every line wrapped to the width.
    func fit(_ text: String) -> String { TextFit.fit(text, width: self.width) }

    func bold(_ text: String) -> String { self.wrap(text, "1") }
    func dim(_ text: String) -> String { self.wrap(text, "2") }
    func red(_ text: String) -> String { self.wrap(text, "31") }
    func green(_ text: String) -> String { self.wrap(text, "32") }
    func yellow(_ text: String) -> String { self.wrap(text, "33") }

    private func wrap(_ text: String, _ code: String) -> String {
        self.colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

/// Prints to standard error, wrapped to the terminal's width like the rest of the output
/// (errors are long sentences that say what to do; nothing wraps on a pipe without `COLUMNS`).
func printError(_ message: String) {
    let fitted = TextFit.fit(TerminalText.neutralize(message), width: TextFit.width(of: STDERR_FILENO))
    FileHandle.standardError.write(Data((fitted + "\n").utf8))
}
