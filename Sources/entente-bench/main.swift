// entente-bench: the benchmark executable. Never run by `swift test`.
//
//   swift run -c release entente-bench core [--writes N] [--changes N] [--keep DIR]
//   swift run -c release entente-bench persist [TRACE] [--batch N]
//   swift run -c release entente-bench sync
//   swift run -c release entente-bench collective [--devices N] [--changes N] [--records N] [--text-edits N] [--forks N] [--keep DIR] [--entente PATH]
//   swift run -c release entente-bench history [--changes N] [--replicas N] [--each N] [--forked N]
//   swift run -c release entente-bench board [--changes N]
//   swift run -c release entente-bench texts [--records N]
//   swift run -c release entente-bench relay [--members N] [--days N] [--per-day N]
//   swift run -c release entente-bench text [options]   (see BENCHMARKS.md)
//
// Every figure is reported next to a baseline measured in the same run, because these
// machines are noisy: read the ratios.
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "core":
    runCoreBenchmarks(arguments: Array(arguments.dropFirst()))
case "sync":
    runSyncBenchmark(arguments: Array(arguments.dropFirst()))
case "collective":
    runCollectiveBenchmark(arguments: Array(arguments.dropFirst()))
case "history":
    runHistoryBenchmarks(arguments: Array(arguments.dropFirst()))
case "persist":
    runPersistBenchmark(arguments: Array(arguments.dropFirst()))
case "board":
    runBoardBenchmark(arguments: Array(arguments.dropFirst()))
case "texts":
    runLongTextBenchmark(arguments: Array(arguments.dropFirst()))
case "relay":
    runRelayBenchmark(arguments: Array(arguments.dropFirst()))
case "text":
    runTextBenchmarks(arguments: Array(arguments.dropFirst()))
default:
    print("""
        usage: entente-bench core [--writes N] [--changes N] [--keep DIR]
               entente-bench persist [TRACE] [--batch N]
               entente-bench sync
               entente-bench collective [--devices N] [--changes N] [--records N] [--text-edits N] [--forks N] [--keep DIR] [--entente PATH]
               entente-bench history [--changes N] [--replicas N] [--each N] [--forked N]
               entente-bench board [--changes N]
               entente-bench texts [--records N]
               entente-bench relay [--members N] [--days N] [--per-day N]
               entente-bench text [--help]
        """)
}
