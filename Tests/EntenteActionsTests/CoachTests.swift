import EntenteActions
import EntenteCore
import EntenteStore
import EntenteTestSupport
import Foundation
import Testing

/// The partnership's health, read from the replica as the seed's key ideas ask.
@Suite struct CoachTests {
    @Test func fromFacadeToSynergyAsTheIdeasAreLived() throws {
        let directory = try TemporaryDirectory("entente-coach")
        defer { directory.remove() }
        let replica = try Replica.found(ReplicaFolder(directory.url.appendingPathComponent("alice")), collective: "Atelier", founder: "Alice")
        func health() throws -> PartnershipHealth { PartnershipHealth(records: try replica.records()) }
        func level(_ idea: PartnershipHealth.Idea) throws -> PartnershipHealth.Level? { try health().readings.first { $0.idea == idea }?.level }
        func workspace() throws -> Workspace { try Workspace(replica) }

        var reading = try health()
        #expect(reading.verdict == .facade)
        #expect(reading.readings.map(\.idea) == PartnershipHealth.Idea.allCases)
        #expect(reading.readings.allSatisfy { $0.level == .missing })
        #expect(reading.readings.first { $0.idea == .expectations }?.step == .stateExpectations)

        _ = try workspace().writeVision("Trois métiers, une offre.")
        _ = try workspace().stateExpectation("Gagner deux marchés publics par an")
        _ = try workspace().addComplementarity(area: "Design")
        #expect(try level(.vision) == .solid && level(.expectations) == .solid && level(.complementarities) == .solid)
        #expect(try health().verdict == .building)

        _ = try workspace().addStage("Pilote")
        #expect(try health().readings.first { $0.idea == .stages }?.step == .stateConditions)
        _ = try workspace().updateStage("Pilote", entryConditions: "La charte est signée", exitConditions: "Le contrat est livré", status: "active")
        #expect(try health().readings.first { $0.idea == .stages }?.step == .engageInStages)
        _ = try workspace().engage(stage: "Pilote", exitTerms: "Rend les fichiers")
        _ = try workspace().checkIn(phase: "performance")
        _ = try workspace().raiseRisk("Bob peut partir", zone: "defection", likelihood: 4, impact: 4)
        #expect(try health().readings.first { $0.idea == .risks }?.step == .ownRisks)
        _ = try workspace().updateRisk("Bob peut partir", owner: "Alice", mitigation: "Conditions de sortie convenues")
        _ = try workspace().recordContribution("Réponse à l'appel d'offres", effort: 10)
        #expect(try health().readings.first { $0.idea == .value }?.step == .agreeValueRule)
        let rule = try workspace().proposeValueRule(hourRate: "60")
        _ = try workspace().closeDecision(try #require(rule.created).hex, status: "adopted")
        reading = try health()
        #expect(reading.readings.allSatisfy { $0.level == .solid }, "\(reading.readings.filter { $0.level != .solid })")
        #expect(reading.verdict == .synergy && reading.alarms.isEmpty)
        let words = CoachWords(reading, try workspace().vision)
        #expect(words.verdict.french.hasPrefix("Une réelle synergie"))

        // A valuation far from the agreed rule is an alarm: no synergy while it stands.
        _ = try workspace().valueContribution("Réponse à l'appel d'offres", value: 100)
        reading = try health()
        #expect(reading.alarms == [.valueDisagreement] && reading.verdict == .building)
        #expect(CoachWords(reading, try workspace().vision).verdict.english.contains("you value some work differently"))
    }
}
