import EntenteActions
import EntenteCore
import EntenteStore
import EntenteTestSupport
import Foundation
import Testing

/// The actions both front ends call: one signed change each, the same checks, the same words
/// in French and English.
@Suite struct ActionLayerTests {
    struct Collective {
        let directory: TemporaryDirectory
        let replica: Replica
        var workspace: Workspace { get throws { try Workspace(self.replica) } }

        init() throws {
            self.directory = try TemporaryDirectory("entente-actions")
            self.replica = try Replica.found(ReplicaFolder(self.directory.url.appendingPathComponent("alice")), collective: "Atelier", founder: "Alice")
            try self.replica.commit(message: "Alice admits Bob") { change in
                _ = Admission.admit(name: "Bob", key: SigningIdentity().author, noiseKey: [UInt8](repeating: 2, count: 32), into: &change)
            }
        }
    }

    @Test func everyActionRecordsExactlyOneSignedChangeByItsAuthor() throws {
        let c = try Collective()
        defer { c.directory.remove() }
        var count = try c.replica.changeCount()
        func recorded(_ outcome: ActionOutcome) throws {
            count += 1
            #expect(try c.replica.changeCount() == count)
            #expect(outcome.change?.change.author == c.replica.author)
            #expect(!outcome.summary.english.isEmpty && !outcome.summary.french.isEmpty && outcome.summary.english != outcome.summary.french)
        }
        try recorded(try c.workspace.stateExpectation("Be paid within 30 days", type: "concern"))
        try recorded(try c.workspace.addCommitment(what: "Draft the answer", towards: ["bob"], due: "2026-12-15"))
        try recorded(try c.workspace.updateCommitment("Draft the answer", status: "DONE"))
        try recorded(try c.workspace.checkIn(phase: "crisis", on: "2026-11-02", note: "Pricing"))
        try recorded(try c.workspace.raiseRisk("Bob may leave", zone: "defection", likelihood: 3, impact: 5))
        try recorded(try c.workspace.updateRisk("Bob may leave", status: "mitigated"))
        try recorded(try c.workspace.recordContribution("Tender answer", effort: 30))
        try recorded(try c.workspace.valueContribution("Tender answer", value: 3000))
        // A second valuation replaces the first: the same record, a new change.
        try recorded(try c.workspace.valueContribution("Tender answer", value: 2500, note: "Market rate"))
        #expect(try c.workspace.vision.valuations.count == 1)
        try recorded(try c.workspace.writeVision("We win contracts together."))
        let commitment = try c.workspace.vision.commitments[0]
        #expect(commitment.status == .done && commitment.towards.count == 1 && commitment.due == "2026-12-15")
    }

    @Test func nothingToRecordRecordsNothing() throws {
        let c = try Collective()
        defer { c.directory.remove() }
        _ = try c.workspace.writeVision("Same")
        let before = try c.replica.changeCount()
        let unchanged = try c.workspace.writeVision("Same")
        #expect(unchanged.change == nil)
        #expect(unchanged.summary.french == "Aucun changement.")
        _ = try c.workspace.stateExpectation("Heard")
        // One's own expectation is acknowledged by the others, never by oneself.
        do {
            _ = try c.workspace.acknowledgeExpectation("Heard")
            Issue.record("Alice acknowledged her own expectation")
        } catch let error as ActionError {
            #expect(error.phrase.english.hasPrefix("you cannot acknowledge your own expectation"))
        }
        #expect(try c.replica.changeCount() == before + 1)
    }

    @Test func badInputIsRefusedInBothLanguagesAndRecordsNothing() throws {
        let c = try Collective()
        defer { c.directory.remove() }
        _ = try c.workspace.recordContribution("Tender answer")
        let before = try c.replica.changeCount()
        let attempts: [() throws -> ActionOutcome] = [
            { try c.workspace.addCommitment(what: "   ") },
            { try c.workspace.addCommitment(what: "x", due: "2026-02-30") },
            { try c.workspace.addCommitment(what: "x", towards: ["nobody"]) },
            { try c.workspace.updateCommitment("x") },
            { try c.workspace.checkIn(phase: "bliss") },
            { try c.workspace.raiseRisk("r", likelihood: 0, impact: 3) },
            { try c.workspace.raiseRisk("r", likelihood: 3, impact: 6) },
            { try c.workspace.raiseRisk("r", likelihood: Int.max, impact: Int.max) },
            { try c.workspace.valueContribution("Tender answer", value: -1) },
            { try c.workspace.recordContribution("y", effort: -2) },
            { try c.workspace.resolveConflict(record: "Tender answer", field: "what", pick: 0) },
        ]
        for attempt in attempts {
            do {
                _ = try attempt()
                Issue.record("accepted bad input")
            } catch let error as ActionError {
                #expect(!error.phrase.english.isEmpty && error.phrase.french != error.phrase.english, "\(error)")
            }
        }
        #expect(try c.replica.changeCount() == before)
    }

