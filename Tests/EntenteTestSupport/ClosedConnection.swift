import EntenteNet
import Foundation

extension SocketStreamPair {
    /// Whether the other end closed the connection: what it sent before is read first, each
    /// read waiting at most `seconds`; silence that long is not a close.
    public func closedByPeer(within seconds: TimeInterval = 10) -> Bool {
        self.setTimeout(seconds)
        for _ in 0..<10_000 {
            do {
                _ = try self.input.readSome()
            } catch let error as NetError {
                return [.peerClosed, .readFailed].contains(error.kind)
            } catch {
                return false
            }
        }
        return false
    }
}
