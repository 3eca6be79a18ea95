/// Where the collective stands on each of the seed's key ideas, as a partnership coach would
/// read the replica, with the one next step for each; and the seed's closing question,
/// "partenariat de façade ou réelle synergie ?", answered from the same readings.
public struct PartnershipHealth: Hashable, Sendable {
    /// The seed's key ideas, with the shared vision it closes on.
    public enum Idea: String, CaseIterable, Sendable {
        case vision, expectations, complementarities, stages, phases, risks, value
    }

    public enum Level: Int, Comparable, Sendable {
        case missing, started, solid
        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The one next step for an idea.
    public enum Step: String, Sendable {
        case writeVision
        case stateExpectations, acknowledgeExpectations
        case declareComplementarities, coverGaps
        case planStages, stateConditions, engageInStages
        case checkIn, talkAboutThePhase
        case raiseRisks, ownRisks
        case recordContributions, agreeValueRule, settleValueDisagreements
        case keepItUp
    }

    public struct Reading: Hashable, Sendable {
        public var idea: Idea
        public var level: Level
        public var step: Step
        /// How many of the active members (or items) are where they should be.
        public var done: Int
        public var of: Int
        /// Who the next step waits for, when it is someone's own act.
        public var waitingFor: [RecordID]
    }

    public enum Verdict: String, Sendable {
        /// Most ideas are solid and nothing is in alarm.
        case synergy
        /// Under way: some ideas are solid, others started.
        case building
        /// The names are side by side, little is said or agreed.
        case facade
    }

    /// What keeps a collective from a real synergy even when much is said.
    public enum Alarm: String, Sendable {
        case phaseDisagreement, valueDisagreement, blockedDecision
    }

    public var readings: [Reading]
    public var verdict: Verdict
    public var alarms: [Alarm]

    /// The readings of `records` as of `today` (departures and lapses dated later do not count).
    public init(records: [RecordState], today: String? = nil) {
        let vision = Vision(records: records, today: today)
        let members = vision.activeMembers.map(\.id)
        let count = members.count
        var readings: [Reading] = []

        // A common vision.
        let statement = (vision.collective?.vision ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        readings.append(Reading(idea: .vision, level: statement.isEmpty ? .missing : .solid,
                                step: statement.isEmpty ? .writeVision : .keepItUp, done: statement.isEmpty ? 0 : 1, of: 1, waitingFor: []))

        // Expectations said by each, and heard by the others.
        let stated = Set(vision.expectations.compactMap(\.statedBy))
        let silent = members.filter { !stated.contains($0) }
        let unheard = vision.expectations.filter { $0.status != .agreed && !$0.missingAcknowledgements(among: vision.members).isEmpty }
        let notHearing = Set(unheard.flatMap { $0.missingAcknowledgements(among: vision.members) })
        readings.append(Reading(
            idea: .expectations,
            level: stated.isEmpty ? .missing : (silent.isEmpty && unheard.isEmpty ? .solid : .started),
            step: !silent.isEmpty ? .stateExpectations : (!unheard.isEmpty ? .acknowledgeExpectations : .keepItUp),
            done: count - silent.count, of: count,
            waitingFor: !silent.isEmpty ? silent : members.filter(notHearing.contains)))

        // Complementarities mapped by each, gaps named and covered.
        let report = ComplementarityReport(records: records, today: today)
        let declared = Set(vision.complementarities.compactMap(\.member))
        let undeclared = members.filter { !declared.contains($0) }
        readings.append(Reading(
            idea: .complementarities,
            level: declared.isEmpty ? .missing : (undeclared.isEmpty && report.gaps.isEmpty ? .solid : .started),
            step: !undeclared.isEmpty ? .declareComplementarities : (!report.gaps.isEmpty ? .coverGaps : .keepItUp),
            done: count - undeclared.count, of: count, waitingFor: undeclared))

        // Stages with entry and exit conditions, and everybody's terms in the current one.
        let stages = vision.stages.filter { !$0.record.isArchived }
        let unconditioned = stages.filter { $0.entryConditions == nil || $0.exitConditions == nil }
        let current = stages.first { $0.status == .active } ?? stages.first { $0.status == .planned }
        let answered = Set(current.map { vision.engagements(of: $0.id).filter { $0.exitTerms != nil || !$0.engaged }.compactMap(\.member) } ?? [])
        let unanswered = current == nil ? [] : members.filter { !answered.contains($0) }
        readings.append(Reading(
            idea: .stages,
            level: stages.isEmpty ? .missing : (unconditioned.isEmpty && unanswered.isEmpty ? .solid : .started),
            step: stages.isEmpty ? .planStages : (!unconditioned.isEmpty ? .stateConditions : (!unanswered.isEmpty ? .engageInStages : .keepItUp)),
            done: stages.count - unconditioned.count, of: stages.count, waitingFor: unanswered))

        // The phase: each checked in, and whether they agree.
        let phases = PhaseReport(records: records, today: today)
        let checked = Set(phases.latest.compactMap(\.member))
        let unchecked = members.filter { !checked.contains($0) }
        readings.append(Reading(
            idea: .phases,
            level: checked.isEmpty ? .missing : (unchecked.isEmpty && !phases.disagreement ? .solid : .started),
            step: phases.disagreement ? .talkAboutThePhase : (!unchecked.isEmpty ? .checkIn : .keepItUp),
            done: checked.count, of: count, waitingFor: unchecked))

        // Risks raised early, the serious ones followed.
        let open = vision.risks.filter { $0.status == .open }
        let unowned = open.filter { $0.isHigh && ($0.owner == nil || $0.mitigation == nil) }
        readings.append(Reading(
            idea: .risks,
            level: vision.risks.isEmpty ? .missing : (unowned.isEmpty ? .solid : .started),
            step: vision.risks.isEmpty ? .raiseRisks : (!unowned.isEmpty ? .ownRisks : .keepItUp),
            done: Set(vision.risks.map(\.zone)).count, of: Risk.Zone.allCases.count, waitingFor: []))

        // The value of work: contributions recorded, a rule agreed, valuations that agree.
        let disagreements = ValueDisagreementReport(records: records).flagged
        let rule = ValueRule.inForce(vision)
        readings.append(Reading(
            idea: .value,
            level: vision.contributions.isEmpty ? .missing : (rule != nil && disagreements.isEmpty ? .solid : .started),
            step: vision.contributions.isEmpty ? .recordContributions : (rule == nil ? .agreeValueRule : (!disagreements.isEmpty ? .settleValueDisagreements : .keepItUp)),
            done: vision.contributions.count - disagreements.count, of: vision.contributions.count, waitingFor: []))

        self.readings = readings
        var alarms: [Alarm] = []
        if phases.disagreement { alarms.append(.phaseDisagreement) }
        if !disagreements.isEmpty { alarms.append(.valueDisagreement) }
        let openDecisions = Set(vision.decisions.filter { $0.status.isOpen }.map(\.id))
        if DecisionReport(vision, today: today ?? "").items.contains(where: { $0.blocked && openDecisions.contains($0.decision) }) {
            alarms.append(.blockedDecision)
        }
        self.alarms = alarms
        let solid = readings.filter { $0.level == .solid }.count
        let said = readings.filter { $0.level >= .started }.count
        self.verdict = solid >= 5 && alarms.isEmpty ? .synergy : (said <= 2 ? .facade : .building)
    }
}
