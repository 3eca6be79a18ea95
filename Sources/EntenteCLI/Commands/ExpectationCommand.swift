import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore

extension EntenteCommand {
    struct ExpectationCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "expectation",
            abstract: "State expectations, interests and concerns; acknowledge the others' explicitly.",
            discussion: """
                A partnership does not hold if expectations were never made explicit. Each member
                states theirs; every other member acknowledges them.
                Examples:
                  entente expectation add "Win two public tenders a year"
                  entente expectation add "Being paid late by the lead partner" --type concern
                  entente expectation ack "Win two public tenders a year"
                  entente expectation list --pending
                """,
            subcommands: [List.self, Add.self, Show.self, Ack.self, Update.self, Archive.self],
            defaultSubcommand: List.self)
    }
}

extension EntenteCommand.ExpectationCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List expectations, interests and concerns, with who has not acknowledged them.")
        @Flag(help: "Only those some active member has not acknowledged yet.") var pending = false
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let vision = try Workspace(try self.options.open()).vision
            let expectations = vision.expectations.filter { !self.pending || !$0.missingAcknowledgements(among: vision.members).isEmpty }
            if self.output.json {
                print(try JSONOutput.render(expectations.map { ExpectationShape($0, vision) }))
                return
            }
            print(Self.table(expectations, vision).render())
        }

        static func table(_ expectations: [Expectation], _ vision: Vision) -> Table {
            var table = Table("ID", "TYPE", "STATED BY", "TEXT", "STATUS", "NOT YET ACKNOWLEDGED BY")
            for expectation in expectations {
                table.add(expectation.id.short, expectation.kind.rawValue, vision.name(expectation.statedBy), expectation.text,
                          Names.flagged(expectation.status.rawValue, expectation.record),
                          Names.list(expectation.missingAcknowledgements(among: vision.members), vision, empty: "everyone acknowledged"))
            }
            return table
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "State an expectation, interest or concern (by default, yours).",
            discussion: """
                Examples:
                  entente expectation add "Win two public tenders a year"
                  entente expectation add "Friends working together lose their distance" \\
                      --type concern
                """)
        @Argument(help: "What you expect, want or fear.") var text: String
        @Option(help: "expectation, interest or concern.") var type = "expectation"
        @Option(help: ArgumentHelp("Only yourself: an expectation is stated by its member.", visibility: .hidden)) var by: String?
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            print(try workspace.stateExpectation(self.text, type: self.type, by: self.by).summary.localized)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one expectation, interest or concern.")
        @Argument(help: "Id prefix or exact text.") var expectation: String
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            let expectation = try workspace.find(self.expectation, kind: RecordKind.expectation, Expectation.init)
            let vision = workspace.vision
            if self.output.json {
                print(try JSONOutput.render(ExpectationShape(expectation, vision)))
                return
            }
            print("\(expectation.kind.rawValue): \(expectation.text)  (\(expectation.id.hex))")
            print("stated by:       \(vision.name(expectation.statedBy))")
            print("status:          \(expectation.status.rawValue)")
            print("acknowledged by: \(Names.list(expectation.acknowledgedBy, vision))")
            print("not yet by:      \(Names.list(expectation.missingAcknowledgements(among: vision.members), vision))")
        }
    }

    struct Ack: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Acknowledge an expectation, interest or concern (by default, as yourself).",
            discussion: "Example: entente expectation ack 3fa2")
        @Argument(help: "Id prefix or exact text.") var expectation: String
        @Option(help: ArgumentHelp("Only yourself: an acknowledgement is its member's own.", visibility: .hidden)) var by: String?
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            print(try workspace.acknowledgeExpectation(self.expectation, by: self.by).summary.localized)
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change an expectation's status (open, discussed, agreed), text or type.",
            discussion: "Example: entente expectation update 3fa2 --status agreed")
        @Argument(help: "Id prefix or exact text.") var expectation: String
        @Option(help: "open, discussed or agreed.") var status: String?
        @Option(help: "New text.") var text: String?
        @Option(help: "expectation, interest or concern.") var type: String?
        @OptionGroup var options: ReplicaOptions

        func validate() throws {
            guard self.status != nil || self.text != nil || self.type != nil else {
                throw ValidationError("give at least one of '--status', '--text' or '--type'")
            }
        }

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            print(try workspace.updateExpectation(self.expectation, status: self.status, text: self.text, type: self.type).summary.localized)
        }
    }

    struct Archive: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Archive an expectation (nothing is deleted).")
        @Argument(help: "Id prefix or exact text.") var expectation: String
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            print(try workspace.archiveExpectation(self.expectation).summary.localized)
        }
    }
}
