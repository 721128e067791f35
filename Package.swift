// swift-tools-version:6.0
import PackageDescription

let nio: [Target.Dependency] = [
    .product(name: "NIOCore", package: "swift-nio"),
    .product(name: "NIOPosix", package: "swift-nio"),
]

let package = Package(
    name: "Mitsu",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "mitsu", targets: ["mitsu"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/attaswift/BigInt.git", from: "6.0.1"),
        // MitsuWeb: HTTPS listeners and the per-install self-signed certificate.
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        // MitsuDashboard: the web UI and /api/v1 (issue 7).
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
    ],
    targets: [
        .target(
            name: "MitsuCore",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["README.md"]
        ),
        .target(name: "MitsuNet", dependencies: ["MitsuCore"] + nio, exclude: ["README.md"]),
        .target(name: "MitsuEnrich", dependencies: ["MitsuCore"], exclude: ["README.md"]),
        .target(
            name: "MitsuStore",
            dependencies: [
                "MitsuCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            exclude: ["README.md"]
        ),
        .target(
            name: "MitsuSSH",
            dependencies: [
                "MitsuCore", "MitsuNet",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "BigInt", package: "BigInt"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ] + nio,
            exclude: ["README.md"]
        ),
        .target(name: "MitsuTelnet", dependencies: ["MitsuCore", "MitsuNet"] + nio, exclude: ["README.md"]),
        .target(
            name: "MitsuServices",
            // _CryptoExtras: RSA-OAEP for MySQL 8's caching_sha2_password full authentication.
            dependencies: ["MitsuCore", "MitsuNet", .product(name: "_CryptoExtras", package: "swift-crypto")] + nio,
            exclude: ["README.md"]
        ),
        // MitsuShell: the fake Debian host behind SSH/Telnet (issue 4).
        .target(
            name: "MitsuShell",
            dependencies: ["MitsuCore"],
            exclude: ["README.md"],
            resources: [.copy("Resources/debian12-minbase.fsimage")]
        ),
        .target(
            name: "MitsuFetch",
            dependencies: ["MitsuCore", "MitsuEnrich", "MitsuShell", .product(name: "NIOHTTP1", package: "swift-nio"),
                           .product(name: "NIOSSL", package: "swift-nio-ssl")] + nio,
            exclude: ["README.md"]
        ),
        // MitsuWeb: the web application honeypot (issue 5).
        .target(
            name: "MitsuWeb",
            dependencies: [
                "MitsuCore", "MitsuNet",
                "MitsuShell",  // command injections answered by the fake host's interpreter
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
            ] + nio,
            exclude: ["README.md"],
            resources: [.copy("Rules"), .copy("Pages")]
        ),
        .target(
            name: "MitsuRuntime",
            dependencies: ["MitsuCore", "MitsuNet", "MitsuEnrich", "MitsuStore", "MitsuServices", "MitsuSSH", "MitsuTelnet",
                           "MitsuShell", "MitsuFetch", "MitsuWeb", "MitsuIDS",
                           "MitsuDashboard"] + nio,
            exclude: ["README.md"]
        ),
        // MitsuIDS: Suricata-language rules over honeypot events (issue 8).
        .target(name: "MitsuIDS", dependencies: ["MitsuCore"], exclude: ["README.md"], resources: [.copy("Ruleset")]),
        // MitsuDashboard: web UI, /api/v1 and /metrics over the store (issue 7).
        .target(
            name: "MitsuDashboard",
            dependencies: [
                "MitsuCore", "MitsuStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),  // optional HTTPS (dashboard.tls)
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ] + nio,
            exclude: ["README.md"]
        ),
        .executableTarget(
            name: "mitsu",
            dependencies: [
                "MitsuCore", "MitsuEnrich", "MitsuStore", "MitsuServices", "MitsuRuntime",
                "MitsuIDS",  // MitsuIDS: `mitsu ids check`
                "MitsuShell",  // `mitsu bench shell`
                "MitsuDashboard",  // MitsuDashboard: `mitsu user`
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["README.md"]
        ),
        .testTarget(name: "MitsuCoreTests", dependencies: ["MitsuCore"]),
        .testTarget(name: "MitsuNetTests", dependencies: ["MitsuNet", .product(name: "NIOEmbedded", package: "swift-nio")]),
        .testTarget(name: "MitsuEnrichTests", dependencies: ["MitsuEnrich", "MitsuCore"]),
        .testTarget(name: "MitsuStoreTests", dependencies: ["MitsuStore"]),
        .testTarget(name: "MitsuSSHTests", dependencies: ["MitsuSSH", .product(name: "NIOEmbedded", package: "swift-nio")]),
        .testTarget(name: "MitsuTelnetTests", dependencies: ["MitsuTelnet"]),
        .testTarget(name: "MitsuServicesTests", dependencies: ["MitsuServices", "MitsuNet", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "MitsuWebTests", dependencies: ["MitsuWeb", "MitsuCore", "MitsuShell"], exclude: ["Corpus"]),
        .testTarget(name: "MitsuRuntimeTests", dependencies: ["MitsuRuntime"]),
        .testTarget(name: "MitsuFetchTests", dependencies: ["MitsuFetch", "MitsuEnrich"] + nio),
        // MitsuShell (issue 4).
        .testTarget(name: "MitsuShellTests", dependencies: ["MitsuShell"], resources: [.copy("Fixtures")]),
        .testTarget(name: "MitsuIDSTests", dependencies: ["MitsuIDS"], exclude: ["Fixtures"]),  // MitsuIDS
        .testTarget(name: "MitsuDashboardTests", dependencies: ["MitsuDashboard", "MitsuStore", "MitsuCore"]),
    ],
    swiftLanguageModes: [.v6]
)
