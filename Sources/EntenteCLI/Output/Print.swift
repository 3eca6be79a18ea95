import EntenteActions

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
