import EntenteCore
import EntenteTestSupport
import Testing

/// Every vision report on hand-built states whose right answer is known.
@Suite("Vision reports")
struct VisionReportTests {
    // MARK: - Complementarities

    @Test func complementarityCoverageAndGaps() {
        var f = VisionFixture()
        let alice = f.member("Alice"), bob = f.member("Bob"), carol = f.member("Carol")
        let gone = f.member("Dan", [Member.Field.leftOn: .string("2026-01-01")])
        func entry(_ member: RecordID, _ area: String, _ kind: Complementarity.Kind) {
            f.add(RecordKind.complementarity, [Complementarity.Field.member: .record(member), Complementarity.Field.area: .string(area),
                                               Complementarity.Field.type: .string(kind.rawValue)])
        }
        entry(alice, "Design", .need)
        entry(carol, "design", .strength)        // same area, other spelling
        entry(bob, "Accounting", .weakness)
        entry(gone, "Accounting", .strength)     // Dan left: covers nothing
        entry(alice, "Tenders", .offer)
        entry(alice, "Tenders", .need)           // her own offer does not cover her need
        let report = ComplementarityReport(records: f.records)

        #expect(report.areas == ["Accounting", "Design", "Tenders"])
        #expect(report.members == [alice, bob, carol])
        #expect(report.kinds(area: "DESIGN", member: carol) == [.strength])
        #expect(report.kinds(area: "Tenders", member: alice) == [.offer, .need])
        #expect(report.coverage.count == 3)
        let design = report.coverage.first { $0.area == "Design" }
        #expect(design?.member == alice)
        #expect(design?.coveredBy == [carol])
        #expect(report.gaps.map(\.area) == ["Accounting", "Tenders"])
        #expect(report.gaps.map(\.member) == [bob, alice])
    }

    // MARK: - Commitments

    @Test func overdueAndDueSoonCommitments() {
        var f = VisionFixture()
        let alice = f.member("Alice")
        func commitment(_ due: String?, _ status: Commitment.Status) -> RecordID {
            var fields: [String: Value] = [Commitment.Field.by: .record(alice), Commitment.Field.status: .string(status.rawValue)]
            if let due { fields[Commitment.Field.due] = .string(due) }
            return f.add(RecordKind.commitment, fields)
        }
        let late = commitment("2026-12-01", .accepted)
        let today = commitment("2026-12-10", .proposed)
        let soon = commitment("2026-12-15", .proposed)
        _ = commitment("2026-12-30", .proposed)    // beyond the window
        _ = commitment("2026-11-01", .done)        // done: never overdue
        _ = commitment("2026-11-01", .dropped)
        _ = commitment(nil, .proposed)             // no date
        let deadlines = CommitmentDeadlines(records: f.records, today: "2026-12-10", soonUntil: "2026-12-17")
        #expect(deadlines.overdue.map(\.commitment) == [late])
        #expect(deadlines.dueSoon.map(\.commitment) == [today, soon])
        let onlyToday = CommitmentDeadlines(records: f.records, today: "2026-12-10")
        #expect(onlyToday.items.map(\.commitment) == [late, today])
    }

    // MARK: - Phases

    @Test func phaseDisagreementUsesEachMembersLatestCheckIn() {
        var f = VisionFixture()
        let alice = f.member("Alice"), bob = f.member("Bob")
        func checkIn(_ member: RecordID, _ date: String, _ phase: PhaseCheckIn.Phase) -> RecordID {
            f.add(RecordKind.phaseCheckIn, [PhaseCheckIn.Field.member: .record(member), PhaseCheckIn.Field.date: .string(date),
                                            PhaseCheckIn.Field.phase: .string(phase.rawValue)])
        }
        let bobLate = checkIn(bob, "2026-12-01", .crisis)    // recorded first, dated later
        _ = checkIn(alice, "2026-10-01", .euphoria)
        _ = checkIn(bob, "2026-10-02", .euphoria)
        let aliceNow = checkIn(alice, "2026-11-15", .euphoria)
        var report = PhaseReport(records: f.records)
        #expect(report.latest.map(\.id) == [aliceNow, bobLate])
        #expect(report.disagreement)
        #expect(report.consensus == nil)
        #expect(report.perceptions.map(\.phase) == [.euphoria, .crisis])
        #expect(report.timeline.map(\.date) == ["2026-10-01", "2026-10-02", "2026-11-15", "2026-12-01"])

        _ = checkIn(alice, "2026-12-02", .crisis)
        report = PhaseReport(records: f.records)
        #expect(!report.disagreement)
        #expect(report.consensus == .crisis)
    }

