import EntenteActions
import ArgumentParser
import EntenteStore

extension EntenteCommand {
    struct Repair: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "repair",
            abstract: tr("Rebuild a damaged replica from the verified changes its file still holds.",
                         "Reconstruire un réplica endommagé à partir des changements vérifiés que son fichier contient encore."),
            discussion: helpText("""
                The damaged file is kept beside the new one (replica.sqlite.damaged-TIME); your keys
                and settings stay. Then run `entente sync` (or `entente merge`) to fetch from the
                others anything the damage took. Stop `entente serve` on this replica first.
                Example:
                  entente repair
                """, """
                Le fichier endommagé est gardé à côté du nouveau
                (replica.sqlite.damaged-TIME) ; vos clés et réglages restent. Lancez ensuite
                `entente sync` (ou `entente merge`) pour récupérer auprès des autres ce que
                l'avarie a emporté. Arrêtez d'abord `entente serve` sur ce réplica.
                Exemple :
                  entente repair
                """))
        @OptionGroup var options: ReplicaOptions

        func run() throws {
            let report = try Replica.repair(try self.options.folder())
            print(tr("Rebuilt the replica from \(report.recovered) verified change(s)\(report.lost > 0 ? "; \(report.lost) could not be read" : "").",
                     "Réplica reconstruit à partir de \(French.count(report.recovered, "changement vérifié", "changements vérifiés"))\(report.lost > 0 ? " ; \(French.count(report.lost, "illisible", "illisibles"))" : "")."))
            if report.waiting > 0 {
                print(tr("\(report.waiting) of them wait for changes that could not be read; they take effect once a sync brings those back.",
                         "\(report.waiting) d'entre eux attendent des changements illisibles ; ils prendront effet quand une synchronisation les aura rapportés."))
            }
            print(tr("The damaged file is kept as \(report.damagedCopy).",
                     "Le fichier endommagé est gardé sous le nom \(report.damagedCopy)."))
            print(tr("Next: `entente sync` with the others, then `entente audit --rebuild`.",
                     "Ensuite : `entente sync` avec les autres, puis `entente audit --rebuild`."))
        }
    }
}
