import Foundation

/// The process's resident set size as the kernel reports it (Linux /proc).
enum PeakMemory {
    /// The peak resident set size so far (VmHWM), in MiB; nil where /proc is missing.
    static var peakMiB: Double? { field("VmHWM:") }
    static var currentMiB: Double? { field("VmRSS:") }

    private static func field(_ name: String) -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name) }),
              let kilobytes = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap({ Double($0) })
        else { return nil }
        return kilobytes / 1024
    }
}
