import EntenteActions
import EntenteForm
import Foundation

/// A posted form (``FormBody``, decoded by the gate after the token and origin checks), with
/// what the actions read from it: required texts, whole numbers, optional texts.
struct BoardForm: Sendable {
    let body: FormBody

    init(_ body: FormBody) {
        self.body = body
    }

    /// A form from its encoded text (tests, and the gate's decoding).
    init(encoded: String) throws(FormBodyError) {
        self.body = try FormBody(decoding: Array(encoded.utf8))
    }

    subscript(_ name: String) -> String? { self.body[name] }

    func all(_ name: String) -> [String] { self.body.all(name) }

    /// A required field.
    func text(_ name: String, _ t: Translator? = nil) throws -> String {
        guard let value = self[name] else {
            throw ActionError(Phrase("the form lacks the field '\(name)'; reload the page and try again",
                                     fr: "il manque le champ « \(name) » au formulaire ; rechargez la page et réessayez"))
        }
        return value
    }

    /// A whole number, or nil when the field is absent or empty.
    func number(_ name: String) throws -> Int? {
        guard let raw = self[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        guard let value = Int(raw) else {
            throw ActionError(Phrase("'\(raw)' is not a whole number (\(name))", fr: "« \(raw) » n'est pas un nombre entier (\(name))"))
        }
        return value
    }

    /// An optional text: nil when absent or blank.
    func optional(_ name: String) -> String? {
        guard let value = self[name], !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return value
    }
}
