import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore
import Foundation

extension EntenteCommand {
    struct StatusCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: tr("What needs attention: unacknowledged expectations, due commitments, conflicts, phase disagreements, high risks, value disagreements.", "Ce qui demande de l'attention : attentes pas encore prises en compte, engagements à échéance, conflits, désaccords sur la phase, risques élevés, désaccords sur la valeur."),
            discussion: helpText("""
                Examples:
                  entente status
                  entente status --today 2027-01-15 --json
                """, """
                Exemples :
                  entente status
                  entente status --today 2027-01-15 --json
                """))
        @Option(help: ArgumentHelp(tr("Count deadlines from this date, YYYY-MM-DD (default: today, in your time zone).", "Compter les échéances à partir de cette date, AAAA-MM-JJ (par défaut : aujourd'hui, dans votre fuseau horaire)."))) var today: String?
        @Option(help: ArgumentHelp(tr("Commitments due within this many days count as due soon.", "Les engagements dus dans ce nombre de jours comptent comme proches."))) var days = 7
        @Option(help: ArgumentHelp(tr("The valuation divergence that counts as a disagreement, 0 to 1.", "L'écart entre évaluations qui compte comme un désaccord, de 0 à 1."))) var threshold = ValueDisagreementReport.defaultThreshold
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func validate() throws {
            guard self.days >= 0 else { throw ValidationError(tr("'--days' cannot be negative; for example --days 7", "« --days » ne peut pas être négatif ; par exemple --days 7")) }
            guard (0...1).contains(self.threshold) else { throw ValidationError(tr("'--threshold' must be between 0 and 1, for example 0.3", "« --threshold » doit être entre 0 et 1, par exemple 0.3")) }
        }

        func run() throws {
            let today = try Input.date(self.today, option: "--today")
            // Without --replica or --collective, a person in several collectives first sees
            // each in a line, then the current one in full.
            if self.options.replica == nil, self.options.collective == nil, !self.output.json {
                let home = EntenteHome.defaultLocation()
                let entries = home.entries()
                if entries.count > 1 {
                    let current = home.current(among: entries)
                    for line in CollectivesCommand.summaries(entries, current: current, today: today) { say(line) }
                    guard current != nil else {
                        say(tr("Choose the one to use with `entente collectives use NAME`, or name one with --collective NAME.",
                               "Choisissez celui à utiliser avec `entente collectives use NOM`, ou nommez-en un avec --collective NOM."))
                        return
                    }
                    print("")
                }
            }
            let workspace = try Workspace(try self.options.open())
            let shape = try Self.shape(workspace, today: today, days: self.days, threshold: self.threshold)
            if self.output.json {
                printVerbatim(try JSONOutput.render(shape))
                return
            }
            let terminal = Terminal.standard
            if let me = try? workspace.me(), me.isRevoked(workspace.replica.author) {
                say(terminal.red(tr("This device was revoked (lost or stolen): it can no longer sign nor sync. Use another of your devices, or ask a member to invite you again (`entente invite --for \"\(me.name)\"`).",
                                    "Cet appareil a été révoqué (perdu ou volé) : il ne peut plus rien signer ni se synchroniser. Utilisez un autre de vos appareils, ou demandez à un membre de vous inviter à nouveau (`entente invite --for \"\(me.name)\"`).")))
            }
            print(terminal.fit(Self.render(shape, terminal)))
            for line in RelayActions.warnings(workspace.replica) { say(line.localized) }
        }

        /// What needs attention in `workspace` on `today` (commitments due within `days`).
        static func shape(_ workspace: Workspace, today: String, days: Int = 7,
                          threshold: Double = ValueDisagreementReport.defaultThreshold) throws -> AttentionShape {
            let vision = workspace.vision
            let attention = Attention(vision: vision, today: today, soonUntil: Dates.adding(days: days, to: today), valueThreshold: threshold)
            return AttentionShape(attention, vision, refusals: try workspace.replica.refusals(),
                                  forks: try workspace.replica.forks(), device: workspace.replica.author,
                                  archived: try workspace.archiveConflicts(), rewrites: try EntenteCommand.Conflicts.rewrites(workspace))
        }

        static func render(_ shape: AttentionShape, _ terminal: Terminal) -> String {
            guard shape.count > 0 else {
                return terminal.green(tr("Nothing needs attention on \(shownDate(shape.today)).", "Rien ne demande d'attention le \(shownDate(shape.today))."))
            }
            var lines = [terminal.bold(tr("\(English.count(shape.count, "item needs", "items need")) attention on \(shownDate(shape.today)):", "\(French.count(shape.count, "point demande", "points demandent")) de l'attention le \(shownDate(shape.today)) :"))]
            for item in shape.unacknowledged {
                let missing = item.notYetAcknowledgedBy.joined(separator: ", ")
                let type = Expectation.Kind(rawValue: item.type).map { Vocabulary.kind($0).localized } ?? item.type
                lines.append(tr("- \(type) \"\(item.text)\" (\(item.statedByName)) not yet acknowledged by \(missing)",
                                "- \(type) « \(item.text) » (\(item.statedByName)) pas encore prise en compte par \(missing)"))
            }
            for item in shape.deadlines {
                let when = item.overdue ? terminal.red(tr("OVERDUE since \(shownDate(item.due))", "EN RETARD depuis le \(shownDate(item.due))")) : tr("due \(shownDate(item.due))", "échéance le \(shownDate(item.due))")
                lines.append(tr("- commitment \"\(item.what)\" by \(item.byName): \(when)", "- engagement « \(item.what) » \(French.de(item.byName)) : \(when)"))
            }
            for rewrite in shape.rewrites { lines.append("- " + rewrite.message) }
            for item in shape.archived {
                let short = String(item.record.prefix(8)), editors = item.editedBy.joined(separator: ", ")
                lines.append(tr("- \(item.kind) \"\(item.label)\" was archived by \(item.archivedBy) while \(editors) changed it: "
                                    + "`entente restore \(short)` brings it back, `entente archive \(short)` keeps it archived (see `entente conflicts`)",
                                "- \(item.kind) « \(item.label) » a été archivé par \(item.archivedBy) pendant que \(editors) le modifiait : "
                                    + "`entente restore \(short)` le rétablit, `entente archive \(short)` le garde archivé (voir `entente conflicts`)"))
            }
            for conflict in shape.conflicts {
                let values = conflict.words.map(\.localized).joined(separator: " | ")
                let kind = ChangeWords.kindName(conflict.kind), field = ChangeWords.fieldName(conflict.field)
                let label = Excerpt.of(conflict.label, characters: Excerpt.confirmation)
                lines.append(tr("- conflict on \(kind.english) “\(label)”, \(field.english): \(values) (see `entente conflicts`)",
                                "- conflit sur \(ChangeWords.kindWithArticle(conflict.kind)) « \(label) », \(field.french) : \(values) (voir `entente conflicts`)"))
            }
            if shape.phaseDisagreement {
                let views = shape.phases.perceptions.map { perception in
                    let phase = PhaseCheckIn.Phase(rawValue: perception.phase).map { Vocabulary.phase($0).localized } ?? perception.phase
                    return "\(phase)\(tr(":", " :")) \(perception.members.joined(separator: ", "))"
                }.joined(separator: "; ")
                lines.append("- " + terminal.yellow(tr("members perceive different phases: \(views)", "les membres ne voient pas la même phase : \(views)")))
            }
            for risk in shape.highRisks {
                let zone = Risk.Zone(rawValue: risk.zone).map { Vocabulary.zone($0).localized } ?? risk.zone
                lines.append("- " + terminal.red(tr("high risk", "risque élevé")) + " (\(zone), \(risk.likelihood)×\(risk.impact)): \(risk.description)")
            }
            for item in shape.valueDisagreements {
                lines.append(tr("- value disagreement on \"\(item.what)\": \(item.lowest) to \(item.highest). Suggested: \(item.suggestion)",
                                "- désaccord sur la valeur de « \(item.what) » : de \(item.lowest) à \(item.highest). Suggestion : \(item.suggestion)"))
            }
            for item in shape.renewals {
                let when = item.lapsed ? terminal.red(tr("lapsed on \(shownDate(item.renewOn))", "a expiré le \(shownDate(item.renewOn))")) : tr("lapses on \(shownDate(item.renewOn))", "expire le \(shownDate(item.renewOn))")
                lines.append(tr("- \(item.memberName)'s engagement in stage \(item.stageTitle) \(when): renew it with `entente stage engage \"\(item.stageTitle)\" --renew-on YYYY-MM-DD`, or withdraw with `--not`",
                                "- l'engagement \(French.de(item.memberName)) dans l'étape \(item.stageTitle) \(when) : renouvelez-le avec `entente stage engage \"\(item.stageTitle)\" --renew-on AAAA-MM-JJ`, ou retirez-vous avec `--not`"))
            }
            for item in shape.reviews {
                if item.kind == RecordKind.stage {
                    lines.append(tr("- stage \"\(item.label)\" is due for review (\(shownDate(item.reviewOn))): review it, then set the next date with `entente stage update \"\(item.label)\" --review-on YYYY-MM-DD` (or --review-on \"\" to clear it)",
                                    "- l'étape « \(item.label) » est à revoir (\(shownDate(item.reviewOn))) : revoyez-la, puis fixez la prochaine date avec `entente stage update \"\(item.label)\" --review-on AAAA-MM-JJ` (ou --review-on \"\" pour l'effacer)"))
                } else {
                    lines.append(tr("- exit terms \"\(item.label)\" are due for review (\(shownDate(item.reviewOn))): review them, then agree new terms with `entente exit add ...`",
                                    "- les conditions de sortie « \(item.label) » sont à revoir (\(shownDate(item.reviewOn))) : revoyez-les, puis convenez de nouvelles conditions avec `entente exit add ...`"))
                }
            }
            for item in shape.decisions {
                let short = item.decision.prefix(8)
                if item.reviewDue {
                    lines.append(tr("- decision \"\(item.text)\" is due for review (\(item.reviewOn.map(shownDate) ?? "")): `entente decision show \(short)`",
                                    "- la décision « \(item.text) » est à revoir (\(item.reviewOn.map(shownDate) ?? "")) : `entente decision show \(short)`"))
                } else if item.blocked {
                    lines.append("- " + terminal.red(tr("blocked:", "bloquée :")) + tr(" decision \"\(item.text)\"; see the reason with `entente decision show \(short)`",
                                                                                   " la décision « \(item.text) » ; voyez la raison avec `entente decision show \(short)`"))
                } else {
                    let waiting = item.waitingFor.joined(separator: ", ")
                    lines.append(tr("- decision \"\(item.text)\" waits for the stance of \(waiting) (`entente decision stance \(short) agree|abstain|object|block`)",
                                    "- la décision « \(item.text) » attend la position \(French.de(waiting)) (`entente decision stance \(short) pour|abstention|objection|blocage`)"))
                }
            }
            for motion in shape.motions {
                let waiting = motion.waitingFor.joined(separator: ", ")
                if motion.action == MotionAction.revoke.rawValue {
                    let device = String((motion.device ?? "?").prefix(8))
                    lines.append(tr("- proposal to revoke a device of \(motion.memberName) (\(device)): \(motion.consenting.count) of \(motion.needed) consents; waiting for \(waiting) (`entente device revoke \(device)`)",
                                    "- proposition de révoquer un appareil \(French.de(motion.memberName)) (\(device)) : \(French.count(motion.consenting.count, "accord", "accords")) sur \(motion.needed) ; en attente de \(waiting) (`entente device revoke \(device)`)"))
                    continue
                }
                lines.append(tr("- proposal to \(motion.action) \(motion.memberName): \(motion.consenting.count) of \(motion.needed) consents; waiting for \(waiting) (`entente member \(motion.action) \(motion.memberName)`)",
                                "- proposition de \(motion.action == "archive" ? "retirer" : "rétablir") \(motion.memberName) : \(French.count(motion.consenting.count, "accord", "accords")) sur \(motion.needed) ; en attente de \(waiting) (`entente member \(motion.action) \(motion.memberName)`)"))
            }
            for fork in shape.forks {
                lines.append("- " + terminal.red(tr("fork:", "histoire double :")) + (fork.thisDevice
                    ? tr(" this device's key signed on two copies at once from #\(fork.seq): this replica was restored from a backup or copied to another computer, and both copies signed. The work of both is kept and reaches everybody; from now on use only one copy",
                         " la clé de cet appareil a signé sur deux copies à la fois à partir du n° \(fork.seq) : ce réplica a été restauré d'une sauvegarde ou copié sur un autre ordinateur, et les deux copies ont signé. Le travail des deux est gardé et parvient à tous ; désormais, n'utilisez plus qu'une copie")
                    : tr(" \(fork.authorName)'s key signed on two copies at once from #\(fork.seq) (a restored backup or a copied replica); the work of both is kept (see `entente audit`)",
                         " la clé \(French.de(fork.authorName)) a signé sur deux copies à la fois à partir du n° \(fork.seq) (une sauvegarde restaurée ou un réplica copié) ; le travail des deux est gardé (voir `entente audit`)")))
            }
            for refused in shape.refused {
                let what = [refused.kind, refused.field].compactMap { $0 }.joined(separator: " ")
                lines.append("- " + terminal.red(tr("no effect:", "sans effet :"))
                    + tr(" \(refused.authorName) signed a change to \(what.isEmpty ? "the vision" : what)\(refused.ownerName.map { " in \($0)'s name" } ?? "") that the rules refuse (\(refused.rule)); see `entente audit`",
                         " \(refused.authorName) a signé un changement de \(what.isEmpty ? "la vision" : what)\(refused.ownerName.map { " au nom de \($0)" } ?? "") que les règles refusent (\(refused.rule)) ; voir `entente audit`"))
            }
            return lines.joined(separator: "\n")
        }
    }
}
