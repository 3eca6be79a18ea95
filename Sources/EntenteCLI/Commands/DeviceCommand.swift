import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore
import Foundation

extension EntenteCommand {
    struct DeviceCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "device",
            abstract: tr("List your devices, link a new one, or revoke a lost one.",
                         "Lister vos appareils, en relier un nouveau, ou en révoquer un perdu."),
            discussion: helpText("""
                A device is one replica with its own keys. To use Entente on a second computer,
                link it from a device you already use: this device signs the new one's
                admission, for you (nobody else can link a device of yours).
                A lost or stolen device is revoked: from another of your devices at once, or
                by a majority of the other members, each running the same command.
                Examples:
                  entente device list
                  entente device link /media/usb/entente-laptop
                  entente device revoke 3fa2
                """, """
                Un appareil est un réplica avec ses propres clés. Pour utiliser Entente sur un
                deuxième ordinateur, reliez-le depuis un appareil que vous utilisez déjà : cet
                appareil signe pour vous l'admission du nouveau (personne d'autre ne peut
                relier un de vos appareils).
                Un appareil perdu ou volé se révoque : depuis un autre de vos appareils,
                aussitôt, ou par une majorité des autres membres, chacun lançant la même
                commande.
                Exemples :
                  entente device list
                  entente device link /media/usb/entente-laptop
                  entente device revoke 3fa2
                """),
            subcommands: [List.self, Link.self, Revoke.self],
            defaultSubcommand: List.self)
    }
}

extension EntenteCommand.DeviceCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: tr("List the devices of a member (default: you).",
                                                                     "Lister les appareils d'un membre (par défaut : vous)."))
        @Argument(help: ArgumentHelp(tr("Member name or id prefix (default: you).",
                                        "Nom du membre ou début de son identifiant (par défaut : vous)."))) var member: String?
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            let member = try self.member.map { try workspace.member($0) } ?? workspace.me()
            guard !member.devices.isEmpty else {
                say(tr("\(member.name) has no device yet: invite them with `entente invite --for \"\(member.name)\"`.",
                         "\(member.name) n'a pas encore d'appareil : invitez cette personne avec `entente invite --for \"\(member.name)\"`."))
                return
            }
            var table = Table(tr("DEVICE", "APPAREIL"), tr("FINGERPRINT", "EMPREINTE"), tr("LAST SIGNED", "DERNIÈRE SIGNATURE"),
                              tr("LAST EXCHANGE", "DERNIER ÉCHANGE"), tr("STATE", "ÉTAT"))
            var clock = Formatting.LocalClock()
            func day(_ timestamp: HybridTimestamp) -> String { Dates.shown(clock.parts(timestamp).date, language: .current) }
            for status in try workspace.devices(of: member) {
                let signed = status.lastChange.map(day) ?? tr("nothing yet", "rien encore")
                let exchanged = status.isThisOne ? "—" : status.lastExchange.map {
                    day(HybridTimestamp(wallMillis: UInt64(max(0, min($0.timeIntervalSince1970, 9.0e12))) * 1000, counter: 0))
                } ?? tr("never", "jamais")
                let state = status.isRevoked ? tr("revoked", "révoqué") : status.isThisOne ? tr("this one", "celui-ci") : tr("in use", "en service")
                table.add(status.device.record.short, status.device.key.fingerprint, signed, exchanged, state)
            }
            print(table.render())
        }
    }

    struct Link: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "link",
            abstract: tr("Create a replica for another device of yours, admitted by this one.",
                         "Créer un réplica pour un autre de vos appareils, admis par celui-ci."),
            discussion: helpText("""
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
        @Argument(help: ArgumentHelp(tr("The new device's replica folder (new or empty).",
                                        "Le dossier du réplica du nouvel appareil (nouveau ou vide)."), valueName: "dir")) var folder: String
        @OptionGroup var options: WriteOptions

        func run() throws {
            let outcome = try self.options.workspace().linkDevice(at: URL(fileURLWithPath: self.folder))
            say(outcome.summary.localized)
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke",
            abstract: tr("Revoke a lost or stolen device: its key no longer speaks for anyone.",
                         "Révoquer un appareil perdu ou volé : sa clé ne parle plus au nom de personne."),
            discussion: helpText("""
                One of your own devices is revoked at once, from another of yours. Another
                member's device takes a majority of the other members: each runs the same
                command (the first proposes, the others consent). Once revoked, the device's
                later changes have no effect, sessions and relay files from it are refused,
                and the collective secret is renewed. A member left without a device is
                invited again: `entente invite --for NAME`.
                Examples:
                  entente device revoke 3fa2    (hex digits of its id or fingerprint)
                  entente device revoke "Bob"   (Bob's only device)
                """, """
                Un de vos propres appareils est révoqué aussitôt, depuis un autre des vôtres.
                L'appareil d'un autre membre demande une majorité des autres membres :
                chacun lance la même commande (le premier propose, les autres consentent).
                Une fois révoqué, les changements ultérieurs de l'appareil restent sans
                effet, ses sessions et ses fichiers relais sont refusés, et le secret du
                collectif est renouvelé. Un membre resté sans appareil est invité à
                nouveau : `entente invite --for NOM`.
                Exemples :
                  entente device revoke 3fa2    (début de son identifiant ou de son empreinte)
                  entente device revoke "Bob"   (le seul appareil de Bob)
                """))
        @Argument(help: ArgumentHelp(tr("The device: hex digits of its id or fingerprint (see `entente device list NAME`), or the name of a member with one device.",
                                        "L'appareil : des chiffres de son identifiant ou de son empreinte (voir `entente device list NOM`), ou le nom d'un membre qui n'a qu'un appareil."),
                                     valueName: "device")) var device: String
        @OptionGroup var options: WriteOptions

        func run() throws {
            let outcome = try self.options.workspace().revokeDevice(self.device)
            say(outcome.summary.localized)
        }
    }
}
