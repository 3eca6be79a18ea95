import EntenteCore
import EntenteText

/// Changes and operations told in words ("Bob accepted Alice's commitment “Draft the tender”
/// on 3 Dec"), not field names: for the log (`entente log`, the board's), a change
/// (`entente show CHANGE`) and a record's history. A change stores no words of its own but
/// its author's note: what it did is always told here, from its operations, in the reader's
/// language.
public struct ChangeWords {
    /// The records changes are told with (every record, or read as needed: ``RecordLookup``).
    let records: RecordLookup
    public let directory: Directory
    /// The names members had: a change is told under its author's name at the time.
    public let names: NameHistory
    /// Labels already made: `entente log` tells every change, and most touch records it has
    /// labelled before (BENCHMARKS.md §3).
    private let labels = LabelCache()

    private final class LabelCache {
        var labels: [RecordID: String] = [:]
    }

    public init(records: [RecordState], directory: Directory, names: NameHistory = NameHistory()) {
        self.init(lookup: RecordLookup(records: records), directory: directory, names: names)
    }

    init(lookup: RecordLookup, directory: Directory, names: NameHistory) {
        self.records = lookup
        self.directory = directory
        self.names = names
    }

    /// Throws the error met reading a record as it was needed, if any (a damaged replica):
    /// called once the changes are told, so that no label silently stands for a damaged record.
    public func checkReading() throws {
        if let failure = self.records.failure { throw failure }
    }

    /// One sentence for a whole change: what its main operation did (the creation of a
    /// record, else its first operation), and how many other operations came with it.
    public func change(_ change: SignedChange) -> Phrase { self.change(change.change) }

    /// ``change(_:)-(SignedChange)`` for a change as decoded from the log.
    public func change(_ change: Change) -> Phrase { Self.typeset(self.tell(change)) }

    private func tell(_ change: Change) -> Phrase {
        let author = self.directory.name(of: change.author, at: change.timestamp, names: self.names)
        let operations = change.operations
        var created = Set<RecordID>()
        for case .create(let record, _) in operations { created.insert(record) }
        guard var main = operations.first(where: { if case .create = $0 { true } else { false } }) ?? operations.first else {
            return Phrase("\(author) signed an empty change", fr: "\(author) a signé un changement vide")
        }
        // Some records are best told by the value they were created with.
        if case .create(let record, let kind) = main {
            let telling: String? = switch kind {
            case RecordKind.valuation: Valuation.Field.value
            case RecordKind.engagement: Engagement.Field.engaged
            case RecordKind.phaseCheckIn: PhaseCheckIn.Field.phase
            case RecordKind.stance: Stance.Field.position
            default: nil
            }
            if let telling, let set = operations.first(where: { if case .set(record, telling, _) = $0 { true } else { false } }) {
                main = set
            }
        }
        let said: Phrase
        if case .set(let record, PhaseCheckIn.Field.phase, let value) = main, self.records[record]?.kind == RecordKind.phaseCheckIn {
            let phase = PhaseCheckIn.Phase(rawValue: value.display).map(Vocabulary.phase) ?? Phrase(value.display, fr: value.display)
            let date = (self.records[record].flatMap(PhaseCheckIn.init)?.date).map { $0.isEmpty ? "" : " (\($0))" } ?? ""
            said = Phrase("\(author) sees \(phase.english)\(date)", fr: "\(author) voit une phase \(French.de(phase.french))\(date)")
        } else if case .set(let record, Stance.Field.position, let value) = main, let stance = self.records[record].flatMap(Stance.init) {
            let decision = stance.decision.map { self.label($0) } ?? "?"
            let reason = stance.reason.map { ": \($0)" } ?? "", raison = stance.reason.map { " : \($0)" } ?? ""
            let position = Stance.Position(rawValue: value.display)
            said = switch position {
            case .agree?: Phrase("\(author) agrees with the proposal \(decision)\(reason)", fr: "\(author) est d'accord avec la proposition \(decision)\(raison)")
            case .abstain?: Phrase("\(author) abstains on the proposal \(decision)\(reason)", fr: "\(author) s'abstient sur la proposition \(decision)\(raison)")
            case .object?: Phrase("\(author) objects to the proposal \(decision)\(reason)", fr: "\(author) objecte à la proposition \(decision)\(raison)")
            case .block?: Phrase("\(author) blocks the proposal \(decision)\(reason)", fr: "\(author) bloque la proposition \(decision)\(raison)")
            default: Phrase("\(author) withdrew their stance on \(decision)", fr: "\(author) a retiré sa position sur \(decision)")
            }
        } else if case .create(let record, let kind) = main, let told = self.creation(record, kind, in: operations, author: author) {
            said = told
        } else {
            said = self.tell(main, author: author)
        }
        let others = operations.filter { operation in
            guard operation != main else { return false }
            switch operation {
            case .create(let record, _), .set(let record, _, _), .add(let record, _, _): return !created.contains(record)
            default: return true
            }
        }.count
        guard others > 0 else { return said }
        return Phrase("\(said.english) (and \(others) more change\(others == 1 ? "" : "s"))",
                      fr: "\(said.french) (et \(others) autre\(others == 1 ? "" : "s") modification\(others == 1 ? "" : "s"))")
    }

