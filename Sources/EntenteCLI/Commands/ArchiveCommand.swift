import ArgumentParser
import EntenteActions

extension EntenteCommand {
    struct ArchiveCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "archive",
            abstract: "Archive any record by id prefix or name (nothing is deleted; `entente restore` brings it back).",
            discussion: """
                Archiving a record again after someone edited it at the same time keeps it
                archived with their edit seen (see `entente conflicts`).
                Example:
                  entente archive 3fa2c1
                """)
        @Argument(help: "The record: an id prefix (4+ hex digits) or its exact name.") var record: String
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            print(try workspace.archiveRecord(self.record).summary.localized)
        }
    }

    struct RestoreCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "restore",
            abstract: "Bring an archived record back, with every edit made to it meanwhile.",
            discussion: """
                Example:
                  entente restore 3fa2c1
                Members come back by the others' consent: `entente member restore NAME`.
                """)
        @Argument(help: "The record: an id prefix (4+ hex digits) or its exact name.") var record: String
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            print(try workspace.restoreRecord(self.record).summary.localized)
        }
    }
}
