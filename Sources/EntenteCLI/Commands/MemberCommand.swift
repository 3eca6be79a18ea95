import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore
import Foundation

extension EntenteCommand {
    struct MemberCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "member",
            abstract: tr("List, add, rename, archive or restore the collective's members; record when they enter and leave.",
                         "Lister, ajouter, renommer, archiver ou restaurer les membres du collectif ; noter quand ils entrent et partent."),
            discussion: helpText("""
                Leaving is recorded (date, stage, exit terms), never a deletion.
                Examples:
                  entente member list
                  entente member update Bob --entered-at "Pilot"
                  entente member leave Carol --on 2027-03-01 --at "Scale up" \\
                      --terms "Hands over her clients"
                """, """
                Un départ est enregistré (date, étape, conditions de sortie), jamais effacé.
                Exemples :
                  entente member list
                  entente member update Bob --entered-at "Pilot"
                  entente member leave Carol --on 2027-03-01 --at "Scale up" \\
                      --terms "Hands over her clients"
                """),
            subcommands: [List.self, Add.self, Show.self, Update.self, Leave.self, Archive.self, Restore.self],
            defaultSubcommand: List.self)
    }
}

/// The JSON shape of a member (`entente member list --json`).
struct MemberShape: Encodable {
    var id: String
    var name: String
    @Nullable var key: String?
    @Nullable var fingerprint: String?
    var archived: Bool
    var active: Bool
    @Nullable var enteredAt: String?
    @Nullable var enteredAtTitle: String?
    @Nullable var leftAt: String?
    @Nullable var leftAtTitle: String?
    @Nullable var leftOn: String?
    /// The departure date when it is still to come (the member is active until then).
    @Nullable var leavesOn: String?
    @Nullable var exitTerms: String?
    var conflicts: [String]

    init(_ member: Member, _ vision: Vision) {
        self.id = member.id.hex
        self.name = member.name
        self.key = member.key?.hex
        self.fingerprint = member.key?.fingerprint
        self.archived = member.isArchived
        self.active = member.isActive
        self.enteredAt = member.enteredAt?.hex
        self.enteredAtTitle = member.enteredAt.map { Names.stage($0, vision) }
        self.leftAt = member.leftAt?.hex
        self.leftAtTitle = member.leftAt.map { Names.stage($0, vision) }
        self.leftOn = member.leftOn
        self.leavesOn = member.leavesOn
        self.exitTerms = member.exitTerms
        self.conflicts = member.record.conflictedFields
    }
}

