import EntenteCore

/// Complementarities: each member's strengths, weaknesses, offers and needs per skill area.
extension Workspace {
    /// Records a strength, weakness, offer or need of `member` (this replica's member when `nil`) in `area`.
    public func addComplementarity(area rawArea: String, type rawType: String = Complementarity.Kind.strength.rawValue,
                                   member rawMember: String? = nil, note: String? = nil) throws -> ActionOutcome {
        let area = try Input.text(rawArea, Phrase("the area", fr: "le domaine"), example: "\"Public tenders\"")
        let kind = try Input.choice(rawType, Complementarity.Kind.self, option: "--type")
        let member = try self.member(orMe: rawMember)
        var created: RecordID?
        let change = try self.commit { change in
            let record = change.create(RecordKind.complementarity)
            change.set(record, Complementarity.Field.member, .record(member.id))
            change.set(record, Complementarity.Field.area, .string(area))
            change.set(record, Complementarity.Field.type, .string(kind.rawValue))
            if let note { change.set(record, Complementarity.Field.note, .string(note)) }
            created = record
        }
        created = created.map(change.resolve)
        let short = created?.short ?? "?"
        return ActionOutcome(change: change, created: created, summary: Phrase(
            "Recorded \(member.name)'s \(kind.rawValue) in \(area) (\(short)).",
            fr: "Entrée \(short) enregistrée : \(Vocabulary.kind(kind).french) \(French.de(member.name)) dans le domaine « \(area) »."))
    }

    /// Changes an entry's area, type or note; at least one must be given.
    public func updateComplementarity(_ query: String, area rawArea: String? = nil, type rawType: String? = nil,
                                      note: String? = nil) throws -> ActionOutcome {
        var writes: [(String, Value)] = []
        var french: [String] = []
        if let rawArea {
            writes.append((Complementarity.Field.area, .string(try Input.text(rawArea, Phrase("'--area'", fr: "« --area »"), example: "--area Design"))))
            french.append("domaine")
        }
        if let rawType {
            writes.append((Complementarity.Field.type, .string(try Input.choice(rawType, Complementarity.Kind.self, option: "--type").rawValue)))
            french.append("type")
        }
        if let note {
            writes.append((Complementarity.Field.note, .string(note)))
            french.append("note")
        }
        guard !writes.isEmpty else {
            throw ActionError(Phrase("give at least one of '--area', '--type' or '--note'",
                                     fr: "donnez au moins un de « --area », « --type » ou « --note »"))
        }
        let entry = try self.find(query, kind: RecordKind.complementarity, Complementarity.init)
        let fields = writes.map(\.0).joined(separator: ", ")
        let change = try self.commit { change in
            for (field, value) in writes { change.set(entry.id, field, value) }
        }
        return ActionOutcome(change: change, summary: Phrase(
            "Updated \(entry.id.short): \(fields).",
            fr: "Entrée \(entry.id.short) modifiée : \(french.joined(separator: ", "))."))
    }

    /// Archives an entry (nothing is deleted).
    public func archiveComplementarity(_ query: String) throws -> ActionOutcome {
        let entry = try self.find(query, kind: RecordKind.complementarity, Complementarity.init)
        return try self.archive(entry.id, summary: Phrase(
            "Archived \(entry.id.short).",
            fr: "Entrée \(entry.id.short) archivée."))
    }
}
