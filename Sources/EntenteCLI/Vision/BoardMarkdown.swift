import EntenteActions
import EntenteCore
import Foundation

/// The vision as a Markdown report for a meeting (`entente export --format markdown`).
/// Built from the board's JSON shape, so both exports say the same things; its words are in
/// the reader's language, the members' text as they wrote it.
enum BoardMarkdown {
    static func render(_ board: BoardShape) -> String {
        var out: [String] = []
        let name = board.collective?.name ?? tr("Collective", "Collectif")
        out.append(tr("# \(name): partnership vision\n", "# \(name) : vision du partenariat\n"))
        out.append(tr("**Purpose:** ", "**Raison d'être :** ") + "\(board.collective?.purpose ?? "—")\n")
        out.append(tr("**Vision:** ", "**Vision :** ") + "\(board.collective?.vision ?? "—")\n")

        out.append(tr("## Members\n", "## Membres\n"))
        out.append(Self.table([tr("Member", "Membre"), tr("Entered at", "Entré·e à"), tr("Left", "Parti·e"), tr("Exit terms", "Conditions de sortie")], board.members.map {
            [$0.name, $0.enteredAtTitle ?? "—", Self.left($0), $0.exitTerms ?? "—"]
        }))

        out.append(tr("## Expectations, interests and concerns\n", "## Attentes, intérêts et craintes\n"))
        out.append(Self.table([tr("Type", "Type"), tr("Stated by", "Exprimée par"), tr("Text", "Texte"), tr("Status", "État"),
                               tr("Not yet acknowledged by", "Pas encore reconnue par")], board.expectations.map {
            [Self.word($0.type, Expectation.Kind.init, Vocabulary.kind), $0.statedByName, $0.text, Self.word($0.status, Expectation.Status.init, Vocabulary.status),
             $0.notYetAcknowledgedBy.isEmpty ? "—" : $0.notYetAcknowledgedBy.joined(separator: ", ")]
        }))

        out.append(tr("## Complementarities\n", "## Complémentarités\n"))
        let report = board.complementarityReport
        out.append(Self.table([tr("Area", "Domaine")] + report.members, report.matrix.map { row in
            [row.area] + row.cells.map { $0.kinds.isEmpty ? "·" : $0.kinds.map { Self.word($0, Complementarity.Kind.init, Vocabulary.kind) }.joined(separator: "+") }
        }))
        for item in report.coverage {
            let type = Self.word(item.type, Complementarity.Kind.init, Vocabulary.kind)
            out.append(item.coveredBy.isEmpty
                ? tr("- **Gap:** \(item.area): \(item.member)'s \(type), nobody covers it",
                     "- **Manque :** \(item.area) : \(type) \(French.de(item.member)), que personne ne couvre")
                : tr("- \(item.area): \(item.member)'s \(type) is covered by \(item.coveredBy.joined(separator: ", "))",
                     "- \(item.area) : \(type) \(French.de(item.member)), couvert par \(item.coveredBy.joined(separator: ", "))"))
        }
        out.append("")

        out.append(tr("## Stages\n", "## Étapes\n"))
        for stage in board.stages {
            let status = Stage.Status(rawValue: stage.status).map(\.localized) ?? stage.status
            out.append("### \(stage.order). \(stage.title) (\(status), \(stage.start.map(shownDate) ?? "?") → \(stage.end.map(shownDate) ?? "?"))\n")
            out.append(tr("- Goal: ", "- Objectif : ") + (stage.goal ?? "—"))
            out.append(tr("- Entry conditions: ", "- Conditions d'entrée : ") + (stage.entryConditions ?? "—"))
            out.append(tr("- Exit conditions: ", "- Conditions de sortie : ") + (stage.exitConditions ?? "—"))
            for engagement in stage.engagements {
                let engaged = engagement.lapsed ? tr("lapsed on ", "échu le ") + (engagement.renewOn.map(shownDate) ?? "")
                    : (engagement.engaged ? tr("engaged", "engagé·e") : tr("not engaged", "pas engagé·e"))
                out.append(tr("- \(engagement.memberName): \(engaged); entry terms: ", "- \(engagement.memberName) : \(engaged) ; conditions d'entrée : ")
                    + (engagement.entryTerms ?? "—") + tr("; exit terms: ", " ; conditions de sortie : ") + (engagement.exitTerms ?? "—"))
            }
            out.append("")
        }

        out.append(tr("## Commitments\n", "## Engagements\n"))
        out.append(Self.table([tr("By", "Par"), tr("What", "Quoi"), tr("Towards", "Envers"), tr("Stage", "Étape"), tr("Due", "Échéance"),
                               tr("Status", "État"), tr("Accepted by", "Accepté par")], board.commitments.map {
            [$0.byName ?? "—", $0.what, $0.towards.isEmpty ? tr("collective", "collectif") : $0.towards.joined(separator: ", "), $0.stageTitle ?? "—",
             $0.due.map(shownDate) ?? "—", Self.word($0.status, Commitment.Status.init, Vocabulary.status), $0.acceptedBy.joined(separator: ", ")]
        }))

        out.append(tr("## Phase\n", "## Phase\n"))
        out.append(Self.table([tr("Member", "Membre"), tr("Phase", "Phase"), tr("Since", "Depuis"), tr("Note", "Note")], board.phases.latest.map {
            [$0.memberName, Self.word($0.phase, PhaseCheckIn.Phase.init, Vocabulary.phase), shownDate($0.date), $0.note ?? ""]
        }))
        if board.phases.disagreement {
            let views = board.phases.perceptions.map { "\(Self.word($0.phase, PhaseCheckIn.Phase.init, Vocabulary.phase)) (\($0.members.joined(separator: ", ")))" }
            out.append(tr("**Members disagree on the phase:** ", "**Les membres ne voient pas la même phase :** ") + views.joined(separator: "; ") + "\n")
        }

        out.append(tr("## Risks\n", "## Risques\n"))
        out.append(Self.table([tr("Zone", "Zone"), tr("Description", "Description"), tr("L×I", "P×I"), tr("Owner", "Responsable"),
                               tr("Mitigation", "Parade"), tr("Status", "État"), tr("Raised", "Soulevé")], board.risks.map {
            [Self.word($0.zone, Risk.Zone.init, Vocabulary.zone), $0.description, "\($0.likelihood)×\($0.impact)=\($0.score)\($0.high ? tr(" **high**", " **élevé**") : "")",
             $0.ownerName ?? "—", $0.mitigation ?? "—", Self.word($0.status, Risk.Status.init, Vocabulary.status),
             "\($0.raisedByName ?? "?") \($0.raisedOn.map(shownDate) ?? "")"]
        }))

        out.append(tr("## Contributions and valuations\n", "## Contributions et valorisations\n"))
        out.append(Self.table([tr("By", "Par"), tr("What", "Quoi"), tr("Stage", "Étape"), tr("Hours", "Heures"), tr("Valuations", "Valorisations"),
                               tr("Disagreement", "Désaccord")], board.contributions.map {
            [$0.memberName, $0.what, $0.stageTitle ?? "—", $0.effortHours.map(String.init) ?? "—",
             $0.valuations.map { "\($0.memberName) \($0.value)" }.joined(separator: ", "), $0.valueDisagreement ? tr("**yes**", "**oui**") : tr("no", "non")]
        }))

        out.append(tr("## Decisions\n", "## Décisions\n"))
        out.append(Self.table([tr("Proposal", "Proposition"), tr("Driver", "Motif"), tr("Proposed by", "Proposée par"), tr("Status", "État"),
                               tr("Stances", "Positions"), tr("Outcome", "Issue"), tr("Review", "À revoir")], board.decisions.map {
            [$0.title.isEmpty ? $0.text : $0.title, $0.driver ?? "—", $0.proposedByName ?? "—",
             Self.word($0.status, Decision.Status.init, Vocabulary.status) + ($0.blocked && $0.status == "open" ? tr(" (**blocked**)", " (**bloquée**)") : ""),
             $0.stances.map { "\($0.memberName) \(Self.word($0.position, Stance.Position.init, Vocabulary.position))\($0.reason.map { ": \($0)" } ?? "")" }.joined(separator: "; "),
             $0.outcome ?? "—", $0.reviewOn.map(shownDate) ?? "—"]
        }))
        // Members' text is data: no control character reaches a file that someone will `cat`.
        return out.joined(separator: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .map { TerminalText.oneLine(String($0)) }.joined(separator: "\n")
    }

    /// When and at which stage a member left, or a dash.
    static func left(_ member: MemberShape) -> String {
        if let leaves = member.leavesOn { return tr("leaves on ", "part le ") + shownDate(leaves) }
        let parts = [member.leftOn.map(shownDate), member.leftAtTitle].compactMap { $0 }
        return parts.isEmpty ? "—" : parts.joined(separator: " ")
    }

    /// A value of the vision's vocabulary in the reader's language (unknown values as stored).
    static func word<Value>(_ raw: String, _ parse: (String) -> Value?, _ phrase: (Value) -> Phrase) -> String {
        parse(raw).map { phrase($0).localized } ?? raw
    }

    /// A Markdown table; pipes and newlines in cells are escaped.
    static func table(_ headers: [String], _ rows: [[String]]) -> String {
        guard !rows.isEmpty else { return tr("_None._\n", "_Aucun._\n") }
        func line(_ cells: [String]) -> String {
            "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }.joined(separator: " | ") + " |"
        }
        return ([line(headers), line(headers.map { _ in "---" })] + rows.map(line)).joined(separator: "\n") + "\n"
    }
}
