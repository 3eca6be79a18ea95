import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore
import Foundation

extension EntenteCommand {
    struct DeviceCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "device",
            abstract: "List your devices, or link a new one to your membership.",
            discussion: """
                A device is one replica with its own keys. To use Entente on a second computer,
                link it from a device you already use: this device signs the new one's
                admission, for you (nobody else can link a device of yours).
                Examples:
                  entente device list
                  entente device link /media/usb/entente-laptop
                """,
            subcommands: [List.self, Link.self],
            defaultSubcommand: List.self)
    }
}

extension EntenteCommand.DeviceCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the devices of a member (default: you).")
        @Argument(help: "Member name or id prefix (default: you).") var member: String?
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            let member = try self.member.map { try workspace.member($0) } ?? workspace.me()
            guard !member.devices.isEmpty else {
                print("\(member.name) has no device yet: invite them with `entente invite --for \"\(member.name)\"`.")
                return
            }
            var table = Table("DEVICE", "FINGERPRINT", "KEY")
            for device in member.devices {
                let here = device.key == workspace.replica.author ? " (this one)" : ""
                table.add(device.record.short + here, device.key.fingerprint, device.key.short)
            }
            print(table.render())
        }
    }

    struct Link: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a replica for another device of yours, admitted by this one.",
            discussion: """
                Creates the folder with fresh keys and a copy of the vision, and records (signed by
                this device) that its key speaks for you. Move the folder to the other computer
                (or create it there directly on a shared drive) and use it with --replica.
                Example:
                  entente device link /media/usb/entente-laptop
                """)
        @Argument(help: ArgumentHelp("The new device's replica folder (must not exist).", valueName: "dir")) var folder: String
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            let me = try workspace.me()
            let target = ReplicaFolder(URL(fileURLWithPath: self.folder))
            let linked = try Replica.create(target, collective: workspace.replica.collective, secret: try workspace.replica.collectiveSecret())
            do {
                let noiseKey = try linked.noisePublicKey()
                try workspace.commit(message: "") { change in
                    Admission.addDevice(key: linked.author, noiseKey: noiseKey, for: me.id, into: &change)
                }
                try linked.merge(from: workspace.replica.folder.url)
            } catch {
                try? FileManager.default.removeItem(at: target.url)
                throw error
            }
            print("Linked a new device of \(me.name) in \(target.url.path) (fingerprint \(linked.author.fingerprint)).")
            print("Use it with --replica \(target.url.path), or move the folder to the other computer.")
        }
    }
}
