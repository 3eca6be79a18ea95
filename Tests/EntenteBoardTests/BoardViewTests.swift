import EntenteActions
import EntenteCore
import EntenteStore
import Foundation
import Testing
@testable import EntenteBoard

/// The views' data and the SVG and HTML drawn from it.
@Suite struct BoardViewTests {
    @Test func complementarityMatrixMarksGapsAndCoverage() throws {
        let fixture = try BoardFixture()
        defer { fixture.remove() }
        let view = ComplementarityView(try fixture.data(.complementarities))
        #expect(Set(view.columns.map(\.text)) == ["Alice", "Bob", "Carol"])
        #expect(view.rows.map(\.text) == ["Design", "Finance", "Tenders"])
        // Nobody else covers Alice's need in Finance or weakness in Tenders: two gaps.
        #expect(view.chips.filter { $0.ring == "gap" }.count == 2)
        #expect(view.chips.first { $0.kind == "strength" }?.ring == nil)
        #expect(view.gaps.count == 2)
        let html = try BoardRenderer().render(view, "complementarities")
        #expect(html.contains("<svg class=\"matrix\""))
        #expect(html.contains("class=\"ring gap\""))
        #expect(html.contains("nobody covers it"))
    }

    @Test func stagesTimelineShowsConditionsAndEngagements() throws {
        let fixture = try BoardFixture()
        defer { fixture.remove() }
        let view = StagesView(try fixture.data(.stages))
        #expect(view.boxes.count == 1)
        #expect(view.boxes.first?.engaged == 1)
        #expect(view.cards.first?.entry == "A signed tender")
        #expect(view.cards.first?.people.first?.entry == "Two days a week")
        let html = try BoardRenderer().render(view, "stages")
        #expect(html.contains("<svg class=\"timeline\""))
        #expect(html.contains("Two days a week"))
    }

    @Test func phaseChartHasALanePerMemberWhoCheckedIn() throws {
        let fixture = try BoardFixture()
        defer { fixture.remove() }
        let view = PhasesView(try fixture.data(.phases))
        #expect(view.lanes.map(\.name) == ["Alice"])
        #expect(view.lanes.first?.segments.first?.phase == "euphoria")
        #expect(view.disagreement == nil)
        let html = try BoardRenderer().render(view, "phases")
        #expect(html.contains("class=\"phase euphoria"))
    }

    @Test func commitmentsBoardByStatusMarksOverdue() throws {
        let fixture = try BoardFixture()
        defer { fixture.remove() }
        let view = CommitmentsView(try fixture.data(.commitments), soonUntil: "2026-02-08")
        #expect(view.columns.map(\.status) == ["proposed", "accepted", "done", "dropped", "broken"])
        let card = try #require(view.columns.first?.cards.first)
        #expect(card.mark == "overdue")
        #expect(card.towards == "Bob")
        // Alice made it: she cannot accept her own commitment, nor mark it accepted; the core
        // says so (a dry run of the change), and the form offers only the rest.
        #expect(card.canAccept == false)
        #expect(card.canChange)
        #expect(card.statuses.map(\.value) == ["proposed", "done", "dropped", "broken"])
        let html = try BoardRenderer().render(view, "commitments")
        #expect(!html.contains("<option value=\"accepted\""))
    }

    /// A list shows at most `BoardLimits.excerptCharacters` of a text, then "…"; the
    /// record's page shows it whole.
    @Test(arguments: [BoardLimits.excerptCharacters, BoardLimits.excerptCharacters + 1])
    func aListShowsTheBeginningOfALongTitle(length: Int) throws {
        let title = String(repeating: "é", count: length)
        let fixture = try BoardFixture(hostileTitle: title)
        defer { fixture.remove() }
        let view = CommitmentsView(try fixture.data(.commitments), soonUntil: "2026-02-08")
        let card = try #require(view.columns.flatMap(\.cards).first { $0.what.hasPrefix("éé") })
        let cut = length > BoardLimits.excerptCharacters
        #expect(card.what == (cut ? String(repeating: "é", count: BoardLimits.excerptCharacters) + "…" : title))
    }

