/// Text from peers is data, not terminal control (issue "Hold up"): before anything reaches
/// the terminal, control characters are shown rather than obeyed.
///
/// Kept: line feed and tab between lines and columns, and exactly the colour sequences
/// `Terminal` itself writes (`ESC [ n m` with n in 0, 1, 2, 31, 32, 33), which move nothing.
/// Shown in caret form (`^[`, `^M`, `^?`) or as `<U+XXXX>`: every other C0 and C1 control
/// character, DEL, and the bidirectional overrides that can make text read backwards.
public enum TerminalText {
    static let styles: Set<String> = ["0", "1", "2", "31", "32", "33"]

    public static func neutralize(_ text: String) -> String {
        // Most text has nothing to show differently: it is kept as it is, without a copy.
        if !text.unicodeScalars.contains(where: { $0 == "\u{1B}" || Self.isShown($0, keepLines: true) }) { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\u{1B}", let end = Self.styleEnd(scalars, from: index) {
                out.append(contentsOf: scalars[index...end])
                index = end + 1
                continue
            }
            Self.append(scalar, to: &out, keepLines: true)
            index += 1
        }
        return String(out)
    }

    /// One cell or field on one line: also shows line breaks and tabs.
    public static func oneLine(_ text: String) -> String {
        if !text.unicodeScalars.contains(where: { Self.isShown($0, keepLines: false) }) { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { Self.append(scalar, to: &out, keepLines: false) }
        return String(out)
    }

    /// Whether `append` writes `scalar` as something else than itself.
    private static func isShown(_ scalar: Unicode.Scalar, keepLines: Bool) -> Bool {
        let value = scalar.value
        if value >= 0x20 && value < 0x7F { return false }
        if keepLines && (scalar == "\n" || scalar == "\t") { return false }
        return value < 0x20 || value == 0x7F || (0x80...0x9F).contains(value) || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
    }

    private static func append(_ scalar: Unicode.Scalar, to out: inout String.UnicodeScalarView, keepLines: Bool) {
        let value = scalar.value
        if !Self.isShown(scalar, keepLines: keepLines) {
            out.append(scalar)
        } else if value < 0x20 {
            out.append("^")
            out.append(Unicode.Scalar(UInt8(value + 0x40)))
        } else if value == 0x7F {
            out.append(contentsOf: "^?".unicodeScalars)
        } else {
            out.append(contentsOf: "<U+\(String(value, radix: 16, uppercase: true))>".unicodeScalars)
        }
    }

    /// The index of the `m` ending one of `Terminal`'s own style sequences at `start`.
    private static func styleEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        guard start + 2 < scalars.count, scalars[start + 1] == "[" else { return nil }
        var code = ""
        var index = start + 2
        while index < scalars.count, index < start + 5, ("0"..."9").contains(scalars[index]) {
            code.unicodeScalars.append(scalars[index])
            index += 1
        }
        guard index < scalars.count, scalars[index] == "m", Self.styles.contains(code) else { return nil }
        return index
    }
}
