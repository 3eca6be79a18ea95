import EntenteActions
import EntenteSync
import Foundation
import Logging
import EntenteWire

/// What `entente sync`, `join`, `meet`, `serve` and `demo` say about syncing, in the
/// environment's language.
enum SyncText {
    /// The one-line summary of a sync: `synced with Bob (10.0.0.2:7420): sent 3 changes,
    /// received 5 (5 new), 2.1 KiB in 0.04 s` (``SyncSummary/line``, as it is in English), in
    /// French `synchronisé avec Bob (10.0.0.2:7420) : 3 changements envoyés, 5 reçus
    /// (5 nouveaux), 2,1 Kio en 0,04 s`.
    static func line(_ summary: SyncSummary, language: Language = .current) -> String {
        // The peer's name and address come from the other side: shown, never obeyed.
        TerminalText.oneLine(Self.words(summary, language: language))
    }

    private static func words(_ summary: SyncSummary, language: Language) -> String {
        guard language == .french else { return summary.line }
        let kib = Self.decimal(Double(summary.counters.wireBytes) / 1024, digits: 1)
        return "synchronisé avec \(summary.peer) (\(summary.address)) : "
            + Self.french(summary.changesSent, "changement envoyé", "changements envoyés") + ", "
            + Self.french(summary.changesReceived, "reçu", "reçus") + " (" + Self.french(summary.applied, "nouveau", "nouveaux") + "), "
            + "\(kib) Kio en \(Self.decimal(summary.seconds, digits: 2)) s"
    }

    /// `count` and its word, singular for 0 and 1 as French has it.
    static func french(_ count: Int, _ one: String, _ many: String) -> String {
        "\(count) \(count <= 1 ? one : many)"
    }

    /// A number with `digits` decimals and a decimal comma: 2.125 → "2,13".
    static func decimal(_ value: Double, digits: Int) -> String {
        String(format: "%.\(digits)f", value.isFinite ? value : 0).replacingOccurrences(of: ".", with: ",")
    }

    /// A line that the sync engine logs (EntenteSync speaks English only), in French when it is
    /// one of the lines it is known to log; any other as it is.
    static func frenchLog(_ message: String) -> String {
        if let m = message.wholeMatch(of: #/session with (.+) \((.+)\): received (\d+) changes \((\d+) new\), sent (\d+)/#),
           let received = Int(m.3), let applied = Int(m.4), let sent = Int(m.5) {
            return "séance avec \(m.1) (\(m.2)) : " + Self.french(received, "changement reçu", "changements reçus")
                + " (" + Self.french(applied, "nouveau", "nouveaux") + "), " + Self.french(sent, "envoyé", "envoyés")
        }
        if let m = message.wholeMatch(of: #/session with (.+) ended: (.*)/#) {
            return "la séance avec \(m.1) s'est terminée : \(m.2)"
        }
        if let m = message.wholeMatch(of: #/admitted (.+) \(key (.+)\) with an invite/#) {
            return "\(m.1) (clé \(m.2)) admis·e avec une invitation"
        }
        if let m = message.wholeMatch(of: #/sync with (.+) at (.+) failed: (.*)/#) {
            return "la synchronisation avec \(m.1) à \(m.2) a échoué : \(m.3)"
        }
        if let m = message.wholeMatch(of: #/replica failure during sync with (.+): (.*)/#) {
            return "défaillance du réplica pendant la synchronisation avec \(m.1) : \(m.2)"
        }
        if let m = message.wholeMatch(of: #/accept failed: (.*)/#) {
            return "une connexion entrante a échoué : \(m.1)"
        }
        if let m = message.wholeMatch(of: #/synced with (.+) \((.+)\): sent (\d+) changes?, received (\d+) \((\d+) new\), ([\d.]+) KiB in ([\d.]+) s/#),
           let sent = Int(m.3), let received = Int(m.4), let applied = Int(m.5) {
            return "synchronisé avec \(m.1) (\(m.2)) : " + Self.french(sent, "changement envoyé", "changements envoyés") + ", "
                + Self.french(received, "reçu", "reçus") + " (" + Self.french(applied, "nouveau", "nouveaux") + "), "
                + "\(m.6.replacingOccurrences(of: ".", with: ",")) Kio en \(m.7.replacingOccurrences(of: ".", with: ",")) s"
        }
        return message
    }
}

/// Log lines on standard error, as swift-log's `StreamLogHandler` writes them, their messages
/// in French when the environment is (``SyncText/frenchLog(_:)``). Every command, `serve` and
/// the board log through it: messages, metadata and errors carry peers' names and reasons, so
/// each is made one safe line first (``TerminalText/oneLine(_:)``: control characters shown,
/// never obeyed, and no line break that could forge another log line).
struct ConsoleLogHandler: LogHandler {
    private var stream: StreamLogHandler
    let language: Language

    init(label: String, level: Logger.Level = .info, language: Language = .current) {
        self.stream = StreamLogHandler.standardError(label: label)
        self.stream.logLevel = level
        self.language = language
    }

    /// A logger writing to standard error from `level` up.
    static func logger(_ label: String, level: Logger.Level = .info) -> Logger {
        Logger(label: label, factory: { ConsoleLogHandler(label: $0, level: level) })
    }

    func log(event: LogEvent) {
        self.stream.log(event: Self.neutralized(event, language: self.language))
    }

    /// `event` as it may reach a terminal or a log file: in the reader's language, every text
    /// on one line with its control characters shown.
    static func neutralized(_ event: LogEvent, language: Language) -> LogEvent {
        var event = event
        let message = language == .french ? French.typeset(SyncText.frenchLog(event.message.description)) : event.message.description
        event.message = "\(TerminalText.oneLine(message))"
        event.metadata = event.metadata.map(Self.neutralized)
        if let error = event.error { event.error = ShownError(description: TerminalText.oneLine("\(error)")) }
        return event
    }

    static func neutralized(_ metadata: Logger.Metadata) -> Logger.Metadata {
        Dictionary(uniqueKeysWithValues: metadata.map { (TerminalText.oneLine($0.key), Self.neutralized($0.value)) })
    }

    static func neutralized(_ value: Logger.MetadataValue) -> Logger.MetadataValue {
        switch value {
        case .string(let text): return .string(TerminalText.oneLine(text))
        case .stringConvertible(let convertible): return .string(TerminalText.oneLine(convertible.description))
        case .array(let values): return .array(values.map(Self.neutralized))
        case .dictionary(let metadata): return .dictionary(Self.neutralized(metadata))
        @unknown default: return .string(TerminalText.oneLine("\(value)"))
        }
    }

    /// An error as its neutralised description.
    struct ShownError: Error, CustomStringConvertible {
        let description: String
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { self.stream.metadataProvider }
        set { self.stream.metadataProvider = newValue }
    }

    var metadata: Logger.Metadata {
        get { self.stream.metadata }
        set { self.stream.metadata = Self.neutralized(newValue) }
    }

    var logLevel: Logger.Level {
        get { self.stream.logLevel }
        set { self.stream.logLevel = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.stream[metadataKey: key] }
        set { self.stream[metadataKey: TerminalText.oneLine(key)] = newValue.map(Self.neutralized) }
    }
}
