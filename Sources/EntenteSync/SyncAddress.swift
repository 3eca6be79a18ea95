import EntenteNet

/// Parses the addresses users type (`HOST`, `HOST:PORT`, `[IPV6]:PORT`) for the CLI, so it
/// needs no socket module of its own.
public enum SyncAddress {
    /// - Throws: `SyncFailure.network` whose description says what is wrong and the format.
    public static func parse(_ text: String, defaultPort: UInt16 = SyncNetLimits.defaultPort) throws -> (host: String, port: UInt16) {
        do {
            let endpoint = try TCPEndpoint(parsing: text, defaultPort: defaultPort)
            return (endpoint.host, endpoint.port)
        } catch let error as NetError {
            throw SyncFailure.network(error)
        }
    }
}
