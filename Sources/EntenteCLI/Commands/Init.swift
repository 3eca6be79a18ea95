import ArgumentParser
import EntenteCore
import EntenteStore
import Foundation

extension EntenteCommand {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create this device's replica: found a collective, or join one from another member's replica.",
            discussion: """
                Examples:
                  entente init --collective "Atelier Nord" --name Alice
                  entente init --from /media/usb/alice-replica --name Bob --replica ~/entente-bob
                """)

        @Option(help: "Found a new collective with this name.")
        var collective: String?

        @Option(help: ArgumentHelp("Join the collective of another member's replica folder.", valueName: "dir"))
        var from: String?

        @Option(help: "Your name in the collective.")
        var name: String

        @OptionGroup var options: ReplicaOptions

        func validate() throws {
            guard (self.collective == nil) != (self.from == nil) else {
                throw ValidationError("give either '--collective NAME' to found a collective or '--from DIR' to join one, not both")
            }
            guard !self.name.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError("'--name' must not be empty")
            }
            if let collective, collective.trimmingCharacters(in: .whitespaces).isEmpty {
                throw ValidationError("'--collective' must not be empty")
            }
        }

        func run() throws {
            let folder = self.options.folder
            let name = self.name.trimmingCharacters(in: .whitespaces)
            let replica: Replica
            if let collectiveName = self.collective {
                replica = try Replica.create(folder, collective: .random(), secret: nil)
                try replica.commit(message: "Found the collective \(collectiveName); \(name) joins") { change in
                    let collective = change.create(RecordKind.collective)
                    change.set(collective, "name", .string(collectiveName))
                    Self.addSelf(name, replica: replica, to: &change)
                }
            } else {
                let source = try Replica.openSource(ReplicaFolder(URL(fileURLWithPath: self.from ?? "")))
                replica = try Replica.create(folder, collective: source.collective, secret: source.secret)
                try replica.receive(try source.changes())
                try replica.commit(message: "\(name) joins") { change in
                    Self.addSelf(name, replica: replica, to: &change)
                }
            }
            let workspace = try Workspace(replica)
            print("Created the replica of \(workspace.collectiveName) in \(folder.url.path)")
            print("You are \(name), key \(replica.author.short) (fingerprint \(replica.author.fingerprint)).")
        }

        static func addSelf(_ name: String, replica: Replica, to change: inout ChangeBuilder) {
            let member = change.create(RecordKind.member)
            change.set(member, Member.Field.name, .string(name))
            change.set(member, Member.Field.key, .bytes(replica.author.bytes))
            if let noise = try? replica.noiseKey() {
                change.set(member, Member.Field.noiseKey, .bytes(Array(noise.publicKey.rawRepresentation)))
            }
        }
    }

    struct Whoami: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show who this replica signs as, and for which collective.")

        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        struct Shape: Encodable {
            var name: String?
            var member: String?
            var key: String
            var fingerprint: String
            var collective: String
            var collectiveName: String
            var replica: String
        }

        func run() throws {
            let replica = try self.options.open()
            let workspace = try Workspace(replica)
            let me = workspace.directory.member(for: replica.author)
            let shape = Shape(
                name: me?.name, member: me?.id.hex, key: replica.author.hex, fingerprint: replica.author.fingerprint,
                collective: replica.collective.hex, collectiveName: workspace.collectiveName, replica: replica.folder.url.path)
            if self.output.json {
                print(try JSONOutput.render(shape))
            } else {
                print("\(me?.name ?? "(not a member yet)") in \(workspace.collectiveName)")
                print("key:         \(replica.author.hex)")
                print("fingerprint: \(replica.author.fingerprint)")
                print("collective:  \(replica.collective.hex)")
                print("replica:     \(replica.folder.url.path)")
            }
        }
    }
}
