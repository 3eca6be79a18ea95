import EntenteActions
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every line the command line prints goes through here (it shadows `Swift.print` in this
/// module): see ``TerminalText``; French is set as French is printed (``typeset(_:language:)``).
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    Swift.print(typeset(TerminalText.neutralize(items.map { "\($0)" }.joined(separator: separator))), terminator: terminator)
}

/// Prints data (JSON) as it is: neutralised, never typeset, so values stay byte for byte
/// what the replica holds.
func printVerbatim(_ text: String, terminator: String = "\n") {
    Swift.print(TerminalText.neutralize(text), terminator: terminator)
}

/// Sends what was printed now (a line another program or person waits for: the address a
/// server listens on, a prompt). `fflush(nil)` flushes every output stream without naming
/// C's global `stdout`, which Swift 6 cannot prove free of data races.
func flushOutput() {
    fflush(nil)
}
