import EntenteActions
import EntenteCore
import EntenteLocking
import EntenteStore
import EntenteSync
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

/// `entente board`: the replica's vision board as a local web app, on 127.0.0.1 only.
///
/// Every request passes ``BoardGate`` first (Host, token, and for a POST its origin and CSRF
/// token); pages are drawn server-side; forms post to `/act/NAME`, which runs the same action
/// as the command line and redirects back with what it said; `/events` streams a `change`
/// event whenever the replica's log grows (a sync, or `entente serve` beside the board).
///
/// One board shows every collective it is given (`others`): a switcher in the header posts
/// to `/act/collective`, which keeps the choice in a cookie, so every page, form and live
/// stream of that browser is the chosen collective's; the landing page says first what needs
/// attention in each.
public final class BoardServer: Sendable {
    /// Where the board listens: loopback only, never another address.
    public static let host = "127.0.0.1"
    /// Cookies set by the board.
    static let languageCookie = "entente_lang"
    static let collectiveCookie = "entente_collective"

    /// The first collective's replica: the one shown until another is chosen.
    let replica: Replica
    /// Every collective shown, ``replica`` first.
    let replicas: [Replica]
    public let access: BoardAccess
    let discovery: DiscoveryConfiguration?
    let logger: Logger
    let renderer: BoardRenderer
    let flash = BoardFlash()
    let boundPort = LockedValue<UInt16>(0)
    let streams = LockedValue<Int>(0)
    /// How long a live-update stream stays open before the browser reconnects.
    let streamLifetime: Duration

    public init(replica: Replica, others: [Replica] = [], access: BoardAccess = .random(), discovery: DiscoveryConfiguration? = nil,
                streamLifetime: Duration = .seconds(300), logger: Logger = .quiet("entente.board")) throws {
        self.replica = replica
        self.replicas = [replica] + others
        self.access = access
        self.discovery = discovery
        self.logger = logger
        self.renderer = try BoardRenderer()
        self.streamLifetime = streamLifetime
    }

    /// The port once listening (0 before).
    public var port: UInt16 { self.boundPort.withLock { $0 } }

    /// The address to open, with the token.
    public func url(port: UInt16) -> String { "http://\(Self.host):\(port)/?token=\(self.access.token)" }

    /// Serves until the task is cancelled or the process gets SIGINT/SIGTERM; `ready` is
    /// called once with the port listened on.
    public func run(port: UInt16, handleSignals: Bool = true, ready: @escaping @Sendable (UInt16) -> Void) async throws {
        let app = Application(
            router: self.router(),
            configuration: .init(address: .hostname(Self.host, port: Int(port)), serverName: "entente-board"),
            onServerRunning: { channel in
                let actual = UInt16(clamping: channel.localAddress?.port ?? 0)
                self.boundPort.withLock { $0 = actual }
                ready(actual)
            },
            logger: self.logger)
        // Told to stop (a signal, or the task cancelled), it stops accepting, closes idle
        // connections and lets the others finish for at most `BoardLimits.stopDeadline`, then
        // cancels what is left.
        var configuration = ServiceGroupConfiguration(services: [.init(service: app)], logger: self.logger)
        configuration.gracefulShutdownSignals = handleSignals ? [.sigterm, .sigint] : []
        configuration.maximumGracefulShutdownDuration = BoardLimits.stopDeadline
        try await ServiceGroup(configuration: configuration).run()
    }

    // MARK: - Routes

    func router() -> Router<BoardRequestContext> {
        let router = Router(context: BoardRequestContext.self)
        router.add(middleware: BoardGateMiddleware(server: self))
        router.get("/assets/board.css") { _, _ in Self.asset(BoardAssets.stylesheet, type: "text/css; charset=utf-8") }
        router.get("/assets/board.js") { _, _ in Self.asset(BoardAssets.script, type: "text/javascript; charset=utf-8") }
        for page in Page.allCases {
            router.get(RouterPath(page.path)) { request, _ in try self.page(page, request) }
        }
        router.get("/record/:id") { request, context in
            try self.record(context.parameters.get("id") ?? "", request)
        }
        router.get("/events") { request, _ in self.events(request) }
        router.post("/act/:action") { request, context in
            await self.act(context.parameters.get("action") ?? "", context.form, self.replica(for: request))
        }
        return router
    }

