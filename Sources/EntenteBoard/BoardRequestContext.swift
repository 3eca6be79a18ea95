import Hummingbird

/// Hummingbird's request context, plus the form the gate decoded (POST only), so the action
/// reads the fields the CSRF check passed and the body is decoded once.
struct BoardRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    var form: BoardForm?

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.form = nil
    }
}
