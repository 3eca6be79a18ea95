import ArgumentParser
import EntenteActions
import EntenteCore
import EntenteStore
import Foundation

/// The JSON shape of a meeting (`entente meeting list --json`, `show --json`).
struct MeetingShape: Encodable {
    struct Brought: Encodable {
        var authorName: String
        var changes: UInt64
    }

    var id: String
    @Nullable var date: String?
    /// The members present: the recorder and those with a signed presence (`Meeting.present(in:)`).
    var attendees: [String]
    /// Names the record lists without a signed presence: not counted as present.
    var unproven: [String]
    @Nullable var recordedByName: String?
    var brought: [Brought]
    var decisions: [String]

    init(_ meeting: Meeting, previous: Meeting?, _ vision: Vision, _ directory: Directory) {
        self.id = meeting.id.hex
        self.date = meeting.date
        self.attendees = meeting.present(in: vision.roster).map { vision.name($0) }
        self.unproven = meeting.unproven(in: vision.roster).map { vision.name($0) }
        self.recordedByName = meeting.recordedBy.map { vision.name($0) }
        self.brought = meeting.vector.map { now in
            Meeting.brought(since: previous?.vector, now: now).map { Brought(authorName: directory.name(of: $0.author), changes: $0.changes) }
        } ?? []
        self.decisions = meeting.decisions(in: vision)
    }

    /// Every meeting once, oldest first: the records several attendees made of one meeting (the
    /// same date and state) merged, their attendees and decisions together.
    static func merged(_ workspace: Workspace) -> [MeetingShape] {
        let meetings = Meeting.all(in: workspace.vision.records)
        var order: [String] = [], byKey: [String: MeetingShape] = [:]
        for (meeting, shape) in zip(meetings, self.all(workspace)) {
            let key = "\(meeting.date ?? "?")|\(meeting.stateHash.map(Hex.encode) ?? shape.id)"
            guard var kept = byKey[key] else {
                order.append(key)
                byKey[key] = shape
                continue
            }
            kept.merge(shape)
            kept.decisions += shape.decisions.filter { !kept.decisions.contains($0) }
            byKey[key] = kept
        }
        return order.compactMap { byKey[$0] }
    }

    /// Takes in the attendees of another record of the same meeting: present in either counts.
    mutating func merge(_ other: MeetingShape) {
        self.attendees += other.attendees.filter { !self.attendees.contains($0) }
        self.unproven = (self.unproven + other.unproven.filter { !self.unproven.contains($0) }).filter { !self.attendees.contains($0) }
    }

    /// Every meeting record, oldest first, each with what was brought since the one before.
    static func all(_ workspace: Workspace) -> [MeetingShape] {
        let vision = workspace.vision
        let meetings = Meeting.all(in: vision.records)
        return meetings.enumerated().map { index, meeting in
            // Records of one meeting share its state: "the one before" is the last with another state.
            let previous = meetings[..<index].last { $0.stateHash != meeting.stateHash }
            return MeetingShape(meeting, previous: previous, vision, workspace.directory)
        }
    }
}

extension EntenteCommand {
    struct MeetingCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "meeting",
            abstract: tr("List and show the meetings recorded by `entente meet`: who was there, what each brought, what was decided.", "Lister et montrer les réunions notées par `entente meet` : qui était là, ce que chacun a apporté, ce qui a été décidé."),
            discussion: helpText("Examples:", "Exemples :") + "\n  entente meeting list\n  entente meeting show 3fa2 --json",
            subcommands: [List.self, Show.self],
            defaultSubcommand: List.self)
    }
}

extension EntenteCommand.MeetingCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: tr("List meetings, oldest first.", "Lister les réunions, les plus anciennes d'abord."))
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let workspace = try Workspace(try self.options.open())
            let meetings = MeetingShape.all(workspace)
            if self.output.json {
                // JSON keeps one entry per meeting record (several attendees may record one).
                printVerbatim(try JSONOutput.render(meetings))
                return
            }
            guard !meetings.isEmpty else {
                print(tr("No meeting recorded yet: when the collective meets, run `entente meet`.",
                         "Aucune réunion enregistrée : quand le collectif se réunit, lancez `entente meet`."))
                return
            }
            var table = Table("ID", "DATE", tr("PRESENT", "PRÉSENTS"), tr("DECISIONS", "DÉCISIONS"))
            for meeting in MeetingShape.merged(workspace) {
                table.add(String(meeting.id.prefix(8)), meeting.date.map(shownDate) ?? "?", meeting.attendees.joined(separator: ", "),
                          meeting.decisions.isEmpty ? "-" : meeting.decisions.joined(separator: "; "))
            }
            print(table.render())
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: tr("Show one meeting: who was there, what each brought, the decisions.", "Montrer une réunion : qui était là, ce que chacun a apporté, les décisions."))
        @Argument(help: ArgumentHelp(tr("Meeting id prefix, or a date YYYY-MM-DD.", "Début d'identifiant de la réunion, ou une date AAAA-MM-JJ."))) var meeting: String
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let meetings = MeetingShape.all(try Workspace(try self.options.open()))
            let query = self.meeting.lowercased()
            let matches = meetings.filter { $0.date == query || (query.count >= 4 && $0.id.hasPrefix(query)) }
            guard var meeting = matches.last else {
                throw CLIError(Phrase("no meeting matches '\(self.meeting)'; list them with `entente meeting list`",
                                      fr: "aucune réunion ne correspond à « \(self.meeting) » ; listez-les avec `entente meeting list`"))
            }
            // Several attendees may record one meeting (each with their decisions): show them as one.
            for other in matches.dropLast() {
                meeting.decisions = other.decisions.filter { !meeting.decisions.contains($0) } + meeting.decisions
                meeting.merge(other)
            }
            if self.output.json {
                printVerbatim(try JSONOutput.render(meeting))
                return
            }
            let labels = Labels([tr("present", "présents"), tr("recorded by", "noté par"), tr("brought", "apporté"), tr("decisions", "décisions"),
                                 tr("not counted", "non comptés")])
            print(tr("Meeting of \(meeting.date ?? "?")", "Réunion du \(meeting.date.map(shownDate) ?? "?")") + "  (\(meeting.id))")
            print(labels[0] + meeting.attendees.joined(separator: ", "))
            if !meeting.unproven.isEmpty {
                print(labels[4] + meeting.unproven.joined(separator: ", ")
                      + tr(" (listed without a signed presence)", " (cités sans présence signée)"))
            }
            if let recorder = meeting.recordedByName { print(labels[1] + recorder) }
            if !meeting.brought.isEmpty {
                print(labels[2] + meeting.brought.map {
                    tr("\($0.authorName) \($0.changes) change\($0.changes == 1 ? "" : "s")",
                       "\($0.authorName) \($0.changes) changement\($0.changes == 1 ? "" : "s")")
                }.joined(separator: ", "))
            }
            if meeting.decisions.isEmpty {
                print(labels[3] + tr("none", "aucune"))
            } else {
                print(labels[3].trimmingCharacters(in: .whitespaces))
                for (index, decision) in meeting.decisions.enumerated() { print("  \(index + 1). \(decision)") }
            }
        }
    }
}
