import EntenteActions
import ArgumentParser
import EntenteStore

extension EntenteCommand {
    struct Repair: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rebuild a damaged replica from the verified changes its file still holds.",
            discussion: """
                The damaged file is kept beside the new one (replica.sqlite.damaged-TIME); your keys
                and settings stay. Then run `entente sync` (or `entente merge`) to fetch from the
                others anything the damage took. Stop `entente serve` on this replica first.
                Example:
                  entente repair
                """)
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let report = try Replica.repair(self.options.folder)
            print("Rebuilt the replica from \(report.recovered) verified change(s)\(report.lost > 0 ? "; \(report.lost) could not be read" : "").")
            print("The damaged file is kept as \(report.damagedCopy).")
            print("Next: `entente sync` with the others, then `entente audit --rebuild`.")
        }
    }
}
