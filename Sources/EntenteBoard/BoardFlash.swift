import EntenteActions
import EntenteLocking
import Foundation

/// What the last action said, kept until the page it redirects to shows it (once).
final class BoardFlash: Sendable {
    struct Message: Sendable {
        var phrase: Phrase
        var failed: Bool
    }

    /// Messages kept at most; the oldest goes first.
    static let capacity = 64

    private let messages = LockedValue<[(String, Message)]>([])

    func put(_ phrase: Phrase, failed: Bool) -> String {
        let id = UUID().uuidString.lowercased()
        self.messages.withLock { messages in
            messages.append((id, Message(phrase: phrase, failed: failed)))
            if messages.count > Self.capacity { messages.removeFirst(messages.count - Self.capacity) }
        }
        return id
    }

    func take(_ id: String?) -> Message? {
        guard let id else { return nil }
        return self.messages.withLock { messages in
            guard let index = messages.firstIndex(where: { $0.0 == id }) else { return nil }
            return messages.remove(at: index).1
        }
    }
}