    static func asset(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-cache"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    // MARK: - Pages

    func language(_ request: Request) -> Language {
        if let asked = request.uri.queryParameters.get("lang").flatMap(Language.init(rawValue:)) { return asked }
        if let kept = request.cookies[Self.languageCookie]?.value, let language = Language(rawValue: kept) { return language }
        return Language.preferred(acceptLanguage: request.headers[.acceptLanguage])
    }

    /// The collective this browser chose (its cookie), else the first one.
    func replica(for request: Request) -> Replica {
        guard self.replicas.count > 1, let chosen = request.cookies[Self.collectiveCookie]?.value else { return self.replica }
        return self.replicas.first { $0.collective.hex == chosen } ?? self.replica
    }

    func page(_ page: Page, _ request: Request) throws -> Response {
        let language = self.language(request)
        let replica = self.replica(for: request)
        let data = try BoardData(replica: replica, language: language, csrf: self.access.csrf, page: page)
        let soon = Dates.adding(days: 7, to: data.today)
        let body: String
        switch page {
        case .status:
            var view = try Self.status(data, replica)
            view.collectives = try self.summaries(shown: replica, language: language)
            if !view.collectives.isEmpty {
                view.collectivesHeading = data.t("Your collectives", "Vos collectifs")
                view.openLabel = data.t("Open", "Ouvrir")
                view.currentLabel = data.t("shown below", "affiché ci-dessous")
            }
            body = self.renderer.render(view, "status")
        case .vision:
            let authorship = try data.workspace.collective().id
            body = self.renderer.render(VisionView(data, authorship: try replica.textAuthorship(record: authorship, field: Collective.Field.vision)), "vision")
        case .expectations: body = self.renderer.render(ExpectationsView(data), "expectations")
        case .complementarities: body = self.renderer.render(ComplementarityView(data), "complementarities")
        case .stages: body = self.renderer.render(StagesView(data), "stages")
        case .phases: body = self.renderer.render(PhasesView(data), "phases")
        case .commitments: body = self.renderer.render(CommitmentsView(data, soonUntil: soon), "commitments")
        case .risks: body = self.renderer.render(RisksView(data), "risks")
        case .contributions: body = self.renderer.render(ContributionsView(data), "contributions")
        case .decisions: body = self.renderer.render(DecisionsView(data), "decisions")
        case .members:
            body = self.renderer.render(MembersView(data, activity: try replica.deviceActivity(), lastExchange: replica.lastExchange(),
                                                    myKey: replica.author, exchanges: replica.peerExchanges(),
                                                    changesHere: try replica.changeCount(),
                                                    relayed: RelayFolders(replica: replica).arrivals()), "members")
        case .log:
            body = self.renderer.render(LogView(data, changes: try replica.latestChanges(limit: BoardLimits.logEntries),
                                                total: try replica.changeCount()), "log")
        }
        return try self.frame(data, title: page.title(data.t), body: body, request: request)
    }

    /// The landing page of `replica`'s collective.
    static func status(_ data: BoardData, _ replica: Replica) throws -> StatusView {
        StatusView(data, refusals: try replica.refusals(), forks: try replica.forks(),
                   archived: try replica.archiveConflicts(in: data.vision.records),
                   rewrites: try replica.textRewrites(), arrivals: try StatusView.arrivals(replica),
                   soonUntil: Dates.adding(days: 7, to: data.today))
    }

    /// What needs attention in each collective shown, when there are several: counted as each
    /// one's landing page lists it.
    func summaries(shown: Replica, language: Language) throws -> [StatusView.CollectiveSummary] {
        guard self.replicas.count > 1 else { return [] }
        return try self.replicas.map { replica in
            let data = try BoardData(replica: replica, language: language, csrf: self.access.csrf, page: .status)
            let count = try Self.status(data, replica).items.count
            let t = data.t
            return StatusView.CollectiveSummary(
                id: replica.collective.hex, name: data.workspace.collectiveName, current: replica === shown,
                attention: count == 0 ? t("nothing needs attention", "rien ne demande d'attention")
                    : t("\(count) \(count == 1 ? "item needs" : "items need") attention", "\(French.count(count, "point demande", "points demandent")) de l'attention"),
                tone: count == 0 ? "" : "ask")
        }
    }

    func record(_ id: String, _ request: Request) throws -> Response {
        let language = self.language(request)
        let replica = self.replica(for: request)
        let data = try BoardData(replica: replica, language: language, csrf: self.access.csrf, page: .log)
        guard let record = try? data.workspace.resolver.resolve(id) else {
            let t = data.t
            let body = self.renderer.render(LogView(notFound: String(id.prefix(64)), data), "log")
            var response = try self.frame(data, title: t("Not found", "Introuvable"), body: body, request: request)
            response.status = .notFound
            return response
        }
        let body = self.renderer.render(LogView(data, history: try replica.history(of: record.id), record: record), "log")
        return try self.frame(data, title: data.t("History", "Historique"), body: body, request: request)
    }

    func frame(_ data: BoardData, title: String, body: String, request: Request) throws -> Response {
        let t = data.t
        let flash = self.flash.take(request.uri.queryParameters.get("flash"))
        let me = data.me?.name
        let shown = data.workspace.replica
        var layout = LayoutView(
            lang: data.t.language.rawValue, title: title, collective: data.workspace.collectiveName,
            youAre: me.map { t("You are \($0)", "Vous êtes \($0)") } ?? t("This device is not a member yet", "Cet appareil n'est pas encore membre"),
            nav: Page.allCases.map { LayoutView.Link(href: $0.path, label: $0.tab(t), current: $0 == data.page) },
            navLabel: t("Views of the board", "Vues du tableau"),
            languages: Language.allCases.map { LayoutView.Link(href: "?lang=\($0.rawValue)", label: $0 == .french ? "FR" : "EN", current: $0 == data.t.language) },
            syncLabel: t("Sync now", "Synchroniser"), meetLabel: self.discovery == nil ? nil : t("Meet on the network", "Se retrouver sur le réseau"),
            liveLabel: t("live", "en direct"), changes: try shown.changeCount(),
            flash: flash.map { LayoutView.Flash(text: t($0.phrase), tone: $0.failed ? "error" : "done") },
            body: body, csrf: data.csrf, back: data.page.path)
        if self.replicas.count > 1 {
            layout.switchLabel = t("Collective", "Collectif")
            layout.collectives = self.replicas.map { replica in
                LayoutView.Collective(id: replica.collective.hex, name: Self.name(of: replica), current: replica === shown)
            }
        }
        var response = Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: self.renderer.render(layout, "layout"))))
        if let asked = request.uri.queryParameters.get("lang"), Language(rawValue: asked) != nil {
            response.setCookie(Cookie(name: Self.languageCookie, value: asked, maxAge: 31_536_000, path: "/", httpOnly: true, sameSite: .strict))
        }
        return response
    }

    // MARK: - Actions

    /// Runs one form's action on the collective `replica` (the one the browser shows); `form`
    /// is the one the gate decoded and checked.
    func act(_ name: String, _ form: BoardForm?, _ replica: Replica) async -> Response {
        guard let form else { return Response(status: .badRequest) }
        let back = Self.safeBack(form["back"])
        let phrase: Phrase
        var failed = false
        switch name {
        case "collective":
            // Another collective: kept for this browser; the landing page says what needs attention.
            guard let chosen = self.replicas.first(where: { $0.collective.hex == form["collective"] }) else {
                return Response(status: .badRequest)
            }
            var response = Response(status: .seeOther, headers: [.location: "/"])
            response.setCookie(Cookie(name: Self.collectiveCookie, value: chosen.collective.hex, maxAge: 31_536_000, path: "/", httpOnly: true, sameSite: .strict))
            return response
        case "sync":
            (phrase, failed) = await self.sync(replica)
        case "meet":
            (phrase, failed) = await self.meet(replica)
        default:
            guard let perform = BoardActions.table[name] else {
                return Response(status: .notFound)
            }
            do {
                var workspace = try Workspace(replica)
                workspace.front = .board  // refusals in the board's words, not commands to type
                let outcome = try perform(workspace, form)
                phrase = outcome.summary
            } catch let error as ActionError {
                phrase = error.phrase
                failed = true
            } catch {
                phrase = Phrase("could not record it: \(error)", fr: "impossible de l'enregistrer : \(error)")
                failed = true
            }
        }
        let id = self.flash.put(phrase, failed: failed)
        return Response(status: .seeOther, headers: [.location: "\(back)?flash=\(id)"])
    }

    /// The page to return to: one of the board's own paths, never another site.
    static func safeBack(_ back: String?) -> String {
        guard let back, back.hasPrefix("/"), !back.hasPrefix("//"), !back.contains("\\"),
              Page.allCases.contains(where: { $0.path == back }) || back.hasPrefix("/record/") && back.dropFirst(8).allSatisfy(\.isHexDigit)
        else { return "/" }
        return back
    }

    func sync(_ replica: Replica) async -> (Phrase, Bool) {
        let logger = self.logger
        return await Self.offThread {
            do {
                let targets = try SyncActions.targets(replica, peer: nil)
                let results = SyncActions.sync(replica, with: targets, logger: logger)
                let relayed = RelayActions.exchange(replica)
                let lines = [SyncActions.summary(results)].filter { !$0.english.isEmpty } + relayed
                let summary = Phrase(lines.map(\.english).joined(separator: "\n"), fr: lines.map(\.french).joined(separator: "\n"))
                return (summary, results.contains { $0.summary == nil })
            } catch let error as ActionError {
                return (error.phrase, true)
            } catch {
                return (Phrase("sync failed: \(error)", fr: "la synchronisation a échoué : \(error)"), true)
            }
        }
    }

    /// How long the board's meet button looks for the collective.
    public static let meetSeconds: TimeInterval = 30

    func meet(_ replica: Replica) async -> (Phrase, Bool) {
        guard let discovery = self.discovery else {
            return (Phrase("meeting is off for this board (it was started with --no-meet)", fr: "la rencontre est désactivée pour ce tableau (lancé avec --no-meet)"), true)
        }
        let logger = self.logger
        return await Self.offThread {
            do {
                return (try SyncActions.meet(replica, discovery: discovery, seconds: Self.meetSeconds, logger: logger), false)
            } catch {
                return (Phrase("the meeting could not start: \(error)", fr: "la rencontre n'a pas pu commencer : \(error)"), true)
            }
        }
    }

    /// Runs blocking work (sockets, SQLite) on a thread of its own, not on Swift's
    /// cooperative pool.
    static func offThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: work()) }
        }
    }

    // MARK: - Live updates

    func events(_ request: Request) -> Response {
        let replica = self.replica(for: request)
        let admitted = self.streams.withLock { count -> Bool in
            guard count < BoardLimits.maximumStreams else { return false }
            count += 1
            return true
        }
        guard admitted else {
            return Response(status: .serviceUnavailable, headers: [.retryAfter: "5"])
        }
        let body = ResponseBody { writer in
            defer { self.streams.withLock { $0 -= 1 } }
            var last = (try? replica.changeCount()) ?? -1
            try await writer.write(ByteBuffer(string: "retry: 2000\nevent: change\ndata: \(last)\n\n"))
            let started = ContinuousClock.now
            var quiet = 0
            // Ends on its own (the browser reconnects), when the board stops, or when the
            // tab is closed (a write then fails).
            while ContinuousClock.now - started < self.streamLifetime, !Task.isShuttingDownGracefully, !Task.isCancelled {
                try await Task.sleep(for: .milliseconds(BoardLimits.pollMilliseconds))
                let count = (try? replica.changeCount()) ?? last
                if count != last {
                    last = count
                    quiet = 0
                    try await writer.write(ByteBuffer(string: "event: change\ndata: \(count)\n\n"))
                } else {
                    quiet += 1
                    if quiet % Self.heartbeatPolls == 0 { try await writer.write(ByteBuffer(string: ": still here\n\n")) }
                }
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: body)
    }

    /// A comment is sent after this many quiet polls, so a closed tab frees its place.
    static let heartbeatPolls = 6

    /// A collective's name as its replica holds it.
    static func name(of replica: Replica) -> String {
        replica.collectiveName() ?? String(replica.collective.hex.prefix(8))
    }

}
