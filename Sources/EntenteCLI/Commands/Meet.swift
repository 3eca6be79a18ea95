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
            commandName: "meet",
            abstract: tr("Meet: find the members present on this network, sync with each until all hold the same vision, and record the meeting.",
                         "Se réunir : trouver les membres présents sur ce réseau, se synchroniser avec chacun jusqu'à ce que tous aient la même vision, et noter la réunion."),
            discussion: helpText("""
                Serves this replica, announces it by multicast and syncs with every member present
                until all present replicas hold the same state. Then shows who is here, what each
                one brought since the last meeting and what to discuss now, and writes a signed
                meeting record with the decisions (`--decide`, or typed on a terminal).
                The attendee with the smallest key writes the record when nobody gave decisions.
                Examples:
                  entente meet --decide "Bob leads the tender answer"
                  entente meet --until-converged --expect 2 --timeout 60
                  entente meet --duration 300 --peer 192.168.1.20:7420   (multicast blocked)
                """, """
                Sert ce réplica, l'annonce par multicast et se synchronise avec chaque membre
                présent jusqu'à ce que tous les réplicas présents aient le même état. Montre
                ensuite qui est là, ce que chacun a apporté depuis la dernière réunion et ce
                dont il faut parler maintenant, puis écrit un compte rendu signé avec les
                décisions (`--decide`, ou tapées dans un terminal). Si personne n'a donné de
                décision, c'est le participant à la plus petite clé qui écrit le compte rendu.
                Exemples :
                  entente meet --decide "Bob leads the tender answer"
                  entente meet --until-converged --expect 2 --timeout 60
                  entente meet --duration 300 --peer 192.168.1.20:7420   (multicast bloqué)
                """))

        @Option(help: ArgumentHelp(tr("Meet this many seconds, then record.",
                                      "Se réunir pendant ce nombre de secondes, puis noter la réunion."), valueName: "seconds"))
        var duration: Double?

        @Flag(help: ArgumentHelp(tr("End as soon as every present replica holds the same state (the default).",
                                    "Finir dès que tous les réplicas présents ont le même état (par défaut).")))
        var untilConverged = false

        @Option(help: ArgumentHelp(tr("With --until-converged: give up after this many seconds.",
                                      "Avec --until-converged : abandonner après ce nombre de secondes."), valueName: "seconds"))
        var timeout: Double = MeetingBounds.defaultTimeout

        @Option(help: ArgumentHelp(tr("With --until-converged: wait for at least this many other members.",
                                      "Avec --until-converged : attendre au moins ce nombre d'autres membres."), valueName: "n"))
        var expect = 1

        @Option(help: ArgumentHelp(tr("Seconds convergence must hold before the meeting ends.",
                                      "Secondes pendant lesquelles l'accord des réplicas doit tenir avant la fin de la réunion."), valueName: "seconds"))
        var settle: Double = MeetingBounds.defaultSettle

        @Option(name: .customLong("decide"), help: ArgumentHelp(tr("A decision to record (repeatable).",
                                                                   "Une décision à noter (répétable)."), valueName: "text"))
        var decisions: [String] = []

        @Option(name: .customLong("peer"), help: ArgumentHelp(tr("A member's HOST:PORT, for networks without multicast (repeatable).",
                                                                 "Le HOST:PORT d'un membre, pour les réseaux sans multicast (répétable)."), valueName: "host:port"))
        var peers: [String] = []

        @Flag(help: ArgumentHelp(tr("Never ask for decisions on the terminal.", "Ne jamais demander les décisions dans le terminal.")))
        var noInput = false

        @Option(help: ArgumentHelp(tr("The address to serve on ('::' = every address).",
                                      "L'adresse où servir (« :: » = toutes les adresses)."), valueName: "addr"))
        var bind = "::"

        @Option(help: ArgumentHelp(tr("The TCP port to serve on (0 = any free port).",
                                      "Le port TCP où servir (0 = n'importe quel port libre)."), valueName: "port"))
        var port: UInt16 = 0

        @Option(help: ArgumentHelp(tr("The meeting's date, YYYY-MM-DD (default: today, in your time zone).",
                                      "La date de la réunion, AAAA-MM-JJ (par défaut : aujourd'hui, dans votre fuseau horaire)."), valueName: "date"))
        var today: String?

        @OptionGroup var discovery: DiscoveryOptions
        @OptionGroup var options: ReplicaOptions

        func validate() throws {
            if let duration = self.duration {
                guard duration > 0 else { throw ValidationError(tr("'--duration' must be more than 0 seconds, for example --duration 120",
                                                                   "« --duration » doit dépasser 0 seconde, par exemple --duration 120")) }
                guard !self.untilConverged else {
                    throw ValidationError(tr("use either '--duration' or '--until-converged' (with '--timeout'), not both",
                                            "utilisez soit « --duration », soit « --until-converged » (avec « --timeout »), pas les deux"))
                }
            }
            guard self.timeout.isFinite, self.timeout > 0, self.timeout <= 86_400 else {
                throw ValidationError(tr("'--timeout' must be a number of seconds from more than 0 to 86400, for example --timeout 120",
                                        "« --timeout » doit être un nombre de secondes de plus de 0 à 86400, par exemple --timeout 120"))
            }
            guard self.expect >= 1 else { throw ValidationError(tr("'--expect' must be at least 1", "« --expect » doit valoir au moins 1")) }
            guard self.settle >= 0 else { throw ValidationError(tr("'--settle' cannot be negative", "« --settle » ne peut pas être négatif")) }
        }

        func run() throws {
            let replica = try self.options.open()
            let date = try self.today.map { try Dates.validate($0, option: "--today") } ?? Dates.today()
            let configuration = try self.discovery.configuration(servingOn: self.bind)
            let manual = try self.peers.map { address -> TCPEndpoint in
                do {
                    return try TCPEndpoint(parsing: address, defaultPort: SyncNetLimits.defaultPort)
                } catch {
                    throw CLIError(Phrase("'--peer \(address)' is not an address (\(error)); use HOST:PORT, e.g. 192.168.1.20:\(SyncNetLimits.defaultPort)",
                                          fr: "« --peer \(address) » n'est pas une adresse (\(error)) ; écrivez HOTE:PORT, par exemple 192.168.1.20:\(SyncNetLimits.defaultPort)"))
                }
            }
            let bounds = self.duration.map { MeetingBounds(duration: $0) }
                ?? MeetingBounds(duration: self.timeout, untilConverged: true, expectedPeers: self.expect, settle: self.settle)
            let logger = ConsoleLogHandler.logger("entente.meet", level: .critical)
            let meeting = MeetingSession(replica: replica, discovery: configuration, bounds: bounds, manualPeers: manual,
                                         bind: self.bind, port: self.port, logger: logger)
            defer { meeting.close() }
            let terminal = Terminal.standard
            let outcome = try meeting.run { event in
                print(terminal.fit(MeetingText.line(event, terminal)))
                flushOutput()
            }
            guard !outcome.attendees.isEmpty else {
                let hint = DiscoveryOptions.blockedHint(configuration)
                throw CLIError(Phrase("no other member was found; " + hint.english, fr: "aucun autre membre n'a été trouvé ; " + hint.french))
            }
            if bounds.untilConverged && !outcome.converged {
                throw CLIError(Phrase("the meeting ended after \(Peers.seconds(bounds.duration, .english)) before every present replica held the same state; run `entente meet` again, or raise --timeout",
                                      fr: "la réunion a pris fin après \(Peers.seconds(bounds.duration, .french)) avant que tous les réplicas présents aient le même état ; relancez `entente meet`, ou augmentez --timeout"))
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
                let scribe = workspace.memberName(workspace.directory.member(for: replica.author)?.id)
                print(terminal.bold(tr("Meeting record \(written.short)", "Compte rendu \(written.short)"))
                      + tr(" signed by \(scribe), shared with those present.", " signé par \(scribe), partagé avec les présents."))
                for (index, decision) in decisions.enumerated() { print("  \(index + 1). \(decision)") }
                if !meeting.unproven.isEmpty {
                    let names = meeting.unproven.joined(separator: ", ")
                    say(Phrase("Not counted as present: \(names). The record counts only members whose own device signed their presence in its announcements (reached by --peer only, or not heard on the network).",
                               fr: "Pas comptés comme présents : \(names). Le compte rendu ne compte que les membres dont l'appareil a signé sa présence dans ses annonces (joints seulement par --peer, ou pas entendus sur le réseau).").localized)
                }
            } else if let record = meeting.attachedTo {
                let after = try Workspace(replica)
                let scribe = after.records.first { $0.id == record }.map { after.directory.name(of: $0.header.createdBy.author) } ?? "?"
                print(terminal.bold(tr("Meeting record \(record.short)", "Compte rendu \(record.short)")) + tr(" signed by \(scribe).", " signé par \(scribe)."))
                say(tr("Your decisions were added to it and shared with those present.", "Vos décisions y ont été ajoutées et partagées avec les présents."))
                for (index, decision) in decisions.enumerated() { print("  \(index + 1). \(decision)") }
            } else if !recorder {
                print(tr("The meeting record is written by the attendee with the smallest key; it reaches you at the next sync.",
                         "Le compte rendu est écrit par le participant à la plus petite clé ; il vous parviendra à la prochaine synchronisation."))
            }
            // What the meeting brought goes out to the members apart, through the relay folders.
            for line in RelayActions.exchange(replica) { say(line.localized) }
        }
    }
}

