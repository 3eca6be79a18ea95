import EntenteActions
import EntenteCore
import Foundation

/// The vision as a Markdown report for a meeting (`entente export --format markdown`).
/// Built from the board's JSON shape, so both exports say the same things.
enum BoardMarkdown {
    static func render(_ board: BoardShape) -> String {
        var out: [String] = []
        let name = board.collective?.name ?? "Collective"
        out.append("# \(name): partnership vision\n")
        out.append("**Purpose:** \(board.collective?.purpose ?? "—")\n")
        out.append("**Vision:** \(board.collective?.vision ?? "—")\n")

        out.append("## Members\n")
        out.append(Self.table(["Member", "Entered at", "Left", "Exit terms"], board.members.map {
            [$0.name, $0.enteredAtTitle ?? "—", Self.left($0), $0.exitTerms ?? "—"]
        }))

        out.append("## Expectations, interests and concerns\n")
        out.append(Self.table(["Type", "Stated by", "Text", "Status", "Not yet acknowledged by"], board.expectations.map {
            [$0.type, $0.statedByName, $0.text, $0.status, $0.notYetAcknowledgedBy.isEmpty ? "—" : $0.notYetAcknowledgedBy.joined(separator: ", ")]
        }))

        out.append("## Complementarities\n")
        let report = board.complementarityReport
        out.append(Self.table(["Area"] + report.members, report.matrix.map { row in
            [row.area] + row.cells.map { $0.kinds.isEmpty ? "·" : $0.kinds.joined(separator: "+") }
        }))
        for item in report.coverage {
            out.append(item.coveredBy.isEmpty
                ? "- **Gap:** \(item.area): \(item.member)'s \(item.type), nobody covers it"
                : "- \(item.area): \(item.member)'s \(item.type) is covered by \(item.coveredBy.joined(separator: ", "))")
        }
        out.append("")

        out.append("## Stages\n")
        for stage in board.stages {
            out.append("### \(stage.order). \(stage.title) (\(stage.status), \(stage.start ?? "?") → \(stage.end ?? "?"))\n")
            out.append("- Goal: \(stage.goal ?? "—")")
            out.append("- Entry conditions: \(stage.entryConditions ?? "—")")
            out.append("- Exit conditions: \(stage.exitConditions ?? "—")")
            for engagement in stage.engagements {
                let engaged = engagement.lapsed ? "lapsed on \(engagement.renewOn ?? "")" : (engagement.engaged ? "engaged" : "not engaged")
                out.append("- \(engagement.memberName): \(engaged); entry terms: \(engagement.entryTerms ?? "—"); "
                    + "exit terms: \(engagement.exitTerms ?? "—")")
            }
            out.append("")
        }

        out.append("## Commitments\n")
        out.append(Self.table(["By", "What", "Towards", "Stage", "Due", "Status", "Accepted by"], board.commitments.map {
            [$0.byName ?? "—", $0.what, $0.towards.isEmpty ? "collective" : $0.towards.joined(separator: ", "), $0.stageTitle ?? "—",
             $0.due ?? "—", $0.status, $0.acceptedBy.joined(separator: ", ")]
        }))

        out.append("## Phase\n")
        out.append(Self.table(["Member", "Phase", "Since", "Note"], board.phases.latest.map { [$0.memberName, $0.phase, $0.date, $0.note ?? ""] }))
        if board.phases.disagreement {
            let views = board.phases.perceptions.map { "\($0.phase) (\($0.members.joined(separator: ", ")))" }
            out.append("**Members disagree on the phase:** " + views.joined(separator: "; ") + "\n")
        }

        out.append("## Risks\n")
        out.append(Self.table(["Zone", "Description", "L×I", "Owner", "Mitigation", "Status", "Raised"], board.risks.map {
            [$0.zone, $0.description, "\($0.likelihood)×\($0.impact)=\($0.score)\($0.high ? " **high**" : "")", $0.ownerName ?? "—",
             $0.mitigation ?? "—", $0.status, "\($0.raisedByName ?? "?") \($0.raisedOn ?? "")"]
        }))

        out.append("## Contributions and valuations\n")
        out.append(Self.table(["By", "What", "Stage", "Hours", "Valuations", "Disagreement"], board.contributions.map {
            [$0.memberName, $0.what, $0.stageTitle ?? "—", $0.effortHours.map(String.init) ?? "—",
             $0.valuations.map { "\($0.memberName) \($0.value)" }.joined(separator: ", "), $0.valueDisagreement ? "**yes**" : "no"]
        }))

        out.append("## Decisions\n")
        out.append(Self.table(["Proposal", "Driver", "Proposed by", "Status", "Stances", "Outcome", "Review"], board.decisions.map {
            [$0.text, $0.driver ?? "—", $0.proposedByName ?? "—", $0.status + ($0.blocked && $0.status == "open" ? " (**blocked**)" : ""),
             $0.stances.map { "\($0.memberName) \($0.position)\($0.reason.map { ": \($0)" } ?? "")" }.joined(separator: "; "),
             $0.outcome ?? "—", $0.reviewOn ?? "—"]
        }))
        return out.joined(separator: "\n")
    }

    /// When and at which stage a member left, or a dash.
    static func left(_ member: MemberShape) -> String {
        if let leaves = member.leavesOn { return "leaves on \(leaves)" }
        let parts = [member.leftOn, member.leftAtTitle].compactMap { $0 }
        return parts.isEmpty ? "—" : parts.joined(separator: " ")
    }

    /// A Markdown table; pipes and newlines in cells are escaped.
    static func table(_ headers: [String], _ rows: [[String]]) -> String {
        guard !rows.isEmpty else { return "_None._\n" }
        func line(_ cells: [String]) -> String {
            "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }.joined(separator: " | ") + " |"
        }
        return ([line(headers), line(headers.map { _ in "---" })] + rows.map(line)).joined(separator: "\n") + "\n"
    }
}
