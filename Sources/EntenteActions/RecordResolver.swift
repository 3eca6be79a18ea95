import EntenteCore
import Foundation

/// Finds a record from what a person types: a hex id prefix (like git, at least 4 digits)
/// or a name, title or text that names exactly one record, typed as people type it.
public struct RecordResolver {
    public var records: [RecordState]
    /// The fields whose text can address a record of each kind.
    public var nameFields: [String] = ["name", "what", "title", "text", "description"]
    /// Whether the replica has had no news from the others for a while (asked only when
    /// nothing matches: the answer then suggests a sync).
    public var isStale: @Sendable () -> Bool = { false }

    public init(records: [RecordState], isStale: @escaping @Sendable () -> Bool = { false }) {
        self.records = records
        self.isStale = isStale
    }

    /// The record `query` names: an id prefix (4+ hex digits), else a name, title or text typed
    /// the way people type (``NameMatching``): exactly, else as the unique start of it or of
    /// one of its words ("Damien" for "Damien Lefèvre").
    /// - Throws: ``ActionError`` naming the candidates when several match, or the closest
    ///   names ("did you mean") when none does.
    public func resolve(_ query: String, kind: String? = nil) throws -> RecordState {
        let candidates = self.records.filter { kind == nil || $0.kind == kind }
        let noun = kind.map(Self.noun) ?? Phrase("record", fr: "enregistrement")
        // An id copied from the screen may bring a space (or a no-break one) along.
        let query = query.trimmingCharacters(in: .whitespacesAndNewlines)
        let lowered = query.lowercased()
        var matches: [RecordState] = []
        if lowered.count >= 4, Hex.isPrefix(lowered) {
            matches = candidates.filter { $0.id.hex.hasPrefix(lowered) }
        }
        let folded = NameMatching.fold(query)
        // Decisions the tool made answer to their titles (``DecisionTitles``), read once a lookup.
        let titles = candidates.contains { $0.kind == RecordKind.decision } ? DecisionTitles(self.records) : nil
        if matches.isEmpty, !folded.isEmpty {
            matches = candidates.filter { record in self.names(of: record, titles: titles).contains(folded) }
        }
        // Then, loosening step by step: the start of the name or of one of its words; every
        // word typed starting a word of it, in any order; a fragment from its middle.
        let looser: [(String, String) -> Bool] = [NameMatching.isPrefix, NameMatching.hasWords, NameMatching.isFragment]
        for matching in looser where matches.isEmpty && !folded.isEmpty {
            matches = candidates.filter { record in self.names(of: record, titles: titles).contains { matching(folded, $0) } }
            // A fragment that also names archived records names the live one.
            let live = matches.filter { !$0.isArchived }
            if live.count == 1 { matches = live }
        }
        let list = Self.listCommand(kind)
        switch matches.count {
        case 1:
            return matches[0]
        case 0:
            let suggestions = NameMatching.suggestions(for: query, among: candidates.filter { !$0.isArchived }.map(self.label))
            let english = suggestions.isEmpty ? "" : " Did you mean " + suggestions.map { "“\($0)”" }.joined(separator: " or ") + "?"
            let french = suggestions.isEmpty ? "" : " Vouliez-vous dire " + suggestions.map { "« \($0) »" }.joined(separator: " ou ") + " ?"
            let none = kind.map(Self.isFeminine) == true ? "aucune" : "aucun"
            let stale = self.isStale()
                ? Phrase(" This replica has had no news from the others for a day or more: run `entente sync` (or `entente meet`) first, it may be on someone else's.",
                         fr: " Ce réplica n'a pas eu de nouvelles des autres depuis un jour ou plus : lancez d'abord `entente sync` (ou `entente meet`), la fiche est peut-être chez quelqu'un d'autre.")
                : Phrase("", fr: "")
            throw ActionError(Phrase(
                "no \(noun.english) matches '\(query)'.\(english) See them with `\(list)`, then use an id prefix (4+ hex digits) or the name.\(stale.english)",
                fr: "\(none) \(noun.french) ne correspond à « \(query) ».\(french) Voyez-les avec `\(list)`, puis donnez un début d'identifiant (4 chiffres hexadécimaux ou plus) ou le nom.\(stale.french)"))
        default:
            let listed = matches.prefix(5).map { "\($0.id.short) \(self.label($0))" }.joined(separator: ", ")
            throw ActionError(Phrase(
                "'\(query)' matches \(matches.count) \(Self.plural(noun.english)) (\(listed)): type more letters of the name, or an id prefix",
                fr: "« \(query) » désigne \(matches.count) \(Self.plural(noun.french)) (\(listed)) : tapez plus de lettres du nom, ou un début d'identifiant"))
        }
    }

