import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteNet
import EntenteStore
import EntenteSync
import Foundation
import Logging

extension EntenteCommand {
    struct Meet: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Meet: find the members present on this network, sync with each until all hold the same vision, and record the meeting.",
            discussion: """
                Serves this replica, announces it by multicast and syncs with every member present
                until all present replicas hold the same state. Then shows who is here, what each
                one brought since the last meeting and what to discuss now, and writes a signed
                meeting record with the decisions (`--decide`, or typed on a terminal).
                The attendee with the smallest key writes the record when nobody gave decisions.
                Examples:
                  entente meet --decide "Bob leads the tender answer"
                  entente meet --until-converged --expect 2 --timeout 60
                  entente meet --duration 300 --peer 192.168.1.20:7420     (where multicast is blocked)
                """)

        @Option(help: ArgumentHelp("Meet this many seconds, then record.", valueName: "seconds"))
        var duration: Double?

        @Flag(help: "End as soon as every present replica holds the same state (the default).")
        var untilConverged = false

        @Option(help: ArgumentHelp("With --until-converged: give up after this many seconds.", valueName: "seconds"))
        var timeout: Double = MeetingBounds.defaultTimeout

        @Option(help: ArgumentHelp("With --until-converged: wait for at least this many other members.", valueName: "n"))
        var expect = 1

        @Option(help: ArgumentHelp("Seconds convergence must hold before the meeting ends.", valueName: "seconds"))
        var settle: Double = MeetingBounds.defaultSettle

        @Option(name: .customLong("decide"), help: ArgumentHelp("A decision to record (repeatable).", valueName: "text"))
        var decisions: [String] = []

        @Option(name: .customLong("peer"), help: ArgumentHelp("A member's HOST:PORT, for networks without multicast (repeatable).", valueName: "host:port"))
        var peers: [String] = []

        @Flag(help: "Never ask for decisions on the terminal.")
        var noInput = false

        @Option(help: ArgumentHelp("The address to serve on ('::' = every address).", valueName: "addr"))
        var bind = "::"

        @Option(help: ArgumentHelp("The TCP port to serve on (0 = any free port).", valueName: "port"))
        var port: UInt16 = 0

        @Option(help: ArgumentHelp("The meeting's date, YYYY-MM-DD (default: today, in your time zone).", valueName: "date"))
        var today: String?

        @OptionGroup var discovery: DiscoveryOptions
        @OptionGroup var options: ReplicaOptions

        func validate() throws {
            if let duration = self.duration {
                guard duration > 0 else { throw ValidationError("'--duration' must be more than 0 seconds, for example --duration 120") }
                guard !self.untilConverged else {
                    throw ValidationError("use either '--duration' or '--until-converged' (with '--timeout'), not both")
                }
            }
            guard self.timeout.isFinite, self.timeout > 0, self.timeout <= 86_400 else {
                throw ValidationError("'--timeout' must be a number of seconds from more than 0 to 86400, for example --timeout 120")
            }
            guard self.expect >= 1 else { throw ValidationError("'--expect' must be at least 1") }
            guard self.settle >= 0 else { throw ValidationError("'--settle' cannot be negative") }
        }

        func run() throws {
            let replica = try self.options.open()
            let date = try self.today.map { try Dates.validate($0, option: "--today") } ?? Dates.today()
            let configuration = try self.discovery.configuration(servingOn: self.bind)
            let manual = try self.peers.map { address -> TCPEndpoint in
                do {
                    return try TCPEndpoint(parsing: address, defaultPort: SyncNetLimits.defaultPort)
                } catch {
                    throw CLIError("'--peer \(address)' is not an address (\(error)); use HOST:PORT, e.g. 192.168.1.20:\(SyncNetLimits.defaultPort)")
                }
            }
            let bounds = self.duration.map { MeetingBounds(duration: $0) }
                ?? MeetingBounds(duration: self.timeout, untilConverged: true, expectedPeers: self.expect, settle: self.settle)
            let logger = Logger(label: "entente.meet", factory: { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = .critical
                return handler
            })
            let meeting = MeetingSession(replica: replica, discovery: configuration, bounds: bounds, manualPeers: manual,
                                         bind: self.bind, port: self.port, logger: logger)
            defer { meeting.close() }
            let terminal = Terminal.standard
            let outcome = try meeting.run { event in
                print(MeetingText.line(event, terminal))
                fflush(stdout)
            }
            guard !outcome.attendees.isEmpty else {
                throw CLIError("no other member was found; " + DiscoveryOptions.blockedHint(configuration))
            }
            if bounds.untilConverged && !outcome.converged {
                throw CLIError("the meeting ended after \(Peers.seconds(bounds.duration)) before every present replica held the same state; run `entente meet` again, or raise --timeout")
            }
            let workspace = try Workspace(replica)
            print("")
            print(MeetingText.summary(outcome, workspace: workspace, date: date, terminal: terminal))
            var decisions = self.decisions
            if decisions.isEmpty && !self.noInput && isatty(STDIN_FILENO) != 0 {
                decisions = MeetingText.askDecisions()
            }
            let recorder = meeting.isScribe(outcome) || !decisions.isEmpty
            let written = try meeting.conclude(outcome, date: date, decisions: decisions)
            print("")
            if let written {
                print(terminal.bold("Meeting record \(written.short)") + " signed by \(workspace.memberName(workspace.directory.member(for: replica.author)?.id)), shared with those present.")
                for (index, decision) in decisions.enumerated() { print("  \(index + 1). \(decision)") }
            } else if !recorder {
                print("The meeting record is written by the attendee with the smallest key; it reaches you at the next sync.")
            }
        }
    }
}

