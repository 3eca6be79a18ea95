import EntenteActions
import EntenteCore
import EntenteStore
import EntenteText
import EntenteTestSupport
import Foundation
import Testing

/// Agreements that take effect, lapse or come due on a date: read as of a chosen "today", so
/// each side of every date is checked.
@Suite struct DatedAgreementTests {
    typealias Collective = ActionLayerTests.Collective

    func workspace(_ c: Collective, on today: String) throws -> Workspace { try Workspace(c.replica, today: today) }

    /// Dates as people read them: "15 janv. 2027" in French, "15 Jan 2027" in English (the
    /// board's; the command line keeps ISO in English); what is not an ISO date, as it is.
    @Test func datesAreShownAsPeopleReadThem() {
        #expect(Dates.shown("2027-01-15", language: .french) == "15 janv. 2027")
        #expect(Dates.shown("2027-01-15", language: .english) == "15 Jan 2027")
        #expect(Dates.shown("2026-08-01", language: .french) == "1 août 2026")
        let french = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]
        for (month, name) in zip(1...12, french) {
            #expect(Dates.shown("2026-\(month < 10 ? "0" : "")\(month)-28", language: .french) == "28 \(name) 2026")
        }
        for text in ["", "soon", "2027-13-01", "2027-00-10", "27-01-15", "2027-01-32", "2027-01-00", "2027-1", "2027-01-15-03", "abcd-01-02", "2027--15"] {
            #expect(Dates.shown(text, language: .french) == text, "\(text)")
        }
    }

    @Test func aDepartureDatedLaterTakesEffectOnItsDate() throws {
        let c = try Collective()
        defer { c.directory.remove() }
        let outcome = try self.workspace(c, on: "2027-01-10").leave(member: "Alice", on: "2027-01-15", kind: "good-reason")
        #expect(outcome.summary.english.contains("Alice will leave on 2027-01-15"))
        #expect(outcome.summary.french.contains("Alice partira le 15 janv. 2027"))
        for (today, active) in [("2027-01-14", true), ("2027-01-15", false), ("2027-02-01", false)] {
            let workspace = try self.workspace(c, on: today)
            let alice = try #require(workspace.vision.members.first { $0.name == "Alice" })
            #expect(alice.isActive == active, "on \(today)")
            #expect(alice.leavesOn == (active ? "2027-01-15" : nil), "on \(today)")
            #expect(workspace.vision.activeMembers.contains { $0.name == "Alice" } == active, "on \(today)")
        }
        // Read without a date (replicated data only), every recorded departure counts.
        #expect(Vision(records: try c.replica.records()).members.first { $0.name == "Alice" }?.isActive == false)
        // A departure is recorded once, whether or not its date has come.
        #expect(throws: ActionError.self) { try self.workspace(c, on: "2027-01-10").leave(member: "Alice") }
        #expect(throws: ActionError.self) { try self.workspace(c, on: "2027-02-01").leave(member: "Alice") }
    }

    @Test func anEngagementLapsesTheDayAfterItsRenewalDate() throws {
        let c = try Collective()
        defer { c.directory.remove() }
        _ = try self.workspace(c, on: "2026-01-01").addStage("Pilot")
        _ = try self.workspace(c, on: "2026-01-01").engage(stage: "Pilot", renewOn: "2026-06-30")
        let cases: [(today: String, counted: Bool, lapsed: Bool?)] = [("2026-06-29", true, nil), ("2026-06-30", true, false), ("2026-07-01", false, true)]
        for (today, counted, lapsed) in cases {
            let vision = try self.workspace(c, on: today).vision
            let stage = try #require(vision.stages.first)
            #expect(vision.engaged(in: stage.id).count == (counted ? 1 : 0), "on \(today)")
            // Status lists it from its date (soon window of zero days), lapsed the day after.
            #expect(Attention(records: vision.records, today: today, soonUntil: today).renewals.first?.lapsed == lapsed, "on \(today)")
        }
        // Renewing with a later date counts again.
        _ = try self.workspace(c, on: "2026-07-01").engage(stage: "Pilot", renewOn: "2026-12-31")
        let vision = try self.workspace(c, on: "2026-07-01").vision
        #expect(vision.engaged(in: try #require(vision.stages.first).id).count == 1)
    }

    @Test func stagesAndExitTermsComeDueForReviewOnTheirDate() throws {
        let c = try Collective()
        defer { c.directory.remove() }
        let early = try self.workspace(c, on: "2026-01-01")
        _ = try early.addStage("Pilot", reviewOn: "2026-03-01")
        _ = try early.addStage("Done already", status: "done", reviewOn: "2026-03-01")
        _ = try early.setExitTerms(kind: "good-reason", noticeDays: 30, reviewOn: "2026-04-01")
        func reviews(_ today: String) throws -> [String] {
            let records = try c.replica.records()
            return Attention(records: records, today: today).reviews.map { "\($0.kind) \($0.reviewOn)" }
        }
        #expect(try reviews("2026-02-28") == [])
        #expect(try reviews("2026-03-01") == ["stage 2026-03-01"])
        #expect(try reviews("2026-04-01") == ["stage 2026-03-01", "exitTerms 2026-04-01"])
        // The review held: the next date, or none.
        let later = try self.workspace(c, on: "2026-03-02")
        _ = try later.updateStage("Pilot", reviewOn: "2026-09-01")
        #expect(try reviews("2026-04-01") == ["exitTerms 2026-04-01"])
        _ = try later.updateStage("Pilot", reviewOn: "")
        #expect(try reviews("2027-01-01") == ["exitTerms 2026-04-01"])
        #expect(try self.workspace(c, on: "2026-03-02").vision.stages.first { $0.title == "Pilot" }?.reviewOn == nil)
        // New terms replace the old ones, and their review date with them.
        _ = try later.setExitTerms(kind: "good-reason", noticeDays: 45)
        #expect(try reviews("2027-01-01") == [])
        let fresh = try self.workspace(c, on: "2026-03-02")
        #expect(fresh.exitTermsInWords(member: try fresh.me(), stage: nil, kind: .goodReason).english.contains("notice 45 days"))
    }

    @Test func reviewDatesInThePastAreRefusedAndNothingIsWritten() throws {
        let c = try Collective()
        defer { c.directory.remove() }
        _ = try self.workspace(c, on: "2026-05-10").addStage("Pilot")
        let workspace = try self.workspace(c, on: "2026-05-10")
        let count = try c.replica.changeCount()
        for attempt in [
            { _ = try workspace.updateStage("Pilot", reviewOn: "2026-05-09") },
            { _ = try workspace.addStage("Scale", reviewOn: "2026-05-09") },
            { _ = try workspace.setExitTerms(kind: "good-reason", noticeDays: 10, reviewOn: "2026-05-09") },
            { _ = try workspace.updateStage("Pilot", reviewOn: "2026-02-30") },
        ] as [() throws -> Void] {
            let error = try #require(throws: ActionError.self) { try attempt() }
            #expect(error.phrase.english.contains("--review-on"))
            #expect(!error.phrase.french.isEmpty)
        }
        #expect(try c.replica.changeCount() == count)
        // Today itself is accepted.
        _ = try workspace.updateStage("Pilot", reviewOn: "2026-05-10")
        #expect(try c.replica.changeCount() == count + 1)
    }

    @Test func archiveAndRestoreAnyRecordButMembersAndWrittenOnceRecords() throws {
        let c = try Collective()
        defer { c.directory.remove() }
        let workspace = try c.workspace
        _ = try workspace.addStage("Pilot")
        _ = try workspace.setExitTerms(kind: "good-reason", noticeDays: 30)
        let count = try c.replica.changeCount()
        let notArchived = try #require(throws: ActionError.self) { try c.workspace.restoreRecord("Pilot") }
        #expect(notArchived.phrase.english.contains("not archived"))
        let member = try #require(throws: ActionError.self) { try c.workspace.archiveRecord("Bob") }
        #expect(member.phrase.english.contains("entente member archive"))
        let terms = try #require(ExitTerms.current(in: try c.replica.records()).first)
        #expect(throws: ActionError.self) { try c.workspace.archiveRecord(terms.id.hex) }
        #expect(try c.replica.changeCount() == count)
        let archived = try c.workspace.archiveRecord("Pilot")
        #expect(archived.summary.english.contains("Archived the stage “Pilot”"))
        #expect(try c.workspace.vision.stages.isEmpty)
        let restored = try c.workspace.restoreRecord("Pilot")
        #expect(restored.summary.french.contains("Restauré : l'étape « Pilot »"))
        #expect(try c.workspace.vision.stages.map(\.title) == ["Pilot"])
    }
}

/// The largest vision statement one edit can add, on both sides of the limit.
@Suite struct VisionSizeTests {
    @Test func oneEditAddsAtMostTheOperationLimitAndSaysSo() throws {
        let c = try ActionLayerTests.Collective()
        defer { c.directory.remove() }
        let limit = TextLimits.maxContentBytesPerOperation
        let count = try c.replica.changeCount()
        let error = try #require(throws: ActionError.self) { try c.workspace.writeVision(String(repeating: "a", count: limit + 1)) }
        #expect(error.phrase.english.contains("can add at most 1 MiB of text, and this one adds 1 MiB (1048577 bytes)"))
        #expect(error.phrase.french.contains("rien n'a été modifié"))
        #expect(!error.phrase.english.contains("maxContentBytesPerOperation"))
        #expect(try c.replica.changeCount() == count)
        _ = try c.workspace.writeVision(String(repeating: "a", count: limit))
        #expect(try c.replica.changeCount() == count + 1)
    }
}
