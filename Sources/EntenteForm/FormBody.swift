import Foundation

/// The fields of a posted `application/x-www-form-urlencoded` body (the WHATWG URL standard's
/// "application/x-www-form-urlencoded parsing"), decoded from untrusted bytes without ever
/// trapping: a malformed body is a ``FormBodyError``.
///
/// Fields are split on `&` and `=` here; each name and value is percent-decoded by
/// Foundation's `removingPercentEncoding`, after `+` is read as a space. A field may repeat
/// (a multiple `<select>`), so the fields keep their order and their repeats.
public struct FormBody: Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        public let name: String
        public let value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The most fields a body may hold (the board's largest form has about a dozen).
    public static let maximumFields = 256

    public let fields: [Field]

    public init(fields: [Field]) {
        self.fields = fields
    }

    /// Decodes a body. An empty body has no fields; an empty piece between two `&` is skipped,
    /// as browsers do; a piece without `=` is a field with an empty value.
    public init(decoding body: some Collection<UInt8>) throws(FormBodyError) {
        var fields: [Field] = []
        for piece in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            guard fields.count < Self.maximumFields else { throw .tooManyFields(limit: Self.maximumFields) }
            let name: String, value: String
            if let equals = piece.firstIndex(of: UInt8(ascii: "=")) {
                name = try Self.decode(piece[piece.startIndex..<equals])
                value = try Self.decode(piece[piece.index(after: equals)...])
            } else {
                name = try Self.decode(piece)
                value = ""
            }
            fields.append(Field(name: name, value: value))
        }
        self.fields = fields
    }

    /// One name or value: `+` is a space, `%XX` a byte, and the bytes must be UTF-8.
    static func decode(_ encoded: some Collection<UInt8>) throws(FormBodyError) -> String {
        let spaced = encoded.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: " ") : $0 }
        // Raw bytes outside ASCII are not what a browser sends; refusing them keeps one
        // spelling per text (Foundation would otherwise repair them silently).
        guard spaced.allSatisfy({ $0 < 0x80 }), let decoded = String(decoding: spaced, as: UTF8.self).removingPercentEncoding
        else { throw .badEncoding(excerpt: Self.excerpt(spaced)) }
        return decoded
    }

    /// The start of a badly encoded piece, shown safely in an error (printable ASCII only).
    static func excerpt(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.prefix(24).map { (0x21...0x7e).contains($0) ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
    }

    /// The first value of a field.
    public subscript(_ name: String) -> String? {
        self.fields.first { $0.name == name }?.value
    }

    /// Every value of a repeated field, in order.
    public func all(_ name: String) -> [String] {
        self.fields.filter { $0.name == name }.map(\.value)
    }
}

/// Why a form body could not be read.
public enum FormBodyError: Error, Equatable, Sendable {
    /// A `%` not followed by two hexadecimal digits, bytes that are not UTF-8 once decoded, or
    /// raw bytes outside ASCII.
    case badEncoding(excerpt: String)
    /// More fields than ``FormBody/maximumFields``.
    case tooManyFields(limit: Int)
}