    @Test func riskHeatMapPlacesEachRiskInItsZone() throws {
        let fixture = try BoardFixture()
        defer { fixture.remove() }
        let view = RisksView(try fixture.data(.risks))
        #expect(view.maps.map(\.zone) == ["defection"])
        #expect(view.maps.first?.markers.count == 1)
        #expect(view.rows.first?.high == true)
        // Likelihood 4, impact 4: the fourth column, the second row from the top.
        #expect(view.maps.first?.markers.first?.x == 25 + 3 * 30 + 15)
        #expect(view.maps.first?.markers.first?.y == 5 + 1 * 30 + 15)
    }

    @Test func contributionsShowEveryMembersValuation() throws {
        let fixture = try BoardFixture()
        defer { fixture.remove() }
        let view = ContributionsView(try fixture.data(.contributions))
        #expect(Set(view.members.map(\.name)) == ["Alice", "Bob", "Carol"])
        let alice = try #require(view.members.firstIndex { $0.name == "Alice" })
        let values = try #require(view.rows.first?.values)
        #expect(values[alice].text == "3000")
        #expect(values[alice].bar == 80)
        #expect(values.filter { $0.text == "—" }.count == 2)
    }

    @Test func visionStatementIsAttributedByRun() throws {
        let fixture = try BoardFixture()
        defer { fixture.remove() }
        let data = try fixture.data(.vision)
        let collective = try data.workspace.collective()
        let view = VisionView(data, authorship: try fixture.replica.textAuthorship(record: collective.id, field: Collective.Field.vision))
        #expect(view.runs.map(\.text).joined() == "A studio we share,\nwork we choose.")
        #expect(view.runs.allSatisfy { $0.title == "written by Alice" })
    }

    @Test func logAndHistoryAreWordsNotFieldNames() throws {
        let fixture = try BoardFixture()
        defer { fixture.remove() }
        _ = try Workspace(fixture.replica).updateCommitment("Draft the tender answer", status: "done")
        let data = try fixture.data(.log)
        let view = LogView(data, changes: try fixture.replica.latestChanges(limit: 50), total: try fixture.replica.changeCount())
        let texts = view.lines.map(\.text)
        #expect(texts.first == "Alice marked Alice's commitment “Draft the tender answer” done")
        #expect(texts.contains("Alice valued “Wrote the tender answer” at 3000"))
        #expect(texts.contains("Alice sees euphoria (2026-11-02)"))
        let french = LogView(try fixture.data(.log, .french), changes: try fixture.replica.latestChanges(limit: 50), total: 0)
        #expect(french.lines.first?.text == "Alice a marqué l'engagement «\u{00A0}Draft the tender answer\u{00A0}» d'Alice\u{00A0}: tenu")
        let record = try data.workspace.resolver.resolve("Draft the tender answer")
        let history = LogView(data, history: try fixture.replica.history(of: record.id), record: record)
        #expect(history.lines.contains { $0.text == "Alice recorded a commitment “Draft the tender answer”" })
        #expect(!history.lines.contains { $0.text.contains("acceptedBy") })
    }

    /// A change's note (what its author typed: the vision form's "Why") follows its words,
    /// escaped; a change without one shows none.
    @Test func theLogShowsTheAuthorsNoteAfterTheWords() throws {
        let fixture = try BoardFixture()
        defer { fixture.remove() }
        let perform = try #require(BoardActions.table["vision"])
        _ = try perform(try Workspace(fixture.replica), BoardForm(encoded: "text=Un+studio+partag%C3%A9&message=%3Cb%3Epour%3C%2Fb%3E+le+client"))
        _ = try Workspace(fixture.replica).updateCommitment("Draft the tender answer", status: "done")
        let newest = try fixture.replica.latestChanges(limit: 2)
        #expect(newest.map(\.change.message) == ["<b>pour</b> le client", ""])
        let view = LogView(try fixture.data(.log), changes: newest, total: 2)
        #expect(view.lines.map(\.authorsNote) == [nil, "<b>pour</b> le client"])
        #expect(view.lines.last?.text.hasPrefix("Alice edited the vision statement") == true, "\(view.lines)")
        let html = try BoardRenderer().render(view, "log")
        #expect(html.contains(" — <q class=\"note\">&lt;b&gt;pour&lt;/b&gt; le client</q>"), "\(html)")
        #expect(!html.contains("<b>pour"))
        #expect(html.components(separatedBy: "class=\"note\"").count == 2, "\(html)")
    }

