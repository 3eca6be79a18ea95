import EntenteCore

/// A value of the model that people type as a keyword (a phase, a zone, a status): stored by its
/// English code, read and typed in either language.
///
/// What a person types is compared without regard to case, accents, spaces, hyphens or
/// apostrophes (`Lack of distance`, `lack-of-distance`, `manque de distance` and
/// `Manque-de-distance` all name one zone), and a French adjective is taken in any gender and
/// number (`atténué`, `atténuée`, `atténués`).
public protocol Keyword: RawRepresentable, CaseIterable, Sendable where RawValue == String {
    /// What a person reads for this value.
    var words: Phrase { get }
    /// Other ways people say it, in either language (`fait` for a commitment that is done).
    var synonyms: [String] { get }
}

extension Keyword {
    public var synonyms: [String] { [] }

    /// The words in the language of this process's environment.
    public var localized: String { self.words.localized }

    /// The value `typed` names, or `nil` when it names none or several.
    public static func parse(_ typed: String) -> Self? {
        let key = KeywordKey.key(typed)
        guard !key.isEmpty else { return nil }
        // The exact forms win over agreement, so a code can never be shadowed by another
        // value's feminine or plural.
        for matches in [KeywordKey.same, KeywordKey.agrees] {
            let found = Self.allCases.filter { value in value.forms.contains { matches(key, $0) } }
            if found.count == 1 { return found.first }
            if found.count > 1 { return nil }
        }
        return nil
    }

    /// Every form this value is known by, as compared (see ``KeywordKey/key(_:)``).
    var forms: [String] {
        ([self.rawValue, self.words.english, self.words.french] + self.synonyms).map(KeywordKey.key)
    }

    /// The values as listed in an error or a help text, in `language`.
    public static func listed(_ language: Language) -> String {
        Self.allCases.map { value in
            let word = language == .english ? value.rawValue : value.words.french
            return word.contains(" ") ? "« \(word) »" : word
        }.joined(separator: ", ")
    }
}

/// How keywords are compared.
enum KeywordKey {
    /// `typed` folded (case, accents), letters and digits only.
    static func key(_ typed: String) -> String {
        String(String.UnicodeScalarView(NameMatching.fold(typed).unicodeScalars.filter { scalar in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
        }))
    }

    static func same(_ key: String, _ form: String) -> Bool { key == form }

    /// French agreement: `ouvert` for `ouverte`, `atténuées` for `atténué`.
    static func agrees(_ key: String, _ form: String) -> Bool {
        var forms = [form, form + "e", form + "s", form + "es"]
        if form.hasSuffix("e") { forms += [String(form.dropLast()), String(form.dropLast()) + "s"] }
        return forms.contains(key)
    }
}

// MARK: - The model's keywords

extension Expectation.Kind: Keyword {
    public var words: Phrase { Vocabulary.kind(self) }
    public var synonyms: [String] {
        switch self {
        case .expectation: ["attendu"]
        case .interest: []
        case .concern: ["inquiétude", "peur", "worry", "fear"]
        }
    }
}

extension Expectation.Kind {
    /// Whether its French noun is feminine (« attente », « crainte » ; « intérêt » is not).
    public var isFeminine: Bool { self != .interest }
}

extension Expectation.Status: Keyword {
    public var words: Phrase { Vocabulary.status(self) }
}

extension Commitment.Status: Keyword {
    public var words: Phrase { Vocabulary.status(self) }
    public var synonyms: [String] {
        switch self {
        case .proposed: []
        case .accepted: []
        case .done: ["fait", "kept", "terminé"]
        case .dropped: ["abandon", "laissé tombé"]
        case .broken: ["non tenu", "pas tenu"]
        }
    }
}

extension Risk.Status: Keyword {
    public var words: Phrase { Vocabulary.status(self) }
    public var synonyms: [String] {
        switch self {
        case .open: []
        case .mitigated: ["réduit", "maîtrisé"]
        case .closed: ["fermé", "écarté"]
        }
    }
}

extension Risk.Zone: Keyword {
    public var words: Phrase { Vocabulary.zone(self) }
    public var synonyms: [String] {
        switch self {
        case .defection: ["défaillance"]
        case .lackOfDistance: ["distance", "amitié", "friends"]
        case .valueOfWork: ["valeur", "value"]
        case .evaluationOfResults: ["évaluation", "résultats", "evaluation", "results"]
        case .other: []
        }
    }
}

extension PhaseCheckIn.Phase: Keyword {
    public var words: Phrase { Vocabulary.phase(self) }
}

extension Complementarity.Kind: Keyword {
    public var words: Phrase { Vocabulary.kind(self) }
    public var synonyms: [String] {
        switch self {
        case .strength: ["point fort", "atout"]
        case .weakness: ["point faible", "lacune"]
        case .offer: ["propose"]
        case .need: ["manque"]
        }
    }
}

extension Decision.Status: Keyword {
    public var words: Phrase { Vocabulary.status(self) }
}

extension Stance.Position: Keyword {
    public var words: Phrase { Vocabulary.position(self) }
    public var synonyms: [String] {
        switch self {
        case .agree: ["accord", "pour", "consent", "yes", "oui"]
        case .abstain: ["m'abstiens", "s'abstenir", "abstenir"]
        case .object: ["objecter", "objection", "contre"]
        case .block: ["bloquer", "bloque", "veto"]
        case .withdrawn: ["retrait", "retirer", "withdraw"]
        }
    }
}

extension ExitKind: Keyword {
    public var words: Phrase { Vocabulary.exit(self) }
    public var synonyms: [String] {
        switch self {
        case .goodReason: ["good reason", "bonne raison", "avec une bonne raison", "pour une bonne raison"]
        case .noGoodReason: ["no good reason", "without a good reason", "sans bonne raison", "mauvaise raison"]
        case .excludedWithCause: ["exclu pour faute", "exclue pour faute", "exclusion avec faute", "pour faute"]
        case .excludedWithoutCause: ["exclu sans faute", "exclue sans faute", "sans faute"]
        }
    }
}

extension ContributionType: Keyword {
    public var words: Phrase { Vocabulary.type(self) }
    public var synonyms: [String] {
        switch self {
        case .billable: ["facturé", "client"]
        case .commons: ["commun", "bien commun"]
        case .care: ["attention"]
        case .cash: ["apport", "money", "espèces"]
        }
    }
}

extension Stage.Status: Keyword {
    public var words: Phrase { Vocabulary.status(self) }
    public var synonyms: [String] {
        switch self {
        case .planned: ["à venir"]
        case .active: ["actif", "active", "current"]
        case .done: ["terminé", "fini", "fait", "finished"]
        }
    }
}
