/// A command-line mistake, with what to do about it.
public struct CLIError: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