    @Test func frenchIsCompleteOnEveryPage() throws {
        let fixture = try BoardFixture()
        defer { fixture.remove() }
        let renderer = try BoardRenderer()
        // Words that appear only in the English pages' own texts (not in member data).
        let english = ["Record", "history", "Stage", "Status", "Change", "nobody", "needs attention", "Who ", " by ", "Why (optional)"]
        for page in Page.allCases {
            let data = try fixture.data(page, .french)
            let html: String = switch page {
            case .status: renderer.render(StatusView(data, refusals: [], forks: [], soonUntil: "2026-02-08"), "status")
            case .vision: renderer.render(VisionView(data, authorship: []), "vision")
            case .expectations: renderer.render(ExpectationsView(data), "expectations")
            case .complementarities: renderer.render(ComplementarityView(data), "complementarities")
            case .stages: renderer.render(StagesView(data), "stages")
            case .phases: renderer.render(PhasesView(data), "phases")
            case .commitments: renderer.render(CommitmentsView(data, soonUntil: "2026-02-08"), "commitments")
            case .risks: renderer.render(RisksView(data), "risks")
            case .contributions: renderer.render(ContributionsView(data), "contributions")
            case .decisions: renderer.render(DecisionsView(data), "decisions")
            case .members:
                renderer.render(MembersView(data, activity: try fixture.replica.deviceActivity(), lastExchange: nil, myKey: fixture.replica.author), "members")
            case .log: renderer.render(LogView(data, changes: try fixture.replica.latestChanges(limit: 50), total: 10), "log")
            }
            #expect(!html.isEmpty, "\(page)")
            for word in english {
                let pattern = "\\b" + NSRegularExpression.escapedPattern(for: word.trimmingCharacters(in: .whitespaces)) + "\\b"
                #expect(Self.visibleText(html).range(of: pattern, options: .regularExpression) == nil, "\(page) shows the English \"\(word)\"")
            }
        }
    }

    /// The text between tags, without member data that the fixture wrote in English.
    static func visibleText(_ html: String) -> String {
        var text = html.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
        for data in ["Draft the tender answer", "Win two public tenders a year", "Bob may leave for a salaried job", "Wrote the tender answer",
                     "We just met", "A signed tender", "Two days a week", "Pilot", "Design", "Finance", "Tenders", "A studio we share,", "work we choose.",
                     "Atelier Commun", "`entente log`", "`entente audit`", "Rent the studio", "We meet in cafés", "The rent is too high", "Lyon", "Grenoble"] {
            text = text.replacingOccurrences(of: data, with: "")
        }
        return text
    }