extension EntenteCommand.MemberCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: tr("List the members.", "Lister les membres."))
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption
        @Flag(help: ArgumentHelp(tr("Include archived members.", "Inclure les membres archivés."))) var all = false

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            let members = workspace.directory.members.filter { self.all || !$0.isArchived }
            let vision = workspace.vision
            if self.output.json {
                printVerbatim(try JSONOutput.render(members.map { MemberShape($0, vision) }))
                return
            }
            var table = Table("ID", tr("NAME", "NOM"), tr("ENTERED AT", "ENTRÉE À"), tr("LEFT", "DÉPART"), tr("KEY", "CLÉ"))
            for member in members {
                let left = member.leavesOn.map { tr("leaves on \(shownDate($0))", "part le \(shownDate($0))") }
                    ?? (member.hasLeft ? [member.leftOn.map(shownDate), member.leftAt.map { Names.stage($0, vision) }].compactMap { $0 }.joined(separator: ", ") : "-")
                table.add(member.id.short, member.name + (member.isArchived ? tr(" (archived)", " (archivé)") : ""),
                          Names.stage(member.enteredAt, vision), left, member.key?.fingerprint ?? tr("no device yet",
                                                                                                     "pas encore d'appareil"))
            }
            print(table.render())
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: tr("Add a member who has no replica yet.", "Ajouter un membre qui n'a pas encore de réplica."),
            discussion: helpText("""
                Examples:
                  entente member add "Chloé Martin"
                  entente member add "Chloé Martin" --entered-at Pilot
                """, """
                Exemples :
                  entente member add "Chloé Martin"
                  entente member add "Chloé Martin" --entered-at Pilot
                """))
        @Argument(help: ArgumentHelp(tr("The member's name.", "Le nom du membre."))) var name: String
        @Option(help: ArgumentHelp(tr("The stage at which they enter (title or id prefix).",
                                      "L'étape à laquelle le membre entre (titre ou début d'identifiant)."), valueName: "stage")) var enteredAt: String?
        @OptionGroup var options: WriteOptions

        func run() throws {
            let workspace = try self.options.workspace()
            print(try workspace.addMember(self.name, enteredAt: self.enteredAt).summary.shown)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: tr("Show one member.", "Afficher un membre."))
        @Argument(help: ArgumentHelp(tr("Member name or id prefix.", "Nom du membre ou début de son identifiant."))) var member: String
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            let member = try workspace.member(self.member)
            let vision = workspace.vision
            if self.output.json {
                printVerbatim(try JSONOutput.render(MemberShape(member, vision)))
                return
            }
            let labels = Labels([tr("key", "clé"), tr("fingerprint", "empreinte"), tr("entered at", "entrée à"), tr("leaves on", "part le"),
                                 tr("exit terms", "conditions"), tr("left", "départ")])
            let leftAt = Names.stage(member.leftAt, vision)
            print("\(member.name)  \(member.id.hex)")
            print(labels[0] + (member.key?.hex ?? tr("no device yet", "pas encore d'appareil")))
            if let key = member.key { print(labels[1] + key.fingerprint) }
            print(labels[2] + Names.stage(member.enteredAt, vision))
            if let leaves = member.leavesOn {
                print(labels[3] + tr("\(shownDate(leaves)) at stage \(leftAt) (active until then)", "\(shownDate(leaves)) à l'étape \(leftAt) (actif jusque-là)"))
                print(labels[4] + (member.exitTerms ?? "-"))
            } else if member.hasLeft {
                print(labels[5] + tr("\(member.leftOn.map(shownDate) ?? "-") at stage \(leftAt)", "\(member.leftOn.map(shownDate) ?? "-") à l'étape \(leftAt)"))
                print(labels[4] + (member.exitTerms ?? "-"))
            }
            if member.isArchived { print(tr("archived", "archivé")) }
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update",
            abstract: tr("Rename a member or record the stage at which they entered.",
                         "Renommer un membre ou noter l'étape à laquelle il est entré."),
            discussion: helpText("""
                Examples:
                  entente member update Bob --name "Bob Durand"
                  entente member update Bob --entered-at "Pilot"
                """, """
                Exemples :
                  entente member update Bob --name "Bob Durand"
                  entente member update Bob --entered-at "Pilot"
                """))
        @Argument(help: ArgumentHelp(tr("Member name or id prefix.", "Nom du membre ou début de son identifiant."))) var member: String
        @Option(help: ArgumentHelp(tr("The new name.", "Le nouveau nom."))) var name: String?
        @Option(help: ArgumentHelp(tr("The stage at which they entered (title or id prefix).",
                                      "L'étape à laquelle le membre est entré (titre ou début d'identifiant)."), valueName: "stage")) var enteredAt: String?
        @OptionGroup var options: WriteOptions

        func validate() throws {
            guard self.name != nil || self.enteredAt != nil else {
                throw ValidationError.atLeastOne(of: ["--name", "--entered-at"])
            }
        }

        func run() throws {
            let workspace = try self.options.workspace()
            print(try workspace.updateMember(self.member, name: self.name, enteredAt: self.enteredAt).summary.shown)
        }
    }

    struct Leave: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "leave",
            abstract: tr("Record that a member leaves, with their exit terms (nothing is deleted).",
                         "Enregistrer le départ d'un membre, avec ses conditions de sortie (rien n'est effacé)."),
            discussion: helpText("""
                Example:
                  entente member leave Carol --on 2027-03-01 --at "Scale up" \\
                      --terms "Hands over her clients, keeps her fees" --kind good-reason
                On a terminal, without --kind, it asks which kind of exit it is. A date
                in the future takes effect on that date: the member stays active until then.
                """, """
                Exemple :
                  entente member leave Carol --on 2027-03-01 --at "Scale up" \\
                      --terms "Hands over her clients, keeps her fees" --kind good-reason
                Dans un terminal, sans --kind, la commande demande de quel type de départ il
                s'agit. Une date future prend effet à cette date : le membre reste actif
                jusque-là.
                """))
        @Argument(help: ArgumentHelp(tr("Member name or id prefix.", "Nom du membre ou début de son identifiant."))) var member: String
        @Option(help: ArgumentHelp(tr("The date they leave, YYYY-MM-DD (default: today).",
                                      "La date du départ, AAAA-MM-JJ (par défaut : aujourd'hui)."))) var on: String?
        @Option(help: ArgumentHelp(tr("The stage at which they leave (title or id prefix).",
                                      "L'étape à laquelle le membre part (titre ou début d'identifiant)."), valueName: "stage")) var at: String?
        @Option(help: ArgumentHelp(tr("The terms of their exit.", "Les conditions de son départ."))) var terms: String?
        @Option(help: ArgumentHelp(tr("The kind of exit: \(ExitKind.listed(.english)); the agreed terms for it are shown.",
                                      "Le type de départ : \(ExitKind.listed(.french)) ; les conditions convenues pour ce type sont affichées.")))
        var kind: String?
        @Flag(help: ArgumentHelp(tr("Do not ask for the kind of exit on a terminal.",
                                    "Ne pas demander le type de départ dans un terminal."))) var noInput = false
        @OptionGroup var options: WriteOptions

        func run() throws {
            let workspace = try self.options.workspace()
            var kind = self.kind
            if kind == nil, !self.noInput, isatty(STDIN_FILENO) != 0 {
                kind = try ExitKindPrompt.ask(Language.fromEnvironment(ProcessInfo.processInfo.environment))?.rawValue
            }
            print(try workspace.leave(member: self.member, on: self.on, at: self.at, terms: self.terms, kind: kind).summary.shown)
        }
    }

    struct Archive: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "archive",
            abstract: tr("Propose, or consent to, archiving a member: it takes a majority of the other members.",
                         "Proposer d'archiver un membre, ou y consentir : il faut l'accord d'une majorité des autres membres."),
            discussion: helpText("""
                The first member to run it proposes; each other member consents by running the
                same command on their own replica. The member is archived once a majority of
                the other members have consented (nothing is deleted; the history stays).
                Example:
                  entente member archive Carol
                """, """
                Le premier membre qui la lance propose ; chacun des autres consent en lançant
                la même commande sur son propre réplica. Le membre est archivé dès qu'une
                majorité des autres membres a consenti (rien n'est effacé ; l'historique
                reste).
                Exemple :
                  entente member archive Carol
                """))
        @Argument(help: ArgumentHelp(tr("Member name or id prefix.", "Nom du membre ou début de son identifiant."))) var member: String
        @OptionGroup var options: WriteOptions

        func run() throws { try MotionVote.run(.archive, on: self.member, self.options) }
    }

    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "restore",
            abstract: tr("Propose, or consent to, restoring an archived member: it takes a majority of the other members.",
                         "Proposer de restaurer un membre archivé, ou y consentir : il faut l'accord d'une majorité des autres membres."),
            discussion: helpText("""
                Example:
                  entente member restore Carol
                """, """
                Exemple :
                  entente member restore Carol
                """))
        @Argument(help: ArgumentHelp(tr("Member name or id prefix.", "Nom du membre ou début de son identifiant."))) var member: String
        @OptionGroup var options: WriteOptions

        func run() throws { try MotionVote.run(.restore, on: self.member, self.options) }
    }
}

/// `member archive` and `member restore`: the actions layer proposes a motion, or consents to
/// the open one (``Workspace/vote(_:on:)``); the first line says what happened, a renewal of
/// the collective secret follows on its own.
enum MotionVote {
    static func run(_ action: MotionAction, on query: String, _ options: WriteOptions) throws {
        let outcome = try options.workspace().vote(action, on: query)
        let lines = outcome.summary.localized.split(separator: "\n", maxSplits: 1).map(String.init)
        if let first = lines.first { print(first) }
        if lines.count > 1 { say(lines[1]) }
    }
}
