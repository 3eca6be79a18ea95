/// Something a person asked for that cannot be done, with what to do about it, in each
/// language Entente speaks (``Phrase``). `description` is the English text.
public struct ActionError: Error, CustomStringConvertible, Sendable {
    public var phrase: Phrase

    public var description: String { self.phrase.english }

    public init(_ phrase: Phrase) {
        self.phrase = phrase
    }

    /// An error whose text exists in English only for now (command-line plumbing that the
    /// board never shows); French readers get the English text.
    public init(_ english: String) {
        self.phrase = Phrase(english, fr: english)
    }
}