    @Test func scoresAreRefusedJustOutsideTheScale() throws {
        for score in [1, 5] { #expect(throws: Never.self) { _ = try Input.score(score, option: "--impact") } }
        for score in [0, 6, -1, Int.min] { #expect(throws: ActionError.self) { _ = try Input.score(score, option: "--impact") } }
    }

    @Test func anotherMembersActIsRefusedWithTheirNameAndNothingIsSigned() throws {
        let c = try Collective()
        defer { c.directory.remove() }
        _ = try c.workspace.addCommitment(what: "Draft the answer", towards: ["Bob"])
        let before = try c.replica.changeCount()
        do {
            _ = try c.workspace.checkIn(phase: "euphoria", member: "Bob")
            Issue.record("Alice recorded Bob's check-in")
        } catch let error as ActionError {
            #expect(error.phrase.english.contains("only Bob can record Bob's phase check-in"))
            #expect(error.phrase.french.contains("il n'appartient qu'à Bob d'enregistrer le relevé de phase de Bob"))
        }
        do {
            _ = try c.workspace.acceptCommitment("Draft the answer")
            Issue.record("Alice accepted her own commitment")
        } catch let error as ActionError {
            #expect(error.phrase.english.contains("cannot accept their own"))
        }
        #expect(try c.replica.changeCount() == before)
    }

    @Test func emptyFormFieldsMeanNotGiven() throws {
        let c = try Collective()
        defer { c.directory.remove() }
        let outcome = try c.workspace.addCommitment(what: "Book the room", towards: [""], due: "", stage: " ")
        let commitment = try #require(try c.workspace.vision.commitments.first { $0.id == outcome.created })
        #expect(commitment.due == nil && commitment.stage == nil && commitment.towards.isEmpty)
        let checkIn = try c.workspace.checkIn(phase: "performance", on: "", note: "")
        #expect(checkIn.summary.english.contains(Dates.today()))
    }

    @Test func aDecisionIsProposedAnsweredAndClosed() throws {
        let c = try Collective()
        defer { c.directory.remove() }
        let proposed = try c.workspace.proposeDecision("Rent a studio", driver: "We meet in cafés", options: ["Lyon", " ", "Grenoble"])
        let id = try #require(proposed.created)
        #expect(try c.workspace.vision.decisions.first?.options == ["Grenoble", "Lyon"])
        // A block is on the whole proposal: it takes no option (the board once sent one).
        do {
            _ = try c.workspace.takeStance(id.hex, position: "block", reason: "Too expensive", option: "Lyon")
            Issue.record("a block was recorded with an option")
        } catch let error as ActionError {
            #expect(error.phrase.english.contains("an option goes with agreeing"))
            #expect(error.phrase.french.contains("porte sur toute la proposition"))
        }
        _ = try c.workspace.takeStance(id.hex, position: "block", reason: "Too expensive")
        do {
            _ = try c.workspace.closeDecision(id.hex, status: "adopted")
            Issue.record("adopted a blocked decision")
        } catch let error as ActionError {
            #expect(error.phrase.english.hasPrefix("Alice blocks this decision (Too expensive)"))
            #expect(error.phrase.french.hasPrefix("Alice bloque cette décision"))
        }
        _ = try c.workspace.takeStance(id.hex, position: "withdrawn")
        #expect(try c.workspace.vision.stances.isEmpty)
        _ = try c.workspace.takeStance(id.hex, position: "agree", option: "Lyon")
        let report = DecisionReport(records: try c.workspace.records, today: "2026-12-01")
        #expect(report.item(id)?.chosen == ["Lyon": 1] && report.item(id)?.blocked == false)
        // Bob, who has no replica, has not said.
        #expect(report.item(id)?.waitingFor.count == 1)
        let closed = try c.workspace.closeDecision(id.hex, status: "adopted", outcome: "Lyon, from January")
        #expect(closed.summary.french.contains("adoptée"))
        #expect(try c.workspace.vision.decisions.first?.status == .adopted)
        #expect(DecisionReport(records: try c.workspace.records, today: "2026-12-01").item(id)?.waitingFor.isEmpty == true)
    }

    @Test func ownCheckInsAndValuationsCanBeWithdrawnAndStayInTheHistory() throws {
        let c = try Collective()
        defer { c.directory.remove() }
        #expect(throws: ActionError.self) { _ = try c.workspace.withdrawCheckIn() }
        _ = try c.workspace.checkIn(phase: "euphoria", on: "2026-11-01")
        _ = try c.workspace.checkIn(phase: "crisis", on: "2026-11-20")
        let withdrawn = try c.workspace.withdrawCheckIn()
        #expect(withdrawn.summary.english.hasPrefix("Withdrew the check-in of 2026-11-20 (crisis)"))
        let report = PhaseReport(records: try c.workspace.records)
        #expect(report.latest.map(\.phase) == [.euphoria])
        _ = try c.workspace.recordContribution("Tender answer", effort: 3)
        #expect(throws: ActionError.self) { _ = try c.workspace.withdrawValuation("Tender answer") }
        _ = try c.workspace.valueContribution("Tender answer", value: 300)
        _ = try c.workspace.withdrawValuation("Tender answer")
        #expect(try c.workspace.vision.valuations.isEmpty)
        // Withdrawn, not deleted: the valuation's history keeps what it said.
        let valuation = try #require(try c.workspace.records.first { $0.kind == RecordKind.valuation })
        #expect(try c.replica.history(of: valuation.id).contains { $0.operation.value == .int(300) })
    }

    @Test func datesAddDaysAcrossMonthsYearsAndLeapDays() {
        #expect(Dates.adding(days: 7, to: "2026-12-28") == "2027-01-04")
        #expect(Dates.adding(days: 1, to: "2028-02-28") == "2028-02-29")
        #expect(Dates.adding(days: 0, to: "2026-12-01") == "2026-12-01")
        #expect(Dates.adding(days: 36_500, to: "2000-01-01") == Dates.adding(days: Int.max, to: "2000-01-01"), "clamped, never overflowing")
        #expect(Dates.adding(days: -5, to: "2026-12-01") == "2026-12-01")
        #expect(Dates.adding(days: 3, to: "not a date") == "not a date")
        #expect(Dates.dayNumber("1970-01-01") == 0 && Dates.iso(dayNumber: 20_423) == "2025-12-01")
    }
}

