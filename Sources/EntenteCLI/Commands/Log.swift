import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore

extension EntenteCommand {
    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Who committed what, when, with what message.",
            discussion: "Examples:\n  entente log\n  entente log --member Bob --json")
        @Option(help: "Only this member's changes (name or id prefix).") var member: String?
        @Option(help: "Only the last N changes.") var limit: Int?
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        struct Shape: Encodable {
            var position: Int64
            var id: String
            var author: String
            var authorName: String
            var seq: UInt64
            var time: String
            var hlc: String
            var message: String
        }

        func validate() throws {
            if let limit, limit < 1 { throw ValidationError("'--limit' must be at least 1") }
        }

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            var author: AuthorKey?
            if let query = self.member {
                let member = try workspace.member(query)
                guard let key = member.key else {
                    throw CLIError("\(member.name) has no device key yet, so has signed no change")
                }
                author = key
            }
            let entries = try workspace.replica.log(author: author, limit: self.limit)
            if self.output.json {
                print(try JSONOutput.render(entries.map {
                    Shape(position: $0.position, id: $0.id.hex, author: $0.author.hex, authorName: workspace.directory.name(of: $0.author),
                          seq: $0.seq, time: Formatting.iso($0.timestamp), hlc: $0.timestamp.description, message: $0.message)
                }))
                return
            }
            let terminal = Terminal.standard
            var names: [AuthorKey: String] = [:]
            var clock = Formatting.LocalClock()
            var out = ""
            for entry in entries {
                let name = names[entry.author] ?? TerminalText.oneLine(workspace.directory.name(of: entry.author))
                names[entry.author] = name
                out += terminal.fit("\(terminal.yellow(entry.id.short))  \(clock.time(entry.timestamp))  \(terminal.bold(name)) #\(entry.seq)  \(TerminalText.oneLine(entry.message))") + "\n"
                if out.utf8.count > 1 << 16 {
                    print(out, terminator: "")
                    out = ""
                }
            }
            print(out, terminator: "")
        }
    }

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The field-level history of one record, with authors.",
            discussion: "Example: entente history 3fa2")
        @Argument(help: "Record id prefix or exact name.") var record: String
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        struct Shape: Encodable {
            var change: String
            var author: String
            var authorName: String
            var seq: UInt64
            var time: String
            var operation: String
            var current: Bool
            var message: String
        }

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            let record = try workspace.resolver.resolve(self.record)
            let entries = try workspace.replica.history(of: record.id)
            if self.output.json {
                print(try JSONOutput.render(entries.map {
                    Shape(change: $0.change.hex, author: $0.author.hex, authorName: workspace.directory.name(of: $0.author), seq: $0.seq,
                          time: Formatting.iso($0.timestamp), operation: Formatting.describe($0.operation), current: $0.current, message: $0.message)
                }))
                return
            }
            let terminal = Terminal.standard
            print(terminal.fit("\(record.kind) \(record.id.hex) \"\(TerminalText.oneLine(workspace.resolver.label(record)))\""))
            for entry in entries {
                let mark = entry.current ? " " : "~"
                print(terminal.fit("\(mark) \(Formatting.time(entry.timestamp))  \(TerminalText.oneLine(workspace.directory.name(of: entry.author))) (\(entry.change.short))  \(TerminalText.oneLine(Formatting.describe(entry.operation)))"))
            }
            print("(~ marks values since superseded)")
        }
    }
}
