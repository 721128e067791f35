import Foundation
import NIOCore

/// How many CPUs this process may run on: its affinity mask (taskset, systemd's CPUAffinity=, a
/// container's cpuset), which NIO's `System.coreCount` does not read. A worker runs one event loop per
/// CPU it may use: two loops on one allowed CPU only take turns on it, and each turn is a context switch
/// (bench/ssh, worker pinned to one core: 1.142 → 1.025 ms of CPU per login with one loop instead of two,
/// lower in all eight alternated rounds).
enum AllowedCPUs {
    /// The event loops for a worker: one per allowed CPU, never more than the machine has.
    static func eventLoopCount(status: String? = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
                               online: Int = System.coreCount) -> Int {
        guard let status, let allowed = count(status: status), allowed > 0 else { return online }
        return max(1, min(online, allowed))
    }

    /// The bits set in the `Cpus_allowed:` line of /proc/PID/status (comma-separated 32-bit hex words),
    /// or nil when the line is missing or not hex.
    static func count(status: String) -> Int? {
        for line in status.split(separator: "\n") where line.hasPrefix("Cpus_allowed:") {
            var bits = 0
            for word in line.dropFirst("Cpus_allowed:".count).split(separator: ",") {
                guard let value = UInt64(word.trimmingCharacters(in: .whitespaces), radix: 16) else { return nil }
                bits += value.nonzeroBitCount
            }
            return bits
        }
        return nil
    }
}
