/// An optional JSON value written as `null` when absent, instead of leaving the key out, so
/// every object of a documented shape has every key (`Protocol/VISION.md`).
///
/// ```swift
/// struct Shape: Encodable {
///     @Nullable var due: String?   // "due": null
/// }
/// ```
@propertyWrapper
struct Nullable<Wrapped: Encodable>: Encodable {
    var wrappedValue: Wrapped?

    init(wrappedValue: Wrapped?) {
        self.wrappedValue = wrappedValue
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value = self.wrappedValue {
            try container.encode(value)
        } else {
            try container.encodeNil()
        }
    }
}
