import EntenteActions
import EntenteCore

/// The vision board as terminal text, section by section (`entente show`).
enum BoardText {
    static func render(_ vision: Vision, _ terminal: Terminal) -> String {
        var sections: [String] = []
        func section(_ title: String, _ body: String) {
            sections.append(terminal.bold(terminal.yellow("== \(title)")) + "\n" + body)
        }
        let collective = vision.collective
        let labels = Labels([tr("purpose", "raison d'être"), tr("vision", "vision")])
        section(collective?.name ?? tr("(no collective)", "(pas de collectif)"), [
            labels[0] + (collective?.purpose ?? "-"),
            labels[1] + (collective?.vision ?? "-"),
        ].joined(separator: "\n"))

        var members = Table(tr("MEMBER",
                               "MEMBRE"), tr("ENTERED AT", "ENTRÉE À"), tr("LEFT", "DÉPART"), tr("EXIT TERMS", "CONDITIONS DE SORTIE"))
        for member in vision.members {
            members.add(member.name, Names.stage(member.enteredAt, vision),
                        member.leavesOn.map { tr("leaves on \(shownDate($0))", "part le \(shownDate($0))") }
                            ?? (member.hasLeft ? "\(member.leftOn.map(shownDate) ?? "") \(Names.stage(member.leftAt, vision))" : "-"), member.exitTerms ?? "-")
        }
        section(tr("Members", "Membres"), members.render(terminal))

        section(tr("Expectations, interests and concerns", "Attentes, intérêts et craintes"), vision.expectations.isEmpty
            ? tr("None stated yet: `entente expectation add TEXT`.", "Rien n'a encore été dit : `entente expectation add TEXT`.")
            : EntenteCommand.ExpectationCommand.List.table(vision.expectations, vision).render(terminal))

        section(tr("Complementarities", "Complémentarités"),
                EntenteCommand.StrengthCommand.Report.render(ComplementarityReport(records: vision.records, today: vision.today), vision, terminal))

        section(tr("Stages", "Étapes"), vision.stages.isEmpty
            ? tr("No stage planned yet: `entente stage add TITLE`.", "Aucune étape prévue pour l'instant : `entente stage add TITLE`.")
            : Self.stages(vision, terminal))

        var commitments = Table(tr("BY", "PAR"), tr("WHAT", "QUOI"), tr("TOWARDS", "ENVERS"), tr("STAGE", "ÉTAPE"), tr("DUE", "ÉCHÉANCE"),
                                tr("STATUS", "STATUT"), tr("ACCEPTED BY", "ACCEPTÉ PAR"))
        for commitment in vision.commitments {
            commitments.add(vision.name(commitment.by), commitment.what, Names.list(commitment.towards, vision, empty: tr("collective",
                                                                                                                          "collectif")),
                            Names.stage(commitment.stage, vision), commitment.due.map(shownDate) ?? "-",
                            Names.flagged(commitment.status.localized, commitment.record), Names.list(commitment.acceptedBy, vision))
        }
        section(tr("Commitments", "Engagements"), vision.commitments.isEmpty
            ? tr("No commitment yet: `entente commitment add WHAT --due YYYY-MM-DD`.",
                 "Aucun engagement pour l'instant : `entente commitment add WHAT --due YYYY-MM-DD`.")
            : commitments.render(terminal))

        section("Phase", EntenteCommand.PhaseCommand.List.render(PhaseReport(records: vision.records, today: vision.today), vision, terminal))

        section(tr("Risks", "Risques"), vision.risks.isEmpty ? tr("No risk raised yet.", "Aucun risque signalé pour l'instant.") :
            EntenteCommand.RiskCommand.List.table(vision.risks.sorted { ($1.score, $0.id) < ($0.score, $1.id) }, vision, terminal).render(terminal))

        section("Contributions", vision.contributions.isEmpty
            ? tr("No contribution recorded yet: `entente contribution add WHAT --effort HOURS`.",
                 "Aucune contribution enregistrée pour l'instant : `entente contribution add WHAT --effort HOURS`.")
            : EntenteCommand.ContributionCommand.List.render(vision, ValueDisagreementReport(records: vision.records), terminal))
        return sections.joined(separator: "\n\n")
    }

    static func stages(_ vision: Vision, _ terminal: Terminal) -> String {
        var lines: [String] = []
        for (index, stage) in vision.stages.enumerated() {
            let status = Names.flagged(stage.status.localized, stage.record)
            lines.append(terminal.bold("\(index + 1). \(stage.title)") + "  [\(status)]  \(stage.start.map(shownDate) ?? "?") → \(stage.end.map(shownDate) ?? "?")")
            lines.append(tr("   goal: ", "   objectif : ") + (stage.goal ?? "-"))
            lines.append(tr("   entry: ",
                            "   entrée : ") + (stage.entryConditions ?? "-") + tr("   exit: ", "   sortie : ") + (stage.exitConditions ?? "-"))
            for engagement in vision.engagements(of: stage.id) {
                let terms = [engagement.entryTerms.map { tr("in: \($0)",
                                                            "entrée : \($0)") }, engagement.exitTerms.map { tr("out: \($0)", "sortie : \($0)") }]
                    .compactMap { $0 }.joined(separator: "; ")
                let engaged = engagement.isLapsed(on: vision.today) && engagement.engaged
                    ? tr("lapsed on \(engagement.renewOn.map(shownDate) ?? "")", "échu le \(engagement.renewOn.map(shownDate) ?? "")")
                    : (engagement.engaged ? tr("engaged", "engagé·e") : tr("not engaged", "pas engagé·e"))
                lines.append("   - \(vision.name(engagement.member)): \(engaged)\(terms.isEmpty ? "" : " (\(terms))")")
            }
        }
        return lines.joined(separator: "\n")
    }
}
