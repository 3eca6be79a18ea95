import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore
import EntenteSync
import Foundation

extension EntenteCommand {
    struct Recover: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: tr("Recover a replica whose copies both signed (a backup restored, a folder copied).",
                         "Remettre d'aplomb un réplica dont deux copies ont signé (sauvegarde restaurée, dossier copié)."),
            discussion: tr("""
                When two copies of one replica both sign changes, the others keep one history and
                refuse the other. This rebuilds this replica on the history the peer holds, and
                signs again, with a new key of yours linked by the old one, the work of this copy
                that the peer refused, so that it reaches everybody. The forked copy is kept in
                forked-TIME/ inside the replica folder. When the peer already holds all of this
                copy's work, nothing is signed: the replica just syncs and you can work again.
                Stop `entente serve` on this replica first. An interrupted run resumes.
                Examples:
                  entente recover alice
                  entente recover 192.168.1.20:7420
                """, """
                Quand deux copies d'un même réplica signent toutes deux des changements, les autres
                gardent une histoire et refusent l'autre. Cette commande reconstruit ce réplica sur
                l'histoire que détient le pair, et signe à nouveau, avec une nouvelle clé à vous
                reliée par l'ancienne, le travail de cette copie que le pair a refusé, pour qu'il
                parvienne à tout le monde. La copie divergente est gardée dans forked-TIME/ dans le
                dossier du réplica. Si le pair détient déjà tout le travail de cette copie, rien
                n'est signé : le réplica se synchronise et vous pouvez reprendre. Arrêtez d'abord
                `entente serve` sur ce réplica. Une exécution interrompue reprend.
                Exemples :
                  entente recover alice
                  entente recover 192.168.1.20:7420
                """))

        @Argument(help: ArgumentHelp(tr("A known peer's name, or HOST:PORT: a member whose history you follow.",
                                        "Le nom d'un pair connu, ou HOST:PORT : un membre dont vous suivez l'histoire."), valueName: "peer"))
        var peer: String

        @Option(help: ArgumentHelp(tr("Seconds a silent connection is kept.",
                                      "Secondes pendant lesquelles une connexion silencieuse est gardée."), valueName: "seconds"))
        var timeout: Double = SyncNetLimits.idleTimeout

        @OptionGroup var options: ReplicaOptions

        func validate() throws {
            guard self.timeout.isFinite, Sync.timeoutRange.contains(self.timeout) else {
                throw ValidationError(tr("'--timeout' must be a number of seconds from 0.1 to 3600, for example --timeout 30",
                                         "'--timeout' doit être un nombre de secondes de 0,1 à 3600, par exemple --timeout 30"))
            }
        }

        func run() throws {
            if let kept = try RecoveryScratch.finishIfInterrupted(self.options.folder) {
                print(tr("Finished an interrupted recovery: the forked copy is kept in \(kept.path).",
                         "Récupération interrompue terminée : la copie divergente est gardée dans \(kept.path)."))
                return
            }
            let replica = try self.options.open()
            guard let (name, endpoint) = try SyncActions.targets(replica, peer: self.peer).first else { return }
            let report = try ForkRecovery.recover(replica, with: endpoint, idleTimeout: self.timeout)
            // Long sentences: wrapped at word boundaries on a terminal (none on a pipe).
            let terminal = Terminal.standard
            switch report.outcome {
            case .intact:
                print(terminal.fit(tr("\(name) holds all of this replica's work: nothing to sign again. Synced; you can work again.",
                         "\(name) détient tout le travail de ce réplica : rien à signer à nouveau. Synchronisé ; vous pouvez reprendre.")))
            case .recovered:
                print(terminal.fit(tr("\(report.unaccepted) change(s) of this copy were not in \(name)'s history: signed again as \(report.resigned) change(s) by a new key of yours (fingerprint \(report.newKey?.fingerprint ?? "?")), and sent to \(name).",
                         "\(report.unaccepted) changement(s) de cette copie manquaient à l'histoire de \(name) : signés à nouveau en \(report.resigned) changement(s) par une nouvelle clé à vous (empreinte \(report.newKey?.fingerprint ?? "?")), et envoyés à \(name).")))
                for refusal in report.refused {
                    print(terminal.fit(tr("  not signed again: \(refusal.explanation)", "  non signé à nouveau : \(refusal.explanation)")))
                }
                print(terminal.fit(tr("The forked copy is kept in \(report.keptAt ?? "?"). Its old key no longer signs on this computer.",
                         "La copie divergente est gardée dans \(report.keptAt ?? "?"). Son ancienne clé ne signe plus sur cet ordinateur.")))
            }
        }
    }
}