    /// The creation of a record whose kind says more than "recorded a …": the founding, a
    /// member, a device, a motion and its consents, exit terms, a meeting, a proposal.
    func creation(_ record: RecordID, _ kind: String, in operations: [ChangeOperation], author: String) -> Phrase? {
        func value(_ field: String) -> Value? {
            for case .set(record, field, let value) in operations { return value }
            return nil
        }
        let label = self.label(record)
        switch kind {
        case RecordKind.collective:
            return Phrase("\(author) founded the collective \(label)", fr: "\(author) a fondé le collectif \(label)")
        case RecordKind.member:
            return Phrase("\(author) added the member \(label)", fr: "\(author) a ajouté le membre \(label)")
        case RecordKind.device:
            let member = value(DeviceField.member).map(self.display) ?? "?"
            let key = value(DeviceField.key)?.rawBytes.flatMap(AuthorKey.init(validating:))?.short ?? "?"
            return Phrase("\(author) added a device for \(member) (key \(key))", fr: "\(author) a ajouté un appareil pour \(member) (clé \(key))")
        case RecordKind.motion:
            let member = value(MotionField.member).map(self.display) ?? "?"
            return value(MotionField.action) == .string(MotionAction.restore.rawValue)
                ? Phrase("\(author) proposed to restore \(member)", fr: "\(author) a proposé de restaurer \(member)")
                : Phrase("\(author) proposed to archive \(member)", fr: "\(author) a proposé d'archiver \(member)")
        case RecordKind.consent:
            let motion = value(ConsentField.motion)?.recordID.flatMap { self.records[$0] }
            let member = motion?.ref(MotionField.member).map { self.display(.record($0)) } ?? "?"
            return motion?.string(MotionField.action) == MotionAction.restore.rawValue
                ? Phrase("\(author) consented to restoring \(member)", fr: "\(author) a consenti à restaurer \(member)")
                : Phrase("\(author) consented to archiving \(member)", fr: "\(author) a consenti à archiver \(member)")
        case RecordKind.exitTerms:
            let exit = value(ExitTerms.Field.kind).flatMap { ExitKind(rawValue: $0.display) }.map(Vocabulary.exit) ?? Phrase("?", fr: "?")
            let member = value(ExitTerms.Field.member).map(self.display)
            let stage = value(ExitTerms.Field.stage).map(self.display)
            return Phrase(
                "\(author) set \(member.map { "\($0)'s own" } ?? "the collective's") exit terms for \(exit.english)\(stage.map { " at stage \($0)" } ?? "")",
                fr: "\(author) a fixé les conditions de sortie \(member.map { "propres à \($0)" } ?? "du collectif") en cas \(French.de(exit.french))\(stage.map { " à l'étape \($0)" } ?? "")")
        case RecordKind.secret:
            let devices = value(SecretRotation.Field.sealed)?.rawBytes.map { SealedSecret.decodeAll($0).count } ?? 0
            return Phrase("\(author) renewed the collective secret, sealed to \(English.count(devices, "device", "devices"))",
                          fr: "\(author) a renouvelé le secret du collectif, scellé pour \(French.count(devices, "appareil", "appareils"))")
        case RecordKind.meeting:
            let date = value(Meeting.Field.date)?.display ?? "?"
            let attendees = operations.filter { if case .add(record, Meeting.Field.attendees, _) = $0 { true } else { false } }.count
            let decisions = operations.filter { if case .create(_, RecordKind.decision) = $0 { true } else { false } }.count
            return Phrase("\(author) recorded the meeting of \(date): \(English.count(attendees, "attendee", "attendees")), \(English.count(decisions, "decision", "decisions"))",
                          fr: "\(author) a enregistré la réunion du \(date) : \(French.count(attendees, "participant", "participants")), \(French.count(decisions, "décision", "décisions"))")
        case RecordKind.decision:
            if let meeting = value(Decision.Field.meeting)?.recordID {
                // Decisions an attendee added to the meeting's one record (DISCOVERY.md §7).
                let count = operations.filter { if case .create(_, RecordKind.decision) = $0 { true } else { false } }.count
                let date = self.records[meeting].flatMap(Meeting.init)?.date ?? "?"
                return Phrase("\(author) added \(English.count(count, "decision", "decisions")) to the meeting of \(date)",
                              fr: "\(author) a ajouté \(French.count(count, "décision", "décisions")) à la réunion du \(date)")
            }
            return Phrase("\(author) proposed \(label)", fr: "\(author) a proposé \(label)")
        case RecordKind.complementarity:
            let type = value(Complementarity.Field.type).flatMap { Complementarity.Kind(rawValue: $0.display) } ?? .strength
            let word = Vocabulary.kind(type)
            return Phrase("\(author) recorded \(type == .offer ? "an" : "a") \(word.english) \(label)",
                          fr: "\(author) a noté \(type == .need ? "un" : "une") \(word.french) \(label)")
        default:
            return nil
        }
    }

    /// One operation in words, `author` being who signed it.
    public func operation(_ operation: ChangeOperation, author: String) -> Phrase {
        Self.typeset(self.tell(operation, author: author))
    }

    private func tell(_ operation: ChangeOperation, author: String) -> Phrase {
        switch operation {
        case .create(let record, let kind):
            let label = self.label(record)
            let noun = Self.noun(kind)
            return Phrase("\(author) recorded \(noun.english) \(label)", fr: "\(author) a enregistré \(noun.french) \(label)")
        case .set(let record, let field, let value):
            return self.set(record, field, value, author: author)
        case .add(let record, let field, let element):
            return self.add(record, field, element, author: author, adding: true)
        case .remove(let record, let field, let element):
            return self.add(record, field, element, author: author, adding: false)
        case .text(_, _, let edit):
            let deleted = edit.deletions.reduce(0) { $0 + $1.count }
            return Phrase("\(author) edited the vision statement (\(English.count(edit.insertedScalarCount, "character", "characters")) added, \(deleted) removed)",
                          fr: "\(author) a modifié l'énoncé de vision (\(French.count(edit.insertedScalarCount, "caractère ajouté", "caractères ajoutés")), \(French.count(deleted, "retiré", "retirés")))")
        }
    }

    func set(_ record: RecordID, _ field: String, _ value: Value, author: String) -> Phrase {
        let kind = self.records[record]?.kind ?? ""
        let target = self.owned(record)
        switch (kind, field) {
        case (_, CommonField.archived):
            return value == .bool(false) ? Phrase("\(author) restored \(target.english)", fr: "\(author) a restauré \(target.french)")
                : Phrase("\(author) archived \(target.english)", fr: "\(author) a archivé \(target.french)")
        case (RecordKind.commitment, Commitment.Field.status), (RecordKind.risk, Risk.Field.status),
             (RecordKind.expectation, Expectation.Field.status), (RecordKind.stage, Stage.Field.status),
             (RecordKind.decision, Decision.Field.status):
            let word = self.statusWord(kind, value)
            return Phrase("\(author) marked \(target.english) \(word.english)", fr: "\(author) a marqué \(target.french) : \(word.french)")
        case (RecordKind.stage, Stage.Field.position):
            return Phrase("\(author) moved \(target.english) in the plan", fr: "\(author) a déplacé \(target.french) dans le plan")
        case (RecordKind.valuation, Valuation.Field.value):
            let contribution = self.records[record].flatMap(Valuation.init)?.contribution.map { self.label($0) } ?? "?"
            return Phrase("\(author) valued \(contribution) at \(value.display)", fr: "\(author) a évalué \(contribution) à \(value.display)")
        case (RecordKind.engagement, Engagement.Field.engaged):
            let stage = self.records[record].flatMap(Engagement.init)?.stage.map { self.label($0) } ?? "?"
            let engaged = value == .bool(true)
            return engaged
                ? Phrase("\(author) engaged in stage \(stage)", fr: "\(author) s'engage dans l'étape \(stage)")
                : Phrase("\(author) did not engage in stage \(stage)", fr: "\(author) ne s'engage pas dans l'étape \(stage)")
        default:
            let shown = self.display(value)
            return Phrase("\(author) set \(Self.fieldName(field).english) of \(target.english) to \(shown)",
                          fr: "\(author) a mis \(Self.fieldName(field).french) \(French.de(target.french)) à \(shown)")
        }
    }

    func add(_ record: RecordID, _ field: String, _ element: Value, author: String, adding: Bool) -> Phrase {
        let target = self.owned(record)
        switch field {
        case Commitment.Field.acceptedBy:
            return adding ? Phrase("\(author) accepted \(target.english)", fr: "\(author) a accepté \(target.french)")
                : Phrase("\(author) withdrew their acceptance of \(target.english)", fr: "\(author) a retiré son acceptation \(French.de(target.french))")
        case Expectation.Field.acknowledgedBy:
            return Phrase("\(author) acknowledged \(target.english)", fr: "\(author) a pris en compte \(target.french)")
        case Commitment.Field.towards:
            let member = self.display(element)
            return adding ? Phrase("\(author) made \(target.english) towards \(member)", fr: "\(author) a pris \(target.french) envers \(member)")
                : Phrase("\(author) no longer owes \(target.english) to \(member)", fr: "\(author) ne doit plus \(target.french) à \(member)")
        default:
            let shown = self.display(element)
            return adding ? Phrase("\(author) added \(shown) to \(Self.fieldName(field).english) of \(target.english)",
                                   fr: "\(author) a ajouté \(shown) \(French.à(Self.fieldName(field).french)) \(French.de(target.french))")
                : Phrase("\(author) removed \(shown) from \(Self.fieldName(field).english) of \(target.english)",
                         fr: "\(author) a retiré \(shown) \(French.de(Self.fieldName(field).french)) \(French.de(target.french))")
        }
    }

    /// "Alice's commitment “Draft the tender”".
    func owned(_ record: RecordID) -> Phrase {
        guard let state = self.records[record] else { return Phrase("record \(record.short)", fr: "la fiche \(record.short)") }
        let noun = Self.noun(state.kind)
        let owner: RecordID? = switch state.kind {
        case RecordKind.commitment: Commitment(state)?.by
        case RecordKind.expectation: Expectation(state)?.statedBy
        case RecordKind.contribution: Contribution(state)?.member
        case RecordKind.decision: Decision(state)?.proposedBy
        case RecordKind.complementarity: Complementarity(state)?.member
        default: nil
        }
        let label = self.label(record)
        if let owner, let name = self.records[owner].flatMap(Member.init)?.name {
            return Phrase("\(name)'s \(noun.bare.english) \(label)", fr: "\(noun.french) \(label) \(French.de(name))")
        }
        return Phrase("the \(noun.bare.english) \(label)", fr: "\(noun.french) \(label)")
    }

    // Quotes are marked while a sentence is built and set per language at the end
    // (``typeset(_:)``): “ ” in English, « » in French. The marks are private-use characters,
    // taken out of members' text first, so a title cannot forge them.
    static let openQuote = "\u{E000}", closeQuote = "\u{E001}"

    static func quoted(_ text: String) -> String {
        let clean = text.unicodeScalars.filter { $0 != "\u{E000}" && $0 != "\u{E001}" }
        return Self.openQuote + String(String.UnicodeScalarView(clean)) + Self.closeQuote
    }

    static func typeset(_ phrase: Phrase) -> Phrase {
        Phrase(Self.setQuotes(phrase.english, "“", "”"), fr: Self.setQuotes(phrase.french, "« ", " »"))
    }

    /// `text` with the quote marks replaced, on its UTF-8 bytes (`entente log` runs this for
    /// every change: Foundation's locale-aware search cost 60 % of its time). The marks are
    /// U+E000 and U+E001, `EE 80 80` and `EE 80 81` in UTF-8.
    private static func setQuotes(_ text: String, _ open: String, _ close: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.contains(0xEE) else { return text }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + 8)
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0xEE, index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0x80 || bytes[index + 2] == 0x81 {
                result.append(contentsOf: (bytes[index + 2] == 0x80 ? open : close).utf8)
                index += 3
            } else {
                result.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// A record's name, title or text between the quotes of each language, shortened.
    public func quotedLabel(_ record: RecordID) -> Phrase {
        let label = self.label(record)
        return Self.typeset(Phrase(label, fr: label))
    }

    /// A record's name, title or text between quote marks (``typeset(_:)``), shortened.
    func label(_ record: RecordID) -> String {
        if let known = self.labels.labels[record] { return known }
        let label = self.makeLabel(record)
        self.labels.labels[record] = label
        return label
    }

    private func makeLabel(_ record: RecordID) -> String {
        guard let state = self.records[record] else { return record.short }
        if state.kind == RecordKind.member { return Member(state)?.name ?? record.short }
        let text = switch state.kind {
        case RecordKind.complementarity: Complementarity(state)?.area ?? ""
        case RecordKind.meeting: Meeting(state)?.date ?? ""
        default: self.title(state)
        }
        let short = text.count > 60 ? String(text.prefix(57)) + "…" : text
        return Self.quoted(short)
    }

    /// What ``RecordResolver/label(_:)`` calls a record: a decision the tool made, which has
    /// no text, after the value rule it adopts (the rules are read only then).
    private func title(_ record: RecordState) -> String {
        if record.kind == RecordKind.decision, record.string(Decision.Field.text)?.isEmpty ?? true,
           let rule = DecisionTitles.rule(of: record.id, in: self.records.records(kind: RecordKind.valueRule)) {
            return ValueRuleWords.title(rule).localized
        }
        return RecordResolver(records: []).label(record)
    }

    func display(_ value: Value) -> String {
        if case .record(let id) = value { return self.records[id].map { Member($0)?.name ?? self.label(id) } ?? id.short }
        let text = value.display
        return Self.quoted(text.count > 60 ? String(text.prefix(57)) + "…" : text)
    }

    func statusWord(_ kind: String, _ value: Value) -> Phrase {
        Self.choice(kind: kind, field: "status", value) ?? Phrase(value.display, fr: value.display)
    }

    struct Noun {
        var english: String
        var french: String
        var bare: Phrase
    }

    static func noun(_ kind: String) -> Noun {
        func make(_ en: String, _ article: String, _ fr: String) -> Noun {
            Noun(english: "\(article) \(en)", french: fr, bare: Phrase(en, fr: fr))
        }
        switch kind {
        case RecordKind.commitment: return make("commitment", "a", "l'engagement")
        case RecordKind.expectation: return make("expectation", "an", "l'attente")
        case RecordKind.complementarity: return make("complementarity", "a", "la complémentarité")
        case RecordKind.stage: return make("stage", "a", "l'étape")
        case RecordKind.engagement: return make("engagement", "an", "l'engagement dans une étape")
        case RecordKind.phaseCheckIn: return make("phase check-in", "a", "le relevé de phase")
        case RecordKind.risk: return make("risk", "a", "le risque")
        case RecordKind.contribution: return make("contribution", "a", "la contribution")
        case RecordKind.valuation: return make("valuation", "a", "l'évaluation")
        case RecordKind.member: return make("member", "a", "le membre")
        case RecordKind.collective: return make("collective", "a", "le collectif")
        case RecordKind.decision: return make("proposal", "a", "la proposition")
        case RecordKind.stance: return make("stance", "a", "la position")
        case RecordKind.meeting: return make("meeting", "a", "la réunion")
        case RecordKind.exitTerms: return make("exit terms", "the", "les conditions de sortie")
        case RecordKind.valueRule: return make("value rule", "a", "la règle de valeur")
        case RecordKind.device: return make("device", "a", "l'appareil")
        case RecordKind.motion: return make("motion", "a", "la motion")
        case RecordKind.consent: return make("consent", "a", "le consentement")
        default: return make(kind, "a", kind)
        }
    }

    /// A kind of record in words, without an article ("risk", « risque »).
    public static func kindName(_ kind: String) -> Phrase { RecordResolver.noun(kind) }

    /// A kind of record in French with its article (« l'engagement », « le risque »).
    public static func kindWithArticle(_ kind: String) -> String { Self.noun(kind).french }

    /// A field's name for people.
    /// A field's name without its article, for a label: "likelihood", « probabilité ».
    public static func fieldLabel(_ field: String) -> Phrase {
        let name = self.fieldName(field)
        func bare(_ text: String, _ articles: [String]) -> String {
            for article in articles where text.hasPrefix(article) { return String(text.dropFirst(article.count)) }
            return text
        }
        return Phrase(bare(name.english, ["the "]), fr: bare(name.french, ["le ou la ", "le ", "la ", "les ", "l'"]))
    }

    public static func fieldName(_ field: String) -> Phrase {
        switch field {
        case "what", "text", "description": Phrase("the text", fr: "le texte")
        case "due": Phrase("the due date", fr: "l'échéance")
        case "stage": Phrase("the stage", fr: "l'étape")
        case "likelihood": Phrase("the likelihood", fr: "la probabilité")
        case "impact": Phrase("the impact", fr: "l'impact")
        case "owner": Phrase("the owner", fr: "le ou la responsable")
        case "mitigation": Phrase("the mitigation", fr: "la parade")
        case "zone": Phrase("the zone", fr: "la zone")
        case "effort": Phrase("the hours", fr: "les heures")
        case "title", "name": Phrase("the name", fr: "le nom")
        case "purpose": Phrase("the purpose", fr: "la raison d'être")
        case "status": Phrase("the status", fr: "le statut")
        case "outcome": Phrase("the outcome", fr: "l'issue")
        case "entryTerms": Phrase("the entry terms", fr: "les conditions d'entrée")
        case "exitTerms": Phrase("the exit terms", fr: "les conditions de sortie")
        case "entryConditions": Phrase("the entry conditions", fr: "les conditions d'entrée")
        case "exitConditions": Phrase("the exit conditions", fr: "les conditions de sortie")
        case "goal": Phrase("the goal", fr: "l'objectif")
        case "note": Phrase("the note", fr: "la note")
        case "phase": Phrase("the phase", fr: "la phase")
        case "date": Phrase("the date", fr: "la date")
        case "leftOn": Phrase("the leaving date", fr: "la date de départ")
        case "leftAt": Phrase("the stage of leaving", fr: "l'étape de départ")
        case "enteredAt": Phrase("the stage of entry", fr: "l'étape d'entrée")
        case "exitKind": Phrase("the kind of exit", fr: "le type de départ")
        case "reviewOn": Phrase("the review date", fr: "la date de révision")
        case "renewOn": Phrase("the renewal date", fr: "la date de renouvellement")
        case "start": Phrase("the start date", fr: "la date de début")
        case "end": Phrase("the end date", fr: "la date de fin")
        case "position": Phrase("the place in the plan", fr: "la place dans le plan")
        case "driver": Phrase("the reason", fr: "la raison")
        case "type": Phrase("the type", fr: "le type")
        case "amount": Phrase("the amount", fr: "le montant")
        case "area": Phrase("the area", fr: "le domaine")
        case "member": Phrase("the member", fr: "le membre")
        case "kind": Phrase("the kind", fr: "le type")
        case "noticeDays": Phrase("the notice (days)", fr: "le préavis (jours)")
        case "keeps": Phrase("what the leaver keeps", fr: "ce que garde la personne qui part")
        case "settlement": Phrase("the settlement", fr: "le règlement")
        case "keepsShare": Phrase("the part of the share kept", fr: "la part gardée")
        case "reason": Phrase("the reason", fr: "la raison")
        case "option": Phrase("the option", fr: "l'option")
        case "engaged": Phrase("the engagement", fr: "l'engagement")
        default: Phrase(field, fr: field)
        }
    }
}

extension Value {
    /// The value as a person reads it: text without quotes, numbers, yes/no.
    public var display: String {
        switch self {
        case .string(let text): return text
        default: return self.description
        }
    }
}
