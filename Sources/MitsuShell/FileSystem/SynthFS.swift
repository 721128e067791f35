import Foundation

/// /proc, /sys and the character devices, computed from the persona at read time (uptime advances,
/// /proc/self is this session's shell) rather than stored in the image.
struct SynthFS {
    let persona: Persona
    /// The pid of this session's bash (`$$`, /proc/self).
    let shellPID: Int

    private var bootMtime: Int { Int(persona.bootTime) }

    static let devices: [String: FSNode] = [
        "/dev/null": FSNode(kind: .char, mode: 0o666, mtime: 0),
        "/dev/zero": FSNode(kind: .char, mode: 0o666, mtime: 0),
        "/dev/random": FSNode(kind: .char, mode: 0o666, mtime: 0),
        "/dev/urandom": FSNode(kind: .char, mode: 0o666, mtime: 0),
        "/dev/full": FSNode(kind: .char, mode: 0o666, mtime: 0),
        "/dev/tty": FSNode(kind: .char, mode: 0o666, mtime: 0),
        "/dev/ptmx": FSNode(kind: .char, mode: 0o666, mtime: 0),
    ]

    static let procFiles = ["cpuinfo", "meminfo", "uptime", "version", "mounts", "loadavg", "stat", "filesystems", "cmdline", "swaps", "partitions"]

    var pids: [Int] { persona.processes.map(\.pid) + [shellPID] }

    /// True for paths this layer answers; they cannot be written, removed or chmod-ed.
    func owns(_ path: String) -> Bool {
        path == "/proc" || path.hasPrefix("/proc/") || path == "/sys" || path.hasPrefix("/sys/") || SynthFS.devices[path] != nil
    }

    /// Writes vanish here (as into /dev/null).
    func isSink(_ path: String) -> Bool {
        path == "/dev/null" || path == "/dev/zero" || path == "/dev/random" || path == "/dev/urandom" || path == "/dev/tty"
    }

    func node(_ path: String) -> FSNode? {
        if let d = SynthFS.devices[path] { return FSNode(kind: d.kind, mode: d.mode, mtime: bootMtime) }
        if path == "/dev/shm" { return FSNode(kind: .directory, mode: 0o1777, size: 40, mtime: bootMtime) }
        let dir = FSNode(kind: .directory, mode: 0o555, mtime: bootMtime)
        if path == "/proc" || path == "/sys" { return dir }
        if path.hasPrefix("/proc/") {
            let rest = path.dropFirst(6).split(separator: "/").map(String.init)
            guard let first = rest.first else { return nil }
            if first == "self", rest.count == 1 { return FSNode(kind: .link, mode: 0o777, mtime: bootMtime, target: String(shellPID)) }
            if first == "net", rest.count == 1 { return FSNode(kind: .link, mode: 0o777, mtime: bootMtime, target: "self/net") }
            if rest.count == 1, SynthFS.procFiles.contains(first) { return FSNode(kind: .file, mode: 0o444, mtime: bootMtime) }
            if let pid = Int(first), pids.contains(pid) {
                if rest.count == 1 { return dir }
                if rest.count == 2 {
                    switch rest[1] {
                    case "exe": return FSNode(kind: .link, mode: 0o777, mtime: bootMtime, target: pid == shellPID ? "/usr/bin/bash" : "/usr/lib/systemd/systemd")
                    case "cwd": return FSNode(kind: .link, mode: 0o777, mtime: bootMtime, target: "/root")
                    case "cmdline", "status", "environ", "maps", "stat", "mounts": return FSNode(kind: .file, mode: 0o444, mtime: bootMtime)
                    case "net": return dir
                    default: return nil
                    }
                }
                if rest.count == 3, rest[1] == "net", ["dev", "tcp", "route"].contains(rest[2]) { return FSNode(kind: .file, mode: 0o444, mtime: bootMtime) }
            }
            return nil
        }
        if path.hasPrefix("/sys/") {
            if let names = list(path) { _ = names; return dir }
            if path.hasPrefix("/sys/class/net/"), path.hasSuffix("/address") { return FSNode(kind: .file, mode: 0o444, size: 4096, mtime: bootMtime) }
            return nil
        }
        return nil
    }

    func list(_ path: String) -> [String]? {
        switch path {
        case "/proc": return (pids.map(String.init) + SynthFS.procFiles + ["self", "net"]).sorted()
        case "/sys": return ["block", "bus", "class", "dev", "devices", "firmware", "fs", "hypervisor", "kernel", "module", "power"]
        case "/sys/class": return ["block", "net", "tty"]
        case "/sys/class/net": return (["lo"] + persona.interfaces.map(\.name)).sorted()
        case "/sys/block", "/sys/bus", "/sys/dev", "/sys/devices", "/sys/firmware", "/sys/fs", "/sys/hypervisor", "/sys/kernel", "/sys/module", "/sys/power", "/sys/class/block", "/sys/class/tty":
            return []
        default: break
        }
        if path.hasPrefix("/sys/class/net/"), (["lo"] + persona.interfaces.map(\.name)).contains(String(path.dropFirst(15))) {
            return ["address", "mtu", "operstate"]
        }
        if path.hasPrefix("/proc/"), let pid = Int(path.dropFirst(6)), pids.contains(pid) {
            return ["cmdline", "cwd", "environ", "exe", "maps", "mounts", "net", "stat", "status"]
        }
        return nil
    }

    func read(_ path: String) -> [UInt8]? {
        switch path {
        case "/dev/null", "/dev/tty", "/dev/ptmx": return []
        case "/dev/zero", "/dev/full": return [UInt8](repeating: 0, count: 4096)
        case "/dev/random", "/dev/urandom": return (0..<4096).map { _ in UInt8.random(in: 0...255) }
        default: break
        }
        if path.hasPrefix("/proc/") {
            let rest = path.dropFirst(6).split(separator: "/").map(String.init)
            if rest.count == 1 { return ProcFiles.render(rest[0], persona: persona).map { Array($0.utf8) } }
            if rest.count >= 2, let pid = Int(rest[0]) {
                let command = pid == shellPID ? "-bash" : persona.processes.first { $0.pid == pid }?.command ?? ""
                switch rest[1] {
                case "cmdline": return Array(command.split(separator: " ").joined(separator: "\0").utf8) + [0]
                case "status": return Array("Name:\t\(command.split(separator: " ").first.map { String($0.split(separator: "/").last ?? "") } ?? "")\nState:\tS (sleeping)\nPid:\t\(pid)\nPPid:\t1\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n".utf8)
                case "mounts": return ProcFiles.render("mounts", persona: persona).map { Array($0.utf8) }
                case "net" where rest.count == 3 && rest[2] == "dev": return Array(ProcFiles.netDev(persona).utf8)
                default: return []
                }
            }
        }
        if path.hasPrefix("/sys/class/net/"), path.hasSuffix("/address") {
            let name = path.dropFirst(15).split(separator: "/").first.map(String.init) ?? ""
            let mac = persona.interfaces.first { $0.name == name }?.mac ?? "00:00:00:00:00:00"
            return Array((mac + "\n").utf8)
        }
        return nil
    }
}
