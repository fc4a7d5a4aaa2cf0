// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "neurocards",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "neurocards", targets: ["neurocards"]),
        .executable(name: "neurocards-sandbox", targets: ["neurocards-sandbox"]),
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
        .target(name: "CLinuxIO"),

        // Durations in the units SQL, libcurl, Foundation and metrics want.
        .target(name: "Timekeeping"),

        // Transport and infrastructure: none of these knows anything about bots.
        .target(name: "HTTPServer", dependencies: [
            "CLinuxIO", "Timekeeping",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
        ]),
        .target(name: "HTTPClient", dependencies: ["CCurl", "Timekeeping"]),
        .target(name: "Signing", dependencies: ["CCrypto"]),
        .target(name: "Postgres", dependencies: [
            "CLibPQ", "Timekeeping",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
        ]),
        .target(name: "JobQueue", dependencies: [
            "Postgres", "Timekeeping",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
        ]),

        // Local servers for the sandbox and the tests: a free port, and a PostgreSQL cluster in a directory.
        .target(name: "LocalPorts"),
        .target(name: "EmbeddedPostgres", dependencies: [
            "LocalPorts",
            .product(name: "Logging", package: "swift-log"),
        ]),

        // The domain: the dialogue, orders, videos, credits and error classes, as plain Swift (no I/O).
        .target(name: "Domain"),

        // Any JSON value, integers kept apart from fractions (KIE and the stand-ins tell them apart).
        .target(name: "JSON"),

        // External APIs, each with its wire types next to its client.
        .target(name: "Telegram", dependencies: ["HTTPClient"]),
        .target(name: "KIE", dependencies: ["HTTPClient", "Signing", "JSON"]),
        .target(name: "LLM", dependencies: ["HTTPClient"]),

        // The bot: webhook, conversation storage, credits ledger, orders and the Telegram outbox.
        .target(name: "Bot", dependencies: [
            "Domain", "Postgres", "JobQueue", "Telegram", "KIE", "LLM", "HTTPClient", "Signing", "Timekeeping",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
        ]),

        // Offline stand-ins of Telegram, KIE and OpenAI, speaking their wire formats, on our own HTTP server.
        .target(name: "Sandbox", dependencies: [
            "HTTPServer", "HTTPClient", "Telegram", "KIE", "LLM", "Signing", "JSON", "LocalPorts", "Timekeeping",
            .product(name: "Logging", package: "swift-log"),
        ]),

        // The service: configuration, logging and metrics back-ends, HTTP endpoints, wiring.
        .target(name: "App", dependencies: [
            "HTTPServer", "HTTPClient", "Postgres", "JobQueue", "Telegram", "KIE", "LLM", "Domain", "Bot",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),
        .executableTarget(name: "neurocards", dependencies: [
            "App", "Bot", "Domain", "HTTPServer", "HTTPClient", "KIE", "Postgres", "Telegram",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        // The whole bot offline: the service wired to the stand-ins, on an embedded PostgreSQL.
        .executableTarget(name: "neurocards-sandbox", dependencies: [
            "App", "Bot", "Sandbox", "EmbeddedPostgres", "LocalPorts", "HTTPServer", "HTTPClient", "Postgres", "Telegram",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        // The server bench/http measures.
        .executableTarget(name: "http-bench-server", dependencies: [
            "HTTPServer",
            .product(name: "Logging", package: "swift-log"),
        ], path: "bench/http-server"),

        // The process bench/load runs and the stand-ins bench/chaos drives.
        .executableTarget(name: "load-fixture", dependencies: [
            "App", "Bot", "Domain", "Sandbox", "Telegram", "Postgres", "HTTPClient", "HTTPServer", "Timekeeping",
            .product(name: "Logging", package: "swift-log"),
        ], path: "bench/LoadFixture"),

        // Tests: real sockets, real PostgreSQL.
        .executableTarget(name: "queue-worker-fixture", dependencies: [
            "JobQueue", "Postgres", "TestSupport", "Timekeeping", .product(name: "Logging", package: "swift-log"),
        ], path: "Tests/Fixtures/QueueWorker"),
        .target(name: "TestSupport", dependencies: [
            "EmbeddedPostgres",
            .product(name: "Logging", package: "swift-log"),
        ], path: "Tests/TestSupport"),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "TestSupport", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "HTTPClientTests", dependencies: ["HTTPClient", "HTTPServer", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "SigningTests", dependencies: ["Signing"]),
        .testTarget(name: "PostgresTests", dependencies: [
            "Postgres", "EmbeddedPostgres", "TestSupport",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The queue-worker fixture is a process the tests start, not a module they import.
        .testTarget(name: "JobQueueTests", dependencies: [
            "JobQueue", "Postgres", "TestSupport", "queue-worker-fixture", .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "DomainTests", dependencies: ["Domain"]),
        .testTarget(name: "TelegramTests", dependencies: ["Telegram", "TestSupport"]),
        .testTarget(name: "KIETests", dependencies: ["KIE", "HTTPClient", "HTTPServer", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "LLMTests", dependencies: ["LLM", "HTTPClient", "HTTPServer", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "SandboxTests", dependencies: [
            "Sandbox", "Telegram", "KIE", "LLM", "JSON", "HTTPClient", "HTTPServer", .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "BotTests", dependencies: [
            "Bot", "Domain", "HTTPClient", "JobQueue", "Postgres", "Sandbox", "Telegram", "TestSupport",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The tests run `neurocards admin` as a process beside the service, so it is built with them.
        .testTarget(name: "AppTests", dependencies: [
            "App", "Bot", "Domain", "HTTPServer", "HTTPClient", "KIE", "LLM", "LocalPorts", "Postgres",
            "Sandbox", "Telegram", "TestSupport", "neurocards",
            .product(name: "Logging", package: "swift-log"),
        ]),
    ]
)