    @Test func contributionsShowEachSharePerTheAdoptedRule() throws {
        let fixture = try BoardFixture()
        defer { fixture.remove() }
        #expect(ContributionsView(try fixture.data(.contributions)).rule == nil)
        let proposed = try Workspace(fixture.replica).proposeValueRule(hourRate: "60", levy: "10 %")
        _ = try Workspace(fixture.replica).closeDecision(try #require(proposed.created).hex, status: "adopted")
        let view = ContributionsView(try fixture.data(.contributions))
        #expect(view.rule?.hasPrefix("The agreed rule: 60.00 EUR an hour") == true)
        // Alice's 30 hours: 1800.00, less 10 %.
        #expect(view.shares.map(\.net) == ["1620.00 EUR"])
        #expect(view.fund == "180.00 EUR")
        let french = ContributionsView(try fixture.data(.contributions, .french))
        #expect(french.shares.first?.gross == "1\u{202F}800,00\u{202F}EUR")
        #expect(try BoardRenderer().render(view, "contributions").contains("<table class=\"shares\">"))
    }

    @Test func decisionsShowEveryStanceAndTheBlock() throws {
        let fixture = try BoardFixture()
        defer { fixture.remove() }
        let view = DecisionsView(try fixture.data(.decisions))
        let card = try #require(view.cards.first)
        #expect(card.text == "Rent the studio" && card.blocked && card.open && card.mine)
        #expect(card.stances.map(\.word) == ["block"])
        #expect(card.stances.first?.reason == "The rent is too high")
        // The first choice, selected, is no option: a block or an objection is on the whole proposal.
        #expect(card.hasOptions && card.options.map(\.value) == ["", "Grenoble", "Lyon"] && card.options.first?.selected == true)
        #expect(Set((card.waiting ?? "").components(separatedBy: ", ")) == ["Bob", "Carol"])
        let status = StatusView(try fixture.data(.status), refusals: [], forks: [], soonUntil: "2026-02-08")
        #expect(status.items.contains { $0.text == "The proposal “Rent the studio” is blocked" })
        let french = DecisionsView(try fixture.data(.decisions, .french))
        #expect(french.cards.first?.statusWord == "bloquée")
        let html = try BoardRenderer().render(view, "decisions")
        #expect(html.contains("action=\"/act/stance\""))
        #expect(html.contains("action=\"/act/close-decision\""))
    }

    @Test func aRecordArchivedWhileEditedOffersToRestoreOrKeepIt() throws {
        let fixture = try BoardFixture()
        defer { fixture.remove() }
        let data = try fixture.data(.status)
        // Pilot as if Alice (the change at log position 50) had archived it without seeing
        // Bob's goal (at position 49).
        var pilot = try data.workspace.resolver.resolve("Pilot", kind: RecordKind.stage)
        let bob = AuthorKey(unchecked: [UInt8](repeating: 2, count: 32))
        let archiving = try SignedChange(signing: Change(
            collective: CollectiveID(unchecked: [UInt8](repeating: 1, count: 16)), author: fixture.replica.author, seq: 50, heads: [],
            timestamp: .zero, operations: [.set(record: pilot.id, field: CommonField.archived, value: .bool(true))]), with: fixture.replica.identity)
        pilot.registers[Stage.Field.goal] = [FieldWrite(tag: WriteTag(author: bob, change: ChangeID(unchecked: [UInt8](repeating: 9, count: 32)), op: 0),
                                                        timestamp: .zero, value: .string("Win it"), position: 49)]
        pilot.registers[CommonField.archived] = [FieldWrite(tag: WriteTag(author: archiving.author, change: archiving.id, op: 0), timestamp: .zero,
                                                            value: .bool(true), position: 50)]
        let past = CausalPast(position: 50, author: archiving.author, seq: 50, heads: [48], summary: PastSummary(floor: 49, unseen: [49...49]),
                              in: CausalIndex(reader: SummaryOnly(), forked: [], memo: CausalMemo()))
        let conflict = try #require(try ArchiveConflict.find(pilot, archiving: archiving, past: past))
        let renderer = try BoardRenderer()
        let english = StatusView(data, refusals: [], forks: [], archived: [conflict], soonUntil: "2026-02-08")
        let item = try #require(english.items.first { $0.text.hasPrefix("“Pilot” was archived by Alice while") })
        #expect(item.action?.path == "/act/restore" && item.alternative?.path == "/act/archive")
        #expect(item.action?.fields.first?.value == pilot.id.hex)
        let html = renderer.render(english, "status")
        #expect(html.contains("action=\"/act/restore\"") && html.contains("action=\"/act/archive\""))
        #expect(html.contains("Keep it archived"))
        let french = StatusView(try fixture.data(.status, .french), refusals: [], forks: [], archived: [conflict], soonUntil: "2026-02-08")
        #expect(french.items.contains { $0.text.hasPrefix("«\u{00A0}Pilot\u{00A0}» a été archivé par Alice pendant que") && $0.alternative?.label == "Le garder archivé" })
    }

    @Test func markupInMemberTextIsEscapedEverywhere() throws {
        let hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'"
        let fixture = try BoardFixture(hostileTitle: hostile)
        defer { fixture.remove() }
        let renderer = try BoardRenderer()
        let data = try fixture.data(.commitments)
        for html in [renderer.render(CommitmentsView(data, soonUntil: "2026-02-08"), "commitments"),
                     renderer.render(StatusView(try fixture.data(.status), refusals: [], forks: [], soonUntil: "2026-02-08"), "status"),
                     renderer.render(LogView(try fixture.data(.log), changes: try fixture.replica.latestChanges(limit: 50), total: 1), "log")] {
            #expect(!html.contains("<script>"))
            #expect(!html.contains("<img"))
            #expect(html.contains("&lt;script&gt;"))
        }
    }
}

/// A causal past's reader for pasts its summary describes whole: never asked.
struct SummaryOnly: LogReader {
    func entry(at position: Int) throws -> LogEntry { throw MergeError.missingHead(.none) }

