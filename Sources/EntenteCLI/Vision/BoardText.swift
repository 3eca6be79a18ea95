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
        section(collective?.name ?? "(no collective)", [
            "purpose: \(collective?.purpose ?? "-")",
            "vision:  \(collective?.vision ?? "-")",
        ].joined(separator: "\n"))

        var members = Table("MEMBER", "ENTERED AT", "LEFT", "EXIT TERMS")
        for member in vision.members {
            members.add(member.name, Names.stage(member.enteredAt, vision),
                        member.leavesOn.map { "leaves on \($0)" }
                            ?? (member.hasLeft ? "\(member.leftOn ?? "") \(Names.stage(member.leftAt, vision))" : "-"), member.exitTerms ?? "-")
        }
        section("Members", members.render(terminal))

        section("Expectations, interests and concerns", vision.expectations.isEmpty
            ? "None stated yet: `entente expectation add TEXT`."
            : EntenteCommand.ExpectationCommand.List.table(vision.expectations, vision).render(terminal))

        section("Complementarities", EntenteCommand.StrengthCommand.Report.render(ComplementarityReport(records: vision.records, today: vision.today), vision, terminal))

        section("Stages", vision.stages.isEmpty ? "No stage planned yet: `entente stage add TITLE`." : Self.stages(vision, terminal))

        var commitments = Table("BY", "WHAT", "TOWARDS", "STAGE", "DUE", "STATUS", "ACCEPTED BY")
        for commitment in vision.commitments {
            commitments.add(vision.name(commitment.by), commitment.what, Names.list(commitment.towards, vision, empty: "collective"),
                            Names.stage(commitment.stage, vision), commitment.due ?? "-",
                            Names.flagged(commitment.status.rawValue, commitment.record), Names.list(commitment.acceptedBy, vision))
        }
        section("Commitments", vision.commitments.isEmpty
            ? "No commitment yet: `entente commitment add WHAT --due YYYY-MM-DD`." : commitments.render(terminal))

        section("Phase", EntenteCommand.PhaseCommand.List.render(PhaseReport(records: vision.records, today: vision.today), vision, terminal))

        section("Risks", vision.risks.isEmpty ? "No risk raised yet." :
            EntenteCommand.RiskCommand.List.table(vision.risks.sorted { ($1.score, $0.id) < ($0.score, $1.id) }, vision, terminal).render(terminal))

        section("Contributions", vision.contributions.isEmpty
            ? "No contribution recorded yet: `entente contribution add WHAT --effort HOURS`."
            : EntenteCommand.ContributionCommand.List.render(vision, ValueDisagreementReport(records: vision.records), terminal))
        return sections.joined(separator: "\n\n")
    }

    static func stages(_ vision: Vision, _ terminal: Terminal) -> String {
        var lines: [String] = []
        for (index, stage) in vision.stages.enumerated() {
            let status = Names.flagged(stage.status.rawValue, stage.record)
            lines.append(terminal.bold("\(index + 1). \(stage.title)") + "  [\(status)]  \(stage.start ?? "?") → \(stage.end ?? "?")")
            lines.append("   goal: \(stage.goal ?? "-")")
            lines.append("   entry: \(stage.entryConditions ?? "-")   exit: \(stage.exitConditions ?? "-")")
            for engagement in vision.engagements(of: stage.id) {
                let terms = [engagement.entryTerms.map { "in: \($0)" }, engagement.exitTerms.map { "out: \($0)" }]
                    .compactMap { $0 }.joined(separator: "; ")
                let engaged = engagement.isLapsed(on: vision.today) && engagement.engaged
                    ? "lapsed on \(engagement.renewOn ?? "")" : (engagement.engaged ? "engaged" : "not engaged")
                lines.append("   - \(vision.name(engagement.member)): \(engaged)\(terms.isEmpty ? "" : " (\(terms))")")
            }
        }
        return lines.joined(separator: "\n")
    }
}