    @Test func phaseCheckInWithUnknownPhaseIsIgnored() {
        var f = VisionFixture()
        let alice = f.member("Alice")
        f.add(RecordKind.phaseCheckIn, [PhaseCheckIn.Field.member: .record(alice), PhaseCheckIn.Field.date: .string("2026-01-01"),
                                        PhaseCheckIn.Field.phase: .string("hibernation")])
        let report = PhaseReport(records: f.records)
        #expect(report.timeline.isEmpty)
        #expect(!report.disagreement)
    }

    // MARK: - Values

    @Test(arguments: [
        (100, 70, false),   // 0.3: not strictly above the threshold
        (100, 69, true),    // 0.31
        (100, 100, false),
        (0, 0, false),
    ])
    func valueDisagreementThreshold(first: Int64, second: Int64, flagged: Bool) {
        var f = VisionFixture()
        let alice = f.member("Alice"), bob = f.member("Bob")
        let work = f.add(RecordKind.contribution, [Contribution.Field.what: .string("Tender"), Contribution.Field.member: .record(alice)])
        for (member, value) in [(alice, first), (bob, second)] {
            f.add(RecordKind.valuation, [Valuation.Field.contribution: .record(work), Valuation.Field.member: .record(member),
                                         Valuation.Field.value: .int(value)])
        }
        let report = ValueDisagreementReport(records: f.records, threshold: 0.3)
        #expect(report.items.count == 1)
        #expect(report.flagged.map(\.contribution) == (flagged ? [work] : []))
    }

    @Test func laterValuationReplacesEarlierOneOfTheSameMember() {
        var f = VisionFixture()
        let alice = f.member("Alice"), bob = f.member("Bob")
        let work = f.add(RecordKind.contribution, [Contribution.Field.what: .string("Tender")])
        for (member, value) in [(alice, Int64(100)), (bob, 40), (bob, 90)] {
            f.add(RecordKind.valuation, [Valuation.Field.contribution: .record(work), Valuation.Field.member: .record(member),
                                         Valuation.Field.value: .int(value)])
        }
        let report = ValueDisagreementReport(records: f.records)
        #expect(report.items.first?.lowest == 90)
        #expect(report.flagged.isEmpty)
        let single = ValueDisagreementReport(records: Array(f.records.prefix(4)))
        #expect(single.items.isEmpty)   // one valuation: nothing to compare
    }

    @Test func extremeValuationsFromPeersDoNotTrap() {
        var f = VisionFixture()
        let work = f.add(RecordKind.contribution, [Contribution.Field.what: .string("Tender")])
        for value in [Int64.min, Int64.max] {
            f.add(RecordKind.valuation, [Valuation.Field.contribution: .record(work), Valuation.Field.member: .record(f.member("M\(value)")),
                                         Valuation.Field.value: .int(value)])
        }
        #expect(ValueDisagreementReport(records: f.records).flagged.count == 1)
    }

    // MARK: - Expectations and attention

    @Test func expectationAcknowledgementsAndAttention() {
        var f = VisionFixture()
        let alice = f.member("Alice"), bob = f.member("Bob"), carol = f.member("Carol")
        // Dan is archived by a carried motion (Alice, the only other voter, proposed it).
        let dan = f.member("Dan")
        f.add(RecordKind.motion, [MotionField.member: .record(dan), MotionField.action: .string("archive"), MotionField.proposer: .record(alice)],
              sets: [MotionField.voters: [.record(alice)]])
        let expectation = f.add(RecordKind.expectation, [Expectation.Field.text: .string("Two tenders a year"),
                                                         Expectation.Field.statedBy: .record(alice)],
                                sets: [Expectation.Field.acknowledgedBy: [.record(bob)]])
        let agreed = f.add(RecordKind.expectation, [Expectation.Field.text: .string("Fair split"), Expectation.Field.statedBy: .record(bob),
                                                    Expectation.Field.status: .string("agreed")])
        let risk = f.add(RecordKind.risk, [Risk.Field.likelihood: .int(3), Risk.Field.impact: .int(4), Risk.Field.zone: .string("defection")])
        f.add(RecordKind.risk, [Risk.Field.likelihood: .int(2), Risk.Field.impact: .int(5)])          // 10: not high
        f.add(RecordKind.risk, [Risk.Field.likelihood: .int(99), Risk.Field.impact: .int(-3)])        // clamped to 5 × 1
        f.conflict(expectation, Expectation.Field.text, [.string("Two tenders a year"), .string("Three tenders a year")])
        let attention = Attention(records: f.records, today: "2026-12-10")
        #expect(attention.unacknowledged == [.init(expectation: expectation, missing: [carol])])
        #expect(!attention.unacknowledged.contains { $0.expectation == agreed })
        #expect(attention.highRisks == [risk])
        #expect(attention.conflicts.map(\.field) == [Expectation.Field.text])
        #expect(attention.count == 3)
        // From a vision already read: the same, whether read as of that date or of none.
        #expect(Attention(vision: Vision(records: f.records, today: "2026-12-10"), today: "2026-12-10") == attention)
        #expect(Attention(vision: Vision(records: f.records), today: "2026-12-10") == attention)
    }