    /// Members and devices: each member with their device keys, how many changes each signed
    /// that this replica holds, and when this replica last had news.
    @Test func membersAndDevicesAreListed() throws {
        let fixture = try BoardFixture()
        defer { fixture.remove() }
        let renderer = try BoardRenderer()
        let activity = try fixture.replica.deviceActivity()
        let mine = try #require(activity[fixture.replica.author])
        #expect(mine.changes == (try fixture.replica.changeCount()))
        let html = renderer.render(MembersView(try fixture.data(.members, .french), activity: activity, lastExchange: nil,
                                               myKey: fixture.replica.author), "members")
        #expect(html.contains("Membres et appareils") && html.contains("cet appareil") && html.contains(fixture.replica.author.fingerprint), "\(html)")
        #expect(html.contains(">Bob<") && html.contains(">Carol<") && html.contains("rien de signé encore"), "\(html)")
        #expect(html.contains("alarm banner") && html.contains("encore échangé de changements avec aucun autre"), "\(html)")
        let recent = renderer.render(MembersView(try fixture.data(.members), activity: activity, lastExchange: Date(),
                                                 myKey: fixture.replica.author), "members")
        #expect(!recent.contains("alarm banner") && recent.contains("last exchanged changes with another on"), "\(recent)")
        // In step or behind, from the last completed sync with each device.
        let directory = try fixture.replica.directory(today: nil)
        let bob = try #require(directory.members.first { $0.name == "Bob" }?.key)
        let carol = try #require(directory.members.first { $0.name == "Carol" }?.key)
        let count = try fixture.replica.changeCount()
        let step = renderer.render(MembersView(try fixture.data(.members), activity: activity, lastExchange: Date(), myKey: fixture.replica.author,
                                               exchanges: [bob: PeerExchange(at: 1_800_000_000, changes: count), carol: PeerExchange(at: 1_800_000_000, changes: count - 2)],
                                               changesHere: count), "members")
        #expect(step.contains("In step with this replica") && step.contains("in step since"), "\(step)")
        #expect(step.contains("2 changes here since the sync of") && step.contains("class=\"alarm\""), "\(step)")
        let french = renderer.render(MembersView(try fixture.data(.members, .french), activity: activity, lastExchange: Date(), myKey: fixture.replica.author,
                                                 exchanges: [carol: PeerExchange(at: 1_800_000_000, changes: count - 1)], changesHere: count), "members")
        #expect(french.contains("1 changement reçu ici depuis la synchronisation du") && french.contains("pas encore synchronisé directement"), "\(french)")
        // Each device's last arrival through a relay folder (issue 23).
        let relayed = renderer.render(MembersView(try fixture.data(.members), activity: activity, lastExchange: Date(), myKey: fixture.replica.author,
                                                  relayed: [bob: Date(timeIntervalSince1970: 1_800_000_000)]), "members")
        #expect(relayed.contains("Last through a relay folder") && relayed.contains("2027"), "\(relayed)")
    }
}

/// Issue 25: the landing page shows what just arrived from the other members.
@Suite struct BoardArrivalsTests {
    @Test func theLandingShowsTheOthersLatestChanges() throws {
        let fixture = try BoardFixture()
        defer { fixture.remove() }
        let alice = fixture.replica
        // Bruno, on his own replica, commits to something; Alice merges it.
        let bruno = try fixture.admitBruno()
        #expect(try StatusView.arrivals(alice).isEmpty, "nothing from the others yet")
        _ = try Workspace(bruno).addCommitment(what: "Call the client")
        try alice.merge(from: bruno.folder.url)
        let arrivals = try StatusView.arrivals(alice)
        #expect(arrivals.map(\.author) == [bruno.author])
        let view = StatusView(try fixture.data(.status), refusals: [], forks: [], arrivals: arrivals, soonUntil: "2026-02-08")
        #expect(view.hasArrived && view.arrived.count == 1)
        #expect(view.arrived.first?.text.contains("Bruno") == true && view.arrived.first?.text.contains("Call the client") == true,
                "\(view.arrived.map(\.text))")
        let html = try BoardRenderer().render(view, "status")
        #expect(html.contains("Just arrived from the others") && html.contains("Call the client"))
        let french = StatusView(try fixture.data(.status, .french), refusals: [], forks: [], arrivals: arrivals, soonUntil: "2026-02-08")
        let frenchHTML = try BoardRenderer().render(french, "status")
        #expect(frenchHTML.contains("arriver des autres") && frenchHTML.contains("Call the client"))
    }
}

