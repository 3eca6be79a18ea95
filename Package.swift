// swift-tools-version:6.1
//
// Entente: a peer-to-peer partnership vision for collectives of freelancers.
//
// Layers (lower modules know nothing of higher ones; see README.md, "Layers"):
//
//   EntenteLocking  LockedValue: state threads share, behind a lock (pthread)
//   EntenteText     sequence CRDT for collaborative text            (pure)
//   EntenteCore     identities, clocks, changes, CRDT merge, vision (pure, no I/O)
//   EntenteStore    the SQLite replica (GRDB)                       (Core)
//   EntenteWire     Noise handshake, frames, sync messages          (pure, Core)
//   EntenteNet      POSIX TCP/UDP sockets as Foundation streams      (Foundation)
//   EntenteSync     sessions, server, client, invites, discovery    (Store, Wire, Net)
//   EntenteActions  every action (validate, resolve names, build the one signed change,
//                   say what happened) and the words in French and English (Store, Sync)
//   EntenteForm     posted form bodies, decoded without trapping    (pure, Foundation)
//   EntenteBoard    the web board: views drawn server-side, forms, live updates (Actions, Hummingbird)
//   EntenteCLI      the `entente` commands                          (Actions, Board)
//   entente         a thin executable: EntenteCLI.main()
//   EntenteFuzz     libFuzzer targets for every decoder of peer bytes (scripts/fuzz.sh);
//                   without the fuzzer it replays inputs (Core, Text, Wire, Form)
import PackageDescription

let package = Package(
    name: "Entente",
    platforms: [.macOS(.v15)],  // Synchronization's Mutex
    products: [
        .executable(name: "entente", targets: ["entente"]),
        .executable(name: "entente-bench", targets: ["entente-bench"]),
        .library(name: "EntenteCore", targets: ["EntenteCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", exact: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", exact: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", exact: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", exact: "2.13.0"),
    ],
    targets: [
        .target(name: "EntenteLocking"),
        .target(
            name: "EntenteCore",
            dependencies: [
                "EntenteLocking",
                "EntenteText",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "EntenteStore",
            dependencies: [
                "EntenteCore",
                "EntenteLocking",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "EntenteWire",
            dependencies: [
                "EntenteCore",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(name: "EntenteText"),
        .target(name: "EntenteForm"),
        .target(name: "EntenteNet", dependencies: ["EntenteLocking"]),
        .target(
            name: "EntenteSync",
            dependencies: [
                "EntenteCore",
                "EntenteLocking",
                "EntenteStore",
                "EntenteWire",
                "EntenteNet",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "EntenteActions",
            dependencies: ["EntenteCore", "EntenteStore", "EntenteSync", "EntenteText", .product(name: "Logging", package: "swift-log")],
            swiftSettings: [.enableUpcomingFeature("MemberImportVisibility")]
        ),
        .target(
            name: "EntenteBoard",
            dependencies: [
                "EntenteActions",
                "EntenteCore",
                "EntenteLocking",
                "EntenteForm",
                "EntenteStore",
                "EntenteSync",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: [.enableUpcomingFeature("MemberImportVisibility")]
        ),
        .target(
            name: "EntenteCLI",
            dependencies: [
                "EntenteActions",
                "EntenteBoard",
                "EntenteCore",
                "EntenteStore",
                "EntenteSync",
                "EntenteWire",
                "EntenteNet",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // Only what a file imports is in scope: GRDB's `SQL` (reached through
            // EntenteStore) once made a `map { "\(…)" }.joined(separator:)` build SQL, and
            // `status` printed its internals.
            swiftSettings: [.enableUpcomingFeature("MemberImportVisibility")]
        ),
        .executableTarget(name: "entente", dependencies: ["EntenteCLI"]),
        .executableTarget(
            name: "entente-bench",
            dependencies: [
                "EntenteCore",
                "EntenteStore",
                "EntenteSync",
                "EntenteWire",
                "EntenteActions",
                "EntenteBoard",
                "EntenteNet",
                .product(name: "Logging", package: "swift-log"),
                "EntenteText",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The fuzz targets (Fuzz/README.md). Built normally, it is a replayer of saved inputs, so
        // the harnesses compile with every build; scripts/fuzz.sh builds it with
        // `-sanitize=fuzzer -DENTENTE_FUZZ` in its own build path.
        .executableTarget(
            name: "EntenteFuzz",
            dependencies: [
                "EntenteCore",
                "EntenteForm",
                "EntenteText",
                "EntenteWire",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "EntenteTestSupport",
            dependencies: ["EntenteCore", "EntenteNet", "EntenteStore", "EntenteText"],
            path: "Tests/EntenteTestSupport"
        ),
        .testTarget(name: "EntenteCoreTests", dependencies: ["EntenteCore", "EntenteTestSupport"]),
        .testTarget(name: "EntenteWireTests", dependencies: ["EntenteWire"]),
        .testTarget(name: "EntenteTextTests", dependencies: ["EntenteText"]),
        .testTarget(name: "EntenteNetTests", dependencies: ["EntenteNet", "EntenteLocking"]),
        .testTarget(name: "EntenteSyncTests", dependencies: ["EntenteSync", "EntenteActions", "EntenteTestSupport", "entente"]),
        .testTarget(name: "EntenteStoreTests", dependencies: ["EntenteStore", "EntenteTestSupport"]),
        .testTarget(name: "EntenteCLITests", dependencies: ["EntenteCLI", "EntenteActions", "EntenteTestSupport", "entente"]),
        .testTarget(name: "EntenteActionsTests", dependencies: ["EntenteActions", "EntenteText", "EntenteTestSupport"]),
        .testTarget(
            name: "EntenteBoardTests",
            dependencies: [
                "EntenteBoard", "EntenteActions", "EntenteForm", "EntenteTestSupport", "entente",
            ]
        ),
    ],
    // Every target in the Swift 6 language mode: complete concurrency checking, data races
    // refused by the compiler.
    swiftLanguageModes: [.v6]
)