/// The text of `entente meet`: live lines and the summary.
enum MeetingText {
    static func line(_ event: MeetingEvent, _ terminal: Terminal) -> String {
        switch event {
        case .listening(let port, let discovery):
            return terminal.dim("Meeting: serving on port \(port), announcing on \(discovery). Looking for the others…")
        case .arrived(let name, let endpoint):
            return terminal.green("+ \(name) is here") + " (\(endpoint))"
        case .left(let name):
            return terminal.yellow("- \(name) left")
        case .synced(let summary):
            return "  " + summary.line
        case .syncFailed(let name, let endpoint, let error):
            return terminal.yellow("  sync with \(name) (\(endpoint)) failed: \(error); retrying")
        case .converged(let stateHash, let peers):
            return terminal.bold("= everyone present holds the same state \(stateHash.prefix(16))… (\(peers.count + 1) replicas)")
        }
    }

    static func summary(_ outcome: MeetingOutcome, workspace: Workspace, date: String, terminal: Terminal) -> String {
        let directory = workspace.directory
        let me = directory.name(of: workspace.replica.author)
        var lines = [terminal.bold("Meeting of \(date)")]
        lines.append("Present: " + ([me + " (you)"] + outcome.attendees.map(\.name)).joined(separator: ", "))
        lines.append("State reached: \(outcome.stateHash)" + (outcome.converged ? " (every present replica holds it)" : terminal.yellow(" (NOT every replica holds it yet)")))
        // The last meeting before this one (a record of this one may have arrived already).
        let last = Meeting.all(in: workspace.records).last { meeting in
            outcome.vectorBefore.includes(author: meeting.record.header.createdBy.author, seq: meeting.record.header.createdBy.seq)
        }
        let brought = Meeting.brought(since: last?.vector, now: outcome.vectorAfter)
        lines.append(last.map { "Brought since the last meeting (\($0.date ?? "?")):" } ?? "Brought so far (first meeting):")
        if brought.isEmpty { lines.append("  nothing new") }
        for entry in brought {
            lines.append("  \(directory.name(of: entry.author)): \(entry.changes) change\(entry.changes == 1 ? "" : "s")")
        }
        let vision = workspace.vision
        let attention = Attention(records: vision.records, today: date, soonUntil: Dates.adding(days: 7, to: date))
        lines.append(terminal.bold("To discuss now:"))
        lines.append(EntenteCommand.StatusCommand.render(AttentionShape(attention, vision), terminal)
            .split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n"))
        return lines.joined(separator: "\n")
    }

    /// Reads decisions from the terminal, one per line, until an empty line or end of input.
    static func askDecisions() -> [String] {
        print("Decisions, one per line (empty line to finish):")
        fflush(stdout)
        var decisions: [String] = []
        while let line = readLine(), !line.trimmingCharacters(in: .whitespaces).isEmpty {
            decisions.append(line)
        }
        return decisions
    }
}
