import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore

extension EntenteCommand {
    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "log",
            abstract: tr("Who changed what, when, told in words, with their note if any: newest first.",
                         "Qui a changé quoi, quand, en toutes lettres, avec sa note s'il y en a une : les plus récents d'abord."),
            discussion: helpText("""
                Each change is told from what it did, in your language, followed by the note
                its author gave with --message, between quotes. Times are in your time zone,
                named. On a terminal a long log goes through $PAGER (less by default); --json
                stays oldest first, times in UTC, "message" being the note as stored (empty
                for none) and "summary" what the change did, in words.
                Examples:
                  entente log
                  entente log --member Bob --since 2026-11-01 --grep budget
                  entente log --record "Pilot" --reverse
                  entente show 3fa2c1d0        (one change in words)
                """, """
                Chaque changement est raconté d'après ce qu'il a fait, dans votre langue, suivi
                entre guillemets de la note que son auteur a donnée avec --message. Les heures
                sont dans votre fuseau horaire, indiqué par son nom. Dans un terminal, un long
                journal passe par $PAGER (less par défaut) ; --json reste du plus ancien au
                plus récent, heures en UTC, « message » étant la note telle qu'enregistrée
                (vide s'il n'y en a pas) et « summary » ce que le changement a fait, en toutes
                lettres.
                Exemples :
                  entente log
                  entente log --member Bob --since 2026-11-01 --grep budget
                  entente log --record "Pilot" --reverse
                  entente show 3fa2c1d0        (un changement en toutes lettres)
                """))
        @Option(help: ArgumentHelp(tr("Only this member's changes (name or id prefix).",
                                      "Seulement les changements de ce membre (nom ou début d'identifiant)."))) var member: String?
        @Option(help: ArgumentHelp(tr("Only the last N changes (after the other filters).",
                                      "Seulement les N derniers changements (après les autres filtres)."))) var limit: Int?
        @Option(help: ArgumentHelp(tr("Only changes made on or after this date, YYYY-MM-DD (your time zone).",
                                      "Seulement les changements faits à partir de cette date, AAAA-MM-JJ (votre fuseau horaire)."))) var since: String?
        @Option(help: ArgumentHelp(tr("Only changes whose line (the words as shown, or the note) contains this text (case and accents ignored).",
                                      "Seulement les changements dont la ligne (les mots affichés, ou la note) contient ce texte (sans tenir compte des majuscules ni des accents)."))) var grep: String?
        @Option(help: ArgumentHelp(tr("Only changes to this record (id prefix or name).",
                                      "Seulement les changements de cette fiche (début d'identifiant ou nom)."))) var record: String?
        @Flag(help: ArgumentHelp(tr("Oldest first.", "Du plus ancien au plus récent."))) var reverse = false
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        struct Shape: Encodable {
            var position: Int64
            var id: String
            var author: String
            var authorName: String
            /// The name at the time and the key's short fingerprint: "Alice (3fa2)".
            var signedBy: String
            var seq: UInt64
            var time: String
            var hlc: String
            /// The author's note as stored, empty for none.
            var message: String
            /// What the change did, in words, in the reader's language.
            var summary: String
        }

        func validate() throws {
            if let limit, limit < 1 { throw ValidationError(tr("'--limit' must be at least 1", "« --limit » doit valoir au moins 1")) }
        }

        func run() throws {
            // The last N changes, unfiltered, name a few records: read those, not every one.
            let few = self.limit != nil && self.since == nil && self.grep == nil && self.record == nil
            let workspace = try Workspace(try self.options.open(), reading: few ? .roster : .everything)
            var author: AuthorKey?
            if let query = self.member {
                let member = try workspace.member(query)
                guard let key = member.key else {
                    throw CLIError(Phrase("\(member.name) has no device key yet, so has signed no change",
                                          fr: "\(member.name) n'a pas encore de clé d'appareil, et n'a donc signé aucun changement"))
                }
                author = key
            }
            let since = try self.since.map { try Dates.validate($0, option: "--since") }
            let needle = self.grep.map(NameMatching.fold).flatMap { $0.isEmpty ? nil : $0 }
            let changes = try self.record.map { query in
                Set(try workspace.replica.history(of: try workspace.resolver.resolve(query).id).map(\.change))
            }
            let filtered = since != nil || needle != nil || changes != nil
            var clock = Formatting.LocalClock()
            // What each change did, told from its operations in the reader's language, then its note.
            let words = try workspace.changeWords()
            func line(_ entry: LogLine) -> String { ChangeText.noted(entry.summary ?? "", entry.message) }
            var entries = try workspace.replica.log(author: author, limit: filtered ? nil : self.limit, describe: { words.change($0).localized }).filter { entry in
                if let changes, !changes.contains(entry.id) { return false }
                if let since, clock.time(entry.timestamp).prefix(10) < since { return false }
                if let needle, !NameMatching.fold(line(entry)).contains(needle) { return false }
                return true
            }
            try words.checkReading()
            if filtered, let limit = self.limit, entries.count > limit { entries = Array(entries.suffix(limit)) }
            if self.output.json {
                printVerbatim(try JSONOutput.render(entries.map {
                    Shape(position: $0.position, id: $0.id.hex, author: $0.author.hex, authorName: workspace.directory.name(of: $0.author),
                          signedBy: workspace.directory.label(of: $0.author, at: $0.timestamp, names: words.names),
                          seq: $0.seq, time: Formatting.iso($0.timestamp), hlc: $0.timestamp.description, message: $0.message,
                          summary: $0.summary ?? "")
                }))
                return
            }
            if !self.reverse { entries.reverse() }
            let terminal = Terminal.standard
            var pager = Pager.start()
            for entry in entries {
                // The name at the time and the key's short fingerprint: a rename cannot move an act.
                let name = TerminalText.oneLine(workspace.directory.label(of: entry.author, at: entry.timestamp, names: words.names))
                pager.write(terminal.fit("\(terminal.yellow(entry.id.short))  \(clock.time(entry.timestamp))  \(terminal.bold(name)) #\(entry.seq)  \(TerminalText.oneLine(line(entry)))") + "\n")
            }
            pager.finish()
        }
    }

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "history",
            abstract: tr("The field-level history of one record, with authors.",
                         "L'historique d'une fiche, champ par champ, avec les auteurs."),
            discussion: helpText("Example: entente history 3fa2", "Exemple : entente history 3fa2"))
        @Argument(help: ArgumentHelp(tr("Record id prefix or exact name.",
                                        "Début de l'identifiant de la fiche, ou son nom exact."))) var record: String
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        struct Shape: Encodable {
            var change: String
            var author: String
            var authorName: String
            /// The name at the time and the key's short fingerprint: "Alice (3fa2)".
            var signedBy: String
            var seq: UInt64
            var time: String
            var operation: String
            var current: Bool
            var message: String
        }

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            let record: RecordState
            do {
                record = try workspace.resolver.resolve(self.record)
            } catch let error as ActionError {
                // An id taken from `entente log` names a change: show it.
                let changes = try workspace.replica.changes(idPrefix: self.record)
                guard changes.count == 1, let change = changes.first else { throw error }
                print(Terminal.standard.fit(try ChangeText.render(change, workspace)))
                return
            }
            let entries = try workspace.replica.history(of: record.id)
            let words = try workspace.changeWords(), names = words.names
            if self.output.json {
                printVerbatim(try JSONOutput.render(entries.map {
                    Shape(change: $0.change.hex, author: $0.author.hex, authorName: workspace.directory.name(of: $0.author),
                          signedBy: workspace.directory.label(of: $0.author, at: $0.timestamp, names: names), seq: $0.seq,
                          time: Formatting.iso($0.timestamp), operation: Formatting.describe($0.operation), current: $0.current, message: $0.message)
                }))
                return
            }
            let terminal = Terminal.standard
            var clock = Formatting.LocalClock()
            print(terminal.fit("\(record.kind) \(record.id.hex) \"\(TerminalText.oneLine(workspace.resolver.label(record)))\""))
            for entry in entries {
                let mark = entry.current ? " " : "~"
                let said = words.operation(entry.operation, author: workspace.directory.label(of: entry.author, at: entry.timestamp, names: words.names)).localized
                print(terminal.fit("\(mark) \(clock.time(entry.timestamp))  \(TerminalText.oneLine(ChangeText.noted(said, entry.message)))  (\(entry.change.short))"))
            }
            say(tr("(~ marks values since superseded; `entente show CHANGE` tells one change)",
                     "(~ marque les valeurs remplacées depuis ; `entente show CHANGEMENT` raconte un changement)"))
        }
    }
}
