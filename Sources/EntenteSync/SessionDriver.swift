import EntenteCore
import EntenteNet
import EntenteStore
import EntenteWire
import Foundation
import Logging

/// Runs one `SyncSession` over a connected socket: the only code that moves sync bytes.
///
/// The protocol takes turns (the initiator streams its changes, then the responder), and the
/// side receiving a stream only writes small acknowledgements, so one thread per connection
/// with blocking reads and writes cannot deadlock.
enum SessionDriver {
    static func run(
        _ session: inout SyncSession, over pair: SocketStreamPair, handler: ReplicaSyncHandler,
        idleTimeout: TimeInterval, handshakeDeadline: TimeInterval? = nil
    ) throws -> SyncSummary {
        let started = Date()
        pair.setTimeout(idleTimeout)
        let deadline = handshakeDeadline.map { started.addingTimeInterval($0) }
        var events = session.start()
        var outcome: SyncEvent?
        /// Set when this side gave up waiting: what the person here is told, whatever the
        /// session then reports about the close it sent.
        var gaveUp: SyncEvent?
        while true {
            while !events.isEmpty {
                let event = events.removeFirst()
                switch event {
                case .finished, .failed, .closedByPeer: outcome = event
                default: break
                }
                events += handler.handle(event, in: &session)
            }
            let output = session.takeOutput()
            handler.didSend(totalSent: session.counters.changesSent)
            if !output.isEmpty {
                do {
                    try pair.output.writeAll(output)
                } catch let error as NetError {
                    if session.isClosed { break }
                    events = session.connectionClosed()
                    if error.kind == .timedOut { gaveUp = .failed(SyncError(.truncated, "the peer stopped reading for \(Self.seconds(idleTimeout))")) }
                    continue
                }
            }
            if session.isClosed { break }
            // The whole handshake has one deadline: trickling bytes does not extend it.
            if let deadline, session.isHandshaking {
                let left = deadline.timeIntervalSinceNow
                guard left > 0 else {
                    outcome = .failed(SyncError(.truncated, "the peer did not finish its handshake within \(Self.seconds(handshakeDeadline ?? 0))"))
                    events = []
                    break
                }
                pair.input.timeout = min(idleTimeout, left)
            } else if deadline != nil {
                pair.input.timeout = idleTimeout
            }
            do {
                events = session.receive(try pair.input.readSome(max: SyncNetLimits.readChunk))
            } catch let error as NetError where error.kind == .timedOut && session.isHandshaking && deadline != nil {
                continue  // the deadline check above ends it
            } catch let error as NetError where error.kind == .timedOut {
                events = session.abort(SyncRefusal(.timedOut, "no data for \(Self.seconds(idleTimeout)); closing"))
                gaveUp = .failed(SyncError(.truncated, "nothing arrived for \(Self.seconds(idleTimeout)) (the peer or the network is slow, or the peer is frozen; a larger --timeout waits longer)"))
            } catch {
                events = session.connectionClosed()
            }
        }
        if session.peer == nil {
            pair.close()  // nothing to deliver to a peer that never authenticated: no drain
        } else {
            self.closeGracefully(pair)
        }
        let summary = SyncSummary(
            peer: handler.peerName, address: pair.remote.description,
            changesSent: session.counters.changesSent, changesReceived: session.counters.changesReceived,
            applied: handler.applied, counters: session.counters, seconds: Date().timeIntervalSince(started))
        switch gaveUp ?? outcome {
        case .finished?:
            handler.replica.noteExchange()
            if let author = handler.peerAuthor { handler.replica.notePeerExchange(author) }
            return summary
        case .closedByPeer(let refusal)?:
            throw SyncFailure.refusedByPeer(refusal)
        case .failed(let error)?:
            if let failure = handler.localFailure { throw SyncFailure.replica(failure) }
            if let refusal = handler.ourRefusal { throw SyncFailure.refusedPeer(refusal) }
            throw SyncFailure.session(error)
        default:
            throw SyncFailure.session(SyncError(.truncated))
        }
    }

    /// Half-closes, then reads until the peer closes too (at most `drainTimeout` in all), so that bytes we did not
    /// read cannot make the kernel reset the connection before the peer read our last message.
    static func closeGracefully(_ pair: SocketStreamPair) {
        pair.output.close()
        // One deadline for the whole drain: a peer trickling bytes cannot keep it open.
        let deadline = Date().addingTimeInterval(drainTimeout)
        var drained = 0
        while drained < drainLimit {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { break }
            pair.input.timeout = left
            guard let bytes = try? pair.input.readSome(max: SyncNetLimits.readChunk) else { break }
            drained += bytes.count
        }
        pair.close()
    }

    /// `0.5 s`, `30 s`: a duration as a person reads it.
    static func seconds(_ value: TimeInterval) -> String {
        value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
    }

    /// How long, and how many bytes, a closing side waits for the peer to close.
    static let drainTimeout: TimeInterval = 2
    static let drainLimit = 1 << 20
}
