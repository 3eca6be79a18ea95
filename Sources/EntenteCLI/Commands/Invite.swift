import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore
import EntenteSync
import EntenteWire
import Foundation

extension EntenteCommand {
    struct Invite: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "invite",
            abstract: tr("Invite a newcomer with a single-use code; list and revoke your invites.",
                         "Inviter un nouveau venu avec un code à usage unique ; lister et révoquer vos invitations."),
            subcommands: [Create.self, List.self, Revoke.self],
            defaultSubcommand: Create.self)
    }
}

extension EntenteCommand.Invite {
    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new",
            abstract: tr("Print a single-use code that lets one newcomer join the collective.",
                         "Afficher un code à usage unique qui permet à un nouveau venu de rejoindre le collectif."),
            discussion: helpText("""
                The newcomer runs `entente join CODE --name NAME` while you run `entente serve`.
                The code opens one join session while it is open, and nothing once it is used,
                revoked or expired; it never contains the collective's secret. Send it privately
                all the same: until it is used, whoever has it can join in the newcomer's place.
                Examples:
                  entente invite
                  entente invite --expires 2h --address 192.168.1.20:7420
                  entente invite --for "Chloé Martin"     # a member added with `member add`
                """, """
                Le nouveau venu lance `entente join CODE --name NAME` pendant que vous lancez
                `entente serve`. Tant qu'il est valable, le code ouvre une session pour
                rejoindre, et plus rien une fois utilisé, révoqué ou expiré ; il ne contient
                jamais le secret du collectif. Envoyez-le tout de même en privé : tant qu'il
                n'a pas servi, quiconque l'a peut rejoindre à la place du nouveau venu.
                Exemples :
                  entente invite
                  entente invite --expires 2h --address 192.168.1.20:7420
                  entente invite --for "Chloé Martin"     # un membre ajouté avec `member add`
                """))

        @Option(name: .customLong("for"), help: ArgumentHelp(tr("A member recorded before they had a replica (`entente member add`): they join as that member.",
                                                                "Un membre enregistré avant d'avoir un réplica (`entente member add`) : la personne rejoint en tant que ce membre."), valueName: "member"))
        var member: String?

        @Option(help: ArgumentHelp(tr("How long the code stays valid: 90s, 30m, 24h or 7d.",
                                      "Durée de validité du code : 90s, 30m, 24h ou 7d."), valueName: "duration"))
        var expires = "24h"

        @Option(help: ArgumentHelp(
            tr("Where the newcomer reaches your `entente serve`: HOST or HOST:PORT (default: this machine's LAN address and the port serve uses).",
               "Où le nouveau venu joint votre `entente serve` : HOST ou HOST:PORT (par défaut : l'adresse de cette machine sur le réseau local et le port qu'utilise serve)."),
            valueName: "address"))
        var address: String?

        @OptionGroup var options: ReplicaOptions

        func validate() throws {
            guard Self.seconds(self.expires) != nil else {
                throw ValidationError(tr("'--expires' must be a number followed by s, m, h or d, like 24h (got '\(self.expires)')",
                                        "« --expires » doit être un nombre suivi de s, m, h ou d, comme 24h (reçu « \(self.expires) »)"))
            }
        }

        func run() throws {
            let invite = try Workspace(try self.options.open()).invite(for: self.member, lifetime: Self.seconds(self.expires) ?? 86_400, address: self.address)
            let (host, port) = (invite.host, invite.port)
            print(invite.code.text)
            let until = Formatting.time(HybridTimestamp(wallMillis: invite.expires * 1000, counter: 0))
            if !invite.isServed {
                printError(tr("warning: no `entente serve` is running on this replica, so nobody answers at \(host):\(port) yet: start it before the newcomer joins",
                              "attention : aucun `entente serve` ne tourne sur ce réplica, personne ne répond donc encore à \(host):\(port) : lancez-le avant que le nouveau venu rejoigne"))
            }
            FileHandle.standardError.write(Data(tr("""
                Single-use invite to \(host):\(port), valid until \(until).
                The newcomer runs: entente join CODE --name THEIR-NAME   (keep `entente serve` running)

                """, """
                Invitation à usage unique vers \(host):\(port), valable jusqu'au \(until).
                Le nouveau venu lance : entente join CODE --name SON-NOM   (gardez `entente serve` en marche)

                """).utf8))
        }

        static func seconds(_ text: String) -> TimeInterval? {
            guard let unit = text.last, let value = Double(text.dropLast()), value > 0 else { return nil }
            switch unit {
            case "s": return value
            case "m": return value * 60
            case "h": return value * 3600
            case "d": return value * 86_400
            default: return nil
            }
        }

    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: tr("List the invites this replica issued: open, used, revoked or expired.",
                                                                     "Lister les invitations émises par ce réplica : ouvertes, utilisées, révoquées ou expirées."))
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        struct Shape: Encodable {
            var id: String
            var status: String
            var created: String
            var expires: String
            @Nullable var usedBy: String?
            @Nullable var member: String?
        }

        func run() throws {
            let replica = try self.options.open()
            let now = UInt64(Date().timeIntervalSince1970)
            let formatter = ISO8601DateFormatter()
            func date(_ seconds: UInt64) -> String { formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds))) }
            let workspace = try Workspace(replica)
            let shapes = try InviteStore(folder: replica.folder).list().map { entry in
                let status = entry.usedAt != nil ? "used" : entry.revokedAt != nil ? "revoked" : entry.expires < now ? "expired" : "open"
                let member = entry.member.flatMap(Hex.decode).flatMap(RecordID.init(validating:)).map { workspace.memberName($0) }
                return Shape(id: entry.id, status: status, created: date(entry.created), expires: date(entry.expires), usedBy: entry.usedBy, member: member)
            }
            if self.output.json {
                printVerbatim(try JSONOutput.render(shapes))
                return
            }
            guard !shapes.isEmpty else {
                print(tr("No invites yet; make one with `entente invite`.",
                         "Aucune invitation pour l'instant ; créez-en une avec `entente invite`."))
                return
            }
            var table = Table("ID", tr("STATUS", "STATUT"), tr("EXPIRES", "EXPIRE LE"), tr("FOR / USED BY", "POUR / UTILISÉE PAR"))
            for shape in shapes {
                table.add(shape.id, Self.status(shape.status), String(shape.expires.prefix(16)), shape.usedBy ?? shape.member ?? "-")
            }
            print(table.render())
        }

        /// An invite's status in words (the JSON keeps `open`, `used`, `revoked`, `expired`).
        static func status(_ status: String) -> String {
            switch status {
            case "open": tr("open", "ouverte")
            case "used": tr("used", "utilisée")
            case "revoked": tr("revoked", "révoquée")
            case "expired": tr("expired", "expirée")
            default: status
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke",
            abstract: tr("Revoke an open invite: its code no longer opens anything.",
                         "Révoquer une invitation ouverte : son code n'ouvre plus rien."),
            discussion: helpText("Example:\n  entente invite revoke 3fa2c1d0", "Exemple :\n  entente invite revoke 3fa2c1d0"))
        @Argument(help: ArgumentHelp(tr("The invite's id, as `entente invite list` shows it (4 or more characters).",
                                        "L'identifiant de l'invitation, tel que `entente invite list` l'affiche (4 caractères ou plus)."))) var id: String
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            print(try Workspace(try self.options.open()).revokeInvite(self.id).localized)
        }
    }
}