/// The text of `entente meet`: live lines and the summary.
enum MeetingText {
    static func line(_ event: MeetingEvent, _ terminal: Terminal) -> String {
        switch event {
        case .listening(let port, let discovery):
            return terminal.dim(tr("Meeting: serving on port \(port), announcing on \(discovery). Looking for the others…",
                                   "Réunion : service sur le port \(port), annonce sur \(discovery). Recherche des autres…"))
        case .arrived(let name, let endpoint):
            return terminal.green(tr("+ \(name) is here", "+ \(name) est là")) + " (\(endpoint))"
        case .left(let name):
            return terminal.yellow(tr("- \(name) left", "- \(name) est parti"))
        case .synced(let summary):
            return "  " + SyncText.line(summary)
        case .syncFailed(let name, let endpoint, let error):
            let why = (error as? SyncFailure)?.phrase(peer: "\(endpoint)") ?? (error as? StoreError)?.phrase ?? Phrase("\(error)", fr: "\(error)")
            return terminal.yellow(tr("  sync with \(name) (\(endpoint)) failed: \(why.english); retrying",
                                      "  la synchronisation avec \(name) (\(endpoint)) a échoué : \(why.french) ; nouvel essai"))
        case .converged(let stateHash, let peers):
            return terminal.bold(tr("= everyone present holds the same state \(stateHash.prefix(16))… (\(peers.count + 1) replicas)",
                                    "= tous les présents ont le même état \(stateHash.prefix(16))… (\(peers.count + 1) réplicas)"))
        }
    }

