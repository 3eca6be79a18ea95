import EntenteActions
import Foundation

/// The fields of a posted `application/x-www-form-urlencoded` form, decoded by Foundation's
/// URL parser. A field may repeat (a multiple `<select>`).
struct BoardForm: Sendable {
    let fields: [(name: String, value: String)]

    init(_ body: String) {
        var components = URLComponents()
        // In a form body a space is `+`; URLComponents only knows `%20`.
        components.percentEncodedQuery = body.replacingOccurrences(of: "+", with: "%20")
        self.fields = (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }
    }

    init(fields: [(name: String, value: String)]) {
        self.fields = fields
    }

    subscript(_ name: String) -> String? {
        self.fields.first { $0.name == name }?.value
    }

    func all(_ name: String) -> [String] {
        self.fields.filter { $0.name == name }.map(\.value)
    }

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
