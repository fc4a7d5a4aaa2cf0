// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "neurocards",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "neurocards", targets: ["neurocards"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // System libraries (Debian: libpq-dev, libcurl4-openssl-dev, libssl-dev).
        .systemLibrary(name: "CLibPQ"),
        .systemLibrary(name: "CCrypto"),
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("curl")]),

        // Transport and infrastructure: none of these knows anything about bots.
        .target(name: "HTTPServer", dependencies: [
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
        ]),
        .target(name: "HTTPClient", dependencies: [
            "CCurl",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "Signing", dependencies: ["CCrypto"]),
        .target(name: "Postgres", dependencies: [
            "CLibPQ",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
        ]),
        .target(name: "JobQueue", dependencies: [
            "Postgres",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
        ]),

        // The service: configuration, logging and metrics back-ends, HTTP endpoints, wiring.
        .target(name: "App", dependencies: [
            "HTTPServer", "HTTPClient", "Signing", "Postgres", "JobQueue",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),
        .executableTarget(name: "neurocards", dependencies: [
            "App",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Tests: real sockets, real PostgreSQL.
        .executableTarget(name: "queue-worker-fixture", dependencies: ["JobQueue", "Postgres"], path: "Tests/Fixtures/QueueWorker"),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "TestSupport"]),
        .testTarget(name: "HTTPClientTests", dependencies: ["HTTPClient", "HTTPServer", "TestSupport"]),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "TestSupport"]),
        .testTarget(name: "JobQueueTests", dependencies: ["JobQueue", "Postgres", "TestSupport", "queue-worker-fixture"]),
        .testTarget(name: "AppTests", dependencies: ["App", "HTTPServer", "HTTPClient", "TestSupport"]),
    ]
)