    /// The folded texts that name `record`.
    func names(of record: RecordState, titles: DecisionTitles?) -> [String] {
        var names = self.nameFields.compactMap { record.string($0) }
        // A value rule's decision answers to its title in either language.
        if record.kind == RecordKind.decision, let title = titles?.title(of: record), title.english != record.string(Decision.Field.text) {
            names += [title.english, title.french]
        }
        return names.map(NameMatching.fold)
    }

    /// A record kind in words.
    static func noun(_ kind: String) -> Phrase {
        switch kind {
        case RecordKind.member: Phrase("member", fr: "membre")
        case RecordKind.stage: Phrase("stage", fr: "étape")
        case RecordKind.commitment: Phrase("commitment", fr: "engagement")
        case RecordKind.expectation: Phrase("expectation", fr: "attente")
        case RecordKind.complementarity: Phrase("complementarity", fr: "complémentarité")
        case RecordKind.risk: Phrase("risk", fr: "risque")
        case RecordKind.contribution: Phrase("contribution", fr: "contribution")
        case RecordKind.decision: Phrase("decision", fr: "décision")
        case RecordKind.phaseCheckIn: Phrase("phase check-in", fr: "relevé de phase")
        case RecordKind.meeting: Phrase("meeting", fr: "réunion")
        default: Phrase(kind, fr: kind)
        }
    }

    /// Whether the French noun for `kind` is feminine (« aucune étape »).
    static func isFeminine(_ kind: String) -> Bool {
        [RecordKind.stage, RecordKind.expectation, RecordKind.complementarity, RecordKind.contribution, RecordKind.decision,
         RecordKind.meeting].contains(kind)
    }

    /// A noun of ``noun(_:)`` in the plural, the first word taking the mark (« relevés de
    /// phase », "phase check-ins").
    static func plural(_ noun: String) -> String {
        if noun.hasSuffix("check-in") { return noun + "s" }
        guard let space = noun.firstIndex(of: " ") else { return noun + "s" }
        return noun[..<space] + "s" + noun[space...]
    }

    /// The command that lists records of `kind`.
    static func listCommand(_ kind: String?) -> String {
        switch kind {
        case RecordKind.member?: "entente member list"
        case RecordKind.stage?: "entente stage list"
        case RecordKind.commitment?: "entente commitment list"
        case RecordKind.expectation?: "entente expectation list"
        case RecordKind.complementarity?: "entente strength list"
        case RecordKind.risk?: "entente risk list --all"
        case RecordKind.contribution?: "entente contribution list"
        case RecordKind.decision?: "entente decision list"
        case RecordKind.phaseCheckIn?: "entente phase list"
        case RecordKind.meeting?: "entente meeting list"
        case RecordKind.exitTerms?: "entente exit list"
        default: "entente show"
        }
    }

    public func label(_ record: RecordState) -> String {
        // A decision the tool made has no text: it is named from its rule (one scan, only then).
        if record.kind == RecordKind.decision, record.string(Decision.Field.text)?.isEmpty ?? true,
           let rule = DecisionTitles.rule(of: record.id, in: self.records) {
            return ValueRuleWords.title(rule).localized
        }
        for field in self.nameFields {
            if let text = record.string(field) { return text }
        }
        return record.kind
    }
}