/// Issue 25: the landing page groups a record's concurrent edits in one item.
@Suite struct BoardConflictGroupingTests {
    @Test func aRecordEditedAtOnceIsOneItemWithEachFieldsValues() throws {
        let fixture = try BoardFixture()
        defer { fixture.remove() }
        let alice = fixture.replica
        _ = try Workspace(alice).raiseRisk("Bruno leaves with the client", likelihood: 2, impact: 3)
        let bruno = try fixture.admitBruno()
        // Both change the likelihood and the impact without seeing each other's change.
        _ = try Workspace(alice).updateRisk("leaves with the client", likelihood: 4, impact: 5)
        _ = try Workspace(bruno).updateRisk("leaves with the client", likelihood: 1, impact: 2)
        try alice.merge(from: bruno.folder.url)
        let view = StatusView(try fixture.data(.status), refusals: [], forks: [], soonUntil: "2026-02-08")
        let items = view.items.filter { $0.text.contains("Bruno leaves with the client") && !$0.text.hasPrefix("High risk") }
        #expect(items.count == 1, "\(view.items.map(\.text))")
        let item = try #require(items.first)
        #expect(item.text == "“Bruno leaves with the client” was changed by several members at the same time")
        #expect(item.contested.map(\.name).sorted() == ["impact", "likelihood"], "\(item.contested.map(\.name))")
        #expect(item.contested.allSatisfy { Set($0.choices.map(\.author)) == ["Alice", "Bruno"] })
        let html = try BoardRenderer().render(view, "status")
        #expect(html.components(separatedBy: "action=\"/act/resolve\"").count - 1 == 4, "two values for each of two fields")
        let french = StatusView(try fixture.data(.status, .french), refusals: [], forks: [], soonUntil: "2026-02-08")
        let frenchItem = try #require(french.items.first { $0.text.hasPrefix("«\u{00A0}Bruno leaves with the client\u{00A0}»") })
        #expect(frenchItem.text == "«\u{00A0}Bruno leaves with the client\u{00A0}» a été modifié par plusieurs membres en même temps")
        #expect(frenchItem.detail?.hasPrefix("champs modifiés\u{00A0}: probabilité, impact") == true
                || frenchItem.detail?.hasPrefix("champs modifiés\u{00A0}: impact, probabilité") == true, "\(frenchItem.detail ?? "")")
    }
}