    static func summary(_ outcome: MeetingOutcome, workspace: Workspace, date: String, terminal: Terminal) -> String {
        let directory = workspace.directory
        let me = directory.name(of: workspace.replica.author)
        var lines = [terminal.bold(tr("Meeting of \(date)", "Réunion du \(shownDate(date))"))]
        // scripts/netns-meet-test.sh looks for this line and "Meeting record …" (in English: it sets ENTENTE_LANG=en).
        lines.append(tr("Present: ", "Présents : ") + ([me + tr(" (you)", " (vous)")] + outcome.attendees.map(\.name)).joined(separator: ", "))
        lines.append(tr("State reached: \(outcome.stateHash)", "État atteint : \(outcome.stateHash)")
            + (outcome.converged ? tr(" (every present replica holds it)", " (tous les réplicas présents l'ont)")
                                 : terminal.yellow(tr(" (NOT every replica holds it yet)", " (PAS ENCORE tous les réplicas)"))))
        // The last meeting before this one (a record of this one may have arrived already).
        let last = Meeting.all(in: workspace.records).last { meeting in
            meeting.record.header.position <= outcome.positionBefore
        }
        let brought = Meeting.brought(since: last?.vector, now: outcome.vectorAfter)
        lines.append(last.map { tr("Brought since the last meeting (\($0.date ?? "?")):",
                                   "Apporté depuis la dernière réunion (\($0.date.map(shownDate) ?? "?")) :") }
            ?? tr("Brought so far (first meeting):", "Apporté jusqu'ici (première réunion) :"))
        if brought.isEmpty { lines.append(tr("  nothing new", "  rien de nouveau")) }
        for entry in brought {
            let name = directory.name(of: entry.author)
            lines.append(tr("  \(name): \(entry.changes) change\(entry.changes == 1 ? "" : "s")",
                            "  \(name) : \(entry.changes) changement\(entry.changes == 1 ? "" : "s")"))
        }
        let vision = workspace.vision
        let attention = Attention(vision: vision, today: date, soonUntil: Dates.adding(days: 7, to: date))
        lines.append(terminal.bold(tr("To discuss now:", "À discuter maintenant :")))
        lines.append(EntenteCommand.StatusCommand.render(AttentionShape(attention, vision), terminal)
            .split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n"))
        return lines.joined(separator: "\n")
    }

    /// Reads decisions from the terminal, one per line, until an empty line or end of input.
    static func askDecisions() -> [String] {
        print(tr("Decisions, one per line (empty line to finish):", "Décisions, une par ligne (ligne vide pour finir) :"))
        flushOutput()
        var decisions: [String] = []
        while let line = readLine(), !line.trimmingCharacters(in: .whitespaces).isEmpty {
            decisions.append(line)
        }
        return decisions
    }
}
