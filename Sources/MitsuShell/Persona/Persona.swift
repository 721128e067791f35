import Foundation

/// Who the fake host claims to be: everything `uname`, `free`, `nproc`, `ps`, `ifconfig`, `df` and /proc
/// report. Data, not code: a different persona is a different value (Cowrie's fixed `svr04` and `phil`
/// are famous tells, so the identifying fields are randomised per install, see `PersonaState`).
public struct Persona: Sendable {
    public struct Interface: Sendable, Equatable, Codable {
        public var name: String
        public var mac: String
        public var ipv4: String
        public var prefix: Int
        public var rxBytes: Int
        public var txBytes: Int
    }

    public struct Disk: Sendable, Equatable {
        public var device: String
        public var fsType: String
        public var sizeKB: Int
        public var usedKB: Int
        public var mount: String
    }

    public struct Process: Sendable, Equatable {
        public var pid: Int
        public var user: String
        public var command: String
        public var vszKB: Int
        public var rssKB: Int
        public var tty: String
        public var stat: String
    }

    public var hostname: String
    public var kernelRelease: String
    public var kernelVersion: String
    public var machine: String
    public var osPrettyName: String
    public var cpuModel: String
    public var cpuMHz: String
    public var cpuCount: Int
    public var memoryKB: Int
    public var interfaces: [Interface]
    public var disks: [Disk]
    public var processes: [Process]
    /// A non-root account that exists besides the system ones (randomised per install).
    public var extraUser: String
    /// Seconds since the epoch at which the fake host booted; `uptime` advances from it.
    public var bootTime: Double
    public var image: FSImage

    /// A stock Debian 12 cloud VM on the bundled minbase image. Identifying fields get per-install values
    /// from `applying(_:)`.
    public static func debian12(image: FSImage = .debian12) -> Persona {
        Persona(
            hostname: "debian",
            kernelRelease: "6.1.0-28-amd64",
            kernelVersion: "#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)",
            machine: "x86_64",
            osPrettyName: "Debian GNU/Linux 12 (bookworm)",
            cpuModel: "Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz",
            cpuMHz: "2399.998",
            cpuCount: 4,
            memoryKB: 8_140_612,
            interfaces: [Interface(name: "eth0", mac: "52:54:00:12:34:56", ipv4: "10.0.0.5", prefix: 24, rxBytes: 918_273_645, txBytes: 81_726_354)],
            disks: [
                Disk(device: "/dev/vda1", fsType: "ext4", sizeKB: 81_000_000, usedKB: 5_832_104, mount: "/"),
                Disk(device: "tmpfs", fsType: "tmpfs", sizeKB: 4_070_304, usedKB: 0, mount: "/dev/shm"),
            ],
            processes: Persona.defaultProcesses,
            extraUser: "admin",
            bootTime: Date().timeIntervalSince1970 - 3_600 * 24 * 17,
            image: image
        )
    }

    /// Returns this persona with the per-install values (hostname, MACs, addresses, uptime, extra user).
    public func applying(_ state: PersonaState) -> Persona {
        var p = self
        p.hostname = state.hostname
        p.extraUser = state.extraUser
        p.bootTime = state.bootTime
        for k in p.interfaces.indices {
            if k < state.macs.count { p.interfaces[k].mac = state.macs[k] }
            if k == 0 { p.interfaces[k].ipv4 = state.ipv4 }
        }
        return p
    }

    public var uptimeSeconds: Double { max(60, Date().timeIntervalSince1970 - bootTime) }

    static let defaultProcesses: [Process] = [
        Process(pid: 1, user: "root", command: "/sbin/init", vszKB: 168_140, rssKB: 12_288, tty: "?", stat: "Ss"),
        Process(pid: 2, user: "root", command: "[kthreadd]", vszKB: 0, rssKB: 0, tty: "?", stat: "S"),
        Process(pid: 3, user: "root", command: "[rcu_gp]", vszKB: 0, rssKB: 0, tty: "?", stat: "I<"),
        Process(pid: 4, user: "root", command: "[rcu_par_gp]", vszKB: 0, rssKB: 0, tty: "?", stat: "I<"),
        Process(pid: 10, user: "root", command: "[mm_percpu_wq]", vszKB: 0, rssKB: 0, tty: "?", stat: "I<"),
        Process(pid: 12, user: "root", command: "[ksoftirqd/0]", vszKB: 0, rssKB: 0, tty: "?", stat: "S"),
        Process(pid: 13, user: "root", command: "[rcu_preempt]", vszKB: 0, rssKB: 0, tty: "?", stat: "I"),
        Process(pid: 14, user: "root", command: "[migration/0]", vszKB: 0, rssKB: 0, tty: "?", stat: "S"),
        Process(pid: 231, user: "root", command: "/lib/systemd/systemd-journald", vszKB: 48_372, rssKB: 15_916, tty: "?", stat: "Ss"),
        Process(pid: 262, user: "root", command: "/lib/systemd/systemd-udevd", vszKB: 25_896, rssKB: 6_652, tty: "?", stat: "Ss"),
        Process(pid: 412, user: "message+", command: "/usr/bin/dbus-daemon --system --address=systemd: --nofork --nopidfile --systemd-activation --syslog-only", vszKB: 9_124, rssKB: 4_608, tty: "?", stat: "Ss"),
        Process(pid: 415, user: "root", command: "/lib/systemd/systemd-logind", vszKB: 25_380, rssKB: 7_808, tty: "?", stat: "Ss"),
        Process(pid: 436, user: "root", command: "/usr/sbin/cron -f", vszKB: 6_608, rssKB: 2_688, tty: "?", stat: "Ss"),
        Process(pid: 441, user: "root", command: "/usr/sbin/rsyslogd -n -iNONE", vszKB: 222_096, rssKB: 5_120, tty: "?", stat: "Ssl"),
        Process(pid: 502, user: "root", command: "/sbin/agetty -o -p -- \\u --noclear - linux", vszKB: 5_872, rssKB: 1_792, tty: "tty1", stat: "Ss+"),
        Process(pid: 517, user: "root", command: "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups", vszKB: 15_432, rssKB: 9_088, tty: "?", stat: "Ss"),
    ]
}
