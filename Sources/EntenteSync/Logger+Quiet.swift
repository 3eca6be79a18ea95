import Logging

extension Logger {
    /// A logger that says nothing: the default of this module's APIs, so that a library call
    /// never writes to the caller's terminal. Front ends pass their own (`entente serve`
    /// logs to standard error).
    public static func quiet(_ label: String) -> Logger {
        Logger(label: label, factory: { _ in SwiftLogNoOpLogHandler() })
    }
}
