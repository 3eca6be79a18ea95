import EntenteActions
import EntenteCore
import EntenteStore
import Foundation

/// Members and their devices, as Syncthing lists its devices: each device's key, how many of
/// its changes this replica holds and when it last signed one, and when this replica last had
/// news from another.
struct MembersView {
    struct Device {
        var fingerprint: String
        var mine: Bool
        /// Revoked (lost or stolen): its key speaks for nobody.
        var revoked = false
        var changes: String
        var lastChange: String
        /// Whether it holds what this replica holds, as far as this replica knows: from the
        /// last completed sync with it, and the changes received here since.
        var inStep: String
        var behind: Bool
        /// When its changes last arrived through a relay folder.
        var relay: String
    }
    struct Row {
        var name: String
        var standing: String
        var tone: String
        var devices: [Device]
        var history: String
    }

    var heading: String
    var news: String
    var stale: Bool
    var rows: [Row]
    var labels: [String: String]
    var csrf: String
    var back: String

    static let template = """
        <section class="members">
        <h2>{{heading}}</h2>
        <p class="{{#stale}}alarm banner{{/stale}}{{^stale}}meta{{/stale}}">{{news}}</p>
        <table class="members">
        <thead><tr><th>{{labels.member}}</th><th>{{labels.standing}}</th><th>{{labels.device}}</th><th>{{labels.changes}}</th><th>{{labels.last}}</th><th>{{labels.inStep}}</th><th>{{labels.relay}}</th></tr></thead>
        <tbody>
        {{#rows}}{{#devices}}<tr class="{{tone}}"><td><a href="{{history}}">{{name}}</a></td><td>{{standing}}</td><td><code>{{fingerprint}}</code>{{#mine}} <span class="badge">{{labels.mine}}</span>{{/mine}}{{#revoked}} <span class="badge alarm">{{labels.revoked}}</span>{{/revoked}}</td><td>{{changes}}</td><td>{{lastChange}}</td><td{{#behind}} class="alarm"{{/behind}}>{{inStep}}</td><td>{{relay}}</td></tr>{{/devices}}{{/rows}}
        </tbody>
        </table>
        <form method="post" action="/act/sync" class="inline">{{> hidden}}<button>{{labels.sync}}</button></form>
        </section>
        """

    init(_ data: BoardData, activity: [AuthorKey: DeviceActivity], lastExchange: Date?, myKey: AuthorKey,
         exchanges: [AuthorKey: PeerExchange] = [:], changesHere: Int = 0, relayed: [AuthorKey: Date] = [:]) {
        let t = data.t
        var clock = Formatting.LocalClock()
        func when(_ millis: UInt64) -> String {
            let parts = clock.parts(HybridTimestamp(wallMillis: millis, counter: 0))
            return "\(t.date(parts.date)) \(parts.time) \(parts.zone)"
        }
        self.rows = data.workspace.directory.members.map { member in
            let standing = member.isArchived ? t("archived", "dans les archives") : member.hasLeft ? t("left", "a quitté le collectif") : t("active", "en activité")
            let devices = member.devices.map { device -> Device in
                let seen = activity[device.key]
                let (inStep, behind) = Self.step(device.key == myKey, exchanges[device.key], changesHere: changesHere, t: t) {
                    when(UInt64(max(0, $0)) * 1000)
                }
                return Device(fingerprint: device.key.fingerprint, mine: device.key == myKey, revoked: member.revoked.contains(device.record),
                              changes: seen.map { String($0.changes) } ?? "0",
                              lastChange: seen.map { when($0.lastChangeMillis) } ?? t("nothing signed yet", "rien de signé encore"),
                              inStep: inStep, behind: behind,
                              relay: device.key == myKey ? "—" : relayed[device.key].map { t(Phrase(Formatting.time(seconds: $0.timeIntervalSince1970, language: .english),
                                                                                      fr: Formatting.time(seconds: $0.timeIntervalSince1970, language: .french))) } ?? "—")
            }
            return Row(name: member.name, standing: standing, tone: member.isActive ? "" : "meta",
                       devices: devices.isEmpty ? [Device(fingerprint: "—", mine: false, changes: "0", lastChange: t("no device yet", "pas encore d'appareil"),
                                                          inStep: "—", behind: false, relay: "—")] : devices,
                       history: "/record/\(member.id.hex)")
        }
        self.stale = lastExchange.map { Date().timeIntervalSince($0) > Replica.staleAfter } ?? true
        self.news = lastExchange.map { date in
            let shown = when(UInt64(max(0, date.timeIntervalSince1970)) * 1000)
            return t("This replica last exchanged changes with another on \(shown).", "Ce réplica a échangé des changements avec un autre pour la dernière fois le \(shown).")
        } ?? t("This replica has not exchanged changes with another yet: sync when you meet.",
               "Ce réplica n'a encore échangé de changements avec aucun autre : synchronisez quand vous vous retrouvez.")
        self.heading = t("Members and devices", "Membres et appareils")
        self.labels = [
            "member": t("Member", "Membre"), "standing": t("Standing", "Situation"), "device": t("Device key", "Clé de l'appareil"),
            "changes": t("Changes held here", "Changements reçus ici"), "last": t("Last signed", "Dernière signature"),
            "mine": t("this device", "cet appareil"), "revoked": t("revoked", "révoqué"), "sync": t("Sync now", "Synchroniser"),
            "inStep": t("In step with this replica", "À jour avec ce réplica"),
            "relay": t("Last through a relay folder", "Dernier passage par un dossier relais"),
        ]
        self.csrf = data.csrf
        self.back = data.page.path
    }

    /// "in step since …", or how many changes arrived here since the last completed sync with
    /// the device (it may have them from someone else: this replica cannot tell), or that it
    /// never synced with this one directly.
    static func step(_ mine: Bool, _ exchange: PeerExchange?, changesHere: Int, t: Translator, when: (Int64) -> String) -> (String, Bool) {
        if mine { return ("—", false) }
        guard let exchange else { return (t("no direct sync yet", "pas encore synchronisé directement"), false) }
        let since = changesHere - exchange.changes
        if since <= 0 { return (t("in step since \(when(exchange.at))", "à jour depuis le \(when(exchange.at))"), false) }
        return (t("\(English.count(since, "change", "changes")) here since the sync of \(when(exchange.at))",
                  "\(French.count(since, "changement reçu", "changements reçus")) ici depuis la synchronisation du \(when(exchange.at))"), true)
    }
}
