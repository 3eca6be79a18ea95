import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore
import Foundation

extension EntenteCommand {
    struct DeviceCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "device",
            abstract: tr("List your devices, or link a new one to your membership.",
                         "Lister vos appareils, ou en relier un nouveau à votre qualité de membre."),
            discussion: tr("""
                A device is one replica with its own keys. To use Entente on a second computer,
                link it from a device you already use: this device signs the new one's
                admission, for you (nobody else can link a device of yours).
                Examples:
                  entente device list
                  entente device link /media/usb/entente-laptop
                """, """
                Un appareil est un réplica avec ses propres clés. Pour utiliser Entente sur un
                deuxième ordinateur, reliez-le depuis un appareil que vous utilisez déjà : cet
                appareil signe pour vous l'admission du nouveau (personne d'autre ne peut
                relier un de vos appareils).
                Exemples :
                  entente device list
                  entente device link /media/usb/entente-laptop
                """),
            subcommands: [List.self, Link.self],
            defaultSubcommand: List.self)
    }
}

extension EntenteCommand.DeviceCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: tr("List the devices of a member (default: you).",
                                                                     "Lister les appareils d'un membre (par défaut : vous)."))
        @Argument(help: ArgumentHelp(tr("Member name or id prefix (default: you).",
                                        "Nom du membre ou début de son identifiant (par défaut : vous)."))) var member: String?
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            let member = try self.member.map { try workspace.member($0) } ?? workspace.me()
            guard !member.devices.isEmpty else {
                print(tr("\(member.name) has no device yet: invite them with `entente invite --for \"\(member.name)\"`.",
                         "\(member.name) n'a pas encore d'appareil : invitez cette personne avec `entente invite --for \"\(member.name)\"`."))
                return
            }
            var table = Table(tr("DEVICE", "APPAREIL"), tr("FINGERPRINT", "EMPREINTE"), tr("KEY", "CLÉ"))
            for device in member.devices {
                let here = device.key == workspace.replica.author ? tr(" (this one)", " (celui-ci)") : ""
                table.add(device.record.short + here, device.key.fingerprint, device.key.short)
            }
            print(table.render())
        }
    }

    struct Link: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: tr("Create a replica for another device of yours, admitted by this one.",
                         "Créer un réplica pour un autre de vos appareils, admis par celui-ci."),
            discussion: tr("""
                Creates the folder with fresh keys and a copy of the vision, and records (signed by
                this device) that its key speaks for you. Move the folder to the other computer
                (or create it there directly on a shared drive) and use it with --replica.
                Example:
                  entente device link /media/usb/entente-laptop
                """, """
                Crée le dossier avec de nouvelles clés et une copie de la vision, et enregistre
                (signé par cet appareil) que sa clé parle en votre nom. Déplacez le dossier
                vers l'autre ordinateur (ou créez-le directement là-bas sur un disque partagé)
                et utilisez-le avec --replica.
                Exemple :
                  entente device link /media/usb/entente-laptop
                """))
        @Argument(help: ArgumentHelp(tr("The new device's replica folder (must not exist).",
                                        "Le dossier du réplica du nouvel appareil (il ne doit pas déjà exister)."), valueName: "dir")) var folder: String
        @OptionGroup var options: WriteOptions

        func run() throws {
            let workspace = try self.options.workspace()
            let me = try workspace.me()
            let target = ReplicaFolder(URL(fileURLWithPath: self.folder))
            let linked = try Replica.create(target, collective: workspace.replica.collective, secret: try workspace.replica.secretChain().current)
            do {
                let noiseKey = try linked.noisePublicKey()
                try workspace.commit { change in
                    Admission.addDevice(key: linked.author, noiseKey: noiseKey, for: me.id, into: &change)
                }
                try linked.merge(from: workspace.replica.folder.url)
            } catch {
                try? FileManager.default.removeItem(at: target.url)
                throw error
            }
            print(tr("Linked a new device of \(me.name) in \(target.url.path) (fingerprint \(linked.author.fingerprint)).",
                     "Nouvel appareil \(French.de(me.name)) relié dans \(target.url.path) (empreinte \(linked.author.fingerprint))."))
            print(tr("Use it with --replica \(target.url.path), or move the folder to the other computer.",
                     "Utilisez-le avec --replica \(target.url.path), ou déplacez le dossier vers l'autre ordinateur."))
        }
    }
}
