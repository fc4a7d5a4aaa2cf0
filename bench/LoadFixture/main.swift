import Foundation

// The load and fault-test fixture: `load-fixture load` runs bench/load in this one process, `load-fixture ceiling`
// bench/pipeline; `load-fixture chaos` hosts the stand-ins and `serve` for bench/chaos; `load-fixture telegram` the
// Telegram stand-in for bench/webhook. Settings come from the environment.
let mode = CommandLine.arguments.dropFirst().first ?? ""
do {
    switch mode {
    case "load": exit(try LoadRun.run(Knobs()))
    case "ceiling": exit(try CeilingRun.run(Knobs()))
    case "chaos": exit(try ChaosHost.run(Knobs()))
    case "telegram": exit(try TelegramHost.run(Knobs()))
    default:
        let usage = "usage: load-fixture load|ceiling|chaos|telegram (settings from the environment)\n"
        FileHandle.standardError.write(Data(usage.utf8))
        exit(64)
    }
} catch {
    FileHandle.standardError.write(Data("load-fixture: \(error)\n".utf8))
    exit(2)
}

/// Writes a line to standard output at once (print buffers when the output is a pipe).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