    /// Records in creation order whatever order they come in; in that order already, the same.
    @Test func recordsAreTakenInCreationOrder() {
        var f = VisionFixture()
        for index in 0..<12 { _ = f.member("Member \(index)") }
        let sorted = f.records.sorted(by: creationOrder)
        var generator = SeededRandom(seed: 7)
        for _ in 0..<5 {
            #expect(f.records.shuffled(using: &generator).inCreationOrder == sorted)
        }
        #expect(sorted.inCreationOrder == sorted)
        #expect([RecordState]().inCreationOrder.isEmpty && Array(sorted.prefix(1)).inCreationOrder == Array(sorted.prefix(1)))
    }

    @Test func riskScoresAreClampedAndZonesParsed() throws {
        var f = VisionFixture()
        let id = f.add(RecordKind.risk, [Risk.Field.likelihood: .int(99), Risk.Field.impact: .int(0), Risk.Field.zone: .string("value-of-work")])
        let risk = try #require(f.records.first { $0.id == id }.flatMap(Risk.init))
        #expect(risk.likelihood == 5 && risk.impact == 1 && !risk.isHigh)
        #expect(risk.zone == .valueOfWork)
    }
}

/// The small rules of the model: who is active, which duplicate counts, which collective.
@Suite("Vision model")
struct VisionModelTests {
    @Test func leavingMakesAMemberInactiveButKeepsThem() throws {
        var f = VisionFixture()
        let stage = f.add(RecordKind.stage, [Stage.Field.title: .string("Pilot")])
        let carol = f.member("Carol", [Member.Field.leftAt: .record(stage), Member.Field.exitTerms: .string("Hands over")])
        let vision = Vision(records: f.records)
        let member = try #require(vision.member(carol))
        #expect(member.hasLeft && !member.isActive)
        #expect(vision.members.count == 1 && vision.activeMembers.isEmpty)
        #expect(vision.stage(member.leftAt)?.title == "Pilot")
    }

    @Test func newestEngagementOfAPairCounts() {
        var f = VisionFixture()
        let alice = f.member("Alice")
        let stage = f.add(RecordKind.stage, [Stage.Field.title: .string("Pilot")])
        for engaged in [true, false] {
            f.add(RecordKind.engagement, [Engagement.Field.stage: .record(stage), Engagement.Field.member: .record(alice),
                                          Engagement.Field.engaged: .bool(engaged)])
        }
        let engagements = Engagement.current(in: f.records.reversed())
        #expect(engagements.count == 1)
        #expect(engagements.first?.engaged == false)
    }

    @Test func theOldestCollectiveIsTheCollective() {
        var f = VisionFixture()
        let first = f.add(RecordKind.collective, [Collective.Field.name: .string("Atelier"), Collective.Field.purpose: .string("One offer")])
        f.add(RecordKind.collective, [Collective.Field.name: .string("Duplicate")])
        let collective = Collective.find(in: f.records.reversed())
        #expect(collective?.id == first)
        #expect(collective?.purpose == "One offer")
    }

    @Test func archivedRecordsLeaveTheBoard() {
        var f = VisionFixture()
        f.add(RecordKind.risk, [Risk.Field.description: .string("Gone"), CommonField.archived: .bool(true)])
        f.add(RecordKind.stage, [Stage.Field.title: .string("Old"), CommonField.archived: .bool(true)])
        let vision = Vision(records: f.records)
        #expect(vision.risks.isEmpty && vision.stages.isEmpty)
        #expect(vision.records.count == 2)
    }
}
