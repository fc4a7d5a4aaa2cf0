import Foundation

/// The CPU used so far by the whole process, its reaped children (ffmpeg), the service's threads and PostgreSQL; the
/// difference of two samples is the CPU of the time between them.
struct CPUSample {
    var wall: ContinuousClock.Instant
    var wallSeconds = 0.0
    var own: Double
    var children: Double
    var service: Double
    var postgres: Double?

    static func take(serviceThreads: Set<Int32>, postmaster: Int32) -> CPUSample {
        CPUSample(wall: .now, own: CPUTime.ownSeconds, children: CPUTime.childrenSeconds,
                  service: CPUTime.seconds(ofThreads: serviceThreads),
                  postgres: postmaster > 0 ? CPUTime.postgresSeconds(postmaster: postmaster) : nil)
    }

    static func - (after: CPUSample, before: CPUSample) -> CPUSample {
        CPUSample(wall: after.wall, wallSeconds: (after.wall - before.wall).seconds, own: after.own - before.own,
                  children: after.children - before.children, service: after.service - before.service,
                  postgres: after.postgres.flatMap { later in before.postgres.map { later - $0 } })
    }

    /// The process with its children (the service, ffmpeg, the stand-ins and the fixture).
    var process: Double { own + children }

    func lines(videos: Int, serviceThreads: Int) -> [String] {
        let perVideo = Double(videos) / 1000
        let postgresTotal = postgres.map { String(format: "%.1f s (%.2f cores)", $0, $0 / wallSeconds) } ?? "-"
        return [
            String(format: "CPU in %.0f s from the first order until the last job: process %.1f s (%.2f cores; user + "
                           + "system, ffmpeg children included), PostgreSQL %@", wallSeconds, process, process / wallSeconds,
                   postgresTotal),
            String(format: "CPU per video: process %.1f ms = the service's %d threads %.1f + ffmpeg fitting photos %.1f "
                           + "+ the rest of the process (stand-ins, fixture, Dispatch's threads) %.1f; PostgreSQL %@",
                   process / perVideo, serviceThreads, service / perVideo, children / perVideo, (own - service) / perVideo,
                   postgres.map { String(format: "%.1f ms", $0 / perVideo) } ?? "-"),
        ]
    }
}
