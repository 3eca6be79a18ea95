import EntenteCore

/// Expectations, interests and concerns: said out loud, then acknowledged by each member.
extension Workspace {
    public func stateExpectation(_ rawText: String, type: String = Expectation.Kind.expectation.rawValue, by: String? = nil) throws -> ActionOutcome {
        let text = try Input.text(rawText, Phrase("the text", fr: "le texte"), example: "\"Win two public tenders a year\"")
        let kind = try Input.choice(type, Expectation.Kind.self, option: "--type")
        let member = try self.member(orMe: by)
        var created: RecordID?
        let change = try self.commit { change in
            let record = change.create(RecordKind.expectation)
            change.set(record, Expectation.Field.type, .string(kind.rawValue))
            change.set(record, Expectation.Field.text, .string(text))
            change.set(record, Expectation.Field.statedBy, .record(member.id))
            change.set(record, Expectation.Field.status, .string(Expectation.Status.open.rawValue))
            created = record
        }
        created = created.map(change.resolve)
        let short = created?.short ?? "?"
        return ActionOutcome(change: change, created: created, summary: Phrase(
            "Recorded \(member.name)'s \(kind.rawValue) \(short): “\(Excerpt.of(text, characters: Excerpt.confirmation))”.",
            fr: "\(Vocabulary.kind(kind).french.capitalizedFirst) \(French.de(member.name)) enregistré\(French.agreement(feminine: kind.isFeminine)) (\(short)) : « \(Excerpt.of(text, characters: Excerpt.confirmation)) »."))
    }

    /// Acknowledges an expectation as this replica's member; nothing is recorded twice.
    public func acknowledgeExpectation(_ query: String, by: String? = nil) throws -> ActionOutcome {
        let expectation = try self.find(query, kind: RecordKind.expectation, Expectation.init)
        let member = try self.member(orMe: by)
        if expectation.acknowledgedBy.contains(member.id) {
            return ActionOutcome(change: nil, summary: Phrase(
                "\(member.name) already acknowledged \(expectation.id.short); nothing recorded.",
                fr: "\(member.name) avait déjà pris en compte \(expectation.id.short) ; rien n'est enregistré."))
        }
        let change = try self.commit { change in
            change.add(expectation.id, Expectation.Field.acknowledgedBy, .record(member.id))
        }
        return ActionOutcome(change: change, summary: Phrase(
            "\(member.name) acknowledged \(expectation.id.short).",
            fr: "\(member.name) a pris en compte \(expectation.id.short)."))
    }

    public func updateExpectation(_ query: String, status rawStatus: String? = nil, text rawText: String? = nil, type rawType: String? = nil) throws -> ActionOutcome {
        let status = try rawStatus.map { try Input.choice($0, Expectation.Status.self, option: "--status") }
        let kind = try rawType.map { try Input.choice($0, Expectation.Kind.self, option: "--type") }
        let text = try rawText.map { try Input.text($0, Phrase("'--text'", fr: "« --text »"), example: "--text \"Win two tenders a year\"") }
        guard status != nil || kind != nil || text != nil else {
            throw ActionError(Phrase("give at least one of '--status', '--text' or '--type'",
                                     fr: "donnez au moins un de « --status », « --text » ou « --type »"))
        }
        let expectation = try self.find(query, kind: RecordKind.expectation, Expectation.init)
        let summary = [status.map { "status \($0.rawValue)" }, kind.map { "type \($0.rawValue)" }, text.map { _ in "text" }].compactMap { $0 }
        let french = [status.map { "statut \($0.words.french)" }, kind.map { "type \(Vocabulary.kind($0).french)" }, text.map { _ in "texte" }].compactMap { $0 }
        let change = try self.commit { change in
            if let status { change.set(expectation.id, Expectation.Field.status, .string(status.rawValue)) }
            if let kind { change.set(expectation.id, Expectation.Field.type, .string(kind.rawValue)) }
            if let text { change.set(expectation.id, Expectation.Field.text, .string(text)) }
        }
        return ActionOutcome(change: change, summary: Phrase(
            "Updated \(expectation.id.short) “\(Excerpt.of(expectation.text, characters: Excerpt.confirmation))”: \(summary.joined(separator: ", ")).",
            fr: "\(Vocabulary.kind(expectation.kind).french.capitalizedFirst) \(expectation.id.short) « \(Excerpt.of(expectation.text, characters: Excerpt.confirmation)) » modifié\(French.agreement(feminine: (kind ?? expectation.kind).isFeminine)) : \(french.joined(separator: ", "))."))
    }

    /// Archives an expectation, interest or concern (nothing is deleted).
    public func archiveExpectation(_ query: String) throws -> ActionOutcome {
        let expectation = try self.find(query, kind: RecordKind.expectation, Expectation.init)
        return try self.archive(expectation.id, summary: Phrase(
            "Archived \(expectation.id.short) “\(Excerpt.of(expectation.text, characters: Excerpt.confirmation))”.",
            fr: "\(Vocabulary.kind(expectation.kind).french.capitalizedFirst) \(expectation.id.short) « \(Excerpt.of(expectation.text, characters: Excerpt.confirmation)) » archivé\(French.agreement(feminine: expectation.kind.isFeminine))."))
    }
}

extension String {
    /// The text with its first letter in upper case.
    public var capitalizedFirst: String { self.prefix(1).uppercased() + self.dropFirst() }
}
